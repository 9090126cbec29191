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
import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocationOutcomes, allocations, contracts, paymentSchedule, providers, segments, tariffs } from '../../db/schema.js';
import type { ParameterSet } from '../../domain/funding/parameters.js';
import { regionParameters } from './parameters.js';
import { resultPayments, valueAt } from '../../domain/funding/models.js';
import { caseloadPayments, type CaseloadAllocation } from '../../domain/funding/caseload.js';
import { contractComponentSchedule, scheduleComponents, type CreateSchedulesInput, type ScheduleComponent } from '../../domain/funding/schedules.js';
import { isOpen, type Bron, type RegionProfile, type SegmentProfile } from '../../domain/landscape/profile-schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { addDays, addMonths, maxDate } from '../../domain/dates.js';
import { BadInput } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { fundingView } from './spend.js';

export {
  contractComponentSchedule,
  scheduleComponents,
  type CreateSchedulesInput,
  type ScheduleComponent,
  type ScheduleContract,
  type ScheduleModel,
} from '../../domain/funding/schedules.js';

const BATCH = 1000;

/**
 * Creates the payment_schedule rows of every contract of the region whose segment is funded by
 * schedule (lump sum, availability), per the profile. Idempotent: rows that exist are left alone.
 */
export async function createSchedules(db: Tx, regionId: string, input: CreateSchedulesInput): Promise<{ contracts: number; rows: number; created: number }> {
  const profile = await loadRegionProfile(db, regionId);
  const componentsBySegment = new Map(profile.segmenten.map((s) => [s.id, scheduleComponents(s)]));
  const contractRows = await db
    .select({
      id: contracts.id,
      providerId: contracts.providerId,
      segmentId: contracts.segmentId,
      lotId: contracts.lotId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      status: contracts.status,
    })
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
        rows.push({
          regionId,
          contractId: c.id,
          providerId: c.providerId,
          segmentId: c.segmentId,
          model: component.model,
          period: item.period,
          dueDate: item.dueDate,
          amountCents: item.amountCents,
          description: component.description,
        });
      }
    }
    if (any) scheduled++;
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    created += (
      await db
        .insert(paymentSchedule)
        .values(rows.slice(i, i + BATCH))
        .onConflictDoNothing()
        .returning({ id: paymentSchedule.id })
    ).length;
  }
  return { contracts: scheduled, rows: rows.length, created };
}

// ------------------------------------------------------------------------------------------------
// Caseload funding (seed 001) and one budget for a group of providers (seed 001)

function caseloadSegments(profile: RegionProfile): SegmentProfile[] {
  return profile.segmenten.filter((s) => !isOpen(s.bekostiging) && s.bekostiging.variant === 'caseload');
}

/**
 * Schedules caseload payments (seed 001 "Clientvolgende bekostiging (caseload)"): per contract and
 * month from `from` through `through` (YYYY-MM), the clients with an allocation under the contract
 * in that month x the segment's dated price per client per month (parameter
 * `prijs-per-client-per-maand`), due on the first of the month. Idempotent (unique index).
 */
export async function scheduleCaseload(
  db: Tx,
  regionId: string,
  opts: { from: string; through: string },
): Promise<{ contracts: number; rows: number; created: number }> {
  const profile = await loadRegionProfile(db, regionId);
  const segs = caseloadSegments(profile);
  if (segs.length === 0) return { contracts: 0, rows: 0, created: 0 };
  const params = await regionParameters(db, regionId, profile);
  const rows: (typeof paymentSchedule.$inferInsert)[] = [];
  let contractCount = 0;
  for (const seg of segs) {
    const price = params.series('prijs-per-client-per-maand', seg.id);
    if (price.length === 0)
      throw new BadInput(
        `segment ${seg.id} wordt bekostigd per caseload, maar de regio geeft geen prijs per cliënt per maand (parameter prijs-per-client-per-maand)`,
      );
    const allocs = await db
      .select({
        contractId: allocations.contractId,
        providerId: allocations.providerId,
        youthId: allocations.youthId,
        ingangsdatum: allocations.ingangsdatum,
        einddatum: allocations.einddatum,
      })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, regionId),
          eq(allocations.segmentId, seg.id),
          isNotNull(allocations.contractId),
          lte(allocations.ingangsdatum, addDays(addMonths(`${opts.through}-01`, 1), -1)),
        ),
      );
    const byContract = new Map<number, { providerId: number; list: CaseloadAllocation[] }>();
    for (const a of allocs) {
      const entry = byContract.get(a.contractId!) ?? byContract.set(a.contractId!, { providerId: a.providerId, list: [] }).get(a.contractId!)!;
      entry.list.push({ clientKey: String(a.youthId), ingangsdatum: a.ingangsdatum, einddatum: a.einddatum ?? undefined });
    }
    const fromMonth = opts.from.slice(0, 7);
    for (const [contractId, { providerId, list }] of byContract) {
      const first = list.reduce((m, a) => (a.ingangsdatum < m ? a.ingangsdatum : m), '9999-12-31').slice(0, 7);
      const start = first > fromMonth ? first : fromMonth;
      if (start > opts.through || valueAt(price, `${start}-01`) === undefined) continue;
      let any = false;
      for (const m of caseloadPayments(list, price, start, opts.through)) {
        if (m.clients === 0) continue;
        any = true;
        rows.push({
          regionId,
          contractId,
          providerId,
          segmentId: seg.id,
          model: 'caseload',
          period: `${m.month}-01`,
          dueDate: `${m.month}-01`,
          amountCents: m.cents,
          description: 'caseload',
        });
      }
      if (any) contractCount++;
    }
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    created += (
      await db
        .insert(paymentSchedule)
        .values(rows.slice(i, i + BATCH))
        .onConflictDoNothing()
        .returning({ id: paymentSchedule.id })
    ).length;
  }
  return { contracts: contractCount, rows: rows.length, created };
}

