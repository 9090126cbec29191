/**
 * KPI/KRI query (issue #12): the region's catalogue evaluated at one level (region, segment, area,
 * process step) for a year or a month/quarter, optionally for a provider or municipality, from the
 * fact table (sums only; the facts are refreshed when the source tables changed).
 *
 * Who sees what: regional roles the whole region; a municipality (gemeente, toegang) its own
 * residents' figures; a provider its own figures, each beside the anonymised benchmark of all
 * providers (value, n and interval of the whole, and the spread over peers with enough n).
 */
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { providers } from '../../db/schema.js';
import { kpiFacts } from '../../db/schema-steering.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { addMonths } from '../../domain/dates.js';
import type { RegionProfile } from '../../domain/landscape/profile-schema.js';
import { STAP_LABELS, STAPPEN, type Catalogue, type Indicator, type Niveau, type Stap } from '../../domain/steering/catalogue.js';
import {
  interval,
  PATHWAY_DIRECTION_LABELS,
  pathwayDirection,
  PROVIDER_MEASURES,
  statusOf,
  valueOf,
  type KpiStatus,
  type PathwayDirection,
  type Sums,
} from '../../domain/steering/measures.js';
import { BadInput, Forbidden } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { regionCatalogue } from './region-catalogue.js';
import { ensureFacts } from './facts-store.js';

export const LEVELS = ['region', 'segment', 'area', 'process'] as const;
export type Level = (typeof LEVELS)[number];
const NIVEAU: Record<Level, Niveau> = { region: 'regio', segment: 'segment', area: 'gebied', process: 'proces' };
const COLUMN = { region: null, segment: kpiFacts.segmentId, area: kpiFacts.areaId, process: kpiFacts.step } as const;

export interface KpiQuery {
  level: Level;
  year: number;
  key?: string;
  provider?: number;
  municipality?: string;
  /** YYYY-MM or YYYY-Qn within the year. */
  period?: string;
}

export interface KpiTarget {
  value: number;
  direction: 'hoger-is-beter' | 'lager-is-beter';
  /** The reason, when the target is an assumption rather than a cited norm. */
  aanname?: string;
  bron?: Indicator['bron'];
}

export interface KpiItem {
  id: string;
  label: string;
  kind: 'kpi' | 'kri';
  definition: string;
  value: number | null;
  unit: Indicator['eenheid'];
  target: KpiTarget | null;
  direction: KpiTarget['direction'] | null;
  threshold: { value: number; signal: 'boven' | 'onder'; aanname?: string } | null;
  level: Level;
  key: string;
  keyLabel: string;
  n: number;
  minimumN: number;
  status: KpiStatus;
  signal: boolean;
  interval: [number, number] | null;
  bron: Indicator['bron'];
  /** Provider view: all providers together (anonymised) and the spread over peers with enough n. */
  peers?: { value: number | null; n: number; providers: number; min: number | null; max: number | null; median: number | null };
}

export interface KpiResult {
  region: string;
  level: Level;
  year: number;
  period: { from: string; through: string; label: string };
  dataDate: string;
  scope: string;
  items: KpiItem[];
}

/** First and last month (first days) of a year, month or quarter. */
export function periodRange(year: number, period?: string): { from: string; through: string; label: string } {
  if (!period) return { from: `${year}-01-01`, through: `${year}-12-01`, label: String(year) };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const y = Number((m ?? q)?.[1]);
  if ((!m && !q) || y !== year)
    throw new BadInput(`periode "${period}" moet JJJJ-MM of JJJJ-Kn binnen jaar ${year} zijn (bijvoorbeeld ${year}-03 of ${year}-Q2)`);
  if (m) return { from: `${period}-01`, through: `${period}-01`, label: period };
  const first = (Number(q![2]) - 1) * 3 + 1;
  const from = `${year}-${String(first).padStart(2, '0')}-01`;
  return { from, through: addMonths(from, 2), label: `${year} kwartaal ${q![2]}` };
}

interface Scope {
  provider?: number;
  municipality?: string;
  label: string;
}

