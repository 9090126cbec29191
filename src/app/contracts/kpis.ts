/**
 * The KPI set shown in a steering or accountability dialogue (seed 003 §10.2: "Input voor de
 * dialoog zijn KPI's voor primaire en ondersteunende processen"; §10.3 realisation of KPIs against
 * target values), computed from the existing tables and frozen into the dialogue when it is held:
 *
 * - spend, forecast and ceiling of the provider (or the segment) in the year, from the funding
 *   spend report (src/app/funding/spend.ts), and the region's care budget from the budget framework;
 * - active allocations and clients on the day (allocations register);
 * - declaration lines of the last twelve months and the share rejected;
 * - access cases waiting for the provider to start and cases with an MDO without agreement
 *   (escalation), from the access cases.
 *
 * Where a table holds no data for the scope, the KPI is left out and a note says so.
 */
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { allocations, cases, declarationLines, providers } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { addMonths } from '../../domain/dates.js';
import { spendReport } from '../funding/spend.js';
import { NotFound } from '../errors.js';
import { listKpis } from '../steering/kpis.js';

export interface Kpi {
  id: string;
  label: string;
  value: number;
  unit: 'cents' | 'count' | 'share';
  detail?: string;
}

export interface KpiSnapshot {
  asOf: string;
  year: number;
  scope: string;
  items: Kpi[];
  notes: string[];
}

export interface KpiScope {
  segmentId: string;
  providerId: number | null;
  label: string;
}

