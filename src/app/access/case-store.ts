/**
 * What the access use cases share: the stored case, its API view (with signals and the commands
 * the user may give), the region's rules by scope, the tenancy condition of case queries, and the
 * errors of refused commands.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { cases } from '../../db/schema.js';
import type { CaseState } from '../../domain/access/case.js';
import { allowedCommands, stateAllows, type CommandType } from '../../domain/access/commands.js';
import {
  applicableRules,
  caseSignals,
  mdoRequirements,
  ruleSet,
  type AccessRuleSet,
  type MdoRequirement,
  type RuleHit,
} from '../../domain/access/access-rules.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { checkPurpose } from '../../domain/audit/audit.js';
import { caseStateForProvider } from '../../domain/access/visibility.js';
import type { Regel } from '../../domain/landscape/profile-schema.js';
import { AppError, BadInput } from '../errors.js';
import type { loadRegionProfile } from '../landscape.js';

type Profile = Awaited<ReturnType<typeof loadRegionProfile>>;

/** A blocking rule refused the action; the hits name the rules and their sources. */
export class RuleBlocked extends AppError {
  constructor(readonly hits: RuleHit[]) {
    super(422, 'Geweigerd door een regel van de regio', hits.map((h) => h.message).join(' | '), { rules: hits });
  }
}

export class Conflict extends AppError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

/** Stored state: the domain CaseState plus the signals a professional marked handled. */
export interface StoredCase extends CaseState {
  afgehandeld: { ruleId: string; datum: string; door: string }[];
}

export interface CaseView {
  id: number;
  regionId: string;
  familyId: number;
  youthId: number;
  municipalityCode: string;
  areaId: string | null;
  version: number;
  state: StoredCase;
  signals: RuleHit[];
  /** The MDOs the region's rules ask of this case and whether they are met (the web app does not read rules itself). */
  mdoVereist: MdoRequirement[];
  /** The commands this user may give on the case now (role and state); the web app offers these. */
  allowedCommands: CommandType[];
}

/** All access rules of a region, region level plus every segment's own rules (to look a rule up by id). */
export function accessRules(profile: Profile): Regel[] {
  return [...profile.regels, ...profile.segmenten.flatMap((s) => s.regels)];
}

/** The region's access rules by scope: segment rules apply only to cases in their segment (applicableRules). */
export function accessRuleSet(profile: Profile): AccessRuleSet {
  return ruleSet(profile);
}

export function scopeCondition(user: UserScope, regionId: string) {
  const scope = dataScope(user, regionId);
  switch (scope.kind) {
    case 'municipality':
      return and(eq(cases.regionId, regionId), eq(cases.municipalityCode, scope.municipalityCode));
    case 'provider':
      return and(eq(cases.regionId, regionId), sql`${scope.providerId} = any(${cases.providerIds})`);
    default:
      return sql`false`; // regional roles see no personal data (aggregates only)
  }
}

/** The signals of a case: the rules that apply to it (region plus its segments), minus those marked handled. */
export function signalsOf(rules: AccessRuleSet, state: StoredCase, family: CaseState[], today: string): RuleHit[] {
  return caseSignals(applicableRules(rules, state), state, { today, family, handled: state.afgehandeld.map((h) => h.ruleId) });
}

/**
 * The commands the user may give: role and state (domain), and `spoedhulp` only where a rule of the
 * case asks for ambulatory emergency help around one of its allocations.
 */
export function commandsFor(user: UserScope, rules: AccessRuleSet, state: StoredCase): CommandType[] {
  const spoedhulp = applicableRules(rules, state).some(
    (r) => r.type === 'ambulante-spoedhulp-bij-plaatsing' && state.toewijzingen.some((t) => t.status !== 'ingetrokken' && r.segmenten.includes(t.segmentId)),
  );
  return allowedCommands(state, user.role).filter((c) => c !== 'spoedhulp' || spoedhulp);
}

export function view(row: typeof cases.$inferSelect, rules: AccessRuleSet, family: CaseState[], today: string, user: UserScope): CaseView {
  const state = row.state as StoredCase;
  return {
    id: row.id,
    regionId: row.regionId,
    familyId: row.familyId,
    youthId: row.youthId,
    municipalityCode: row.municipalityCode,
    areaId: row.areaId,
    version: row.version,
    state,
    signals: signalsOf(rules, state, family, today),
    mdoVereist: mdoRequirements(applicableRules(rules, state), state),
    allowedCommands: commandsFor(user, rules, state),
  };
}

export async function familyStates(tx: Tx, row: typeof cases.$inferSelect): Promise<CaseState[]> {
  const rows = await tx.select({ state: cases.state, id: cases.id }).from(cases).where(eq(cases.familyId, row.familyId));
  return rows.filter((r) => r.id !== row.id).map((r) => r.state as CaseState);
}

/** A provider sees only its own allocations of a case, and no signals about the rest of it. */
export function forViewer<T extends CaseView>(user: UserScope, regionId: string, v: T): T {
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'provider') return v;
  const own = v.state.toewijzingen.filter((t) => t.providerId === scope.providerId);
  const numbers = new Set(own.map((t) => String(t.nummer)));
  const ownState = { ...v.state, toewijzingen: own };
  // What the provider needs to deliver its own allocations only (src/domain/access/visibility.ts).
  const state = { ...caseStateForProvider(v.state, scope.providerId), afgehandeld: v.state.afgehandeld } as unknown as StoredCase;
  return {
    ...v,
    state,
    signals: v.signals.filter((sg) => [...numbers].some((n) => sg.message.includes(n))),
    allowedCommands: v.allowedCommands.filter((c) => stateAllows(ownState, c)),
  };
}

/** The purpose of a read is logged: it must say why, and never carry a BSN (DESIGN.md: BSN never in logs). */
export function assertPurpose(purpose: string, explanation?: string | null): void {
  const c = checkPurpose(purpose, explanation);
  if (!c.ok) throw new BadInput(c.problem);
}
