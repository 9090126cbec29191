/**
 * The demo region's plan for funding, in memory: its contracts and, per demo trajectory, the profile
 * product it belongs to, its funding kind and its allocated dosage (omvang); the value of
 * task-based care per contract and of client-level care per segment and provider in the reference
 * year (the base of lump sums and availability components). Read once from the database.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { jsonRows } from '../db/json-rows.js';
import { contracts, demoRuns, providers, trajectories, youths } from '../db/schema.js';
import { isOpen, type BekostigingsVariant, type RegionProfile, type SegmentProfile } from '../domain/landscape/profile-schema.js';
import { addDays, addMonths, maxDate, minDate } from '../domain/dates.js';
import type { ScheduleContract } from '../app/funding/schedules.js';
import { allocatedVolume, volumeValue } from '../app/funding/spend.js';
import { loadRegionProfile } from '../app/landscape.js';
import { hasDemoParameters, loadDemoParameters } from '../app/profiles/demo-parameters.js';
import { ParameterSet } from '../domain/funding/parameters.js';
import type { Dated } from '../domain/funding/models.js';
import { demoBaseOf, parameterSetFor } from '../app/funding/parameters.js';
import { DEMO_UNIT_BY_CATEGORY, LUMPSUM_REFERENCE_YEAR, demoTariff, hash } from './funding-assumptions.js';

export const monthOf = (d: string) => d.slice(0, 7);
export const monthStart = (m: string) => `${m}-01`;
const monthEnds = new Map<string, string>();
/** Last day of a month (memoised: the demo asks it for every allocation and month). */
export const monthEnd = (m: string): string => {
  let end = monthEnds.get(m);
  if (end === undefined) monthEnds.set(m, (end = addDays(addMonths(monthStart(m), 1), -1)));
  return end;
};
export const nextMonth = (m: string) => monthOf(addMonths(monthStart(m), 1));

export type Kind = 'pxq' | 'output' | 'result' | 'caseload' | 'task' | 'none';

function kindOf(variant: BekostigingsVariant | undefined): Kind {
  switch (variant) {
    case 'inspanningsgericht':
      return 'pxq';
    case 'outputgericht':
      return 'output';
    case 'resultaatgericht':
      return 'result';
    case 'caseload':
      return 'caseload';
    case 'taakgericht':
    case 'populatie':
    case 'beschikbaarheid':
      return 'task';
    default:
      return 'none';
  }
}

/** Kinds with allocations per client (caseload too: the caseload is counted from the allocations; it is not declared). */
export const CLIENT_LEVEL = new Set<Kind>(['pxq', 'output', 'result', 'caseload']);

/**
 * The profile product a trajectory belongs to (the trajectory keeps only its category and unit):
 * same category and unit, preferring products with client-level funding. Its code is synthetic
 * (the seeds give no product codes): category + a letter per segment + the product's number.
 */
function productFor(
  seg: SegmentProfile,
  position: number,
  categorie: string,
  unit: string | null,
): { code: string; kind: Kind; eenheid: string | undefined; naam: string | undefined } {
  const variant = isOpen(seg.bekostiging) ? undefined : seg.bekostiging.variant;
  const candidates = seg.producten.map((p, i) => ({ p, i })).filter(({ p }) => p.categorie === categorie && (!unit || !p.eenheid || p.eenheid === unit));
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(CLIENT_LEVEL.has(kindOf(b.p.bekostiging ?? variant))) - Number(CLIENT_LEVEL.has(kindOf(a.p.bekostiging ?? variant))) ||
      Number(!!b.p.eenheid && b.p.eenheid === unit) - Number(!!a.p.eenheid && a.p.eenheid === unit) ||
      a.i - b.i,
  );
  const hit = ranked[0];
  const code = hit?.p.code ?? `${categorie}${String.fromCharCode(65 + (position % 26))}${String((hit?.i ?? 98) + 1).padStart(2, '0')}`;
  return { code, kind: kindOf(hit?.p.bekostiging ?? variant), eenheid: hit?.p.eenheid, naam: hit?.p.naam };
}

export interface Omvang {
  volume: number;
  eenheid: string;
  frequentie: string;
}

/** A trajectory as the plan reads it (dates as 'YYYY-MM-DD'). */
interface PlanTrajectory {
  id: number;
  youthId: number;
  providerId: number;
  contractId: number | null;
  segmentId: string;
  municipalityCode: string;
  productCategory: string;
  unit: string | null;
  volume: number | null;
  frequency: string | null;
  startDate: string;
  endDate: string | null;
}

