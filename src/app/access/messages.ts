/**
 * iJw message flow of the access module (seed 003 §4.3: the municipality decides and allocates;
 * procesbeschrijving iJw 3.2 §2.5 Verzoek om toewijzing, §3.3 Toewijzen, §4.3/4.4 Start/Stop).
 *
 * Use cases, one transaction each:
 * - receiveMessage: a provider's message (JW315, JW317, JW305, JW307, JW323; or the retour JW302 /
 *   JW320 on a message of ours) is validated with the stateful layer, stored as received with its
 *   verdict, answered with its retour message (stored too), and, when valid, acted on:
 *   JW315/JW317 become open requests, JW305 starts and JW307 stops the allocation in its case.
 * - answerRequest: the decision officer answers an open request, per requested product (JW315) or
 *   as a whole (JW317): toewijzen (beschikking + toewijzing on the case, then a JW301 carrying the
 *   ReferentieAanbieder), afwijzen with a WJ759 reason, or in onderzoek (both a JW319).
 * - sendAllocation: a JW301 for an allocation made on the municipality's own initiative.
 * - linkRequest, listRequests, caseMessages: link a request to a case, the officer's open
 *   requests, the messages of a case (tenancy-scoped, audit-logged).
 *
 * Storage: every message in `ijw_messages`. An incoming message's `verdict` holds the validation
 * verdict plus, for a valid JW315/JW317, the request's state (`request`), and for JW305/JW307 what
 * was applied to the case (`actions`). Outgoing messages are built typed, validated before they
 * are stored (an invalid message is never sent: 422), and linked to the request they answer
 * (`answers_id`) and to their case.
 *
 * Unusable input (not XML, DTD, unknown message...) and input whose Afzender cannot be read are
 * not stored: they cannot be attributed to a sender (the verdict is returned).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { auditLog, caseEvents, cases, families, ijwMessages, municipalities, providers, users, youths } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { isOpen, type RegionProfile } from '../../domain/landscape/profile-schema.js';
import { dutchDate } from '../../domain/dates.js';
import { parseMessage } from '../../ijw/codec.js';
import { cbsGemeenten } from '../../ijw/codelists.js';
import type { Finding } from '../../ijw/findings.js';
import type { JW305, JW307, JW315, JW317 } from '../../ijw/generated/messages.js';
import { WJ759, type WJ759Code } from '../../ijw/generated/codelists.js';
import { peekHeader, UnusableInput, type XmlObject, type XmlValue } from '../../ijw/reader.js';
import { settleDeclaration } from '../funding/settle.js';
import { answerMessage } from '../../ijw/service.js';
import { validateMessage, type Verdict } from '../../ijw/validate.js';
import { buildJw301, IjwBuildError, type Jw301Product, type Uitvoeringsvariant } from '../../ijw/build/jw301.js';
import { buildJw319, type Jw319Antwoord } from '../../ijw/build/jw319.js';
import { AppError, BadInput, Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { applyCaseCommand, Conflict, type StoredCase } from './cases.js';
import { DbIjwState, providerByAgb } from './ijw-state.js';

/** Messages a provider sends to the municipality, and retour messages on ours. */
const PROVIDER_SENDS = new Set(['JW315', 'JW317', 'JW305', 'JW307', 'JW323']);
const PROVIDER_RETOURS: Readonly<Record<string, string>> = { JW302: 'JW301', JW320: 'JW319' };
const REQUEST_CODES = ['JW315', 'JW317'];

/** A built message failed validation (never sent). */
export class InvalidOutgoing extends AppError {
  constructor(code: string, findings: Finding[]) {
    super(422, 'Bericht ongeldig', `the ${code} built from the case does not pass validation: ${findings.map((f) => `${f.code} ${f.path}: ${f.text}`).join(' | ')}`, { findings });
  }
}

// ------------------------------------------------------------------------------------------------
// Stored shapes

export type ProductStatus = 'open' | 'in-onderzoek' | 'toegewezen' | 'afgewezen';

/** One ReferentieAanbieder of a request: a requested product (JW315) or the whole request (JW317). */
export interface ProductState {
  referentieAanbieder: string;
  status: ProductStatus;
  /** Allocations made for it (ToewijzingNummers). */
  nummers?: number[];
  reden?: WJ759Code;
  woonplaatsGemeente?: string;
  /** ids of the JW301 / JW319 messages that answered it. */
  answerIds?: number[];
  by?: string;
  at?: string;
}

export interface RequestState {
  kind: 'JW315' | 'JW317';
  status: 'open' | 'afgehandeld';
  youthId: number | null;
  producten: ProductState[];
}

export interface ActionOutcome {
  toewijzingNummer?: string;
  command?: 'start' | 'stop';
  applied: boolean;
  caseId?: number;
  caseStatus?: string;
  reason?: string;
}

interface StoredVerdict {
  message: string | null;
  valid: boolean;
  findings: Finding[];
  retourCode?: string | null;
  request?: RequestState;
  actions?: ActionOutcome[];
  /** Outgoing messages: what they carry. */
  toewijzingNummers?: number[];
  initiatief?: 'gemeente' | 'verzoek';
}

// ------------------------------------------------------------------------------------------------
// Helpers

const newIdentificatie = () => randomBytes(6).toString('hex');

function txt(v: XmlValue | XmlValue[] | undefined, ...path: string[]): string | undefined {
  let cur: unknown = v;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as XmlObject)[p];
  }
  if (Array.isArray(cur)) cur = cur[0];
  return typeof cur === 'string' ? cur : undefined;
}

function requireProviderScope(user: UserScope, regionId: string): number {
  if (user.role !== 'aanbieder') throw new Forbidden('only a provider (aanbieder) sends iJw messages to the region');
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'provider') throw new Forbidden('your account is not a provider of this region');
  return scope.providerId;
}

function requireMunicipality(user: UserScope, regionId: string, roles: UserScope['role'][] = ['gemeente']): string {
  if (!roles.includes(user.role)) throw new Forbidden(`only ${roles.join(' or ')} may do this (your role: ${user.role})`);
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'municipality') throw new Forbidden('your account is not scoped to a municipality of this region');
  return scope.municipalityCode;
}

function verdictOf(v: Verdict): StoredVerdict {
  return { message: v.message, valid: v.valid, findings: v.findings, ...(v.unusable ? { unusable: v.unusable } : {}) } as StoredVerdict;
}

