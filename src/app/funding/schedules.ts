/**
 * Payment schedules: the payments that are not declared line by line (table payment_schedule).
 *
 * - Lump sum (taakgericht, seed 003 §5.3.5 "Bekostiging vindt plaats op basis van lumpsum-
 *   financiering"; "er is geen sprake van een verantwoording op cliëntniveau"): a monthly schedule
 *   per contract, optionally lowered by an efficiency discount (the SGGZ share, §5.3.5).
 * - Availability (beschikbaarheid, seed 004 §4.1 "Beschikbaarheidsfinanciering geldt voor
 *   coördinatiekosten en deelname aan samenwerkingsoverleggen", §4.6 crisis): a fixed monthly
 *   component per contract beside P x Q.
 * - Result-based (resultaatgericht, seed 002 "deels voorfinancieren en deels achteraf"): per
 *   allocation an advance at the start and the rest once goal attainment is recorded; the shares
 *   are profile data (`bekostiging.resultaatbetaling`), or an explicitly named assumption where the
 *   profile says openVraag.
 *
 * Which components a contract gets follows its segment's funding in the region profile. The
 * yearly amounts are input (the schema has no table for contract amounts; the demo passes its
 * assumptions). Every write is idempotent: the unique index (contract, model, period,
 * description) turns a re-run into a no-op.
 */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocations, contracts, paymentSchedule, providers, segments, tariffs } from '../../db/schema.js';
