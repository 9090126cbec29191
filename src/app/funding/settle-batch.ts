/**
 * Batch settlement: many declarations (JW323) settled in ONE transaction with the same rules and in
 * the same order as settleDeclaration would settle them one after the other (settle.ts settleLoaded:
 * the domain's settleLine per line, the running totals, open debits, earlier lines and ceilings
 * carried from declaration to declaration). For data the system makes itself (the demo's funding
 * history, data sets): the messages are passed as message objects with their XML, so they are not
 * parsed and validated again (they are built with the iJw codec; the demo funding test checks that
 * the outcome equals settling the same messages one by one), and the context is read once per batch
 * instead of a dozen statements per declaration.
 *
 * Each declaration is stored as settleDeclaration stores it: the received message (gzip, content
 * hash: sending the same bytes again later is answered from the store), the declaration with its
 * totals, its lines, and the JW325 answer. A declaration whose content hash is stored already is
 * skipped (a stopped run continues where it stopped). Locks: the advisory locks of settle.ts, per
 * sender (sorted) and per rejecting segment ceiling, so a concurrent settleDeclaration waits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { declarationLines, declarations, ijwMessages, providers } from '../../db/schema.js';
import { toXmlObject, type Jw323Header } from '../../ijw/codec.js';
import type { JW323, JW323_Bericht_Declaratie } from '../../ijw/generated/messages.js';
import { declarationAnswer } from '../../ijw/retour.js';
import { serializeMessage } from '../../ijw/serialize.js';
import { debitKey, type CeilingState, type Line } from '../../domain/funding/settlement.js';
import type { Finding } from '../../ijw/findings.js';
import { dutchDate } from '../../domain/dates.js';
import { BadInput } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import {
  anyText,
  ceilingStates,
  loadAllocations,
  loadAllocationTotals,
  loadCeilings,
  loadPriorLines,
  loadRegionTariffs,
  rowsOf,
  segmentsToLock,
  tariffLookupOf,
  type AllocationRow,
} from './settle-context.js';
import { carryLines, fundingVersion, regionCeilings, usableCarry, type SettlementCarry } from './settle-carry.js';
import { toLine, type SettlementResult } from './settle.js';
import { settleLoaded, type LineRow, type Running, type SettleOutput } from './settle-lines.js';

const gzipAsync = promisify(gzip);

export interface BatchDeclaration {
  /** The message as it would be received (hashed and stored compressed); or `prepared`. */
  xml?: string;
  /** Instead of `xml`: the SHA-256 (hex) and gzip of the message's XML in UTF-8, made by the caller (e.g. on another thread). */
  prepared?: { sha256: string; gzip: Uint8Array };
  /** The same message in the generated JW323 type; with `lines` its Clienten may be left out (they are not read). */
  message: JW323 | JW323WithoutClients;
  /**
   * The message's lines as linesOf gives them, when the caller has them (the demo's worker thread
   * sends them as columns: funding-worker.ts); then the message's Clienten are not read.
   */
  lines?: readonly Line[];
  /** When it is received. */
  now: Date;
}

/** A JW323 whose Declaratie has no Clienten (its lines travel apart: BatchDeclaration.lines). */
export type JW323WithoutClients = Omit<JW323, 'Declaratie'> & { Declaratie: DeclaratieOnly };
type DeclaratieOnly = Omit<JW323_Bericht_Declaratie, 'Clienten'> & { Clienten?: JW323_Bericht_Declaratie['Clienten'] };

/** A settled line as the batch stores it: its id and declaration reserved before. */
export type BatchLineRow = LineRow & { id: number; declarationId: number };

