/**
 * The settled state a series of settlement batches of one region hands on (settle-batch.ts
 * BatchOptions.carry; issue #14, the demo's first start): what the batches wrote, summarised as the
 * next batch's context queries (settle-context.ts) would read it back, so they are not read again.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { declarations } from '../../db/schema.js';
import { debitKey, type PriorLine } from '../../domain/funding/settlement.js';
import { rowsOf, type AllocationRow, type TariffRow } from './settle-context.js';
import type { LineRow } from './settle-lines.js';

/**
 * The settled state of a region that a series of batches carries (BatchOptions.carry): every line
 * the batches wrote, summarised as the batch's context queries would read it back.
 */
export interface SettlementCarry {
  /** Still exact (false once the region held declarations the carry did not see). */
  usable: boolean;
  /** Declarations of the region written by the batches, and the highest id among them. */
  declarations: number;
  maxDeclarationId: number;
  /** Per sender (AGB): its lines by ReferentieNummer (an approved line over a rejected one, as loadPriorLines). */
  prior: Map<string, Map<string, PriorLine & { id: number }>>;
  /** Per ToewijzingNummer: approved volume (credits negative) and amount (loadAllocationTotals). */
  totals: Map<number, { volume: number; amountCents: number }>;
  /** debitKey of every approved debit not credited (loadAllocationTotals' open debits). */
  openDebits: Set<string>;
  /** Approved amount per `p|agb|year`, `s|segment|year` and `ps|agb|segment|year` (loadCeilings' spend). */
  spend: Map<string, number>;
  /**
   * The region's funding data version (read_model_versions 'funding|region', bumped by every write
   * to its allocations, tariffs, ceilings, declarations, lines ...: migration 0014) after the last
   * batch: while it is unchanged the allocations, tariffs and ceilings read before are still current.
   */
  version?: string;
  allocations: Map<number, AllocationRow>;
  tariffs?: Map<number, TariffRow[]>;
  /** Ceiling rows (no spend) per year. */
  ceilings: Map<number, CeilingRowOfRegion[]>;
}

export type CeilingRowOfRegion = { id: number; provider_id: number | null; segment_id: string | null; year: number; amount: string };

/** The region's funding data version (migration 0014), or '' when nothing was written yet. */
export const fundingVersion = async (tx: Tx, regionId: string) =>
  rowsOf<{ v: string | null }>(await tx.execute(sql`select (select version::text from read_model_versions where name = ${`funding|${regionId}`}) as v`))[0]
    ?.v ?? '';

/** An empty carry for a region without declarations (a series of batches from the start; see BatchOptions.carry). */
export function newSettlementCarry(): SettlementCarry {
  return {
    usable: true,
    declarations: 0,
    maxDeclarationId: 0,
    prior: new Map(),
    totals: new Map(),
    openDebits: new Set(),
    spend: new Map(),
    allocations: new Map(),
    ceilings: new Map(),
  };
}

const addTo = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** The ceiling rows of the region for these years (no spend: the carry has it), in id order as loadCeilings. */
export async function regionCeilings(tx: Tx, regionId: string, years: readonly number[], known: SettlementCarry): Promise<CeilingRowOfRegion[]> {
  const missing = years.filter((y) => !known.ceilings.has(y));
  if (missing.length > 0) {
    for (const y of missing) known.ceilings.set(y, []);
    for (const r of rowsOf<CeilingRowOfRegion>(
      await tx.execute(sql`select c.id, c.provider_id, c.segment_id, c.year, c.amount_cents::text as amount from ceilings c
        where c.region_id = ${regionId} and c.year = any(${sql.param(missing)}::int[]) order by c.id`),
    ))
      known.ceilings.get(Number(r.year))!.push(r);
  }
  return years.flatMap((y) => known.ceilings.get(y)!).sort((a, b) => a.id - b.id);
}

/**
 * The carry when it is still exact: the region holds exactly the declarations it saw (the count and
 * the highest id) and, after its first batch, nothing else changed the region's funding data.
 * Otherwise it is marked unusable and undefined is returned (the batch reads the database).
 */
export async function usableCarry(tx: Tx, regionId: string, carry: SettlementCarry | undefined): Promise<SettlementCarry | undefined> {
  if (!carry?.usable) return undefined;
  const [seen] = rowsOf<{ n: number; max: number | null }>(
    await tx.execute(sql`select count(*)::int as n, max(id)::int as max from ${declarations} where region_id = ${regionId}`),
  );
  if (Number(seen!.n) !== carry.declarations || Number(seen!.max ?? 0) !== carry.maxDeclarationId) carry.usable = false;
  else if (carry.version !== undefined && carry.version !== (await fundingVersion(tx, regionId))) carry.usable = false;
  return carry.usable ? carry : undefined;
}

/** Adds a batch's approved lines to the carry's totals, open debits and spend (as loadAllocationTotals and loadCeilings would read them). */
export function carryLines(known: SettlementCarry, lineRows: readonly LineRow[]): void {
  for (const r of lineRows) {
    if (!r.approved) continue;
    const amount = r.amountCents ?? 0;
    const t = known.totals.get(r.toewijzingNummer) ?? { volume: 0, amountCents: 0 };
    t.volume += r.debetCredit === 'C' ? -(r.volume ?? 0) : (r.volume ?? 0);
    t.amountCents += amount;
    known.totals.set(r.toewijzingNummer, t);
    if (r.debetCredit === 'D' && !r.credited)
      known.openDebits.add(debitKey({ toewijzingNummer: r.toewijzingNummer, productCode: r.productCode, begindatum: r.begindatum, einddatum: r.einddatum }));
    const year = r.begindatum.slice(0, 4);
    addTo(known.spend, `p|${r.providerAgb}|${year}`, amount);
    if (r.segmentId) {
      addTo(known.spend, `s|${r.segmentId}|${year}`, amount);
      addTo(known.spend, `ps|${r.providerAgb}|${r.segmentId}|${year}`, amount);
    }
  }
}
