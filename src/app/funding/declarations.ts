/**
 * Received declarations (JW323): the list with filters (provider, municipality, period, only those
 * with rejected lines), one declaration with its per-line outcomes and the JW325 answer, and
 * receiving a declaration through the settlement (settle.ts).
 *
 * Tenancy: regional roles see all, a municipality the declarations addressed to it (Ontvanger), a
 * provider only its own; asking for another's is refused, reading one that is not yours looks
 * the same as one that does not exist.
 */
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { readsTogether } from '../../db/reads-together.js';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../audit.js';
import { declarationLines, declarations, ijwMessages, providers } from '../../db/schema.js';
import { mayReadPersonalData, type UserScope } from '../../domain/access/roles.js';
import { maskBsn } from '../../domain/people/bsn.js';
import { codeList } from '../../ijw/codelists.js';
import { dutchDate, nlDate } from '../../domain/dates.js';
import { Forbidden, NotFound } from '../errors.js';
import { listFile, type ListColumn, type ListFile, type ListFormat } from '../lists.js';
import { settleDeclaration, settleDeclarationStream, type SettlementResult } from './settle.js';
import { fundingView, type FundingView } from './spend.js';
import { loadRegionProfileAhead } from '../landscape.js';

export interface DeclarationSummary {
  id: number;
  providerId: number | null;
  providerAgb: string;
  providerName: string | null;
  /** The municipality the declaration is addressed to (Ontvanger). */
  municipalityCode: string | null;
  declaratieNummer: string;
  periodStart: string | null;
  periodEnd: string | null;
  receivedAt: string;
  submittedCents: number;
  approvedCents: number;
  lineCount: number;
  rejectedCount: number;
}

function declarationScope(view: FundingView): SQL {
  switch (view.kind) {
    case 'municipality':
      return eq(ijwMessages.ontvanger, view.municipalityCode);
    case 'provider':
      return eq(declarations.providerAgb, view.agb);
    default:
      return sql`true`;
  }
}

export interface DeclarationFilter {
  providerId?: number;
  /** Ontvanger (CBS code). */
  municipalityCode?: string;
  /** DeclaratiePeriode: a month (YYYY-MM) or a year (YYYY). */
  period?: string;
  /** Only declarations with at least one rejected line. */
  rejectedOnly?: boolean;
  /** Search: provider name, AGB code or declaration number (never logged). */
  q?: string;
  sort?: DeclarationSort;
  limit?: number;
  offset?: number;
}

export const DECLARATION_SORTS = [
  'period',
  '-period',
  'provider',
  '-provider',
  'submitted',
  '-submitted',
  'approved',
  '-approved',
  'rejected',
  '-rejected',
  'received',
  '-received',
] as const;
export type DeclarationSort = (typeof DECLARATION_SORTS)[number];

const likeOf = (q: string) => `%${q.replace(/[%_\\]/g, (m) => '\\' + m)}%`;

function declarationOrder(sort: DeclarationSort | undefined): SQL[] {
  const key = (sort ?? '-period').replace(/^-/, '');
  const dir = (sort ?? '-period').startsWith('-') ? sql`desc nulls last` : sql`asc nulls first`;
  const col = {
    period: sql`${declarations.periodStart}`,
    provider: sql`${providers.name}`,
    submitted: sql`${declarations.submittedCents}`,
    approved: sql`${declarations.approvedCents}`,
    rejected: sql`${declarations.rejectedCount}`,
    received: sql`${declarations.receivedAt}`,
  }[key]!;
  return [sql`${col} ${dir}`, sql`${declarations.id} desc`];
}

export interface DeclarationList {
  scope: string;
  total: number;
  rows: DeclarationSummary[];
  /** The declaration periods (YYYY-MM) present in the scope, newest first, for the period filter. */
  periods: string[];
}

