/**
 * Settles a received declaration (JW323) exactly once.
 *
 * 1. The bytes are hashed; a declaration with the same content from the same provider returns the
 *    stored answer (no second payment).
 * 2. The message is validated in one streaming pass (XSD, TR, CD, CS); each Prestatie is kept as
 *    a compact line.
 * 3. In ONE transaction, under an advisory lock per sender (concurrent declarations of a provider
 *    settle one after the other) and per segment whose ceiling rejects: the ceilings of the years
 *    and segments the lines touch are read with their spend (settle-context.ts); then, per chunk
 *    of SETTLE_CHUNK lines, the allocations, earlier lines and approved totals for just that
 *    chunk's numbers, every line settled (src/domain/funding/settlement) and its rows written.
 *    The message (gzip), the declaration and the JW325 answer are written with the lines. A process
 *    killed before the commit leaves nothing behind and the declaration can be sent again.
 * 4. A line counts only against allocations of the declaration's Ontvanger: allocation numbers are
 *    unique per municipality (OP275), so another municipality's allocation is no allocation (TR338).
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { declarationLines, declarations, ijwMessages, providers } from '../../db/schema.js';
import { validateMessage, type Verdict } from '../../ijw/validate.js';
import { declarationAnswer, type RejectedLine } from '../../ijw/retour.js';
import { serializeMessage } from '../../ijw/serialize.js';
import type { Finding } from '../../ijw/findings.js';
import { asJw323, toXmlObject, type Jw323Declaratie, type Jw323Header } from '../../ijw/codec.js';
import { dutchDate } from '../../domain/dates.js';
import { BadInput } from '../errors.js';
import { loadRegionProfileAhead } from '../landscape.js';
import type { RegionProfile } from '../../domain/landscape/profile-schema.js';
import {
  addPriorLines,
  addTotals,
  allocationMapOf,
  allocationSegments,
  allocationsQuery,
  byId,
  ceilingRowsOf,
  ceilingsQuery,
  ceilingStates,
  loadCeilings,
  priorLinesQuery,
  rowsOf,
  segmentsToLock,
  tariffLookup,
  tariffLookupOf,
  tariffsQuery,
  totalsQuery,
  type AllocationSelected,
  type CeilingSelected,
  type PriorLineRow,
  type TariffFields,
  type TotalRow,
} from './settle-context.js';
import { jsonArrayOf, jsonValue } from '../../db/json-rows.js';
import { addOpenDebits, chunkNeeds, settleChunk, SETTLE_CHUNK, type Running, type SettleOutput } from './settle-lines.js';
import { insertColumns, LineColumns, LINES_PER_INSERT, linesInsert } from './line-columns.js';
import { lineCollector, readDeclarationStream, tightenHeap, type ReadDeclaration } from './declaration-read.js';

export interface SettlementResult {
  declarationId: number;
  /** True when this exact declaration was settled before: the stored answer is returned. */
  duplicate: boolean;
  answerXml: string;
  submittedCents: number;
  approvedCents: number;
  lines: number;
  rejected: number;
  signals: string[];
  /** The validation verdict of a declaration settled now (not of a duplicate): every finding. */
  verdict?: { valid: boolean; findings: Finding[] };
}

export type { CollectedLine } from './line-store.js';
export { toLine } from './declaration-read.js';

const BATCH = 1000;

/**
 * Settles a received JW323 exactly once (see the module comment). `opts.chunk` sets the lines per
 * step (default SETTLE_CHUNK); the outcome does not depend on it (tests settle in tiny chunks).
 */
export interface SettleOptions {
  /** Lines per read/write chunk (tests use small chunks). */
  chunk?: number;
  /**
   * Authorises the sender on the Afzender of the parsed header (the same parse that settlement
   * uses), before anything is stored or answered; throws to refuse. A resubmission of stored bytes
   * is authorised on the Afzender stored from its first parse.
   */
  authorize?: (afzender: string) => void;
  /** The region's profile, asked already (loadRegionProfileAhead) together with the caller's own look-ups. */
  profile?: Promise<RegionProfile>;
}

export async function settleDeclaration(db: Db, regionId: string, bytes: Uint8Array, now: Date, opts: SettleOptions = {}): Promise<SettlementResult> {
  const today = dutchDate(now);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const profile = opts.profile ?? loadRegionProfileAhead(db, regionId);
  // A resubmission is answered without validating the message again (a large file).
  const seen = await storedDeclaration(db, regionId, contentHash);
  if (seen) {
    opts.authorize?.(seen.providerAgb);
    return fromStored(seen, true);
  }
  const { options, lines } = lineCollector(today);
  const verdict = validateMessage(bytes, options);
  return settleRead(db, regionId, { contentHash, verdict, lines, gzip: () => gzipSync(bytes, { level: 1 }) }, profile, now, opts);
}

