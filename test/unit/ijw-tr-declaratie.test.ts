/**
 * Technical rules on the declaration (JW323) and the declaration answer (JW325), tr-declaratie.ts:
 * per TR code a passing and a failing message built from the examples, and a large declaration to
 * show the rules stay linear in the number of lines (the clients are streamed).
 */
import { describe, expect, it } from 'vitest';
import { bsn11, edit, example, expectFails, expectPasses, setDagtekening, trFindings, valid, within } from '../fixtures/ijw/tr/harness.js';

const D323 = '/Bericht/Declaratie/Clienten';
const D325 = '/Bericht/DeclaratieAntwoord/Clienten';
const prestatie = (clients: string, c: number, p: number) => `${clients}/Client[${c}]/Prestaties/Prestatie[${p}]`;
/** Changes the `p`-th Prestatie (1-based, counted over the whole message) of a declaration (answer). */
const inPrestatie = (xml: string, ns: string, p: number, f: (text: string) => string) => within(xml, `${ns}:Prestatie`, f, p);
/** Adds a VorigReferentieNummer to the `p`-th Prestatie and makes it a credit. */
const credit = (xml: string, p: number, vorig: string) =>
  inPrestatie(xml, 'jw323', p, (t) =>
    t
      .replace(/(<ijw:ReferentieNummer>[^<]*<\/ijw:ReferentieNummer>)/, `$1<ijw:VorigReferentieNummer>${vorig}</ijw:VorigReferentieNummer>`)
      .replace('<ijw:DebetCredit>D<', '<ijw:DebetCredit>C<'),
  );

describe('TR134 / TR137 periods of a declaration', () => {
  it('TR134: Begindatum of DeclaratiePeriode and ProductPeriode not after the Dagtekening (JW323)', () => {
    const xml = valid('JW323');
    expectPasses(setDagtekening(xml, '2026-04-30'), 'TR134');
    const april = ['/Bericht/Declaratie/DeclaratiePeriode', prestatie(D323, 1, 1), prestatie(D323, 1, 2), prestatie(D323, 2, 1), prestatie(D323, 2, 2)];
    expectFails(
      setDagtekening(xml, '2026-03-31'),
      'TR134',
      april.map((p, i) => (i === 0 ? `${p}/Begindatum` : `${p}/ProductPeriode/Begindatum`)),
    );
  });

  it('TR134: Begindatum of ProductPeriode not after the Dagtekening (JW325)', () => {
    const xml = valid('JW325');
    expectPasses(xml, 'TR134');
    expectFails(
      setDagtekening(xml, '2023-03-31'),
      'TR134',
      [prestatie(D325, 1, 1), prestatie(D325, 1, 2), prestatie(D325, 2, 1)].map((p) => `${p}/ProductPeriode/Begindatum`),
    );
  });

  it('TR137: Einddatum >= Begindatum and not after the Dagtekening (JW323)', () => {
    const xml = valid('JW323');
    expectPasses(setDagtekening(xml, '2026-04-30'), 'TR137');
    const april = ['/Bericht/Declaratie/DeclaratiePeriode', prestatie(D323, 1, 1), prestatie(D323, 1, 2), prestatie(D323, 2, 1), prestatie(D323, 2, 2)];
    expectFails(
      setDagtekening(xml, '2026-04-29'),
      'TR137',
      april.map((p, i) => (i === 0 ? `${p}/Einddatum` : `${p}/ProductPeriode/Einddatum`)),
    );
    const reversed = inPrestatie(xml, 'jw323', 1, (t) => edit(t, '<ijw:Einddatum>2026-04-30<', '<ijw:Einddatum>2026-03-31<'));
    expectFails(reversed, 'TR137', `${prestatie(D323, 1, 1)}/ProductPeriode/Einddatum`);
  });

  it('TR137: Einddatum of ProductPeriode (JW325)', () => {
    const xml = valid('JW325');
    expectPasses(xml, 'TR137');
    expectFails(
      setDagtekening(xml, '2023-04-29'),
      'TR137',
      [prestatie(D325, 1, 1), prestatie(D325, 1, 2), prestatie(D325, 2, 1)].map((p) => `${p}/ProductPeriode/Einddatum`),
    );
  });
});

