/**
 * Receiving iJw messages from a provider (procesbeschrijving iJw 3.2 §2.5, §4.3/4.4): a message
 * (JW315, JW317, JW305, JW307, JW323; or the retour JW302 / JW320 on a message of ours) is
 * validated with the stateful layer, stored as received with its verdict, answered with its retour
 * message (stored too), and, when valid, acted on: JW315/JW317 become open requests, JW305 starts
 * and JW307 stops the allocation in its case. Also the user the CLI acts as.
 *
 * Unusable input (not XML, DTD, unknown message...) and input whose Afzender cannot be read are
 * not stored: they cannot be attributed to a sender (the verdict is returned).
 */
import { Readable } from 'node:stream';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { caseEvents, cases, ijwMessages, municipalities, providers, users, youths } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { dutchDate } from '../../domain/dates.js';
import { parseMessage } from '../../ijw/codec.js';
import type { Finding } from '../../ijw/findings.js';
import type { JW305, JW307, JW315, JW317 } from '../../ijw/generated/messages.js';
import { peekHeader, UnusableInput, type XmlObject } from '../../ijw/reader.js';
import { settleDeclaration, settleDeclarationStream } from '../funding/settle.js';
import { answerMessage } from '../../ijw/service.js';
import { validateMessage, validateStream } from '../../ijw/validate.js';
import { AppError, BadInput, Forbidden, NotFound } from '../errors.js';
import { applyCaseCommand } from './cases.js';
import {
  newIdentificatie,
  requireProviderScope,
  txt,
  verdictOf,
  type ActionOutcome,
  type ProductState,
  type RequestState,
  type StoredVerdict,
} from './ijw-common.js';
import { DbIjwState, providerByAgb } from './ijw-state.js';

/** Messages a provider sends to the municipality, and retour messages on ours. */
const PROVIDER_SENDS = new Set(['JW315', 'JW317', 'JW305', 'JW307', 'JW323']);
const PROVIDER_RETOURS: Readonly<Record<string, string>> = { JW302: 'JW301', JW320: 'JW319' };

// ------------------------------------------------------------------------------------------------
// Receive

/**
 * A message read as a stream (a file): its first bytes, enough to read the Header, and the whole
 * as chunks (read again from the start at each call). A declaration (JW323) is settled from the
 * chunks without holding it whole; other messages are small and read into memory.
 */
export interface StreamedIjwMessage {
  head: Uint8Array;
  chunks: () => AsyncIterable<Uint8Array>;
  /** The most bytes a message other than a declaration may have (it is read whole): 413 with `detail` beyond. */
  heldLimit?: { bytes: number; detail: string };
}

async function readWhole(chunks: AsyncIterable<Uint8Array>, limit?: StreamedIjwMessage['heldLimit']): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.byteLength;
    if (limit && size > limit.bytes) throw new AppError(413, 'Bericht te groot', limit.detail);
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}

export interface ReceiveResult {
  /** Id of the stored message; null when the input was not stored (unusable, no readable header). */
  id: number | null;
  message: string | null;
  valid: boolean;
  findings: Finding[];
  unusable?: { reason: string; text: string };
  /** The retour message (JW302 ... JW320, or JW325 for a declaration); null when none can be addressed. */
  retourXml: string | null;
  retourCode?: string | null;
  /** An answer beyond the retour; none is produced on receipt today (the officer answers requests). */
  answerXml?: string;
  caseId?: number | null;
  /** For a valid JW315 / JW317: the id of the open request (= the message id). */
  requestId?: number;
  actions?: ActionOutcome[];
}

/**
 * Receives one message from a provider user: validates it (XSD, TR/CD/CS and the stateful layer),
 * stores it as received with its verdict and its retour message, and acts on a valid message.
 * A provider may only send as its own AGB code (403 otherwise); the addressee must be a
 * municipality of the region.
 */