export interface BatchOptions {
  /**
   * Writes the settled lines in the batch's transaction (default: one insert per 5,000 lines with
   * one array parameter per column). A bulk loader passes a COPY writer (src/demo).
   */
  writeLines?: (tx: Tx, rows: BatchLineRow[]) => Promise<void>;
  /**
   * Reserves n ascending ids of a table's serial id (default: nextval n times in one statement). A
   * bulk loader that knows its connection is the only one may take a range at once (src/demo).
   */
  reserveIds?: (tx: Tx, table: string, n: number) => Promise<number[]>;
  /**
   * What the caller's earlier batches settled in this region (newSettlementCarry), kept from batch to
   * batch: while the region holds exactly the declarations of these batches (checked in each batch's
   * transaction: their number and highest id), the earlier lines, the allocations' approved totals,
   * the open debits and the ceiling spend are taken from it instead of read back from the database
   * (the same values: they are the sums and lines of exactly those rows). When anything else settled
   * in the region meanwhile, or the region had declarations before the first batch, the batch reads
   * them from the database as without a carry (and the carry is not used again).
   */
  carry?: SettlementCarry;
}

/**
 * The advisory locks of settle.ts (per sender, per rejecting segment ceiling), taken in the given
 * (sorted) order in ONE statement instead of one per lock (a demo batch has a hundred senders).
 */
async function lockInOrder(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(
    sql`select count(*) from (select pg_advisory_xact_lock(hashtext(u.k)) from unnest(${sql.param([...keys])}::text[]) with ordinality as u(k, i) order by u.i) s`,
  );
}

/** The lines of a JW323 message object, in message order (as the streaming reader meets them). */
export function linesOf(message: JW323): Line[] {
  const out: Line[] = [];
  for (const c of message.Declaratie.Clienten.Client) for (const p of c.Prestaties.Prestatie) out.push(toLine(p, c.Bsn));
  return out;
}

/** The lines of a message that has its Clienten (no `lines` given). */
function linesOfWhole(message: BatchDeclaration['message']): Line[] {
  if (!message.Declaratie.Clienten) throw new Error('a batch declaration needs its Clienten or its lines');
  return linesOf(message as JW323);
}

/**
 * Reserves n ids from the table's sequence, ascending. One statement; it returns the first and the
 * last id when they are consecutive (always on PGlite, and on PostgreSQL unless another session
 * took ids from the same sequence meanwhile) instead of one row per id, else all ids.
 */
const idsFor = async (tx: Tx, table: string, n: number): Promise<number[]> => {
  if (n <= 0) return [];
  const [r] = rowsOf<{ lo: number; hi: number; ids: number[] | null }>(
    await tx.execute(sql`select min(id)::int as lo, max(id)::int as hi,
      case when max(id) - min(id) + 1 = count(*) then null else array_agg(id::int order by id) end as ids
      from (select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n}::int)) s`),
  );
  if (r!.ids) return r!.ids.map(Number);
  const lo = Number(r!.lo);
  return Array.from({ length: n }, (_, i) => lo + i);
};

/**
 * Settles the declarations in the given order in one transaction (see the module comment). Returns
 * one result per declaration (duplicates: `duplicate` true, from the store).
 */
export async function settleDeclarationsBatch(
  db: Db,
  regionId: string,
  batch: readonly BatchDeclaration[],
  opts: BatchOptions = {},
): Promise<SettlementResult[]> {
  if (batch.length === 0) return [];
  const profile = await loadRegionProfile(db, regionId);
  const items = batch.map((b) => {
    if (b.xml === undefined && !b.prepared) throw new Error('a batch declaration needs its XML or its prepared hash and gzip');
    const bytes = b.xml === undefined ? undefined : Buffer.from(b.xml, 'utf8');
    const header = b.message.Header;
    const declaratie = b.message.Declaratie;
    const ontvanger = header.Ontvanger;
    if (!profile.gemeenten.some((g) => g.code === ontvanger)) throw new BadInput(`Ontvanger ${ontvanger} is geen gemeente van regio ${regionId}`);
    return {
      ...b,
      bytes,
      header,
      declaratie,
      ontvanger,
      agb: header.Afzender,
      hash: bytes ? createHash('sha256').update(bytes).digest('hex') : b.prepared!.sha256,
      lines: b.lines ? [...b.lines] : linesOfWhole(b.message),
    };
  });

  try {
    return await settleInTransaction(db, regionId, batch, items, profile, opts);
  } catch (e) {
    // The carry's maps were changed in place by the batch that did not commit: not exact any more.
    if (opts.carry) opts.carry.usable = false;
    throw e;
  }
}

