/**
 * Demo funding: gives a demo region several years of realistic spend per funding model, through
 * the real settlement path.
 *
 * 1. Tariffs per contract and product (synthetic, see DEMO_BASE_TARIFFS: ASSUMPTIONS), indexed
 *    yearly with the assumed indexation (budget-framework ASSUMED_INDEXATION).
 * 2. Allocations (toewijzingen) in the allocations table for every demo trajectory with
 *    client-level funding (P x Q, output, result-based), numbered from toewijzing_nummer_seq.
 *    Task-based (taakgericht) care has no client-level accounting (seed 003 §5.3.5), so no
 *    allocations.
 * 3. Ceilings per provider for segments with a provider ceiling (seed 004 §3.1/§3.3) and per
 *    segment for segments with a segment ceiling (seed 003 §6.3.5).
 * 4. Payment schedules for lump-sum and availability contracts (schedules.ts), and for
 *    result-based allocations the advance and the goal outcome.
 * 5. For every month of the history: per provider and municipality one JW323 declaration, built
 *    with the iJw codec and sent through settleDeclaration (validation, settlement, JW325). A few
 *    lines are over-declared (rejected with 9321 and sent again corrected the next month) or
 *    credited and re-declared, as happens in practice.
 *
 * The data is deterministic (no clock, no random source): running it again, or after a crash,
 * settles nothing twice (declarations already received are skipped; settlement is exactly once).
 * Every number below that is not cited from a seed is an assumption of the demo.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocations, ceilings, contracts, declarations, demoRuns, providers, tariffs, toewijzingNummerSeq, trajectories, youths } from '../../db/schema.js';
import { indexed } from '../../domain/funding/models.js';
import { allowedVolume } from '../../domain/funding/settlement.js';
import { isOpen, type BekostigingsVariant, type RegionProfile, type SegmentProfile } from '../../domain/landscape/profile-schema.js';
import { addDays, addMonths, daysBetween, maxDate, minDate } from '../../domain/dates.js';
import { serialize, type IjwMessages } from '../../ijw/codec.js';
import { BadInput } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { loadDemoParameters } from '../demo.js';
import { settleDeclaration } from './settle.js';
import { createSchedules, recordGoalAttainment, scheduleComponents, scheduleResultAdvances, type ResultShares, type ScheduleComponent, type ScheduleContract } from './schedules.js';
import { allocatedVolume, volumeValue } from './spend.js';
import { ASSUMED_INDEXATION } from './budget-framework.js';

// ------------------------------------------------------------------------------------------------
// Assumptions (demo only; none of these numbers is in the seeds)

/**
 * Tariffs per JZ020 product category and WJ756 unit, in cents, at the 2024 price level. ASSUMPTION:
 * synthetic amounts in the order of magnitude of Dutch youth-care tariffs; the seeds give no
 * tariffs. Each provider's tariff differs a few percent (providerFactor) and is indexed per year.
 */
export const DEMO_BASE_TARIFFS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '41': { '16': 11_800, '04': 10_500 }, // dagbehandeling per dagdeel / uur
  '42': { '84': 2_600 }, // vervoer per rit
  '43': { '14': 34_000 }, // verblijf inclusief behandeling per etmaal
  '44': { '14': 6_500 }, // verblijf exclusief behandeling per etmaal (gemiddeld: vooral pleegzorg, ook gezinshuis en groepen)
  '45': { '04': 9_400, '16': 6_900, '01': 157 }, // jeugdhulp ambulant per uur / dagdeel (dagbesteding) / minuut
  '46': { '14': 26_000 }, // crisis per etmaal (gemiddeld over ambulante crisishulp en crisisverblijf)
  '47': { '14': 2_500 }, // jeugdreclassering per dag
  '48': { '14': 2_400 }, // jeugdbescherming per dag
  '54': { '04': 12_600, '82': 345_000 }, // jeugd-ggz per uur; EED (output) per traject
};
/** Fallback per unit when a category has no tariff of its own (ASSUMPTION). */
const FALLBACK_TARIFF_BY_UNIT: Readonly<Record<string, number>> = { '01': 160, '04': 9_500, '14': 20_000, '16': 8_000, '82': 300_000, '84': 2_600 };
/** Price level year of DEMO_BASE_TARIFFS. */
const TARIFF_PRICE_LEVEL = 2024;

/** Unit per category when neither trajectory nor profile product names one (ASSUMPTION). */
const DEMO_UNIT_BY_CATEGORY: Readonly<Record<string, string>> = { '41': '16', '42': '84', '43': '14', '44': '14', '45': '04', '46': '14', '47': '14', '48': '14', '54': '04' };

/** Lump sum reference year: seed 003 §2.1 values the SLT from "de declaratiewaarde over 2024". */
const LUMPSUM_REFERENCE_YEAR = 2024;

