/**
 * Settling the lines of a declaration against a context already read (allocations, tariffs,
 * earlier lines, running totals, open debits, ceilings): the domain's settleLine per line with the
 * running state carried from line to line. Used per chunk by settleDeclaration (settle.ts) and for
 * many declarations at once by the batch settlement (settle-batch.ts).
 */
import type { Tx } from '../../db/database.js';
import type { declarationLines } from '../../db/schema.js';
import type { RejectedLine } from '../../ijw/retour.js';
import { TECHNICAL_REJECTION } from '../../ijw/findings.js';
import { toXmlObject, type Jw323Prestatie } from '../../ijw/codec.js';
import { debitKey, settleLine, type CeilingState, type Line, type PriorLine } from '../../domain/funding/settlement.js';
import { ceilingKey, loadAllocations, loadAllocationTotals, loadPriorLines, type AllocationRow, type tariffLookup } from './settle-context.js';
import type { CollectedLine } from './line-store.js';
import { LineColumns, type LineOutcome } from './line-columns.js';

export function toPrestatie(l: Line): Jw323Prestatie {
  return {
    ProductReferentie: { ReferentieNummer: l.referentieNummer, ...(l.vorigReferentieNummer ? { VorigReferentieNummer: l.vorigReferentieNummer } : {}) },
    ToewijzingNummer: String(l.toewijzingNummer),
    ProductCategorie: l.productCategorie as Jw323Prestatie['ProductCategorie'],
    ProductCode: l.productCode,
    ProductPeriode: { Begindatum: l.begindatum, Einddatum: l.einddatum },
    GeleverdVolume: String(l.volume),
    Eenheid: l.eenheid as Jw323Prestatie['Eenheid'],
    ...(l.tariefCents !== undefined ? { ProductTarief: String(l.tariefCents) } : {}),
    IngediendBedrag: { Bedrag: String(l.bedragCents), DebetCredit: l.debetCredit },
  };
}

/** Lines settled per step: the context (allocations, earlier lines) is read per chunk, so memory stays bounded for large declarations. */
export const SETTLE_CHUNK = 5_000;

/** What a settlement carries from line to line (and, in a batch, from declaration to declaration of one sender). */
export interface Running {
  prior: Map<string, PriorLine & { id: number }>;
  refsSeen: Set<string>;
  totals: Map<number, { volume: number; amountCents: number }>;
  debits: Set<string>;
  /** Debits credited by this settlement (marked in the database only at its end): not open any more. */
  creditedKeys: Set<string>;
  ceilings: Map<string, CeilingState>;
}

export type LineRow = Omit<typeof declarationLines.$inferInsert, 'declarationId'>;

export interface SettleOutput {
  rejected: RejectedLine[];
  signals: string[];
  creditedIds: number[];
  approvedCents: number;
}

/** The lines of one chunk with what settling them needs (their allocations and the tariffs). */
export interface ChunkInput {
  agb: string;
  ontvanger: string | undefined;
  chunk: readonly CollectedLine[];
  tariff: Awaited<ReturnType<typeof tariffLookup>>;
  allocations: Map<number, AllocationRow>;
}

/** Whether the running totals of an allocation matter: only for a total volume (frequency 6, TR322) or a budget (TR369). */
const isCounted = (a: AllocationRow | undefined) => !!a && (a.allocation.omvang?.frequentie === '6' || a.allocation.budgetCents !== undefined);

/**
 * What a chunk's settlement reads besides its allocations: the earlier lines of references not
 * known yet (this declaration's own lines of earlier chunks are in the database already and left
 * out, so a reference reads the same earlier lines whichever chunk it is in), the debit keys to
 * check (per chunk: an earlier chunk's approved debits are in run.debits already) and the
 * allocations whose running totals matter (only a total volume, frequency 6, TR322, or a budget,
 * TR369: the totals of other allocations are never read, nor kept; see settleLoaded).
 */
export function chunkNeeds(chunk: readonly CollectedLine[], run: Running, allocationMap: Map<number, AllocationRow>) {
  const refs = new Set<string>();
  const nummers = new Set<number>();
  for (const c of chunk) {
    nummers.add(c.line.toewijzingNummer);
    if (!run.prior.has(c.line.referentieNummer)) refs.add(c.line.referentieNummer);
    if (c.line.vorigReferentieNummer && !run.prior.has(c.line.vorigReferentieNummer)) refs.add(c.line.vorigReferentieNummer);
  }
  return {
    refs: [...refs],
    debitKeys: chunk.filter((c) => c.line.debetCredit === 'D' && c.findings.length === 0).map((c) => c.line),
    counted: [...nummers].filter((n) => !run.totals.has(n) && isCounted(allocationMap.get(n))),
  };
}

/** Approved debits still open: those this settlement credited already are not. */
export function addOpenDebits(open: Set<string>, run: Running): void {
  for (const k of open) if (!run.creditedKeys.has(k)) run.debits.add(k);
}

/** Settles one chunk of lines against the running state; returns the rows to store. */
export async function settleChunk(
  tx: Tx,
  input: {
    regionId: string;
    agb: string;
    ontvanger: string | undefined;
    chunk: readonly CollectedLine[];
    tariff: Awaited<ReturnType<typeof tariffLookup>>;
    allocations?: Map<number, AllocationRow>;
    /** This declaration, once earlier chunks wrote it: its own lines are no earlier lines. */
    declarationId?: number | undefined;
    /** The chunk's earlier lines, totals and open debits are in `run` already (read with the ceilings: settleRead). */
    contextRead?: boolean;
  },
  run: Running,
  out: SettleOutput,
): Promise<LineColumns> {
  const { regionId, agb, chunk } = input;
  const allocationMap = input.allocations ?? (await loadAllocations(tx, regionId, [...new Set(chunk.map((c) => c.line.toewijzingNummer))]));
  if (!input.contextRead) {
    const need = chunkNeeds(chunk, run, allocationMap);
    await loadPriorLines(tx, regionId, agb, need.refs, run.prior, input.declarationId);
    const open = new Set<string>();
    await loadAllocationTotals(tx, regionId, need.counted, need.debitKeys, run.totals, open);
    addOpenDebits(open, run);
  }
  const columns = new LineColumns();
  settleEach({ agb, ontvanger: input.ontvanger, chunk, tariff: input.tariff, allocations: allocationMap }, run, out, (c, a, o) => columns.push(c, a, o));
  return columns;
}

