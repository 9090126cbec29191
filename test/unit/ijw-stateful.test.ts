/**
 * The stateful layer (berichtoverstijgende TR rules, reported as layer OP): a start, stop or
 * declaration line must relate to an allocation of this provider and client, with the allocated
 * product, unit and period; numbers a provider uses must be new. Source: reference
 * regels-op-berichten.md, Technische regel, controleniveau "berichtoverstijgend".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/ijw/validate.js';
import { MemoryIjwState, unitFits, type AllocationView } from '../../src/ijw/stateful.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const example = (code: string) => readFileSync(join(PROJECT_ROOT, 'reference', 'ijw-voorbeelden', `${code}.xml`), 'utf8');
const TODAY = '2026-11-22';
const PROVIDER = '65656055';

const alloc = (nr: string, over: Partial<AllocationView> = {}): AllocationView => ({
  toewijzingNummer: nr,
  bsn: '999900006',
  aanbieder: PROVIDER,
  productCategorie: '45',
  ingangsdatum: '2026-01-01',
  ...over,
});

/** The declaration example reduced to its first client (two lines on allocations 10072 and 10073). */
function declaration(): string {
  const xml = example('JW323');
  const second = xml.indexOf('<jw323:Client>', xml.indexOf('<jw323:Client>') + 1);
  const end = xml.indexOf('</jw323:Clienten>');
  return (xml.slice(0, second) + xml.slice(end)).replace(/<ijw:TotaalBedrag>\d+<\/ijw:TotaalBedrag>/, '<ijw:TotaalBedrag>29000</ijw:TotaalBedrag>');
}

const stateful = (xml: string, state: MemoryIjwState) => validateMessage(xml, { today: TODAY, state }).findings.filter((f) => f.layer === 'OP');

describe('start and stop messages (JW305/JW307)', () => {
  const both = [alloc('300201', { productCategorie: '55' }), alloc('300202', { productCategorie: '55' })];
  it('TR019: a start relates to an allocation of this provider', () => {
    expect(stateful(example('JW305'), new MemoryIjwState({ allocations: both }))).toEqual([]);
    const f = stateful(example('JW305'), new MemoryIjwState({ allocations: [both[0]!] }));
    expect(f).toEqual([expect.objectContaining({ layer: 'OP', code: 'TR019', path: '/Bericht/Client/StartProducten/StartProduct[2]/ToewijzingNummer' })]);
  });
  it('TR019: an allocation sent to another provider does not count', () => {
    const f = stateful(example('JW307'), new MemoryIjwState({ allocations: both.map((a) => ({ ...a, aanbieder: '12345678' })) }));
    expect(f.map((x) => x.code)).toEqual(['TR019', 'TR019']);
  });
  it('TR304: the allocation must belong to the same client', () => {
    const f = stateful(example('JW305'), new MemoryIjwState({ allocations: [both[0]!, { ...both[1]!, bsn: '999900018' }] }));
    expect(f.map((x) => x.code)).toEqual(['TR304']);
  });
  it('TR056: Identificatie is unique per message type and sender', () => {
    const state = new MemoryIjwState({ allocations: both, messageIds: [[PROVIDER, '438', '123456789012']] });
    expect(stateful(example('JW305'), state).map((x) => x.code)).toEqual(['TR056']);
  });
  it('without state the stateful layer does not run', () => {
    expect(validateMessage(example('JW305'), { today: TODAY }).findings.filter((f) => f.layer === 'OP')).toEqual([]);
  });
});

describe('declaration lines (JW323)', () => {
  const ok = [alloc('10072', { productCode: '45A03', omvang: { volume: 10, eenheid: '04', frequentie: '2' } }), alloc('10073')];
  it('a line on a matching allocation passes', () => {
    expect(stateful(declaration(), new MemoryIjwState({ allocations: ok }))).toEqual([]);
  });
  it('TR338: every line relates to an allocation of this provider', () => {
    const f = stateful(declaration(), new MemoryIjwState({ allocations: [ok[0]!] }));
    expect(f).toEqual([expect.objectContaining({ code: 'TR338', path: '/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]/ToewijzingNummer' })]);
  });
  it.each([
    ['TR339', { productCategorie: '43' }],
    ['TR340', { productCode: '45A99' }],
    ['TR341', { omvang: { volume: 10, eenheid: '14', frequentie: '2' } }],
    ['TR307', { ingangsdatum: '2026-04-15' }],
    ['TR308', { einddatum: '2026-04-15' }],
    ['TR384', { redenWijziging: '13' }],
    ['TR304', { bsn: '999900018' }],
  ] as const)('%s: the line must match its allocation', (code, change) => {
    const f = stateful(declaration(), new MemoryIjwState({ allocations: [{ ...ok[0]!, ...change } as AllocationView, ok[1]!] }));
    // A mid-month start or end of the allocation also moves the expected period (TR387/TR388).
    const companion: Record<string, string> = { TR307: 'TR387', TR308: 'TR388' };
    expect(f.map((x) => x.code).sort()).toEqual([code, ...(companion[code] ? [companion[code]] : [])].sort());
  });
  it('TR387/TR388: a line covers the whole month unless the allocation starts or ends within it', () => {
    const midMonth = [
      { ...ok[0]!, ingangsdatum: '2026-04-01' },
      { ...ok[1]!, ingangsdatum: '2026-04-10' },
    ];
    const f = stateful(declaration(), new MemoryIjwState({ allocations: midMonth }));
    // Line 2 starts on 1 April although allocation 10073 starts on 10 April: TR307 and TR387.
    expect(f.map((x) => x.code).sort()).toEqual(['TR307', 'TR387']);
    const xml = declaration();
    const at = xml.indexOf('<jw323:ProductPeriode>');
    const shortened = xml.slice(0, at) + xml.slice(at).replace('<ijw:Einddatum>2026-04-30</ijw:Einddatum>', '<ijw:Einddatum>2026-04-20</ijw:Einddatum>');
    const short = stateful(shortened, new MemoryIjwState({ allocations: ok }));
    expect(short.map((x) => x.code)).toEqual(['TR388']);
  });
  it('TR314 and TR333: ReferentieNummer and DeclaratieNummer are new for this provider', () => {
    const state = new MemoryIjwState({ allocations: ok, referentieNummers: [[PROVIDER, 'RN002']], declaratieNummers: [[PROVIDER, 'DN001']] });
    expect(
      stateful(declaration(), state)
        .map((x) => x.code)
        .sort(),
    ).toEqual(['TR314', 'TR333']);
  });
  it('TR341 / IV081: minutes may be declared on an allocation in hours, not the other way round', () => {
    expect(unitFits('01', '04')).toBe(true);
    expect(unitFits('04', '01')).toBe(false);
    expect(unitFits('14', '14')).toBe(true);
  });
});