async function validateOutgoing(code: string, xml: string, today: string): Promise<void> {
  const v = validateMessage(xml, { today });
  if (!v.valid) throw new InvalidOutgoing(code, v.findings);
}

function variantOf(profile: RegionProfile, segmentId: string): Uitvoeringsvariant | undefined {
  const seg = profile.segmenten.find((s) => s.id === segmentId);
  if (!seg || !seg.uitvoeringsvariant || isOpen(seg.uitvoeringsvariant)) return undefined;
  return seg.uitvoeringsvariant;
}

function build<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IjwBuildError) throw new AppError(422, 'Bericht kan niet worden opgesteld', e.message);
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------
// Receive

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
export async function receiveMessage(db: Db, user: UserScope, regionId: string, xml: string | Uint8Array, now: Date): Promise<ReceiveResult> {
  const providerId = requireProviderScope(user, regionId);
  const [provider] = await db.select().from(providers).where(and(eq(providers.id, providerId), eq(providers.regionId, regionId)));
  if (!provider) throw new Forbidden('your provider is not known in this region');
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  const today = dutchDate(now);

  // Peek at the header only (cheap, also for a large declaration) to authorise the sender and bound the state to load.
  let peek: { code: string; header: XmlObject | undefined };
  try {
    peek = peekHeader(bytes);
  } catch (e) {
    if (!(e instanceof UnusableInput)) throw e;
    const v = validateMessage(bytes, { today });
    return { id: null, ...verdictOf(v), unusable: v.unusable, retourXml: null, retourCode: null };
  }
  const code = peek.code;
  const head = peek.header;
  const afzender = txt(head, 'Afzender');
  const ontvanger = txt(head, 'Ontvanger');
  const identificatie = txt(head, 'BerichtIdentificatie', 'Identificatie');
  const retourOf = PROVIDER_RETOURS[code];
  if (!PROVIDER_SENDS.has(code) && !retourOf) throw new Forbidden(`a provider does not send ${code} to the municipality (it sends ${[...PROVIDER_SENDS, ...Object.keys(PROVIDER_RETOURS)].join(', ')})`);
  // A retour message keeps the header of the message it answers: there the provider is the Ontvanger.
  const sender = retourOf ? ontvanger : afzender;
  if (sender !== provider.agbCode) {
    throw new Forbidden(`the message is sent as ${retourOf ? 'Ontvanger' : 'Afzender'} ${sender ?? '(none)'}; you may only send as your own AGB code ${provider.agbCode}`);
  }
  const gemeente = (retourOf ? afzender : ontvanger) ?? '';
  const [muni] = await db.select({ code: municipalities.code }).from(municipalities).where(and(eq(municipalities.regionId, regionId), eq(municipalities.code, gemeente)));
  if (!muni) throw new AppError(422, 'Onbekende ontvanger', `${gemeente || '(no addressee)'} is not a municipality of region ${regionId}`);
  if (code === 'JW323') {
    // Declarations are settled (and stored) exactly once by the funding module; the answer is the JW325.
    const r = await settleDeclaration(db, regionId, bytes, now);
    const v = r.duplicate ? null : validateMessage(bytes, { today });
    return { id: r.declarationId, message: 'JW323', valid: v ? v.valid : true, findings: v ? v.findings : [], retourXml: r.answerXml, retourCode: 'JW325' };
  }
  const xmlText = new TextDecoder().decode(bytes);

  return db.transaction(async (tx) => {
    // Serialise messages of one sender: the duplicate check (TR056) and the insert are one step.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ijw|${regionId}|${provider.agbCode}`}))`);
    if (retourOf) return receiveRetour(tx, regionId, { code, retourOf, gemeente, agb: provider.agbCode, head, xmlText, bytes, today, now });

    const state = await DbIjwState.load(tx as unknown as Db, {
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
      .values({ regionId, direction: 'in', code, afzender: afzender ?? null, ontvanger: ontvanger ?? null, identificatie: identificatie ?? null, at: now, xml: xmlText, verdict })
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
  m: { code: string; retourOf: string; gemeente: string; agb: string; head: XmlObject | undefined; xmlText: string; bytes: Uint8Array; today: string; now: Date },
): Promise<ReceiveResult> {
  const v = validateMessage(m.bytes, { today: m.today });
  const heenId = txt(m.head, 'BerichtIdentificatie', 'Identificatie');
  const [ours] = heenId
    ? await tx
        .select({ id: ijwMessages.id, caseId: ijwMessages.caseId })
        .from(ijwMessages)
        .where(and(eq(ijwMessages.regionId, regionId), eq(ijwMessages.direction, 'out'), eq(ijwMessages.code, m.retourOf), eq(ijwMessages.afzender, m.gemeente), eq(ijwMessages.ontvanger, m.agb), eq(ijwMessages.identificatie, heenId)))
    : [];
  const verdict = verdictOf(v);
  const [row] = await tx
    .insert(ijwMessages)
    .values({ regionId, direction: 'in', code: m.code, afzender: m.agb, ontvanger: m.gemeente, identificatie: txt(m.head, 'IdentificatieRetour') ?? null, at: m.now, xml: m.xmlText, verdict, answersId: ours?.id ?? null, caseId: ours?.caseId ?? null })
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
    producten = (message as JW315).Client.AangevraagdeProducten.AangevraagdProduct.map((p) => ({ referentieAanbieder: p.ReferentieAanbieder, status: 'open' as const }));
  } else {
    const verzoek = (message as JW317).Client.Verzoek;
    producten = [{ referentieAanbieder: verzoek.ReferentieAanbieder, status: 'open' }];
    // A change request names current allocations: its case is the one holding them.
    const nummers = [...(verzoek.OngewijzigdeProducten?.OngewijzigdProduct ?? []), ...(verzoek.TeWijzigenProducten?.TeWijzigenProduct ?? [])].map((p) => p.ToewijzingNummer);
    const home = nummers.map((n) => state.home(n)).find((h) => h && h.municipalityCode === gemeente);
    if (home) [caseId, youthId] = [home.caseId, home.youthId];
  }
  if (caseId === null) {
    const [y] = await tx.select({ id: youths.id }).from(youths).where(and(eq(youths.regionId, regionId), eq(youths.bsn, bsn)));
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
    const what = code === 'JW315' ? `Verzoek om toewijzing (JW315), ${producten.length} product${producten.length === 1 ? '' : 'en'}` : 'Verzoek om wijziging (JW317)';
    await tx.insert(caseEvents).values({ caseId, at: now, type: `ijw-${code}`, byUser: user.username, text: `${what} ontvangen van ${providerName}` });
  }
  return { request: { kind: code, status: 'open', youthId, producten }, caseId };
}

/** JW305 / JW307: start or stop the allocation of each product in the case that holds it. */
async function startStop(tx: Tx, user: UserScope, regionId: string, kind: 'start' | 'stop', message: JW305 | JW307, state: DbIjwState, now: Date): Promise<ActionOutcome[]> {
  const products =
    kind === 'start'
      ? (message as JW305).Client.StartProducten.StartProduct.map((p) => ({ nummer: p.ToewijzingNummer, status: p.StatusAanlevering, datum: p.Begindatum, reden: undefined as string | undefined }))
      : (message as JW307).Client.StopProducten.StopProduct.map((p) => ({ nummer: p.ToewijzingNummer, status: p.StatusAanlevering, datum: p.Einddatum, reden: p.RedenBeeindiging as string | undefined }));
  const out: ActionOutcome[] = [];
  for (const p of products) {
    if (!p.nummer) {
      out.push({ applied: false, reason: 'no ToewijzingNummer (taakgericht): there is no allocation to update' });
      continue;
    }
    const home = state.home(p.nummer);
    if (!home) {
      out.push({ toewijzingNummer: p.nummer, applied: false, reason: 'no allocation with this number for your organisation' });
      continue;
    }
    if (p.status !== '1') {
      // 2 = gewijzigde, 3 = verwijderde aanlevering: the case lifecycle has no command to correct a start or stop yet.
      out.push({ toewijzingNummer: p.nummer, command: kind, applied: false, caseId: home.caseId, reason: `StatusAanlevering ${p.status} (correction) is not applied to the case automatically; the municipality handles it` });
      continue;
    }
    const cmd = kind === 'start' ? { type: 'start' as const, nummer: Number(p.nummer), datum: p.datum } : { type: 'stop' as const, nummer: Number(p.nummer), datum: p.datum, reden: p.reden! };
    try {
      const v = await applyCaseCommand(tx as unknown as Db, user, regionId, home.caseId, cmd, now);
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
// Outgoing allocation message

interface ComposeInput {
  regionId: string;
  gemeente: string;
  youthId: number;
  provider: { id: number; agbCode: string };
  /** Allocations that must be in the message (the reason it is sent), with their ReferentieAanbieder. */
  explicit: Map<number, { referentieAanbieder?: string }>;
  /** ReferentieAanbieder for every other allocation in the message (JW317 answer, IV093). */
  referentieVoorAlle?: string;
  profile: RegionProfile;
  now: Date;
}

/**
 * The JW301 for one client and one provider (OP087): the explicit allocations plus every other
 * allocation of the client at that provider in this municipality valid on or after today.
 * Allocations of taakgericht segments are not iJw allocations and are left out.
 */
async function composeJw301(tx: Tx, c: ComposeInput): Promise<{ xml: string; identificatie: string; nummers: number[]; caseIds: number[] }> {
  const today = dutchDate(c.now);
  const [youth] = await tx.select().from(youths).where(and(eq(youths.id, c.youthId), eq(youths.regionId, c.regionId)));
  if (!youth) throw new NotFound(`jeugdige ${c.youthId} niet gevonden`);
  const [family] = await tx.select().from(families).where(eq(families.id, youth.familyId));
  const caseRows = await tx.select({ id: cases.id, state: cases.state }).from(cases).where(and(eq(cases.regionId, c.regionId), eq(cases.youthId, youth.id), eq(cases.municipalityCode, c.gemeente)));
  const selected: { caseId: number; t: StoredCase['toewijzingen'][number] }[] = [];
  for (const r of caseRows) {
    for (const t of (r.state as StoredCase).toewijzingen) {
      if (t.providerId !== c.provider.id) continue;
      const explicit = c.explicit.has(t.nummer);
      if (!explicit && (t.einddatum < today || variantOf(c.profile, t.segmentId) === 'taakgericht')) continue;
      selected.push({ caseId: r.id, t });
    }
  }
  for (const n of c.explicit.keys()) if (!selected.some((s) => s.t.nummer === n)) throw new NotFound(`toewijzing ${n} niet gevonden voor deze jeugdige en aanbieder`);
  // IV013: Toewijzingsdatum/-tijd = when the allocation was established: its event on the case timeline.
  const caseIds = [...new Set(selected.map((s) => s.caseId))];
  const events = caseIds.length === 0 ? [] : await tx.select({ at: caseEvents.at, text: caseEvents.text }).from(caseEvents).where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, 'toewijzing')));
  const established = (nummer: number) => events.find((e) => e.text.startsWith(`Toewijzing ${nummer}:`))?.at ?? c.now;
  const producten: Jw301Product[] = selected
    .sort((a, b) => a.t.nummer - b.t.nummer)
    .map(({ t }) => {
      const ref = c.explicit.get(t.nummer)?.referentieAanbieder ?? c.referentieVoorAlle;
      return {
        toewijzing: t,
        vastgesteld: established(t.nummer),
        ...(ref ? { referentieAanbieder: ref } : {}),
        ...(variantOf(c.profile, t.segmentId) ? { uitvoeringsvariant: variantOf(c.profile, t.segmentId) } : {}),
      };
    });
  const identificatie = newIdentificatie();
  const xml = build(() =>
    buildJw301({
      gemeente: c.gemeente,
      aanbieder: c.provider.agbCode,
      identificatie,
      dagtekening: today,
      client: { bsn: youth.bsn, geboortedatum: youth.birthDate, geslacht: youth.gender as '0' | '1' | '2', voornamen: youth.givenName, achternaam: youth.familyName },
      adres: { straatnaam: family?.straatnaam ?? null, huisnummer: family?.huisnummer ?? null, postcode: family?.postcode ?? null, plaatsnaam: family?.plaatsnaam ?? null },
      producten,
    }),
  );
  await validateOutgoing('JW301', xml, today);
  return { xml, identificatie, nummers: selected.map((s) => s.t.nummer), caseIds };
}

async function storeOutgoing(
  tx: Tx,
  v: { regionId: string; code: 'JW301' | 'JW319'; gemeente: string; agb: string; identificatie: string; xml: string; now: Date; caseId: number | null; answersId: number | null; verdict: Partial<StoredVerdict> },
): Promise<number> {
  const [row] = await tx
    .insert(ijwMessages)
    .values({
      regionId: v.regionId,
      direction: 'out',
      code: v.code,
      afzender: v.gemeente,
      ontvanger: v.agb,
      identificatie: v.identificatie,
      at: v.now,
      xml: v.xml,
      verdict: { message: v.code, valid: true, findings: [], ...v.verdict },
      answersId: v.answersId,
      caseId: v.caseId,
    })
    .returning({ id: ijwMessages.id });
  return row!.id;
}

export interface SentMessage {
  id: number;
  code: 'JW301' | 'JW319';
  identificatie: string;
  xml: string;
  referentieAanbieder?: string;
  toewijzingNummers?: number[];
}

/**
 * Builds and stores the JW301 for an allocation the municipality made on its own initiative (the
 * `toewijzing` command): no ReferentieAanbieder (IV097); the message also carries the client's
 * other current allocations at that provider (OP087). Role gemeente, own municipality.
 */
export async function sendAllocation(db: Db, user: UserScope, regionId: string, caseId: number, nummer: number, now: Date): Promise<SentMessage> {
  const gemeente = requireMunicipality(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), eq(cases.municipalityCode, gemeente)));
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const t = (row.state as StoredCase).toewijzingen.find((x) => x.nummer === nummer);
    if (!t) throw new NotFound(`toewijzing ${nummer} hoort niet bij casus ${caseId}`);
    if (variantOf(profile, t.segmentId) === 'taakgericht') throw new Conflict(`segment ${t.segmentId} is taakgericht: its support is not allocated with a JW301 (OP086)`);
    const [p] = await tx.select().from(providers).where(and(eq(providers.id, t.providerId), eq(providers.regionId, regionId)));
    if (!p) throw new NotFound(`aanbieder ${t.providerId} niet gevonden`);
    const built = await composeJw301(tx, { regionId, gemeente, youthId: row.youthId, provider: p, explicit: new Map([[nummer, {}]]), profile, now });
    const id = await storeOutgoing(tx, { regionId, code: 'JW301', gemeente, agb: p.agbCode, identificatie: built.identificatie, xml: built.xml, now, caseId, answersId: null, verdict: { toewijzingNummers: built.nummers, initiatief: 'gemeente' } });
    await tx.insert(caseEvents).values({ caseId, at: now, type: 'ijw-JW301', byUser: user.username, text: `Toewijzingsbericht (JW301) verstuurd aan ${p.name} voor toewijzing ${built.nummers.join(', ')}` });
    return { id, code: 'JW301', identificatie: built.identificatie, xml: built.xml, toewijzingNummers: built.nummers };
  });
}

