/**
 * Steering and accountability dialogues (seed 003 §10.2-10.3; seed 004 contract talks and
 * ontwikkeltafels): schedule with an agenda, hold (minutes, agreed actions with owner and due
 * date, the KPI set frozen into kpi_snapshot, follow-up of earlier actions), cancel; complete or
 * drop an action. Open actions of earlier dialogues of the same contract (or segment) are linked to
 * the next dialogue scheduled, where they are followed up. One transaction per command; an
 * illegal transition is 409 and changes nothing.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { contracts, providers } from '../../db/schema.js';
import { dialogueActions, dialogues } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';
import {
  actionTransition,
  cycleFor,
  DIALOGUE_KINDS,
  dialogueTransition,
  holdRefusal,
  isOverdue,
  scheduleDates,
  type DialoogSoort,
} from '../../domain/contracts/dialogues.js';
import { isCalendarDate, nlDate } from '../../domain/dates.js';
import { BadInput, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { computeKpis, type KpiSnapshot } from './kpis.js';
import { changeScope, ContractConflict, contractScope, rulesFor, segmentName, type ContractScope } from './scope.js';

export interface ActionView {
  id: number;
  dialogueId: number;
  description: string;
  owner: string;
  dueOn: string;
  status: string;
  doneOn: string | null;
  followUp: string | null;
  followUpDialogueId: number | null;
  overdue: boolean;
}

export interface DialogueView {
  id: number;
  segmentId: string;
  segmentName: string;
  lotId: string | null;
  contractId: number | null;
  providerId: number | null;
  providerName: string | null;
  kind: string;
  scheduledOn: string;
  agenda: string[];
  status: string;
  heldOn: string | null;
  minutes: string | null;
  kpiSnapshot: KpiSnapshot | null;
  byUser: string;
  actions: ActionView[];
  /** Open actions of earlier dialogues to follow up in this one. */
  followUps: ActionView[];
}

const actionView = (a: typeof dialogueActions.$inferSelect, today: string): ActionView => ({
  id: a.id,
  dialogueId: a.dialogueId,
  description: a.description,
  owner: a.owner,
  dueOn: a.dueOn,
  status: a.status,
  doneOn: a.doneOn,
  followUp: a.followUp,
  followUpDialogueId: a.followUpDialogueId,
  overdue: isOverdue(a, today),
});

function dialogueScope(s: ContractScope): SQL {
  return s.kind === 'provider'
    ? sql`(${dialogues.providerId} = ${s.providerId} or ${dialogues.contractId} in (select id from contracts where provider_id = ${s.providerId}))`
    : sql`true`;
}

async function views(
  db: Tx,
  regionId: string,
  rows: { d: typeof dialogues.$inferSelect; providerName: string | null }[],
  today: string,
): Promise<DialogueView[]> {
  if (rows.length === 0) return [];
  const profile = await loadRegionProfile(db, regionId);
  const ids = rows.map((r) => r.d.id);
  const acts = await db
    .select()
    .from(dialogueActions)
    .where(
      and(eq(dialogueActions.regionId, regionId), sql`(${inArray(dialogueActions.dialogueId, ids)} or ${inArray(dialogueActions.followUpDialogueId, ids)})`),
    )
    .orderBy(asc(dialogueActions.dueOn), asc(dialogueActions.id));
  return rows.map(({ d, providerName }) => ({
    id: d.id,
    segmentId: d.segmentId,
    segmentName: segmentName(profile, d.segmentId),
    lotId: d.lotId,
    contractId: d.contractId,
    providerId: d.providerId,
    providerName,
    kind: d.kind,
    scheduledOn: d.scheduledOn,
    agenda: (d.agenda as string[]) ?? [],
    status: d.status,
    heldOn: d.heldOn,
    minutes: d.minutes,
    kpiSnapshot: (d.kpiSnapshot as KpiSnapshot | null) ?? null,
    byUser: d.byUser,
    actions: acts.filter((a) => a.dialogueId === d.id).map((a) => actionView(a, today)),
    followUps: acts.filter((a) => a.followUpDialogueId === d.id && a.dialogueId !== d.id).map((a) => actionView(a, today)),
  }));
}

export interface DialogueFilter {
  contractId?: number;
  providerId?: number;
  segmentId?: string;
  status?: 'gepland' | 'gehouden' | 'geannuleerd';
}

