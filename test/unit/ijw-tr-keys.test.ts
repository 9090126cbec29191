/**
 * TR101 (no repeated lines: the logical key of every class is unique within its parent) and the
 * overlap rules TR302, TR386 and TR410 (a product may occur more than once only with periods that
 * do not overlap), on the heenberichten and their retour messages.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { LOGICAL_KEYS } from '../../src/ijw/rules/tr-keys.js';
import { overlappingSpans, type ProductSpan } from '../../src/ijw/rules/tr-support.js';
import { edit, elementText, example, expectFails, expectPasses, insertAfter, ns, valid, within } from '../fixtures/ijw/tr/harness.js';

/** Adds a copy of the `nth` element `item` (qualified name) right after it, changed by `change`. */
const repeat = (xml: string, item: string, change: (copy: string) => string = (c) => c, nth = 1) =>
  insertAfter(xml, item, change(elementText(xml, item, nth)), nth);

describe('TR101 logical keys', () => {
  it('the key table covers every message the rules table lists for TR101 (JW315: TR383)', () => {
    const messages = new Set(LOGICAL_KEYS.flatMap((k) => k.messages));
    for (const m of ['JW301', 'JW305', 'JW307', 'JW317', 'JW323', 'JW325']) expect(messages.has(m), m).toBe(true);
  });

  it.each([
    ['JW301', 'ToegewezenProduct', 'Client/ToegewezenProducten'],
    ['JW302', 'ToegewezenProduct', 'Client/ToegewezenProducten'],
    ['JW301', 'Relatie', 'Client/Relaties'],
    ['JW302', 'Relatie', 'Client/Relaties'],
    ['JW305', 'StartProduct', 'Client/StartProducten'],
    ['JW306', 'StartProduct', 'Client/StartProducten'],
    ['JW307', 'StopProduct', 'Client/StopProducten'],
    ['JW308', 'StopProduct', 'Client/StopProducten'],
    ['JW317', 'OngewijzigdProduct', 'Client/Verzoek/OngewijzigdeProducten'],
    ['JW318', 'OngewijzigdProduct', 'Client/Verzoek/OngewijzigdeProducten'],
    ['JW317', 'NieuwProduct', 'Client/Verzoek/NieuweProducten'],
    ['JW318', 'NieuwProduct', 'Client/Verzoek/NieuweProducten'],
  ])('TR101: a repeated %s in %s', (m, item, container) => {
    const xml = valid(m);
    expectPasses(xml, 'TR101');
    expectFails(repeat(xml, `${ns(m)}:${item}`), 'TR101', `/Bericht/${container}/${item}[2]`);
  });

  it.each(['JW301', 'JW302'])('TR101: two Contacts of the same Soort in %s; a different Soort is another key', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const contact = (soort: string) => within(xml, `${p}:Contactgegevens`, (g) => edit(g, `<${p}:Soort>04<`, `<${p}:Soort>${soort}<`));
    expectPasses(contact('02'), 'TR101');
    expectFails(contact('03'), 'TR101', '/Bericht/Client/Contactgegevens/Contact[2]');
  });

  it.each(['JW305', 'JW306'])('TR101: the same StartProduct with another Begindatum is another key (%s)', (m) => {
    const p = ns(m);
    const xml = valid(m);
    expectPasses(
      repeat(xml, `${p}:StartProduct`, (c) => edit(c, `<${p}:Begindatum>2026-04-03<`, `<${p}:Begindatum>2026-04-04<`)),
      'TR101',
    );
  });

  it.each(['JW307', 'JW308'])('TR101: a StopProduct with another RedenBeeindiging is another key (%s)', (m) => {
    const p = ns(m);
    expectPasses(
      repeat(valid(m), `${p}:StopProduct`, (c) => edit(c, `<${p}:RedenBeeindiging>31<`, `<${p}:RedenBeeindiging>32<`)),
      'TR101',
    );
  });

  it.each(['JW323', 'JW325'])('TR101: a repeated Client (Bsn) and a repeated Prestatie within a Client in %s', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const clients = m === 'JW323' ? 'Declaratie/Clienten' : 'DeclaratieAntwoord/Clienten';
    expectPasses(xml, 'TR101');
    expectFails(edit(xml, `<${p}:Bsn>999900018<`, `<${p}:Bsn>999900006<`), 'TR101', `/Bericht/${clients}/Client[2]`);
    expectFails(repeat(xml, `${p}:Prestatie`), 'TR101', `/Bericht/${clients}/Client[1]/Prestaties/Prestatie[2]`);
    // The same ReferentieNummer under another client is not a repeated line of TR101.
    expectPasses(edit(xml, '<ijw:ReferentieNummer>RN003<', '<ijw:ReferentieNummer>RN001<'), 'TR101');
  });

  it('TR101 catches the JW323 reference example (ReferentieNummer RN004 twice for one client)', () => {
    expectFails(example('JW323'), 'TR101', '/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]');
  });
});