/**
 * Efficiency discount on the lump sum of a task area whose funding mentions one (seed 003 §5.3.5:
 * "Het is mogelijk dat hier een efficiëntiekorting van toepassing is doordat er verwacht wordt dat
 * er minder gebruik wordt gemaakt van SGGZ"). ASSUMPTION: 3% of the lump sum (the SGGZ share times
 * the expected decline), from the new contracts on; the transition contracts pay the full amount.
 */
export const DEMO_SGGZ_DISCOUNT = { discount: 0.03, aanname: 'Aanname (demo): 3% efficiëntiekorting op de lumpsum van het SLT vanaf de nieuwe contracten; de seed laat de hoogte open (seed 003 §5.3.5, openVraag in het profiel).' };

/**
 * Scheduled components as a share of a base value in the reference year (ASSUMPTIONS), indexed per
 * year. The base of a lump sum is the value of the contract's (lot's) own care; the base of an
 * availability component the contract's client-level (P x Q) value.
 */
export const DEMO_SCHEDULE_SHARES = {
  lumpsum: { share: 1, aanname: 'Lumpsum = waarde van de zorg van het contract (perceel) in het referentiejaar, geïndexeerd (seed 003 §2.1: de opdrachtwaarde is berekend op de declaratiewaarde over 2024).' },
  extraTaskBudget: { share: 0.02, aanname: 'Aanvullend taakgericht budget (bijv. consultatie, seed 003 §6.2) = 2% van de lumpsum.' },
  availability: { share: 0.05, aanname: 'Beschikbaarheidsbijdrage = 5% van de P x Q-omzet van het contract.' },
} as const;

/**
 * Availability components of named segments (ASSUMPTIONS on the share and the years), after seed
 * 004 §4.1 (availability funding for coordination and the Centrale Intake, implementation from
 * January 2022 in the planning) and §4.6 (crisis: "Voor de start ... een incidentele subsidie",
 * later availability funding beside P x Q). `aanvullend` is the index in the profile's list.
 */
export const DEMO_COMPONENT_SHARES: readonly { segment: string; aanvullend: number; share: number; fromYear?: number; toYear?: number; aanname: string }[] = [
  { segment: 'behandeling-met-verblijf', aanvullend: 0, share: 0.04, fromYear: 2022, aanname: 'Beschikbaarheidsbijdrage 4% van de P x Q-omzet van de aanbieder in het segment (coördinatie en Centrale Intake), vanaf januari 2022 (seed 004 §4.1 planning: "januari 2022: start implementatie").' },
  { segment: 'crisis', aanvullend: 0, share: 0.2, toYear: 2022, aanname: 'Incidentele subsidie bij de start (seed 004 §4.6) als 20% van de P x Q-omzet in crisis, 2021-2022.' },
  { segment: 'crisis', aanvullend: 1, share: 0.2, fromYear: 2023, aanname: 'Beschikbaarheidsfinanciering naast P x Q (seed 004 §4.6) als 20% van de P x Q-omzet in crisis, vanaf 2023.' },
];

/** Result-based shares where the profile leaves them open (seed 002: "deels voorfinancieren en deels achteraf"). ASSUMPTION. */
export const DEMO_RESULT_SHARES: ResultShares = {
  voorschotAandeel: 0.8,
  naDoelrealisatieAandeel: 0.2,
  aanname: 'Aanname (demo): 80% voorschot bij de start, 20% na vastgestelde doelrealisatie; de seed noemt de verdeling niet (openVraag in het profiel).',
};
/** Share of ended result-based trajectories whose goal is recorded as attained (ASSUMPTION). */
const DEMO_GOAL_ATTAINED_PER_100 = 70;

/** Ceiling per provider / segment as a factor of the allocated value of the year (ASSUMPTION); every fifth provider gets a tight ceiling. */
const CEILING_FACTOR = 1.05;
const TIGHT_CEILING_FACTOR = 0.85;
const SEGMENT_CEILING_FACTOR = 0.97;

// ------------------------------------------------------------------------------------------------
// Deterministic helpers

/** A small deterministic hash (FNV-1a) of the parts, for reproducible demo variation. */
function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join('|')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const monthOf = (d: string) => d.slice(0, 7);
const monthStart = (m: string) => `${m}-01`;
const monthEnd = (m: string) => addDays(addMonths(monthStart(m), 1), -1);
const nextMonth = (m: string) => monthOf(addMonths(monthStart(m), 1));

/** Tariff in cents for a provider, category and unit in a year: the base, a provider factor (0.94-1.06) and the yearly index (assumptions). */
export function demoTariff(providerId: number, categorie: string, eenheid: string, year: number): number {
  const base = DEMO_BASE_TARIFFS[categorie]?.[eenheid] ?? FALLBACK_TARIFF_BY_UNIT[eenheid] ?? 10_000;
  const providerFactor = 0.94 + (hash('tarief', providerId) % 13) / 100;
  const atLevel = Math.round(base * providerFactor);
  if (year >= TARIFF_PRICE_LEVEL) return indexed(atLevel, TARIFF_PRICE_LEVEL, year, ASSUMED_INDEXATION.rates);
  return Math.round(atLevel / (indexed(1_000_000, year, TARIFF_PRICE_LEVEL, ASSUMED_INDEXATION.rates) / 1_000_000));
}