describe('reference numbers of the Prestaties (JW323)', () => {
  it('TR314: a ReferentieNummer is used once in the message (the part within one message)', () => {
    const xml = valid('JW323');
    expectPasses(xml, 'TR314');
    expectFails(
      edit(xml, '<ijw:ReferentieNummer>RN003<', '<ijw:ReferentieNummer>RN001<'),
      'TR314',
      `${prestatie(D323, 2, 1)}/ProductReferentie/ReferentieNummer`,
    );
    // An exact repeat of a line of the same client is TR101's finding only.
    expectPasses(example('JW323'), 'TR314');
  });

  it('TR315: a VorigReferentieNummer is used once in the message', () => {
    const xml = valid('JW323');
    expectPasses(credit(credit(xml, 1, 'RX001'), 3, 'RX002'), 'TR315');
    expectFails(credit(credit(xml, 1, 'RX001'), 3, 'RX001'), 'TR315', `${prestatie(D323, 2, 1)}/ProductReferentie/VorigReferentieNummer`);
  });

  it('TR316: a Prestatie of the same message is not credited, whether the credit comes after or before it', () => {
    const xml = valid('JW323');
    expectPasses(credit(xml, 3, 'RX002'), 'TR316');
    expectFails(credit(xml, 3, 'RN002'), 'TR316', `${prestatie(D323, 2, 1)}/ProductReferentie/VorigReferentieNummer`);
    expectFails(credit(xml, 1, 'RN004'), 'TR316', `${prestatie(D323, 1, 1)}/ProductReferentie/VorigReferentieNummer`);
    expectFails(credit(xml, 1, 'RN001'), 'TR316', `${prestatie(D323, 1, 1)}/ProductReferentie/VorigReferentieNummer`);
  });
});

describe('periods against the declaration (JW323)', () => {
  it('TR319: no ProductPeriode after the DeclaratiePeriode (the part within one message)', () => {
    const xml = valid('JW323');
    expectPasses(xml, 'TR319'); // April and March lines in an April declaration
    const may = inPrestatie(xml, 'jw323', 1, (t) =>
      edit(edit(t, '<ijw:Begindatum>2026-04-01<', '<ijw:Begindatum>2026-05-01<'), '<ijw:Einddatum>2026-04-30<', '<ijw:Einddatum>2026-05-31<'),
    );
    expectFails(may, 'TR319', `${prestatie(D323, 1, 1)}/ProductPeriode`);
  });

  it('TR335: Einddatum of a ProductPeriode not more than 5 years before DeclaratieDagtekening', () => {
    const xml = valid('JW323'); // DeclaratieDagtekening 2026-05-06
    const period = (eind: string) =>
      edit(edit(xml, '<ijw:Begindatum>2026-03-01<', '<ijw:Begindatum>2021-05-01<'), '<ijw:Einddatum>2026-03-31<', `<ijw:Einddatum>${eind}<`);
    expectPasses(period('2021-05-06'), 'TR335');
    expectFails(period('2021-05-05'), 'TR335', `${prestatie(D323, 2, 3)}/ProductPeriode/Einddatum`);
  });

  it('TR416: one debet Prestatie per ToewijzingNummer, product and ProductPeriode of a client', () => {
    const xml = valid('JW323'); // client 1 and client 2 both have an April line on 10073/45A04: other clients
    expectPasses(xml, 'TR416');
    const april = inPrestatie(xml, 'jw323', 5, (t) =>
      edit(edit(t, '<ijw:Begindatum>2026-03-01<', '<ijw:Begindatum>2026-04-01<'), '<ijw:Einddatum>2026-03-31<', '<ijw:Einddatum>2026-04-30<'),
    );
    expectFails(april, 'TR416', prestatie(D323, 2, 3));
    expectPasses(
      inPrestatie(april, 'jw323', 5, (t) => edit(t, '<ijw:DebetCredit>D<', '<ijw:DebetCredit>C<')),
      'TR416',
    );
  });
});

