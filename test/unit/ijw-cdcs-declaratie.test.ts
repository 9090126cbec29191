/**
 * CD/CS rules of the declaration (JW323) and the declaration answer (JW325)
 * (reference/ijw-regels/condities-constraints.md). The first Prestatie is rebuilt from parts.
 */
import { describe, expect, it } from 'vitest';
import { cs319DeclaratieNummer } from '../../src/ijw/rules/cdcs-declaratie.js';
import { ruleInfo } from '../../src/ijw/rules/catalogue.js';
import { edit, el, expectFails, expectPasses, recordingContext, replaceElement, retourCodes, valid, validate } from '../fixtures/ijw/cdcs/harness.js';

interface Prestatie {
  vorig?: string;
  begin?: string;
  eind?: string;
  volume?: string;
  eenheid?: string;
  tarief?: string | null;
  bedrag?: string;
  dc?: string;
}

/** The message with its first Prestatie replaced (defaults: the first Prestatie of the example). */
function prestatie(m: 'JW323' | 'JW325', p: Prestatie): string {
  const ns = m.toLowerCase();
  const body =
    el(
      ns,
      'ProductReferentie',
      `<ijw:ReferentieNummer>RN001</ijw:ReferentieNummer>${p.vorig ? `<ijw:VorigReferentieNummer>${p.vorig}</ijw:VorigReferentieNummer>` : ''}`,
    ) +
    el(ns, 'ToewijzingNummer', '10072') +
    el(ns, 'ProductCategorie', '45') +
    el(ns, 'ProductCode', '45A03') +
    el(ns, 'ProductPeriode', `<ijw:Begindatum>${p.begin ?? '2026-04-01'}</ijw:Begindatum><ijw:Einddatum>${p.eind ?? '2026-04-30'}</ijw:Einddatum>`) +
    el(ns, 'GeleverdVolume', p.volume ?? '4') +
    el(ns, 'Eenheid', p.eenheid ?? '04') +
    el(ns, 'ProductTarief', p.tarief === undefined ? '1250' : p.tarief) +
    el(ns, 'IngediendBedrag', `<ijw:Bedrag>${p.bedrag ?? '5000'}</ijw:Bedrag><ijw:DebetCredit>${p.dc ?? 'D'}</ijw:DebetCredit>`) +
    (m === 'JW325' ? retourCodes(ns) : '');
  return replaceElement(valid(m), `${ns}:Prestatie`, body);
}

const P323 = '/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]';
const P325 = '/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]';

/** The message with its DeclaratiePeriode set. */
const declaratiePeriode = (begin: string, eind: string) =>
  replaceElement(valid('JW323'), 'jw323:DeclaratiePeriode', `<ijw:Begindatum>${begin}</ijw:Begindatum><ijw:Einddatum>${eind}</ijw:Einddatum>`);

