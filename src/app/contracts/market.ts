/**
 * Market view, provider page and provider tiers (issue #6):
 *
 * - turnover per provider, segment and year from the funding data: approved declaration lines
 *   (signed amounts, as the spend report counts them) plus payment-schedule items due (paid) by the
 *   reference date (lump sums, availability, result-based parts);
 * - concentration per segment (shares, top-5 share, HHI, Pareto curve), next to the top-5 share
 *   the seed reports where it does (seed 004 §4.x "Huidig landschap");
 * - development partners (ontwikkelpartners) selected by the profile rule (seed 004 §3.2 c) and
 *   recorded as provider tiers with method and rationale.
 *
 * Tenancy: the market view compares providers, so only the region's regional roles see it; a
 * provider sees its own provider page only.
 */
import { keptPerDataVersion } from '../funding/kept.js';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { contracts, paymentSchedule, providers, spendMonthly } from '../../db/schema.js';
import { applications, procedures, providerTiers } from '../../db/schema-procurement.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { concentration, selectDevelopmentPartners, SelectionError, type Concentration, type PartnerSelection } from '../../domain/contracts/market.js';
import { source, type Source } from '../../domain/landscape/landscape.js';
import { statusOn, termView } from '../../domain/contracts/term.js';
import { AppError, BadInput, Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { readsTogether } from '../../db/reads-together.js';
import { changeScope, contractScope, rulesFor, segmentName } from './scope.js';

interface TurnoverRow {
  providerId: number;
  segmentId: string;
  year: number;
  cents: number;
}

/** Turnover per provider, segment and year up to `asOf` (approved lines + schedule items due). */
export async function turnover(db: Tx, regionId: string, opts: { asOf: string; providerId?: number; year?: number }): Promise<TurnoverRow[]> {
  // Approved spend from the read model spend_monthly (kept current on write, migration 0009) rather
  // than the declaration lines: per month of the ProductPeriode begin, so "up to asOf" takes whole
  // months up to and including asOf's (a line is declared after its period, so later days of that
  // month hold no lines yet).
  const yearFilterLines = opts.year !== undefined ? sql`extract(year from ${spendMonthly.month}) = ${opts.year}` : sql`true`;
  const yearFilterSchedule = opts.year !== undefined ? sql`extract(year from ${paymentSchedule.period}) = ${opts.year}` : sql`true`;
  // The two sums are independent: together on the pool (readsTogether), one after the other in a transaction.
  const [lines, scheduled] = await readsTogether(db, [
    () =>
      db
        .select({
          providerId: providers.id,
          segmentId: spendMonthly.segmentId,
          year: sql<number>`extract(year from ${spendMonthly.month})::int`,
          cents: sql<string>`sum(${spendMonthly.approvedCents})`,
        })
        .from(spendMonthly)
        .innerJoin(providers, and(eq(providers.regionId, spendMonthly.regionId), eq(providers.agbCode, spendMonthly.providerAgb)))
        .where(
          and(
            eq(spendMonthly.regionId, regionId),
            lte(spendMonthly.month, opts.asOf),
            yearFilterLines,
            opts.providerId !== undefined ? eq(providers.id, opts.providerId) : sql`true`,
          ),
        )
        .groupBy(providers.id, spendMonthly.segmentId, sql`3`)
        .having(sql`sum(${spendMonthly.lines}) > sum(${spendMonthly.rejectedLines})`),
    () =>
      db
        .select({
          providerId: paymentSchedule.providerId,
          segmentId: paymentSchedule.segmentId,
          year: sql<number>`extract(year from ${paymentSchedule.period})::int`,
          cents: sql<string>`sum(${paymentSchedule.amountCents})`,
        })
        .from(paymentSchedule)
        .where(
          and(
            eq(paymentSchedule.regionId, regionId),
            lte(paymentSchedule.dueDate, opts.asOf),
            yearFilterSchedule,
            opts.providerId !== undefined ? eq(paymentSchedule.providerId, opts.providerId) : sql`true`,
          ),
        )
        .groupBy(paymentSchedule.providerId, paymentSchedule.segmentId, sql`3`),
  ]);
  const map = new Map<string, TurnoverRow>();
  for (const r of [...lines, ...scheduled]) {
    const key = `${r.providerId}|${r.segmentId}|${r.year}`;
    const row = map.get(key) ?? { providerId: r.providerId, segmentId: r.segmentId, year: Number(r.year), cents: 0 };
    row.cents += Number(r.cents);
    map.set(key, row);
  }
  return [...map.values()];
}

export interface SegmentMarket {
  segmentId: string;
  segmentName: string;
  hasData: boolean;
  note?: string;
  concentration: Concentration;
  /** Top-5 share the seed reports for the segment (key figures), when it does. */
  reportedTop5?: { share: number; source: Source };
  rule: { ruleId: string; methode: string; paretoAandeel?: number; omzetdrempelCents?: number; source: Source } | null;
  tiers: { providerId: number; tier: string; method: string; decidedOn: string }[];
}

export interface MarketView {
  year: number;
  asOf: string;
  years: number[];
  segments: SegmentMarket[];
  mayChange: boolean;
  /** The Pareto share the UI proposes when the rule gives none: the profile's stated assumption (voorstelParetoAandeel), or null. */
  assumption: { paretoAandeel: number; text: string } | null;
}

async function requireRegional(db: Db, user: UserScope, regionId: string) {
  const scope = await contractScope(db, user, regionId);
  if (dataScope(user, regionId).kind !== 'region')
    throw new Forbidden('het marktbeeld vergelijkt aanbieders en is alleen voor regionale rollen (contractmanager, controller, beleid)');
  return scope;
}

export async function marketView(db: Db, user: UserScope, regionId: string, opts: { year?: number; asOf: string }): Promise<MarketView> {
  const scope = await requireRegional(db, user, regionId);
  // The profile, the turnover, the provider names and the tiers are independent reads: together on
  // the pool (under load each round trip waits its turn), one after the other in a transaction.
  const [profile, all, providerNames, tiers] = await readsTogether(db, [
    () => loadRegionProfile(db, regionId),
    // Kept until the region's funding data (spend_monthly, payment_schedule) changes (migration 0014): no
    // grouped sum over every month of the region per request.
    // Turnover reads spend_monthly, the schedules and the providers (migration 0027's kinds).
    () => keptPerDataVersion(db, regionId, ['region', 'declarations', 'schedules'], ['turnover', opts.asOf], () => turnover(db, regionId, { asOf: opts.asOf })),
    () => db.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.regionId, regionId)),
    () => db.select().from(providerTiers).where(eq(providerTiers.regionId, regionId)),
  ]);
  const years = [...new Set(all.map((r) => r.year))].sort();
  const year = opts.year ?? years.filter((y) => y < Number(opts.asOf.slice(0, 4))).at(-1) ?? years.at(-1) ?? Number(opts.asOf.slice(0, 4));
  const names = new Map(providerNames.map((p) => [p.id, p.name]));
  const segments = profile.segmenten.map((seg): SegmentMarket => {
    const rows = all.filter((r) => r.segmentId === seg.id && r.year === year);
    const c = concentration(rows.map((r) => ({ providerId: r.providerId, name: names.get(r.providerId) ?? String(r.providerId), cents: r.cents })));
    const reported = profile.kengetallen.find((k) => k.segment === seg.id && /top5/.test(k.id) && k.eenheid === 'procent');
    const rule = rulesFor(profile, seg.id).find((r) => r.type === 'ontwikkelpartners');
    return {
      segmentId: seg.id,
      segmentName: seg.naam,
      hasData: c.totalCents > 0,
      ...(c.totalCents > 0
        ? {}
        : {
            note: `Geen bekostigingsgegevens voor ${seg.naam} in ${year}: geen goedgekeurde declaratieregels en geen betaalde termijnen. Het marktbeeld is daarom leeg.`,
          }),
      concentration: c,
      ...(reported ? { reportedTop5: { share: reported.waarde / 100, source: source(reported.bron) } } : {}),
      rule:
        rule && rule.type === 'ontwikkelpartners'
          ? {
              ruleId: rule.id,
              methode: rule.methode,
              ...(rule.paretoAandeel !== undefined ? { paretoAandeel: rule.paretoAandeel } : {}),
              ...(rule.omzetdrempelCents !== undefined ? { omzetdrempelCents: rule.omzetdrempelCents } : {}),
              source: source(rule.bron),
            }
          : null,
      tiers: tiers.filter((t) => t.segmentId === seg.id).map((t) => ({ providerId: t.providerId, tier: t.tier, method: t.method, decidedOn: t.decidedOn })),
    };
  });
  const voorstel = [...profile.regels, ...profile.segmenten.flatMap((s) => s.regels)].flatMap((r) =>
    r.type === 'ontwikkelpartners' && r.voorstelParetoAandeel ? [r.voorstelParetoAandeel] : [],
  )[0];
  return {
    year,
    asOf: opts.asOf,
    years,
    segments,
    mayChange: scope.mayChange,
    assumption: voorstel ? { paretoAandeel: voorstel.waarde, text: `Aanname: ${voorstel.aanname}` } : null,
  };
}