/** The allocated dosage of a trajectory: its own, or an assumption per unit (per week; output: one trajectory in total). */
function dosageFor(
  kind: Kind,
  t: { id: number; unit: string | null; volume: number | null; frequency: string | null; productCategory: string },
  product: { eenheid: string | undefined; naam: string | undefined },
): Omvang {
  if (kind === 'output' || kind === 'result') return { volume: 1, eenheid: '82', frequentie: '6' };
  if (t.unit && t.volume !== null && t.frequency) return { volume: t.volume, eenheid: t.unit, frequentie: t.frequency };
  const eenheid = product.eenheid && product.eenheid !== '82' ? product.eenheid : (DEMO_UNIT_BY_CATEGORY[t.productCategory] ?? '04');
  const h = hash('dosis', t.id);
  switch (eenheid) {
    case '14':
      // Respite care (logeren) is a few nights a week, residential care every day.
      return { volume: /logeren|respijt/i.test(product.naam ?? '') ? 2 : 7, eenheid, frequentie: '2' };
    case '16':
      return { volume: 2 + (h % 5), eenheid, frequentie: '2' };
    case '01':
      return { volume: 60 * (1 + (h % 4)), eenheid, frequentie: '2' };
    case '84':
      return { volume: 3 + (h % 5), eenheid, frequentie: '2' };
    default:
      return { volume: 1 + (h % 5), eenheid: '04', frequentie: '2' };
  }
}

/** Allocated value of a dosage within a calendar year (cents; a total counts in the year it ends). */
export function yearValue(o: Omvang, start: string, end: string | null, year: number, price: (year: number) => number): number {
  const from = maxDate(start, `${year}-01-01`);
  const to = minDate(end ?? `${year}-12-31`, `${year}-12-31`);
  if (from > to) return 0;
  if (o.frequentie === '6') return end && end.startsWith(String(year)) ? o.volume * price(year) : 0;
  return Math.round(volumeValue(allocatedVolume(o, from, to), o.eenheid, { cents: price(year), eenheid: o.eenheid }));
}

export interface PlanAllocation {
  trajectoryId: number;
  youthId: number;
  bsn: string;
  providerId: number;
  agb: string;
  contractId: number | null;
  segmentId: string;
  municipalityCode: string;
  kind: Kind;
  categorie: string;
  code: string;
  start: string;
  end: string | null;
  omvang: Omvang;
  nummer?: number;
  /** JZ002 RedenWijziging of an allocation ended early (e.g. '05' when its Omvang changes: a new one follows). */
  redenWijziging?: string;
}

export interface Plan {
  profile: RegionProfile;
  from: string;
  /** Last month that can be declared (the month before `today`), or null. */
  lastMonth: string | null;
  todayYear: number;
  contracts: (ScheduleContract & { fundingVariant: string | null })[];
  agbOf: Map<number, string>;
  clientLevel: PlanAllocation[];
  /** Value (cents) of task-based care per contract key (segment|provider|lot) in the reference year. */
  taskValue: Map<string, number>;
  /** Client-level value (cents) per segment|provider in the reference year. */
  clientValue: Map<string, number>;
  referenceYear: number;
  /** Length of a declared Prestatie of P x Q care (default 'month'). */
  linePeriod?: DemoLinePeriod;
  /** How long an allocation runs (default 'trajectory'). */
  allocationPeriod?: DemoAllocationPeriod;
  /** A trajectory may have several allocations by start and product (loadPlan's carePieces; national set). */
  carePieces?: boolean;
  /** The region's dated parameters (profile facts and the demo's stated assumptions). */
  parameters: ParameterSet;
  /** Index rates of the demo tariffs (parameter `indexatie`). */
  indexation: Dated<number>;
}

/**
 * Contracts per segment in AGB order, then start date (for a provider of another segment:
 * DemoCarePiece.elders): the choice among them does not depend on the order in which the contracts
 * got their ids (PostgreSQL loads the national copies over several connections at once).
 */
