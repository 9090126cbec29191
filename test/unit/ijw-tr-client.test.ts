/**
 * Technical rules on the client messages (tr-client.ts): per TR code a passing and a failing
 * message for the heenbericht and its retour message, built from the examples; the finding's code,
 * layer, retourcode (reference table) and path are asserted.
 */
import { describe, it } from 'vitest';
import { addDays, addYears } from '../../src/domain/dates.js';
import { dagtekeningOf, edit, example, expectFails, expectPasses, ns, replaceElement, valid, within } from '../fixtures/ijw/tr/harness.js';

/** Sets the client's Geboortedatum (the first ijw:Datum; optional DatumGebruik). */
const geboortedatum = (xml: string, datum: string, gebruik?: string) =>
  xml.replace(/<ijw:Datum>[^<]*<\/ijw:Datum>/, `<ijw:Datum>${datum}</ijw:Datum>${gebruik ? `<ijw:DatumGebruik>${gebruik}</ijw:DatumGebruik>` : ''}`);

describe('TR002 Geboortedatum not more than 120 years before Dagtekening', () => {
  it.each(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316'])('TR002 on the client in %s', (m) => {
    const xml = valid(m);
    const oldest = addYears(dagtekeningOf(xml), -120);
    expectPasses(geboortedatum(xml, oldest), 'TR002');
    expectPasses(geboortedatum(xml, '1900-01-01', '3'), 'TR002'); // unknown birth date
    expectFails(geboortedatum(xml, addDays(oldest, -1)), 'TR002', '/Bericht/Client/Geboortedatum/Datum');
    expectFails(geboortedatum(xml, '1900-01-01', '2'), 'TR002', '/Bericht/Client/Geboortedatum/Datum');
  });

  it('TR002 on a Relatie (JW301)', () => {
    const xml = valid('JW301');
    expectFails(edit(xml, '<ijw:Datum>1971-04-07<', '<ijw:Datum>1906-03-31<'), 'TR002', '/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/Datum');
  });
});

describe('TR006 Contact of a Relatie has Telefoon or Huis and Postcode', () => {
  it.each(['JW301', 'JW302'])('TR006 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    expectPasses(xml, 'TR006');
    const noPhone = replaceElement(xml, `${p}:Telefoon`, '');
    expectPasses(noPhone, 'TR006'); // Huis and Postcode remain
    expectFails(replaceElement(noPhone, 'ijw:Huis', ''), 'TR006', '/Bericht/Client/Relaties/Relatie[1]/Contact');
    expectFails(replaceElement(noPhone, 'ijw:Postcode', ''), 'TR006', '/Bericht/Client/Relaties/Relatie[1]/Contact');
  });
});

describe('TR018 Einddatum >= Begindatum (StopProduct)', () => {
  it.each(['JW307', 'JW308'])('TR018 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    expectPasses(edit(xml, `<${p}:Einddatum>2026-07-17<`, `<${p}:Einddatum>2026-04-15<`, 2), 'TR018');
    expectFails(edit(xml, `<${p}:Einddatum>2026-07-17<`, `<${p}:Einddatum>2026-04-14<`, 2), 'TR018', '/Bericht/Client/StopProducten/StopProduct[2]/Einddatum');
  });
});

describe('TR061 the client has an address of Soort 01, 02 or 03', () => {
  it.each(['JW301', 'JW302'])('TR061 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const soort = (s: string) => within(xml, `${p}:Contactgegevens`, (c) => edit(c, `<${p}:Soort>03<`, `<${p}:Soort>${s}<`));
    for (const s of ['01', '02', '03']) expectPasses(soort(s), 'TR061');
    expectFails(soort('04'), 'TR061', '/Bericht/Client/Contactgegevens');
  });
});

