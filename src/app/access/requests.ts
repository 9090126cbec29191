/**
 * Requests from providers (JW315 verzoek om toewijzing, JW317 verzoek om wijziging) and the
 * decision officer's answers (iJw 3.2 OP274, OP344, OP346): list, link to a case, and answer per
 * requested product (JW315) or as a whole (JW317) with a JW301 (allocations made, changed or
 * removed on the case) or a JW319 (afgewezen with a WJ759 reason, or in onderzoek).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { appendAudit } from '../audit.js';
import { caseEvents, cases, ijwMessages, providers, youths } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { dutchDate } from '../../domain/dates.js';
import { parseMessage } from '../../ijw/codec.js';
import { cbsGemeenten } from '../../ijw/codelists.js';
import type { JW315, JW317 } from '../../ijw/generated/messages.js';
import { WJ759, type WJ759Code } from '../../ijw/generated/codelists.js';
import { buildJw319, type Jw319Antwoord } from '../../ijw/build/jw319.js';
import { BadInput, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { Conflict, type StoredCase } from './cases.js';
import {
  build,
  newIdentificatie,
  requireMunicipality,
  storeOutgoing,
  validateOutgoing,
  type ProductState,
  type RequestState,
  type SentMessage,
  type StoredVerdict,
} from './ijw-common.js';
import { providerByAgb } from './ijw-state.js';
import { composeJw301 } from './jw301-out.js';
import { allocate, honourChanges, omvangOf, type ToewijzenBesluit, type WantedAllocation } from './request-allocations.js';

const REQUEST_CODES = ['JW315', 'JW317'];

// ------------------------------------------------------------------------------------------------
// Requests: list, link, answer

export type ProductBesluit =
  | ToewijzenBesluit
  | {
      referentieAanbieder: string;
      besluit: 'afwijzen';
      reden: WJ759Code;
      /** With reason 8: the responsible municipality (CBS code). */ woonplaatsGemeente?: string;
    }
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