export type Kind = 'pxq' | 'output' | 'result' | 'task' | 'none';

function kindOf(variant: BekostigingsVariant | undefined): Kind {
  switch (variant) {
    case 'inspanningsgericht':
      return 'pxq';
    case 'outputgericht':
      return 'output';
    case 'resultaatgericht':
      return 'result';
    case 'taakgericht':
    case 'populatie':
    case 'beschikbaarheid':
      return 'task';
    default:
      return 'none';
  }
}

const CLIENT_LEVEL = new Set<Kind>(['pxq', 'output', 'result']);

/**
 * The profile product a trajectory belongs to (the trajectory keeps only its category and unit):
 * same category and unit, preferring products with client-level funding. Its code is synthetic
 * (the seeds give no product codes): category + a letter per segment + the product's number.
 */
function productFor(seg: SegmentProfile, position: number, categorie: string, unit: string | null): { code: string; kind: Kind; eenheid: string | undefined; naam: string | undefined } {
  const variant = isOpen(seg.bekostiging) ? undefined : seg.bekostiging.variant;
  const candidates = seg.producten.map((p, i) => ({ p, i })).filter(({ p }) => p.categorie === categorie && (!unit || !p.eenheid || p.eenheid === unit));
  const ranked = [...candidates].sort((a, b) => Number(CLIENT_LEVEL.has(kindOf(b.p.bekostiging ?? variant))) - Number(CLIENT_LEVEL.has(kindOf(a.p.bekostiging ?? variant))) || Number(!!b.p.eenheid && b.p.eenheid === unit) - Number(!!a.p.eenheid && a.p.eenheid === unit) || a.i - b.i);
  const hit = ranked[0];
  const code = hit?.p.code ?? `${categorie}${String.fromCharCode(65 + (position % 26))}${String((hit?.i ?? 98) + 1).padStart(2, '0')}`;
  return { code, kind: kindOf(hit?.p.bekostiging ?? variant), eenheid: hit?.p.eenheid, naam: hit?.p.naam };
}

export interface Omvang { volume: number; eenheid: string; frequentie: string }

/** The allocated dosage of a trajectory: its own, or an assumption per unit (per week; output: one trajectory in total). */
function dosageFor(kind: Kind, t: { id: number; unit: string | null; volume: number | null; frequency: string | null; productCategory: string }, product: { eenheid: string | undefined; naam: string | undefined }): Omvang {
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
function yearValue(o: Omvang, start: string, end: string | null, year: number, price: (year: number) => number): number {
  const from = maxDate(start, `${year}-01-01`);
  const to = minDate(end ?? `${year}-12-31`, `${year}-12-31`);
  if (from > to) return 0;
  if (o.frequentie === '6') return end && end.startsWith(String(year)) ? o.volume * price(year) : 0;
  return Math.round(volumeValue(allocatedVolume(o, from, to), o.eenheid, { cents: price(year), eenheid: o.eenheid }));
}

// ------------------------------------------------------------------------------------------------
// The plan: the demo region's contracts and client-level trajectories in memory

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
}

interface Plan {
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
}

const contractKey = (segmentId: string, providerId: number, lotId: string | null) => `${segmentId}|${providerId}|${lotId ?? ''}`;

async function loadPlan(db: Db, regionId: string, today: string, historyYears: number): Promise<Plan> {
  const profile = await loadRegionProfile(db, regionId);
  const todayYear = Number(today.slice(0, 4));
  let firstYear = todayYear - historyYears;
  try {
    firstYear = Math.max(firstYear, Math.min(...loadDemoParameters(regionId).jaren));
  } catch {
    // no demo.yaml (e.g. a test region): the history parameter alone decides
  }
  // iJw 3.2 declarations start in 2021 (CS100).
  const from = `${Math.max(firstYear, 2021)}-01-01`;
  const lastMonth = monthOf(addMonths(`${today.slice(0, 7)}-01`, -1));
  const contractRows = await db.select({ id: contracts.id, providerId: contracts.providerId, segmentId: contracts.segmentId, lotId: contracts.lotId, startDate: contracts.startDate, endDate: contracts.endDate, status: contracts.status, fundingVariant: contracts.fundingVariant }).from(contracts).where(eq(contracts.regionId, regionId));
  const contractById = new Map(contractRows.map((c) => [c.id, c]));
  const providerRows = await db.select({ id: providers.id, agb: providers.agbCode }).from(providers).where(eq(providers.regionId, regionId));
  const agbOf = new Map(providerRows.map((p) => [p.id, p.agb]));
  const rows = await db
    .select({ t: trajectories, bsn: youths.bsn })
    .from(trajectories)
    .innerJoin(youths, eq(youths.id, trajectories.youthId))
    .where(eq(trajectories.regionId, regionId))
    .orderBy(trajectories.id);
  const segIndex = new Map(profile.segmenten.map((s, i) => [s.id, { seg: s, position: i }]));
  const referenceYear = Math.min(LUMPSUM_REFERENCE_YEAR, todayYear - 1);
  const clientLevel: PlanAllocation[] = [];
  const taskValue = new Map<string, number>();
  const clientValue = new Map<string, number>();
  for (const { t, bsn } of rows) {
    const s = segIndex.get(t.segmentId);
    if (!s) continue;
    const product = productFor(s.seg, s.position, t.productCategory, t.unit);
    const omvang = dosageFor(product.kind, t, product);
    const price = (year: number) => demoTariff(t.providerId, t.productCategory, omvang.eenheid, year);
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
    clientLevel.push({ trajectoryId: t.id, youthId: t.youthId, bsn, providerId: t.providerId, agb: agbOf.get(t.providerId)!, contractId: t.contractId, segmentId: t.segmentId, municipalityCode: t.municipalityCode, kind: product.kind, categorie: t.productCategory, code: product.code, start: t.startDate, end: t.endDate, omvang });
  }
  return { profile, from, lastMonth: lastMonth >= monthOf(from) ? lastMonth : null, todayYear, contracts: contractRows, agbOf, clientLevel, taskValue, clientValue, referenceYear };
}

