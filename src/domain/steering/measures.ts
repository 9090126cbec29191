/**
 * The measures of the KPI catalogue as small pure functions (no I/O, today passed in):
 *
 * - `factsFor` turns the care register (trajectories, allocations with their JW307 stop, outcome
 *   measurements, access cases) into additive facts per month and cell (segment, area,
 *   municipality, provider, access-path step): numerator, its squares and denominator;
 * - `valueOf` computes an indicator's value from summed facts (a share, a mean, a count, or a
 *   concentration from the per-provider sums), `interval` its 95 % interval, `statusOf` its status
 *   against target and minimum n and whether a KRI's threshold raises a signal.
 *
 * Because facts add up, any level (region, segment, area, process step), provider, municipality
 * and period (month, quarter, year) is a sum over stored facts, never a pass over all lines.
 */
import { addMonths, daysBetween } from '../dates.js';
import type { Indicator, Maat, MaatDefinitie } from './catalogue.js';

export interface Dims {
  segmentId: string;
  areaId: string;
  municipalityCode: string;
  providerId: number;
}
export interface TrajectoryRec extends Dims {
  youthId: number;
  productCategory: string;
  startDate: string;
  endDate: string | null;
}
export interface AllocationRec extends Dims {
  stopdatum: string | null;
  redenBeeindiging: string | null;
}
export interface OutcomeRec extends Dims {
  gemetenOp: string;
  tevredenheid: number | null;
  zonderHulpVerder: string | null;
  doelrealisatiePct: number | null;
}
export interface CaseRec extends Dims {
  /** Dates of the access-path steps that happened (first referral, decision and start). */
  aanmelding: string;
  triage?: string;
  verwijzing?: string;
  beschikking?: string;
  start?: string;
}
export interface SourceData {
  trajectories: readonly TrajectoryRec[];
  allocations: readonly AllocationRec[];
  outcomes: readonly OutcomeRec[];
  cases: readonly CaseRec[];
}
export interface Fact extends Dims {
  month: string;
  step: string;
  num: number;
  numSq: number;
  den: number;
}
export interface Sums {
  num: number;
  numSq: number;
  den: number;
}

const monthOf = (d: string) => `${d.slice(0, 7)}-01`;
const fact = (d: Dims, date: string, num: number, step = ''): Fact => ({
  segmentId: d.segmentId,
  areaId: d.areaId,
  municipalityCode: d.municipalityCode,
  providerId: d.providerId,
  month: monthOf(date),
  step,
  num,
  numSq: num * num,
  den: 1,
});
const inFilter = (t: TrajectoryRec, p: { productcategorieen?: string[] | undefined; segmenten?: string[] | undefined }) =>
  (!p.productcategorieen || p.productcategorieen.includes(t.productCategory)) && (!p.segmenten || p.segmenten.includes(t.segmentId));

function byYouth(ts: readonly TrajectoryRec[]): Map<number, TrajectoryRec[]> {
  const m = new Map<number, TrajectoryRec[]>();
  for (const t of ts) {
    const list = m.get(t.youthId) ?? [];
    list.push(t);
    m.set(t.youthId, list);
  }
  return m;
}

/** Whether the youth has a start after `end` and on or before `end + maanden` (optionally in the same segment). */
function newStartWithin(own: readonly TrajectoryRec[], t: TrajectoryRec, until: string, sameSegment: boolean): boolean {
  return own.some((o) => o !== t && o.startDate > t.endDate! && o.startDate <= until && (!sameSegment || o.segmentId === t.segmentId));
}

/** addMonths kept per date: the same few thousand dates come back for tens of thousands of trajectories. */
function monthShift(months: number): (d: string) => string {
  const known = new Map<string, string>();
  return (d) => {
    let v = known.get(d);
    if (v === undefined) known.set(d, (v = addMonths(d, months)));
    return v;
  };
}

/**
 * A key such that two measures with the same key have the same facts (factsFor below): the number of
 * starts without a filter, the concentration index and the top share all count every start. A
 * refresh computes each key's facts once.
 */
export function factsKey(def: MaatDefinitie): string {
  if (def.maat === 'concentratie-hhi' || def.maat === 'topaandeel') return 'starts';
  if (def.maat === 'aantal-starts' && !def.parameters.productcategorieen && !def.parameters.segmenten) return 'starts';
  return JSON.stringify(def);
}

