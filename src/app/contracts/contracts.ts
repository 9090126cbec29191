/**
 * Contract use cases (issue #6): list and search contracts, a contract with its timeline
 * (procedure, award, changes, extensions, dialogues), products and tariffs (shared with funding),
 * conditions and consortium members; announce and withdraw changes under the notice period
 * (`wijzigingstermijn`, seed 004 §4 Planning), exercise an extension option (seed 003 §5.3.1),
 * add and remove consortium members with `consortium-samenstelling` re-checked (seed 003 §5.2).
 * Each write is one transaction with the contract row locked.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { contracts, providers } from '../../db/schema.js';
import { consortiumMembers, contractChanges } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';
import { CHANGE_KINDS, checkChange, withdrawRefusal, type ChangeKind } from '../../domain/contracts/changes.js';
import { checkConsortiumChange, MEMBER_ROLES, type Member } from '../../domain/contracts/consortium.js';
import { exerciseExtension } from '../../domain/contracts/term.js';
import { addDays, isCalendarDate } from '../../domain/dates.js';

import { BadInput, NotFound } from '../errors.js';
import { loadRegionProfile, loadRegionProfileAhead } from '../landscape.js';

import { changeScope, ContractConflict, ContractRuleRefused, rulesFor } from './scope.js';
import { type ChangeView, changeView, loadContract } from './contract-read.js';

export {
  type ContractSummary,
  type NoticeView,
  noticeOf,
  type SegmentChanges,
  type ContractFilter,
  listContracts,
  type TimelineEvent,
  type ChangeView,
  type ContractDetail,
  changeView,
  contractDetail,
} from './contract-read.js';

export interface ChangeInput {
  kind: ChangeKind;
  description: string;
  announcedOn?: string;
  effectiveOn: string;
  data?: Record<string, unknown>;
}

function validateChange(input: ChangeInput): void {
  if (!CHANGE_KINDS.includes(input.kind)) throw new BadInput(`soort wijziging "${input.kind}" bestaat niet (${CHANGE_KINDS.join(', ')})`);
  if (input.kind === 'verlenging') throw new BadInput('een verlenging wordt gelicht via de verlengingsoptie van het contract, niet als wijziging');
  if (!input.description.trim()) throw new BadInput('beschrijf de wijziging');
  for (const [k, v] of [
    ['announcedOn', input.announcedOn],
    ['effectiveOn', input.effectiveOn],
  ] as const)
    if (v !== undefined && !isCalendarDate(v)) throw new BadInput(`${k}: ${v} is geen datum (JJJJ-MM-DD)`);
}

/**
 * Announces a change of one contract, or of every contract in a segment (contractId null). The
 * notice period of the profile is enforced: a late announcement is refused (422) naming the rule.
 */
export async function announceChange(
  db: Db,
  user: UserScope,
  regionId: string,
  target: { contractId: number } | { segmentId: string },
  input: ChangeInput,
  today: string,
  now: Date,
): Promise<ChangeView & { notice: ReturnType<typeof checkChange>['notice'] }> {
  const profileAsked = loadRegionProfileAhead(db, regionId);
  await changeScope(db, user, regionId);
  validateChange(input);
  const profile = await profileAsked;
  return db.transaction(async (tx) => {
    let segmentId: string;
    let contractId: number | null = null;
    let endDate: string | undefined;
    if ('contractId' in target) {
      const row = await loadContract(tx, { kind: 'region', mayChange: true }, regionId, target.contractId, true);
      segmentId = row.c.segmentId;
      contractId = row.c.id;
      endDate = row.c.endDate;
    } else {
      if (!profile.segmenten.some((s) => s.id === target.segmentId)) throw new NotFound(`segment "${target.segmentId}" bestaat niet in ${regionId}`);
      segmentId = target.segmentId;
    }
    const announcedOn = input.announcedOn ?? today;
    const check = checkChange(
      { kind: input.kind, announcedOn, effectiveOn: input.effectiveOn, ...(endDate ? { contractEndDate: endDate } : {}) },
      rulesFor(profile, segmentId),
      today,
    );
    if (check.refusals.length > 0) throw new ContractRuleRefused(check.refusals);
    const [row] = await tx
      .insert(contractChanges)
      .values({
        regionId,
        contractId,
        segmentId,
        kind: input.kind,
        description: input.description.trim(),
        announcedOn,
        effectiveOn: input.effectiveOn,
        status: 'aangekondigd',
        data: input.data ?? null,
        byUser: user.username,
        createdAt: now,
      })
      .returning();
    return { ...changeView(row!, today), notice: check.notice };
  });
}

/** Withdraws an announced change before it takes effect (409 otherwise, nothing changed). */
export async function withdrawChange(db: Db, user: UserScope, regionId: string, changeId: number, reason: string, today: string): Promise<ChangeView> {
  await changeScope(db, user, regionId);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(contractChanges)
      .where(and(eq(contractChanges.regionId, regionId), eq(contractChanges.id, changeId)))
      .for('update');
    if (!c) throw new NotFound(`wijziging ${changeId} niet gevonden`);
    if (c.kind === 'verlenging') throw new ContractConflict('een gelichte verlenging kan niet worden ingetrokken');
    const refusal = withdrawRefusal(c, today);
    if (refusal) throw new ContractConflict(refusal);
    const data = {
      ...((c.data as Record<string, unknown> | null) ?? {}),
      ingetrokkenOp: today,
      ingetrokkenDoor: user.username,
      ...(reason.trim() ? { redenIntrekking: reason.trim() } : {}),
    };
    const [row] = await tx.update(contractChanges).set({ status: 'ingetrokken', data }).where(eq(contractChanges.id, c.id)).returning();
    return changeView(row!, today);
  });
}