/**
 * Starts the history later (at 1 January of a later year, at the latest of the current year) when
 * the declarations it needs (one per provider, municipality and month) exceed the budget.
 */
function shortenHistory(plan: Plan, budget: number): void {
  if (!plan.lastMonth) return;
  const perMonth = new Map<string, Set<string>>();
  for (const a of plan.clientLevel) {
    if (a.kind === 'result') continue;
    const first = maxDate(a.start, plan.from);
    const last = minDate(a.end ?? monthEnd(plan.lastMonth), monthEnd(plan.lastMonth));
    for (let m = monthOf(first); m <= monthOf(last); m = nextMonth(m)) {
      if (a.omvang.frequentie === '6' && (!a.end || monthOf(a.end) !== m)) continue;
      if (!perMonth.has(m)) perMonth.set(m, new Set());
      perMonth.get(m)!.add(`${a.agb}|${a.municipalityCode}`);
    }
  }
  const needed = (fromMonth: string) => [...perMonth].filter(([m]) => m >= fromMonth).reduce((n, [, groups]) => n + groups.size, 0);
  let year = Number(plan.from.slice(0, 4));
  const lastYear = Number(plan.lastMonth.slice(0, 4));
  while (year < lastYear && needed(`${year}-01`) > budget) year++;
  if (year === Number(plan.from.slice(0, 4))) return;
  plan.from = `${year}-01-01`;
  plan.clientLevel = plan.clientLevel.filter((a) => a.end === null || a.end >= plan.from);
}

// ------------------------------------------------------------------------------------------------
// Setup: tariffs, allocations, ceilings, schedules (one transaction, idempotent)

const BATCH = 1000;

