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
  'aangemeld' | 'verheldering' | 'getrieerd' | 'verwezen' | 'beschikt' | 'toegewezen' | 'in-zorg' | 'tijdelijk-gestopt' | 'nazorg' | 'afgesloten';

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
  /** The product as the region's profile names it (`segmenten[].producten[].naam`), for rules per product (seed 004 §4.2 foster care to 21). */
  product?: string;
  ingangsdatum: string;
  einddatum: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
  status: 'toegewezen' | 'gestart' | 'tijdelijk-gestopt' | 'gestopt' | 'ingetrokken';
  startdatum?: string;
  stopdatum?: string;
  /** Bridging care while waiting for this allocation to start (seed 004 §4.2). */
  overbrugging?: boolean;
  /** JZ002 reason of the latest change or withdrawal (iJw IV099); "13" = verwijderd (then status ingetrokken). */
  redenWijziging?: string;
  /** When the municipality established this allocation as it now stands, when set by a change (ISO date-time): its Toewijzingsdatum/-tijd (IV013, OP033x1). */
  vastgesteldOp?: string;
  /** Ambulatory emergency help recorded around this placement, per phase (seed 003 §8.2): the date it was recorded for. */
  spoedhulp?: Partial<Record<SpoedhulpFase, string>>;
}

/** Phases of a crisis or stay placement around which ambulatory emergency help is given (seed 003 §8.2). */
export const SPOEDHULP_FASEN = ['voor', 'tijdens', 'na'] as const;
export type SpoedhulpFase = (typeof SPOEDHULP_FASEN)[number];

/**
 * Referrers outside the local team (iJw COD327): huisarts 02, jeugdarts 03, gecertificeerde instelling 04,
 * medisch specialist 05, rechter / officier van justitie 08. The Jeugdwet lets them refer directly, so
 * their referral can be registered on a new case before the local team's triage (the region's
 * verwijzing-via-toegang rule still flags it under its protocol, seed 003 §4.3).
 */
export const EXTERNE_VERWIJZERS: readonly string[] = ['02', '03', '04', '05', '08'];
export const isExterneVerwijzer = (code: string) => EXTERNE_VERWIJZERS.includes(code);

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
    super(`${command} kan niet bij status "${STATUS_LABELS[status]}": ${detail}`);
  }
}

export function newCase(input: { hulpvraag: string; aangemeldOp: string; crisis: boolean; geboortedatum: string; regievoerder?: string }): CaseState {
  return { status: 'aangemeld', ...input, mdos: [], verwijzingen: [], beschikkingen: [], toewijzingen: [] };
}