// ------------------------------------------------------------------------------------------------
// Requests: list, link, answer

export type ProductBesluit =
  | {
      referentieAanbieder: string;
      besluit: 'toewijzen';
      /** Segment of the allocation; derived from the case's referrals and the product when absent. */
      segmentId?: string;
      /** Existing decision to allocate under; a new beschikking is made when absent and none covers the period. */
      beschikkingId?: number;
      /** Who took the decision (access rules may ask for e.g. "slt"); default "gemeente". */
      besluitDoor?: string;
      /** IV094: the municipality may allocate other dates or volume than requested. */
      ingangsdatum?: string;
      einddatum?: string;
      productCode?: string;
      omvang?: { volume: number; eenheid: string; frequentie: string };
      budgetCents?: number;
    }
  | { referentieAanbieder: string; besluit: 'afwijzen'; reden: WJ759Code; /** With reason 8: the responsible municipality (CBS code). */ woonplaatsGemeente?: string }
  | { referentieAanbieder: string; besluit: 'in-onderzoek' };

export interface RequestDecision {
  /** Links the request to this case first (when it has none yet). */
  caseId?: number;
  /** JW315: one decision per requested product to decide now; JW317: exactly one (the whole request). */
  producten: ProductBesluit[];
}

export interface RequestView {
  id: number;
  code: 'JW315' | 'JW317';
  at: string;
  identificatie: string | null;
  aanbieder: { agbCode: string | null; providerId: number | null; name: string | null };
  caseId: number | null;
  status: RequestState['status'];
  client: { bsnMasked: string; naam: string; geboortedatum?: string; youthId: number | null; woonplaatsGemeente?: string };
  producten: (ProductState & {
    product?: { categorie: string; code?: string };
    ingangsdatum?: string;
    einddatum?: string;
    omvang?: { volume: string; eenheid: string; frequentie: string };
    budget?: string;
    soort?: 'aangevraagd' | 'nieuw' | 'te-wijzigen' | 'ongewijzigd';
    toewijzingNummer?: string;
  })[];
}