function groupContracts<C extends { id: number; segmentId: string; providerId: number; startDate: string }>(
  rows: C[],
  agbOf: Map<number, string>,
): Map<string, C[]> {
  const m = new Map<string, C[]>();
  const order = (a: C, b: C) => agbOf.get(a.providerId)!.localeCompare(agbOf.get(b.providerId)!) || a.startDate.localeCompare(b.startDate) || a.id - b.id;
  for (const c of [...rows].sort(order)) m.set(c.segmentId, [...(m.get(c.segmentId) ?? []), c]);
  return m;
}

export const contractKey = (segmentId: string, providerId: number, lotId: string | null) => `${segmentId}|${providerId}|${lotId ?? ''}`;

/**
 * Full years of declared history a region's demo needs before the current year: three where the
 * profile has risk equalisation (it divides the budget by the realisation of "de drie voorafgaande
 * jaren", seed 004 §6), otherwise one (last year beside this year).
 */
export function neededHistoryYears(profile: RegionProfile): number {
  const basis = new ParameterSet(profile.parameters).series('risicoverevening-basisjaren');
  return basis.length > 0 ? basis[basis.length - 1]!.value : 1;
}

/**
 * Length of a declared Prestatie of P x Q care: 'month' (the demo's default, one line per
 * allocation and month) or 'week' (one line per calendar week within the month, Monday to Sunday,
 * clipped to the month and the allocation: as providers that declare each week's delivery do; every
 * ProductPeriode lies within the DeclaratiePeriode, TR319/CS340). Output is declared once either way.
 */
export type DemoLinePeriod = 'month' | 'week';

/**
 * How long a Toewijzing of P x Q or output care runs: 'trajectory' (the demo's default: one
 * allocation per client-level trajectory) or 'year' (at most to the end of the calendar year: a
 * trajectory that runs on gets a new allocation for each year, the first from its start, the last
 * to its end; only the years from the history's start are allocated). Result-based and caseload
 * care keep one allocation per trajectory (their advances and outcomes belong to the trajectory;
 * loadPlan's `resultPerYear` gives result-based care one per year too, each its own result period).
 */
export type DemoAllocationPeriod = 'trajectory' | 'year';

/**
 * A piece of a client-level trajectory's care that gets its own Toewijzing (national set, option
 * `carePieces` of loadPlan; the demo has none: one allocation for the whole trajectory). Either the
 * trajectory's own product over [start, end] with an Omvang volume of its own (a change of the
 * Omvang ends the allocation and a new one starts, iJw IV066), or another product beside it
 * (`categorie`: combined care, each product its own Toewijzing).
 */
export interface DemoCarePiece {
  start: string;
  end: string | null;
  /** Another product category of the trajectory's segment beside its own (its dosage by the demo's assumptions). */
  categorie?: string;
  /** The Omvang volume of this piece (default the trajectory's). */
  volume?: number;
  /** JZ002 RedenWijziging when the piece ends before the care does (the Omvang changes). */
  redenWijziging?: string;
  /** A product of its own within the category (e.g. diagnostiek before dagbehandeling): its product code (default: the category's product). */
  productcode?: string;
  /**
   * With `categorie`: the product of another segment (e.g. jeugdhulp beside a maatregel), the region's
   * segment other than the trajectory's with the most trajectories of that category, under the
   * contract of a provider of that segment in force at the piece's start (another provider's Toewijzing).
   */
  elders?: boolean;
}

/** What decides a trajectory's pieces (its id, funding kind, dates and allocated dosage); undefined: one piece, the whole trajectory. */
export type DemoCarePieces = (t: {
  id: number;
  kind: Kind;
  categorie: string;
  start: string;
  end: string | null;
  omvang: Omvang;
}) => DemoCarePiece[] | undefined;