export interface TierInput {
  segmentId: string;
  year: number;
  paretoAandeel?: number;
  omzetdrempelCents?: number;
  /** Only compute (preview); do not record. */
  dryRun?: boolean;
}

/**
 * Applies the segment's `ontwikkelpartners` rule to the year's turnover and records every provider
 * in the market as ontwikkelpartner or regulier, with the method and the rationale.
 */
export async function recordProviderTiers(
  db: Db,
  user: UserScope,
  regionId: string,
  input: TierInput,
  today: string,
): Promise<PartnerSelection & { segmentId: string; year: number; recorded: number; names: Record<number, string> }> {
  if (!input.dryRun) await changeScope(db, user, regionId);
  else await requireRegional(db, user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const seg = profile.segmenten.find((s) => s.id === input.segmentId);
  if (!seg) throw new NotFound(`segment "${input.segmentId}" bestaat niet in ${regionId}`);
  const rule = rulesFor(profile, seg.id).find((r) => r.type === 'ontwikkelpartners');
  if (!rule || rule.type !== 'ontwikkelpartners')
    throw new AppError(422, 'Geen regel in het profiel', `het profiel van ${regionId} heeft geen regel ontwikkelpartners voor ${seg.naam}`);
  return db.transaction(async (tx) => {
    const rows = (await turnover(tx, regionId, { asOf: today, year: input.year })).filter((r) => r.segmentId === seg.id);
    const names = new Map(
      (await tx.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.regionId, regionId))).map((p) => [p.id, p.name]),
    );
    let sel: PartnerSelection;
    try {
      sel = selectDevelopmentPartners(
        rule,
        rows.map((r) => ({ providerId: r.providerId, name: names.get(r.providerId) ?? '', cents: r.cents })),
        {
          segmentName: seg.naam,
          period: String(input.year),
          ...(input.paretoAandeel !== undefined ? { paretoAandeel: input.paretoAandeel } : {}),
          ...(input.omzetdrempelCents !== undefined ? { omzetdrempelCents: input.omzetdrempelCents } : {}),
        },
      );
    } catch (e) {
      if (e instanceof SelectionError) throw new BadInput(e.message);
      throw e;
    }
    let recorded = 0;
    if (!input.dryRun) {
      for (const [ids, tier] of [
        [sel.partners, 'ontwikkelpartner'],
        [sel.regular, 'regulier'],
      ] as const) {
        for (const providerId of ids) {
          await tx
            .insert(providerTiers)
            .values({ regionId, segmentId: seg.id, providerId, tier, method: sel.method, rationale: sel.rationale, decidedOn: today, byUser: user.username })
            .onConflictDoUpdate({
              target: [providerTiers.regionId, providerTiers.segmentId, providerTiers.providerId],
              set: { tier, method: sel.method, rationale: sel.rationale, decidedOn: today, byUser: user.username },
            });
          recorded++;
        }
      }
    }
    const involved = [...sel.partners, ...sel.regular];
    return { ...sel, segmentId: seg.id, year: input.year, recorded, names: Object.fromEntries(involved.map((id) => [id, names.get(id) ?? String(id)])) };
  });
}

