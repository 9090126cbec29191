/** Which actions a user may take on a case in its current status (mirrors the server's transitions and roles). */
import type { CaseDetail } from '../api-types';

export type ActionId = 'verheldering' | 'triage' | 'mdo' | 'analyse' | 'verwijzing' | 'beschikking' | 'toewijzing' | 'overbrugging' | 'regie' | 'afsluiten' | 'nazorg-beeindigen';

export const ACTION_LABELS: Record<ActionId, string> = {
  verheldering: 'Vraagverheldering',
  triage: 'Triage',
  mdo: 'MDO',
  analyse: 'Analyse',
  verwijzing: 'Verwijzing',
  beschikking: 'Beschikking',
  toewijzing: 'Toewijzing',
  overbrugging: 'Overbruggingszorg',
  regie: 'Regie',
  afsluiten: 'Afsluiten',
  'nazorg-beeindigen': 'Nazorg beëindigen',
};

const ACTIVE = ['getrieerd', 'verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];
const DECIDED = ['beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];

/**
 * The available actions, the most likely next step first. `mdoFirst`: a region rule requires an MDO
 * before the referral and it has not been held yet.
 */
export function availableActions(view: CaseDetail, role: string, { mdoFirst = false } = {}): ActionId[] {
  const s = view.state;
  const out: ActionId[] = [];
  if (role === 'gemeente') {
    const undecided = s.verwijzingen.some((v) => !s.beschikkingen.some((b) => b.verwijzingId === v.id));
    const canDecide = (s.status === 'verwezen' || DECIDED.includes(s.status)) && s.verwijzingen.length > 0;
    if (canDecide && undecided) out.push('beschikking');
    if (DECIDED.includes(s.status) && s.beschikkingen.length > 0) out.push('toewijzing');
    if (canDecide && !undecided) out.push('beschikking');
    return out;
  }
  if (role !== 'toegang') return out;
  const referable = s.triage?.uitkomsten.includes('niet-vrij-toegankelijk') ?? false;
  const running = s.toewijzingen.some((t) => t.status === 'gestart' || t.status === 'tijdelijk-gestopt');
  if (s.status === 'aangemeld') out.push('verheldering', 'triage');
  if (s.status === 'verheldering') out.push('triage');
  if (ACTIVE.includes(s.status)) {
    if (referable && s.verwijzingen.length === 0) out.push(...(mdoFirst ? (['mdo', 'verwijzing'] as const) : (['verwijzing', 'mdo'] as const)), 'analyse');
    else out.push('mdo', 'analyse', ...(referable ? (['verwijzing'] as const) : []));
    if (s.status === 'getrieerd') out.push('triage');
    if (s.toewijzingen.some((t) => t.status === 'toegewezen' && !t.overbrugging)) out.push('overbrugging');
  }
  if (s.status === 'nazorg') out.push('nazorg-beeindigen');
  if (s.status !== 'afgesloten') out.push('regie');
  if (s.status !== 'afgesloten' && s.status !== 'nazorg' && !running) out.push('afsluiten');
  return out;
}