// ------------------------------------------------------------------------------------------------
// Result-based payment (seed 002)

export interface ResultShares {
  voorschotAandeel: number;
  naDoelrealisatieAandeel: number;
  bron?: Bron;
  /** Set when the share is an assumption of the demo (the profile leaves it open). */
  aanname?: string;
}

/**
 * The advance / after-goal shares of a result-based segment on a date: the segment's dated
 * parameter `voorschotaandeel` (the profile's value, or a demo's stated assumption where the
 * profile leaves it open); never a silent default.
 */
export function resultSharesFor(seg: SegmentProfile, params: ParameterSet, date: string): ResultShares {
  const b = seg.bekostiging;
  if (isOpen(b) || b.variant !== 'resultaatgericht') throw new BadInput(`segment ${seg.id} wordt niet resultaatgericht bekostigd`);
  const p = params.get('voorschotaandeel', seg.id);
  const share = p ? valueAt(p.values, date) : undefined;
  if (share === undefined) {
    throw new BadInput(
      `segment ${seg.id}: de regio geeft geen voorschotaandeel op ${date}${p?.openVraag ? ` (open vraag: ${p.openVraag})` : ''}; een demo legt het vast als aanname in demo.yaml`,
    );
  }
  if (share < 0 || share > 1) throw new BadInput(`segment ${seg.id}: voorschotaandeel ${share} ligt niet tussen 0 en 100%`);
  const source = [...p!.sources].reverse().find((x) => x.validFrom <= date);
  return {
    voorschotAandeel: share,
    naDoelrealisatieAandeel: 1 - share,
    ...(source?.bron ? { bron: source.bron } : {}),
    ...(source?.aanname ? { aanname: source.aanname } : {}),
  };
}

const resultDescription = (kind: 'voorschot' | 'na doelrealisatie', nummer: number) => `${kind} toewijzing ${nummer}`;

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
async function resultPricer(db: Tx, regionId: string, rows: readonly ResultAllocation[]): Promise<(a: ResultAllocation) => number | undefined> {
  const providerIds = [...new Set(rows.map((a) => a.providerId))];
  const tariffRows =
    providerIds.length === 0
      ? []
      : await db
          .select({
            providerId: tariffs.providerId,
            categorie: tariffs.productCategorie,
            code: tariffs.productCode,
            cents: tariffs.priceCents,
            validFrom: tariffs.validFrom,
          })
          .from(tariffs)
          .where(and(eq(tariffs.regionId, regionId), eq(tariffs.eenheid, '82'), sql`${tariffs.providerId} = any(${sql.param(providerIds)}::int[])`));
  return (a) => {
    const candidates = tariffRows
      .filter((t) => t.providerId === a.providerId && t.categorie === (a.productCategorie ?? '') && (t.code === null || t.code === a.productCode))
      .map((t) => ({ validFrom: t.validFrom, value: t.cents }));
    const cents = valueAt(candidates, a.ingangsdatum);
    return cents === undefined ? undefined : cents * (a.volume ?? 1);
  };
}

function resultSegments(profile: RegionProfile): Map<string, SegmentProfile> {
  return new Map(profile.segmenten.filter((s) => !isOpen(s.bekostiging) && s.bekostiging.variant === 'resultaatgericht').map((s) => [s.id, s]));
}