describe('overlap of products (TR302, TR386, TR410)', () => {
  const span = (index: number, start: string, end: string | undefined, categorie?: string, code?: string): ProductSpan => ({
    index,
    start,
    end,
    categorie,
    code,
  });

  it('overlappingSpans: same code, category level, generic, open end, touching periods', () => {
    expect(overlappingSpans([span(0, '2026-01-01', '2026-03-31', '45', 'A'), span(1, '2026-03-31', '2026-06-30', '45', 'A')])).toEqual([[1, 0]]);
    expect(overlappingSpans([span(0, '2026-01-01', '2026-03-31', '45', 'A'), span(1, '2026-04-01', undefined, '45', 'A')])).toEqual([]);
    expect(overlappingSpans([span(0, '2026-01-01', undefined, '45', 'A'), span(1, '2026-01-01', undefined, '45', 'B')])).toEqual([]);
    expect(overlappingSpans([span(0, '2026-02-01', undefined, '45', 'A'), span(1, '2026-01-01', '2026-02-01', '45')])).toEqual([[0, 1]]);
    expect(overlappingSpans([span(0, '2026-01-01', '2026-01-31', '45'), span(1, '2026-01-15', undefined, '45', 'B')])).toEqual([[1, 0]]);
    expect(overlappingSpans([span(0, '2026-01-01', '2026-01-31', '45'), span(1, '2026-01-15', undefined, '46')])).toEqual([]);
    expect(overlappingSpans([span(0, '2026-01-01', '2026-01-31', '31', 'X'), span(1, '2026-01-31', undefined)])).toEqual([[1, 0]]);
    expect(overlappingSpans([span(0, '2026-01-10', '2026-01-31'), span(1, '2026-01-01', '2026-01-09', '31', 'X')])).toEqual([]);
  });

  it.each(['JW301', 'JW302'])('TR302: allocations of one product must not overlap (%s)', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const second = (f: (c: string) => string) => within(xml, `${p}:ToegewezenProduct`, f, 2);
    const at = '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]';
    const same = second((c) => edit(c, '<ijw:Code>55A12<', '<ijw:Code>55A11<'));
    expectPasses(xml, 'TR302');
    expectFails(same, 'TR302', at);
    expectPasses(
      within(same, `${p}:ToegewezenProduct`, (c) => edit(c, `<${p}:Ingangsdatum>2026-04-01<`, `<${p}:Ingangsdatum>2026-07-15<`), 2),
      'TR302',
    );
    expectFails(
      within(same, `${p}:ToegewezenProduct`, (c) => edit(c, `<${p}:Ingangsdatum>2026-04-01<`, `<${p}:Ingangsdatum>2026-07-14<`), 2),
      'TR302',
      at,
    );
    // A deleted allocation (Einddatum = Ingangsdatum, RedenWijziging 13) does not count.
    expectPasses(
      within(
        same,
        `${p}:ToegewezenProduct`,
        (c) =>
          edit(c, `<${p}:Einddatum>2026-07-19</${p}:Einddatum>`, `<${p}:Einddatum>2026-04-01</${p}:Einddatum><${p}:RedenWijziging>13</${p}:RedenWijziging>`),
        2,
      ),
      'TR302',
    );
    // Without Code: on the level of the category; without Product: with any other product.
    expectFails(
      second((c) => edit(c, '<ijw:Code>55A12</ijw:Code>', '')),
      'TR302',
      at,
    );
    expectFails(
      second((c) => c.replace(/<jw30\d:Product>[\s\S]*?<\/jw30\d:Product>/, '')),
      'TR302',
      at,
    );
    expectPasses(
      second((c) => edit(edit(c, '<ijw:Categorie>55<', '<ijw:Categorie>45<'), '<ijw:Code>55A12<', '<ijw:Code>45A12<')),
      'TR302',
    );
  });

  it.each(['JW315', 'JW316'])('TR386: requested products must not overlap (%s)', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const second = (f: (c: string) => string) => within(xml, `${p}:AangevraagdProduct`, f, 2);
    const [cat, code] = m === 'JW315' ? ['55', '55A11'] : ['31', '31ABC'];
    expectPasses(xml, 'TR386');
    expectFails(
      second((c) => c.replace(/<ijw:Categorie>\d+<\/ijw:Categorie>\s*<ijw:Code>[^<]*</, `<ijw:Categorie>${cat}</ijw:Categorie><ijw:Code>${code}<`)),
      'TR386',
      '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]',
    );
  });

  it.each(['JW317', 'JW318'])('TR410: new products must not overlap (%s)', (m) => {
    const p = ns(m);
    const xml = valid(m);
    const ingang = (d: string) => repeat(xml, `${p}:NieuwProduct`, (c) => c.replace(/<(jw31\d):GewensteIngangsdatum>[^<]*</, `<$1:GewensteIngangsdatum>${d}<`));
    const end = /<jw31\d:Einddatum>([^<]*)</.exec(elementText(xml, `${p}:NieuwProduct`))![1]!;
    expectPasses(xml, 'TR410');
    expectFails(ingang(end), 'TR410', '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[2]');
    expectPasses(ingang(addDays(end, 1)), 'TR410');
  });
});