async function setup(tx: Tx, regionId: string, plan: Plan): Promise<{ tariffs: number; allocations: number; ceilings: number; scheduleRows: number; resultAdvances: number }> {
  const { profile } = plan;
  const counts = { tariffs: 0, allocations: 0, ceilings: 0, scheduleRows: 0, resultAdvances: 0 };
  const firstYear = Number(plan.from.slice(0, 4));
  const lastYear = plan.todayYear + 1;

  // Allocations: numbered from the sequence; existing demo allocations (by trajectory) are reused.
  const existing = await tx.select({ trajectoryId: allocations.trajectoryId, nummer: allocations.toewijzingNummer }).from(allocations).where(and(eq(allocations.regionId, regionId), isNotNull(allocations.trajectoryId)));
  const known = new Map(existing.map((e) => [e.trajectoryId!, e.nummer]));
  const missing = plan.clientLevel.filter((a) => !known.has(a.trajectoryId));
  if (missing.length > 0) {
    const numbers = (await tx.execute(sql`select nextval(${toewijzingNummerSeq.seqName})::int as n from generate_series(1, ${missing.length})`)) as unknown as { rows: { n: number }[] };
    missing.forEach((a, i) => (a.nummer = Number(numbers.rows[i]!.n)));
    for (let i = 0; i < missing.length; i += BATCH) {
      await tx.insert(allocations).values(
        missing.slice(i, i + BATCH).map((a) => ({
          regionId,
          toewijzingNummer: a.nummer!,
          youthId: a.youthId,
          providerId: a.providerId,
          contractId: a.contractId,
          segmentId: a.segmentId,
          municipalityCode: a.municipalityCode,
          trajectoryId: a.trajectoryId,
          productCategorie: a.categorie,
          productCode: a.code,
          ingangsdatum: a.start,
          einddatum: a.end,
          volume: a.omvang.volume,
          eenheid: a.omvang.eenheid,
          frequentie: a.omvang.frequentie,
        })),
      );
    }
    counts.allocations = missing.length;
  }
  for (const a of plan.clientLevel) a.nummer ??= known.get(a.trajectoryId);

  // Tariffs: per provider, segment and product in use, one row per year (validFrom 1 January),
  // attached to the provider's contract in force then (prices do not depend on the contract).
  const [hasTariffs] = await tx.select({ n: sql<number>`count(*)::int` }).from(tariffs).where(eq(tariffs.regionId, regionId));
  if (Number(hasTariffs?.n ?? 0) === 0) {
    const products = new Map<string, { providerId: number; segmentId: string; categorie: string; code: string; eenheid: string }>();
    for (const a of plan.clientLevel) products.set(`${a.providerId}|${a.segmentId}|${a.code}|${a.omvang.eenheid}`, { providerId: a.providerId, segmentId: a.segmentId, categorie: a.categorie, code: a.code, eenheid: a.omvang.eenheid });
    const rows: (typeof tariffs.$inferInsert)[] = [];
    for (const p of products.values()) {
      const own = plan.contracts.filter((c) => c.providerId === p.providerId && c.segmentId === p.segmentId).sort((x, y) => x.startDate.localeCompare(y.startDate));
      for (let year = firstYear; year <= lastYear; year++) {
        const inForce = [...own].reverse().find((c) => c.startDate <= `${year}-12-31`) ?? own[0];
        rows.push({ regionId, contractId: inForce?.id ?? null, providerId: p.providerId, segmentId: p.segmentId, productCategorie: p.categorie, productCode: p.code, eenheid: p.eenheid, priceCents: demoTariff(p.providerId, p.categorie, p.eenheid, year), validFrom: `${year}-01-01` });
      }
    }
    for (let i = 0; i < rows.length; i += BATCH) await tx.insert(tariffs).values(rows.slice(i, i + BATCH));
    counts.tariffs = rows.length;
  }

  // Ceilings: per provider (niveau aanbieder, seed 004 §3.1) over all its client-level care (the
  // settlement counts all approved lines of the provider), per segment (niveau segment, seed 003
  // §6.3.5), per provider and segment (niveau aanbieder-segment).
  const [hasCeilings] = await tx.select({ n: sql<number>`count(*)::int` }).from(ceilings).where(eq(ceilings.regionId, regionId));
  if (Number(hasCeilings?.n ?? 0) === 0) {
    const levels = new Map(profile.segmenten.map((s) => [s.id, !isOpen(s.bekostiging) && s.bekostiging.plafond && !isOpen(s.bekostiging.plafond) ? s.bekostiging.plafond.niveau : undefined]));
    const value = (a: PlanAllocation, year: number) => yearValue(a.omvang, a.start, a.end, year, (y) => demoTariff(a.providerId, a.categorie, a.omvang.eenheid, y));
    const rows: (typeof ceilings.$inferInsert)[] = [];
    const providerCeiling = [...new Set(plan.contracts.filter((c) => levels.get(c.segmentId) === 'aanbieder').map((c) => c.providerId))].sort((x, y) => x - y);
    for (let year = firstYear; year <= plan.todayYear; year++) {
      providerCeiling.forEach((providerId, i) => {
        const total = plan.clientLevel.filter((a) => a.providerId === providerId).reduce((acc, a) => acc + value(a, year), 0);
        if (total > 0) rows.push({ regionId, providerId, segmentId: null, year, amountCents: Math.round(total * (i % 5 === 4 ? TIGHT_CEILING_FACTOR : CEILING_FACTOR)) });
      });
      for (const [segmentId, level] of levels) {
        if (level === 'segment' || level === 'perceel') {
          const total = plan.clientLevel.filter((a) => a.segmentId === segmentId).reduce((acc, a) => acc + value(a, year), 0);
          if (total > 0) rows.push({ regionId, providerId: null, segmentId, year, amountCents: Math.round(total * SEGMENT_CEILING_FACTOR) });
        }
        if (level === 'aanbieder-segment') {
          for (const providerId of new Set(plan.contracts.filter((c) => c.segmentId === segmentId).map((c) => c.providerId))) {
            const total = plan.clientLevel.filter((a) => a.segmentId === segmentId && a.providerId === providerId).reduce((acc, a) => acc + value(a, year), 0);
            if (total > 0) rows.push({ regionId, providerId, segmentId, year, amountCents: Math.round(total * CEILING_FACTOR) });
          }
        }
      }
    }
    for (let i = 0; i < rows.length; i += BATCH) await tx.insert(ceilings).values(rows.slice(i, i + BATCH));
    counts.ceilings = rows.length;
  }

  // Lump sums and availability components per contract (idempotent by the unique index).
  const share = (segmentId: string, component: ScheduleComponent, year: number): number | undefined => {
    const named = DEMO_COMPONENT_SHARES.filter((s) => s.segment === segmentId && s.aanvullend === component.aanvullend);
    if (named.length > 0) return named.find((s) => (s.fromYear ?? 0) <= year && year <= (s.toYear ?? 9999))?.share;
    if (component.model === 'beschikbaarheid') return DEMO_SCHEDULE_SHARES.availability.share;
    return component.aanvullend === null ? DEMO_SCHEDULE_SHARES.lumpsum.share : DEMO_SCHEDULE_SHARES.extraTaskBudget.share;
  };
  const lumpsumOf = (c: ScheduleContract) => plan.taskValue.get(contractKey(c.segmentId, c.providerId, c.lotId)) ?? 0;
  const schedules = await createSchedules(tx, regionId, {
    from: plan.from,
    yearlyCents: (c, component, year) => {
      const s = share(c.segmentId, component, year);
      if (s === undefined) return undefined;
      const base = component.model === 'taakgericht' ? lumpsumOf(c) : (plan.clientValue.get(`${c.segmentId}|${c.providerId}`) ?? lumpsumOf(c));
      if (base === 0) return undefined;
      return indexed(Math.round(base * s), plan.referenceYear, year, ASSUMED_INDEXATION.rates);
    },
    discount: (c, component) => {
      const seg = profile.segmenten.find((s) => s.id === c.segmentId);
      const b = seg?.bekostiging;
      const mentions = b && !isOpen(b) && /efficiëntiekorting|efficiencykorting/i.test(b.toelichting ?? '');
      return mentions && component.aanvullend === null && c.status !== 'overgang' ? DEMO_SGGZ_DISCOUNT.discount : undefined;
    },
  });
  counts.scheduleRows = schedules.created;
  counts.resultAdvances = (await scheduleResultAdvances(tx, regionId, { from: plan.from, assumedShares: DEMO_RESULT_SHARES })).created;
  return counts;
}

