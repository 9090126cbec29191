/**
 * The read models of the demo's declaration lines (spend_monthly, allocation_declared; migration
 * 0009) kept current from the rows the demo batch writes, instead of by the statement trigger on
 * declaration_lines. The trigger `declaration_lines_read_models_insert` aggregates its transition
 * table (every inserted row copied once more, then grouped in PL/pgSQL): about a quarter of the
 * demo COPY's time on PGlite (0.5 s of 2.0 s per 50,000 lines, measured 2026-12-06). The batch has
 * its rows in memory, so it sums them here (the same groups and sums as the trigger function) and
 * adds them with the trigger function's own upserts, in the batch's transaction, with the trigger
 * switched off for that one COPY (ALTER TABLE ... DISABLE TRIGGER inside the transaction: a
 * rollback undoes it; it is switched on again before the transaction goes on).
 *
 * Only while the trigger function is the one this code mirrors (its source's MD5 below): when a
 * migration changes `read_models_lines_inserted` (another read model, other groups), the trigger
 * runs as for any insert and nothing here applies, so the results never differ from the trigger's.
 * The data version triggers (migration 0014/0027) stay on.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import type { BatchLineRow } from '../app/funding/settle-batch.js';

const rowsOf = <T>(r: unknown): T[] => (r as { rows?: T[] }).rows ?? (r as T[]);

/** The insert trigger of the read models on declaration_lines (migration 0009). */
export const READ_MODELS_INSERT_TRIGGER = 'declaration_lines_read_models_insert';

/** MD5 of the source of read_models_lines_inserted as migration 0009 creates it (the function this module mirrors). */
const MIRRORED_SOURCE_MD5 = '8bb7d711eca9ae487a2de468a531b7bf';

/**
 * True when the read models of inserted lines may be kept from the rows (see the module comment):
 * the trigger is on and runs the mirrored function, and the user is a superuser (PGlite's; the same
 * condition as the foreign-key check once, foreign-keys.ts, which locks the table for the batch's
 * transaction already: switching the trigger adds no lock that concurrent national loads on
 * PostgreSQL with another user would wait for).
 */