const allocationColumns = {
  id: allocations.id,
  toewijzingNummer: allocations.toewijzingNummer,
  providerId: allocations.providerId,
  contractId: allocations.contractId,
  segmentId: allocations.segmentId,
  productCategorie: allocations.productCategorie,
  productCode: allocations.productCode,
  ingangsdatum: allocations.ingangsdatum,
  einddatum: allocations.einddatum,
  volume: allocations.volume,
};

/**
 * Schedules the advance (voorschot) of every allocation in a result-based segment that starts on
 * or after `from`: due on its start date, the share in force on that date. Allocations without a
 * tariff are counted, not paid.
 */
export async function scheduleResultAdvances(
  db: Tx,
  regionId: string,
  opts: { from: string },
): Promise<{ allocations: number; created: number; withoutTariff: number }> {
  const profile = await loadRegionProfile(db, regionId);
  const segs = resultSegments(profile);
  if (segs.size === 0) return { allocations: 0, created: 0, withoutTariff: 0 };
  const params = await regionParameters(db, regionId, profile);
  // The shares first: a region that leaves them open is refused, allocations or not.
  for (const seg of segs.values()) resultSharesFor(seg, params, opts.from);
  const rows = await db
    .select(allocationColumns)
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), inArray(allocations.segmentId, [...segs.keys()]), gte(allocations.ingangsdatum, opts.from)));
  let created = 0;
  let withoutTariff = 0;
  const values: (typeof paymentSchedule.$inferInsert)[] = [];
  const priceOf = await resultPricer(db, regionId, rows);
  for (const a of rows) {
    const shares = resultSharesFor(segs.get(a.segmentId)!, params, a.ingangsdatum);
    const price = priceOf(a);
    if (price === undefined) {
      withoutTariff++;
      continue;
    }
    const { advanceCents } = resultPayments(price, shares.voorschotAandeel, undefined);
    values.push({
      regionId,
      contractId: a.contractId,
      providerId: a.providerId,
      segmentId: a.segmentId,
      model: 'resultaatgericht',
      period: `${a.ingangsdatum.slice(0, 7)}-01`,
      dueDate: a.ingangsdatum,
      amountCents: advanceCents,
      description: resultDescription('voorschot', a.toewijzingNummer),
    });
  }
  for (let i = 0; i < values.length; i += BATCH) {
    created += (
      await db
        .insert(paymentSchedule)
        .values(values.slice(i, i + BATCH))
        .onConflictDoNothing()
        .returning({ id: paymentSchedule.id })
    ).length;
  }
  return { allocations: rows.length, created, withoutTariff };
}

export interface GoalPayment {
  toewijzingNummer: number;
  /** Degree of goal attainment the payment follows (0-100): the mean of the informants' recorded degrees. */
  doelrealisatiePct: number;
  /** The clusters of result areas (profile `resultaatclusters`, by name) the recorded goals were agreed on. */
  resultaatclusters: string[];
  /** Paid after goal attainment: the after-goal part x the degree. */
  amountCents: number;
  priceCents: number;
  advanceCents: number;
  dueDate: string;
}

/**
 * Pays the after-goal part of ended result-based allocations in proportion to the degree of goal
 * attainment recorded for them (seed 002 "een deel van de betaling afhankelijk te maken van de mate
 * waarin het doel bereikt is"; table allocation_outcomes, doelrealisatie_pct 0-100). An allocation
 * counts when it has ended on or before `asOf` and at least one informant recorded a degree; the
 * payment follows the mean of the recorded degrees and is due on the later of the end date and the
 * last measurement. Each allocation is paid once (the unique index makes a re-run a no-op).
 */