/**
 * Settles a declaration read from a stream of byte chunks (a file, an HTTP body): the same
 * settlement, stored message and answer as settleDeclaration on the same bytes, but the message is
 * hashed, compressed and validated in one pass and never held whole. A stream that fails (a size
 * limit, a broken connection) throws its error before anything is written.
 */
export async function settleDeclarationStream(
  db: Db,
  regionId: string,
  input: AsyncIterable<Uint8Array>,
  now: Date,
  opts: SettleOptions = {},
): Promise<SettlementResult> {
  const profile = opts.profile ?? loadRegionProfileAhead(db, regionId);
  const read = await readDeclarationStream(input, dutchDate(now));
  if (read.verdict.unusable) throw unusable(read.verdict);
  // The message is read and validated already: a resubmission is found by the check inside the
  // sender's lock (the same answer: the Afzender of the same bytes is the one stored), not by a
  // look-up before the transaction as well (issue #14: one round trip less per declaration).
  return settleRead(db, regionId, read, profile, now, opts);
}

const unusable = (verdict: Verdict) => new BadInput(`de declaratie is onbruikbaar: ${verdict.unusable!.text}`);

/** What a resubmission is answered from, as JSON (the duplicate check inside the sender's lock). */
const storedSelect = (regionId: string, agb: string, contentHash: string) =>
  sql`select id, provider_agb as "providerAgb", answer_xml as "answerXml", submitted_cents as "submittedCents", approved_cents as "approvedCents",
      line_count as "lineCount", rejected_count as "rejectedCount"
    from ${declarations} where region_id = ${regionId} and provider_agb = ${agb} and content_hash = ${contentHash} limit 1`;

type StoredDeclaration = Parameters<typeof fromStored>[0];

async function storedDeclaration(db: Db, regionId: string, contentHash: string) {
  const [seen] = await db
    .select(storedColumns)
    .from(declarations)
    .where(and(eq(declarations.regionId, regionId), eq(declarations.contentHash, contentHash)));
  return seen;
}