/** Statuses in which a transition is possible; shared with the allowed-commands list (commands.ts). */
export const OPEN_FOR_TRIAGE: readonly CaseStatus[] = ['aangemeld', 'verheldering', 'getrieerd'];
export const ACTIVE: readonly CaseStatus[] = ['getrieerd', 'verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];
export const REFERRED: readonly CaseStatus[] = ['verwezen', 'beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];
export const DECIDED: readonly CaseStatus[] = ['beschikt', 'toegewezen', 'in-zorg', 'tijdelijk-gestopt'];

function require(command: string, s: CaseState, allowed: readonly CaseStatus[], detail: string): void {
  if (!allowed.includes(s.status)) throw new IllegalTransition(command, s.status, detail);
}

export const transitions = {
  verheldering(s: CaseState): CaseState {
    require('vraagverheldering', s, ['aangemeld'], 'alleen een nieuwe hulpvraag wordt verhelderd');
    return { ...s, status: 'verheldering' };
  },

  triage(s: CaseState, t: NonNullable<CaseState['triage']>): CaseState {
    require('triage', s, OPEN_FOR_TRIAGE, 'triage volgt op een hulpvraag');
    if (t.uitkomsten.length === 0) throw new IllegalTransition('triage', s.status, 'kies minstens één uitkomst');
    if (t.uitkomsten.includes('geen-jeugdhulp') && t.uitkomsten.length > 1) {
      throw new IllegalTransition('triage', s.status, '"geen jeugdhulp" kan niet samen met andere uitkomsten');
    }
    return { ...s, status: 'getrieerd', triage: t };
  },

  mdo(s: CaseState, m: Mdo): CaseState {
    require('MDO', s, ACTIVE, 'een MDO volgt op de triage');
    if (m.deelnemers.length < 2) throw new IllegalTransition('MDO', s.status, 'een MDO heeft minstens twee deelnemers');
    // Without agreement the MDO is still recorded; the escalation step is then due (escalatieladder rule).
    return { ...s, mdos: [...s.mdos, m] };
  },

  analyse(s: CaseState, a: NonNullable<CaseState['analyse']>): CaseState {
    require('analyse', s, ACTIVE, 'de analyse hoort bij een casus na triage');
    return { ...s, analyse: a };
  },

  /**
   * A referral. The local team refers after a triage that concluded non-freely-accessible care; an
   * external referrer (huisarts, jeugdarts, GI, medisch specialist, rechter: EXTERNE_VERWIJZERS)
   * may also refer a new case directly, before any triage.
   */
  verwijzing(s: CaseState, v: Omit<Verwijzing, 'id'>): CaseState {
    const extern = isExterneVerwijzer(v.verwijzer);
    require('verwijzing', s, extern ? ['aangemeld', 'verheldering', ...ACTIVE] : ACTIVE, extern
      ? 'de casus is afgesloten'
      : 'een verwijzing door het lokale team volgt op de triage');
    if (!extern && !s.triage?.uitkomsten.includes('niet-vrij-toegankelijk')) {
      throw new IllegalTransition(
        'verwijzing',
        s.status,
        'de triage concludeerde geen niet vrij toegankelijke jeugdhulp (alleen een externe verwijzer verwijst zonder die triage)',
      );
    }
    const id = s.verwijzingen.length + 1;
    const status: CaseStatus = ['aangemeld', 'verheldering', 'getrieerd'].includes(s.status) ? 'verwezen' : s.status;
    return { ...s, status, verwijzingen: [...s.verwijzingen, { ...v, id }] };
  },

  beschikking(s: CaseState, b: Omit<Beschikking, 'id'>): CaseState {
    require('beschikking', s, REFERRED, 'een beschikking volgt op een verwijzing');
    const v = s.verwijzingen.find((x) => x.id === b.verwijzingId);
    if (!v) throw new IllegalTransition('beschikking', s.status, `verwijzing ${b.verwijzingId} bestaat niet`);
    if (v.segmentId !== b.segmentId) throw new IllegalTransition('beschikking', s.status, `de verwijzing is voor segment ${v.segmentId}`);
    if (b.einddatum < b.ingangsdatum) throw new IllegalTransition('beschikking', s.status, 'de einddatum ligt voor de ingangsdatum');
    const id = s.beschikkingen.length + 1;
    return { ...s, status: s.status === 'verwezen' ? 'beschikt' : s.status, beschikkingen: [...s.beschikkingen, { ...b, id }] };
  },

  toewijzing(s: CaseState, t: Omit<Toewijzing, 'status'>): CaseState {
    require('toewijzing', s, DECIDED, 'een toewijzing volgt op een beschikking');
    const b = s.beschikkingen.find((x) => x.id === t.beschikkingId);
    if (!b) throw new IllegalTransition('toewijzing', s.status, `beschikking ${t.beschikkingId} bestaat niet`);
    if (t.ingangsdatum < b.ingangsdatum || t.einddatum > b.einddatum) {
      throw new IllegalTransition('toewijzing', s.status, `de toewijzing moet binnen de beschikking liggen (${b.ingangsdatum} t/m ${b.einddatum})`);
    }
    if (t.einddatum < t.ingangsdatum) throw new IllegalTransition('toewijzing', s.status, 'de einddatum ligt voor de ingangsdatum');
    return {
      ...s,
      status: ['beschikt', 'toegewezen'].includes(s.status) ? 'toegewezen' : s.status,
      toewijzingen: [...s.toewijzingen, { ...t, status: 'toegewezen' }],
    };
  },

  /** Start of care (JW305). */
  start(s: CaseState, nummer: number, datum: string): CaseState {
    if (s.status === 'afgesloten' || s.status === 'nazorg')
      throw new IllegalTransition('start', s.status, 'de casus is afgesloten; registreer een nieuwe hulpvraag');
    const t = findAllocation('start', s, nummer);
    if (t.status !== 'toegewezen' && t.status !== 'tijdelijk-gestopt') throw new IllegalTransition('start', s.status, `toewijzing ${nummer} is ${t.status}`);
    if (datum < t.ingangsdatum || datum > t.einddatum) throw new IllegalTransition('start', s.status, `start ${datum} ligt buiten toewijzing ${nummer}`);
    return withAllocation({ ...s, status: 'in-zorg' }, { ...t, status: 'gestart', startdatum: datum, stopdatum: undefined });
  },

  /** Stop of care (JW307); reden "20" (JZ588) is a temporary stop. */
  stop(s: CaseState, nummer: number, datum: string, reden: string): CaseState {
    const t = findAllocation('stop', s, nummer);
    if (t.status !== 'gestart') throw new IllegalTransition('stop', s.status, `toewijzing ${nummer} is niet gestart`);
    if (datum < (t.startdatum ?? t.ingangsdatum)) throw new IllegalTransition('stop', s.status, 'de stop ligt voor de start');
    const temporary = reden === '20';
    const next = withAllocation(s, { ...t, status: temporary ? 'tijdelijk-gestopt' : 'gestopt', stopdatum: datum });
    return { ...next, status: statusFromAllocations(next) };
  },

  overbrugging(s: CaseState, nummer: number): CaseState {
    const t = findAllocation('overbrugging', s, nummer);
    return withAllocation(s, { ...t, overbrugging: true });
  },

  /**
   * Records ambulatory emergency help (ambulante spoedhulp) given before, during or after the
   * crisis or stay placement of allocation `nummer` (seed 003 §8.2); the region's
   * ambulante-spoedhulp-bij-plaatsing rule signals while it is missing.
   */
  spoedhulp(s: CaseState, nummer: number, fase: SpoedhulpFase, datum: string): CaseState {
    if (s.status === 'afgesloten') throw new IllegalTransition('spoedhulp', s.status, 'de casus is afgesloten');
    const t = findAllocation('spoedhulp', s, nummer);
    if (t.status === 'ingetrokken') throw new IllegalTransition('spoedhulp', s.status, `toewijzing ${nummer} is verwijderd`);
    if (fase === 'voor' && t.startdatum && datum > t.startdatum)
      throw new IllegalTransition('spoedhulp', s.status, `spoedhulp vóór de plaatsing ligt uiterlijk op de start (${t.startdatum})`);
    if (fase === 'tijdens' && !t.startdatum) throw new IllegalTransition('spoedhulp', s.status, `de plaatsing (toewijzing ${nummer}) is nog niet gestart`);
    if (fase === 'tijdens' && datum < t.startdatum!)
      throw new IllegalTransition('spoedhulp', s.status, `spoedhulp tijdens de plaatsing ligt op of na de start (${t.startdatum})`);
    return withAllocation(s, { ...t, spoedhulp: { ...t.spoedhulp, [fase]: datum } });
  },

  regie(s: CaseState, r: { regievoerder?: string; procesregisseur?: string }): CaseState {
    if (s.status === 'afgesloten') throw new IllegalTransition('regie', s.status, 'de casus is afgesloten');
    return { ...s, ...r };
  },

  /** Close the case, with a standby contact (waakvlam, seed 001) or without. */
  afsluiten(s: CaseState, n: { waakvlam: boolean; contactpersoon?: string }): CaseState {
    if (s.status === 'afgesloten') throw new IllegalTransition('afsluiten', s.status, 'de casus is al afgesloten');
    if (s.toewijzingen.some((t) => t.status === 'gestart' || t.status === 'tijdelijk-gestopt')) {
      throw new IllegalTransition('afsluiten', s.status, 'er loopt nog zorg: stop eerst alle toewijzingen');
    }
    return { ...s, status: n.waakvlam ? 'nazorg' : 'afgesloten', nazorg: n };
  },

  /** End the standby contact. */
  nazorgBeeindigen(s: CaseState): CaseState {
    require('nazorg beëindigen', s, ['nazorg'], 'alleen een casus in nazorg');
    return { ...s, status: 'afgesloten' };
  },
};

export function findAllocation(command: string, s: CaseState, nummer: number): Toewijzing {
  const t = s.toewijzingen.find((x) => x.nummer === nummer);
  if (!t) throw new IllegalTransition(command, s.status, `toewijzing ${nummer} hoort niet bij deze casus`);
  return t;
}

/**
 * The case status that follows from its allocations once care has been allocated: in care while one
 * runs, paused while one is paused, allocated while one is left, and back to "beschikt" when every
 * allocation was removed (JZ002 reden 13). Earlier and closing statuses are kept.
 */
export function statusFromAllocations(s: CaseState): CaseStatus {
  if (!['toegewezen', 'in-zorg', 'tijdelijk-gestopt'].includes(s.status)) return s.status;
  if (s.toewijzingen.some((x) => x.status === 'gestart')) return 'in-zorg';
  if (s.toewijzingen.some((x) => x.status === 'tijdelijk-gestopt')) return 'tijdelijk-gestopt';
  return s.toewijzingen.some((x) => x.status !== 'ingetrokken') ? 'toegewezen' : 'beschikt';
}

export function withAllocation(s: CaseState, t: Toewijzing): CaseState {
  return { ...s, toewijzingen: s.toewijzingen.map((x) => (x.nummer === t.nummer ? t : x)) };
}

/** Step-up / step-down: a referral to another segment while care runs in one segment. */
export function isStepChange(s: CaseState, segmentId: string): boolean {
  return s.toewijzingen.some((t) => (t.status === 'gestart' || t.status === 'toegewezen') && t.segmentId !== segmentId);
}
