/**
 * The access case (casus) of one youth and its lifecycle: help request, clarification, triage,
 * MDO, referral, decision (beschikking), allocation (toewijzing), start, temporary and final stop,
 * step-up/step-down, closure with or without a standby contact (waakvlam).
 *
 * Pure: a command and the current state give the next state and a timeline event, or an error.
 * Region rules (blocking or signal, from the profile) are evaluated in access-rules.ts; this file
 * holds the transitions that are true in every region. Process information only: no medical file
 * content (seed 003 §5.2: "Het medisch dossier van de cliënt blijft bij de uitvoerende aanbieder").
 */

/** Triage outcomes (seed 003 §5.1, "Toegang, triage, toeleiding en regievoering"). */
export const TRIAGE_UITKOMSTEN = {
  'geen-jeugdhulp': 'Geen (of nog geen) jeugdhulp nodig',
  'hulp-lokaal-team': 'Hulp door het lokale team zelf',
  'sociale-basis': 'Voorziening in de sociale basis (buiten het lokale team)',
  'niet-vrij-toegankelijk': 'Toeleiding naar niet vrij toegankelijke jeugdhulp',
  'andere-wet': 'Voorziening in het gemeentelijk sociaal domein of een andere wet',
} as const;
export type TriageUitkomst = keyof typeof TRIAGE_UITKOMSTEN;

export const COMPLEXITEIT = ['enkelvoudig', 'meervoudig', 'complex', 'hoogcomplex'] as const;
export type Complexiteit = (typeof COMPLEXITEIT)[number];

export type CaseStatus =
  | 'aangemeld'
  | 'verheldering'
  | 'getrieerd'
  | 'verwezen'
  | 'beschikt'
  | 'toegewezen'
  | 'in-zorg'
  | 'tijdelijk-gestopt'
  | 'nazorg'
  | 'afgesloten';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  aangemeld: 'Hulpvraag geregistreerd',
  verheldering: 'Vraagverheldering',
  getrieerd: 'Triage gedaan',
  verwezen: 'Verwezen',
  beschikt: 'Beschikt',
  toegewezen: 'Toegewezen',
  'in-zorg': 'In zorg',
  'tijdelijk-gestopt': 'Zorg tijdelijk gestopt',
  nazorg: 'Nazorg (waakvlam)',
  afgesloten: 'Afgesloten',
};

export interface Mdo {
  datum: string;
  /** Participant roles (e.g. lokaal-team, specialistische-jeugdhulp, verblijf-crisis, sociale-basis, sociaal-domein). */
  deelnemers: string[];
  overeenstemming: boolean;
  /** The weighing outcome in a few words (no medical content). */
  afweging: string;
  /** When there is no agreement: the escalation step taken. */
  escalatiestap?: string;
}

export interface Verwijzing {
  id: number;
  datum: string;
  /** COD327 code verwijzer. */
  verwijzer: string;
  segmentId: string;
  /** The area (e.g. centrale-intake) the referral went through, if any. */
  viaGebied?: string;
  kader: 'vrijwillig' | 'gedwongen';
}

export interface Beschikking {
  id: number;
  datum: string;
  verwijzingId: number;
  segmentId: string;
  ingangsdatum: string;
  einddatum: string;
  /** Kind of area that took the decision (e.g. slt), for rules like "only the SLT decides stay-based care". */
  besluitDoor: string;
  /** Extension past the regular end age after an assessment (seed 004 §4.2). */
  verlengingBeoordeeld?: boolean;
}

export interface Toewijzing {
  /** iJw ToewijzingNummer. */
  nummer: number;
  beschikkingId: number;
  segmentId: string;
  providerId: number;
  productCategorie: string;
  productCode?: string;
  ingangsdatum: string;
  einddatum: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
  status: 'toegewezen' | 'gestart' | 'tijdelijk-gestopt' | 'gestopt' | 'ingetrokken';
  startdatum?: string;
  stopdatum?: string;
  /** Bridging care while waiting for this allocation to start (seed 004 §4.2). */
  overbrugging?: boolean;
}

export interface CaseEvent {
  at: string;
  type: string;
  by: string;
  text: string;
}

export interface CaseState {
  status: CaseStatus;
  hulpvraag: string;
  /** Instant the help request was registered (ISO date-time), for crisis clocks. */
  aangemeldOp: string;
  crisis: boolean;
  geboortedatum: string;
  regievoerder?: string;
  procesregisseur?: string;
  triage?: { datum: string; uitkomsten: TriageUitkomst[]; complexiteit: Complexiteit; domeinoverstijgend: boolean };
  mdos: Mdo[];
  analyse?: { verklarendeAnalyse: boolean; ambulanteAlternatieven: string; diagnostiekAfgerond: boolean };
  verwijzingen: Verwijzing[];
  beschikkingen: Beschikking[];
  toewijzingen: Toewijzing[];
  nazorg?: { waakvlam: boolean; contactpersoon?: string };
}