/** The plan; `historyYears` undefined: as many as the region needs (neededHistoryYears). */
export async function loadPlan(
  db: Db,
  regionId: string,
  today: string,
  historyYears: number | undefined,
  opts: {
    allocationPeriod?: DemoAllocationPeriod;
    /** With allocationPeriod 'year': result-based care too gets an allocation per calendar year (default: one per trajectory). */
    resultPerYear?: boolean;
    /** The trajectories' pieces with their own Toewijzing (default: none, one per trajectory; DemoCarePiece). */
    carePieces?: DemoCarePieces;
  } = {},
): Promise<Plan> {
  const profile = await loadRegionProfile(db, regionId);
  const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  const base = demoBaseOf(regionId, run?.counts);
  const parameters = parameterSetFor(profile, true, base);
  const indexation = parameters.series('indexatie');
  const todayYear = Number(today.slice(0, 4));
  let firstYear = todayYear - (historyYears ?? neededHistoryYears(profile));
  // Without a demo.yaml (e.g. a test region) the history parameter alone decides; a demo.yaml that
  // does not parse or match its schema is an error, not a missing file.
  if (hasDemoParameters(base)) firstYear = Math.max(firstYear, Math.min(...loadDemoParameters(base).jaren));
  // iJw 3.2 declarations start in 2021 (CS100).
  const from = `${Math.max(firstYear, 2021)}-01-01`;
  const lastMonth = monthOf(addMonths(`${today.slice(0, 7)}-01`, -1));
  const contractRows = await db
    .select({
      id: contracts.id,
      providerId: contracts.providerId,
      segmentId: contracts.segmentId,
      lotId: contracts.lotId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      status: contracts.status,
      fundingVariant: contracts.fundingVariant,
    })
    .from(contracts)
    .where(eq(contracts.regionId, regionId));
  const contractById = new Map(contractRows.map((c) => [c.id, c]));
  const providerRows = await db.select({ id: providers.id, agb: providers.agbCode }).from(providers).where(eq(providers.regionId, regionId));
  const agbOf = new Map(providerRows.map((p) => [p.id, p.agb]));
  // Only the columns the plan reads (one row per trajectory of the region: tens of thousands), as
  // one JSON value (PGlite decodes result rows one by one in JavaScript: json-rows.ts), in id order.
  const rows = (
    await jsonRows<{ t: PlanTrajectory; bsn: string }>(
      db,
      sql`select json_build_object('id', t.id, 'youthId', t.youth_id, 'providerId', t.provider_id, 'contractId', t.contract_id,
          'segmentId', t.segment_id, 'municipalityCode', t.municipality_code, 'productCategory', t.product_category, 'unit', t.unit,
          'volume', t.volume, 'frequency', t.frequency, 'startDate', t.start_date, 'endDate', t.end_date) as t, y.bsn
        from ${trajectories} t join ${youths} y on y.id = t.youth_id
        where t.region_id = ${regionId}`,
    )
  ).sort((a, b) => a.t.id - b.t.id);
  const segIndex = new Map(profile.segmenten.map((s, i) => [s.id, { seg: s, position: i }]));
  const referenceYear = Math.min(LUMPSUM_REFERENCE_YEAR, todayYear - 1);
  const clientLevel: PlanAllocation[] = [];
  const taskValue = new Map<string, number>();
  const clientValue = new Map<string, number>();
  // For pieces of another segment: per category the segments by their number of trajectories of it, most first.
  const segmentsOfCategory = new Map<string, string[]>();
  if (opts.carePieces) {
    const counts = new Map<string, Map<string, number>>();
    for (const { t } of rows) {
      const m = counts.get(t.productCategory) ?? new Map<string, number>();
      m.set(t.segmentId, (m.get(t.segmentId) ?? 0) + 1);
      counts.set(t.productCategory, m);
    }
    for (const [c, m] of counts)
      segmentsOfCategory.set(
        c,
        [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id),
      );
  }
  const contractsOfSegment = groupContracts(contractRows, agbOf);
  for (const { t, bsn } of rows) {
    const s = segIndex.get(t.segmentId);
    if (!s) continue;
    const product = productFor(s.seg, s.position, t.productCategory, t.unit);
    const omvang = dosageFor(product.kind, t, product);
    const price = (year: number) => demoTariff(t.providerId, t.productCategory, omvang.eenheid, year, indexation);
    const value = yearValue(omvang, t.startDate, t.endDate, referenceYear, price);
    if (product.kind === 'task') {
      const c = t.contractId !== null ? contractById.get(t.contractId) : undefined;
      const key = contractKey(t.segmentId, t.providerId, c?.lotId ?? null);
      taskValue.set(key, (taskValue.get(key) ?? 0) + value);
      continue;
    }
    if (!CLIENT_LEVEL.has(product.kind)) continue;
    clientValue.set(`${t.segmentId}|${t.providerId}`, (clientValue.get(`${t.segmentId}|${t.providerId}`) ?? 0) + value);
    if (t.endDate !== null && t.endDate < from) continue; // before the history: no allocation needed
    const perYearOf = (kind: Kind) => opts.allocationPeriod === 'year' && (kind === 'pxq' || kind === 'output' || (kind === 'result' && !!opts.resultPerYear));
    const whole: PlanAllocation = {
      trajectoryId: t.id,
      youthId: t.youthId,
      bsn,
      providerId: t.providerId,
      agb: agbOf.get(t.providerId)!,
      contractId: t.contractId,
      segmentId: t.segmentId,
      municipalityCode: t.municipalityCode,
      kind: product.kind,
      categorie: t.productCategory,
      code: product.code,
      start: t.startDate,
      end: t.endDate,
      omvang,
    };
    const pieces = opts.carePieces?.({ id: t.id, kind: product.kind, categorie: t.productCategory, start: t.startDate, end: t.endDate, omvang });
    for (const [k, piece] of (pieces ?? [{ start: t.startDate, end: t.endDate }]).entries()) {
      if (piece.end !== null && piece.end < from) continue;
      let allocation = whole;
      if (piece.categorie !== undefined && piece.elders) {
        // A product of another segment, under the contract of a provider of that segment in force at the piece's start.
        const segId = (segmentsOfCategory.get(piece.categorie) ?? []).find((id) => id !== t.segmentId);
        const o = segId !== undefined ? segIndex.get(segId) : undefined;
        if (!o) continue;
        const other = productFor(o.seg, o.position, piece.categorie, null);
        if (!CLIENT_LEVEL.has(other.kind)) continue;
        // Another provider than the trajectory's own (a provider may hold contracts in both segments).
        const options = (contractsOfSegment.get(o.seg.id) ?? []).filter(
          (c) => c.providerId !== t.providerId && c.startDate <= piece.start && c.endDate >= piece.start,
        );
        if (options.length === 0) continue;
        const c = options[hash('elders', t.id, k) % options.length]!;
        const dosage = dosageFor(other.kind, { id: t.id * 16 + k, unit: null, volume: null, frequency: null, productCategory: piece.categorie }, other);
        allocation = {
          ...whole,
          providerId: c.providerId,
          agb: agbOf.get(c.providerId)!,
          contractId: c.id,
          segmentId: o.seg.id,
          kind: other.kind,
          categorie: piece.categorie,
          code: other.code,
          omvang: dosage,
        };
      } else if (piece.categorie !== undefined) {
        // Another product beside the trajectory's own, from the same segment (its code, funding kind and dosage as the demo assumes them).
        const other = productFor(s.seg, s.position, piece.categorie, null);
        if (other.kind !== product.kind) continue;
        const dosage = dosageFor(other.kind, { id: t.id * 16 + k, unit: null, volume: null, frequency: null, productCategory: piece.categorie }, other);
        allocation = { ...whole, categorie: piece.categorie, code: other.code, omvang: dosage };
      } else if (piece.volume !== undefined) allocation = { ...whole, omvang: { ...omvang, volume: piece.volume } };
      if (piece.productcode !== undefined) allocation = { ...allocation, code: piece.productcode };
      allocation = { ...allocation, start: piece.start, end: piece.end, ...(piece.redenWijziging ? { redenWijziging: piece.redenWijziging } : {}) };
      if (!perYearOf(allocation.kind)) {
        clientLevel.push(allocation);
        continue;
      }
      for (let year = Math.max(Number(piece.start.slice(0, 4)), Number(from.slice(0, 4))); ; year++) {
        const start = maxDate(piece.start, `${year}-01-01`);
        if (piece.end !== null && start > piece.end) break;
        // The year of `today` runs on like the trajectory (an open trajectory's current allocation is open).
        const last = year >= todayYear || (piece.end !== null && piece.end <= `${year}-12-31`);
        const { redenWijziging, ...rest } = allocation;
        clientLevel.push({ ...rest, start, end: last ? piece.end : `${year}-12-31`, ...(last && redenWijziging ? { redenWijziging } : {}) });
        if (last) break;
      }
    }
  }
  return {
    profile,
    from,
    lastMonth: lastMonth >= monthOf(from) ? lastMonth : null,
    todayYear,
    contracts: contractRows,
    agbOf,
    clientLevel,
    taskValue,
    clientValue,
    referenceYear,
    parameters,
    indexation,
    ...(opts.allocationPeriod ? { allocationPeriod: opts.allocationPeriod } : {}),
    ...(opts.carePieces ? { carePieces: true } : {}),
  };
}