export async function payResultsByGoalAttainment(
  db: Tx,
  regionId: string,
  opts: { asOf: string },
): Promise<{ outcomes: number; created: number; payments: GoalPayment[] }> {
  const profile = await loadRegionProfile(db, regionId);
  const segs = resultSegments(profile);
  if (segs.size === 0) return { outcomes: 0, created: 0, payments: [] };
  const params = await regionParameters(db, regionId, profile);
  const measured = await db
    .select({
      ...allocationColumns,
      pct: sql<string>`avg(${allocationOutcomes.doelrealisatiePct})`,
      clusters: sql<string | null>`string_agg(distinct ${allocationOutcomes.resultaatcluster}, ',')`,
      measuredOn: sql<string>`max(${allocationOutcomes.gemetenOp})`,
    })
    .from(allocations)
    .innerJoin(allocationOutcomes, and(eq(allocationOutcomes.allocationId, allocations.id), isNotNull(allocationOutcomes.doelrealisatiePct)))
    .where(
      and(
        eq(allocations.regionId, regionId),
        inArray(allocations.segmentId, [...segs.keys()]),
        isNotNull(allocations.einddatum),
        lte(allocations.einddatum, opts.asOf),
      ),
    )
    .groupBy(...Object.values(allocationColumns));
  const priceOf = await resultPricer(db, regionId, measured);
  const payments: GoalPayment[] = [];
  const values: (typeof paymentSchedule.$inferInsert)[] = [];
  for (const a of measured) {
    const price = priceOf(a);
    if (price === undefined) continue;
    const shares = resultSharesFor(segs.get(a.segmentId)!, params, a.ingangsdatum);
    const pct = Number(a.pct);
    const pay = resultPayments(price, shares.voorschotAandeel, pct);
    const measuredOn = String(a.measuredOn).slice(0, 10);
    const dueDate = maxDate(a.einddatum!, measuredOn);
    const resultaatclusters = (a.clusters ?? '')
      .split(',')
      .filter(Boolean)
      .map((id) => profile.resultaatclusters.find((c) => c.id === id)?.naam ?? id);
    payments.push({
      toewijzingNummer: a.toewijzingNummer,
      doelrealisatiePct: pct,
      resultaatclusters,
      amountCents: pay.payableAfterGoalCents,
      priceCents: price,
      advanceCents: pay.advanceCents,
      dueDate,
    });
    values.push({
      regionId,
      contractId: a.contractId,
      providerId: a.providerId,
      segmentId: a.segmentId,
      model: 'resultaatgericht',
      period: `${dueDate.slice(0, 7)}-01`,
      dueDate,
      amountCents: pay.payableAfterGoalCents,
      description: resultDescription('na doelrealisatie', a.toewijzingNummer),
    });
  }
  let created = 0;
  for (let i = 0; i < values.length; i += BATCH) {
    created += (
      await db
        .insert(paymentSchedule)
        .values(values.slice(i, i + BATCH))
        .onConflictDoNothing()
        .returning({ id: paymentSchedule.id })
    ).length;
  }
  return { outcomes: measured.length, created, payments };
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
  const conditions = [
    eq(paymentSchedule.regionId, regionId),
    gte(paymentSchedule.period, `${opts.year}-01-01`),
    lte(paymentSchedule.period, `${opts.year}-12-31`),
  ];
  if (view.kind === 'provider') conditions.push(eq(paymentSchedule.providerId, view.providerId));
  const rows = await db
    .select({
      s: paymentSchedule,
      providerName: providers.name,
      segmentName: segments.name,
      contractStart: contracts.startDate,
      contractEnd: contracts.endDate,
    })
    .from(paymentSchedule)
    .innerJoin(providers, eq(providers.id, paymentSchedule.providerId))
    .leftJoin(segments, and(eq(segments.regionId, paymentSchedule.regionId), eq(segments.id, paymentSchedule.segmentId)))
    .leftJoin(contracts, eq(contracts.id, paymentSchedule.contractId))
    .where(and(...conditions))
    .orderBy(asc(paymentSchedule.segmentId), asc(paymentSchedule.providerId), asc(paymentSchedule.period), asc(paymentSchedule.id));
  const profile = await loadRegionProfile(db, regionId);
  const components = new Map<string, ScheduleComponent>(
    profile.segmenten.flatMap((seg) => scheduleComponents(seg).map((c) => [`${seg.id}|${c.model}|${c.description}`, c] as [string, ScheduleComponent])),
  );
  const groups = new Map<string, ScheduleLine>();
  for (const r of rows) {
    // Result-based rows are one per allocation: grouped per contract and kind of payment.
    const component = r.s.model === 'resultaatgericht' ? r.s.description.replace(/ toewijzing \d+$/, '') : r.s.description;
    const key = `${r.s.contractId ?? `p${r.s.providerId}|${r.s.segmentId}`}|${r.s.model}|${component}`;
    let g = groups.get(key);
    if (!g) {
      const c = components.get(`${r.s.segmentId}|${r.s.model}|${component}`);
      g = {
        contractId: r.s.contractId,
        providerId: r.s.providerId,
        providerName: r.providerName,
        segmentId: r.s.segmentId,
        segmentName: r.segmentName ?? r.s.segmentId,
        model: r.s.model,
        description: component,
        ...(c ? { omschrijving: c.omschrijving, bron: c.bron } : {}),
        contractStart: r.contractStart ?? null,
        contractEnd: r.contractEnd ?? null,
        totalCents: 0,
        paidCents: 0,
        items: [],
      };
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
    .where(
      and(
        eq(paymentSchedule.regionId, regionId),
        eq(paymentSchedule.segmentId, segmentId),
        gte(paymentSchedule.period, `${year}-01-01`),
        lte(paymentSchedule.period, addDays(`${year + 1}-01-01`, -1)),
      ),
    );
  return Number(row?.cents ?? 0);
}