export async function listDialogues(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: DialogueFilter,
  today: string,
): Promise<{ rows: DialogueView[]; overdueActions: number; mayChange: boolean }> {
  const scope = await contractScope(db, user, regionId);
  const rows = await db
    .select({ d: dialogues, providerName: providers.name })
    .from(dialogues)
    .leftJoin(providers, eq(providers.id, dialogues.providerId))
    .where(
      and(
        eq(dialogues.regionId, regionId),
        dialogueScope(scope),
        filter.contractId !== undefined ? eq(dialogues.contractId, filter.contractId) : sql`true`,
        filter.providerId !== undefined ? eq(dialogues.providerId, filter.providerId) : sql`true`,
        filter.segmentId ? eq(dialogues.segmentId, filter.segmentId) : sql`true`,
        filter.status ? eq(dialogues.status, filter.status) : sql`true`,
      ),
    )
    .orderBy(desc(dialogues.scheduledOn), desc(dialogues.id))
    .limit(500);
  const out = await views(db, regionId, rows, today);
  return { rows: out, overdueActions: out.flatMap((d) => d.actions).filter((a) => a.overdue).length, mayChange: scope.mayChange };
}

export async function readDialogue(db: Db, user: UserScope, regionId: string, dialogueId: number, today: string): Promise<DialogueView> {
  const scope = await contractScope(db, user, regionId);
  const rows = await db
    .select({ d: dialogues, providerName: providers.name })
    .from(dialogues)
    .leftJoin(providers, eq(providers.id, dialogues.providerId))
    .where(and(eq(dialogues.regionId, regionId), eq(dialogues.id, dialogueId), dialogueScope(scope)));
  if (rows.length === 0) throw new NotFound(`dialoog ${dialogueId} niet gevonden binnen uw bevoegdheid`);
  return (await views(db, regionId, rows, today))[0]!;
}

export interface ScheduleInput {
  kind: DialoogSoort;
  scheduledOn: string;
  agenda: string[];
  contractId?: number;
  segmentId?: string;
  lotId?: string;
  providerId?: number;
}

/** Schedules a dialogue; open actions of earlier dialogues of the same contract (or segment) are put on its agenda for follow-up. */
export async function scheduleDialogue(db: Db, user: UserScope, regionId: string, input: ScheduleInput, today: string): Promise<DialogueView> {
  await changeScope(db, user, regionId);
  if (!DIALOGUE_KINDS.includes(input.kind)) throw new BadInput(`soort dialoog "${input.kind}" bestaat niet (${DIALOGUE_KINDS.join(', ')})`);
  if (!isCalendarDate(input.scheduledOn))
    throw new BadInput(`de datum van het gesprek (${input.scheduledOn}) is geen datum`, { errors: [{ field: 'scheduledOn', message: 'vul een datum in' }] });
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    let segmentId = input.segmentId;
    let providerId = input.providerId ?? null;
    let lotId = input.lotId ?? null;
    if (input.contractId !== undefined) {
      const [c] = await tx
        .select()
        .from(contracts)
        .where(and(eq(contracts.regionId, regionId), eq(contracts.id, input.contractId)))
        .for('update');
      if (!c) throw new NotFound(`contract ${input.contractId} niet gevonden`);
      if (segmentId && segmentId !== c.segmentId) throw new BadInput(`contract ${c.id} hoort bij segment ${c.segmentId}, niet bij ${segmentId}`);
      // A dialogue about a contract lies within its term (a date years off, e.g. 1900, is a typing error).
      if (input.scheduledOn < c.startDate || input.scheduledOn > c.endDate) {
        const term = `de looptijd van het contract (${nlDate(c.startDate)} tot en met ${nlDate(c.endDate)})`;
        throw new BadInput(`de datum van het gesprek (${nlDate(input.scheduledOn)}) ligt buiten ${term}`, {
          errors: [{ field: 'scheduledOn', message: `kies een datum binnen ${term}` }],
        });
      }
      segmentId = c.segmentId;
      providerId = c.providerId;
      lotId = c.lotId;
    }
    if (!segmentId) throw new BadInput('noem een contract of een segment');
    const seg = profile.segmenten.find((s) => s.id === segmentId);
    if (!seg) throw new NotFound(`segment "${segmentId}" bestaat niet in ${regionId}`);
    if (lotId && !seg.percelen.some((l) => l.id === lotId)) throw new BadInput(`perceel "${lotId}" bestaat niet in ${seg.naam}`);
    if (providerId !== null && input.contractId === undefined) {
      const [p] = await tx
        .select({ id: providers.id })
        .from(providers)
        .where(and(eq(providers.id, providerId), eq(providers.regionId, regionId)));
      if (!p) throw new BadInput(`aanbieder ${providerId} bestaat niet in ${regionId}`);
    }
    const agenda = input.agenda.map((a) => a.trim()).filter(Boolean);
    // Open actions of earlier dialogues in the same context, not yet linked to a follow-up dialogue.
    const context =
      input.contractId !== undefined
        ? eq(dialogues.contractId, input.contractId)
        : and(
            eq(dialogues.segmentId, segmentId),
            isNull(dialogues.contractId),
            providerId !== null ? eq(dialogues.providerId, providerId) : isNull(dialogues.providerId),
          );
    const open = await tx
      .select({ id: dialogueActions.id })
      .from(dialogueActions)
      .innerJoin(dialogues, eq(dialogues.id, dialogueActions.dialogueId))
      .where(and(eq(dialogueActions.regionId, regionId), eq(dialogueActions.status, 'open'), isNull(dialogueActions.followUpDialogueId), context));
    if (open.length > 0 && !agenda.some((a) => a.startsWith('Opvolging acties'))) agenda.push(`Opvolging acties vorige dialoog (${open.length})`);
    const [d] = await tx
      .insert(dialogues)
      .values({
        regionId,
        segmentId,
        lotId,
        contractId: input.contractId ?? null,
        providerId,
        kind: input.kind,
        scheduledOn: input.scheduledOn,
        agenda,
        status: 'gepland',
        byUser: user.username,
      })
      .returning();
    if (open.length > 0)
      await tx
        .update(dialogueActions)
        .set({ followUpDialogueId: d!.id })
        .where(
          inArray(
            dialogueActions.id,
            open.map((o) => o.id),
          ),
        );
    const rows = await tx
      .select({ d: dialogues, providerName: providers.name })
      .from(dialogues)
      .leftJoin(providers, eq(providers.id, dialogues.providerId))
      .where(eq(dialogues.id, d!.id));
    return (await views(tx, regionId, rows, today))[0]!;
  });
}