import { monthlySchedule, resultPayments, valueAt, type ScheduleItem } from '../../domain/funding/models.js';
import { isOpen, type Bron, type RegionProfile, type SegmentProfile } from '../../domain/landscape/profile-schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { addDays, maxDate, minDate } from '../../domain/dates.js';
import { AppError, BadInput, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { fundingView } from './spend.js';

export type ScheduleModel = 'taakgericht' | 'beschikbaarheid' | 'resultaatgericht' | 'outputgericht';

/** One scheduled component of a segment's funding (the lump sum itself, or an extra component beside it). */
export interface ScheduleComponent {
  model: 'taakgericht' | 'beschikbaarheid';
  /** Short label, part of the schedule's unique key (e.g. "lumpsum", "beschikbaarheid 1"). */
  description: string;
  /** The profile's own words for an extra component (aanvullend[].omschrijving). */
  omschrijving?: string;
  /** Index in `aanvullend`, or null for the segment's main variant. */
  aanvullend: number | null;
  bron: Bron;
}

/**
 * The components of a segment that are paid by schedule: a taakgericht (lump sum) or
 * beschikbaarheid main variant, plus every `aanvullend` entry of those variants.
 */
export function scheduleComponents(seg: SegmentProfile): ScheduleComponent[] {
  const b = seg.bekostiging;
  if (isOpen(b)) return [];
  const out: ScheduleComponent[] = [];
  if (b.variant === 'taakgericht') out.push({ model: 'taakgericht', description: 'lumpsum', aanvullend: null, bron: b.bron });
  if (b.variant === 'beschikbaarheid') out.push({ model: 'beschikbaarheid', description: 'beschikbaarheidsbijdrage', aanvullend: null, bron: b.bron });
  (b.aanvullend ?? []).forEach((a, i) => {
    if (a.variant !== 'taakgericht' && a.variant !== 'beschikbaarheid') return;
    out.push({ model: a.variant, description: `${a.variant === 'taakgericht' ? 'taakgericht budget' : 'beschikbaarheid'} ${i + 1}`, omschrijving: a.omschrijving, aanvullend: i, bron: a.bron });
  });
  return out;
}

export interface ScheduleContract {
  id: number;
  providerId: number;
  segmentId: string;
  lotId: string | null;
  startDate: string;
  endDate: string;
  status: string;
}

export interface CreateSchedulesInput {
  /** First day that may be scheduled (e.g. the start of the demo history). */
  from: string;
  /** Last day that may be scheduled; default the contract's end. */
  to?: string;
  /** Yearly amount in cents for a FULL calendar year of this component, or undefined for none that year. */
  yearlyCents: (contract: ScheduleContract, component: ScheduleComponent, year: number) => number | undefined;
  /** Discount on the yearly amount (fraction 0..1), e.g. an efficiency cut on the SGGZ share (seed 003 §5.3.5). */
  discount?: (contract: ScheduleContract, component: ScheduleComponent, year: number) => number | undefined;
}

/** The schedule items of one contract component within [from, to]: per calendar year a monthly split (models.monthlySchedule). */
export function contractComponentSchedule(c: ScheduleContract, component: ScheduleComponent, input: CreateSchedulesInput): ScheduleItem[] {
  const from = maxDate(c.startDate, input.from);
  const to = minDate(c.endDate, input.to ?? c.endDate);
  const out: ScheduleItem[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const cents = input.yearlyCents(c, component, year);
    if (cents === undefined || cents === 0) continue;
    const discount = input.discount?.(c, component, year) ?? 0;
    if (discount < 0 || discount >= 1) throw new BadInput(`discount must be in [0, 1), got ${discount}`);
    const startDate = maxDate(from, `${year}-01-01`);
    const endDate = minDate(to, `${year}-12-31`);
    if (startDate > endDate) continue;
    out.push(...monthlySchedule({ yearlyCents: () => cents, startDate, endDate, discount }));
  }
  return out;
}

const BATCH = 1000;

/**
 * Creates the payment_schedule rows of every contract of the region whose segment is funded by
 * schedule (lump sum, availability), per the profile. Idempotent: rows that exist are left alone.
 */
export async function createSchedules(db: Db | Tx, regionId: string, input: CreateSchedulesInput): Promise<{ contracts: number; rows: number; created: number }> {
  const profile = await loadRegionProfile(db as Db, regionId);
  const componentsBySegment = new Map(profile.segmenten.map((s) => [s.id, scheduleComponents(s)]));
  const contractRows = await db
    .select({ id: contracts.id, providerId: contracts.providerId, segmentId: contracts.segmentId, lotId: contracts.lotId, startDate: contracts.startDate, endDate: contracts.endDate, status: contracts.status })
    .from(contracts)
    .where(eq(contracts.regionId, regionId))
    .orderBy(asc(contracts.id));
  const rows: (typeof paymentSchedule.$inferInsert)[] = [];
  let scheduled = 0;
  for (const c of contractRows) {
    const components = componentsBySegment.get(c.segmentId) ?? [];
    let any = false;
    for (const component of components) {
      for (const item of contractComponentSchedule(c, component, input)) {
        any = true;
        rows.push({ regionId, contractId: c.id, providerId: c.providerId, segmentId: c.segmentId, model: component.model, period: item.period, dueDate: item.dueDate, amountCents: item.amountCents, description: component.description });
      }
    }
    if (any) scheduled++;
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    created += (await db.insert(paymentSchedule).values(rows.slice(i, i + BATCH)).onConflictDoNothing().returning({ id: paymentSchedule.id })).length;
  }
  return { contracts: scheduled, rows: rows.length, created };
}

// ------------------------------------------------------------------------------------------------
// Result-based payment (seed 002)

export interface ResultShares {
  voorschotAandeel: number;
  naDoelrealisatieAandeel: number;
  bron?: Bron;
  /** Set when the shares are an assumption (the profile leaves them open). */
  aanname?: string;
}

/**
 * The advance / after-goal shares of a result-based segment: the profile's `resultaatbetaling`,
 * or the caller's named assumption when the profile says openVraag (never a silent default).
 */
export function resultSharesFor(seg: SegmentProfile, assumption?: ResultShares): ResultShares {
  const b = seg.bekostiging;
  if (isOpen(b) || b.variant !== 'resultaatgericht') throw new BadInput(`segment ${seg.id} is not funded result-based`);
  const r = b.resultaatbetaling;
  let shares: ResultShares;
  if (r && !isOpen(r)) shares = { voorschotAandeel: r.voorschotAandeel, naDoelrealisatieAandeel: r.naDoelrealisatieAandeel, bron: r.bron };
  else if (assumption) {
    if (!assumption.aanname) throw new BadInput(`segment ${seg.id}: the profile leaves the result shares open${r ? ` (${r.openVraag})` : ''}; an assumption must say so (aanname)`);
    shares = assumption;
  } else throw new BadInput(`segment ${seg.id}: the profile leaves the result shares open${r ? ` (${r.openVraag})` : ''}; pass a named assumption`);
  if (Math.abs(shares.voorschotAandeel + shares.naDoelrealisatieAandeel - 1) > 1e-9) {
    throw new BadInput(`segment ${seg.id}: advance share ${shares.voorschotAandeel} and after-goal share ${shares.naDoelrealisatieAandeel} do not add up to 1`);
  }
  return shares;
}

const resultDescription = (kind: 'voorschot' | 'na doelrealisatie' | 'doel niet gerealiseerd', nummer: number) => `${kind} toewijzing ${nummer}`;

interface ResultAllocation {
  id: number;
  toewijzingNummer: number;
  providerId: number;
  contractId: number | null;
  segmentId: string;
  productCategorie: string | null;
  productCode: string | null;
  ingangsdatum: string;
  einddatum: string | null;
  volume: number | null;
}

/**
 * Prices of result-based allocations: volume (default 1 trajectory) x the contract output tariff
 * (eenheid 82) valid at the allocation's start. The tariffs of their providers in one statement.
 */
async function resultPricer(db: Db | Tx, regionId: string, rows: readonly ResultAllocation[]): Promise<(a: ResultAllocation) => number | undefined> {
  const providerIds = [...new Set(rows.map((a) => a.providerId))];
  const tariffRows = providerIds.length === 0 ? [] : await db
    .select({ providerId: tariffs.providerId, categorie: tariffs.productCategorie, code: tariffs.productCode, cents: tariffs.priceCents, validFrom: tariffs.validFrom })
    .from(tariffs)
    .where(and(eq(tariffs.regionId, regionId), eq(tariffs.eenheid, '82'), sql`${tariffs.providerId} = any(${sql.param(providerIds)}::int[])`));
  return (a) => {
    const candidates = tariffRows.filter((t) => t.providerId === a.providerId && t.categorie === (a.productCategorie ?? '') && (t.code === null || t.code === a.productCode)).map((t) => ({ validFrom: t.validFrom, value: t.cents }));
    const cents = valueAt(candidates, a.ingangsdatum);
    return cents === undefined ? undefined : cents * (a.volume ?? 1);
  };
}

function resultSegments(profile: RegionProfile): Map<string, SegmentProfile> {
  return new Map(profile.segmenten.filter((s) => !isOpen(s.bekostiging) && s.bekostiging.variant === 'resultaatgericht').map((s) => [s.id, s]));
}

/**
 * Schedules the advance (voorschot) of every allocation in a result-based segment that starts on
 * or after `from`: due on its start date. Allocations without a tariff are counted, not paid.
 */
export async function scheduleResultAdvances(db: Db | Tx, regionId: string, opts: { from: string; assumedShares?: ResultShares }): Promise<{ allocations: number; created: number; withoutTariff: number }> {
  const profile = await loadRegionProfile(db as Db, regionId);
  const segs = resultSegments(profile);
  if (segs.size === 0) return { allocations: 0, created: 0, withoutTariff: 0 };
  // The shares first: a profile that leaves them open needs a named assumption, allocations or not.
  const sharesBySegment = new Map([...segs].map(([id, seg]) => [id, resultSharesFor(seg, opts.assumedShares)]));
  const rows = await db
    .select({ id: allocations.id, toewijzingNummer: allocations.toewijzingNummer, providerId: allocations.providerId, contractId: allocations.contractId, segmentId: allocations.segmentId, productCategorie: allocations.productCategorie, productCode: allocations.productCode, ingangsdatum: allocations.ingangsdatum, einddatum: allocations.einddatum, volume: allocations.volume })
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), inArray(allocations.segmentId, [...segs.keys()]), gte(allocations.ingangsdatum, opts.from)));
  let created = 0;
  let withoutTariff = 0;
  const values: (typeof paymentSchedule.$inferInsert)[] = [];
  const priceOf = await resultPricer(db, regionId, rows);
  for (const a of rows) {
    const shares = sharesBySegment.get(a.segmentId)!;
    const price = priceOf(a);
    if (price === undefined) {
      withoutTariff++;
      continue;
    }
    const { advanceCents } = resultPayments(price, shares.voorschotAandeel, undefined);
    values.push({ regionId, contractId: a.contractId, providerId: a.providerId, segmentId: a.segmentId, model: 'resultaatgericht', period: `${a.ingangsdatum.slice(0, 7)}-01`, dueDate: a.ingangsdatum, amountCents: advanceCents, description: resultDescription('voorschot', a.toewijzingNummer) });
  }
  for (let i = 0; i < values.length; i += BATCH) {
    created += (await db.insert(paymentSchedule).values(values.slice(i, i + BATCH)).onConflictDoNothing().returning({ id: paymentSchedule.id })).length;
  }
  return { allocations: rows.length, created, withoutTariff };
}

