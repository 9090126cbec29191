/**
 * The KPI measures on a small data set worked out by hand (issue #12). Every expected value is
 * computed in the comments from the records below, not taken from the code's output.
 */
import { describe, expect, it } from 'vitest';
import {
  aggregateFacts,
  factsFor,
  factsKey,
  hhi,
  interval,
  statusOf,
  topShare,
  valueOf,
  type Fact,
  type SourceData,
} from '../../../src/domain/steering/measures.js';
import type { MaatDefinitie } from '../../../src/domain/steering/catalogue.js';

const TODAY = '2026-06-30';
const d = (segmentId: string, providerId: number) => ({ segmentId, providerId, areaId: 'x', municipalityCode: '0001' });
const data: SourceData = {
  trajectories: [
    // T1 youth 1: 2025-01-01 .. 2025-03-01 = 31 + 28 = 59 days
    { ...d('a', 1), youthId: 1, productCategory: '32', startDate: '2025-01-01', endDate: '2025-03-01' },
    // T2 youth 1 again in segment a: 2025-06-01 .. 2025-07-01 = 30 days (within 12 months after T1)
    { ...d('a', 2), youthId: 1, productCategory: '32', startDate: '2025-06-01', endDate: '2025-07-01' },
    // T3 youth 2, placement (36): 2025-02-01 .. 2025-04-01 = 28 + 31 = 59 days
    { ...d('b', 1), youthId: 2, productCategory: '36', startDate: '2025-02-01', endDate: '2025-04-01' },
    // T4 youth 2, next placement 14 days after T3 ended: a re-placement; still running
    { ...d('b', 2), youthId: 2, productCategory: '36', startDate: '2025-04-15', endDate: null },
    // T5 youth 3: 2024-01-01 .. 2024-06-30 = 31+29+31+30+31+29 = 181 days (leap year), nothing after
    { ...d('a', 1), youthId: 3, productCategory: '32', startDate: '2024-01-01', endDate: '2024-06-30' },
  ],
  allocations: [
    { ...d('a', 1), stopdatum: '2025-05-01', redenBeeindiging: '31' }, // volgens plan
    { ...d('a', 1), stopdatum: '2025-05-10', redenBeeindiging: '32' }, // voortijdig door cliënt
    { ...d('a', 2), stopdatum: '2025-05-12', redenBeeindiging: '20' }, // tijdelijk: not an end
    { ...d('b', 2), stopdatum: '2025-06-01', redenBeeindiging: '33' }, // voortijdig door aanbieder
    { ...d('b', 2), stopdatum: '2026-07-15', redenBeeindiging: '34' }, // after today: ignored
  ],
  outcomes: [
    { ...d('a', 1), gemetenOp: '2025-05-15', tevredenheid: 8, zonderHulpVerder: '04', doelrealisatiePct: 100 },
    { ...d('a', 1), gemetenOp: '2025-05-20', tevredenheid: 6, zonderHulpVerder: '01', doelrealisatiePct: 50 },
    { ...d('b', 2), gemetenOp: '2025-06-10', tevredenheid: null, zonderHulpVerder: '03', doelrealisatiePct: null },
    { ...d('b', 2), gemetenOp: '2025-06-11', tevredenheid: 10, zonderHulpVerder: null, doelrealisatiePct: 30 },
  ],
  cases: [
    // C1: aanmelding 1 Jan, triage +7, verwijzing +7, beschikking +10, start +20 (= 44 days after aanmelding, 30 after verwijzing)
    { ...d('a', 1), aanmelding: '2025-01-01', triage: '2025-01-08', verwijzing: '2025-01-15', beschikking: '2025-01-25', start: '2025-02-14' },
    // C2: triage after 2 days, nothing further yet
    { ...d('b', 0), aanmelding: '2025-03-01', triage: '2025-03-03' },
  ],
};

