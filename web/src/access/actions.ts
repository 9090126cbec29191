/**
 * The actions the case page offers: the server's `allowedCommands` for this user and case (role
 * and status are decided there), put in the order of the most likely next step. Start and stop
 * come from the provider's iJw messages and signals are handled on the signal itself, so those
 * are not action buttons.
 */
import type { CaseDetail, CommandType } from '../api-types';

export type ActionId = Exclude<CommandType, 'start' | 'stop' | 'signaal-afgehandeld'>;

export const ACTION_LABELS: Record<ActionId, string> = {
  verheldering: 'Vraagverheldering',
  triage: 'Triage',
  mdo: 'MDO',
  analyse: 'Analyse',
  verwijzing: 'Verwijzing',
  beschikking: 'Beschikking',
  toewijzing: 'Toewijzing',
  'toewijzing-wijzigen': 'Toewijzing wijzigen of intrekken',
  overbrugging: 'Overbruggingszorg',
  spoedhulp: 'Ambulante spoedhulp',
  regie: 'Regie',
  afsluiten: 'Afsluiten',
  'nazorg-beeindigen': 'Nazorg beëindigen',
};

const isAction = (c: CommandType): c is ActionId => c in ACTION_LABELS;

/**
 * The allowed actions, the most likely next step first. `mdoFirst`: a region rule requires an MDO
 * before the referral and it has not been held yet.
 */
export function availableActions(view: CaseDetail, { mdoFirst = false } = {}): ActionId[] {
  const s = view.state;
  const allowed = view.allowedCommands.filter(isAction);
  const referred = s.verwijzingen.length > 0;
  const undecided = s.verwijzingen.some((v) => !s.beschikkingen.some((b) => b.verwijzingId === v.id));
  const preference: ActionId[] = [
    ...(s.status === 'aangemeld' ? (['verheldering', 'triage'] as const) : []),
    ...(s.status === 'verheldering' ? (['triage'] as const) : []),
    ...(!referred ? (mdoFirst ? (['mdo', 'verwijzing'] as const) : (['verwijzing', 'mdo'] as const)) : []),
    ...(undecided ? (['beschikking', 'toewijzing'] as const) : (['toewijzing', 'toewijzing-wijzigen', 'beschikking'] as const)),
    'mdo',
    'analyse',
    'verwijzing',
    'triage',
    'overbrugging',
    'spoedhulp',
    'toewijzing-wijzigen',
    'nazorg-beeindigen',
    'regie',
    'afsluiten',
  ];
  return [...new Set(preference)].filter((a) => allowed.includes(a));
}