export interface GoalOutcome {
  toewijzingNummer: number;
  attained: boolean;
  /** Payable after goal attainment (0 when not attained). */
  amountCents: number;
  /** The price of the trajectory split into advance + after-goal (always adds up). */
  priceCents: number;
  advanceCents: number;
  /** False when the outcome was recorded before (the first recording stands; nothing is paid twice). */
  created: boolean;
}

/**
 * Records goal attainment (doelrealisatie) of a result-based allocation and schedules the rest of
 * the price when the goal is attained (due on `date`); a goal not attained is recorded with 0 so
 * the outcome is kept. Once recorded, the outcome stands: a second call returns it unchanged.
 */
export async function recordGoalAttainment(db: Db | Tx, regionId: string, toewijzingNummer: number, input: { attained: boolean; date: string; assumedShares?: ResultShares }): Promise<GoalOutcome> {
  const [outcome] = await recordGoalAttainments(db, regionId, [{ toewijzingNummer, attained: input.attained, date: input.date }], { assumedShares: input.assumedShares });
  return outcome!;
}

/**
 * recordGoalAttainment for many allocations at once (the demo records thousands): the allocations,
 * their output tariffs and earlier outcomes are read in three statements and the new outcomes
 * written in batches; per allocation the same checks and result as one at a time.
 */