const total = (def: MaatDefinitie, perProviderToo = false) => {
  const facts = factsFor(def, data, TODAY);
  const s = facts.reduce((a, f) => ({ num: a.num + f.num, numSq: a.numSq + f.numSq, den: a.den + f.den }), { num: 0, numSq: 0, den: 0 });
  const byProvider = new Map<number, number>();
  for (const f of facts) byProvider.set(f.providerId, (byProvider.get(f.providerId) ?? 0) + f.den);
  return { s, value: valueOf(def, s, perProviderToo ? [...byProvider.values()] : []), facts };
};

describe('national outcome set (CBS Beleidsinformatie Jeugd §4.2-4.4)', () => {
  it('uitval (outcome 1, from JW307 RedenBeeindiging, §3.7): 32 and 33 of the three definitive stops up to today = 2/3', () => {
    const { s, value } = total({ maat: 'uitval', parameters: { redenen: ['32', '33', '34'] } });
    expect(s.den).toBe(3);
    expect(value).toBeCloseTo(2 / 3, 10);
  });
  it('tevredenheid (§4.3): (8 + 6 + 10) / 3 = 8', () => {
    const { s, value } = total({ maat: 'tevredenheid', parameters: {} });
    expect(s.den).toBe(3);
    expect(value).toBe(8);
  });
  it('zonder hulp verder (§4.4): answers 04, 01, 03 -> codes 03/04 in 2 of 3', () => {
    expect(total({ maat: 'zonder-hulp-verder', parameters: { codes: ['03', '04'] } }).value).toBeCloseTo(2 / 3, 10);
  });
  it('geen nieuwe start (outcome 3.2, 12 months): T1 (new start T2) no, T3 (T4) no, T5 yes; T2 window still open -> 1/3', () => {
    const { s, value } = total({ maat: 'geen-nieuwe-start', parameters: { maanden: 12 } });
    expect(s.den).toBe(3);
    expect(value).toBeCloseTo(1 / 3, 10);
  });
  it('doelrealisatie (seed 002): (100 + 50 + 30) / 3 = 60 %', () => {
    expect(total({ maat: 'doelrealisatie', parameters: {} }).value).toBe(60);
  });
});