export async function receiveMessage(
  db: Db,
  user: UserScope,
  regionId: string,
  xml: string | Uint8Array | StreamedIjwMessage,
  now: Date,
): Promise<ReceiveResult> {
  const providerId = requireProviderScope(user, regionId);
  const [provider] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.id, providerId), eq(providers.regionId, regionId)));
  if (!provider) throw new Forbidden('uw organisatie is geen aanbieder in deze regio');
  const streamed = typeof xml === 'string' || xml instanceof Uint8Array ? undefined : xml;
  const held = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml instanceof Uint8Array ? xml : undefined;
  const today = dutchDate(now);

  // Peek at the header only (cheap, also for a large declaration) to authorise the sender and bound the state to load.
  let peek: { code: string; header: XmlObject | undefined };
  try {
    peek = peekHeader(streamed ? streamed.head : held!);
  } catch (e) {
    if (!(e instanceof UnusableInput)) throw e;
    const v = streamed ? await validateStream(streamed.chunks(), { today }) : validateMessage(held!, { today });
    return { id: null, ...verdictOf(v), unusable: v.unusable, retourXml: null, retourCode: null };
  }
  const code = peek.code;
  const head = peek.header;
  const afzender = txt(head, 'Afzender');
  const ontvanger = txt(head, 'Ontvanger');
  const identificatie = txt(head, 'BerichtIdentificatie', 'Identificatie');
  const retourOf = PROVIDER_RETOURS[code];
  if (!PROVIDER_SENDS.has(code) && !retourOf)
    throw new Forbidden(`een aanbieder stuurt geen ${code} aan de gemeente (wel ${[...PROVIDER_SENDS, ...Object.keys(PROVIDER_RETOURS)].join(', ')})`);
  // A retour message keeps the header of the message it answers: there the provider is the Ontvanger.
  const sender = retourOf ? ontvanger : afzender;
  if (sender !== provider.agbCode) {
    throw new Forbidden(
      `het bericht is verstuurd met ${retourOf ? 'Ontvanger' : 'Afzender'} ${sender ?? '(geen)'}; u verstuurt alleen met uw eigen AGB-code ${provider.agbCode}`,
    );
  }
  const gemeente = (retourOf ? afzender : ontvanger) ?? '';
  const [muni] = await db
    .select({ code: municipalities.code })
    .from(municipalities)
    .where(and(eq(municipalities.regionId, regionId), eq(municipalities.code, gemeente)));
  if (!muni) throw new AppError(422, 'Onbekende ontvanger', `${gemeente || '(geen ontvanger)'} is geen gemeente van regio ${regionId}`);
  if (code === 'JW323') {
    // Declarations are settled (and stored) exactly once by the funding module; the answer is the JW325.
    // Authorised again on the full parse that settlement uses (the peek above bounds the work only).
    // A declaration from a stream (a file) is settled as it is read, without holding it whole.
    const opts = {
      authorize: (afzender: string) => {
        if (afzender !== provider.agbCode)
          throw new Forbidden(`het bericht is verstuurd met Afzender ${afzender}; u verstuurt alleen met uw eigen AGB-code ${provider.agbCode}`);
      },
    };
    const r = streamed ? await settleDeclarationStream(db, regionId, streamed.chunks(), now, opts) : await settleDeclaration(db, regionId, held!, now, opts);
    // The verdict of the settlement's own validation (the same options): a duplicate was valid enough to be answered before.
    const v = r.duplicate ? null : r.verdict;
    return { id: r.declarationId, message: 'JW323', valid: v ? v.valid : true, findings: v ? v.findings : [], retourXml: r.answerXml, retourCode: 'JW325' };
  }
  const bytes = held ?? (await readWhole(streamed!.chunks(), streamed!.heldLimit));
  const xmlText = new TextDecoder().decode(bytes);

  return db.transaction(async (tx) => {
    // Serialise messages of one sender: the duplicate check (TR056) and the insert are one step.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ijw|${regionId}|${provider.agbCode}`}))`);
    if (retourOf) return receiveRetour(tx, regionId, { code, retourOf, gemeente, agb: provider.agbCode, head, xmlText, bytes, today, now });

    const state = await DbIjwState.load(tx, {
      regionId,
      providerId,
      agbCode: provider.agbCode,
      municipalityCode: gemeente,
      ...(afzender && identificatie ? { message: { afzender, code, identificatie } } : {}),
    });
    const retourId = newIdentificatie();
    const answer = await answerMessage(Readable.from([Buffer.from(bytes)]), { today, state, identificatie: retourId, dagtekening: today });
    const verdict: StoredVerdict = { ...verdictOf(answer.verdict), retourCode: answer.retourCode };
    const [inRow] = await tx
      .insert(ijwMessages)
      .values({
        regionId,
        direction: 'in',
        code,
        afzender: afzender ?? null,
        ontvanger: ontvanger ?? null,
        identificatie: identificatie ?? null,
        at: now,
        xml: xmlText,
        verdict,
      })
      .returning({ id: ijwMessages.id });
    const id = inRow!.id;

    let caseId: number | null = null;
    if (answer.verdict.valid) {
      switch (code) {
        case 'JW315':
        case 'JW317': {
          const r = await openRequest(tx, user, regionId, code, parseMessage(bytes, code).message, gemeente, state, provider.name, now);
          verdict.request = r.request;
          caseId = r.caseId;
          break;
        }
        case 'JW305':
          verdict.actions = await startStop(tx, user, regionId, 'start', parseMessage(bytes, 'JW305').message, state, now);
          break;
        case 'JW307':
          verdict.actions = await startStop(tx, user, regionId, 'stop', parseMessage(bytes, 'JW307').message, state, now);
          break;
        default:
          break; // JW323: the settlement module will process declarations; the JW325 answers it now.
      }
      caseId ??= verdict.actions?.find((a) => a.caseId)?.caseId ?? null;
    }
    await tx.update(ijwMessages).set({ verdict, caseId }).where(eq(ijwMessages.id, id));
    if (answer.xml && answer.retourCode) {
      await tx.insert(ijwMessages).values({
        regionId,
        direction: 'out',
        code: answer.retourCode,
        afzender: gemeente,
        ontvanger: afzender ?? null,
        identificatie: retourId,
        at: now,
        xml: answer.xml,
        verdict: { message: answer.retourCode, valid: true, findings: [] },
        answersId: id,
        caseId,
      });
    }
    return {
      id,
      message: verdict.message,
      valid: verdict.valid,
      findings: verdict.findings,
      retourXml: answer.xml,
      retourCode: answer.retourCode,
      caseId,
      ...(verdict.request ? { requestId: id } : {}),
      ...(verdict.actions ? { actions: verdict.actions } : {}),
    };
  });
}