// ------------------------------------------------------------------------------------------------
// Declarations

export interface DemoLine {
  ref: string;
  vorig?: string;
  a: PlanAllocation;
  begin: string;
  end: string;
  volume: number;
  tarief: number;
  dc: 'D' | 'C';
}

/** What a provider delivered and declares for one allocation in one month, and the corrections it sends the month after. */
function monthLines(a: PlanAllocation, month: string): { now: DemoLine[]; next: DemoLine[] } {
  const begin = maxDate(monthStart(month), a.start);
  const end = minDate(monthEnd(month), a.end ?? monthEnd(month));
  if (begin > end) return { now: [], next: [] };
  const year = Number(month.slice(0, 4));
  const tarief = demoTariff(a.providerId, a.categorie, a.omvang.eenheid, year);
  const n = a.nummer!;
  const tag = month.replace('-', '');
  if (a.omvang.frequentie === '6') {
    // Output (a trajectory price): declared once, in the month the trajectory is completed.
    if (!a.end || monthOf(a.end) !== month) return { now: [], next: [] };
    return { now: [{ ref: `${n}D${tag}`, a, begin, end, volume: a.omvang.volume, tarief, dc: 'D' }], next: [] };
  }
  const days = daysBetween(begin, end) + 1;
  const allowed = Math.floor(allowedVolume(a.omvang, begin, end) ?? 0);
  const h = hash('maand', n, month);
  const utilisation = a.omvang.eenheid === '14' ? 1 : 0.7 + (h % 31) / 100;
  const perDay = a.omvang.frequentie === '1' ? a.omvang.volume : a.omvang.frequentie === '2' ? a.omvang.volume / 7 : a.omvang.frequentie === '4' ? (a.omvang.volume * 12) / 365 : 0;
  const delivered = Math.min(allowed, Math.round(perDay * days * utilisation));
  if (delivered <= 0) return { now: [], next: [] };
  const line: DemoLine = { ref: `${n}D${tag}`, a, begin, end, volume: delivered, tarief, dc: 'D' };
  if (h % 211 === 0) {
    // Over-declared (rejected, TR321 9321) and sent again correctly the next month.
    return { now: [{ ...line, volume: allowed + 1 }], next: [{ ...line, ref: `${n}R${tag}` }] };
  }
  if (h % 173 === 1 && delivered >= 2) {
    // Corrected the next month: a credit of the line (TR323) and a new debit for one unit less.
    return { now: [line], next: [{ ...line, ref: `${n}C${tag}`, vorig: line.ref, dc: 'C' }, { ...line, ref: `${n}K${tag}`, volume: delivered - 1 }] };
  }
  return { now: [line], next: [] };
}

type JW323 = IjwMessages['JW323'];