export async function computeKpis(db: Tx, user: UserScope, regionId: string, scope: KpiScope, asOf: string): Promise<KpiSnapshot> {
  const year = Number(asOf.slice(0, 4));
  const items: Kpi[] = [];
  const notes: string[] = [];

  // Spend against ceiling (funding spend report), provider-wide or for the segment.
  const by = scope.providerId !== null ? 'provider' : 'segment';
  const report = await spendReport(db, user, regionId, { year, by, asOf });
  const key = scope.providerId !== null ? String(scope.providerId) : scope.segmentId;
  const row = report.rows.find((r) => r.key === key);
  if (row && (row.spentCents !== 0 || row.forecastCents !== 0)) {
    const who = scope.providerId !== null ? 'aanbieder, alle segmenten' : 'segment';
    items.push({ id: 'besteed', label: `Besteed ${year} t/m ${asOf} (${who})`, value: row.spentCents, unit: 'cents' });
    items.push({ id: 'prognose', label: `Prognose jaareinde ${year}`, value: row.forecastCents, unit: 'cents' });
    if (row.ceilingCents !== undefined) {
      items.push({ id: 'plafond', label: `Budgetplafond ${year}`, value: row.ceilingCents, unit: 'cents' });
      if (row.ceilingCents > 0)
        items.push({ id: 'plafond-benut', label: 'Prognose als deel van het plafond', value: row.forecastCents / row.ceilingCents, unit: 'share' });
    }
  } else {
    notes.push(`Geen bekostigingsgegevens (goedgekeurde declaratieregels of betalingen volgens schema) voor ${scope.label} in ${year}.`);
  }
  if (scope.providerId !== null) {
    const seg = await spendReport(db, user, regionId, { year, by: 'segment', asOf });
    const segRow = seg.rows.find((r) => r.key === scope.segmentId);
    if (segRow && segRow.spentCents !== 0)
      items.push({ id: 'besteed-segment', label: `Besteed ${year} in het hele segment`, value: segRow.spentCents, unit: 'cents' });
  }
  const municipal = await spendReport(db, user, regionId, { year, by: 'municipality', asOf });
  const budget = municipal.rows.reduce((a, r) => a + (r.budgetCents ?? 0), 0);
  if (budget > 0)
    items.push({
      id: 'budget-regio',
      label: `Zorgbudget regio ${year} (financieel kader)`,
      value: budget,
      unit: 'cents',
      detail: `besteed regio: ${municipal.totals.spentCents} cent`,
    });

  // Active allocations and clients on the day.
  const allocWhere = and(
    eq(allocations.regionId, regionId),
    eq(allocations.segmentId, scope.segmentId),
    scope.providerId !== null ? eq(allocations.providerId, scope.providerId) : sql`true`,
    lte(allocations.ingangsdatum, asOf),
    sql`(${allocations.einddatum} is null or ${allocations.einddatum} >= ${asOf})`,
  );
  const [alloc] = await db
    .select({ n: sql<number>`count(*)::int`, youths: sql<number>`count(distinct ${allocations.youthId})::int` })
    .from(allocations)
    .where(allocWhere);
  if ((alloc?.n ?? 0) > 0) {
    items.push({ id: 'toewijzingen-actief', label: `Actieve toewijzingen op ${asOf}`, value: alloc!.n, unit: 'count' });
    items.push({ id: 'clienten-actief', label: `Jeugdigen met een actieve toewijzing op ${asOf}`, value: alloc!.youths, unit: 'count' });
  } else {
    notes.push(`Geen actieve toewijzingen in het toewijzingenregister voor ${scope.label} op ${asOf}.`);
  }

  // Declaration lines of the last twelve months and the rejected share.
  const from = addMonths(asOf, -12);
  const agb =
    scope.providerId === null ? undefined : (await db.select({ agb: providers.agbCode }).from(providers).where(eq(providers.id, scope.providerId)))[0]?.agb;
  const [decl] = await db
    .select({ n: sql<number>`count(*)::int`, rejected: sql<number>`count(*) filter (where not ${declarationLines.approved})::int` })
    .from(declarationLines)
    .where(
      and(
        eq(declarationLines.regionId, regionId),
        eq(declarationLines.segmentId, scope.segmentId),
        agb !== undefined ? eq(declarationLines.providerAgb, agb) : sql`true`,
        gte(declarationLines.begindatum, from),
        lte(declarationLines.begindatum, asOf),
      ),
    );
  if ((decl?.n ?? 0) > 0) {
    items.push({ id: 'declaratieregels', label: `Declaratieregels ${from} t/m ${asOf}`, value: decl!.n, unit: 'count' });
    items.push({
      id: 'declaratieregels-afgewezen',
      label: 'Aandeel afgewezen declaratieregels',
      value: decl!.rejected / decl!.n,
      unit: 'share',
      detail: `${decl!.rejected} van ${decl!.n}`,
    });
  } else {
    notes.push(`Geen declaratieregels voor ${scope.label} in de twaalf maanden tot ${asOf}.`);
  }

  // Access cases: waiting for the provider to start, and MDOs without agreement (escalation).
  const caseScope =
    scope.providerId !== null
      ? sql`${cases.providerIds} @> array[${scope.providerId}]::integer[]`
      : sql`${cases.state}->'toewijzingen' @> ${JSON.stringify([{ segmentId: scope.segmentId }])}::jsonb`;
  const [c] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${cases.status} = 'toegewezen')::int`,
      escalated: sql<number>`count(*) filter (where ${cases.state}->'mdos' @> '[{"overeenstemming": false}]'::jsonb and ${cases.status} <> 'afgesloten')::int`,
      open: sql<number>`count(*) filter (where ${cases.status} not in ('afgesloten'))::int`,
    })
    .from(cases)
    .where(and(eq(cases.regionId, regionId), caseScope));
  if ((c?.open ?? 0) > 0) {
    items.push({ id: 'wachtend-op-start', label: 'Toegewezen, zorg nog niet gestart (wachtend)', value: c!.waiting, unit: 'count' });
    items.push({ id: 'escalaties', label: 'Open dossiers met een MDO zonder overeenstemming (escalatie)', value: c!.escalated, unit: 'count' });
  } else {
    notes.push(`Geen open toegangsdossiers voor ${scope.label}; wachttijd en escalaties zijn niet te bepalen.`);
  }
  // The region's KPI/KRI catalogue (issue #12) for the segment, and the provider when the dialogue has one.
  try {
    const catalogue = await listKpis(
      db,
      user,
      regionId,
      { level: 'segment', year, key: scope.segmentId, ...(scope.providerId !== null ? { provider: scope.providerId } : {}) },
      asOf,
    );
    for (const k of catalogue.items) {
      if (k.value === null || k.status === 'insufficient-n') {
        notes.push(`${k.label}: te weinig waarnemingen in ${year} (n = ${k.n}, minimaal ${k.minimumN}).`);
        continue;
      }
      const norm = k.threshold ? `drempel ${k.threshold.value}` : k.target ? `doel ${k.target.value}${k.target.aanname ? ' (aanname)' : ''}` : 'geen doel';
      items.push({
        id: `indicator-${k.id}`,
        label: `${k.label} (${KPI_STATUS[k.status]}${k.signal ? ', signaal' : ''})`,
        value: k.value,
        unit: k.unit === 'aandeel' ? 'share' : 'count',
        detail: `n = ${k.n}; ${norm}; bron ${k.bron.seed} §${k.bron.sectie}`,
      });
    }
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
    notes.push('De regio heeft geen indicatorenset (indicatoren.yaml); de dialoog toont alleen de bovenstaande cijfers.');
  }
  return { asOf, year, scope: scope.label, items, notes };
}

const KPI_STATUS = { 'on-target': 'op doel', 'off-target': 'niet op doel', 'no-target': 'geen doel', 'insufficient-n': 'te weinig waarnemingen' } as const;