/** Settles a declaration read once (settleDeclaration, settleDeclarationStream) that was not received before. */
async function settleRead(
  db: Db,
  regionId: string,
  read: ReadDeclaration,
  profileAsked: Promise<RegionProfile>,
  now: Date,
  opts: SettleOptions,
): Promise<SettlementResult> {
  const chunkSize = Math.max(1, opts.chunk ?? SETTLE_CHUNK);
  const today = dutchDate(now);
  const { contentHash, verdict, lines: collected } = read;
  if (verdict.unusable) throw unusable(verdict);
  if (verdict.message !== 'JW323' || !verdict.parsed) throw new BadInput(`verwacht een declaratie (JW323), ontvangen ${verdict.message ?? 'geen iJw-bericht'}`);
  const { Header: header, Declaratie: declaratie } = asJw323(verdict.parsed);
  const headerBroken = verdict.findings.some((f) => f.layer === 'xsd' && f.path.startsWith('/Bericht/Header'));
  if (!header || headerBroken)
    throw new BadInput('de Header van de declaratie is niet geldig: er kan geen retourbericht op worden gestuurd (afgewezen op transportniveau)');
  const agb = header.Afzender;
  if (agb === '')
    throw new BadInput('de Header van de declaratie heeft geen Afzender: er kan geen retourbericht op worden gestuurd (afgewezen op transportniveau)');
  opts.authorize?.(agb);
  const profile = await profileAsked;
  const ontvanger = header.Ontvanger;
  if (!profile.gemeenten.some((g) => g.code === ontvanger)) {
    throw new BadInput(`Ontvanger ${ontvanger} is geen gemeente van regio ${regionId}`);
  }
  const technical = verdict.findings.some((f) => f.layer === 'xsd' || !f.path.startsWith('/Bericht/Declaratie/Clienten/Client'));
  const periode = declaratie?.DeclaratiePeriode;
  const submitted = declaratie?.TotaalIngediendBedrag;
  const submittedCents = Number(submitted?.TotaalBedrag ?? 0) * (submitted?.DebetCredit === 'C' ? -1 : 1);

  // What the lines touch, known before the transaction.
  const lined = !technical && collected.length > 0;
  const chunkCount = lined ? Math.ceil(collected.length / chunkSize) : 0;
  const nummerSet = new Set<number>();
  const yearSet = new Set<number>();
  for (let i = 0; lined && i < collected.length; i++) {
    nummerSet.add(collected.toewijzingNummer(i));
    yearSet.add(Number(collected.begindatum(i).slice(0, 4)));
  }
  const years = [...yearSet];
  // A declaration of one chunk (nearly all) reads everything it needs in two statements (issue #14:
  // under many users every round trip of a write waits a turn of the event loop).
  const single = chunkCount === 1;

  return db.transaction(async (tx) => {
    // Serialise settlements of one sender (ceiling and uniqueness are read inside the lock), also
    // for a sender without a providers row; the provider is read in the same statement, and for a
    // single chunk its tariffs and the lines' allocations (no settlement writes those: they may be
    // read in the statement that waits for the lock).
    const providerOf = sql`(select id from ${providers} where region_id = ${regionId} and agb_code = ${agb})`;
    const [locked] = rowsOf<{ provider_id: number | null; allocations: AllocationSelected[] | string | null; tariffs: TariffFields[] | string | null }>(
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`settle|${regionId}|${agb}`})) as locked, ${providerOf} as provider_id,
        ${single ? jsonArrayOf(allocationsQuery(regionId, [...nummerSet])) : sql`null::json`} as allocations,
        ${single ? jsonArrayOf(tariffsQuery(regionId, providerOf)) : sql`null::json`} as tariffs`),
    );
    const providerId = locked?.provider_id ?? undefined;
    const first = single ? allocationMapOf(jsonValue(locked!.allocations!)) : undefined;
    // The segments the lines touch: a single chunk has its allocations; more chunks ask the database.
    const segments = !lined ? [] : first ? [...new Set([...first.values()].map((a) => a.segmentId))] : await allocationSegments(tx, regionId, [...nummerSet]);
    nummerSet.clear();
    // Segment ceilings that reject are shared by all providers: serialise on them, always in the same order (no deadlock).
    for (const s of segmentsToLock(profile, segments)) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`settle-segment|${regionId}|${s}`}))`);
    const run: Running = { prior: new Map(), refsSeen: new Set(), totals: new Map(), debits: new Set(), creditedKeys: new Set(), ceilings: new Map() };
    // In a statement after the locks (it sees what settlements that held them committed): whether
    // a concurrent settlement of the same bytes committed meanwhile, and for a single chunk the
    // ceilings with their spend, the earlier lines, the totals and the open debits.
    const need = first ? chunkNeeds(collected.slice(0, chunkSize), run, first) : undefined;
    const ceilingInput = { regionId, providerId, agb, segments, years };
    const [after] = rowsOf<{
      again: StoredDeclaration | string | null;
      ceilings: string | CeilingSelected[];
      prior: string | PriorLineRow[];
      totals: string | TotalRow[];
    }>(
      await tx.execute(sql`select (select row_to_json(d) from (${storedSelect(regionId, agb, contentHash)}) d) as again,
        ${need && years.length > 0 ? jsonArrayOf(ceilingsQuery(ceilingInput)) : sql`'[]'::json`} as ceilings,
        ${need && need.refs.length > 0 ? jsonArrayOf(priorLinesQuery(regionId, agb, need.refs)) : sql`'[]'::json`} as prior,
        ${need && (need.counted.length > 0 || need.debitKeys.length > 0) ? jsonArrayOf(totalsQuery(regionId, need.counted, need.debitKeys)) : sql`'[]'::json`} as totals`),
    );
    const again = after?.again ? jsonValue(after.again) : undefined;
    if (again) return fromStored(again, true);
    if (need) {
      run.ceilings = ceilingStates(ceilingRowsOf(jsonValue(after!.ceilings)), profile);
      addPriorLines(jsonValue(after!.prior), run.prior);
      const open = new Set<string>();
      addTotals(need.counted, jsonValue(after!.totals), run.totals, open);
      addOpenDebits(open, run);
    }

    const out: SettleOutput = { rejected: [], signals: [], creditedIds: [], approvedCents: 0 };
    const store = declarationStore(tx, {
      regionId,
      providerId,
      agb,
      contentHash,
      now,
      gzip: read.gzip,
      header,
      submittedCents,
      declaratieNummer: declaratie?.DeclaratieNummer ?? '',
      periodStart: periode?.Begindatum ?? null,
      periodEnd: periode?.Einddatum ?? null,
      verdict: { valid: verdict.valid, findings: verdict.findings.slice(0, 100) },
    });
    let lineCount = collected.length;
    if (lined) {
      lineCount = 0;
      if (!first) run.ceilings = await loadCeilings(tx, { ...ceilingInput, profile });
      const tariff = first ? tariffLookupOf(byId(jsonValue(locked!.tariffs!))) : await tariffLookup(tx, regionId, providerId);
      const loose = chunkCount > 1 ? tightenHeap() : undefined;
      try {
        for (let i = 0; i < chunkCount; i++) {
          // The chunk's line objects are referenced only while it is settled, not while its rows are written.
          const rows = await settleChunk(
            tx,
            {
              regionId,
              agb,
              ontvanger,
              chunk: collected.slice(i * chunkSize, (i + 1) * chunkSize),
              tariff,
              declarationId: store.id(),
              ...(i === 0 && first ? { allocations: first, contextRead: true } : {}),
            },
            run,
            out,
          );
          lineCount += rows.length;
          // The last chunk's rows go in with the final totals; earlier chunks need the declaration row first.
          if (i < chunkCount - 1) await store.lines(rows);
          else
            await store.finish({
              approvedCents: out.approvedCents,
              lineCount,
              rejected: out.rejected,
              technical: false,
              lastRows: rows,
              creditedIds: out.creditedIds,
              declaratie,
              today,
            });
        }
      } finally {
        loose?.();
      }
    } else {
      await store.finish({ approvedCents: 0, lineCount, rejected: out.rejected, technical, lastRows: new LineColumns(), creditedIds: [], declaratie, today });
    }
    const stored = store.result();
    return {
      declarationId: stored.id,
      duplicate: false,
      answerXml: stored.answerXml,
      submittedCents,
      approvedCents: out.approvedCents,
      lines: lineCount,
      rejected: technical ? lineCount : out.rejected.length,
      signals: out.signals,
      verdict: { valid: verdict.valid, findings: verdict.findings },
    };
  });
}

