/**
 * Public results page data (issue #12, seed 002 "transparantie van resultaten op website"): per
 * region and year the public indicators (outcomes) per segment and per provider within a segment,
 * aggregates only. Cells with fewer than the catalogue's publicatie.minimumN are suppressed, and
 * more cells (secondary suppression) where the published totals would reveal them by difference.
 * No login; nothing personal.
 */
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { providers, regions } from '../../db/schema.js';
import { kpiFacts } from '../../db/schema-steering.js';
import { valueOf, type Sums } from '../../domain/steering/measures.js';
import { suppressGroup } from '../../domain/steering/suppression.js';
import { NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { regionCatalogue } from './region-catalogue.js';
import { ensureFacts } from './facts-store.js';

export type PublicCell = { n: number; value: number | null; suppressed: false } | { suppressed: true };
export interface PublicIndicator {
  id: string;
  label: string;
  definition: string;
  unit: string;
  total: PublicCell;
  segments: { id: string; label: string; cell: PublicCell; providers: { name: string; cell: PublicCell }[] }[];
}
export interface PublicOutcomes {
  region: string;
  name: string;
  year: number;
  dataDate: string;
  minimumN: number;
  indicators: PublicIndicator[];
}

export async function publicOutcomes(db: Db, regionId: string, year: number, today: string): Promise<PublicOutcomes> {
  const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!region) throw new NotFound(`regio "${regionId}" bestaat niet`);
  const catalogue = await regionCatalogue(db, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const dataDate = await ensureFacts(db, regionId, today);
  const min = catalogue.publicatie.minimumN;
  const rows = await db
    .select({
      indicatorId: kpiFacts.indicatorId,
      segmentId: kpiFacts.segmentId,
      providerId: kpiFacts.providerId,
      num: sql<number>`sum(${kpiFacts.num})`,
      numSq: sql<number>`sum(${kpiFacts.numSq})`,
      den: sql<number>`sum(${kpiFacts.den})`,
    })
    .from(kpiFacts)
    .where(and(eq(kpiFacts.regionId, regionId), gte(kpiFacts.month, `${year}-01-01`), lte(kpiFacts.month, `${year}-12-01`)))
    .groupBy(kpiFacts.indicatorId, kpiFacts.segmentId, kpiFacts.providerId);
  const names = new Map(
    (await db.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.regionId, regionId))).map((p) => [p.id, p.name]),
  );
  const segName = (id: string) => profile.segmenten.find((s) => s.id === id)?.naam ?? (id || 'Overig');
  const indicators: PublicIndicator[] = [];
  for (const ind of catalogue.indicatoren.filter((i) => i.publiek && i.maat !== 'zorgpad')) {
    const mine = rows.filter((r) => r.indicatorId === ind.id).map((r) => ({ ...r, num: Number(r.num), numSq: Number(r.numSq), den: Number(r.den) }));
    const add = (xs: Sums[]): Sums => xs.reduce((a, r) => ({ num: a.num + r.num, numSq: a.numSq + r.numSq, den: a.den + r.den }), { num: 0, numSq: 0, den: 0 });
    const cell = (s: Sums, hide: boolean): PublicCell => (hide ? { suppressed: true } : { n: s.den, value: valueOf(ind, s), suppressed: false });
    const segIds = [...new Set(mine.map((r) => r.segmentId))].sort();
    const segSums = new Map(segIds.map((id) => [id, add(mine.filter((r) => r.segmentId === id))]));
    const total = add([...segSums.values()]);
    const segGroup = suppressGroup(
      segIds.map((id) => ({ key: id, n: segSums.get(id)!.den })),
      min,
    );
    indicators.push({
      id: ind.id,
      label: ind.naam,
      definition: ind.definitie,
      unit: ind.eenheid,
      total: cell(total, segGroup.totalSuppressed),
      segments: segIds.map((id) => {
        const provRows = mine.filter((r) => r.segmentId === id);
        const segHidden = segGroup.suppressed.has(id);
        // A withheld segment must also hide providers, or its providers would add up to it.
        const provGroup = suppressGroup(
          provRows.map((r) => ({ key: String(r.providerId), n: r.den })),
          min,
          { mustSuppressOne: segHidden },
        );
        return {
          id,
          label: segName(id),
          cell: cell(segSums.get(id)!, segHidden),
          providers: provRows
            .sort((a, b) => (names.get(a.providerId) ?? '').localeCompare(names.get(b.providerId) ?? ''))
            .map((r) => ({ name: names.get(r.providerId) ?? 'Onbekende aanbieder', cell: cell(r, provGroup.suppressed.has(String(r.providerId))) })),
        };
      }),
    });
  }
  return { region: regionId, name: profile.naam, year, dataDate, minimumN: min, indicators };
}

/** The public outcomes as open-data CSV (semicolon-separated, Dutch headers; suppressed cells empty with a mark). */
export function publicCsv(p: PublicOutcomes): string {
  const lines = ['regio;jaar;indicator;segment;aanbieder;n;waarde;eenheid;onderdrukt'];
  const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const row = (ind: PublicIndicator, seg: string, prov: string, c: PublicCell) =>
    [
      p.region,
      String(p.year),
      q(ind.label),
      q(seg),
      q(prov),
      c.suppressed ? '' : String(c.n),
      c.suppressed || c.value === null ? '' : String(Math.round(c.value * 10000) / 10000),
      ind.unit,
      c.suppressed ? 'ja' : 'nee',
    ].join(';');
  for (const ind of p.indicators) {
    lines.push(row(ind, 'alle segmenten', 'alle aanbieders', ind.total));
    for (const s of ind.segments) {
      lines.push(row(ind, s.label, 'alle aanbieders', s.cell));
      for (const pr of s.providers) lines.push(row(ind, s.label, pr.name, pr.cell));
    }
  }
  return lines.join('\n') + '\n';
}