function requestView(row: typeof ijwMessages.$inferSelect, p: { name: string; id: number } | undefined, youth: { municipalityCode: string; givenName: string; familyName: string } | undefined): RequestView {
  // The youth's registered municipality, for the woonplaatsbeginsel check (only when it is another one).
  const youthMunicipality = youth && youth.municipalityCode !== row.ontvanger ? youth.municipalityCode : undefined;
  const verdict = row.verdict as StoredVerdict;
  const request = verdict.request!;
  const code = request.kind;
  const msg = parseMessage(row.xml, code).message;
  const bsn = msg.Client.Bsn;
  const base = {
    id: row.id,
    code,
    at: row.at.toISOString(),
    identificatie: row.identificatie,
    aanbieder: { agbCode: row.afzender, providerId: p?.id ?? null, name: p?.name ?? null },
    caseId: row.caseId,
    status: request.status,
  };
  if (code === 'JW315') {
    const m = msg as JW315;
    const n = m.Client.Naam;
    const naam = [n.Voornamen ?? n.Voorletters, n.Geslachtsnaam.Voorvoegsel, n.Geslachtsnaam.Achternaam].filter(Boolean).join(' ');
    return {
      ...base,
      client: { bsnMasked: `******${bsn.slice(-3)}`, naam, geboortedatum: m.Client.Geboortedatum.Datum, youthId: request.youthId, ...(youthMunicipality ? { woonplaatsGemeente: youthMunicipality } : {}) },
      producten: request.producten.map((s) => {
        const ap = m.Client.AangevraagdeProducten.AangevraagdProduct.find((x) => x.ReferentieAanbieder === s.referentieAanbieder);
        return {
          ...s,
          soort: 'aangevraagd' as const,
          ...(ap?.Product ? { product: { categorie: ap.Product.Categorie, ...(ap.Product.Code ? { code: ap.Product.Code } : {}) } } : {}),
          ...(ap ? { ingangsdatum: ap.ToewijzingIngangsdatum } : {}),
          ...(ap?.ToewijzingEinddatum ? { einddatum: ap.ToewijzingEinddatum } : {}),
          ...(ap?.Omvang ? { omvang: { volume: ap.Omvang.Volume, eenheid: ap.Omvang.Eenheid, frequentie: ap.Omvang.Frequentie } } : {}),
          ...(ap?.Budget ? { budget: ap.Budget } : {}),
        };
      }),
    };
  }
  const v = (msg as JW317).Client.Verzoek;
  return {
    ...base,
    client: { bsnMasked: `******${bsn.slice(-3)}`, naam: youth ? `${youth.givenName} ${youth.familyName}` : '', youthId: request.youthId, ...(youthMunicipality ? { woonplaatsGemeente: youthMunicipality } : {}) },
    producten: [
      { ...request.producten[0]! },
      ...(v.OngewijzigdeProducten?.OngewijzigdProduct ?? []).map((x) => ({ referentieAanbieder: v.ReferentieAanbieder, status: request.producten[0]!.status, soort: 'ongewijzigd' as const, toewijzingNummer: x.ToewijzingNummer })),
      ...(v.TeWijzigenProducten?.TeWijzigenProduct ?? []).map((x) => ({ referentieAanbieder: v.ReferentieAanbieder, status: request.producten[0]!.status, soort: 'te-wijzigen' as const, toewijzingNummer: x.ToewijzingNummer, ingangsdatum: x.GewensteIngangsdatum, ...(x.Einddatum ? { einddatum: x.Einddatum } : {}) })),
      ...(v.NieuweProducten?.NieuwProduct ?? []).map((x) => ({
        referentieAanbieder: v.ReferentieAanbieder,
        status: request.producten[0]!.status,
        soort: 'nieuw' as const,
        ...(x.Product ? { product: { categorie: x.Product.Categorie, ...(x.Product.Code ? { code: x.Product.Code } : {}) } } : {}),
        ingangsdatum: x.GewensteIngangsdatum,
        ...(x.Einddatum ? { einddatum: x.Einddatum } : {}),
        ...(x.Omvang ? { omvang: { volume: x.Omvang.Volume, eenheid: x.Omvang.Eenheid, frequentie: x.Omvang.Frequentie } } : {}),
        ...(x.Budget ? { budget: x.Budget } : {}),
      })),
    ],
  };
}