/**
 * Settles lines whose context is in `run` already (allocations, earlier lines, totals, open debits,
 * ceilings): the domain's settleLine per line, the running state updated as it goes. Shared by
 * settleDeclaration (per chunk, into LineColumns) and the batch settlement of many declarations
 * (settle-batch.ts, as LineRow objects).
 */
export function settleLoaded(input: ChunkInput & { regionId: string }, run: Running, out: SettleOutput): LineRow[] {
  const { regionId, agb } = input;
  const rows: LineRow[] = [];
  settleEach(input, run, out, (c, a, outcome) =>
    rows.push({
      regionId,
      providerAgb: agb,
      referentieNummer: c.line.referentieNummer,
      vorigReferentieNummer: c.line.vorigReferentieNummer ?? null,
      toewijzingNummer: c.line.toewijzingNummer,
      allocationId: a?.id ?? null,
      segmentId: a?.segmentId ?? null,
      municipalityCode: a?.municipalityCode ?? null,
      productCategorie: c.line.productCategorie,
      productCode: c.line.productCode,
      begindatum: c.line.begindatum,
      einddatum: c.line.einddatum,
      volume: c.line.volume,
      eenheid: c.line.eenheid,
      bedragCents: c.line.bedragCents,
      debetCredit: c.line.debetCredit,
      approved: outcome.approved,
      codes: outcome.codes,
      amountCents: outcome.amountCents,
    }),
  );
  return rows;
}

function settleEach(
  input: ChunkInput,
  run: Running,
  out: SettleOutput,
  emit: (c: CollectedLine, a: AllocationRow | undefined, outcome: LineOutcome) => void,
): void {
  const { agb, chunk, allocations: allocationMap } = input;
  // The same for every line (not made per line).
  const prior = (ref: string) => run.prior.get(ref);
  const debitExists = (key: string) => run.debits.has(key);
  // Ceilings of a year and segment (a late line of last year counts against last year's): provider,
  // segment, provider in segment. run.ceilings does not change while the lines are settled, so the
  // list is made once per year and segment (settleLine only reads it).
  const ceilingLists = new Map<number, Map<string | undefined, CeilingState[]>>();
  const withoutAllocation = new Map<number, CeilingState[]>();
  const ceilingsOf = (year: number, a: AllocationRow | undefined): CeilingState[] => {
    let list: CeilingState[] | undefined;
    if (!a) {
      list = withoutAllocation.get(year);
      if (!list) withoutAllocation.set(year, (list = [run.ceilings.get(ceilingKey('p', year))].filter((x): x is CeilingState => !!x)));
      return list;
    }
    let ofYear = ceilingLists.get(year);
    if (!ofYear) ceilingLists.set(year, (ofYear = new Map()));
    list = ofYear.get(a.segmentId);
    if (!list)
      ofYear.set(
        a.segmentId,
        (list = [
          run.ceilings.get(ceilingKey('p', year)),
          run.ceilings.get(ceilingKey('s', year, a.segmentId)),
          run.ceilings.get(ceilingKey('ps', year, a.segmentId)),
        ].filter((x): x is CeilingState => !!x)),
      );
    return list;
  };
  for (const c of chunk) {
    const a = allocationMap.get(c.line.toewijzingNummer);
    const ceilings = ceilingsOf(Number(c.line.begindatum.slice(0, 4)), a);
    let t = run.totals.get(c.line.toewijzingNummer);
    if (!t) {
      t = { volume: 0, amountCents: 0 };
      if (isCounted(a)) run.totals.set(c.line.toewijzingNummer, t);
    }
    const outcome =
      c.findings.length > 0
        ? { approved: false, codes: [...new Set(c.findings.map((f) => f.retourcode ?? TECHNICAL_REJECTION))], amountCents: 0, signals: [] as string[] }
        : settleLine(c.line, {
            allocation: a?.allocation,
            providerAgb: agb,
            ontvanger: input.ontvanger,
            tariff: input.tariff(c.line),
            totals: t,
            prior,
            debitExists,
            ceilings,
          });
    if (outcome.signals.length > 0) out.signals.push(...outcome.signals.map((sgl) => `${c.location}: ${sgl}`));
    if (outcome.approved) {
      out.approvedCents += outcome.amountCents;
      t.volume += c.line.debetCredit === 'C' ? -c.line.volume : c.line.volume;
      t.amountCents += outcome.amountCents;
      for (const ceiling of ceilings) ceiling.spentCents += outcome.amountCents;
      if (c.line.debetCredit === 'D') run.debits.add(debitKey(c.line));
      else {
        const p = run.prior.get(c.line.vorigReferentieNummer!);
        if (p) {
          out.creditedIds.push(p.id);
          p.credited = true;
          run.debits.delete(debitKey(p));
          run.creditedKeys.add(debitKey(p));
        }
      }
    } else {
      out.rejected.push({ bsn: c.line.bsn, prestatie: toXmlObject(toPrestatie(c.line)), codes: outcome.codes });
    }
    emit(c, a, outcome);
  }
}