export class IllegalTransition extends Error {
  override name = 'IllegalTransition';
  constructor(
    readonly command: string,
    readonly status: CaseStatus,
    detail: string,
  ) {
    super(`${command} is not possible when the case is "${STATUS_LABELS[status]}": ${detail}`);
  }
}

export function newCase(input: { hulpvraag: string; aangemeldOp: string; crisis: boolean; geboortedatum: string; regievoerder?: string }): CaseState {
  return { status: 'aangemeld', ...input, mdos: [], verwijzingen: [], beschikkingen: [], toewijzingen: [] };
}

const OPEN_FOR_TRIAGE: CaseStatus[] = ['aangemeld', 'verheldering', 'getrieerd'];
const ACTIVE: CaseStatus[] = ['getrieerd', 'verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];

function require(command: string, s: CaseState, allowed: CaseStatus[], detail: string): void {
  if (!allowed.includes(s.status)) throw new IllegalTransition(command, s.status, detail);
}

export const transitions = {
  verheldering(s: CaseState): CaseState {
    require('vraagverheldering', s, ['aangemeld'], 'only a new help request is clarified');
    return { ...s, status: 'verheldering' };
  },

  triage(s: CaseState, t: NonNullable<CaseState['triage']>): CaseState {
    require('triage', s, OPEN_FOR_TRIAGE, 'triage follows a help request');
    if (t.uitkomsten.length === 0) throw new IllegalTransition('triage', s.status, 'choose at least one outcome');
    if (t.uitkomsten.includes('geen-jeugdhulp') && t.uitkomsten.length > 1) {
      throw new IllegalTransition('triage', s.status, '"geen jeugdhulp" cannot be combined with other outcomes');
    }
    return { ...s, status: 'getrieerd', triage: t };
  },

  mdo(s: CaseState, m: Mdo): CaseState {
    require('MDO', s, ACTIVE, 'an MDO is held after triage');
    if (m.deelnemers.length < 2) throw new IllegalTransition('MDO', s.status, 'an MDO has at least two participants');
    // Without agreement the MDO is still recorded; the escalation step is then due (escalatieladder rule).
    return { ...s, mdos: [...s.mdos, m] };
  },

  analyse(s: CaseState, a: NonNullable<CaseState['analyse']>): CaseState {
    require('analyse', s, ACTIVE, 'the analysis belongs to a triaged case');
    return { ...s, analyse: a };
  },

  verwijzing(s: CaseState, v: Omit<Verwijzing, 'id'>): CaseState {
    require('verwijzing', s, ['getrieerd', 'verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'], 'a referral follows triage');
    if (!s.triage?.uitkomsten.includes('niet-vrij-toegankelijk')) {
      throw new IllegalTransition('verwijzing', s.status, 'triage did not conclude non-freely-accessible care');
    }
    const id = s.verwijzingen.length + 1;
    const status: CaseStatus = s.status === 'getrieerd' ? 'verwezen' : s.status;
    return { ...s, status, verwijzingen: [...s.verwijzingen, { ...v, id }] };
  },

  beschikking(s: CaseState, b: Omit<Beschikking, 'id'>): CaseState {
    require('beschikking', s, ['verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'], 'a decision follows a referral');
    const v = s.verwijzingen.find((x) => x.id === b.verwijzingId);
    if (!v) throw new IllegalTransition('beschikking', s.status, `referral ${b.verwijzingId} does not exist`);
    if (v.segmentId !== b.segmentId) throw new IllegalTransition('beschikking', s.status, `the referral is for segment ${v.segmentId}`);
    if (b.einddatum < b.ingangsdatum) throw new IllegalTransition('beschikking', s.status, 'einddatum lies before ingangsdatum');
    const id = s.beschikkingen.length + 1;
    return { ...s, status: s.status === 'verwezen' ? 'beschikt' : s.status, beschikkingen: [...s.beschikkingen, { ...b, id }] };
  },

  toewijzing(s: CaseState, t: Omit<Toewijzing, 'status'>): CaseState {
    require('toewijzing', s, ['beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'], 'an allocation follows a decision');
    const b = s.beschikkingen.find((x) => x.id === t.beschikkingId);
    if (!b) throw new IllegalTransition('toewijzing', s.status, `decision ${t.beschikkingId} does not exist`);
    if (t.ingangsdatum < b.ingangsdatum || t.einddatum > b.einddatum) {
      throw new IllegalTransition('toewijzing', s.status, `the allocation must lie within the decision (${b.ingangsdatum} to ${b.einddatum})`);
    }
    if (t.einddatum < t.ingangsdatum) throw new IllegalTransition('toewijzing', s.status, 'einddatum lies before ingangsdatum');
    return { ...s, status: ['beschikt', 'toegewezen'].includes(s.status) ? 'toegewezen' : s.status, toewijzingen: [...s.toewijzingen, { ...t, status: 'toegewezen' }] };
  },

  /** Start of care (JW305). */
  start(s: CaseState, nummer: number, datum: string): CaseState {
    if (s.status === 'afgesloten' || s.status === 'nazorg') throw new IllegalTransition('start', s.status, 'the case is closed; open a new help request');
    const t = findAllocation('start', s, nummer);
    if (t.status !== 'toegewezen' && t.status !== 'tijdelijk-gestopt') throw new IllegalTransition('start', s.status, `allocation ${nummer} is ${t.status}`);
    if (datum < t.ingangsdatum || datum > t.einddatum) throw new IllegalTransition('start', s.status, `start ${datum} lies outside allocation ${nummer}`);
    return withAllocation({ ...s, status: 'in-zorg' }, { ...t, status: 'gestart', startdatum: datum, stopdatum: undefined });
  },

  /** Stop of care (JW307); reden "20" (JZ588) is a temporary stop. */
  stop(s: CaseState, nummer: number, datum: string, reden: string): CaseState {
    const t = findAllocation('stop', s, nummer);
    if (t.status !== 'gestart') throw new IllegalTransition('stop', s.status, `allocation ${nummer} has not started`);
    if (datum < (t.startdatum ?? t.ingangsdatum)) throw new IllegalTransition('stop', s.status, 'the stop lies before the start');
    const temporary = reden === '20';
    const next = withAllocation(s, { ...t, status: temporary ? 'tijdelijk-gestopt' : 'gestopt', stopdatum: datum });
    const running = next.toewijzingen.some((x) => x.status === 'gestart');
    const paused = next.toewijzingen.some((x) => x.status === 'tijdelijk-gestopt');
    return { ...next, status: running ? 'in-zorg' : paused ? 'tijdelijk-gestopt' : 'toegewezen' };
  },

  overbrugging(s: CaseState, nummer: number): CaseState {
    const t = findAllocation('overbrugging', s, nummer);
    return withAllocation(s, { ...t, overbrugging: true });
  },

  regie(s: CaseState, r: { regievoerder?: string; procesregisseur?: string }): CaseState {
    if (s.status === 'afgesloten') throw new IllegalTransition('regie', s.status, 'the case is closed');
    return { ...s, ...r };
  },

  /** Close the case, with a standby contact (waakvlam, seed 001) or without. */
  afsluiten(s: CaseState, n: { waakvlam: boolean; contactpersoon?: string }): CaseState {
    if (s.status === 'afgesloten') throw new IllegalTransition('afsluiten', s.status, 'the case is already closed');
    if (s.toewijzingen.some((t) => t.status === 'gestart' || t.status === 'tijdelijk-gestopt')) {
      throw new IllegalTransition('afsluiten', s.status, 'care is still running: stop all allocations first');
    }
    return { ...s, status: n.waakvlam ? 'nazorg' : 'afgesloten', nazorg: n };
  },

  /** End the standby contact. */
  nazorgBeeindigen(s: CaseState): CaseState {
    require('nazorg beëindigen', s, ['nazorg'], 'only a case in aftercare');
    return { ...s, status: 'afgesloten' };
  },
};

function findAllocation(command: string, s: CaseState, nummer: number): Toewijzing {
  const t = s.toewijzingen.find((x) => x.nummer === nummer);
  if (!t) throw new IllegalTransition(command, s.status, `allocation ${nummer} does not belong to this case`);
  return t;
}

function withAllocation(s: CaseState, t: Toewijzing): CaseState {
  return { ...s, toewijzingen: s.toewijzingen.map((x) => (x.nummer === t.nummer ? t : x)) };
}

/** Step-up / step-down: a referral to another segment while care runs in one segment. */
export function isStepChange(s: CaseState, segmentId: string): boolean {
  return s.toewijzingen.some((t) => (t.status === 'gestart' || t.status === 'toegewezen') && t.segmentId !== segmentId);
}