export async function recordGoalAttainments(
  db: Db | Tx,
  regionId: string,
  inputs: readonly { toewijzingNummer: number; attained: boolean; date: string }[],
  opts: { assumedShares?: ResultShares } = {},
): Promise<GoalOutcome[]> {
  if (inputs.length === 0) return [];
  const profile = await loadRegionProfile(db as Db, regionId);
  const segs = resultSegments(profile);
  const nummers = [...new Set(inputs.map((i) => i.toewijzingNummer))];
  const rows = await db
    .select({ id: allocations.id, toewijzingNummer: allocations.toewijzingNummer, providerId: allocations.providerId, contractId: allocations.contractId, segmentId: allocations.segmentId, productCategorie: allocations.productCategorie, productCode: allocations.productCode, ingangsdatum: allocations.ingangsdatum, einddatum: allocations.einddatum, volume: allocations.volume })
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), sql`${allocations.toewijzingNummer} = any(${sql.param(nummers)}::int[])`));
  const byNummer = new Map(rows.map((a) => [a.toewijzingNummer, a]));
  const priceOf = await resultPricer(db, regionId, rows);
  const descriptions = (n: number) => [resultDescription('na doelrealisatie', n), resultDescription('doel niet gerealiseerd', n)] as const;
  const earlierRows = await db
    .select({ description: paymentSchedule.description, amountCents: paymentSchedule.amountCents })
    .from(paymentSchedule)
    .where(and(eq(paymentSchedule.regionId, regionId), eq(paymentSchedule.model, 'resultaatgericht'), sql`${paymentSchedule.description} = any(${sql.param(nummers.flatMap((n) => [...descriptions(n)]))}::text[])`));
  const earlier = new Map(earlierRows.map((r) => [r.description, r]));
  const out: GoalOutcome[] = [];
  const values: (typeof paymentSchedule.$inferInsert)[] = [];
  for (const input of inputs) {
    const { toewijzingNummer } = input;
    const a = byNummer.get(toewijzingNummer);
    if (!a) throw new NotFound(`toewijzing ${toewijzingNummer} bestaat niet in regio ${regionId}`);
    const seg = segs.get(a.segmentId);
    if (!seg) throw new AppError(409, 'Conflict', `toewijzing ${toewijzingNummer} is not in a result-based segment`);
    if (input.date < a.ingangsdatum) throw new BadInput(`goal attainment on ${input.date} is before the allocation starts (${a.ingangsdatum})`);
    const shares = resultSharesFor(seg, opts.assumedShares);
    const price = priceOf(a);
    if (price === undefined) throw new AppError(409, 'Conflict', `no output tariff (eenheid 82) for toewijzing ${toewijzingNummer}`);
    const pay = resultPayments(price, shares.voorschotAandeel, input.attained);
    const [yes, no] = descriptions(toewijzingNummer);
    const stored = earlier.get(yes) ?? earlier.get(no);
    if (stored) {
      out.push({ toewijzingNummer, attained: earlier.has(yes), amountCents: stored.amountCents, priceCents: price, advanceCents: pay.advanceCents, created: false });
      continue;
    }
    const description = input.attained ? yes : no;
    earlier.set(description, { description, amountCents: pay.payableAfterGoalCents });
    values.push({ regionId, contractId: a.contractId, providerId: a.providerId, segmentId: a.segmentId, model: 'resultaatgericht', period: `${input.date.slice(0, 7)}-01`, dueDate: input.date, amountCents: pay.payableAfterGoalCents, description });
    out.push({ toewijzingNummer, attained: input.attained, amountCents: pay.payableAfterGoalCents, priceCents: price, advanceCents: pay.advanceCents, created: true });
  }
  const inserted = new Set<string>();
  for (let i = 0; i < values.length; i += BATCH) {
    for (const r of await db.insert(paymentSchedule).values(values.slice(i, i + BATCH)).onConflictDoNothing().returning({ description: paymentSchedule.description })) inserted.add(r.description);
  }
  // A concurrent recording may have won the unique index: then this one did not create it.
  return out.map((o) => (o.created && !inserted.has(descriptions(o.toewijzingNummer)[o.attained ? 0 : 1]) ? { ...o, created: false } : o));
}