describe('totals', () => {
  it('TR358: TotaalIngediendBedrag is the sum of the Prestaties, debet minus credit', () => {
    const xml = valid('JW323'); // 5000 + 24000 + 5000 + 24000 + 21000 = 79000
    expectPasses(xml, 'TR358');
    expectFails(edit(xml, '<ijw:TotaalBedrag>79000<', '<ijw:TotaalBedrag>78999<'), 'TR358', '/Bericht/Declaratie/TotaalIngediendBedrag');
    const withCredit = inPrestatie(xml, 'jw323', 1, (t) => edit(t, '<ijw:DebetCredit>D<', '<ijw:DebetCredit>C<'));
    expectFails(withCredit, 'TR358', '/Bericht/Declaratie/TotaalIngediendBedrag');
    expectPasses(edit(withCredit, '<ijw:TotaalBedrag>79000<', '<ijw:TotaalBedrag>69000<'), 'TR358');
    const allCredit = xml.split('<ijw:DebetCredit>D<').join('<ijw:DebetCredit>C<'); // the total too
    expectPasses(allCredit, 'TR358');
    expectFails(edit(allCredit, '<ijw:DebetCredit>C<', '<ijw:DebetCredit>D<'), 'TR358', '/Bericht/Declaratie/TotaalIngediendBedrag');
  });

  it('TR342: only rejected Prestaties in the answer; their sum is TotaalIngediendBedrag minus TotaalToegekendBedrag', () => {
    const xml = valid('JW325'); // -58000 - (-34000) = -24000 = -(5000 + 14000 + 5000)
    expectPasses(xml, 'TR342');
    expectFails(edit(xml, '<jw325:RetourCode>0611<', '<jw325:RetourCode>0200<'), 'TR342', `${prestatie(D325, 1, 1)}/RetourCodes`);
    expectFails(edit(xml, '<ijw:TotaalBedrag>34000<', '<ijw:TotaalBedrag>34001<'), 'TR342', '/Bericht/DeclaratieAntwoord/TotaalToegekendBedrag');
    // DeclaratieAntwoord rejected as a whole: no Prestaties and TotaalToegekendBedrag 0.
    const at = xml.lastIndexOf('<jw325:RetourCode>0200<');
    const rejected = `${xml.slice(0, at)}<jw325:RetourCode>9333<${xml.slice(at + '<jw325:RetourCode>0200<'.length)}`;
    expectFails(rejected, 'TR342', ['/Bericht/DeclaratieAntwoord/TotaalToegekendBedrag', '/Bericht/DeclaratieAntwoord/Clienten']);
    const empty = edit(rejected.replace(/<jw325:Clienten>[\s\S]*<\/jw325:Clienten>/, ''), '<ijw:TotaalBedrag>34000<', '<ijw:TotaalBedrag>0<');
    expectPasses(empty, 'TR342');
  });
});

describe('large declarations', () => {
  /** A compact JW323 with `n` clients of two lines each (distinct Bsn and ReferentieNummers). */
  function declaration(n: number): string {
    const xml = valid('JW323').replace(/>\s+</g, '><');
    const head = xml.slice(0, xml.indexOf('<jw323:Client>'));
    const tail = xml.slice(xml.indexOf('</jw323:Clienten>'));
    const client = xml.slice(xml.indexOf('<jw323:Client>'), xml.indexOf('</jw323:Client>') + '</jw323:Client>'.length);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(client.replace('999900006', bsn11(i)).replace('RN001', `A${i}`).replace('RN002', `B${i}`));
    return edit(head, '<ijw:TotaalBedrag>79000<', `<ijw:TotaalBedrag>${29000 * n}<`) + parts.join('') + tail;
  }
  const time = (xml: string) => {
    const t = performance.now();
    const findings = trFindings(xml);
    return { ms: performance.now() - t, findings };
  };

  it('a declaration of 40,000 lines has no TR findings, and time grows linearly with the lines', () => {
    time(declaration(500)); // warm-up
    const small = time(declaration(2_500));
    const large = time(declaration(20_000));
    expect(small.findings).toEqual([]);
    expect(large.findings).toEqual([]);
    // 8 times the lines: linear ~8x, quadratic ~64x. Generous bound against timing noise.
    expect(large.ms / small.ms).toBeLessThan(24);
  }, 120_000);
});