export async function readModelsFromRowsApply(tx: Tx): Promise<boolean> {
  const [r] = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select (t.tgenabled = 'O' and md5(p.prosrc) = ${MIRRORED_SOURCE_MD5} and current_setting('is_superuser') = 'on') as ok
      from pg_trigger t join pg_proc p on p.oid = t.tgfoid
      where t.tgrelid = 'declaration_lines'::regclass and t.tgname = ${READ_MODELS_INSERT_TRIGGER}`),
  );
  return r?.ok === true;
}

interface SpendCell {
  region: string;
  agb: string;
  segment: string;
  municipality: string;
  month: string;
  cents: number;
  lines: number;
  rejected: number;
}

interface DeclaredCell {
  region: string;
  nummer: number;
  volume: number;
  lastDebitEnd: string | null;
}

/**
 * The groups of read_models_lines_inserted over these rows: spend per region, provider, segment
 * ('?' unknown), municipality ('?') and month of the begin date (approved amount, lines, rejected
 * lines); per allocation of the approved lines the net volume (credits negative) and the end of the
 * last debit that is not credited (null when there is none). A row without `credited` is written
 * not credited (lineChunks), so it counts as such here.
 */
export function readModelDeltas(rows: readonly BatchLineRow[]): { spend: SpendCell[]; declared: DeclaredCell[] } {
  const spend = new Map<string, SpendCell>();
  const declared = new Map<string, Map<number, DeclaredCell>>();
  // Consecutive rows mostly fall in the same cell (a message's lines by client and month): the last cell is tried first.
  let last: SpendCell | undefined;
  let lastMonth = '';
  for (const r of rows) {
    const segment = r.segmentId ?? '?';
    const municipality = r.municipalityCode ?? '?';
    let s = last;
    if (
      !s ||
      s.agb !== r.providerAgb ||
      s.segment !== segment ||
      s.municipality !== municipality ||
      s.region !== r.regionId ||
      !r.begindatum.startsWith(lastMonth)
    ) {
      lastMonth = r.begindatum.slice(0, 7);
      const month = `${lastMonth}-01`;
      const k = `${r.regionId}\u0000${r.providerAgb}\u0000${segment}\u0000${municipality}\u0000${month}`;
      s = spend.get(k);
      if (!s) spend.set(k, (s = { region: r.regionId, agb: r.providerAgb, segment, municipality, month, cents: 0, lines: 0, rejected: 0 }));
      last = s;
    }
    s.lines++;
    if (r.approved === true) s.cents += r.amountCents;
    else if (r.approved === false) s.rejected++;
    if (r.approved !== true) continue;
    let ofRegion = declared.get(r.regionId);
    if (!ofRegion) declared.set(r.regionId, (ofRegion = new Map()));
    let d = ofRegion.get(r.toewijzingNummer);
    if (!d) ofRegion.set(r.toewijzingNummer, (d = { region: r.regionId, nummer: r.toewijzingNummer, volume: 0, lastDebitEnd: null }));
    d.volume += r.debetCredit === 'C' ? -r.volume : r.volume;
    if (r.debetCredit === 'D' && r.credited !== true && (d.lastDebitEnd === null || r.einddatum > d.lastDebitEnd)) d.lastDebitEnd = r.einddatum;
  }
  return { spend: [...spend.values()], declared: [...declared.values()].flatMap((m) => [...m.values()]) };
}

/** Adds the rows' groups to the read models with the upserts of read_models_lines_inserted (one statement per table). */
export async function addReadModelDeltas(tx: Tx, rows: readonly BatchLineRow[]): Promise<void> {
  const { spend, declared } = readModelDeltas(rows);
  const col = <T, V>(list: readonly T[], f: (x: T) => V) => sql.param(list.map(f));
  if (spend.length > 0)
    await tx.execute(sql`insert into spend_monthly as s (region_id, provider_agb, segment_id, municipality_code, month, approved_cents, lines, rejected_lines)
      select * from unnest(${col(spend, (c) => c.region)}::text[], ${col(spend, (c) => c.agb)}::text[], ${col(spend, (c) => c.segment)}::text[],
        ${col(spend, (c) => c.municipality)}::text[], ${col(spend, (c) => c.month)}::date[], ${col(spend, (c) => c.cents)}::bigint[],
        ${col(spend, (c) => c.lines)}::int[], ${col(spend, (c) => c.rejected)}::int[])
      on conflict (region_id, provider_agb, segment_id, municipality_code, month) do update
      set approved_cents = s.approved_cents + excluded.approved_cents, lines = s.lines + excluded.lines, rejected_lines = s.rejected_lines + excluded.rejected_lines`);
  if (declared.length > 0)
    await tx.execute(sql`insert into allocation_declared as a (region_id, toewijzing_nummer, net_volume, last_debit_end)
      select * from unnest(${col(declared, (c) => c.region)}::text[], ${col(declared, (c) => c.nummer)}::int[], ${col(declared, (c) => c.volume)}::bigint[],
        ${col(declared, (c) => c.lastDebitEnd)}::date[])
      on conflict (region_id, toewijzing_nummer) do update
      set net_volume = a.net_volume + excluded.net_volume, last_debit_end = greatest(a.last_debit_end, excluded.last_debit_end)`);
}

/**
 * Runs `write` (which inserts exactly `rows` into declaration_lines, in this transaction) with the
 * read models kept from the rows instead of by the insert trigger, when that applies (see the
 * module comment); otherwise `write` alone, the trigger keeping them.
 */
export async function withReadModelsFromRows<T>(tx: Tx, rows: readonly BatchLineRow[], write: () => Promise<T>): Promise<T> {
  if (rows.length === 0 || !(await readModelsFromRowsApply(tx))) return write();
  await tx.execute(sql`alter table declaration_lines disable trigger ${sql.identifier(READ_MODELS_INSERT_TRIGGER)}`);
  const result = await write();
  await tx.execute(sql`alter table declaration_lines enable trigger ${sql.identifier(READ_MODELS_INSERT_TRIGGER)}`);
  await addReadModelDeltas(tx, rows);
  return result;
}