/** The query's provider/municipality narrowed to the user's tenancy (403 when asking for another's). */
async function scopeFor(db: Db, user: UserScope, regionId: string, q: Pick<KpiQuery, 'provider' | 'municipality'>): Promise<Scope> {
  const scope = dataScope(user, regionId);
  if (scope.kind === 'none') throw new Forbidden(`geen toegang tot de cijfers van regio ${regionId}`);
  if (scope.kind === 'municipality') {
    if (q.municipality && q.municipality !== scope.municipalityCode) throw new Forbidden('een gemeente ziet alleen de cijfers van haar eigen inwoners');
    if (q.provider !== undefined) throw new Forbidden('een gemeente ziet geen cijfers per aanbieder');
    return { municipality: scope.municipalityCode, label: `inwoners van gemeente ${scope.municipalityCode}` };
  }
  if (scope.kind === 'provider') {
    if (q.provider !== undefined && q.provider !== scope.providerId)
      throw new Forbidden('een aanbieder ziet alleen de eigen cijfers (naast geanonimiseerde vergelijkingscijfers)');
    if (q.municipality) throw new Forbidden('een aanbieder ziet geen cijfers per gemeente');
    const [p] = await db.select({ name: providers.name }).from(providers).where(eq(providers.id, scope.providerId));
    return { provider: scope.providerId, label: p?.name ?? `aanbieder ${scope.providerId}` };
  }
  if (q.provider !== undefined) {
    const [p] = await db
      .select({ name: providers.name })
      .from(providers)
      .where(and(eq(providers.id, q.provider), eq(providers.regionId, regionId)));
    if (!p) throw new BadInput(`aanbieder ${q.provider} bestaat niet in regio ${regionId}`);
    return { provider: q.provider, ...(q.municipality ? { municipality: q.municipality } : {}), label: p.name };
  }
  return { ...(q.municipality ? { municipality: q.municipality } : {}), label: q.municipality ? `inwoners van gemeente ${q.municipality}` : 'hele regio' };
}

function keyLabels(profile: RegionProfile, level: Level): (key: string) => string {
  if (level === 'segment') return (k) => profile.segmenten.find((s) => s.id === k)?.naam ?? (k || 'onbekend segment');
  if (level === 'area') return (k) => profile.gebieden.find((g) => g.id === k)?.naam ?? (k || 'geen gebied bekend');
  if (level === 'process') return (k) => STAP_LABELS[k as keyof typeof STAP_LABELS] ?? k;
  return () => profile.naam;
}

type Row = { indicatorId: string; key: string; providerId: number; num: number; numSq: number; den: number };

async function sums(db: Db, regionId: string, level: Level, from: string, through: string, where: SQL[], byProvider: boolean): Promise<Row[]> {
  const col = COLUMN[level];
  const keyExpr = col ? sql<string>`${col}` : sql<string>`''`;
  const provExpr = byProvider ? sql<number>`${kpiFacts.providerId}` : sql<number>`0`;
  const rows = await db
    .select({
      indicatorId: kpiFacts.indicatorId,
      key: keyExpr,
      providerId: provExpr,
      num: sql<number>`sum(${kpiFacts.num})`,
      numSq: sql<number>`sum(${kpiFacts.numSq})`,
      den: sql<number>`sum(${kpiFacts.den})`,
    })
    .from(kpiFacts)
    .where(and(eq(kpiFacts.regionId, regionId), gte(kpiFacts.month, from), lte(kpiFacts.month, through), ...where))
    .groupBy(kpiFacts.indicatorId, ...(col ? [col] : []), ...(byProvider ? [kpiFacts.providerId] : []));
  return rows.map((r) => ({ ...r, key: r.key ?? '', providerId: Number(r.providerId), num: Number(r.num), numSq: Number(r.numSq), den: Number(r.den) }));
}

