/**
 * iJw message flow of the access module (seed 003 §4.3: the municipality decides and allocates;
 * procesbeschrijving iJw 3.2 §2.5 Verzoek om toewijzing, §3.3 Toewijzen, §4.3/4.4 Start/Stop).
 *
 * Use cases, one transaction each, in these files:
 * - ijw-receive.ts: receiveMessage (a provider's JW315/JW317/JW305/JW307/JW323 or a retour on a
 *   message of ours: validated, stored as received with its verdict, answered with its retour,
 *   acted on), cliUser.
 * - requests.ts: listRequests, linkRequest, answerRequest (the decision officer answers a JW315 per
 *   requested product or a JW317 as a whole with a JW301 or JW319).
 * - jw301-out.ts: sendAllocation (a JW301 for an allocation made on the municipality's own
 *   initiative) and the composition of every JW301 (OP087).
 * - allocation-change.ts: changeAllocation (change or withdraw an allocation, with its JW301).
 * - this file: caseMessages (the messages of a case, tenancy-scoped, audit-logged) and the
 *   re-exports the API and CLI use.
 *
 * Storage: every message in `ijw_messages`. An incoming message's `verdict` holds the validation
 * verdict plus, for a valid JW315/JW317, the request's state (`request`), and for JW305/JW307 what
 * was applied to the case (`actions`). Outgoing messages are built typed, validated before they
 * are stored (an invalid message is never sent: 422), and linked to the request they answer
 * (`answers_id`) and to their case.
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { cases, ijwMessages, providers } from '../../db/schema.js';
import { appendAudit, auditedRead, requirePurpose } from '../audit.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { NotFound } from '../errors.js';
import type { ActionOutcome, RequestState, StoredVerdict } from './ijw-common.js';

export { cliUser, receiveMessage, type ReceiveResult, type StreamedIjwMessage } from './ijw-receive.js';
export { answerRequest, linkRequest, listRequests, type AnswerResult, type ProductBesluit, type RequestDecision, type RequestView } from './requests.js';
export { sendAllocation } from './jw301-out.js';
export { changeAllocation } from './allocation-change.js';
export { InvalidOutgoing, type SentMessage } from './ijw-common.js';

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
export async function caseMessages(
  db: Db,
  user: UserScope,
  regionId: string,
  caseId: number,
  purpose: string,
  now: Date,
  explanation?: string,
): Promise<MessageView[]> {
  const p = requirePurpose(purpose, explanation);
  const scope = dataScope(user, regionId);
  const entry = { user, subjectType: 'case-messages', subjectId: String(caseId), regionId, ...p };
  return auditedRead(db, entry, now, () =>
    db.transaction(async (tx) => {
      let agb: string | null = null;
      let caseCondition;
      if (scope.kind === 'municipality') caseCondition = eq(cases.municipalityCode, scope.municipalityCode);
      else if (scope.kind === 'provider') {
        caseCondition = sql`${scope.providerId} = any(${cases.providerIds})`;
        const [p] = await tx.select({ agb: providers.agbCode }).from(providers).where(eq(providers.id, scope.providerId));
        agb = p?.agb ?? null;
      } else throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
      const [c] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), caseCondition));
      if (!c) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
      const conditions = [eq(ijwMessages.regionId, regionId), eq(ijwMessages.caseId, caseId)];
      if (scope.kind === 'provider') conditions.push(or(eq(ijwMessages.afzender, agb ?? '-'), eq(ijwMessages.ontvanger, agb ?? '-'))!);
      const rows = await tx
        .select()
        .from(ijwMessages)
        .where(and(...conditions))
        .orderBy(asc(ijwMessages.at), asc(ijwMessages.id));
      await appendAudit(tx, entry);
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
    }),
  );
}