async function settleInTransaction(
  db: Db,
  regionId: string,
  batch: readonly BatchDeclaration[],
  items: (BatchDeclaration & {
    bytes: Buffer | undefined;
    header: Jw323Header;
    declaratie: DeclaratieOnly;
    ontvanger: string;
    agb: string;
    hash: string;
    lines: Line[];
  })[],
  profile: Awaited<ReturnType<typeof loadRegionProfile>>,
  opts: BatchOptions,
): Promise<SettlementResult[]> {
  return db.transaction(async (tx) => {
    const agbs = [...new Set(items.map((i) => i.agb))].sort();
    await lockInOrder(
      tx,
      agbs.map((agb) => `settle|${regionId}|${agb}`),
    );
    const stored = new Map(
      (
        await tx
          .select({
            hash: declarations.contentHash,
            agb: declarations.providerAgb,
            id: declarations.id,
            answerXml: declarations.answerXml,
            submittedCents: declarations.submittedCents,
            approvedCents: declarations.approvedCents,
            lineCount: declarations.lineCount,
            rejectedCount: declarations.rejectedCount,
          })
          .from(declarations)
          .where(
            and(
              eq(declarations.regionId, regionId),
              anyText(
                declarations.contentHash,
                items.map((i) => i.hash),
              ),
            ),
          )
      ).map((d) => [`${d.agb}|${d.hash}`, d]),
    );
    const todo = items.filter((i) => !stored.has(`${i.agb}|${i.hash}`));
    const known = await usableCarry(tx, regionId, opts.carry);
    const nummers = [...new Set(todo.flatMap((i) => i.lines.map((l) => l.toewijzingNummer)))];
    let allocationsBy: Map<number, AllocationRow>;
    if (known) {
      // Allocations read by an earlier batch of the carry are current (the version is unchanged).
      const missing = nummers.filter((n) => !known.allocations.has(n));
      for (const [n, a] of await loadAllocations(tx, regionId, missing)) known.allocations.set(n, a);
      allocationsBy = new Map();
      for (const n of nummers) {
        const a = known.allocations.get(n);
        if (a) allocationsBy.set(n, a);
      }
    } else allocationsBy = await loadAllocations(tx, regionId, nummers);
    const segments = [...new Set([...allocationsBy.values()].map((a) => a.segmentId))];
    await lockInOrder(
      tx,
      segmentsToLock(profile, segments).map((s) => `settle-segment|${regionId}|${s}`),
    );
    const providerIds = new Map(
      (await tx.select({ id: providers.id, agb: providers.agbCode }).from(providers).where(eq(providers.regionId, regionId))).map((p) => [p.agb, p.id]),
    );
    const years = [...new Set(todo.flatMap((i) => i.lines.map((l) => Number(l.begindatum.slice(0, 4)))))];

    const tariffRows = known ? (known.tariffs ??= await loadRegionTariffs(tx, regionId)) : await loadRegionTariffs(tx, regionId);
    const ceilingRows = known ? await regionCeilings(tx, regionId, years, known) : [];

    // Per sender: its running state, read once. Segment ceilings are shared by all senders (one object per segment and year).
    const sharedSegmentCeilings = new Map<string, CeilingState>();
    const senders = new Map<string, { run: Running; tariff: ReturnType<typeof tariffLookupOf>; providerId: number | undefined }>();
    // The declared totals and open debits of the allocations, read once for all senders (one statement
    // instead of one per sender) and handed to each sender for its own allocations and debit lines.
    const isCounted = (n: number) => {
      const a = allocationsBy.get(n)?.allocation;
      return !!a && (a.omvang?.frequentie === '6' || a.budgetCents !== undefined);
    };
    const allLines = todo.flatMap((i) => i.lines);
    const sharedTotals = new Map<number, { volume: number; amountCents: number }>();
    const sharedOpen = new Set<string>();
    if (known) {
      for (const n of new Set(allLines.map((l) => l.toewijzingNummer)))
        if (isCounted(n)) sharedTotals.set(n, known.totals.get(n) ?? { volume: 0, amountCents: 0 });
      for (const l of allLines) if (l.debetCredit === 'D' && known.openDebits.has(debitKey(l))) sharedOpen.add(debitKey(l));
    } else
      await loadAllocationTotals(
        tx,
        regionId,
        [...new Set(allLines.map((l) => l.toewijzingNummer))].filter(isCounted),
        allLines.filter((l) => l.debetCredit === 'D'),
        sharedTotals,
        sharedOpen,
      );
    for (const agb of agbs) {
      const own = todo.filter((i) => i.agb === agb);
      if (own.length === 0) continue;
      const providerId = providerIds.get(agb);
      // As loadCeilings: the provider's own ceilings and the segment ceilings of the batch's segments, with the spend under each.
      const ceilings = known
        ? ceilingStates(
            ceilingRows
              .filter(
                (c) =>
                  (providerId !== undefined && c.provider_id === providerId) ||
                  (c.provider_id === null && c.segment_id !== null && segments.includes(c.segment_id)),
              )
              .map((c) => ({
                ...c,
                spent:
                  known.spend.get(
                    c.segment_id === null
                      ? `p|${agb}|${c.year}`
                      : c.provider_id === null
                        ? `s|${c.segment_id}|${c.year}`
                        : `ps|${agb}|${c.segment_id}|${c.year}`,
                  ) ?? 0,
              })),
            profile,
          )
        : await loadCeilings(tx, { regionId, providerId, agb, segments, years, profile });
      for (const [key, state] of ceilings) {
        if (!key.startsWith('s|')) continue;
        const shared = sharedSegmentCeilings.get(key);
        if (shared) ceilings.set(key, shared);
        else sharedSegmentCeilings.set(key, state);
      }
      const lines = own.flatMap((i) => i.lines);
      let prior = known?.prior.get(agb);
      if (known && !prior) known.prior.set(agb, (prior = new Map()));
      const run: Running = { prior: prior ?? new Map(), refsSeen: new Set(), totals: new Map(), debits: new Set(), creditedKeys: new Set(), ceilings };
      const refs = [...new Set(lines.flatMap((l) => [l.referentieNummer, l.vorigReferentieNummer].filter((x): x is string => !!x)))];
      if (!known) await loadPriorLines(tx, regionId, agb, refs, run.prior);
      for (const r of refs) run.refsSeen.add(r);
      for (const n of new Set(lines.map((l) => l.toewijzingNummer))) {
        const t = isCounted(n) ? sharedTotals.get(n) : undefined;
        run.totals.set(n, t ? { ...t } : { volume: 0, amountCents: 0 });
      }
      for (const l of lines) if (l.debetCredit === 'D' && sharedOpen.has(debitKey(l))) run.debits.add(debitKey(l));
      senders.set(agb, { run, tariff: tariffLookupOf(providerId === undefined ? [] : (tariffRows.get(providerId) ?? [])), providerId });
    }

    const reserve = opts.reserveIds ?? idsFor;
    const lineIds = await reserve(
      tx,
      'declaration_lines',
      todo.reduce((a, i) => a + i.lines.length, 0),
    );
    const messageIds = await reserve(tx, 'ijw_messages', todo.length * 2);
    const declarationIds = await reserve(tx, 'declarations', todo.length);
    const lineRows: BatchLineRow[] = [];
    const creditedIds: number[] = [];
    const written: {
      i: (typeof todo)[number];
      declarationId: number;
      inId: number;
      outId: number;
      answerXml: string;
      answerId: string;
      out: SettleOutput;
      submittedCents: number;
    }[] = [];
    let nextLine = 0;
    for (const [k, i] of todo.entries()) {
      const sender = senders.get(i.agb)!;
      const out: SettleOutput = { rejected: [], signals: [], creditedIds: [], approvedCents: 0 };
      const rows = settleLoaded(
        {
          regionId,
          agb: i.agb,
          ontvanger: i.ontvanger,
          chunk: i.lines.map((line, n) => ({ line, location: prestatieLocation(n), findings: NO_FINDINGS })),
          tariff: sender.tariff,
          allocations: allocationsBy,
        },
        sender.run,
        out,
      );
      const declarationId = declarationIds[k]!;
      for (const [n, r] of rows.entries()) {
        const id = lineIds[nextLine++]!;
        // The row is this batch's own (settleLoaded made it): it takes its id and declaration in place (no copy per line).
        const row = r as BatchLineRow;
        row.id = id;
        row.declarationId = declarationId;
        lineRows.push(row);
        // Later declarations of this sender see this line as an earlier line (an approved line counts over a rejected one, as loadPriorLines).
        const existing = sender.run.prior.get(r.referentieNummer);
        if (existing?.approved && !r.approved) continue;
        const l = i.lines[n]!;
        sender.run.prior.set(r.referentieNummer, {
          id,
          referentieNummer: l.referentieNummer,
          toewijzingNummer: l.toewijzingNummer,
          productCode: l.productCode,
          begindatum: l.begindatum,
          einddatum: l.einddatum,
          debetCredit: l.debetCredit,
          bedragCents: l.bedragCents,
          volume: l.volume,
          credited: false,
          approved: r.approved!,
        });
      }
      creditedIds.push(...out.creditedIds);
      const submitted = i.declaratie.TotaalIngediendBedrag;
      const submittedCents = Number(submitted.TotaalBedrag) * (submitted.DebetCredit === 'C' ? -1 : 1);
      const answerId = randomBytes(6).toString('hex');
      const answer = declarationAnswer(toXmlObject(i.header), toXmlObject(i.declaratie), {
        identificatie: answerId,
        dagtekening: dutchDate(i.now),
        rejected: out.rejected,
        awardedCents: out.approvedCents,
        technicalRejection: false,
      });
      written.push({
        i,
        declarationId,
        inId: messageIds[2 * k]!,
        outId: messageIds[2 * k + 1]!,
        answerXml: serializeMessage('JW325', answer),
        answerId,
        out,
        submittedCents,
      });
    }
    // A line credited by a later line of the same batch is stored credited at once.
    const creditedInBatch = new Set(creditedIds);
    for (const r of lineRows) if (creditedInBatch.has(r.id)) r.credited = true;

    if (written.length > 0)
      await writeBatch(
        tx,
        regionId,
        written.map((w) => ({ ...w, providerId: senders.get(w.i.agb)!.providerId })),
      );
    await (opts.writeLines ?? insertBatchLines)(tx, lineRows);
    const inBatch = new Set(lineRows.map((r) => r.id));
    const earlier = creditedIds.filter((id) => !inBatch.has(id));
    if (earlier.length > 0) await tx.execute(sql`update ${declarationLines} set credited = true where id = any(${sql.param(earlier)}::int[])`);

    if (known) {
      known.version = await fundingVersion(tx, regionId);
      // What this batch wrote, summarised as the context queries would read it back next time.
      known.declarations += written.length;
      for (const w of written) known.maxDeclarationId = Math.max(known.maxDeclarationId, w.declarationId);
      for (const { run } of senders.values()) for (const k of run.creditedKeys) known.openDebits.delete(k);
      carryLines(known, lineRows);
    }

    const results = new Map(
      written.map((w) => [
        w.i,
        {
          declarationId: w.declarationId,
          duplicate: false,
          answerXml: w.answerXml,
          submittedCents: w.submittedCents,
          approvedCents: w.out.approvedCents,
          lines: w.i.lines.length,
          rejected: w.out.rejected.length,
          signals: w.out.signals,
        } satisfies SettlementResult,
      ]),
    );
    return items.map((i) => {
      const done = results.get(i as (typeof todo)[number]);
      if (done) return done;
      const d = stored.get(`${i.agb}|${i.hash}`)!;
      return {
        declarationId: d.id,
        duplicate: true,
        answerXml: d.answerXml,
        submittedCents: d.submittedCents,
        approvedCents: d.approvedCents,
        lines: d.lineCount,
        rejected: d.rejectedCount,
        signals: [],
      };
    });
  });
}