/**
 * Received declarations, newest period first, filtered: regional roles see all, a municipality
 * those addressed to it, a provider only its own (asking for another provider's or another
 * municipality's is refused).
 */
export async function listDeclarations(db: Db, user: UserScope, regionId: string, opts: DeclarationFilter = {}): Promise<DeclarationList> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  if (view.kind === 'provider' && opts.providerId !== undefined && opts.providerId !== view.providerId)
    throw new Forbidden('een aanbieder ziet alleen de eigen declaraties');
  if (view.kind === 'municipality' && opts.municipalityCode !== undefined && opts.municipalityCode !== view.municipalityCode)
    throw new Forbidden('een gemeente ziet alleen de declaraties die aan haar zijn gericht');
  const inScope = and(eq(declarations.regionId, regionId), declarationScope(view));
  const period =
    opts.period === undefined
      ? sql`true`
      : opts.period.length === 4
        ? sql`${declarations.periodStart} >= ${`${opts.period}-01-01`}::date and ${declarations.periodStart} <= ${`${opts.period}-12-31`}::date`
        : eq(declarations.periodStart, `${opts.period}-01`);
  const where = and(
    inScope,
    opts.providerId !== undefined ? eq(declarations.providerId, opts.providerId) : sql`true`,
    opts.municipalityCode !== undefined ? eq(ijwMessages.ontvanger, opts.municipalityCode) : sql`true`,
    opts.rejectedOnly ? sql`${declarations.rejectedCount} > 0` : sql`true`,
    period,
    opts.q?.trim()
      ? sql`(${providers.name} ilike ${likeOf(opts.q.trim())} or ${declarations.providerAgb} = ${opts.q.trim()} or ${declarations.declaratieNummer} = ${opts.q.trim()})`
      : sql`true`,
  );
  // The count, the page and the periods are independent: together on the pool (readsTogether).
  const [[count], rows, periods] = await readsTogether(db, [
    () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(declarations)
        .leftJoin(ijwMessages, eq(ijwMessages.id, declarations.messageId))
        .leftJoin(providers, eq(providers.id, declarations.providerId))
        .where(where),
    () =>
      db
        .select({
          id: declarations.id,
          providerId: declarations.providerId,
          providerAgb: declarations.providerAgb,
          providerName: providers.name,
          ontvanger: ijwMessages.ontvanger,
          declaratieNummer: declarations.declaratieNummer,
          periodStart: declarations.periodStart,
          periodEnd: declarations.periodEnd,
          receivedAt: declarations.receivedAt,
          submittedCents: declarations.submittedCents,
          approvedCents: declarations.approvedCents,
          lineCount: declarations.lineCount,
          rejectedCount: declarations.rejectedCount,
        })
        .from(declarations)
        .leftJoin(ijwMessages, eq(ijwMessages.id, declarations.messageId))
        .leftJoin(providers, eq(providers.id, declarations.providerId))
        .where(where)
        .orderBy(...declarationOrder(opts.sort))
        .limit(opts.limit ?? 100)
        .offset(opts.offset ?? 0),
    () =>
      db
        .selectDistinct({ month: sql<string>`to_char(${declarations.periodStart}, 'YYYY-MM')` })
        .from(declarations)
        .leftJoin(ijwMessages, eq(ijwMessages.id, declarations.messageId))
        .where(and(inScope, sql`${declarations.periodStart} is not null`))
        .orderBy(sql`1 desc`),
  ]);
  return {
    scope: view.label,
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      providerId: r.providerId,
      providerAgb: r.providerAgb,
      providerName: r.providerName ?? null,
      municipalityCode: r.ontvanger ?? null,
      declaratieNummer: r.declaratieNummer,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      receivedAt: r.receivedAt.toISOString(),
      submittedCents: r.submittedCents,
      approvedCents: r.approvedCents,
      lineCount: r.lineCount,
      rejectedCount: r.rejectedCount,
    })),
    periods: periods.map((p) => p.month),
  };
}

