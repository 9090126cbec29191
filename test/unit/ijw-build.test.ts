/**
 * Built messages (src/ijw/build) pass every validation layer without findings: XSD, TR, CD/CS and,
 * with a state, the stateful layer.
 */
import { describe, expect, it } from 'vitest';
import { buildJw301, IjwBuildError, splitFamilyName, voorletters, type Jw301Input } from '../../src/ijw/build/jw301.js';
import { buildJw319 } from '../../src/ijw/build/jw319.js';
import { parseMessage } from '../../src/ijw/codec.js';
import { MemoryIjwState } from '../../src/ijw/stateful.js';
import { validateMessage } from '../../src/ijw/validate.js';

const TODAY = '2026-11-22';
const base: Jw301Input = {
  gemeente: '0758',
  aanbieder: '98100037',
  identificatie: 'a1b2c3d4e5f6',
  dagtekening: TODAY,
  client: { bsn: '999900006', geboortedatum: '2012-03-04', geslacht: '2', voornamen: 'Noor Anna', achternaam: 'van den Berg' },
  adres: { straatnaam: 'Kerkstraat', huisnummer: 12, postcode: '4811AB', plaatsnaam: 'Breda' },
  producten: [
    {
      toewijzing: { nummer: 100001, productCategorie: '45', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
      vastgesteld: new Date('2026-11-22T09:15:00Z'),
      referentieAanbieder: 'REF-0001',
      uitvoeringsvariant: 'inspanningsgericht',
    },
    {
      toewijzing: {
        nummer: 100002,
        productCategorie: '54',
        productCode: '54001',
        ingangsdatum: '2026-12-01',
        einddatum: '2027-05-31',
        omvang: { volume: 3, eenheid: '04', frequentie: '2' },
      },
      vastgesteld: new Date('2026-11-20T14:00:00Z'),
      uitvoeringsvariant: 'inspanningsgericht',
    },
    {
      toewijzing: { nummer: 100003, productCategorie: '41', ingangsdatum: '2026-12-01', einddatum: '2027-05-31', budgetCents: 250000 },
      vastgesteld: new Date('2026-11-20T14:00:00Z'),
    },
  ],
};
const clean = (xml: string, state?: MemoryIjwState) => validateMessage(xml, { today: TODAY, state });

describe('JW301 builder', () => {
  it('builds a JW301 that validates without findings, also with the stateful layer', () => {
    const xml = buildJw301(base);
    const v = clean(xml, new MemoryIjwState());
    expect(v.findings).toEqual([]);
    expect(v.valid).toBe(true);
    const { message } = parseMessage(xml, 'JW301');
    expect(message.Header).toMatchObject({ BerichtCode: '436', Afzender: '0758', Ontvanger: '98100037' });
    expect(message.Client.Naam).toEqual({
      Geslachtsnaam: { Achternaam: 'Berg', Voorvoegsel: 'van den' },
      Voornamen: 'Noor Anna',
      Voorletters: 'NA',
      NaamGebruik: '1',
    });
    expect(message.Client.Contactgegevens.Contact[0]).toMatchObject({ Soort: '01', Adres: { Postcode: '4811AB', LandCode: 'NL', Huis: { Huisnummer: '12' } } });
    const [p1, p2, p3] = message.Client.ToegewezenProducten.ToegewezenProduct;
    expect(p1).toMatchObject({
      ToewijzingNummer: '100001',
      ReferentieAanbieder: 'REF-0001',
      Product: { Categorie: '45' },
      Toewijzingsdatum: '2026-11-22',
      Toewijzingstijd: '10:15:00',
    });
    expect(p1!.Omvang).toBeUndefined();
    expect(p2).toMatchObject({ Product: { Categorie: '54', Code: '54001' }, Omvang: { Volume: '3', Eenheid: '04', Frequentie: '2' } });
    expect(p2!.ReferentieAanbieder).toBeUndefined();
    expect(p3).toMatchObject({ Product: { Categorie: '41' }, Budget: '250000' });
  });

  it('the same Identificatie from the same sender is refused by TR056 (the state knows it)', () => {
    const state = new MemoryIjwState({ messageIds: [['0758', '436', 'a1b2c3d4e5f6']] });
    expect(clean(buildJw301(base), state).findings.map((f) => f.code)).toEqual(['TR056']);
  });

  it('refuses what the execution variants do not allow, before anything is sent', () => {
    const one = (t: Partial<Jw301Input['producten'][number]>) => ({ ...base, producten: [{ ...base.producten[0]!, ...t }] });
    expect(() => buildJw301(one({ uitvoeringsvariant: 'taakgericht' }))).toThrow(/OP086/);
    expect(() =>
      buildJw301(
        one({
          toewijzing: { nummer: 1, productCategorie: '45', ingangsdatum: TODAY, einddatum: TODAY, omvang: { volume: 2, eenheid: '04', frequentie: '2' } },
        }),
      ),
    ).toThrow(IjwBuildError);
    expect(() => buildJw301(one({ toewijzing: { nummer: 1, productCategorie: '45', productCode: '45A01', ingangsdatum: TODAY, einddatum: TODAY } }))).toThrow(
      /needs Omvang/,
    );
    expect(() => buildJw301({ ...base, adres: { straatnaam: null, huisnummer: null, postcode: null, plaatsnaam: null } })).toThrow(/BRP address/);
  });

  it('splits name prefixes and builds initials', () => {
    expect(splitFamilyName('de Jong')).toEqual({ Achternaam: 'Jong', Voorvoegsel: 'de' });
    expect(splitFamilyName('van der Meer')).toEqual({ Achternaam: 'Meer', Voorvoegsel: 'van der' });
    expect(splitFamilyName('El Amrani')).toEqual({ Achternaam: 'El Amrani' });
    expect(voorletters('Zoë')).toBe('Z');
    expect(voorletters('Jan-Willem Pieter')).toBe('JWP');
  });
});

describe('JW319 builder', () => {
  const id = { gemeente: '0758', aanbieder: '98100037', identificatie: 'b1', dagtekening: TODAY, referentieAanbieder: 'REF-0002' };

  it('in onderzoek (VerzoekAntwoord 2) validates without findings', () => {
    const xml = buildJw319({ ...id, antwoord: { soort: 'in-onderzoek' } });
    expect(clean(xml, new MemoryIjwState()).findings).toEqual([]);
    expect(parseMessage(xml, 'JW319').message.Antwoord).toEqual({ ReferentieAanbieder: 'REF-0002', VerzoekAntwoord: '2' });
  });

  it('afgewezen (VerzoekAntwoord 1) with a reason validates without findings', () => {
    const xml = buildJw319({ ...id, antwoord: { soort: 'afgewezen', reden: '3' } });
    expect(clean(xml).findings).toEqual([]);
    expect(parseMessage(xml, 'JW319').message.Antwoord).toEqual({ ReferentieAanbieder: 'REF-0002', VerzoekAntwoord: '1', RedenAfwijzingVerzoek: '3' });
  });

  it('woonplaatsbeginsel (reason 8) names the responsible municipality', () => {
    const xml = buildJw319({ ...id, antwoord: { soort: 'afgewezen', reden: '8', woonplaatsGemeente: '1719' } });
    expect(clean(xml).findings).toEqual([]);
    expect(parseMessage(xml, 'JW319').message.Antwoord.Woonplaatsbeginsel).toEqual({ Gemeente: '1719' });
    expect(() => buildJw319({ ...id, antwoord: { soort: 'afgewezen', reden: '8' } })).toThrow(/TR377/);
    expect(() => buildJw319({ ...id, antwoord: { soort: 'afgewezen', reden: '3', woonplaatsGemeente: '1719' } })).toThrow(/TR409/);
  });
});