const PART = 1000;

/**
 * The lines of a batch carry no findings (the messages are made by the system, not parsed): one
 * empty list for all, frozen (settleLoaded only reads it), instead of a new array per line.
 */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/** "Prestatie n" of the n-th line (0-based) of a message, made once per n for all messages of the process. */
const LOCATIONS: string[] = [];
function prestatieLocation(n: number): string {
  for (let k = LOCATIONS.length; k <= n; k++) LOCATIONS.push(`Prestatie ${k + 1}`);
  return LOCATIONS[n]!;
}

/** The received messages, the declarations and the JW325 answers, with one array parameter per column per part. */
async function writeBatch(
  tx: Tx,
  regionId: string,
  list: {
    i: {
      agb: string;
      ontvanger: string;
      header: Jw323Header;
      declaratie: DeclaratieOnly;
      bytes: Buffer | undefined;
      prepared?: { gzip: Uint8Array } | undefined;
      hash: string;
      now: Date;
      lines: Line[];
    };
    providerId: number | undefined;
    declarationId: number;
    inId: number;
    outId: number;
    answerXml: string;
    answerId: string;
    out: SettleOutput;
    submittedCents: number;
  }[],
): Promise<void> {
  // The received messages compressed on libuv's thread pool (off this thread, which runs PGlite), all at once.
  const gzipped = await Promise.all(
    list.map((w) =>
      w.i.bytes
        ? gzipAsync(w.i.bytes, { level: 1 })
        : Promise.resolve(Buffer.from(w.i.prepared!.gzip.buffer, w.i.prepared!.gzip.byteOffset, w.i.prepared!.gzip.byteLength)),
    ),
  );
  const gz = new Map(list.map((w, k) => [w, gzipped[k]!.toString('base64')]));
  for (let p = 0; p < list.length; p += PART) {
    const part = list.slice(p, p + PART);
    const col = <T>(f: (w: (typeof part)[number]) => T) => sql.param(part.map(f));
    const identificatie = (w: (typeof part)[number]) => w.i.header.BerichtIdentificatie.Identificatie;
    const periode = (w: (typeof part)[number]) => w.i.declaratie.DeclaratiePeriode;
    await tx.execute(sql`insert into ${ijwMessages} (id, region_id, direction, code, afzender, ontvanger, identificatie, at, xml, verdict)
      select u.id, ${regionId}, 'in', 'JW323', u.afzender, u.ontvanger, u.identificatie, u.at, u.xml, '{"valid":true,"findings":[]}'::jsonb
      from unnest(${col((w) => w.inId)}::int[], ${col((w) => w.i.agb)}::text[], ${col((w) => w.i.ontvanger)}::text[], ${col(identificatie)}::text[],
        ${col((w) => w.i.now.toISOString())}::timestamptz[], ${col((w) => `(stored compressed in declarations.received_gzip, sha256 ${w.i.hash})`)}::text[])
        as u(id, afzender, ontvanger, identificatie, at, xml)`);
    await tx.execute(sql`insert into ${declarations} (id, region_id, provider_id, provider_agb, declaratie_nummer, content_hash, message_id, received_at, period_start,
        period_end, submitted_cents, approved_cents, line_count, rejected_count, answer_xml, received_gzip)
      select u.id, ${regionId}, u.provider_id, u.agb, u.nummer, u.hash, u.message_id, u.at, u.period_start, u.period_end, u.submitted, u.approved, u.lines, u.rejected,
        u.answer, decode(u.gz, 'base64')
      from unnest(${col((w) => w.declarationId)}::int[], ${col((w) => w.providerId ?? null)}::int[], ${col((w) => w.i.agb)}::text[],
        ${col((w) => String(w.i.declaratie.DeclaratieNummer ?? ''))}::text[], ${col((w) => w.i.hash)}::text[], ${col((w) => w.inId)}::int[],
        ${col((w) => w.i.now.toISOString())}::timestamptz[], ${col((w) => (periode(w)?.Begindatum as string) ?? null)}::date[], ${col((w) => (periode(w)?.Einddatum as string) ?? null)}::date[],
        ${col((w) => w.submittedCents)}::bigint[], ${col((w) => w.out.approvedCents)}::bigint[], ${col((w) => w.i.lines.length)}::int[], ${col((w) => w.out.rejected.length)}::int[],
        ${col((w) => w.answerXml)}::text[], ${col((w) => gz.get(w)!)}::text[])
        as u(id, provider_id, agb, nummer, hash, message_id, at, period_start, period_end, submitted, approved, lines, rejected, answer, gz)`);
    await tx.execute(sql`insert into ${ijwMessages} (id, region_id, direction, code, afzender, ontvanger, identificatie, at, xml, answers_id)
      select u.id, ${regionId}, 'out', 'JW325', u.afzender, u.ontvanger, u.identificatie, u.at, u.xml, u.answers
      from unnest(${col((w) => w.outId)}::int[], ${col((w) => w.i.ontvanger)}::text[], ${col((w) => w.i.agb)}::text[], ${col((w) => w.answerId)}::text[],
        ${col((w) => w.i.now.toISOString())}::timestamptz[], ${col((w) => w.answerXml)}::text[], ${col((w) => w.inId)}::int[])
        as u(id, afzender, ontvanger, identificatie, at, xml, answers)`);
  }
}