export interface ProviderPage {
  id: number;
  name: string;
  agbCode: string;
  kind: string;
  contracts: { id: number; segmentId: string; segmentName: string; lotId: string | null; startDate: string; endDate: string; state: string; term: string }[];
  turnover: { segmentId: string; segmentName: string; year: number; cents: number }[];
  tiers: { segmentId: string; segmentName: string; tier: string; method: string; rationale: string; decidedOn: string }[];
  applications: {
    id: number;
    procedureId: number;
    procedureName: string;
    segmentId: string;
    status: string;
    submittedOn: string;
    decidedOn: string | null;
    lotIds: string[];
  }[];
  hasFundingData: boolean;
}

export async function providerPage(db: Db, user: UserScope, regionId: string, providerId: number, today: string): Promise<ProviderPage> {
  const scope = await contractScope(db, user, regionId);
  if (scope.kind === 'provider' && scope.providerId !== providerId) throw new NotFound(`aanbieder ${providerId} niet gevonden binnen uw bevoegdheid`);
  const [p] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.regionId, regionId), eq(providers.id, providerId)));
  if (!p) throw new NotFound(`aanbieder ${providerId} niet gevonden binnen uw bevoegdheid`);
  const profile = await loadRegionProfile(db, regionId);
  const cs = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.regionId, regionId), eq(contracts.providerId, providerId)))
    .orderBy(asc(contracts.segmentId), asc(contracts.startDate));
  const t = (await turnover(db, regionId, { asOf: today, providerId })).sort((a, b) => a.segmentId.localeCompare(b.segmentId) || a.year - b.year);
  const tiers = await db
    .select()
    .from(providerTiers)
    .where(and(eq(providerTiers.regionId, regionId), eq(providerTiers.providerId, providerId)));
  const apps = await db
    .select({ a: applications, procedureName: procedures.name, segmentId: procedures.segmentId })
    .from(applications)
    .innerJoin(procedures, eq(procedures.id, applications.procedureId))
    .where(and(eq(applications.regionId, regionId), eq(applications.providerId, providerId)))
    .orderBy(asc(applications.submittedOn));
  return {
    id: p.id,
    name: p.name,
    agbCode: p.agbCode,
    kind: p.kind,
    contracts: cs.map((c) => ({
      id: c.id,
      segmentId: c.segmentId,
      segmentName: segmentName(profile, c.segmentId),
      lotId: c.lotId,
      startDate: c.startDate,
      endDate: c.endDate,
      state: statusOn(c, today),
      term: termView(c).label,
    })),
    turnover: t.map((r) => ({ segmentId: r.segmentId, segmentName: segmentName(profile, r.segmentId), year: r.year, cents: r.cents })),
    tiers: tiers.map((x) => ({
      segmentId: x.segmentId,
      segmentName: segmentName(profile, x.segmentId),
      tier: x.tier,
      method: x.method,
      rationale: x.rationale,
      decidedOn: x.decidedOn,
    })),
    applications: apps.map((r) => ({
      id: r.a.id,
      procedureId: r.a.procedureId,
      procedureName: r.procedureName,
      segmentId: r.segmentId,
      status: r.a.status,
      submittedOn: r.a.submittedOn,
      decidedOn: r.a.decidedOn,
      lotIds: r.a.lotIds,
    })),
    hasFundingData: t.length > 0,
  };
}