/** The declaration's columns without the message as received (gzip, up to tens of MB). */
const { receivedGzip: _received, ...withoutMessage } = getTableColumns(declarations);

export interface DeclarationDetail extends DeclarationSummary {
  lines: {
    referentieNummer: string;
    vorigReferentieNummer: string | null;
    toewijzingNummer: number;
    segmentId: string | null;
    municipalityCode: string | null;
    productCategorie: string;
    productCode: string;
    begindatum: string;
    einddatum: string;
    volume: number;
    eenheid: string;
    bedragCents: number;
    debetCredit: string;
    approved: boolean;
    codes: { code: string; text: string }[];
    amountCents: number;
    credited: boolean;
  }[];
  /** The JW325 answer. It names the clients of rejected lines: BSNs are masked for regional roles. */
  answerXml: string;
  answerBsnMasked: boolean;
}

/** Masks every Bsn element of an iJw message (regional roles see no personal data). */
export function maskBsnsInXml(xml: string): string {
  return xml.replace(
    /(<(?:[\w-]+:)?Bsn>)\s*(\d{9})\s*(<\/(?:[\w-]+:)?Bsn>)/g,
    (_m, open: string, bsn: string, close: string) => `${open}${maskBsn(bsn)}${close}`,
  );
}

/**
 * One declaration with its lines (approved or rejected, WJ001 codes, amounts) and the answer
 * message. The answer names clients: a provider (own) and the municipality (addressed to it) read
 * it whole, audit-logged; regional roles get it with masked BSNs.
 */
export async function readDeclaration(db: Db, user: UserScope, regionId: string, declarationId: number): Promise<DeclarationDetail> {
  const view = await fundingView(db, user, regionId, ['region', 'municipality', 'provider']);
  const [r] = await db
    .select({ d: withoutMessage, providerName: providers.name, ontvanger: ijwMessages.ontvanger })
    .from(declarations)
    .leftJoin(ijwMessages, eq(ijwMessages.id, declarations.messageId))
    .leftJoin(providers, eq(providers.id, declarations.providerId))
    .where(and(eq(declarations.regionId, regionId), eq(declarations.id, declarationId), declarationScope(view)));
  // Same answer for "does not exist" and "not yours".
  if (!r) throw new NotFound(`declaratie ${declarationId} niet gevonden binnen uw bevoegdheid`);
  const lines = await db.select().from(declarationLines).where(eq(declarationLines.declarationId, r.d.id)).orderBy(declarationLines.id);
  const wj001 = codeList('WJ001');
  const personal = view.kind !== 'region' && mayReadPersonalData(user.role);
  if (personal) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        user,
        subjectType: 'declaration',
        subjectId: String(r.d.id),
        regionId,
        purposeCode: 'declareren',
        purpose: 'declaratieantwoord (JW325) inzien',
      }),
    );
  }
  return {
    id: r.d.id,
    providerId: r.d.providerId,
    providerAgb: r.d.providerAgb,
    providerName: r.providerName ?? null,
    municipalityCode: r.ontvanger ?? null,
    declaratieNummer: r.d.declaratieNummer,
    periodStart: r.d.periodStart,
    periodEnd: r.d.periodEnd,
    receivedAt: r.d.receivedAt.toISOString(),
    submittedCents: r.d.submittedCents,
    approvedCents: r.d.approvedCents,
    lineCount: r.d.lineCount,
    rejectedCount: r.d.rejectedCount,
    lines: lines.map((l) => ({
      referentieNummer: l.referentieNummer,
      vorigReferentieNummer: l.vorigReferentieNummer,
      toewijzingNummer: l.toewijzingNummer,
      segmentId: l.segmentId,
      municipalityCode: l.municipalityCode,
      productCategorie: l.productCategorie,
      productCode: l.productCode,
      begindatum: l.begindatum,
      einddatum: l.einddatum,
      volume: l.volume,
      eenheid: l.eenheid,
      bedragCents: l.bedragCents,
      debetCredit: l.debetCredit,
      approved: l.approved,
      codes: l.codes.map((code) => ({ code, text: wj001.get(code)?.omschrijving ?? '' })),
      amountCents: l.amountCents,
      credited: l.credited,
    })),
    answerXml: personal ? r.d.answerXml : maskBsnsInXml(r.d.answerXml),
    answerBsnMasked: !personal,
  };
}

