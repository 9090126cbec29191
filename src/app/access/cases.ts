/**
 * Access use cases: take a case through its lifecycle. Every command runs in one transaction: load
 * the case in the user's scope (row lock), evaluate the region's access rules that apply to it
 * (region-level rules and those of its segments), apply the transition, store the new state, keep
 * the allocation register current, and add a timeline event.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { allocations, caseEvents, cases, contracts, declarationLines, providers, toewijzingNummerSeq } from '../../db/schema.js';
import { codeList } from '../../ijw/codelists.js';
import {
  IllegalTransition,
  transitions,
  TRIAGE_UITKOMSTEN,
  type CaseState,
  type Mdo,
  type Verwijzing,
  type Beschikking,
  type Toewijzing,
  type TriageUitkomst,
  type Complexiteit,
  type SpoedhulpFase,
} from '../../domain/access/case.js';
import {
  needsNewAllocation,
  NOTHING_DECLARED,
  redenLabel,
  wijzigToewijzing,
  type AllocationChange,
  type Declared,
} from '../../domain/access/allocation-change.js';
import { COMMAND_ROLES } from '../../domain/access/commands.js';
import { applicableRules, checkAction, type AccessAction, type AccessRuleSet, type RuleContext, type RuleHit } from '../../domain/access/access-rules.js';
import type { UserScope } from '../../domain/access/roles.js';
import { dutchDate, nlDate } from '../../domain/dates.js';
import { BadInput, FieldRefused, Forbidden, NotFound } from '../errors.js';
import { deelnemerNaam, guardDecision, guardMdo, guardReferral } from '../../domain/access/input-guards.js';
import { loadRegionProfile } from '../landscape.js';
import { accessRuleSet, Conflict, familyStates, forViewer, RuleBlocked, scopeCondition, view, type CaseView, type StoredCase } from './case-store.js';
import { keepFactsAfter, keepFactsBefore } from '../steering/facts-store.js';

export { accessRules, accessRuleSet, assertPurpose, Conflict, RuleBlocked, type CaseView, type StoredCase } from './case-store.js';

export type CaseCommand =
  | { type: 'verheldering' }
  | { type: 'triage'; uitkomsten: TriageUitkomst[]; complexiteit: Complexiteit; domeinoverstijgend: boolean }
  | { type: 'mdo'; mdo: Mdo }
  | { type: 'analyse'; verklarendeAnalyse: boolean; ambulanteAlternatieven: string; diagnostiekAfgerond: boolean }
  | { type: 'verwijzing'; verwijzing: Omit<Verwijzing, 'id'> }
  | { type: 'beschikking'; beschikking: Omit<Beschikking, 'id' | 'datum'> }
  | { type: 'toewijzing'; toewijzing: Omit<Toewijzing, 'status' | 'nummer'> }
  /** Change or withdraw an allocation; only through changeAllocation (allocation-change.ts) or a honoured JW317, which send the JW301. */
  | { type: 'toewijzing-wijzigen'; wijziging: AllocationChange }
  | { type: 'start'; nummer: number; datum: string }
  | { type: 'stop'; nummer: number; datum: string; reden: string }
  | { type: 'overbrugging'; nummer: number }
  | { type: 'spoedhulp'; nummer: number; fase: SpoedhulpFase; datum: string }
  | { type: 'regie'; regievoerder?: string; regievoerderPartij?: string; procesregisseur?: string; procesregiePartij?: string }
  | { type: 'signaal-afgehandeld'; ruleId: string }
  | { type: 'afsluiten'; waakvlam: boolean; contactpersoon?: string }
  | { type: 'nazorg-beeindigen' };

/** Commands that name one allocation, which a provider may only give for its own allocations. */
const PER_ALLOCATION = new Set<CaseCommand['type']>(['start', 'stop', 'overbrugging', 'spoedhulp']);

/** The rule action a command is checked as (null: a command no access rule looks at). Shared with the demo's bulk caseload. */
export function commandAction(cmd: CaseCommand, today: string): AccessAction | null {
  switch (cmd.type) {
    case 'verwijzing':
      return { kind: 'verwijzing', verwijzing: cmd.verwijzing };
    case 'beschikking':
      return { kind: 'beschikking', beschikking: { ...cmd.beschikking, datum: today } };
    case 'toewijzing':
      return { kind: 'toewijzing', toewijzing: cmd.toewijzing };
    case 'regie':
      // A new regievoerder is set for the whole family at once (see below), so the family never has two.
      return {
        kind: 'regie',
        regievoerder: cmd.regievoerder,
        regievoerderPartij: cmd.regievoerderPartij,
        procesregisseur: cmd.procesregisseur,
        procesregiePartij: cmd.procesregiePartij,
        familyWide: true,
      };
    default:
      return null;
  }
}