async function requestViews(db: Db | Tx, regionId: string, rows: (typeof ijwMessages.$inferSelect)[]): Promise<RequestView[]> {
  if (rows.length === 0) return [];
  const agbs = [...new Set(rows.map((r) => r.afzender).filter((a): a is string => !!a))];
  const ps = agbs.length === 0 ? [] : await db.select({ id: providers.id, name: providers.name, agbCode: providers.agbCode }).from(providers).where(and(eq(providers.regionId, regionId), inArray(providers.agbCode, agbs)));
  const youthIds = [...new Set(rows.map((r) => (r.verdict as StoredVerdict).request?.youthId).filter((y): y is number => typeof y === 'number'))];
  const ys = youthIds.length === 0 ? [] : await db.select({ id: youths.id, municipalityCode: youths.municipalityCode, givenName: youths.givenName, familyName: youths.familyName }).from(youths).where(inArray(youths.id, youthIds));
  return rows.map((r) => {
    const youthId = (r.verdict as StoredVerdict).request?.youthId;
    return requestView(r, ps.find((p) => p.agbCode === r.afzender), ys.find((y) => y.id === youthId));
  });
}

/** Requests (JW315 / JW317) addressed to the officer's municipality; open ones unless `all`. Audit-logged. */
export async function listRequests(db: Db, user: UserScope, regionId: string, opts: { all?: boolean } = {}): Promise<RequestView[]> {
  const gemeente = requireMunicipality(user, regionId);
  const conditions = [eq(ijwMessages.regionId, regionId), eq(ijwMessages.direction, 'in'), inArray(ijwMessages.code, REQUEST_CODES), eq(ijwMessages.ontvanger, gemeente), sql`${ijwMessages.verdict} -> 'request' is not null`];
  if (!opts.all) conditions.push(sql`${ijwMessages.verdict} -> 'request' ->> 'status' = 'open'`);
  const rows = await db.select().from(ijwMessages).where(and(...conditions)).orderBy(asc(ijwMessages.at), asc(ijwMessages.id)).limit(500);
  const views = await requestViews(db, regionId, rows);
  if (views.length > 0) {
    await db.insert(auditLog).values(views.map((v) => ({ userId: user.userId, username: user.username, action: 'read', subjectType: 'ijw-request', subjectId: String(v.id), regionId, purpose: 'verzoeken om toewijzing beantwoorden' })));
  }
  return views;
}

async function lockRequest(tx: Tx, regionId: string, gemeente: string, requestId: number) {
  const [row] = await tx
    .select()
    .from(ijwMessages)
    .where(and(eq(ijwMessages.id, requestId), eq(ijwMessages.regionId, regionId), eq(ijwMessages.direction, 'in'), inArray(ijwMessages.code, REQUEST_CODES), eq(ijwMessages.ontvanger, gemeente)))
    .for('update');
  if (!row || !(row.verdict as StoredVerdict | null)?.request) throw new NotFound(`verzoek ${requestId} niet gevonden binnen uw gemeente`);
  return row;
}