describe('declaration (JW323)', () => {
  it('CS002: the Bsn of every client must pass the 11-check (JW323, JW325)', () => {
    expectPasses(valid('JW323'), 'CS002');
    expectFails(edit(valid('JW323'), '>999900018<', '>999900019<'), 'CS002', '/Bericht/Declaratie/Clienten/Client[2]/Bsn');
    expectPasses(valid('JW325'), 'CS002');
    expectFails(edit(valid('JW325'), '>999900018<', '>999900019<'), 'CS002', '/Bericht/DeclaratieAntwoord/Clienten/Client[2]/Bsn');
  });

  it('CS100: DeclaratiePeriode and ProductPeriode on or after 2021-01-01', () => {
    expectPasses(declaratiePeriode('2021-01-01', '2021-01-31'), 'CS100');
    expectPasses(prestatie('JW323', { begin: '2021-01-01', eind: '2021-01-31' }), 'CS100');
    expectFails(declaratiePeriode('2020-12-01', '2020-12-31'), 'CS100', '/Bericht/Declaratie/DeclaratiePeriode/Begindatum');
    expectFails(prestatie('JW323', { begin: '2020-12-01', eind: '2020-12-31' }), 'CS100', `${P323}/ProductPeriode/Begindatum`);
  });

  it('CS340: DeclaratiePeriode is exactly one whole calendar month', () => {
    expectPasses(valid('JW323'), 'CS340');
    expectPasses(declaratiePeriode('2024-02-01', '2024-02-29'), 'CS340');
    expectPasses(declaratiePeriode('2026-12-01', '2026-12-31'), 'CS340');
    expectFails(declaratiePeriode('2026-04-02', '2026-04-30'), 'CS340', '/Bericht/Declaratie/DeclaratiePeriode/Begindatum');
    expectFails(declaratiePeriode('2026-04-01', '2026-04-29'), 'CS340', '/Bericht/Declaratie/DeclaratiePeriode/Einddatum');
    expectFails(declaratiePeriode('2026-02-01', '2026-03-31'), 'CS340', '/Bericht/Declaratie/DeclaratiePeriode/Einddatum');
  });

  it('CS337: Einddatum of the ProductPeriode in the calendar month of its Begindatum', () => {
    expectPasses(prestatie('JW323', { begin: '2026-04-10', eind: '2026-04-20' }), 'CS337');
    expectFails(prestatie('JW323', { begin: '2026-04-01', eind: '2026-05-01' }), 'CS337', `${P323}/ProductPeriode/Einddatum`);
    expectFails(prestatie('JW323', { begin: '2025-04-01', eind: '2026-04-30' }), 'CS337', `${P323}/ProductPeriode/Einddatum`);
  });

  it('CD060: VorigReferentieNummer when and only when IngediendBedrag is credit (JW323)', () => {
    expectPasses(valid('JW323'), 'CD060');
    expectPasses(prestatie('JW323', { dc: 'C', vorig: 'RN000' }), 'CD060');
    expectFails(prestatie('JW323', { dc: 'C' }), 'CD060', `${P323}/ProductReferentie/VorigReferentieNummer`);
    expectFails(prestatie('JW323', { dc: 'D', vorig: 'RN000' }), 'CD060', `${P323}/ProductReferentie/VorigReferentieNummer`);
  });

  it("CD087: ProductTarief when and only when Eenheid is not 83 (euro's)", () => {
    expectPasses(valid('JW323'), 'CD087');
    expectPasses(prestatie('JW323', { eenheid: '83', tarief: null, volume: '5000', bedrag: '5000' }), 'CD087');
    expectFails(prestatie('JW323', { tarief: null }), 'CD087', `${P323}/ProductTarief`);
    expectFails(prestatie('JW323', { eenheid: '83', volume: '5000', bedrag: '5000' }), 'CD087', `${P323}/ProductTarief`);
  });

  it("CS339: IngediendBedrag equals GeleverdVolume when Eenheid is 83 (euro's)", () => {
    expectPasses(prestatie('JW323', { eenheid: '83', tarief: null, volume: '5000', bedrag: '5000' }), 'CS339');
    expectPasses(valid('JW323'), 'CS339'); // Eenheid 04: Bedrag is Volume x Tarief (TR346)
    expectFails(prestatie('JW323', { eenheid: '83', tarief: null, volume: '4', bedrag: '5000' }), 'CS339', `${P323}/IngediendBedrag/Bedrag`);
  });

  it('CS325: an amount of 0 is debet (TotaalIngediendBedrag and IngediendBedrag)', () => {
    const totaal = (bedrag: string, dc: string) =>
      replaceElement(valid('JW323'), 'jw323:TotaalIngediendBedrag', `<ijw:TotaalBedrag>${bedrag}</ijw:TotaalBedrag><ijw:DebetCredit>${dc}</ijw:DebetCredit>`);
    expectPasses(totaal('0', 'D'), 'CS325');
    expectPasses(prestatie('JW323', { bedrag: '0', dc: 'D', tarief: '0' }), 'CS325');
    expectFails(totaal('0', 'C'), 'CS325', '/Bericht/Declaratie/TotaalIngediendBedrag/DebetCredit');
    expectFails(prestatie('JW323', { bedrag: '0', dc: 'C', vorig: 'RN000', tarief: '0' }), 'CS325', `${P323}/IngediendBedrag/DebetCredit`);
  });

  it('CS319: DeclaratieNummer of letters and digits (an XSD pattern; the rule is a safety net)', () => {
    expectPasses(valid('JW323'), 'CS319');
    const bad = validate(edit(valid('JW323'), '<jw323:DeclaratieNummer>DN001<', '<jw323:DeclaratieNummer>DN-001<'));
    expect(bad.findings.filter((f) => f.layer === 'xsd')).toMatchObject([{ path: '/Bericht/Declaratie/DeclaratieNummer' }]);
    const ctx = recordingContext('JW323');
    cs319DeclaratieNummer('DN001', '/Bericht/Declaratie/DeclaratieNummer', ctx);
    cs319DeclaratieNummer('DN-001', '/Bericht/Declaratie/DeclaratieNummer', ctx);
    expect(ctx.reports).toMatchObject([{ code: 'CS319', path: '/Bericht/Declaratie/DeclaratieNummer' }]);
    expect(ruleInfo('CS319').retourcode).toBeUndefined();
  });
});

describe('declaration answer (JW325)', () => {
  it('CS325: an amount of 0 is debet (TotaalIngediendBedrag, TotaalToegekendBedrag, IngediendBedrag)', () => {
    const totaal = (el: string, bedrag: string, dc: string) =>
      replaceElement(valid('JW325'), `jw325:${el}`, `<ijw:TotaalBedrag>${bedrag}</ijw:TotaalBedrag><ijw:DebetCredit>${dc}</ijw:DebetCredit>`);
    expectPasses(valid('JW325'), 'CS325');
    expectPasses(totaal('TotaalToegekendBedrag', '0', 'D'), 'CS325');
    expectFails(totaal('TotaalIngediendBedrag', '0', 'C'), 'CS325', '/Bericht/DeclaratieAntwoord/TotaalIngediendBedrag/DebetCredit');
    expectFails(totaal('TotaalToegekendBedrag', '0', 'C'), 'CS325', '/Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit');
    expectFails(prestatie('JW325', { bedrag: '0', dc: 'C', vorig: 'RT001' }), 'CS325', `${P325}/IngediendBedrag/DebetCredit`);
  });

  it('CD060: VorigReferentieNummer when and only when IngediendBedrag is credit (JW325)', () => {
    expectPasses(valid('JW325'), 'CD060');
    expectFails(prestatie('JW325', { dc: 'C' }), 'CD060', `${P325}/ProductReferentie/VorigReferentieNummer`);
    expectFails(prestatie('JW325', { dc: 'D', vorig: 'RT001' }), 'CD060', `${P325}/ProductReferentie/VorigReferentieNummer`);
  });

  it('JW325 carries only its own rows: no CS337, CS100, CD087 or CS339 on its Prestaties', () => {
    const xml = prestatie('JW325', { begin: '2020-12-01', eind: '2021-02-01', eenheid: '83', tarief: '1', volume: '1', bedrag: '2', dc: 'C', vorig: 'RT001' });
    for (const code of ['CS337', 'CS100', 'CD087', 'CS339']) expectPasses(xml, code);
  });
});