describe('steering measures of seeds 003 and 004', () => {
  it('herhaalindicatie (seed 004 §4.4, 12 months, same segment): T1 -> T2 (a), T3 -> T4 (b), T5 none -> 2/3', () => {
    expect(total({ maat: 'herhaalindicatie', parameters: { maanden: 12 } }).value).toBeCloseTo(2 / 3, 10);
  });
  it('verblijfsduur (seed 004 §4.1): all ended (59 + 30 + 59 + 181) / 4 = 82.25 days; placements (36) only: 59', () => {
    expect(total({ maat: 'verblijfsduur', parameters: {} }).value).toBe(82.25);
    expect(total({ maat: 'verblijfsduur', parameters: { productcategorieen: ['36'] } }).value).toBe(59);
  });
  it('doorplaatsing (seed 004 §4.2, 3 months): T4 follows T3 within 3 months, T3 follows nothing -> 1/2', () => {
    expect(total({ maat: 'doorplaatsing', parameters: { productcategorieen: ['35', '36', '37', '38'], maanden: 3 } }).value).toBe(0.5);
  });
  it('wachtdagen (seed 004 §1.4): aanmelding -> start 44 days, verwijzing -> start 30 days (C1; C2 has not started)', () => {
    expect(total({ maat: 'wachtdagen', parameters: { van: 'aanmelding' } }).value).toBe(44);
    expect(total({ maat: 'wachtdagen', parameters: { van: 'verwijzing' } }).value).toBe(30);
  });
  it('doorlooptijd per process step (seed 003 §10.3 "per individueel proces"): triage (7 + 2) / 2, verwijzing 7, beschikking 10, start 20', () => {
    const facts = aggregateFacts(factsFor({ maat: 'doorlooptijd', parameters: {} }, data, TODAY));
    const per = (step: string) => {
      const f = facts.filter((x) => x.step === step);
      return f.reduce((a, x) => a + x.num, 0) / f.reduce((a, x) => a + x.den, 0);
    };
    expect(per('triage')).toBe(4.5);
    expect(per('verwijzing')).toBe(7);
    expect(per('beschikking')).toBe(10);
    expect(per('start')).toBe(20);
  });
  it('zorgpad (seed 003 §10.3 care pathways, 12 months): T1 (a) -> T2 in a, T3 (b) -> T4 in b, T5 (a) -> none; T2 window still open', () => {
    const facts = factsFor({ maat: 'zorgpad', parameters: { maanden: 12 } }, data, TODAY);
    expect(facts.map((f) => `${f.segmentId}>${f.step}`).sort()).toEqual(['a>geen', 'a>naar:a', 'b>naar:b']);
  });
  it('aantal starts (usage): 5; segment b only: 2', () => {
    expect(total({ maat: 'aantal-starts', parameters: {} }).value).toBe(5);
    expect(total({ maat: 'aantal-starts', parameters: { segmenten: ['b'] } }).value).toBe(2);
  });
  it('concentration: provider 1 has 3 starts, provider 2 has 2: HHI 60² + 40² = 5200, top-1 share 0.6', () => {
    expect(total({ maat: 'concentratie-hhi', parameters: {} }, true).value).toBeCloseTo(5200, 8);
    expect(total({ maat: 'topaandeel', parameters: { aantal: 1 } }, true).value).toBeCloseTo(0.6, 10);
    expect(hhi([1, 1, 1, 1])).toBeCloseTo(2500, 8); // four equal providers: 4 x 25²
    expect(topShare([50, 30, 10, 5, 3, 2], 5)).toBeCloseTo(0.98, 10);
    expect(hhi([])).toBeNull();
  });
  it('factsKey: unfiltered starts, concentration and top share share their facts (each of the 5 starts, one per start month); a filter or another measure does not', () => {
    const starts: MaatDefinitie[] = [
      { maat: 'aantal-starts', parameters: {} },
      { maat: 'concentratie-hhi', parameters: {} },
      { maat: 'topaandeel', parameters: { aantal: 5 } },
    ];
    expect(new Set(starts.map(factsKey)).size).toBe(1);
    // T1..T5 start on 2025-01-01, 2025-06-01, 2025-02-01, 2025-04-15, 2024-01-01: five cells of one start.
    for (const def of starts)
      expect(
        aggregateFacts(factsFor(def, data, TODAY))
          .map((f) => `${f.month}/${f.providerId}/${f.den}`)
          .sort(),
      ).toEqual(['2024-01-01/1/1', '2025-01-01/1/1', '2025-02-01/1/1', '2025-04-01/2/1', '2025-06-01/2/1']);
    expect(factsKey({ maat: 'aantal-starts', parameters: { segmenten: ['b'] } })).not.toBe(factsKey(starts[0]!));
    expect(factsKey({ maat: 'aantal-starts', parameters: { productcategorieen: ['36'] } })).not.toBe(factsKey(starts[0]!));
    expect(factsKey({ maat: 'uitval', parameters: { redenen: ['32'] } })).not.toBe(factsKey(starts[0]!));
  });
});

