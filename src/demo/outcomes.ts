/**
 * Demo outcomes (issue #12): for the demo's ended allocations, deterministically (a hash of the
 * ToewijzingNummer, no clock or random state):
 *
 * - allocations of the demo population that passed their end date get the JW307 stop the provider
 *   would have sent: stop date = end date and a JZ588 reason with the assumed mix below (most
 *   "volgens plan", some voortijdig), so uitval can be derived as in production;
 * - outcome measurements of the national set per informant (jeugdige, ouder), two weeks after the
 *   end, with marks and answers that depend on how care ended (planned endings score better).
 *
 * All figures are assumptions of the demo (DEMO_OUTCOME_ASSUMPTIONS), not seed facts. Idempotent:
 * only allocations without a stop or without a measurement are filled.
 */
import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { allocationOutcomes, allocations } from '../db/schema.js';
import { addDays, minDate } from '../domain/dates.js';
import { loadRegionProfile } from '../app/landscape.js';
import { insertRows } from '../db/insert-rows.js';
import { withForeignKeysCheckedOnce } from './foreign-keys.js';

export const DEMO_OUTCOME_ASSUMPTIONS = [
  'Reden beëindiging van demotoewijzingen (aanname): 72 % volgens plan (31), 8 % voortijdig door de cliënt (32), 5 % door de aanbieder (33), 6 % in overleg (34), 3 % externe oorzaak (35), 4 % overstap (38), 2 % ander domein (39).',
  'Metingen (aanname): 55 % van de jeugdigen en 70 % van de ouders vult de landelijke vragen in, twee weken na het einde; na een geplande beëindiging gemiddeld hogere cijfers en vaker "geen verdere hulp nodig".',
];

/** Cumulative per-100 thresholds of the assumed JZ588 mix. */
const REASONS: [number, string][] = [
  [72, '31'],
  [80, '32'],
  [85, '33'],
  [91, '34'],
  [94, '35'],
  [98, '38'],
  [100, '39'],
];
const BATCH = 1000;

/** A deterministic number 0..1 from a ToewijzingNummer and a salt. */
function unit(nummer: number, salt: number): number {
  let h = (nummer ^ (salt * 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function demoReason(nummer: number): string {
  const p = Math.floor(unit(nummer, 1) * 100);
  return REASONS.find(([t]) => p < t)![1];
}

export function demoMeasurement(
  nummer: number,
  reden: string,
  informant: 'jeugdige' | 'ouder',
): { tevredenheid: number; zonderHulpVerder: string; doelrealisatiePct: number } | null {
  const salt = informant === 'jeugdige' ? 10 : 20;
  if (unit(nummer, salt) >= (informant === 'jeugdige' ? 0.55 : 0.7)) return null;
  const planned = reden === '31' || reden === '39';
  const r = unit(nummer, salt + 1);
  const tevredenheid = Math.max(1, Math.min(10, Math.round((planned ? 6.2 : 4) + r * 4 + unit(nummer, salt + 2) * 0.8)));
  const z = unit(nummer, salt + 3);
  const zonderHulpVerder = planned ? (z < 0.12 ? '01' : z < 0.35 ? '02' : z < 0.6 ? '03' : '04') : z < 0.45 ? '01' : z < 0.75 ? '02' : z < 0.9 ? '03' : '04';
  const doelrealisatiePct = Math.round(planned ? 55 + unit(nummer, salt + 4) * 45 : 10 + unit(nummer, salt + 4) * 50);
  return { tevredenheid, zonderHulpVerder, doelrealisatiePct };
}

export async function ensureDemoOutcomes(db: Db, regionId: string, today: string): Promise<{ stops: number; measurements: number }> {
  const clusters = (await loadRegionProfile(db, regionId)).resultaatclusters;
  return db.transaction(async (tx) => {
    // 1. Stops of demo-population allocations that ended (the provider's JW307).
    const toStop = await tx
      .select({ id: allocations.id, nummer: allocations.toewijzingNummer, einddatum: allocations.einddatum })
      .from(allocations)
      .where(and(eq(allocations.regionId, regionId), isNotNull(allocations.trajectoryId), isNull(allocations.stopdatum), lt(allocations.einddatum, today)));
    for (let i = 0; i < toStop.length; i += BATCH) {
      const chunk = toStop.slice(i, i + BATCH);
      await tx.execute(sql`update ${allocations} a set stopdatum = v.stop::date, reden_beeindiging = v.reden
        from unnest(${sql.param(chunk.map((c) => c.id))}::int[], ${sql.param(chunk.map((c) => c.einddatum!))}::text[], ${sql.param(chunk.map((c) => demoReason(c.nummer)))}::text[]) as v(id, stop, reden)
        where a.id = v.id`);
    }
    // 2. Measurements for ended allocations without any (demo population and demo cases alike).
    const ended = await tx
      .select({
        id: allocations.id,
        nummer: allocations.toewijzingNummer,
        stopdatum: allocations.stopdatum,
        reden: allocations.redenBeeindiging,
        providerId: allocations.providerId,
      })
      .from(allocations)
      .where(
        and(
          eq(allocations.regionId, regionId),
          isNotNull(allocations.stopdatum),
          sql`not exists (select 1 from ${allocationOutcomes} o where o.allocation_id = ${allocations.id})`,
        ),
      );
    const rows: (typeof allocationOutcomes.$inferInsert)[] = [];
    // Given (not the column's default), so the rows are written as arrays (insert-rows.ts), not value by value.
    const recordedAt = new Date();
    for (const a of ended) {
      if (!a.stopdatum || !a.reden || a.reden === '20') continue;
      const gemetenOp = minDate(addDays(a.stopdatum, 14), today);
      for (const informant of ['jeugdige', 'ouder'] as const) {
        const m = demoMeasurement(a.nummer, a.reden, informant);
        if (m)
          rows.push({
            regionId,
            allocationId: a.id,
            toewijzingNummer: a.nummer,
            informant,
            gemetenOp,
            ...m,
            resultaatcluster: clusters.length > 0 ? clusters[a.nummer % clusters.length]!.id : null,
            recordedBy: 'demo',
            recordedRole: 'aanbieder',
            recordedAt,
          });
      }
    }
    if (rows.length > 0) {
      // The two foreign keys (region, allocation) checked once for the new rows (the ids after the highest one now), not per row (foreign-keys.ts).
      const [before] = await tx.select({ id: sql<number>`coalesce(max(${allocationOutcomes.id}), 0)::int` }).from(allocationOutcomes);
      await withForeignKeysCheckedOnce(tx, 'allocation_outcomes', sql`t.id > ${Number(before?.id ?? 0)}::int`, () =>
        insertRows(tx, allocationOutcomes, rows, { onConflictDoNothing: true }),
      );
    }
    return { stops: toStop.length, measurements: rows.length };
  });
}