/**
 * Rule actions of an allocation change, known once it is applied: a period that got longer and a
 * new allocation are checked like a new allocation (end age, crisis duration...).
 */
export function changeActions(before: CaseState, after: CaseState): AccessAction[] {
  return after.toewijzingen
    .filter((t) => {
      const old = before.toewijzingen.find((x) => x.nummer === t.nummer);
      return t.status !== 'ingetrokken' && (!old || t.einddatum > old.einddatum);
    })
    .map((t) => ({
      kind: 'toewijzing',
      toewijzing: {
        wijziging: !!before.toewijzingen.find((x) => x.nummer === t.nummer),
        segmentId: t.segmentId,
        ingangsdatum: t.ingangsdatum,
        einddatum: t.einddatum,
        beschikkingId: t.beschikkingId,
        productCategorie: t.productCategorie,
        ...(t.productCode ? { productCode: t.productCode } : {}),
        ...(t.product ? { product: t.product } : {}),
      },
    }));
}

/** A blocking hit refuses the command, with every blocking hit named. */
export function refuseBlocking(hits: readonly RuleHit[]): void {
  const blocking = hits.filter((h) => h.severity === 'blocking');
  if (blocking.length > 0) throw new RuleBlocked(blocking);
}

/** An allocation change is checked like an allocation once its new period is known: its hits are added to `hits`, a blocking one refuses it. */
export function checkAllocationChange(rules: AccessRuleSet, before: StoredCase, after: StoredCase, ctx: RuleContext, hits: RuleHit[]): void {
  for (const a of changeActions(before, after)) hits.push(...checkAction(applicableRules(rules, after, a), after, a, ctx));
  refuseBlocking(hits);
}

const FASE = { voor: 'vóór', tijdens: 'tijdens', na: 'na' } as const;
const euro = (cents: number) => `€ ${(cents / 100).toFixed(2).replace('.', ',')}`;
const omvangText = (o: Toewijzing['omvang']) =>
  o
    ? `${o.volume} ${codeList('WJ756').get(o.eenheid)?.omschrijving.toLowerCase() ?? `eenheid ${o.eenheid}`} ${codeList('WMO757').get(o.frequentie)?.omschrijving.toLowerCase() ?? `frequentie ${o.frequentie}`}`
    : 'geen omvang';

/** The timeline text of an allocation change: what changed, with the JZ002 reason. */
function describeChange(before: CaseState, after: CaseState, w: AllocationChange): string {
  const old = before.toewijzingen.find((t) => t.nummer === w.nummer)!;
  const now = after.toewijzingen.find((t) => t.nummer === w.nummer)!;
  const created = after.toewijzingen.find((t) => !before.toewijzingen.some((x) => x.nummer === t.nummer));
  const reden = `reden: ${redenLabel(now.redenWijziging ?? '').toLowerCase()}`;
  if (now.status === 'ingetrokken' && !created) return `Toewijzing ${w.nummer} verwijderd (${reden})`;
  const parts: string[] = [];
  if (now.einddatum !== old.einddatum) parts.push(`einddatum ${nlDate(old.einddatum)} → ${nlDate(now.einddatum)}`);
  if (now.budgetCents !== old.budgetCents && now.budgetCents !== undefined)
    parts.push(`budget ${old.budgetCents !== undefined ? euro(old.budgetCents) : 'geen'} → ${euro(now.budgetCents)}`);
  if (!created && now.omvang && old.omvang && now.omvang.volume !== old.omvang.volume)
    parts.push(`omvang ${omvangText(old.omvang)} → ${omvangText(now.omvang)}`);
  const text =
    now.status === 'ingetrokken' ? `Toewijzing ${w.nummer} verwijderd (${reden})` : `Toewijzing ${w.nummer} gewijzigd: ${parts.join(', ')} (${reden})`;
  return created
    ? `${text}; nieuwe toewijzing ${created.nummer} vanaf ${nlDate(created.ingangsdatum)} t/m ${nlDate(created.einddatum)} met omvang ${omvangText(created.omvang)}`
    : text;
}

