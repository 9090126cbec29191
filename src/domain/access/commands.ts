/**
 * Which lifecycle commands a role may give, and which of them a case allows in its current state.
 * The API returns `allowedCommands` with every case so the web app offers exactly these actions
 * instead of copying the transition table. The status groups are the ones the transitions in
 * case.ts check, so the list and the transitions cannot drift apart.
 */
import { ACTIVE, DECIDED, isExterneVerwijzer, OPEN_FOR_TRIAGE, REFERRED, type CaseState } from './case.js';
import type { Role } from './roles.js';

export const COMMAND_TYPES = [
  'verheldering',
  'triage',
  'mdo',
  'analyse',
  'verwijzing',
  'beschikking',
  'toewijzing',
  'toewijzing-wijzigen',
  'start',
  'stop',
  'overbrugging',
  'spoedhulp',
  'regie',
  'signaal-afgehandeld',
  'afsluiten',
  'nazorg-beeindigen',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** Who may give which command (seed 003 §4.3: the municipality takes the formal decision and allocates). */
export const COMMAND_ROLES: Record<CommandType, readonly Role[]> = {
  verheldering: ['toegang'],
  triage: ['toegang'],
  mdo: ['toegang'],
  analyse: ['toegang'],
  verwijzing: ['toegang'],
  beschikking: ['gemeente'],
  toewijzing: ['gemeente'],
  'toewijzing-wijzigen': ['gemeente'],
  start: ['aanbieder', 'gemeente'],
  stop: ['aanbieder', 'gemeente'],
  overbrugging: ['toegang', 'aanbieder'],
  spoedhulp: ['toegang', 'aanbieder'],
  regie: ['toegang'],
  'signaal-afgehandeld': ['toegang'],
  afsluiten: ['toegang'],
  'nazorg-beeindigen': ['toegang'],
};

/**
 * Whether the case's state allows the command at all (for some input), regardless of role.
 * `verwijzing` before triage is possible for an external referrer only (EXTERNE_VERWIJZERS).
 */
export function stateAllows(s: CaseState, type: CommandType): boolean {
  const open = s.status !== 'afgesloten';
  const live = s.toewijzingen.filter((t) => t.status !== 'ingetrokken');
  switch (type) {
    case 'verheldering':
      return s.status === 'aangemeld';
    case 'triage':
      return OPEN_FOR_TRIAGE.includes(s.status);
    case 'mdo':
    case 'analyse':
      return ACTIVE.includes(s.status);
    case 'verwijzing':
      return ACTIVE.includes(s.status) || s.status === 'aangemeld' || s.status === 'verheldering';
    case 'beschikking':
      return REFERRED.includes(s.status) && s.verwijzingen.length > 0;
    case 'toewijzing':
      return DECIDED.includes(s.status) && s.beschikkingen.length > 0;
    case 'toewijzing-wijzigen':
      return open && live.length > 0;
    case 'start':
      return open && s.status !== 'nazorg' && live.some((t) => t.status === 'toegewezen' || t.status === 'tijdelijk-gestopt');
    case 'stop':
      return live.some((t) => t.status === 'gestart');
    case 'overbrugging':
      return open && live.some((t) => t.status === 'toegewezen' && !t.overbrugging);
    case 'spoedhulp':
      return open && live.length > 0;
    case 'regie':
    case 'signaal-afgehandeld':
      return open;
    case 'afsluiten':
      return open && !s.toewijzingen.some((t) => t.status === 'gestart' || t.status === 'tijdelijk-gestopt');
    case 'nazorg-beeindigen':
      return s.status === 'nazorg';
  }
}

/** The commands `role` may give on this case now, in COMMAND_TYPES order. */
export function allowedCommands(s: CaseState, role: Role): CommandType[] {
  return COMMAND_TYPES.filter((c) => COMMAND_ROLES[c].includes(role) && stateAllows(s, c));
}

/** True when a referral by this referrer is possible in the case's state (the local team's own only after triage). */
export function referralAllowed(s: CaseState, verwijzer: string): boolean {
  if (isExterneVerwijzer(verwijzer)) return s.status === 'aangemeld' || s.status === 'verheldering' || ACTIVE.includes(s.status);
  return ACTIVE.includes(s.status) && !!s.triage?.uitkomsten.includes('niet-vrij-toegankelijk');
}