/** Links a request to a case of the officer's municipality whose youth is the request's client. */
async function link(tx: Tx, user: UserScope, regionId: string, gemeente: string, row: typeof ijwMessages.$inferSelect, caseId: number, now: Date): Promise<void> {
  if (row.caseId !== null) {
    if (row.caseId === caseId) return;
    throw new Conflict(`verzoek ${row.id} is already linked to case ${row.caseId}`);
  }
  const [c] = await tx
    .select({ id: cases.id, bsn: youths.bsn, youthId: youths.id })
    .from(cases)
    .innerJoin(youths, eq(youths.id, cases.youthId))
    .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), eq(cases.municipalityCode, gemeente)));
  if (!c) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
  const bsn = parseMessage(row.xml).message as { Client?: { Bsn?: string } };
  if (c.bsn !== bsn.Client?.Bsn) throw new Conflict(`case ${caseId} belongs to another youth than the client of request ${row.id}`);
  const verdict = row.verdict as StoredVerdict;
  verdict.request!.youthId = c.youthId;
  await tx.update(ijwMessages).set({ caseId, verdict }).where(eq(ijwMessages.id, row.id));
  row.caseId = caseId;
  await tx.insert(caseEvents).values({ caseId, at: now, type: `ijw-${row.code}`, byUser: user.username, text: `Verzoek ${row.code} (${row.identificatie}) gekoppeld aan deze casus` });
}

/** Links an open request without a case to a case of the officer's municipality (same youth). */
export async function linkRequest(db: Db, user: UserScope, regionId: string, requestId: number, caseId: number, now: Date): Promise<RequestView> {
  const gemeente = requireMunicipality(user, regionId);
  return db.transaction(async (tx) => {
    const row = await lockRequest(tx, regionId, gemeente, requestId);
    await link(tx, user, regionId, gemeente, row, caseId, now);
    const [fresh] = await tx.select().from(ijwMessages).where(eq(ijwMessages.id, requestId));
    return (await requestViews(tx, regionId, [fresh!]))[0]!;
  });
}

export interface AnswerResult {
  request: RequestView;
  jw301?: SentMessage;
  jw319: SentMessage[];
}

interface WantedAllocation {
  categorie?: string;
  code?: string;
  ingangsdatum: string;
  einddatum?: string;
  beschikkingIngangsdatum?: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
}

/** Makes the allocation of one requested product on the case: a beschikking when none covers it, then the toewijzing. */
async function allocate(tx: Tx, user: UserScope, regionId: string, caseId: number, providerId: number, profile: RegionProfile, want: WantedAllocation, d: Extract<ProductBesluit, { besluit: 'toewijzen' }>, now: Date): Promise<number> {
  const [row] = await tx.select({ state: cases.state }).from(cases).where(and(eq(cases.id, caseId), eq(cases.regionId, regionId)));
  if (!row) throw new NotFound(`casus ${caseId} niet gevonden`);
  const state = row.state as StoredCase;
  const categorie = want.categorie;
  if (!categorie) throw new BadInput('a generic request (budget without product) cannot be allocated: allocations in a case name a product category');
  const code = d.productCode ?? want.code;
  const ingangsdatum = d.ingangsdatum ?? want.ingangsdatum;
  const einddatum = d.einddatum ?? want.einddatum;
  if (!einddatum) throw new BadInput(`product ${d.referentieAanbieder} has no end date: give einddatum`);
  let segmentId = d.segmentId;
  if (!segmentId) {
    const referred = new Set(state.verwijzingen.map((v) => v.segmentId));
    const candidates = profile.segmenten.filter((s) => referred.has(s.id) && (s.producten.length === 0 || s.producten.some((x) => x.categorie === categorie && (!x.code || !code || x.code === code))));
    if (candidates.length !== 1) {
      throw new BadInput(
        candidates.length === 0
          ? `case ${caseId} has no referral (verwijzing) to a segment with product category ${categorie}: the local team records the referral first, or give segmentId`
          : `product category ${categorie} fits several referred segments (${candidates.map((s) => s.id).join(', ')}): give segmentId`,
      );
    }
    segmentId = candidates[0]!.id;
  }
  if (!profile.segmenten.some((s) => s.id === segmentId)) throw new BadInput(`unknown segment "${segmentId}"`);
  if (variantOf(profile, segmentId) === 'taakgericht') throw new Conflict(`segment ${segmentId} is taakgericht: its support is not allocated with a JW301 (OP086); answer the request with a reason instead`);
  let beschikkingId = d.beschikkingId ?? state.beschikkingen.filter((b) => b.segmentId === segmentId && b.ingangsdatum <= ingangsdatum && b.einddatum >= einddatum).at(-1)?.id;
  if (beschikkingId === undefined) {
    const verwijzing = state.verwijzingen.filter((v) => v.segmentId === segmentId).at(-1);
    if (!verwijzing) throw new BadInput(`case ${caseId} has no referral (verwijzing) to segment ${segmentId}: the local team records the referral first`);
    const start = want.beschikkingIngangsdatum && want.beschikkingIngangsdatum <= ingangsdatum ? want.beschikkingIngangsdatum : ingangsdatum;
    const after = await applyCaseCommand(tx as unknown as Db, user, regionId, caseId, { type: 'beschikking', beschikking: { verwijzingId: verwijzing.id, segmentId, ingangsdatum: start, einddatum, besluitDoor: d.besluitDoor ?? 'gemeente' } }, now);
    beschikkingId = after.state.beschikkingen.at(-1)!.id;
  }
  const omvang = d.omvang ?? want.omvang;
  const budgetCents = d.budgetCents ?? want.budgetCents;
  const after = await applyCaseCommand(
    tx as unknown as Db,
    user,
    regionId,
    caseId,
    {
      type: 'toewijzing',
      toewijzing: { beschikkingId, segmentId, providerId, productCategorie: categorie, ...(code ? { productCode: code } : {}), ingangsdatum, einddatum, ...(omvang ? { omvang } : {}), ...(budgetCents !== undefined ? { budgetCents } : {}) },
    },
    now,
  );
  return after.state.toewijzingen.at(-1)!.nummer;
}

const omvangOf = (o: { Volume: string; Eenheid: string; Frequentie: string } | undefined) => (o ? { volume: Number(o.Volume), eenheid: o.Eenheid, frequentie: o.Frequentie } : undefined);

/**
 * Answers an open request (role gemeente, own municipality). JW315: per requested product
 * toewijzen / afwijzen / in-onderzoek; JW317: one decision for the whole request. Allocations are
 * made on the case with applyCaseCommand (its rules and transitions apply); one JW301 carries the
 * allocations made now with their ReferentieAanbieder and the client's other current allocations
 * at the provider (OP087); each rejection or "in onderzoek" is a JW319. All or nothing.
 */