/**
 * Writes one settlement: the received message (ijw_messages, with the bytes gzip-compressed on
 * the declaration; passed as base64 text and decoded by the database, which costs far less memory
 * on PGlite than its hex serialisation of a bytea parameter), the declaration, its lines and the
 * JW325 answer. A small declaration is
 * written in two statements (message + declaration + answer in one, the lines in another); a
 * declaration settled in several chunks writes its row first and completes it at the end.
 */
function declarationStore(
  tx: Tx,
  d: {
    regionId: string;
    providerId: number | undefined;
    agb: string;
    contentHash: string;
    now: Date;
    /** The message as received, gzip-compressed (level 1). */
    gzip: () => Buffer;
    header: Jw323Header;
    submittedCents: number;
    declaratieNummer: string;
    periodStart: string | null;
    periodEnd: string | null;
    verdict: unknown;
  },
) {
  let declarationId: number | undefined;
  let answerXml = '';
  const identificatie = d.header.BerichtIdentificatie.Identificatie;
  const ontvanger = d.header.Ontvanger;
  const insertDeclaration = async (
    values: { approvedCents: number; lineCount: number; rejectedCount: number; answerXml: string; answerId: string | null },
    /** Further writes of the same statement (the lines, the credited marks), as CTEs: `name as (...)`; `dl` is the declaration. */
    also: SQL[] = [],
  ) => {
    const [row] = rowsOf<{ id: number }>(
      await tx.execute(sql`with m as (
          insert into ${ijwMessages} (region_id, direction, code, afzender, ontvanger, identificatie, at, xml, verdict)
          values (${d.regionId}, 'in', 'JW323', ${d.agb}, ${ontvanger}, ${identificatie}, ${d.now.toISOString()}::timestamptz,
            ${`(stored compressed in declarations.received_gzip, sha256 ${d.contentHash})`}, ${JSON.stringify(d.verdict)}::jsonb)
          returning id),
        dl as (
          insert into ${declarations} (region_id, provider_id, provider_agb, declaratie_nummer, content_hash, message_id, received_at, period_start,
            period_end, submitted_cents, approved_cents, line_count, rejected_count, answer_xml, received_gzip)
          select ${d.regionId}, ${d.providerId ?? null}::int, ${d.agb}, ${d.declaratieNummer}, ${d.contentHash}, m.id, ${d.now.toISOString()}::timestamptz,
            ${d.periodStart}::date, ${d.periodEnd}::date, ${d.submittedCents}::bigint, ${values.approvedCents}::bigint, ${values.lineCount}::int,
            ${values.rejectedCount}::int, ${values.answerXml}, decode(${d.gzip().toString('base64')}, 'base64') from m
          returning id),
        o as (
          insert into ${ijwMessages} (region_id, direction, code, afzender, ontvanger, identificatie, at, xml, answers_id)
          select ${d.regionId}, 'out', 'JW325', ${ontvanger}, ${d.agb}, ${values.answerId}, ${d.now.toISOString()}::timestamptz, ${values.answerXml}, m.id
          from m where ${values.answerId !== null}::boolean)
        ${sql.join(
          also.map((w) => sql`, ${w}`),
          sql``,
        )}
        select dl.id from dl`),
    );
    declarationId = Number(row!.id);
  };
  const answer = (f: {
    approvedCents: number;
    rejected: readonly RejectedLine[];
    technical: boolean;
    declaratie: Jw323Declaratie | undefined;
    today: string;
  }) => {
    const identificatie = randomBytes(6).toString('hex');
    const a = declarationAnswer(toXmlObject(d.header), f.declaratie && toXmlObject(f.declaratie), {
      identificatie,
      dagtekening: f.today,
      rejected: f.rejected,
      awardedCents: f.approvedCents,
      technicalRejection: f.technical,
    });
    return { xml: serializeMessage('JW325', a), identificatie };
  };
  return {
    /** Lines of an earlier chunk: the declaration row is written first (totals completed at the end). */
    async lines(rows: LineColumns) {
      if (declarationId === undefined) await insertDeclaration({ approvedCents: 0, lineCount: 0, rejectedCount: 0, answerXml: '', answerId: null });
      await insertColumns(tx, declarationId!, d.regionId, d.agb, rows);
    },
    async finish(f: {
      approvedCents: number;
      lineCount: number;
      rejected: readonly RejectedLine[];
      technical: boolean;
      lastRows: LineColumns;
      creditedIds: number[];
      declaratie: Jw323Declaratie | undefined;
      today: string;
    }) {
      const a = answer(f);
      answerXml = a.xml;
      const rejectedCount = f.technical ? f.lineCount : f.rejected.length;
      if (declarationId === undefined && f.lastRows.length <= LINES_PER_INSERT) {
        // Nearly every declaration: the message, the declaration, the answer and its lines in ONE
        // statement (issue #14: fewer round trips per write). The credited marks of earlier lines
        // stay a statement of their own: the read model's trigger on that update recounts the
        // allocations from all their lines, which in the same statement would count the new lines
        // twice (0009_read_models.sql).
        const lines = f.lastRows.length > 0 ? [sql`li as (${linesInsert(sql`(select id from dl)`, d.regionId, d.agb, f.lastRows)})`] : [];
        await insertDeclaration({ approvedCents: f.approvedCents, lineCount: f.lineCount, rejectedCount, answerXml, answerId: a.identificatie }, lines);
      } else {
        if (declarationId === undefined) {
          await insertDeclaration({ approvedCents: f.approvedCents, lineCount: f.lineCount, rejectedCount, answerXml, answerId: a.identificatie });
        } else {
          await tx.execute(sql`with u as (update ${declarations} set approved_cents = ${f.approvedCents}::bigint, line_count = ${f.lineCount}::int,
            rejected_count = ${rejectedCount}::int, answer_xml = ${answerXml} where id = ${declarationId}::int returning message_id)
          insert into ${ijwMessages} (region_id, direction, code, afzender, ontvanger, identificatie, at, xml, answers_id)
          select ${d.regionId}, 'out', 'JW325', ${ontvanger}, ${d.agb}, ${a.identificatie}, ${d.now.toISOString()}::timestamptz, ${answerXml}, u.message_id from u`);
        }
        await insertColumns(tx, declarationId!, d.regionId, d.agb, f.lastRows);
      }
      for (let i = 0; i < f.creditedIds.length; i += BATCH) {
        await tx
          .update(declarationLines)
          .set({ credited: true })
          .where(inArray(declarationLines.id, f.creditedIds.slice(i, i + BATCH)));
      }
    },
    /** The declaration's id once a chunk of lines wrote its row. */
    id: () => declarationId,
    result: () => ({ id: declarationId!, answerXml }),
  };
}

/** What a resubmission is answered from (not the message as received). */
const storedColumns = {
  id: declarations.id,
  providerAgb: declarations.providerAgb,
  answerXml: declarations.answerXml,
  submittedCents: declarations.submittedCents,
  approvedCents: declarations.approvedCents,
  lineCount: declarations.lineCount,
  rejectedCount: declarations.rejectedCount,
};

function fromStored(
  d: { id: number; answerXml: string; submittedCents: number; approvedCents: number; lineCount: number; rejectedCount: number },
  duplicate: boolean,
): SettlementResult {
  return {
    declarationId: d.id,
    duplicate,
    answerXml: d.answerXml,
    submittedCents: d.submittedCents,
    approvedCents: d.approvedCents,
    lines: d.lineCount,
    rejected: d.rejectedCount,
    signals: [],
  };
}