/** The facts of one measure over the source data, as of `today` (events after today are ignored). */
export function factsFor(def: MaatDefinitie, data: SourceData, today: string): Fact[] {
  const out: Fact[] = [];
  switch (def.maat) {
    case 'uitval':
      // Definitive stops only: reason 20 is a temporary stop (JZ588), not an end of care.
      for (const a of data.allocations)
        if (a.stopdatum && a.stopdatum <= today && a.redenBeeindiging && a.redenBeeindiging !== '20')
          out.push(fact(a, a.stopdatum, def.parameters.redenen.includes(a.redenBeeindiging) ? 1 : 0));
      break;
    case 'tevredenheid':
      for (const o of data.outcomes) if (o.tevredenheid !== null && o.gemetenOp <= today) out.push(fact(o, o.gemetenOp, o.tevredenheid));
      break;
    case 'zonder-hulp-verder':
      for (const o of data.outcomes)
        if (o.zonderHulpVerder !== null && o.gemetenOp <= today)
          out.push(fact(o, o.gemetenOp, def.parameters.codes.includes(o.zonderHulpVerder as '01') ? 1 : 0));
      break;
    case 'doelrealisatie':
      for (const o of data.outcomes) if (o.doelrealisatiePct !== null && o.gemetenOp <= today) out.push(fact(o, o.gemetenOp, o.doelrealisatiePct));
      break;
    case 'geen-nieuwe-start':
    case 'herhaalindicatie': {
      const youths = byYouth(data.trajectories);
      const later = monthShift(def.parameters.maanden);
      for (const t of data.trajectories) {
        // Only trajectories whose whole observation window has passed.
        if (!t.endDate || later(t.endDate) > today) continue;
        const again = newStartWithin(youths.get(t.youthId)!, t, later(t.endDate), def.maat === 'herhaalindicatie');
        out.push(fact(t, t.endDate, def.maat === 'geen-nieuwe-start' ? (again ? 0 : 1) : again ? 1 : 0));
      }
      break;
    }
    case 'verblijfsduur':
      for (const t of data.trajectories)
        if (t.endDate && t.endDate <= today && inFilter(t, def.parameters)) out.push(fact(t, t.endDate, daysBetween(t.startDate, t.endDate)));
      break;
    case 'doorplaatsing': {
      const cats = def.parameters.productcategorieen;
      const placements = data.trajectories.filter((t) => cats.includes(t.productCategory));
      const youths = byYouth(placements);
      const earlier = monthShift(-def.parameters.maanden);
      for (const t of placements) {
        if (t.startDate > today) continue;
        const from = earlier(t.startDate);
        const moved = youths
          .get(t.youthId)!
          .some((o) => o !== t && o.endDate !== null && o.endDate >= from && o.endDate <= t.startDate && o.startDate < t.startDate);
        out.push(fact(t, t.startDate, moved ? 1 : 0));
      }
      break;
    }
    case 'wachtdagen':
      for (const c of data.cases) {
        const from = def.parameters.van === 'aanmelding' ? c.aanmelding : c.verwijzing;
        if (c.start && from && c.start <= today) out.push(fact(c, c.start, daysBetween(from, c.start)));
      }
      break;
    case 'doorlooptijd':
      for (const c of data.cases) {
        const steps: [string, string | undefined][] = [
          ['aanmelding', c.aanmelding],
          ['triage', c.triage],
          ['verwijzing', c.verwijzing],
          ['beschikking', c.beschikking],
          ['start', c.start],
        ];
        for (let i = 1; i < steps.length; i++) {
          const [, prev] = steps[i - 1]!;
          const [step, at] = steps[i]!;
          if (prev && at && at <= today) out.push(fact(c, at, daysBetween(prev, at), step));
        }
      }
      break;
    case 'zorgpad': {
      // Step = the segment of the next start within the window ('' = none); only complete windows.
      const youths = byYouth(data.trajectories);
      const later = monthShift(def.parameters.maanden);
      for (const t of data.trajectories) {
        if (!t.endDate || later(t.endDate) > today) continue;
        const until = later(t.endDate);
        const next = youths
          .get(t.youthId)!
          .filter((o) => o !== t && o.startDate > t.endDate! && o.startDate <= until)
          .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
        out.push(fact(t, t.endDate, 1, next ? `naar:${next.segmentId}` : 'geen'));
      }
      break;
    }
    case 'aantal-starts':
    case 'concentratie-hhi':
    case 'topaandeel':
      for (const t of data.trajectories)
        if (t.startDate <= today && (def.maat !== 'aantal-starts' || inFilter(t, def.parameters))) out.push(fact(t, t.startDate, 1));
      break;
  }
  return out;
}

/** Facts summed per cell (month, dims, step): what the fact table stores. */
export function aggregateFacts(facts: readonly Fact[]): Fact[] {
  const cells = new Map<string, Fact>();
  for (const f of facts) {
    const key = `${f.month}|${f.segmentId}|${f.areaId}|${f.municipalityCode}|${f.providerId}|${f.step}`;
    const c = cells.get(key);
    if (c) {
      c.num += f.num;
      c.numSq += f.numSq;
      c.den += f.den;
    } else cells.set(key, { ...f });
  }
  return [...cells.values()];
}