/** A JW323 of one provider to one municipality for one month, built with the iJw codec. */
export function buildDeclaration(input: { agb: string; municipalityCode: string; month: string; sendDate: string; lines: DemoLine[]; nummer?: string }): string {
  const tag = input.month.replace('-', '');
  const nummer = input.nummer ?? `D${tag}${input.municipalityCode}`;
  const byBsn = new Map<string, DemoLine[]>();
  for (const l of input.lines) byBsn.set(l.a.bsn, [...(byBsn.get(l.a.bsn) ?? []), l]);
  let total = 0;
  const clients = [...byBsn].map(([bsn, lines]) => ({
    Bsn: bsn,
    Prestaties: {
      // Credits first, so a credited line's period is free again for its corrected debit.
      Prestatie: [...lines]
        .sort((x, y) => (x.dc === y.dc ? 0 : x.dc === 'C' ? -1 : 1))
        .map((l) => {
          const bedrag = l.volume * l.tarief;
          total += l.dc === 'C' ? -bedrag : bedrag;
          return {
            ProductReferentie: { ReferentieNummer: l.ref, ...(l.vorig ? { VorigReferentieNummer: l.vorig } : {}) },
            ToewijzingNummer: String(l.a.nummer),
            ProductCategorie: l.a.categorie as JW323['Declaratie']['Clienten']['Client'][number]['Prestaties']['Prestatie'][number]['ProductCategorie'],
            ProductCode: l.a.code,
            ProductPeriode: { Begindatum: l.begin, Einddatum: l.end },
            GeleverdVolume: String(l.volume),
            Eenheid: l.a.omvang.eenheid as JW323['Declaratie']['Clienten']['Client'][number]['Prestaties']['Prestatie'][number]['Eenheid'],
            ProductTarief: String(l.tarief),
            IngediendBedrag: { Bedrag: String(bedrag), DebetCredit: l.dc },
          };
        }),
    },
  }));
  const message: JW323 = {
    Header: {
      BerichtCode: '490',
      BerichtVersie: '3',
      BerichtSubversie: '2',
      Afzender: input.agb,
      Ontvanger: input.municipalityCode,
      BerichtIdentificatie: { Identificatie: nummer, Dagtekening: input.sendDate },
      XsdVersie: { BasisschemaXsdVersie: '1.0.0', BerichtXsdVersie: '1.0.0' },
    },
    Declaratie: {
      DeclaratieNummer: nummer,
      DeclaratiePeriode: { Begindatum: monthStart(input.month), Einddatum: monthEnd(input.month) },
      DeclaratieDagtekening: input.sendDate,
      TotaalIngediendBedrag: { TotaalBedrag: String(Math.abs(total)), DebetCredit: total < 0 ? 'C' : 'D' },
      Clienten: { Client: clients },
    },
  };
  return serialize('JW323', message);
}