function requestView(
  row: typeof ijwMessages.$inferSelect,
  p: { name: string; id: number } | undefined,
  youth: { municipalityCode: string; givenName: string; familyName: string } | undefined,
): RequestView {
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
      client: {
        bsnMasked: `******${bsn.slice(-3)}`,
        naam,
        geboortedatum: m.Client.Geboortedatum.Datum,
        youthId: request.youthId,
        ...(youthMunicipality ? { woonplaatsGemeente: youthMunicipality } : {}),
      },
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
    client: {
      bsnMasked: `******${bsn.slice(-3)}`,
      naam: youth ? `${youth.givenName} ${youth.familyName}` : '',
      youthId: request.youthId,
      ...(youthMunicipality ? { woonplaatsGemeente: youthMunicipality } : {}),
    },
    producten: [
      { ...request.producten[0]! },
      ...(v.OngewijzigdeProducten?.OngewijzigdProduct ?? []).map((x) => ({
        referentieAanbieder: v.ReferentieAanbieder,
        status: request.producten[0]!.status,
        soort: 'ongewijzigd' as const,
        toewijzingNummer: x.ToewijzingNummer,
      })),
      ...(v.TeWijzigenProducten?.TeWijzigenProduct ?? []).map((x) => ({
        referentieAanbieder: v.ReferentieAanbieder,
        status: request.producten[0]!.status,
        soort: 'te-wijzigen' as const,
        toewijzingNummer: x.ToewijzingNummer,
        ingangsdatum: x.GewensteIngangsdatum,
        ...(x.Einddatum ? { einddatum: x.Einddatum } : {}),
      })),
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

async function requestViews(db: Tx, regionId: string, rows: (typeof ijwMessages.$inferSelect)[]): Promise<RequestView[]> {
  if (rows.length === 0) return [];
  const agbs = [...new Set(rows.map((r) => r.afzender).filter((a): a is string => !!a))];
  const ps =
    agbs.length === 0
      ? []
      : await db
          .select({ id: providers.id, name: providers.name, agbCode: providers.agbCode })
          .from(providers)
          .where(and(eq(providers.regionId, regionId), inArray(providers.agbCode, agbs)));
  const youthIds = [...new Set(rows.map((r) => (r.verdict as StoredVerdict).request?.youthId).filter((y): y is number => typeof y === 'number'))];
  const ys =
    youthIds.length === 0
      ? []
      : await db
          .select({ id: youths.id, municipalityCode: youths.municipalityCode, givenName: youths.givenName, familyName: youths.familyName })
          .from(youths)
          .where(inArray(youths.id, youthIds));
  return rows.map((r) => {
    const youthId = (r.verdict as StoredVerdict).request?.youthId;
    return requestView(
      r,
      ps.find((p) => p.agbCode === r.afzender),
      ys.find((y) => y.id === youthId),
    );
  });
}

/** Requests (JW315 / JW317) addressed to the officer's municipality; open ones unless `all`. Audit-logged. */
export async function listRequests(db: Db, user: UserScope, regionId: string, opts: { all?: boolean } = {}): Promise<RequestView[]> {
  const gemeente = requireMunicipality(user, regionId);
  const conditions = [
    eq(ijwMessages.regionId, regionId),
    eq(ijwMessages.direction, 'in'),
    inArray(ijwMessages.code, REQUEST_CODES),
    eq(ijwMessages.ontvanger, gemeente),
    sql`${ijwMessages.verdict} -> 'request' is not null`,
  ];
  if (!opts.all) conditions.push(sql`${ijwMessages.verdict} -> 'request' ->> 'status' = 'open'`);
  const rows = await db
    .select()
    .from(ijwMessages)
    .where(and(...conditions))
    .orderBy(asc(ijwMessages.at), asc(ijwMessages.id))
    .limit(500);
  const views = await requestViews(db, regionId, rows);
  if (views.length > 0) {
    await db.transaction((tx) =>
      appendAudit(
        tx,
        views.map((v) => ({
          user,
          subjectType: 'ijw-request',
          subjectId: String(v.id),
          regionId,
          purposeCode: 'berichtenverkeer',
          purpose: 'verzoeken om toewijzing beantwoorden',
        })),
      ),
    );
  }
  return views;
}

async function lockRequest(tx: Tx, regionId: string, gemeente: string, requestId: number) {
  const [row] = await tx
    .select()
    .from(ijwMessages)
    .where(
      and(
        eq(ijwMessages.id, requestId),
        eq(ijwMessages.regionId, regionId),
        eq(ijwMessages.direction, 'in'),
        inArray(ijwMessages.code, REQUEST_CODES),
        eq(ijwMessages.ontvanger, gemeente),
      ),
    )
    .for('update');
  if (!row || !(row.verdict as StoredVerdict | null)?.request) throw new NotFound(`verzoek ${requestId} niet gevonden binnen uw gemeente`);
  return row;
}

/** Links a request to a case of the officer's municipality whose youth is the request's client. */
async function link(
  tx: Tx,
  user: UserScope,
  regionId: string,
  gemeente: string,
  row: typeof ijwMessages.$inferSelect,
  caseId: number,
  now: Date,
): Promise<void> {
  if (row.caseId !== null) {
    if (row.caseId === caseId) return;
    throw new Conflict(`verzoek ${row.id} is al gekoppeld aan casus ${row.caseId}`);
  }
  const [c] = await tx
    .select({ id: cases.id, bsn: youths.bsn, youthId: youths.id })
    .from(cases)
    .innerJoin(youths, eq(youths.id, cases.youthId))
    .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), eq(cases.municipalityCode, gemeente)));
  if (!c) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
  const bsn = parseMessage(row.xml).message as { Client?: { Bsn?: string } };
  if (c.bsn !== bsn.Client?.Bsn) throw new Conflict(`casus ${caseId} hoort bij een andere jeugdige dan de cliënt van verzoek ${row.id}`);
  const verdict = row.verdict as StoredVerdict;
  verdict.request!.youthId = c.youthId;
  await tx.update(ijwMessages).set({ caseId, verdict }).where(eq(ijwMessages.id, row.id));
  row.caseId = caseId;
  await tx
    .insert(caseEvents)
    .values({ caseId, at: now, type: `ijw-${row.code}`, byUser: user.username, text: `Verzoek ${row.code} (${row.identificatie}) gekoppeld aan deze casus` });
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
  if (decision.producten.length === 0) throw new BadInput('besluit over minstens één product');
  return db.transaction(async (tx) => {
    const row = await lockRequest(tx, regionId, gemeente, requestId);
    if (decision.caseId !== undefined) await link(tx, user, regionId, gemeente, row, decision.caseId, now);
    const verdict = row.verdict as StoredVerdict;
    const request = verdict.request!;
    const code = request.kind;
    const message = parseMessage(row.xml, code).message;
    const provider = await providerByAgb(tx, regionId, row.afzender ?? '');
    if (!provider) throw new Conflict(`de afzender ${row.afzender} is geen aanbieder meer in regio ${regionId}`);

    const seen = new Set<string>();
    for (const d of decision.producten) {
      if (seen.has(d.referentieAanbieder)) throw new BadInput(`over product ${d.referentieAanbieder} wordt twee keer besloten`);
      seen.add(d.referentieAanbieder);
      const s = request.producten.find((p) => p.referentieAanbieder === d.referentieAanbieder);
      if (!s) throw new BadInput(`verzoek ${requestId} heeft geen product met ReferentieAanbieder ${d.referentieAanbieder}`);
      // TR359 / TR360: after an allocation or rejection nothing more; "in onderzoek" only once.
      if (s.status === 'toegewezen' || s.status === 'afgewezen') throw new Conflict(`product ${d.referentieAanbieder} is al ${s.status}`);
      if (d.besluit === 'in-onderzoek' && s.status === 'in-onderzoek')
        throw new Conflict(`product ${d.referentieAanbieder} is al in onderzoek; wijs het nu toe of wijs het af (TR360)`);
      if (d.besluit === 'afwijzen') {
        if (!(d.reden in WJ759))
          throw new BadInput(
            `reden ${d.reden} staat niet in WJ759 (${Object.entries(WJ759)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`,
          );
        if (d.reden === '8' && (!d.woonplaatsGemeente || !cbsGemeenten().has(d.woonplaatsGemeente)))
          throw new BadInput('reden 8 (woonplaatsbeginsel) noemt de verantwoordelijke gemeente met haar CBS-gemeentecode (woonplaatsGemeente)');
        if (d.reden !== '8' && d.woonplaatsGemeente) throw new BadInput('woonplaatsGemeente hoort alleen bij reden 8 (woonplaatsbeginsel)');
      }
    }
    const toewijzen = decision.producten.filter((d): d is Extract<ProductBesluit, { besluit: 'toewijzen' }> => d.besluit === 'toewijzen');
    if (toewijzen.length > 0 && row.caseId === null)
      throw new Conflict(`verzoek ${requestId} is niet aan een casus gekoppeld: koppel het (caseId) voordat u toewijst`);

    // Allocations on the case.
    const explicit = new Map<number, { referentieAanbieder?: string; redenWijziging?: string }>();
    const made = new Map<string, number[]>();
    let referentieVoorAlle: string | undefined;
    for (const d of toewijzen) {
      const wants: WantedAllocation[] = [];
      if (code === 'JW315') {
        const ap = (message as JW315).Client.AangevraagdeProducten.AangevraagdProduct.find((p) => p.ReferentieAanbieder === d.referentieAanbieder)!;
        wants.push({
          categorie: ap.Product?.Categorie,
          code: ap.Product?.Code,
          ingangsdatum: ap.ToewijzingIngangsdatum,
          einddatum: ap.ToewijzingEinddatum,
          beschikkingIngangsdatum: ap.BeschikkingIngangsdatum,
          omvang: omvangOf(ap.Omvang),
          budgetCents: ap.Budget !== undefined ? Number(ap.Budget) : undefined,
        });
      } else {
        // IV093: honoured as a whole, every product in the answer carries the request's reference.
        const v = (message as JW317).Client.Verzoek;
        referentieVoorAlle = v.ReferentieAanbieder;
        for (const n of v.OngewijzigdeProducten?.OngewijzigdProduct ?? [])
          explicit.set(Number(n.ToewijzingNummer), { referentieAanbieder: v.ReferentieAanbieder });
        const { changed, created } = await honourChanges(tx, user, regionId, row.caseId!, provider.id, v.TeWijzigenProducten?.TeWijzigenProduct ?? [], now);
        const [after] = await tx.select({ state: cases.state }).from(cases).where(eq(cases.id, row.caseId!));
        for (const n of changed)
          explicit.set(n, {
            referentieAanbieder: v.ReferentieAanbieder,
            redenWijziging: (after!.state as StoredCase).toewijzingen.find((t) => t.nummer === n)?.redenWijziging,
          });
        for (const n of created) explicit.set(n, { referentieAanbieder: v.ReferentieAanbieder });
        made.set(d.referentieAanbieder, [...changed, ...created]);
        for (const n of v.NieuweProducten?.NieuwProduct ?? [])
          wants.push({
            categorie: n.Product?.Categorie,
            code: n.Product?.Code,
            ingangsdatum: n.GewensteIngangsdatum,
            einddatum: n.Einddatum,
            omvang: omvangOf(n.Omvang),
            budgetCents: n.Budget !== undefined ? Number(n.Budget) : undefined,
          });
      }
      const nummers: number[] = made.get(d.referentieAanbieder) ?? [];
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
      const id = await storeOutgoing(tx, {
        regionId,
        code: 'JW301',
        gemeente,
        agb: provider.agbCode,
        identificatie: built.identificatie,
        xml: built.xml,
        now,
        caseId: row.caseId,
        answersId: row.id,
        verdict: { toewijzingNummers: built.nummers, initiatief: 'verzoek' },
      });
      jw301 = { id, code: 'JW301', identificatie: built.identificatie, xml: built.xml, toewijzingNummers: built.nummers };
      await tx.insert(caseEvents).values({
        caseId: row.caseId!,
        at: now,
        type: 'ijw-JW301',
        byUser: user.username,
        text: `Toewijzingsbericht (JW301) verstuurd aan ${provider.name} op verzoek ${row.code} (${row.identificatie}): toewijzing ${built.nummers.join(', ')}`,
      });
    }

    const jw319: SentMessage[] = [];
    for (const d of decision.producten) {
      if (d.besluit === 'toewijzen') continue;
      const antwoord: Jw319Antwoord =
        d.besluit === 'in-onderzoek'
          ? { soort: 'in-onderzoek' }
          : { soort: 'afgewezen', reden: d.reden, ...(d.woonplaatsGemeente ? { woonplaatsGemeente: d.woonplaatsGemeente } : {}) };
      const identificatie = newIdentificatie();
      const xml = build(() =>
        buildJw319({ gemeente, aanbieder: provider.agbCode, identificatie, dagtekening: today, referentieAanbieder: d.referentieAanbieder, antwoord }),
      );
      await validateOutgoing('JW319', xml, today);
      const id = await storeOutgoing(tx, {
        regionId,
        code: 'JW319',
        gemeente,
        agb: provider.agbCode,
        identificatie,
        xml,
        now,
        caseId: row.caseId,
        answersId: row.id,
        verdict: {},
      });
      jw319.push({ id, code: 'JW319', identificatie, xml, referentieAanbieder: d.referentieAanbieder });
      if (row.caseId !== null) {
        const what =
          d.besluit === 'in-onderzoek'
            ? 'aanvraag in onderzoek'
            : `verzoek afgewezen: ${WJ759[d.reden]}${d.woonplaatsGemeente ? ` (verantwoordelijke gemeente ${d.woonplaatsGemeente})` : ''}`;
        await tx.insert(caseEvents).values({
          caseId: row.caseId,
          at: now,
          type: 'ijw-JW319',
          byUser: user.username,
          text: `Antwoordbericht (JW319) aan ${provider.name} voor ${d.referentieAanbieder}: ${what}`,
        });
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
