/**
 * Funding reports kept per region data version (issue #14: no per-request recomputation). The
 * version ('funding|<region>' in read_model_versions) is bumped by statement triggers on every
 * table these reports read (migration 0014), from a sequence that a rollback does not take back, so
 * a kept report is that of the current data; one computed while a write commits is kept under the
 * older version and so computed again at the next request. Each caller gets its own copy, unless it
 * asks for the shared value (`shared`: it only serialises the value, never changes it).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { readModelVersions } from '../../db/schema.js';

const kept = new Map<string, unknown>();
const SIZE = 500;

export async function keptPerFundingVersion<T>(
  db: Db,
  regionId: string,
  key: unknown[],
  compute: () => Promise<T>,
  opts: { shared?: boolean } = {},
): Promise<T> {
  const [state] = await db
    .select({ version: readModelVersions.version })
    .from(readModelVersions)
    .where(eq(readModelVersions.name, `funding|${regionId}`));
  const k = JSON.stringify([regionId, state?.version ?? 0, ...key]);
  if (kept.has(k)) {
    const hit = kept.get(k) as T;
    // Most recently used last (a Map keeps insertion order).
    kept.delete(k);
    kept.set(k, hit);
    return opts.shared ? hit : structuredClone(hit);
  }
  const value = await compute();
  kept.set(k, value);
  if (kept.size > SIZE) kept.delete(kept.keys().next().value!);
  return opts.shared ? value : structuredClone(value);
}