export interface HoldInput {
  heldOn?: string;
  minutes: string;
  actions: { description: string; owner: string; dueOn: string }[];
  /** Follow-up of earlier actions on the agenda: a note and optionally their new status. */
  followUps?: { actionId: number; note: string; status?: 'afgerond' | 'vervallen' }[];
}

/** Holds a planned dialogue: minutes, actions, follow-ups, and the KPI set as shown today frozen into it. */
export async function holdDialogue(db: Db, user: UserScope, regionId: string, dialogueId: number, input: HoldInput, today: string): Promise<DialogueView> {
  await changeScope(db, user, regionId);
  const heldOn = input.heldOn ?? today;
  if (!isCalendarDate(heldOn)) throw new BadInput(`heldOn: ${heldOn} is geen datum (JJJJ-MM-DD)`);
  if (!input.minutes.trim()) throw new BadInput('het verslag (minutes) is verplicht');
  for (const [i, a] of input.actions.entries()) {
    if (!a.description.trim() || !a.owner.trim()) throw new BadInput(`actie ${i + 1}: omschrijving en eigenaar zijn verplicht`);
    if (!isCalendarDate(a.dueOn)) throw new BadInput(`actie ${i + 1}: ${a.dueOn} is geen datum (JJJJ-MM-DD)`);
    if (a.dueOn < heldOn) throw new BadInput(`actie ${i + 1}: de deadline ${a.dueOn} ligt voor de dialoog (${heldOn})`);
  }
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(dialogues)
      .where(and(eq(dialogues.regionId, regionId), eq(dialogues.id, dialogueId)))
      .for('update');
    if (!d) throw new NotFound(`dialoog ${dialogueId} niet gevonden`);
    const refusal = holdRefusal(d, heldOn, today);
    if (refusal) throw new ContractConflict(refusal);
    dialogueTransition(d.status, 'gehouden');
    let providerName: string | null = null;
    if (d.providerId !== null)
      providerName = (await tx.select({ name: providers.name }).from(providers).where(eq(providers.id, d.providerId)))[0]?.name ?? null;
    const label = `${providerName ? `${providerName} in ` : ''}${segmentName(profile, d.segmentId)}`;
    const kpis = await computeKpis(tx, user, regionId, { segmentId: d.segmentId, providerId: d.providerId, label }, heldOn);
    for (const f of input.followUps ?? []) {
      const [a] = await tx
        .select()
        .from(dialogueActions)
        .where(and(eq(dialogueActions.regionId, regionId), eq(dialogueActions.id, f.actionId)))
        .for('update');
      if (!a || (a.followUpDialogueId !== d.id && a.dialogueId !== d.id)) throw new BadInput(`actie ${f.actionId} staat niet op de agenda van deze dialoog`);
      const status = f.status ? safeTransition(a.status, f.status) : a.status;
      await tx
        .update(dialogueActions)
        .set({ followUp: f.note.trim() || a.followUp, status, ...(f.status ? { doneOn: heldOn } : {}) })
        .where(eq(dialogueActions.id, a.id));
    }
    await tx.update(dialogues).set({ status: 'gehouden', heldOn, minutes: input.minutes.trim(), kpiSnapshot: kpis }).where(eq(dialogues.id, d.id));
    if (input.actions.length > 0) {
      await tx
        .insert(dialogueActions)
        .values(
          input.actions.map((a) => ({ regionId, dialogueId: d.id, description: a.description.trim(), owner: a.owner.trim(), dueOn: a.dueOn, status: 'open' })),
        );
    }
    const rows = await tx
      .select({ d: dialogues, providerName: providers.name })
      .from(dialogues)
      .leftJoin(providers, eq(providers.id, dialogues.providerId))
      .where(eq(dialogues.id, d.id));
    return (await views(tx, regionId, rows, today))[0]!;
  });
}