/** The timeline text of a command, in Dutch with names instead of codes. */
export function describeCommand(cmd: CaseCommand, before: StoredCase, s: StoredCase, names: { segment(id: string): string; provider?: string }): string {
  switch (cmd.type) {
    case 'verheldering':
      return 'Vraagverheldering gestart';
    case 'triage':
      return `Triage: ${cmd.uitkomsten.map((u) => TRIAGE_UITKOMSTEN[u].toLowerCase()).join('; ')} (${cmd.complexiteit}${cmd.domeinoverstijgend ? ', domeinoverstijgend' : ''})`;
    case 'mdo':
      return `MDO ${nlDate(cmd.mdo.datum)} met ${cmd.mdo.deelnemers.map((d) => deelnemerNaam(d).toLowerCase()).join(', ')}: ${cmd.mdo.overeenstemming ? 'overeenstemming' : 'geen overeenstemming'}${cmd.mdo.escalatiestap ? `, escalatie: ${cmd.mdo.escalatiestap}` : ''}`;
    case 'analyse':
      return `Analyse vastgelegd: ${[cmd.verklarendeAnalyse ? 'verklarende analyse gemaakt' : 'geen verklarende analyse', cmd.diagnostiekAfgerond ? 'diagnostiek afgerond' : 'diagnostiek niet afgerond'].join(', ')}${cmd.ambulanteAlternatieven.trim() ? '; ambulante alternatieven onderzocht' : ''}`;
    case 'verwijzing':
      return `Verwijzing naar ${names.segment(cmd.verwijzing.segmentId)} door ${codeList('COD327').get(cmd.verwijzing.verwijzer)?.omschrijving.toLowerCase() ?? `verwijzer ${cmd.verwijzing.verwijzer}`}${cmd.verwijzing.viaGebied ? ` via ${cmd.verwijzing.viaGebied}` : ''} (${cmd.verwijzing.kader})`;
    case 'beschikking':
      return `Beschikking ${names.segment(cmd.beschikking.segmentId)} ${nlDate(cmd.beschikking.ingangsdatum)} t/m ${nlDate(cmd.beschikking.einddatum)}`;
    case 'toewijzing':
      return `Toewijzing ${s.toewijzingen.at(-1)?.nummer}: ${codeList('JZ020').get(cmd.toewijzing.productCategorie)?.omschrijving ?? `productcategorie ${cmd.toewijzing.productCategorie}`}${cmd.toewijzing.productCode ? ` (${cmd.toewijzing.productCode})` : ''} aan ${names.provider ?? `aanbieder ${cmd.toewijzing.providerId}`}`;
    case 'toewijzing-wijzigen':
      return describeChange(before, s, cmd.wijziging);
    case 'start':
      return `Start zorg toewijzing ${cmd.nummer} op ${nlDate(cmd.datum)}`;
    case 'stop':
      return `${cmd.reden === '20' ? 'Tijdelijke stop' : 'Stop'} zorg toewijzing ${cmd.nummer} op ${nlDate(cmd.datum)} (reden: ${codeList('JZ588').get(cmd.reden)?.omschrijving.toLowerCase() ?? `code ${cmd.reden}`})`;
    case 'overbrugging':
      return `Overbruggingszorg vastgelegd voor toewijzing ${cmd.nummer}`;
    case 'spoedhulp':
      return `Ambulante spoedhulp ${FASE[cmd.fase]} de plaatsing (toewijzing ${cmd.nummer}) vastgelegd op ${nlDate(cmd.datum)}`;
    case 'regie':
      return (
        [
          cmd.regievoerder && `Regievoerder: ${cmd.regievoerder}`,
          cmd.procesregisseur && `procesregisseur: ${cmd.procesregisseur}${cmd.procesregiePartij ? ` (${cmd.procesregiePartij})` : ''}`,
        ]
          .filter(Boolean)
          .join('; ') || 'Regie vastgelegd'
      );
    case 'afsluiten':
      return cmd.waakvlam ? `Afgesloten met waakvlamcontact${cmd.contactpersoon ? ` (${cmd.contactpersoon})` : ''}` : 'Afgesloten';
    case 'signaal-afgehandeld':
      return 'Signaal afgehandeld';
    case 'nazorg-beeindigen':
      return 'Nazorg (waakvlam) beëindigd; casus afgesloten';
  }
}