// ------------------------------------------------------------------------------------------------
// Listing

export interface ScheduleLine {
  contractId: number | null;
  providerId: number;
  providerName: string;
  segmentId: string;
  segmentName: string;
  model: string;
  /** Component (for result-based payments: voorschot / na doelrealisatie / doel niet gerealiseerd). */
  description: string;
  /** The profile's words and source for the component (lump sum, availability...). */
  omschrijving?: string;
  bron?: Bron;
  /** Contract term, when the row belongs to a contract. */
  contractStart: string | null;
  contractEnd: string | null;
  totalCents: number;
  paidCents: number;
  items: { period: string; dueDate: string; amountCents: number; paid: boolean }[];
}

export interface ScheduleList {
  year: number;
  asOf: string;
  scope: string;
  totalCents: number;
  paidCents: number;
  byModel: { model: string; totalCents: number }[];
  rows: ScheduleLine[];
}

/**
 * The payment schedules of a year, per contract and component, with what is paid (due on or
 * before `asOf`). Regional roles and municipalities see all (regional contracts, no personal
 * data); a provider sees its own contracts only.
 */
export async function listSchedules(db: Db, user: UserScope, regionId: string, opts: { year: number; asOf: string }): Promise<ScheduleList> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  const conditions = [eq(paymentSchedule.regionId, regionId), gte(paymentSchedule.period, `${opts.year}-01-01`), lte(paymentSchedule.period, `${opts.year}-12-31`)];
  if (view.kind === 'provider') conditions.push(eq(paymentSchedule.providerId, view.providerId));
  const rows = await db
    .select({ s: paymentSchedule, providerName: providers.name, segmentName: segments.name, contractStart: contracts.startDate, contractEnd: contracts.endDate })
    .from(paymentSchedule)
    .innerJoin(providers, eq(providers.id, paymentSchedule.providerId))
    .leftJoin(segments, and(eq(segments.regionId, paymentSchedule.regionId), eq(segments.id, paymentSchedule.segmentId)))
    .leftJoin(contracts, eq(contracts.id, paymentSchedule.contractId))
    .where(and(...conditions))
    .orderBy(asc(paymentSchedule.segmentId), asc(paymentSchedule.providerId), asc(paymentSchedule.period), asc(paymentSchedule.id));
  const profile = await loadRegionProfile(db, regionId);
  const components = new Map<string, ScheduleComponent>(profile.segmenten.flatMap((seg) => scheduleComponents(seg).map((c) => [`${seg.id}|${c.model}|${c.description}`, c] as [string, ScheduleComponent])));
  const groups = new Map<string, ScheduleLine>();
  for (const r of rows) {
    // Result-based rows are one per allocation: grouped per contract and kind of payment.
    const component = r.s.model === 'resultaatgericht' ? r.s.description.replace(/ toewijzing \d+$/, '') : r.s.description;
    const key = `${r.s.contractId ?? `p${r.s.providerId}|${r.s.segmentId}`}|${r.s.model}|${component}`;
    let g = groups.get(key);
    if (!g) {
      const c = components.get(`${r.s.segmentId}|${r.s.model}|${component}`);
      g = { contractId: r.s.contractId, providerId: r.s.providerId, providerName: r.providerName, segmentId: r.s.segmentId, segmentName: r.segmentName ?? r.s.segmentId, model: r.s.model, description: component, ...(c ? { omschrijving: c.omschrijving, bron: c.bron } : {}), contractStart: r.contractStart ?? null, contractEnd: r.contractEnd ?? null, totalCents: 0, paidCents: 0, items: [] };
      groups.set(key, g);
    }
    const paid = r.s.dueDate <= opts.asOf;
    g.totalCents += r.s.amountCents;
    if (paid) g.paidCents += r.s.amountCents;
    const last = g.items[g.items.length - 1];
    // Result-based items of one month are summed into one item per month.
    if (r.s.model === 'resultaatgericht' && last && last.period === r.s.period && last.paid === paid) last.amountCents += r.s.amountCents;
    else g.items.push({ period: r.s.period, dueDate: r.s.dueDate, amountCents: r.s.amountCents, paid });
  }
  const list = [...groups.values()];
  const byModel = new Map<string, number>();
  for (const g of list) byModel.set(g.model, (byModel.get(g.model) ?? 0) + g.totalCents);
  return {
    year: opts.year,
    asOf: opts.asOf,
    scope: view.label,
    totalCents: list.reduce((a, g) => a + g.totalCents, 0),
    paidCents: list.reduce((a, g) => a + g.paidCents, 0),
    byModel: [...byModel].map(([model, totalCents]) => ({ model, totalCents })),
    rows: list,
  };
}

/** Sum of scheduled amounts per (segment, year), e.g. for the ventiel base. */
export async function scheduledPerSegmentYear(db: Db, regionId: string, segmentId: string, year: number): Promise<number> {
  const [row] = await db
    .select({ cents: sql<string>`coalesce(sum(${paymentSchedule.amountCents}), 0)` })
    .from(paymentSchedule)
    .where(and(eq(paymentSchedule.regionId, regionId), eq(paymentSchedule.segmentId, segmentId), gte(paymentSchedule.period, `${year}-01-01`), lte(paymentSchedule.period, addDays(`${year + 1}-01-01`, -1))));
  return Number(row?.cents ?? 0);
}