function safeTransition(from: string, to: 'afgerond' | 'vervallen'): string {
  try {
    return actionTransition(from, to);
  } catch (e) {
    throw new ContractConflict((e as Error).message);
  }
}

export async function cancelDialogue(db: Db, user: UserScope, regionId: string, dialogueId: number, reason: string, today: string): Promise<DialogueView> {
  await changeScope(db, user, regionId);
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(dialogues)
      .where(and(eq(dialogues.regionId, regionId), eq(dialogues.id, dialogueId)))
      .for('update');
    if (!d) throw new NotFound(`dialoog ${dialogueId} niet gevonden`);
    try {
      dialogueTransition(d.status, 'geannuleerd');
    } catch (e) {
      throw new ContractConflict((e as Error).message);
    }
    await tx
      .update(dialogues)
      .set({ status: 'geannuleerd', minutes: reason.trim() ? `Geannuleerd: ${reason.trim()}` : 'Geannuleerd' })
      .where(eq(dialogues.id, d.id));
    // Actions waiting for follow-up here go back to the pool for the next dialogue.
    await tx
      .update(dialogueActions)
      .set({ followUpDialogueId: null })
      .where(and(eq(dialogueActions.followUpDialogueId, d.id), eq(dialogueActions.status, 'open')));
    const rows = await tx
      .select({ d: dialogues, providerName: providers.name })
      .from(dialogues)
      .leftJoin(providers, eq(providers.id, dialogues.providerId))
      .where(eq(dialogues.id, d.id));
    return (await views(tx, regionId, rows, today))[0]!;
  });
}

/** Completes (afgerond) or drops (vervallen) an open action. */
export async function closeAction(
  db: Db,
  user: UserScope,
  regionId: string,
  actionId: number,
  input: { status: 'afgerond' | 'vervallen'; note?: string; doneOn?: string },
  today: string,
): Promise<ActionView> {
  await changeScope(db, user, regionId);
  const doneOn = input.doneOn ?? today;
  if (!isCalendarDate(doneOn) || doneOn > today) throw new BadInput(`doneOn: ${doneOn} is geen datum tot en met vandaag`);
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(dialogueActions)
      .where(and(eq(dialogueActions.regionId, regionId), eq(dialogueActions.id, actionId)))
      .for('update');
    if (!a) throw new NotFound(`actie ${actionId} niet gevonden`);
    const status = safeTransition(a.status, input.status);
    const [row] = await tx
      .update(dialogueActions)
      .set({ status, doneOn, followUp: input.note?.trim() || a.followUp })
      .where(eq(dialogueActions.id, a.id))
      .returning();
    return actionView(row!, today);
  });
}

/** The dialogue cycle of a contract from the profile (`dialoogcyclus`) with the next dates where the frequency is known. */
export async function dialogueCycle(db: Db, regionId: string, contract: { segmentId: string; startDate: string; endDate: string }, today: string) {
  const profile = await loadRegionProfile(db, regionId);
  const rules = rulesFor(profile, contract.segmentId);
  const seen = new Set<string>();
  return cycleFor(rules)
    .filter((c) => (seen.has(`${c.soort}|${c.niveau}`) ? false : (seen.add(`${c.soort}|${c.niveau}`), true)))
    .map((c) => {
      const rule = rules.find((r) => r.id === c.ruleId)!;
      const next = c.frequentie
        ? scheduleDates(contract.startDate, c.frequentie, today > contract.startDate ? today : contract.startDate, 4).filter((d) => d <= contract.endDate)
        : [];
      return { ...c, nextDates: next, source: { seed: rule.bron.seed, section: rule.bron.sectie, ...(rule.bron.citaat ? { quote: rule.bron.citaat } : {}) } };
    });
}