/** The lines of all declarations of the batch (ids reserved before), as settle.ts insertLines with the declaration per row. */
async function insertBatchLines(tx: Tx, rows: BatchLineRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += PART * 5) {
    const part = rows.slice(i, i + PART * 5);
    const col = <T>(f: (r: (typeof part)[number]) => T) => sql.param(part.map(f));
    await tx.execute(sql`insert into ${declarationLines} (id, declaration_id, region_id, provider_agb, referentie_nummer, vorig_referentie_nummer, toewijzing_nummer,
        allocation_id, segment_id, municipality_code, product_categorie, product_code, begindatum, einddatum, volume, eenheid, bedrag_cents,
        debet_credit, approved, codes, amount_cents, credited)
      select u.id, u.declaration_id, u.region_id, u.provider_agb, u.ref, u.vorig, u.nummer, u.allocation_id, u.segment_id, u.municipality_code,
        u.categorie, u.code, u.begindatum, u.einddatum, u.volume, u.eenheid, u.bedrag, u.dc, u.approved,
        case when u.codes = '' then '{}'::text[] else string_to_array(u.codes, ',') end, u.amount, u.credited
      from unnest(${col((r) => r.id)}::int[], ${col((r) => r.declarationId)}::int[], ${col((r) => r.regionId)}::text[], ${col((r) => r.providerAgb)}::text[], ${col((r) => r.referentieNummer)}::text[],
        ${col((r) => r.vorigReferentieNummer ?? null)}::text[], ${col((r) => r.toewijzingNummer)}::int[], ${col((r) => r.allocationId ?? null)}::int[],
        ${col((r) => r.segmentId ?? null)}::text[], ${col((r) => r.municipalityCode ?? null)}::text[], ${col((r) => r.productCategorie)}::text[],
        ${col((r) => r.productCode)}::text[], ${col((r) => r.begindatum)}::date[], ${col((r) => r.einddatum)}::date[], ${col((r) => r.volume)}::int[],
        ${col((r) => r.eenheid)}::text[], ${col((r) => r.bedragCents)}::bigint[], ${col((r) => r.debetCredit)}::text[], ${col((r) => r.approved)}::boolean[],
        ${col((r) => (r.codes ?? []).join(','))}::text[], ${col((r) => r.amountCents)}::bigint[], ${col((r) => r.credited ?? false)}::boolean[])
        as u(id, declaration_id, region_id, provider_agb, ref, vorig, nummer, allocation_id, segment_id, municipality_code, categorie, code, begindatum, einddatum,
             volume, eenheid, bedrag, dc, approved, codes, amount, credited)`);
  }
}