/** A retour message (JW302 / JW320) on a message we sent: stored and linked, not answered. */
async function receiveRetour(
  tx: Tx,
  regionId: string,
  m: {
    code: string;
    retourOf: string;
    gemeente: string;
    agb: string;
    head: XmlObject | undefined;
    xmlText: string;
    bytes: Uint8Array;
    today: string;
    now: Date;
  },
): Promise<ReceiveResult> {
  const v = validateMessage(m.bytes, { today: m.today });
  const heenId = txt(m.head, 'BerichtIdentificatie', 'Identificatie');
  const [ours] = heenId
    ? await tx
        .select({ id: ijwMessages.id, caseId: ijwMessages.caseId })
        .from(ijwMessages)
        .where(
          and(
            eq(ijwMessages.regionId, regionId),
            eq(ijwMessages.direction, 'out'),
            eq(ijwMessages.code, m.retourOf),
            eq(ijwMessages.afzender, m.gemeente),
            eq(ijwMessages.ontvanger, m.agb),
            eq(ijwMessages.identificatie, heenId),
          ),
        )
    : [];
  const verdict = verdictOf(v);
  const [row] = await tx
    .insert(ijwMessages)
    .values({
      regionId,
      direction: 'in',
      code: m.code,
      afzender: m.agb,
      ontvanger: m.gemeente,
      identificatie: txt(m.head, 'IdentificatieRetour') ?? null,
      at: m.now,
      xml: m.xmlText,
      verdict,
      answersId: ours?.id ?? null,
      caseId: ours?.caseId ?? null,
    })
    .returning({ id: ijwMessages.id });
  return { id: row!.id, message: v.message, valid: v.valid, findings: v.findings, retourXml: null, retourCode: null, caseId: ours?.caseId ?? null };
}

/** A valid JW315 / JW317 becomes an open request, linked to the youth's case in the addressed municipality when there is one. */
async function openRequest(
  tx: Tx,
  user: UserScope,
  regionId: string,
  code: 'JW315' | 'JW317',
  message: JW315 | JW317,
  gemeente: string,
  state: DbIjwState,
  providerName: string,
  now: Date,
): Promise<{ request: RequestState; caseId: number | null }> {
  const bsn = message.Client.Bsn;
  let caseId: number | null = null;
  let youthId: number | null = null;
  let producten: ProductState[];
  if (code === 'JW315') {
    producten = (message as JW315).Client.AangevraagdeProducten.AangevraagdProduct.map((p) => ({
      referentieAanbieder: p.ReferentieAanbieder,
      status: 'open' as const,
    }));
  } else {
    const verzoek = (message as JW317).Client.Verzoek;
    producten = [{ referentieAanbieder: verzoek.ReferentieAanbieder, status: 'open' }];
    // A change request names current allocations: its case is the one holding them.
    const nummers = [...(verzoek.OngewijzigdeProducten?.OngewijzigdProduct ?? []), ...(verzoek.TeWijzigenProducten?.TeWijzigenProduct ?? [])].map(
      (p) => p.ToewijzingNummer,
    );
    const home = nummers.map((n) => state.home(n)).find((h) => h && h.municipalityCode === gemeente);
    if (home) [caseId, youthId] = [home.caseId, home.youthId];
  }
  if (caseId === null) {
    // The addressed municipality's own record of the youth (each municipality keeps its own, migration 0017).
    const [y] = await tx
      .select({ id: youths.id })
      .from(youths)
      .where(and(eq(youths.regionId, regionId), eq(youths.municipalityCode, gemeente), eq(youths.bsn, bsn)));
    youthId = y?.id ?? null;
    if (y) {
      // Only a case of the addressed municipality: another municipality's case stays invisible (tenancy).
      const [c] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.regionId, regionId), eq(cases.youthId, y.id), eq(cases.municipalityCode, gemeente), ne(cases.status, 'afgesloten')))
        .orderBy(desc(cases.id))
        .limit(1);
      caseId = c?.id ?? null;
    }
  }
  if (caseId !== null) {
    const what =
      code === 'JW315' ? `Verzoek om toewijzing (JW315), ${producten.length} product${producten.length === 1 ? '' : 'en'}` : 'Verzoek om wijziging (JW317)';
    await tx.insert(caseEvents).values({ caseId, at: now, type: `ijw-${code}`, byUser: user.username, text: `${what} ontvangen van ${providerName}` });
  }
  return { request: { kind: code, status: 'open', youthId, producten }, caseId };
}