/** What was approved on an allocation and not credited: its last day, volume and amount (UP031: a change keeps that lawful). */
async function declaredOn(tx: Tx, regionId: string, nummer: number): Promise<Declared> {
  const [d] = await tx
    .select({
      totEnMet: sql<string | null>`max(${declarationLines.einddatum})::text`,
      volume: sql<number>`coalesce(sum(${declarationLines.volume}), 0)::int`,
      bedrag: sql<number>`coalesce(sum(${declarationLines.amountCents}), 0)::bigint`,
    })
    .from(declarationLines)
    .where(
      and(
        eq(declarationLines.regionId, regionId),
        eq(declarationLines.toewijzingNummer, nummer),
        eq(declarationLines.approved, true),
        eq(declarationLines.credited, false),
        eq(declarationLines.debetCredit, 'D'),
      ),
    );
  return { totEnMet: d?.totEnMet ?? null, volume: Number(d?.volume ?? 0), bedragCents: Number(d?.bedrag ?? 0) };
}

async function nextToewijzingNummer(tx: Tx): Promise<number> {
  const result = (await tx.execute(sql`select nextval(${toewijzingNummerSeq.seqName})::int as nummer`)) as unknown as { rows: { nummer: number }[] };
  return Number(result.rows[0]!.nummer);
}

/** The allocation register that settlement uses (src/app/funding/settle.ts): the row of a new allocation of case `row`. */
export function allocationValues(
  row: Pick<typeof cases.$inferSelect, 'id' | 'regionId' | 'youthId' | 'municipalityCode'>,
  t: Toewijzing,
): typeof allocations.$inferInsert {
  return {
    regionId: row.regionId,
    toewijzingNummer: t.nummer,
    youthId: row.youthId,
    providerId: t.providerId,
    segmentId: t.segmentId,
    municipalityCode: row.municipalityCode,
    caseId: row.id,
    productCategorie: t.productCategorie,
    productCode: t.productCode ?? null,
    ingangsdatum: t.ingangsdatum,
    einddatum: t.einddatum,
    volume: t.omvang?.volume ?? null,
    eenheid: t.omvang?.eenheid ?? null,
    frequentie: t.omvang?.frequentie ?? null,
    budgetCents: t.budgetCents ?? null,
  };
}

/** The columns of the allocation register that an allocation change sets. */
export function changedAllocationValues(t: Toewijzing) {
  return {
    einddatum: t.einddatum,
    volume: t.omvang?.volume ?? null,
    eenheid: t.omvang?.eenheid ?? null,
    frequentie: t.omvang?.frequentie ?? null,
    budgetCents: t.budgetCents ?? null,
    redenWijziging: t.redenWijziging ?? null,
  };
}

async function registerAllocation(tx: Tx, row: typeof cases.$inferSelect, t: Toewijzing): Promise<void> {
  await tx.insert(allocations).values(allocationValues(row, t));
}

/** The allocation register after a change: the changed row, and the new allocation when the change made one. */
async function registerChange(tx: Tx, row: typeof cases.$inferSelect, before: CaseState, after: CaseState, nummer: number): Promise<void> {
  const t = after.toewijzingen.find((x) => x.nummer === nummer)!;
  await tx
    .update(allocations)
    .set(changedAllocationValues(t))
    .where(and(eq(allocations.regionId, row.regionId), eq(allocations.toewijzingNummer, nummer)));
  for (const created of after.toewijzingen.filter((x) => !before.toewijzingen.some((b) => b.nummer === x.nummer))) await registerAllocation(tx, row, created);
}

/**
 * Applies a command to a case. Blocking rule hits refuse it (422, nothing changes); an illegal
 * transition is a 409; a stale `expectedVersion` is a 409.
 */
