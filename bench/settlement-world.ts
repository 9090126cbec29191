/**
 * The database world of the settlement benchmark (bench/settlement.ts) and of the large-declaration
 * reliability tests: the provider, youths, allocations and contract tariffs that make every line
 * of a JW323 from bench/jw323-generator.ts approved.
 */
import { allocations, ceilings, families, providers, tariffs, youths } from '../src/db/schema.js';
import type { Db } from '../src/db/database.js';
import { syntheticBsns } from '../src/domain/people/bsn.js';

export const BENCH_TODAY = '2026-11-22';
export const BENCH_NOW = new Date(`${BENCH_TODAY}T10:00:00Z`);
export const BENCH_MONTH = '2026-10';
export const REGION = 'wbo';
export const GEMEENTE = '0758';
export const AGB = '42420001';
export const PER_CLIENT = 7;
/** The generator's product codes and tariffs (bench/jw323-generator.ts, line()). */
const PRODUCT_CODES = ['45A03', '45A04', '45A07', '45A09'] as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

export interface Jw323WorldOptions {
  regionId: string;
  agb: string;
  municipality: string;
  /** Number of lines of the generated declaration. */
  lines: number;
  /** Must be 7 (see below). */
  linesPerClient?: number;
  /** The declaration month "YYYY-MM" given to writeJw323. */
  month: string;
  segmentId?: string;
  /** A yearly ceiling for the provider (the ceiling query runs; high enough not to reject). */
  ceilingCents?: number;
}

/**
 * Inserts the provider, youths, allocations and tariffs that make every line of
 * `writeJw323(file, { lines, linesPerClient: 7, month, afzender: agb, ontvanger: municipality })`
 * approved:
 * - line i uses ToewijzingNummer 100000 + i, the BSN of client floor(i / 7) (syntheticBsns order)
 *   and product 45 / PRODUCT_CODES[i % 4]: one allocation per line, valid the whole year;
 * - the line's ProductTarief is 5000 + (i % 7) x 250 cents and its Begindatum is day 1 + 2 x (i % 7)
 *   (with 7 lines per client), so a contract tariff per product valid from day 1 + 2j with price
 *   5000 + 250j is exactly the line's tariff on its Begindatum.
 */
export async function insertJw323World(db: Db, o: Jw323WorldOptions): Promise<{ providerId: number }> {
  const perClient = o.linesPerClient ?? PER_CLIENT;
  if (perClient !== 7) throw new Error('insertJw323World needs 7 lines per client (tariff per Begindatum)');
  const segmentId = o.segmentId ?? 'specialistische-ambulante-behandeling';
  const year = o.month.slice(0, 4);
  const [p] = await db
    .insert(providers)
    .values({ regionId: o.regionId, agbCode: o.agb, name: `Bench ${o.agb}`, kind: 'jeugdhulpaanbieder' })
    .returning();
  const providerId = p!.id;
  const [f] = await db.insert(families).values({ regionId: o.regionId, municipalityCode: o.municipality }).returning();
  const clients = Math.ceil(o.lines / perClient);
  const bsns = syntheticBsns();
  const youthIds: number[] = [];
  for (let c = 0; c < clients; c += 1000) {
    const batch: (typeof youths.$inferInsert)[] = [];
    for (let k = c; k < Math.min(clients, c + 1000); k++) {
      const bsn = bsns.next().value as string;
      batch.push({
        regionId: o.regionId,
        familyId: f!.id,
        bsn,
        pseudonym: `b${bsn}`,
        givenName: 'A',
        familyName: 'B',
        birthDate: '2012-01-01',
        gender: '1',
        municipalityCode: o.municipality,
      });
    }
    for (const r of await db.insert(youths).values(batch).returning({ id: youths.id })) youthIds.push(r.id);
  }
  for (let i = 0; i < o.lines; i += 1000) {
    const batch: (typeof allocations.$inferInsert)[] = [];
    for (let k = i; k < Math.min(o.lines, i + 1000); k++) {
      batch.push({
        regionId: o.regionId,
        toewijzingNummer: 100_000 + k,
        youthId: youthIds[Math.floor(k / perClient)]!,
        providerId,
        segmentId,
        municipalityCode: o.municipality,
        productCategorie: '45',
        productCode: PRODUCT_CODES[k % PRODUCT_CODES.length]!,
        ingangsdatum: `${year}-01-01`,
        einddatum: `${year}-12-31`,
      });
    }
    await db.insert(allocations).values(batch);
  }
  await db.insert(tariffs).values(
    PRODUCT_CODES.flatMap((productCode) =>
      [0, 1, 2, 3, 4, 5, 6].map((j) => ({
        regionId: o.regionId,
        providerId,
        segmentId,
        productCategorie: '45',
        productCode,
        eenheid: '04',
        priceCents: 5000 + 250 * j,
        validFrom: `${o.month}-${pad2(1 + 2 * j)}`,
      })),
    ),
  );
  if (o.ceilingCents !== undefined) await db.insert(ceilings).values({ regionId: o.regionId, providerId, year: Number(year), amountCents: o.ceilingCents });
  return { providerId };
}