/** JW305 / JW307: start or stop the allocation of each product in the case that holds it. */
async function startStop(
  tx: Tx,
  user: UserScope,
  regionId: string,
  kind: 'start' | 'stop',
  message: JW305 | JW307,
  state: DbIjwState,
  now: Date,
): Promise<ActionOutcome[]> {
  const products =
    kind === 'start'
      ? (message as JW305).Client.StartProducten.StartProduct.map((p) => ({
          nummer: p.ToewijzingNummer,
          status: p.StatusAanlevering,
          datum: p.Begindatum,
          reden: undefined as string | undefined,
        }))
      : (message as JW307).Client.StopProducten.StopProduct.map((p) => ({
          nummer: p.ToewijzingNummer,
          status: p.StatusAanlevering,
          datum: p.Einddatum,
          reden: p.RedenBeeindiging as string | undefined,
        }));
  const out: ActionOutcome[] = [];
  for (const p of products) {
    if (!p.nummer) {
      out.push({ applied: false, reason: 'geen ToewijzingNummer (taakgericht): er is geen toewijzing om bij te werken' });
      continue;
    }
    const home = state.home(p.nummer);
    if (!home) {
      out.push({ toewijzingNummer: p.nummer, applied: false, reason: 'geen toewijzing met dit nummer voor uw organisatie' });
      continue;
    }
    if (p.status !== '1') {
      // 2 = gewijzigde, 3 = verwijderde aanlevering: the case lifecycle has no command to correct a start or stop yet.
      out.push({
        toewijzingNummer: p.nummer,
        command: kind,
        applied: false,
        caseId: home.caseId,
        reason: `StatusAanlevering ${p.status} (correctie) wordt niet automatisch in de casus verwerkt; de gemeente handelt dit af`,
      });
      continue;
    }
    const cmd =
      kind === 'start'
        ? { type: 'start' as const, nummer: Number(p.nummer), datum: p.datum }
        : { type: 'stop' as const, nummer: Number(p.nummer), datum: p.datum, reden: p.reden! };
    try {
      const v = await applyCaseCommand(tx, user, regionId, home.caseId, cmd, now);
      out.push({ toewijzingNummer: p.nummer, command: kind, applied: true, caseId: home.caseId, caseStatus: v.state.status });
    } catch (e) {
      // The message is valid (its retour says so); the case refused the transition: record why.
      if (!(e instanceof AppError)) throw e;
      out.push({ toewijzingNummer: p.nummer, command: kind, applied: false, caseId: home.caseId, reason: e.message });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// CLI support

/**
 * The user the CLI acts as: the named local account, or (without one) the provider that the
 * message names as Afzender, acting under the name "cli" (the operator has the database itself).
 */
export async function cliUser(db: Db, regionId: string, username: string | undefined, xml: Uint8Array): Promise<UserScope> {
  if (username) {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    if (!u) throw new NotFound(`gebruiker ${username} bestaat niet`);
    return {
      userId: u.id,
      username: u.username,
      role: u.role as UserScope['role'],
      regionId: u.regionId,
      municipalityCode: u.municipalityCode,
      providerId: u.providerId,
    };
  }
  let afzender: string | undefined;
  try {
    // Only as far as the Header (a declaration may be 80 MB; `xml` may be just its first bytes).
    afzender = txt(peekHeader(xml).header, 'Afzender');
  } catch {
    /* unusable input: no sender to act as */
  }
  const p = afzender ? await providerByAgb(db, regionId, afzender) : undefined;
  if (!p) throw new BadInput(`de Afzender van het bericht, ${afzender ?? '(onleesbaar)'}, is geen aanbieder van regio ${regionId}; geef --as GEBRUIKERSNAAM`);
  return { userId: 0, username: `cli:${p.agbCode}`, role: 'aanbieder', regionId, municipalityCode: null, providerId: p.id };
}
