/**
 * Reports kept per data version (issue #14: no per-request recomputation). Statement triggers bump
 * a version per region and kind of data ('data|<kind>|<region>' in read_model_versions, migration
 * 0027; the kinds are the trigger arguments there) on every write to the tables of that kind, from a
 * sequence that a rollback does not take back. A report names the kinds its computation reads and is
 * kept while all of them are unchanged: a write of another kind (a contract change for the spend
 * report, a help request for anything here) leaves it warm. One computed while a write commits is
 * kept under the older versions and so computed again at the next request. Each caller gets its own
 * copy, unless it asks for the shared value (`shared`: it only serialises the value, never changes it).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { requestReads } from '../request-reads.js';

/** The kinds of data with a version per region (migration 0027: which tables bump which kind). */
export const DATA_KINDS = [
  /** regions (the profile), providers, segments, municipalities, demo_runs (the demo's scale and parameters) */
  'region',
  'contracts',
  'contract-changes',
  /** dialogues, consortium members, procedures, their events, applications and awards, provider tiers */
  'procurement',
  /** declarations, their lines and the read models spend_monthly and allocation_declared */
  'declarations',
  /** iJw messages (declarations and access messages) */
  'messages',
  'allocations',
  'tariffs',
  /** payment_schedule */
  'schedules',
  'ceilings',
  /** allocation_outcomes */
  'outcomes',
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const dataVersionName = (kind: DataKind, regionId: string) => `data|${kind}|${regionId}`;

/** What the spend report reads (src/app/funding/spend.ts): its lines' read models, the allocations and tariffs it prices, schedules, ceilings, and the profile and names. */
export const SPEND_KINDS: readonly DataKind[] = ['region', 'declarations', 'allocations', 'tariffs', 'schedules', 'ceilings'];

const rowsOf = <R>(result: unknown): R[] => (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];

interface StampBatch {
  names: Set<string>;
  waiting: {
    names: readonly string[];
    memo: ReturnType<typeof requestReads>;
    resolve: (stamp: string) => void;
    reject: (e: unknown) => void;
  }[];
}
const stampBatches = new WeakMap<Db, StampBatch>();

/** The region of a version name ('data|<kind>|<region>'), or undefined ('trajectories'). */
const regionOfName = (name: string) => (name.startsWith('data|') ? name.slice(name.indexOf('|', 5) + 1) : undefined);

/**
 * The versions of the given names (0 when never bumped), in the order asked, as one string. Every
 * kept answer asks this first; the requests that ask in the same turn of the event loop share one
 * statement (under 200 clients a round trip per request was most of a kept answer's cost). Each
 * statement is sent after its callers asked, so it sees every write committed before they did.
 * Within a read request (request-reads.ts) versions the request has read already are not read
 * again, and the statement also reads the load time of the regions named, which the profile check
 * of the use case would otherwise ask in a round trip of its own (landscape.ts, loadedAtOf).
 */
export function versionStamp(db: Db, names: readonly string[]): Promise<string> {
  const memo = requestReads(db);
  if (memo && names.every((n) => memo.versions.has(n))) return Promise.resolve(names.map((n) => memo.versions.get(n)!).join('|'));
  let batch = stampBatches.get(db);
  if (!batch) {
    const fresh: StampBatch = { names: new Set(), waiting: [] };
    stampBatches.set(db, fresh);
    setImmediate(() => void readStamps(db, fresh));
    batch = fresh;
  }
  for (const n of names) batch.names.add(n);
  const b = batch;
  return new Promise((resolve, reject) => b.waiting.push({ names, memo, resolve, reject }));
}

async function readStamps(db: Db, batch: StampBatch): Promise<void> {
  if (stampBatches.get(db) === batch) stampBatches.delete(db);
  try {
    const names = [...batch.names];
    const regionIds = [...new Set(names.map(regionOfName).filter((r): r is string => r !== undefined))];
    // The load times as text, made into a Date as Drizzle makes the column's value (loadedAtOf compares them).
    const rows = rowsOf<{ name: string; version: string; at: string | null }>(
      await db.execute(
        regionIds.length === 0
          ? sql`select name, version::text as version, null as at from read_model_versions where name in ${names}`
          : sql`select name, version::text as version, null as at from read_model_versions where name in ${names}
                union all select ${'loaded|'} || id, null, loaded_at::text from regions where id in ${regionIds}`,
      ),
    );
    const versions = new Map<string, string>();
    const loadedAt = new Map<string, Date | null>(regionIds.map((r) => [r, null]));
    for (const r of rows) {
      if (r.at !== null) loadedAt.set(r.name.slice('loaded|'.length), new Date(r.at));
      else versions.set(r.name, r.version);
    }
    for (const w of batch.waiting) {
      const own = w.names.map((n) => versions.get(n) ?? '0');
      // Read after the caller asked: its request may use them (its own names: a kept answer's names
      // include those of its parts; all names of the batch for every caller cost more than they save).
      if (w.memo) {
        w.names.forEach((n, i) => w.memo!.versions.set(n, own[i]!));
        for (const n of w.names) {
          const r = regionOfName(n);
          if (r !== undefined) w.memo.loadedAt.set(r, loadedAt.get(r) ?? null);
        }
      }
      w.resolve(own.join('|'));
    }
  } catch (e) {
    for (const w of batch.waiting) w.reject(e);
  }
}

/**
 * Kept values, least recently used dropped: the reports and their parts (up to 500, some of them
 * hundreds of kilobytes), and apart from them the small ones (a funding view's row, whether a
 * provider belongs to the region: one per region and user scope), so that the many small ones
 * never push out a report.
 */
const kept = { large: { map: new Map<string, unknown>(), size: 500 }, small: { map: new Map<string, unknown>(), size: 5000 } };
const computing = new Map<string, Promise<unknown>>();

export async function keptPerDataVersion<T>(
  db: Db,
  regionId: string,
  kinds: readonly DataKind[],
  key: unknown[],
  compute: () => Promise<T>,
  opts: { shared?: boolean; small?: boolean } = {},
): Promise<T> {
  const store = opts.small ? kept.small : kept.large;
  const stamp = await versionStamp(
    db,
    kinds.map((k) => dataVersionName(k, regionId)),
  );
  const k = JSON.stringify([regionId, kinds, stamp, ...key]);
  if (store.map.has(k)) {
    const hit = store.map.get(k) as T;
    // Most recently used last (a Map keeps insertion order).
    store.map.delete(k);
    store.map.set(k, hit);
    return opts.shared ? hit : structuredClone(hit);
  }
  // Callers asking for the same report while it is computed wait for it (the contract list asks for
  // two spend groupings at once, and both need the same committed amounts).
  let flight = computing.get(k);
  if (!flight) {
    flight = compute()
      .then((v) => {
        store.map.set(k, v);
        if (store.map.size > store.size) store.map.delete(store.map.keys().next().value!);
        return v;
      })
      .finally(() => computing.delete(k));
    computing.set(k, flight);
  }
  const value = (await flight) as T;
  return opts.shared ? value : structuredClone(value);
}