/** Exercises the next extension option (seed 003 §5.3.1: 5+1+1); logged as a change of kind verlenging. */
export async function exerciseContractExtension(
  db: Db,
  user: UserScope,
  regionId: string,
  contractId: number,
  today: string,
  now: Date,
): Promise<{ contractId: number; endDate: string; extensionsUsed: number; change: ChangeView }> {
  await changeScope(db, user, regionId);
  return db.transaction(async (tx) => {
    const row = await loadContract(tx, { kind: 'region', mayChange: true }, regionId, contractId, true);
    const r = exerciseExtension(row.c, today);
    if (!r.ok) throw new ContractConflict(`verlenging geweigerd: ${r.message}`);
    await tx.update(contracts).set({ endDate: r.newEndDate, extensionsUsed: r.extensionsUsed }).where(eq(contracts.id, row.c.id));
    const [ch] = await tx
      .insert(contractChanges)
      .values({
        regionId,
        contractId: row.c.id,
        segmentId: row.c.segmentId,
        kind: 'verlenging',
        description: `Verlengingsoptie ${r.extensionsUsed} van ${row.c.extensionYears.length} gelicht: ${r.optionYears} jaar, einddatum ${r.fromEndDate} → ${r.newEndDate}`,
        announcedOn: today,
        effectiveOn: addDays(r.fromEndDate, 1),
        status: 'aangekondigd',
        data: { optionYears: r.optionYears, fromEndDate: r.fromEndDate, newEndDate: r.newEndDate },
        byUser: user.username,
        createdAt: now,
      })
      .returning();
    return { contractId: row.c.id, endDate: r.newEndDate, extensionsUsed: r.extensionsUsed, change: changeView(ch!, today) };
  });
}

export interface MemberInput {
  name: string;
  kind: string;
  role: (typeof MEMBER_ROLES)[number];
  providerId?: number;
}

/** The consortium after a change, with the contract holder as lead party when no member is. */
function withHolder(members: Member[], holder: { name: string; kind: string }): Member[] {
  const consortium = members.filter((m) => m.role !== 'onderaannemer');
  if (consortium.length === 0 || consortium.some((m) => m.role === 'penvoerder')) return members;
  return [{ name: holder.name, kind: holder.kind, role: 'penvoerder' }, ...members];
}

async function membersChange(
  db: Db,
  user: UserScope,
  regionId: string,
  contractId: number,
  change: (tx: Tx, current: (typeof consortiumMembers.$inferSelect)[]) => Promise<Member[]>,
  apply: (tx: Tx) => Promise<void>,
) {
  await changeScope(db, user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const row = await loadContract(tx, { kind: 'region', mayChange: true }, regionId, contractId, true);
    const current = await tx.select().from(consortiumMembers).where(eq(consortiumMembers.contractId, row.c.id));
    const next = await change(tx, current);
    const holder = { name: row.providerName, kind: row.providerKind };
    const before = withHolder(
      current.map((m) => ({ name: m.name, kind: m.kind, role: m.role })),
      holder,
    );
    const check = checkConsortiumChange(rulesFor(profile, row.c.segmentId), before, withHolder(next, holder));
    if (check.refusals.length > 0) throw new ContractRuleRefused(check.refusals);
    await apply(tx);
    const rows = await tx.select().from(consortiumMembers).where(eq(consortiumMembers.contractId, row.c.id)).orderBy(asc(consortiumMembers.id));
    return { members: rows.map((m) => ({ id: m.id, name: m.name, kind: m.kind, role: m.role, providerId: m.providerId })), incomplete: check.incomplete };
  });
}

export async function addMember(db: Db, user: UserScope, regionId: string, contractId: number, input: MemberInput) {
  if (!input.name.trim() || !input.kind.trim()) throw new BadInput('naam en soort partij zijn verplicht');
  if (!MEMBER_ROLES.includes(input.role)) throw new BadInput(`rol "${input.role}" bestaat niet (${MEMBER_ROLES.join(', ')})`);
  if (input.providerId !== undefined) {
    const [p] = await db
      .select({ id: providers.id })
      .from(providers)
      .where(and(eq(providers.id, input.providerId), eq(providers.regionId, regionId)));
    if (!p) throw new BadInput(`aanbieder ${input.providerId} bestaat niet in ${regionId}`);
  }
  return membersChange(
    db,
    user,
    regionId,
    contractId,
    async (_tx, current) => [
      ...current.map((m) => ({ name: m.name, kind: m.kind, role: m.role })),
      { name: input.name.trim(), kind: input.kind.trim(), role: input.role },
    ],
    async (tx) => {
      await tx
        .insert(consortiumMembers)
        .values({ regionId, contractId, providerId: input.providerId ?? null, name: input.name.trim(), kind: input.kind.trim(), role: input.role });
    },
  );
}

export async function removeMember(db: Db, user: UserScope, regionId: string, contractId: number, memberId: number) {
  return membersChange(
    db,
    user,
    regionId,
    contractId,
    async (_tx, current) => {
      if (!current.some((m) => m.id === memberId)) throw new NotFound(`lid ${memberId} hoort niet bij contract ${contractId}`);
      return current.filter((m) => m.id !== memberId).map((m) => ({ name: m.name, kind: m.kind, role: m.role }));
    },
    async (tx) => {
      await tx.delete(consortiumMembers).where(and(eq(consortiumMembers.id, memberId), eq(consortiumMembers.contractId, contractId)));
    },
  );
}