/** The JW323 messages of one month of the plan, per provider and municipality (exported for tests). */
export function monthDeclarations(plan: Pick<Plan, 'clientLevel'>, month: string, carried: readonly DemoLine[] = []): { messages: { agb: string; municipalityCode: string; xml: string; lines: number }[]; next: DemoLine[] } {
  const groups = new Map<string, DemoLine[]>();
  const next: DemoLine[] = [];
  const push = (l: DemoLine) => {
    const key = `${l.a.agb}|${l.a.municipalityCode}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  };
  carried.forEach(push);
  for (const a of plan.clientLevel) {
    if (a.kind === 'result' || a.start > monthEnd(month) || (a.end !== null && a.end < monthStart(month))) continue;
    const { now, next: later } = monthLines(a, month);
    now.forEach(push);
    next.push(...later);
  }
  const sendDate = monthStart(nextMonth(month));
  const messages = [...groups].sort(([x], [y]) => x.localeCompare(y)).map(([key, lines]) => {
    const [agb, municipalityCode] = key.split('|') as [string, string];
    return { agb, municipalityCode, xml: buildDeclaration({ agb, municipalityCode, month, sendDate, lines }), lines: lines.length };
  });
  return { messages, next };
}

export interface DemoFundingCounts {
  from: string;
  through: string | null;
  tariffs: number;
  allocations: number;
  ceilings: number;
  scheduleRows: number;
  resultPayments: number;
  declarations: number;
  lines: number;
  rejectedLines: number;
  approvedCents: number;
  ceilingSignals: number;
  seconds: number;
  /** The demo's assumptions, in words (kept with the counts in demo_runs). */
  assumptions: string[];
}

/** The assumptions behind the demo's funding, in words (Dutch, as shown to the region's staff). */
export const DEMO_FUNDING_ASSUMPTIONS: readonly string[] = [
  'Tarieven per product en aanbieder zijn synthetisch (prijspeil 2024, per aanbieder enkele procenten verschil) en worden jaarlijks geïndexeerd; de seeds noemen geen tarieven.',
  'Productcodes zijn synthetisch (categorie + letter van het segment + volgnummer); de seeds noemen geen productcodes.',
  'Toegewezen omvang zonder eenheid in profiel of traject: uren per week (ambulant), dagdelen per week (dagbehandeling), etmalen (verblijf, crisis, JB/JR).',
  'Geleverd volume is 70-100% van de toegewezen omvang per maand; een klein deel van de regels wordt te hoog gedeclareerd (afgewezen, 9321) of later gecrediteerd en opnieuw gedeclareerd.',
  `Budgetplafond per aanbieder = ${CEILING_FACTOR} x de toegewezen waarde van het jaar (elke vijfde aanbieder ${TIGHT_CEILING_FACTOR}); per segment ${SEGMENT_CEILING_FACTOR} x.`,
  ASSUMED_INDEXATION.aanname!,
  DEMO_SCHEDULE_SHARES.lumpsum.aanname,
  DEMO_SCHEDULE_SHARES.extraTaskBudget.aanname,
  DEMO_SCHEDULE_SHARES.availability.aanname,
  ...DEMO_COMPONENT_SHARES.map((c) => c.aanname),
  DEMO_SGGZ_DISCOUNT.aanname,
  DEMO_RESULT_SHARES.aanname!,
  `Doelrealisatie: ${DEMO_GOAL_ATTAINED_PER_100}% van de afgesloten resultaatgerichte trajecten haalt het doel (aanname).`,
];

/** Most full years of history before the current one (risk equalisation needs three, seed 004 §6). */
export const MAX_HISTORY_YEARS = 3;
/**
 * Default budget of declarations for the history: each declaration is settled on its own (about
 * 20-60 ms on PGlite), so the default history is as many full years (up to MAX_HISTORY_YEARS) as
 * fit this many declarations, and at least the current year.
 */
export const DEFAULT_DECLARATION_BUDGET = 2_500;

export interface DemoFundingOptions {
  /**
   * Full calendar years of declared history before the current year, within the demo years and
   * from 2021 (CS100). Default: as many (up to 3) as fit DEFAULT_DECLARATION_BUDGET declarations.
   */
  historyYears?: number;
  onProgress?: (p: { month: string; declarations: number; lines: number }) => void;
}

/**
 * Gives a generated demo region its funding history (see the module comment). Returns the counts,
 * or null when the region's funding demo was made before. Declarations are settled one by one
 * (each exactly once, in its own transaction); an interrupted run continues where it stopped.
 */
export async function ensureDemoFunding(db: Db, regionId: string, today: string, opts: DemoFundingOptions = {}): Promise<DemoFundingCounts | null> {
  const t0 = Date.now();
  const [run] = await db.select().from(demoRuns).where(eq(demoRuns.regionId, regionId));
  if (!run) throw new BadInput(`region ${regionId} has no demo population: generate it first`);
  if ((run.counts as { funding?: unknown } | null)?.funding) return null;
  const plan = await loadPlan(db, regionId, today, opts.historyYears ?? MAX_HISTORY_YEARS);
  if (opts.historyYears === undefined) shortenHistory(plan, DEFAULT_DECLARATION_BUDGET);
  const made = await db.transaction((tx) => setup(tx, regionId, plan));

  // Result-based: the goal outcome of trajectories that ended within the history (assumed rate).
  let resultPayments = made.resultAdvances;
  for (const a of plan.clientLevel) {
    if (a.kind !== 'result' || !a.end || a.end < plan.from || !plan.lastMonth || a.end > monthEnd(plan.lastMonth)) continue;
    const r = await recordGoalAttainment(db, regionId, a.nummer!, { attained: hash('doel', a.nummer!) % 100 < DEMO_GOAL_ATTAINED_PER_100, date: a.end, assumedShares: DEMO_RESULT_SHARES });
    if (r.created) resultPayments++;
  }

  const sent = new Set((await db.select({ agb: declarations.providerAgb, nummer: declarations.declaratieNummer }).from(declarations).where(eq(declarations.regionId, regionId))).map((d) => `${d.agb}|${d.nummer}`));
  const counts: DemoFundingCounts = { from: plan.from, through: plan.lastMonth, tariffs: made.tariffs, allocations: made.allocations, ceilings: made.ceilings, scheduleRows: made.scheduleRows, resultPayments, declarations: 0, lines: 0, rejectedLines: 0, approvedCents: 0, ceilingSignals: 0, seconds: 0, assumptions: [...DEMO_FUNDING_ASSUMPTIONS] };
  let carried: DemoLine[] = [];
  for (let month = monthOf(plan.from); plan.lastMonth && month <= plan.lastMonth; month = nextMonth(month)) {
    const { messages, next } = monthDeclarations(plan, month, carried);
    carried = next;
    const tag = month.replace('-', '');
    for (const m of messages) {
      if (sent.has(`${m.agb}|D${tag}${m.municipalityCode}`)) continue;
      const r = await settleDeclaration(db, regionId, new TextEncoder().encode(m.xml), new Date(`${monthStart(nextMonth(month))}T07:00:00Z`));
      counts.declarations++;
      counts.lines += r.lines;
      counts.rejectedLines += r.rejected;
      counts.approvedCents += r.approvedCents;
      counts.ceilingSignals += r.signals.length;
    }
    opts.onProgress?.({ month, declarations: counts.declarations, lines: counts.lines });
  }
  counts.seconds = Math.round((Date.now() - t0) / 100) / 10;
  await db
    .update(demoRuns)
    .set({ counts: sql`${demoRuns.counts} || ${JSON.stringify({ funding: counts })}::jsonb` })
    .where(eq(demoRuns.regionId, regionId));
  return counts;
}