function target(ind: Indicator): KpiTarget | null {
  if (!ind.doel) return null;
  return {
    value: ind.doel.waarde,
    direction: ind.doel.richting,
    ...(ind.doel.aanname ? { aanname: ind.doel.aanname } : {}),
    ...(ind.doel.bron ? { bron: ind.doel.bron } : {}),
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Evaluates the catalogue's indicators for the level from summed facts. */
export function evaluate(
  catalogue: Catalogue,
  level: Level,
  own: Row[],
  perProvider: Row[],
  labelOf: (k: string) => string,
  key?: string,
  peerRows?: Row[],
): KpiItem[] {
  const items: KpiItem[] = [];
  // Care pathways are a flow between segments, not a value per key: see pathways().
  for (const ind of catalogue.indicatoren.filter((i) => i.niveaus.includes(NIVEAU[level]) && i.maat !== 'zorgpad')) {
    const isProviderMeasure = PROVIDER_MEASURES.includes(ind.maat);
    const rows = (isProviderMeasure ? perProvider : own).filter((r) => r.indicatorId === ind.id && (key === undefined || r.key === key));
    // Process steps in the order of the access path; other keys alphabetically.
    const keys = [...new Set(rows.map((r) => r.key))].sort((a, b) =>
      level === 'process' ? STAPPEN.indexOf(a as Stap) - STAPPEN.indexOf(b as Stap) : a.localeCompare(b),
    );
    for (const k of keys) {
      const cell = rows.filter((r) => r.key === k);
      const s: Sums = cell.reduce((a, r) => ({ num: a.num + r.num, numSq: a.numSq + r.numSq, den: a.den + r.den }), { num: 0, numSq: 0, den: 0 });
      const value = valueOf(
        ind,
        s,
        cell.map((r) => r.den),
      );
      const n = s.den;
      const { status, signaal } = statusOf(ind, value, n);
      const item: KpiItem = {
        id: ind.id,
        label: ind.naam,
        kind: ind.soort,
        definition: ind.definitie,
        value,
        unit: ind.eenheid,
        target: target(ind),
        direction: ind.doel?.richting ?? null,
        threshold: ind.drempel
          ? { value: ind.drempel.waarde, signal: ind.drempel.signaal, ...(ind.drempel.aanname ? { aanname: ind.drempel.aanname } : {}) }
          : null,
        level,
        key: k,
        keyLabel: labelOf(k),
        n,
        minimumN: ind.minimumN,
        status,
        signal: signaal,
        interval: interval(ind.maat, s),
        bron: ind.bron,
      };
      if (peerRows && !isProviderMeasure) {
        const peer = peerRows.filter((r) => r.indicatorId === ind.id && r.key === k);
        const all: Sums = peer.reduce((a, r) => ({ num: a.num + r.num, numSq: a.numSq + r.numSq, den: a.den + r.den }), { num: 0, numSq: 0, den: 0 });
        const values = peer
          .filter((r) => r.providerId !== 0 && r.den >= ind.minimumN)
          .map((r) => valueOf(ind, r))
          .filter((v): v is number => v !== null);
        item.peers = {
          value: valueOf(ind, all),
          n: all.den,
          providers: new Set(peer.map((r) => r.providerId)).size,
          min: values.length ? Math.min(...values) : null,
          max: values.length ? Math.max(...values) : null,
          median: median(values),
        };
      }
      items.push(item);
    }
  }
  return items;
}

export async function listKpis(db: Db, user: UserScope, regionId: string, q: KpiQuery, today: string): Promise<KpiResult> {
  const scope = await scopeFor(db, user, regionId, q);
  const catalogue = await regionCatalogue(db, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const period = periodRange(q.year, q.period);
  const dataDate = await ensureFacts(db, regionId, today);
  const where: SQL[] = [];
  if (scope.provider !== undefined) where.push(eq(kpiFacts.providerId, scope.provider));
  if (scope.municipality) where.push(eq(kpiFacts.municipalityCode, scope.municipality));
  const own = await sums(db, regionId, q.level, period.from, period.through, where, false);
  // Concentration is a property of the market: always over all providers (anonymised: only the index).
  const market = await sums(
    db,
    regionId,
    q.level,
    period.from,
    period.through,
    scope.municipality ? [eq(kpiFacts.municipalityCode, scope.municipality)] : [],
    true,
  );
  const peers = scope.provider !== undefined ? await sums(db, regionId, q.level, period.from, period.through, [], true) : undefined;
  const items = evaluate(catalogue, q.level, own, market, keyLabels(profile, q.level), q.key, peers);
  return { region: regionId, level: q.level, year: q.year, period, dataDate, scope: scope.label, items };
}

export interface SeriesPoint {
  period: string;
  value: number | null;
  n: number;
  status: KpiStatus;
}

/** One indicator over time (per month, quarter or year) at a level and key. */
export async function kpiSeries(
  db: Db,
  user: UserScope,
  regionId: string,
  kpiId: string,
  q: Omit<KpiQuery, 'period'> & { from?: number; grain: 'month' | 'quarter' | 'year' },
  today: string,
): Promise<{ id: string; label: string; unit: string; target: KpiTarget | null; dataDate: string; points: SeriesPoint[] }> {
  const scope = await scopeFor(db, user, regionId, q);
  const catalogue = await regionCatalogue(db, regionId);
  const ind = catalogue.indicatoren.find((i) => i.id === kpiId);
  if (!ind) throw new BadInput(`indicator "${kpiId}" staat niet in de indicatorenset van regio ${regionId}`);
  if (!ind.niveaus.includes(NIVEAU[q.level]))
    throw new BadInput(`indicator "${ind.naam}" wordt niet op niveau ${NIVEAU[q.level]} berekend (wel: ${ind.niveaus.join(', ')})`);
  const dataDate = await ensureFacts(db, regionId, today);
  const fromYear = q.from ?? q.year - 2;
  if (fromYear > q.year || q.year - fromYear > 10) throw new BadInput('de reeks beslaat hoogstens tien jaar en begint niet na het eindjaar');
  const col = COLUMN[q.level];
  const where: SQL[] = [
    eq(kpiFacts.regionId, regionId),
    eq(kpiFacts.indicatorId, kpiId),
    gte(kpiFacts.month, `${fromYear}-01-01`),
    lte(kpiFacts.month, `${q.year}-12-01`),
  ];
  if (col && q.key !== undefined) where.push(eq(col, q.key));
  const providerMeasure = PROVIDER_MEASURES.includes(ind.maat);
  if (scope.provider !== undefined && !providerMeasure) where.push(eq(kpiFacts.providerId, scope.provider));
  if (scope.municipality) where.push(eq(kpiFacts.municipalityCode, scope.municipality));
  const rows = await db
    .select({
      month: kpiFacts.month,
      providerId: kpiFacts.providerId,
      num: sql<number>`sum(${kpiFacts.num})`,
      numSq: sql<number>`sum(${kpiFacts.numSq})`,
      den: sql<number>`sum(${kpiFacts.den})`,
    })
    .from(kpiFacts)
    .where(and(...where))
    .groupBy(kpiFacts.month, kpiFacts.providerId);
  const bucket = (m: string) =>
    q.grain === 'month' ? m.slice(0, 7) : q.grain === 'year' ? m.slice(0, 4) : `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
  const groups = new Map<string, { s: Sums; perProvider: Map<number, number> }>();
  for (const r of rows) {
    const b = bucket(r.month);
    const g = groups.get(b) ?? { s: { num: 0, numSq: 0, den: 0 }, perProvider: new Map() };
    g.s.num += Number(r.num);
    g.s.numSq += Number(r.numSq);
    g.s.den += Number(r.den);
    g.perProvider.set(r.providerId, (g.perProvider.get(r.providerId) ?? 0) + Number(r.den));
    groups.set(b, g);
  }
  const points = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, g]) => {
      const value = valueOf(ind, g.s, [...g.perProvider.values()]);
      return { period, value, n: g.s.den, status: statusOf(ind, value, g.s.den).status };
    });
  return { id: ind.id, label: ind.naam, unit: ind.eenheid, target: target(ind), dataDate, points };
}

export interface PathwayLink {
  from: string;
  fromLabel: string;
  /** Segment of the next start, or '' when there was none within the window. */
  to: string;
  /** Step-up, step-down, again in the same segment, a move outside the order of intensity, or none. */
  direction: PathwayDirection;
  directionLabel: string;
  toLabel: string;
  n: number;
}

/** Care pathways of a year: per segment where a trajectory ended, where the youth's next care started (or none). */
export async function pathways(
  db: Db,
  user: UserScope,
  regionId: string,
  year: number,
  today: string,
): Promise<{ id: string | null; label: string; definition: string; dataDate: string; links: PathwayLink[] }> {
  const scope = await scopeFor(db, user, regionId, {});
  const catalogue = await regionCatalogue(db, regionId);
  const ind = catalogue.indicatoren.find((i) => i.maat === 'zorgpad');
  const dataDate = await ensureFacts(db, regionId, today);
  if (!ind) return { id: null, label: 'Zorgpaden', definition: 'De indicatorenset van deze regio bevat geen zorgpaden.', dataDate, links: [] };
  const profile = await loadRegionProfile(db, regionId);
  const where: SQL[] = [
    eq(kpiFacts.regionId, regionId),
    eq(kpiFacts.indicatorId, ind.id),
    gte(kpiFacts.month, `${year}-01-01`),
    lte(kpiFacts.month, `${year}-12-01`),
  ];
  if (scope.provider !== undefined) where.push(eq(kpiFacts.providerId, scope.provider));
  if (scope.municipality) where.push(eq(kpiFacts.municipalityCode, scope.municipality));
  const rows = await db
    .select({ from: kpiFacts.segmentId, step: kpiFacts.step, n: sql<number>`sum(${kpiFacts.den})::int` })
    .from(kpiFacts)
    .where(and(...where))
    .groupBy(kpiFacts.segmentId, kpiFacts.step);
  const seg = keyLabels(profile, 'segment');
  const months = ind.maat === 'zorgpad' ? ind.parameters.maanden : 0;
  const links = rows
    .map((r) => {
      const to = r.step.startsWith('naar:') ? r.step.slice(5) : '';
      const direction = pathwayDirection(r.from, to, ind.maat === 'zorgpad' ? ind.parameters.intensiteit : []);
      return {
        from: r.from,
        fromLabel: seg(r.from),
        to,
        toLabel: to ? seg(to) : `Geen nieuwe hulp binnen ${months} maanden`,
        direction,
        directionLabel: PATHWAY_DIRECTION_LABELS[direction],
        n: Number(r.n),
      };
    })
    .sort((a, b) => b.n - a.n);
  return { id: ind.id, label: ind.naam, definition: ind.definitie, dataDate, links };
}