/**
 * Receives a declaration (JW323) from a provider and settles it (exactly once, settle.ts). A
 * provider may send only as its own AGB code; functional management (beheer) may send for any.
 */
export async function receiveDeclaration(
  db: Db,
  user: UserScope,
  regionId: string,
  message: Uint8Array | AsyncIterable<Uint8Array>,
  now: Date,
): Promise<SettlementResult> {
  if (user.role !== 'aanbieder' && user.role !== 'beheer') throw new Forbidden('alleen een aanbieder verstuurt declaraties');
  // The region's profile (the settlement checks the Ontvanger against it) is asked together with
  // the user's view, not after it (issue #14: one round trip less); a refusal still comes first.
  const profile = loadRegionProfileAhead(db, regionId);
  const view = await fundingView(db, user, regionId, ['region', 'provider']);
  // Authorised on the Afzender of the parsed header, the same parse that settlement stores the
  // declaration under (a regex over the raw bytes could be fooled by a comment or CDATA).
  const authorize =
    view.kind === 'provider'
      ? (afzender: string) => {
          if (afzender !== view.agb)
            throw new Forbidden(`de declaratie is verstuurd met Afzender ${afzender}; u verstuurt alleen met uw eigen AGB-code ${view.agb}`);
        }
      : undefined;
  const opts = authorize ? { authorize, profile } : { profile };
  // A stream (the HTTP body) is settled as it arrives, without holding the message whole.
  return message instanceof Uint8Array ? settleDeclaration(db, regionId, message, now, opts) : settleDeclarationStream(db, regionId, message, now, opts);
}

/** Most rows one export holds (the filtered list, no paging). */
export const EXPORT_MAX_ROWS = 100_000;

/** The filtered declaration list (same q, filters and sort as the screen; no paging) as CSV or XLSX. */
export async function declarationsFile(db: Db, user: UserScope, regionId: string, opts: DeclarationFilter, format: ListFormat): Promise<ListFile> {
  const list = await listDeclarations(db, user, regionId, { ...opts, limit: EXPORT_MAX_ROWS, offset: 0 });
  const columns: ListColumn<DeclarationSummary>[] = [
    { header: 'Declaratienummer', width: 18, value: (r) => r.declaratieNummer },
    { header: 'Aanbieder', width: 34, value: (r) => r.providerName ?? '' },
    { header: 'AGB-code', width: 10, value: (r) => r.providerAgb },
    { header: 'Gemeente (CBS-code)', width: 12, value: (r) => r.municipalityCode ?? '' },
    { header: 'Periode vanaf', width: 12, value: (r) => (r.periodStart ? nlDate(r.periodStart) : '') },
    { header: 'Periode tot en met', width: 12, value: (r) => (r.periodEnd ? nlDate(r.periodEnd) : '') },
    { header: 'Ontvangen', width: 12, value: (r) => nlDate(dutchDate(new Date(r.receivedAt))) },
    { header: 'Ingediend (€)', width: 14, money: true, value: (r) => r.submittedCents / 100 },
    { header: 'Goedgekeurd (€)', width: 14, money: true, value: (r) => r.approvedCents / 100 },
    { header: 'Regels', width: 8, value: (r) => r.lineCount },
    { header: 'Afgewezen regels', width: 10, value: (r) => r.rejectedCount },
  ];
  return listFile('Declaraties', `declaraties-${regionId}`, columns, list.rows, format);
}