export async function applyCaseCommand(
  db: Tx,
  user: UserScope,
  regionId: string,
  caseId: number,
  cmd: CaseCommand,
  now: Date,
  expectedVersion?: number,
  /**
   * `onProviderRequest`: the command answers a provider's request for allocation (JW315). Such a
   * decision may take effect from the requested start, before the referral was recorded in the case
   * (a decision with retroactive effect); the date guard is for decisions entered on the case screen.
   */
  opts: { onProviderRequest?: boolean } = {},
): Promise<CaseView & { hits: RuleHit[] }> {
  const allowed = COMMAND_ROLES[cmd.type];
  if (!allowed) throw new BadInput(`onbekende opdracht "${(cmd as { type: string }).type}"`);
  if (!allowed.includes(user.role)) throw new Forbidden(`de rol ${user.role} mag "${cmd.type}" niet doen (wel: ${allowed.join(', ')})`);
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRuleSet(profile);
  const today = dutchDate(now);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.id, caseId), scopeCondition(user, regionId)))
      .for('update');
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    if (expectedVersion !== undefined && row.version !== expectedVersion)
      throw new Conflict(`de casus is intussen gewijzigd (versie ${row.version}, u had ${expectedVersion}); laad haar opnieuw`);
    const state = row.state as StoredCase;
    if (PER_ALLOCATION.has(cmd.type) && user.role === 'aanbieder') {
      const nummer = (cmd as { nummer: number }).nummer;
      const t = state.toewijzingen.find((x) => x.nummer === nummer);
      if (!t || t.providerId !== user.providerId) throw new NotFound(`toewijzing ${nummer} niet gevonden binnen uw bevoegdheid`);
    }
    const guards =
      cmd.type === 'verwijzing'
        ? guardReferral(cmd.verwijzing, today)
        : cmd.type === 'beschikking' && !opts.onProviderRequest
          ? guardDecision(state, cmd.beschikking)
          : cmd.type === 'mdo'
            ? guardMdo(applicableRules(rules, state), state, cmd.mdo)
            : [];
    if (guards.length > 0) throw new FieldRefused(guards);
    const family = await familyStates(tx, row);
    const action = commandAction(cmd, today);
    // The provider's contracts, for the rule that allocations go to contracted providers only.
    const contracten =
      cmd.type === 'toewijzing'
        ? await tx
            .select({ segmentId: contracts.segmentId, startDate: contracts.startDate, endDate: contracts.endDate })
            .from(contracts)
            .where(and(eq(contracts.regionId, regionId), eq(contracts.providerId, cmd.toewijzing.providerId)))
        : undefined;
    const hits = action ? checkAction(applicableRules(rules, state, action), state, action, { today, family, ...(contracten ? { contracten } : {}) }) : [];
    refuseBlocking(hits);
    // The KPI facts of this youth and case are kept on write (no full refresh of the region).
    const kept = await keepFactsBefore(tx, regionId, { youthIds: [row.youthId], caseIds: [row.id] });
    let next: StoredCase;
    try {
      next = await transition(tx, regionId, state, cmd, today, now, user);
    } catch (e) {
      if (e instanceof IllegalTransition) throw new Conflict(e.message);
      throw e;
    }
    if (cmd.type === 'toewijzing-wijzigen') {
      checkAllocationChange(rules, state, next, { today, family }, hits);
      await registerChange(tx, row, state, next, cmd.wijziging.nummer);
    }
    if (cmd.type === 'toewijzing') await registerAllocation(tx, row, next.toewijzingen.at(-1)!);
    if (cmd.type === 'stop' && cmd.reden !== '20') {
      // The JW307's RedenBeeindiging in the register: uitval is derived from it (CBS §4.2, outcome 1), never entered again.
      await tx
        .update(allocations)
        .set({ stopdatum: cmd.datum, redenBeeindiging: cmd.reden })
        .where(and(eq(allocations.regionId, regionId), eq(allocations.toewijzingNummer, cmd.nummer)));
    }
    const providerIds = [...new Set(next.toewijzingen.map((t) => t.providerId))];
    const [updated] = await tx
      .update(cases)
      .set({ state: next, status: next.status, regievoerder: next.regievoerder ?? null, providerIds, version: row.version + 1, updatedAt: now })
      .where(eq(cases.id, row.id))
      .returning();
    if (cmd.type === 'regie' && cmd.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): a handover applies to every open case of the family.
      const siblings = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.familyId, row.familyId), sql`${cases.id} <> ${row.id}`, sql`${cases.status} <> 'afgesloten'`))
        .for('update');
      for (const sib of siblings) {
        const st = { ...(sib.state as StoredCase), regievoerder: cmd.regievoerder };
        await tx
          .update(cases)
          .set({ state: st, regievoerder: cmd.regievoerder, version: sib.version + 1, updatedAt: now })
          .where(eq(cases.id, sib.id));
        await tx
          .insert(caseEvents)
          .values({ caseId: sib.id, at: now, type: 'regie', byUser: user.username, text: `Regievoerder van het gezin: ${cmd.regievoerder}` });
      }
    }
    await keepFactsAfter(tx, kept);
    const [provider] =
      cmd.type === 'toewijzing' ? await tx.select({ name: providers.name }).from(providers).where(eq(providers.id, cmd.toewijzing.providerId)) : [];
    const segmentName = (id: string) => profile.segmenten.find((x) => x.id === id)?.naam ?? id;
    await tx.insert(caseEvents).values({
      caseId: row.id,
      at: now,
      type: cmd.type,
      byUser: user.username,
      text: describeCommand(cmd, state, next, { segment: segmentName, provider: provider?.name }),
      data: hits.length > 0 ? { signals: hits } : null,
    });
    return { ...forViewer(user, regionId, view(updated!, rules, family, today, user)), hits };
  });
}