describe('aggregation, interval and status', () => {
  it('facts of the same month and cell add up (what the fact table stores)', () => {
    const f = (num: number): Fact => ({ ...d('a', 1), month: '2025-05-01', step: '', num, numSq: num * num, den: 1 });
    expect(aggregateFacts([f(8), f(6), { ...f(10), providerId: 2 }])).toEqual([
      { ...d('a', 1), month: '2025-05-01', step: '', num: 14, numSq: 100, den: 2 },
      { ...d('a', 2), month: '2025-05-01', step: '', num: 10, numSq: 100, den: 1 },
    ]);
  });
  it('Wilson interval of 5 in 10 is [0.2366, 0.7634] (standard table value); a mean of 6, 8, 10 has sd 2: 8 ± 1.96·2/√3', () => {
    const w = interval('uitval', { num: 5, numSq: 5, den: 10 })!;
    expect(w[0]).toBeCloseTo(0.2366, 4);
    expect(w[1]).toBeCloseTo(0.7634, 4);
    const m = interval('tevredenheid', { num: 24, numSq: 36 + 64 + 100, den: 3 })!;
    expect(m[0]).toBeCloseTo(8 - (1.96 * 2) / Math.sqrt(3), 10);
    expect(interval('aantal-starts', { num: 3, numSq: 3, den: 3 })).toBeNull();
  });
  it('status: against the target and its direction, insufficient n below the minimum, a KRI signals over its threshold', () => {
    const kpi = {
      soort: 'kpi' as const,
      minimumN: 3,
      doel: { waarde: 0.15, richting: 'lager-is-beter' as const, aanname: 'werkhypothese voor de test' },
      drempel: undefined,
    };
    expect(statusOf(kpi, 2 / 3, 3)).toEqual({ status: 'off-target', signaal: false });
    expect(statusOf(kpi, 0.1, 3)).toEqual({ status: 'on-target', signaal: false });
    expect(statusOf(kpi, 0.1, 2)).toEqual({ status: 'insufficient-n', signaal: false });
    expect(statusOf({ ...kpi, doel: undefined }, 0.1, 3).status).toBe('no-target');
    const kri = {
      soort: 'kri' as const,
      minimumN: 1,
      doel: undefined,
      drempel: { waarde: 56, signaal: 'boven' as const, aanname: 'werkhypothese voor de test' },
    };
    expect(statusOf(kri, 60, 5)).toEqual({ status: 'off-target', signaal: true });
    expect(statusOf(kri, 56, 5)).toEqual({ status: 'on-target', signaal: false });
  });
});

describe('care pathways: step-up and step-down by the order of intensity (seed 004 §4.3 "De gemeentelijke toegang stuurt op afschaling van behandeling met verblijf naar dagbehandeling.")', () => {
  const order = ['ambulante-jeugdhulp', 'dagbesteding-dagbehandeling', 'behandeling-met-verblijf'];
  it('from behandeling met verblijf to dagbehandeling is afschaling; the reverse is opschaling', async () => {
    const { pathwayDirection } = await import('../../../src/domain/steering/measures.js');
    expect(pathwayDirection('behandeling-met-verblijf', 'dagbesteding-dagbehandeling', order)).toBe('afschaling');
    expect(pathwayDirection('ambulante-jeugdhulp', 'behandeling-met-verblijf', order)).toBe('opschaling');
  });
  it('again in the same segment, no next start, or a segment outside the order', async () => {
    const { pathwayDirection, PATHWAY_DIRECTION_LABELS } = await import('../../../src/domain/steering/measures.js');
    expect(pathwayDirection('wonen', 'wonen', order)).toBe('opnieuw');
    expect(pathwayDirection('wonen', '', order)).toBe('geen');
    expect(pathwayDirection('crisis', 'behandeling-met-verblijf', order)).toBe('overstap');
    expect(pathwayDirection('ambulante-jeugdhulp', 'behandeling-met-verblijf')).toBe('overstap');
    expect(PATHWAY_DIRECTION_LABELS.afschaling).toBe('Afschaling');
  });
  it('the Holland Rijnland catalogue orders its segments from light to intensive', async () => {
    const { loadCatalogue } = await import('../../../src/app/steering/catalogue-store.js');
    const z = loadCatalogue('holland-rijnland').indicatoren.find((i) => i.maat === 'zorgpad')!;
    expect(z.maat === 'zorgpad' && z.parameters.intensiteit).toEqual(order);
  });
});