export const SHARE_MEASURES: readonly Maat[] = ['uitval', 'zonder-hulp-verder', 'geen-nieuwe-start', 'herhaalindicatie', 'doorplaatsing'];
export const MEAN_MEASURES: readonly Maat[] = ['tevredenheid', 'doelrealisatie', 'verblijfsduur', 'wachtdagen', 'doorlooptijd'];
/** Measures computed from the per-provider sums. */
export const PROVIDER_MEASURES: readonly Maat[] = ['concentratie-hhi', 'topaandeel'];

/** Herfindahl-Hirschman index: the sum of squared market shares in percent (0-10,000). */
export function hhi(volumes: readonly number[]): number | null {
  const total = volumes.reduce((a, v) => a + v, 0);
  if (total <= 0) return null;
  return volumes.reduce((a, v) => a + ((100 * v) / total) ** 2, 0);
}

/** Share of the total held by the `k` largest. */
export function topShare(volumes: readonly number[], k: number): number | null {
  const total = volumes.reduce((a, v) => a + v, 0);
  if (total <= 0) return null;
  return (
    [...volumes]
      .sort((a, b) => b - a)
      .slice(0, k)
      .reduce((a, v) => a + v, 0) / total
  );
}

/** The value of a measure from its summed facts (and, for concentration, the per-provider sums). */
export function valueOf(def: MaatDefinitie, s: Sums, perProvider: readonly number[] = []): number | null {
  if (def.maat === 'concentratie-hhi') return hhi(perProvider);
  if (def.maat === 'topaandeel') return topShare(perProvider, def.parameters.aantal);
  if (s.den <= 0) return null;
  if (def.maat === 'aantal-starts') return s.num;
  return s.num / s.den;
}

/** 95 % interval: Wilson for a share, normal approximation for a mean; null for counts and indices. */
export function interval(maat: Maat, s: Sums): [number, number] | null {
  const n = s.den;
  if (n <= 0) return null;
  const z = 1.96;
  if (SHARE_MEASURES.includes(maat)) {
    const p = s.num / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }
  if (MEAN_MEASURES.includes(maat)) {
    if (n < 2) return null;
    const mean = s.num / n;
    const variance = Math.max(0, (s.numSq - n * mean * mean) / (n - 1));
    const half = z * Math.sqrt(variance / n);
    return [mean - half, mean + half];
  }
  return null;
}

export type KpiStatus = 'on-target' | 'off-target' | 'no-target' | 'insufficient-n';

/** Status against the target (or, for a KRI, the threshold) and whether a KRI signals. */
export function statusOf(
  ind: Pick<Indicator, 'soort' | 'doel' | 'drempel' | 'minimumN'>,
  value: number | null,
  n: number,
): { status: KpiStatus; signaal: boolean } {
  if (value === null || n < ind.minimumN) return { status: 'insufficient-n', signaal: false };
  const signaal = ind.drempel ? (ind.drempel.signaal === 'boven' ? value > ind.drempel.waarde : value < ind.drempel.waarde) : false;
  if (ind.soort === 'kri' && !ind.doel) return { status: signaal ? 'off-target' : 'on-target', signaal };
  if (!ind.doel) return { status: 'no-target', signaal };
  const ok = ind.doel.richting === 'hoger-is-beter' ? value >= ind.doel.waarde : value <= ind.doel.waarde;
  return { status: ok ? 'on-target' : 'off-target', signaal };
}

export type PathwayDirection = 'opschaling' | 'afschaling' | 'opnieuw' | 'overstap' | 'geen';
export const PATHWAY_DIRECTION_LABELS: Record<PathwayDirection, string> = {
  opschaling: 'Opschaling',
  afschaling: 'Afschaling',
  opnieuw: 'Opnieuw in hetzelfde segment',
  overstap: 'Overstap',
  geen: 'Geen nieuwe hulp',
};

/**
 * The direction of a care pathway from the segment where care ended to the segment of the next
 * start ('' = none): by the order of intensity of the catalogue (lightest first); a pair outside
 * that order is an overstap.
 */
export function pathwayDirection(from: string, to: string, intensiteit: readonly string[] = []): PathwayDirection {
  if (!to) return 'geen';
  if (from === to) return 'opnieuw';
  const a = intensiteit.indexOf(from);
  const b = intensiteit.indexOf(to);
  if (a < 0 || b < 0) return 'overstap';
  return b > a ? 'opschaling' : 'afschaling';
}