export async function answerRequest(db: Db, user: UserScope, regionId: string, requestId: number, decision: RequestDecision, now: Date): Promise<AnswerResult> {
  const gemeente = requireMunicipality(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const today = dutchDate(now);
  if (decision.producten.length === 0) throw new BadInput('decide on at least one product');
  return db.transaction(async (tx) => {
    const row = await lockRequest(tx, regionId, gemeente, requestId);
    if (decision.caseId !== undefined) await link(tx, user, regionId, gemeente, row, decision.caseId, now);
    const verdict = row.verdict as StoredVerdict;
    const request = verdict.request!;
    const code = request.kind;
    const message = parseMessage(row.xml, code).message;
    const provider = await providerByAgb(tx as unknown as Db, regionId, row.afzender ?? '');
    if (!provider) throw new Conflict(`the sender ${row.afzender} is no longer a provider of region ${regionId}`);

    const seen = new Set<string>();
    for (const d of decision.producten) {
      if (seen.has(d.referentieAanbieder)) throw new BadInput(`product ${d.referentieAanbieder} is decided twice`);
      seen.add(d.referentieAanbieder);
      const s = request.producten.find((p) => p.referentieAanbieder === d.referentieAanbieder);
      if (!s) throw new BadInput(`request ${requestId} has no product with ReferentieAanbieder ${d.referentieAanbieder}`);
      // TR359 / TR360: after an allocation or rejection nothing more; "in onderzoek" only once.
      if (s.status === 'toegewezen' || s.status === 'afgewezen') throw new Conflict(`product ${d.referentieAanbieder} is already ${s.status}`);
      if (d.besluit === 'in-onderzoek' && s.status === 'in-onderzoek') throw new Conflict(`product ${d.referentieAanbieder} is already in onderzoek; allocate or reject it now (TR360)`);
      if (d.besluit === 'afwijzen') {
        if (!(d.reden in WJ759)) throw new BadInput(`reden ${d.reden} is not in WJ759 (${Object.entries(WJ759).map(([k, v]) => `${k} ${v}`).join(', ')})`);
        if (d.reden === '8' && (!d.woonplaatsGemeente || !cbsGemeenten().has(d.woonplaatsGemeente))) throw new BadInput('reason 8 (woonplaatsbeginsel) names the responsible municipality as a CBS gemeentecode (woonplaatsGemeente)');
        if (d.reden !== '8' && d.woonplaatsGemeente) throw new BadInput('woonplaatsGemeente belongs to reason 8 (woonplaatsbeginsel) only');
      }
    }
    const toewijzen = decision.producten.filter((d): d is Extract<ProductBesluit, { besluit: 'toewijzen' }> => d.besluit === 'toewijzen');
    if (toewijzen.length > 0 && row.caseId === null) throw new Conflict(`request ${requestId} is not linked to a case: link it (caseId) before allocating`);

    // Allocations on the case.
    const explicit = new Map<number, { referentieAanbieder?: string }>();
    const made = new Map<string, number[]>();
    let referentieVoorAlle: string | undefined;
    for (const d of toewijzen) {
      const wants: WantedAllocation[] = [];
      if (code === 'JW315') {
        const ap = (message as JW315).Client.AangevraagdeProducten.AangevraagdProduct.find((p) => p.ReferentieAanbieder === d.referentieAanbieder)!;
        wants.push({ categorie: ap.Product?.Categorie, code: ap.Product?.Code, ingangsdatum: ap.ToewijzingIngangsdatum, einddatum: ap.ToewijzingEinddatum, beschikkingIngangsdatum: ap.BeschikkingIngangsdatum, omvang: omvangOf(ap.Omvang), budgetCents: ap.Budget !== undefined ? Number(ap.Budget) : undefined });
      } else {
        const v = (message as JW317).Client.Verzoek;
        if (v.TeWijzigenProducten) {
          throw new Conflict('the request changes current allocations (TeWijzigenProduct); the case lifecycle has no command to change an allocation’s end date or volume yet, so it cannot be honoured here (IV093)');
        }
        for (const n of v.OngewijzigdeProducten?.OngewijzigdProduct ?? []) explicit.set(Number(n.ToewijzingNummer), { referentieAanbieder: v.ReferentieAanbieder });
        for (const n of v.NieuweProducten?.NieuwProduct ?? []) wants.push({ categorie: n.Product?.Categorie, code: n.Product?.Code, ingangsdatum: n.GewensteIngangsdatum, einddatum: n.Einddatum, omvang: omvangOf(n.Omvang), budgetCents: n.Budget !== undefined ? Number(n.Budget) : undefined });
        referentieVoorAlle = v.ReferentieAanbieder; // IV093: every product in the answer carries the request's reference
      }
      const nummers: number[] = [];
      for (const w of wants) {
        const nummer = await allocate(tx, user, regionId, row.caseId!, provider.id, profile, w, d, now);
        nummers.push(nummer);
        explicit.set(nummer, { referentieAanbieder: d.referentieAanbieder });
      }
      made.set(d.referentieAanbieder, nummers);
    }

    const [caseRow] = row.caseId === null ? [] : await tx.select({ youthId: cases.youthId }).from(cases).where(eq(cases.id, row.caseId));
    let jw301: SentMessage | undefined;
    if (explicit.size > 0) {
      const built = await composeJw301(tx, { regionId, gemeente, youthId: caseRow!.youthId, provider, explicit, referentieVoorAlle, profile, now });
      const id = await storeOutgoing(tx, { regionId, code: 'JW301', gemeente, agb: provider.agbCode, identificatie: built.identificatie, xml: built.xml, now, caseId: row.caseId, answersId: row.id, verdict: { toewijzingNummers: built.nummers, initiatief: 'verzoek' } });
      jw301 = { id, code: 'JW301', identificatie: built.identificatie, xml: built.xml, toewijzingNummers: built.nummers };
      await tx.insert(caseEvents).values({ caseId: row.caseId!, at: now, type: 'ijw-JW301', byUser: user.username, text: `Toewijzingsbericht (JW301) verstuurd aan ${provider.name} op verzoek ${row.code} (${row.identificatie}): toewijzing ${built.nummers.join(', ')}` });
    }

    const jw319: SentMessage[] = [];
    for (const d of decision.producten) {
      if (d.besluit === 'toewijzen') continue;
      const antwoord: Jw319Antwoord = d.besluit === 'in-onderzoek' ? { soort: 'in-onderzoek' } : { soort: 'afgewezen', reden: d.reden, ...(d.woonplaatsGemeente ? { woonplaatsGemeente: d.woonplaatsGemeente } : {}) };
      const identificatie = newIdentificatie();
      const xml = build(() => buildJw319({ gemeente, aanbieder: provider.agbCode, identificatie, dagtekening: today, referentieAanbieder: d.referentieAanbieder, antwoord }));
      await validateOutgoing('JW319', xml, today);
      const id = await storeOutgoing(tx, { regionId, code: 'JW319', gemeente, agb: provider.agbCode, identificatie, xml, now, caseId: row.caseId, answersId: row.id, verdict: {} });
      jw319.push({ id, code: 'JW319', identificatie, xml, referentieAanbieder: d.referentieAanbieder });
      if (row.caseId !== null) {
        const what = d.besluit === 'in-onderzoek' ? 'aanvraag in onderzoek' : `verzoek afgewezen: ${WJ759[d.reden]}${d.woonplaatsGemeente ? ` (verantwoordelijke gemeente ${d.woonplaatsGemeente})` : ''}`;
        await tx.insert(caseEvents).values({ caseId: row.caseId, at: now, type: 'ijw-JW319', byUser: user.username, text: `Antwoordbericht (JW319) aan ${provider.name} voor ${d.referentieAanbieder}: ${what}` });
      }
    }

    // The request's new state.
    const at = now.toISOString();
    for (const d of decision.producten) {
      const s = request.producten.find((p) => p.referentieAanbieder === d.referentieAanbieder)!;
      s.by = user.username;
      s.at = at;
      if (d.besluit === 'toewijzen') {
        s.status = 'toegewezen';
        s.nummers = made.get(d.referentieAanbieder) ?? [];
        s.answerIds = [...(s.answerIds ?? []), jw301!.id];
      } else {
        s.status = d.besluit === 'in-onderzoek' ? 'in-onderzoek' : 'afgewezen';
        if (d.besluit === 'afwijzen') {
          s.reden = d.reden;
          if (d.woonplaatsGemeente) s.woonplaatsGemeente = d.woonplaatsGemeente;
        }
        s.answerIds = [...(s.answerIds ?? []), jw319.find((m) => m.referentieAanbieder === d.referentieAanbieder)!.id];
      }
    }
    request.status = request.producten.every((p) => p.status === 'toegewezen' || p.status === 'afgewezen') ? 'afgehandeld' : 'open';
    await tx.update(ijwMessages).set({ verdict }).where(eq(ijwMessages.id, row.id));
    const [fresh] = await tx.select().from(ijwMessages).where(eq(ijwMessages.id, row.id));
    return { request: (await requestViews(tx, regionId, [fresh!]))[0]!, ...(jw301 ? { jw301 } : {}), jw319 };
  });
}

// ------------------------------------------------------------------------------------------------
// Messages of a case

export interface MessageView {
  id: number;
  direction: 'in' | 'out';
  code: string | null;
  afzender: string | null;
  ontvanger: string | null;
  identificatie: string | null;
  at: string;
  valid: boolean | null;
  answersId: number | null;
  request?: RequestState;
  actions?: ActionOutcome[];
  xml: string;
}

/**
 * The iJw messages of a case: the municipality's users (toegang, gemeente) see all of them for a
 * case of their municipality; a provider sees only its own messages (sent by or to its AGB code)
 * of a case it has an allocation in. Audit-logged read of personal data.
 */
export async function caseMessages(db: Db, user: UserScope, regionId: string, caseId: number, purpose: string, _now: Date): Promise<MessageView[]> {
  const scope = dataScope(user, regionId);
  return db.transaction(async (tx) => {
    let agb: string | null = null;
    let caseCondition;
    if (scope.kind === 'municipality') caseCondition = eq(cases.municipalityCode, scope.municipalityCode);
    else if (scope.kind === 'provider') {
      caseCondition = sql`${scope.providerId} = any(${cases.providerIds})`;
      const [p] = await tx.select({ agb: providers.agbCode }).from(providers).where(eq(providers.id, scope.providerId));
      agb = p?.agb ?? null;
    } else throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const [c] = await tx.select({ id: cases.id }).from(cases).where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), caseCondition));
    if (!c) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const conditions = [eq(ijwMessages.regionId, regionId), eq(ijwMessages.caseId, caseId)];
    if (scope.kind === 'provider') conditions.push(or(eq(ijwMessages.afzender, agb ?? '-'), eq(ijwMessages.ontvanger, agb ?? '-'))!);
    const rows = await tx.select().from(ijwMessages).where(and(...conditions)).orderBy(asc(ijwMessages.at), asc(ijwMessages.id));
    await tx.insert(auditLog).values({ userId: user.userId, username: user.username, action: 'read', subjectType: 'case-messages', subjectId: String(caseId), regionId, purpose });
    return rows.map((r) => {
      const v = r.verdict as StoredVerdict | null;
      return {
        id: r.id,
        direction: r.direction as 'in' | 'out',
        code: r.code,
        afzender: r.afzender,
        ontvanger: r.ontvanger,
        identificatie: r.identificatie,
        at: r.at.toISOString(),
        valid: v?.valid ?? null,
        answersId: r.answersId,
        ...(v?.request ? { request: v.request } : {}),
        ...(v?.actions ? { actions: v.actions } : {}),
        xml: r.xml,
      };
    });
  });
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
    if (!u) throw new NotFound(`no user ${username}`);
    return { userId: u.id, username: u.username, role: u.role as UserScope['role'], regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId };
  }
  let afzender: string | undefined;
  try {
    const m = parseMessage(xml).message as unknown as { Header?: XmlObject };
    afzender = txt(m.Header, 'Afzender');
  } catch {
    /* unusable input: no sender to act as */
  }
  const p = afzender ? await providerByAgb(db, regionId, afzender) : undefined;
  if (!p) throw new BadInput(`the message's Afzender ${afzender ?? '(unreadable)'} is no provider of region ${regionId}; pass --as USERNAME`);
  return { userId: 0, username: `cli:${p.agbCode}`, role: 'aanbieder', regionId, municipalityCode: null, providerId: p.id };
}