async function transition(tx: Tx, regionId: string, s: StoredCase, cmd: CaseCommand, today: string, now: Date, user: UserScope): Promise<StoredCase> {
  if (cmd.type === 'toewijzing') return caseTransition(s, cmd, today, now, user, { nummer: await nextToewijzingNummer(tx) });
  if (cmd.type === 'toewijzing-wijzigen') {
    const declared = await declaredOn(tx, regionId, cmd.wijziging.nummer);
    const nummer = needsNewAllocation(s, cmd.wijziging) ? await nextToewijzingNummer(tx) : undefined;
    return caseTransition(s, cmd, today, now, user, { declared, ...(nummer !== undefined ? { nummer } : {}) });
  }
  return caseTransition(s, cmd, today, now, user, {});
}

/**
 * The state after a command, by the domain's transitions (pure). `io` carries what the database
 * gives: the ToewijzingNummer of a new allocation (also the one a change of extent creates) and what
 * was declared on a changed allocation. Shared with the demo's bulk caseload (src/demo/case-rows.ts).
 */
export function caseTransition(
  s: StoredCase,
  cmd: CaseCommand,
  today: string,
  now: Date,
  user: Pick<UserScope, 'username'>,
  io: { nummer?: number; declared?: Declared },
): StoredCase {
  const keep = (next: CaseState): StoredCase => ({ ...next, afgehandeld: s.afgehandeld });
  switch (cmd.type) {
    case 'verheldering':
      return keep(transitions.verheldering(s));
    case 'triage':
      return keep(
        transitions.triage(s, { datum: today, uitkomsten: cmd.uitkomsten, complexiteit: cmd.complexiteit, domeinoverstijgend: cmd.domeinoverstijgend }),
      );
    case 'mdo':
      return keep(transitions.mdo(s, cmd.mdo));
    case 'analyse':
      return keep(
        transitions.analyse(s, {
          verklarendeAnalyse: cmd.verklarendeAnalyse,
          ambulanteAlternatieven: cmd.ambulanteAlternatieven,
          diagnostiekAfgerond: cmd.diagnostiekAfgerond,
        }),
      );
    case 'verwijzing':
      return keep(transitions.verwijzing(s, cmd.verwijzing));
    case 'beschikking':
      return keep(transitions.beschikking(s, { ...cmd.beschikking, datum: today }));
    case 'toewijzing':
      if (io.nummer === undefined) throw new Error('toewijzing: no ToewijzingNummer given');
      return keep(transitions.toewijzing(s, { ...cmd.toewijzing, nummer: io.nummer }));
    case 'toewijzing-wijzigen':
      return keep(
        wijzigToewijzing(s, cmd.wijziging, {
          at: now.toISOString(),
          declared: io.declared ?? NOTHING_DECLARED,
          ...(io.nummer !== undefined ? { nieuwNummer: io.nummer } : {}),
        }).state,
      );
    case 'start':
      return keep(transitions.start(s, cmd.nummer, cmd.datum));
    case 'stop':
      return keep(transitions.stop(s, cmd.nummer, cmd.datum, cmd.reden));
    case 'overbrugging':
      return keep(transitions.overbrugging(s, cmd.nummer));
    case 'spoedhulp':
      return keep(transitions.spoedhulp(s, cmd.nummer, cmd.fase, cmd.datum));
    case 'regie':
      return keep(transitions.regie(s, { regievoerder: cmd.regievoerder, procesregisseur: cmd.procesregisseur }));
    case 'signaal-afgehandeld':
      return { ...s, afgehandeld: [...s.afgehandeld, { ruleId: cmd.ruleId, datum: today, door: user.username }] };
    case 'afsluiten':
      return keep(transitions.afsluiten(s, { waakvlam: cmd.waakvlam, contactpersoon: cmd.contactpersoon }));
    case 'nazorg-beeindigen':
      return keep(transitions.nazorgBeeindigen(s));
  }
}