describe('TR134 date not after the Dagtekening', () => {
  it.each(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316'])('TR134 on Geboortedatum in %s', (m) => {
    const xml = valid(m);
    const dag = dagtekeningOf(xml);
    expectPasses(geboortedatum(xml, dag), 'TR134');
    expectFails(geboortedatum(xml, addDays(dag, 1)), 'TR134', '/Bericht/Client/Geboortedatum/Datum');
  });

  it('TR134 on the Geboortedatum of a Relatie (JW301)', () => {
    expectFails(edit(valid('JW301'), '<ijw:Datum>1956-07-12<', '<ijw:Datum>2026-04-02<'), 'TR134', '/Bericht/Client/Relaties/Relatie[2]/Geboortedatum/Datum');
  });

  it.each([
    ['JW305', 'StartProduct', '2026-04-15'],
    ['JW306', 'StartProduct', '2026-04-15'],
    ['JW307', 'StopProduct', '2026-04-15'],
    ['JW308', 'StopProduct', '2026-04-15'],
  ])('TR134 on the Begindatum of a %s in %s', (m, item, begin) => {
    const p = ns(m);
    const xml = valid(m);
    const dag = dagtekeningOf(xml);
    expectPasses(edit(xml, `<${p}:Begindatum>${begin}<`, `<${p}:Begindatum>${dag}<`), 'TR134');
    expectFails(edit(xml, `<${p}:Begindatum>${begin}<`, `<${p}:Begindatum>${addDays(dag, 1)}<`), 'TR134', `/Bericht/Client/${item}en/${item}[2]/Begindatum`);
  });
});

describe('TR352 / TR353 a Verzoek om wijziging has an actual product and changes something', () => {
  const teWijzigen = (p: string, retour: boolean) =>
    `<${p}:TeWijzigenProducten><${p}:TeWijzigenProduct><${p}:ToewijzingNummer>10072</${p}:ToewijzingNummer><${p}:GewensteIngangsdatum>2026-03-01</${p}:GewensteIngangsdatum>` +
    `<${p}:Omvang><ijw:Volume>2</ijw:Volume><ijw:Eenheid>04</ijw:Eenheid><ijw:Frequentie>4</ijw:Frequentie></${p}:Omvang>` +
    `${retour ? `<${p}:RetourCodes><${p}:RetourCode>0200</${p}:RetourCode></${p}:RetourCodes>` : ''}</${p}:TeWijzigenProduct></${p}:TeWijzigenProducten>`;

  it.each(['JW317', 'JW318'])('TR352 and TR353 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const onlyNieuw = replaceElement(xml, `${p}:OngewijzigdeProducten`, '');
    const onlyOngewijzigd = replaceElement(xml, `${p}:NieuweProducten`, '');
    const onlyTeWijzigen = replaceElement(onlyOngewijzigd, `${p}:OngewijzigdeProducten`, teWijzigen(p, m === 'JW318'));
    for (const code of ['TR352', 'TR353']) {
      expectPasses(xml, code);
      expectPasses(onlyTeWijzigen, code);
    }
    expectFails(onlyNieuw, 'TR352', '/Bericht/Client/Verzoek');
    expectPasses(onlyNieuw, 'TR353');
    expectFails(onlyOngewijzigd, 'TR353', '/Bericht/Client/Verzoek');
    expectPasses(onlyOngewijzigd, 'TR352');
  });
});

describe('TR377 / TR409 Woonplaatsbeginsel when and only when RedenAfwijzingVerzoek is 8', () => {
  it('TR377 and TR409 in JW319', () => {
    const xml = valid('JW319');
    expectPasses(xml, 'TR377');
    expectPasses(xml, 'TR409');
    expectFails(replaceElement(xml, 'jw319:Woonplaatsbeginsel', ''), 'TR377', '/Bericht/Antwoord/Woonplaatsbeginsel');
    expectFails(edit(xml, '<jw319:RedenAfwijzingVerzoek>8<', '<jw319:RedenAfwijzingVerzoek>7<'), 'TR409', '/Bericht/Antwoord/Woonplaatsbeginsel');
    const inOnderzoek = replaceElement(edit(xml, '<jw319:VerzoekAntwoord>1<', '<jw319:VerzoekAntwoord>2<'), 'jw319:RedenAfwijzingVerzoek', '');
    // No RedenAfwijzingVerzoek element at all: the official validation (stylesheet 2.10.5) does not
    // report TR409 for a Woonplaatsbeginsel then; only a reason present and other than 8 does.
    expectPasses(inOnderzoek, 'TR409');
    expectPasses(replaceElement(inOnderzoek, 'jw319:Woonplaatsbeginsel', ''), 'TR409');
  });

  it('TR377 and TR409 in JW320', () => {
    const xml = valid('JW320');
    const woonplaats =
      '<jw320:Woonplaatsbeginsel><jw320:Gemeente>1916</jw320:Gemeente><jw320:RetourCodes><jw320:RetourCode>0200</jw320:RetourCode></jw320:RetourCodes></jw320:Woonplaatsbeginsel>';
    const antwoord = (reden: string, extra: string) =>
      edit(xml, '<jw320:VerzoekAntwoord>2</jw320:VerzoekAntwoord>', `<jw320:VerzoekAntwoord>1</jw320:VerzoekAntwoord>${reden}${extra}`);
    expectPasses(xml, 'TR377');
    expectPasses(xml, 'TR409');
    expectPasses(antwoord('<jw320:RedenAfwijzingVerzoek>8</jw320:RedenAfwijzingVerzoek>', woonplaats), 'TR377');
    expectFails(antwoord('<jw320:RedenAfwijzingVerzoek>8</jw320:RedenAfwijzingVerzoek>', ''), 'TR377', '/Bericht/Antwoord/Woonplaatsbeginsel');
    expectFails(antwoord('<jw320:RedenAfwijzingVerzoek>3</jw320:RedenAfwijzingVerzoek>', woonplaats), 'TR409', '/Bericht/Antwoord/Woonplaatsbeginsel');
  });
});

describe('TR380 GewensteIngangsdatum of a NieuwProduct after the Dagtekening', () => {
  it.each(['JW317', 'JW318'])('TR380 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const dag = dagtekeningOf(xml);
    const gewenst = (d: string) => xml.replace(new RegExp(`<${p}:GewensteIngangsdatum>[^<]*<`), `<${p}:GewensteIngangsdatum>${d}<`);
    expectPasses(gewenst(addDays(dag, 1)), 'TR380');
    expectFails(gewenst(dag), 'TR380', '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/GewensteIngangsdatum');
  });

  it('TR380 does not apply to a TeWijzigenProduct (TR357 allows a date on or before the Dagtekening)', () => {
    const xml = valid('JW317');
    const te =
      '<jw317:TeWijzigenProducten><jw317:TeWijzigenProduct><jw317:ToewijzingNummer>10072</jw317:ToewijzingNummer><jw317:GewensteIngangsdatum>2025-06-01</jw317:GewensteIngangsdatum></jw317:TeWijzigenProduct></jw317:TeWijzigenProducten>';
    expectPasses(edit(xml, '</jw317:OngewijzigdeProducten>', `</jw317:OngewijzigdeProducten>${te}`), 'TR380');
  });
});

describe('TR383 ReferentieAanbieder unique per AangevraagdProduct', () => {
  it.each(['JW315', 'JW316'])('TR383 in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    expectPasses(xml, 'TR383');
    const first = new RegExp(`<${p}:ReferentieAanbieder>([^<]*)<`).exec(xml)![1]!;
    const twice = xml.replace(new RegExp(`(<${p}:AangevraagdProduct>[\\s\\S]*?<${p}:AangevraagdProduct>\\s*<${p}:ReferentieAanbieder>)[^<]*`), `$1${first}`);
    expectFails(twice, 'TR383', '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ReferentieAanbieder');
  });

  it('TR383 catches the JW316 reference example (ReferentieAanbieder 42420001 twice)', () => {
    expectFails(example('JW316'), 'TR383', '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ReferentieAanbieder');
  });
});
