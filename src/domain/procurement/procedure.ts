/**
 * Procedure state machines per procedure kind (profile `procedure.soort`). Every transition is a
 * pure function: it returns the new state, or a refusal naming the rule and its seed source.
 *
 * - sas-dialoog (seed 003 §5.3.2, §11.2): concept -> selectie -> dialoog -> gunning -> gegund;
 *   ingetrokken from every open phase. A go/no-go decision closes the selection and the dialogue
 *   phase (no-go = ingetrokken with the reason). Selection ends with every aanmelding decided
 *   (geselecteerd / afgewezen) and at least one party selected.
 * - open-house (seed 003 §9.3.2, §11.1; seed 004 §3.2 f): concept -> instroomronde (first intake
 *   round) -> doorlopend (rolling admission during the whole term) -> beeindigd. Intermediate entry
 *   (tussentijdse toetreding) can be closed and reopened while doorlopend.
 * - bestuurlijk-aanbesteden (seed 004 §3.1, §3.2): the same admission cycle (the region's
 *   "bestuurlijke aanbesteding met een 'open house' contractueel systeem"), with an
 *   ontwikkelovereenkomst to accept and a resultaatovereenkomst per segment as the contract.
 * - subsidie (seed 004 §4.6): concept -> aanvraag -> beoordeling -> verleend; ingetrokken.
 */
import { cite, type ProcedureBronnen, type ProcedureStap, type Refusal } from './sources.js';

/**
 * `samenwerkingsverband`: one partnership of providers (formal and informal) is contracted as one
 * party (seed 000 "4—8 aanbieders in samenwerkingsverband", seed 001 "Samenwerking van groepje
 * aanbieders"): partnerships register with their members in the registration period, are assessed,
 * and one is awarded; the member count is the segment's `aantalPartners` (award.ts).
 */
export type SupportedSoort = 'sas-dialoog' | 'open-house' | 'bestuurlijk-aanbesteden' | 'subsidie' | 'samenwerkingsverband';
export const SUPPORTED_SOORTEN: readonly SupportedSoort[] = ['sas-dialoog', 'open-house', 'bestuurlijk-aanbesteden', 'subsidie', 'samenwerkingsverband'];
export const isSupportedSoort = (s: string): s is SupportedSoort => (SUPPORTED_SOORTEN as readonly string[]).includes(s);

export type ProcedureStatus =
  | 'concept'
  | 'selectie'
  | 'dialoog'
  | 'gunning'
  | 'gegund'
  | 'instroomronde'
  | 'doorlopend'
  | 'beeindigd'
  | 'aanvraag'
  | 'beoordeling'
  | 'verleend'
  | 'ingetrokken';

/** Application statuses that carry a tender (EMVI ranking); subsidy applications stay ingediend. */
export const TENDER_STATUSES: string[] = ['ingeschreven', 'gegund', 'niet-gegund'];

export type ApplicationStatus = 'ingediend' | 'geselecteerd' | 'afgewezen' | 'ingeschreven' | 'gegund' | 'niet-gegund' | 'toegelaten' | 'toegekend';

export type ProcedureAction =
  | { type: 'publiceren' }
  | { type: 'go-no-go'; besluit: 'go' | 'no-go'; reden: string }
  | { type: 'instroomronde-sluiten' }
  | { type: 'toetreding'; open: boolean; reden: string }
  | { type: 'aanvraag-sluiten' }
  | { type: 'beeindigen'; reden: string }
  | { type: 'intrekken'; reden: string }
  | { type: 'gunnen' };
export type ActionType = ProcedureAction['type'];

export interface ProcedureState {
  soort: SupportedSoort;
  status: ProcedureStatus;
  entryOpen: boolean;
  /** The region's cited sources of this procedure's steps (profile data); refusals cite them. */
  bronnen?: ProcedureBronnen;
}

/** What the machine needs to know about the applications of the procedure. */
export interface ApplicationSummary {
  status: ApplicationStatus;
}

export type TransitionResult = { ok: true; state: ProcedureState } | { ok: false; refusal: Refusal; conflict: boolean };

/** Phases in which the procedure is still open (can be withdrawn). */
const OPEN: Record<SupportedSoort, ProcedureStatus[]> = {
  'sas-dialoog': ['concept', 'selectie', 'dialoog', 'gunning'],
  'open-house': ['concept', 'instroomronde'],
  'bestuurlijk-aanbesteden': ['concept', 'instroomronde'],
  subsidie: ['concept', 'aanvraag', 'beoordeling'],
  samenwerkingsverband: ['concept', 'aanvraag', 'beoordeling'],
};

export const PHASES: Record<SupportedSoort, ProcedureStatus[]> = {
  'sas-dialoog': ['concept', 'selectie', 'dialoog', 'gunning', 'gegund'],
  'open-house': ['concept', 'instroomronde', 'doorlopend', 'beeindigd'],
  'bestuurlijk-aanbesteden': ['concept', 'instroomronde', 'doorlopend', 'beeindigd'],
  subsidie: ['concept', 'aanvraag', 'beoordeling', 'verleend'],
  samenwerkingsverband: ['concept', 'aanvraag', 'beoordeling', 'gegund'],
};

/** Dutch labels of the phases (UI text). */
export const STATUS_LABELS: Record<ProcedureStatus, string> = {
  concept: 'Concept',
  selectie: 'Selectiefase',
  dialoog: 'Dialoogfase',
  gunning: 'Gunningsfase (inschrijving)',
  gegund: 'Gegund',
  instroomronde: 'Eerste instroomronde',
  doorlopend: 'Doorlopende toelating',
  beeindigd: 'Beëindigd',
  aanvraag: 'Aanvraagperiode',
  beoordeling: 'Beoordeling',
  verleend: 'Subsidie verleend',
  ingetrokken: 'Ingetrokken',
};

const illegal = (state: ProcedureState, action: ActionType, stap: ProcedureStap = 'sasFasen'): TransitionResult => ({
  ok: false,
  conflict: true,
  refusal: {
    ruleId: 'procedure-fase',
    message: `actie "${action}" is niet toegestaan in fase "${state.status}" van een ${state.soort}-procedure`,
    source: cite(state.bronnen, stepOf(state.soort, stap)),
  },
});
const refuse = (ruleId: string, message: string, source: Refusal['source']): TransitionResult => ({
  ok: false,
  conflict: false,
  refusal: { ruleId, message, source },
});

/** The step a phase refusal cites: the kind's own admission/subsidy step, else the given step. */
function stepOf(soort: SupportedSoort, fallback: ProcedureStap): ProcedureStap {
  if (soort === 'open-house') return 'openHouse';
  if (soort === 'bestuurlijk-aanbesteden') return 'bestuurlijk';
  if (soort === 'subsidie') return 'subsidie';
  return fallback;
}

const to = (state: ProcedureState, status: ProcedureStatus, entryOpen = state.entryOpen): TransitionResult => ({
  ok: true,
  state: { ...state, status, entryOpen },
});
const needReason = (reason: string | undefined) => !reason || reason.trim().length < 3;

/**
 * Applies one action to a procedure. `conflict: true` marks an action the phase does not allow
 * (HTTP 409); `conflict: false` a precondition of the rules that is not met (HTTP 422).
 */
export function transition(state: ProcedureState, action: ProcedureAction, apps: readonly ApplicationSummary[] = []): TransitionResult {
  const { soort, status } = state;
  if (status === 'ingetrokken' || status === 'gegund' || status === 'beeindigd' || status === 'verleend') return illegal(state, action.type);
  switch (action.type) {
    case 'intrekken':
      if (!OPEN[soort].includes(status)) return illegal(state, action.type);
      if (needReason(action.reden))
        return refuse('procedure-reden', 'intrekken vraagt een reden (wie, wanneer en waarom worden vastgelegd)', cite(state.bronnen, 'goNoGo'));
      return to(state, 'ingetrokken', false);
    case 'publiceren':
      if (status !== 'concept') return illegal(state, action.type);
      if (soort === 'sas-dialoog') return to(state, 'selectie');
      if (soort === 'subsidie' || soort === 'samenwerkingsverband') return to(state, 'aanvraag');
      return to(state, 'instroomronde', true);
    case 'go-no-go': {
      if (soort !== 'sas-dialoog' || (status !== 'selectie' && status !== 'dialoog')) return illegal(state, action.type, 'goNoGo');
      if (needReason(action.reden)) return refuse('go-no-go-reden', 'een go/no-go-besluit legt de reden vast', cite(state.bronnen, 'goNoGo'));
      if (action.besluit === 'no-go') return to(state, 'ingetrokken', false);
      if (status === 'selectie') {
        const open = apps.filter((a) => a.status === 'ingediend').length;
        if (open > 0)
          return refuse(
            'selectie-afgerond',
            `de selectiefase eindigt met de definitieve selectie: nog ${open} aanmelding(en) zonder besluit`,
            cite(state.bronnen, 'sasSelectie'),
          );
        if (!apps.some((a) => a.status === 'geselecteerd'))
          return refuse('selectie-afgerond', 'er is geen partij geselecteerd voor de dialoogfase; besluit dan no-go', cite(state.bronnen, 'sasSelectie'));
        return to(state, 'dialoog');
      }
      return to(state, 'gunning');
    }
    case 'instroomronde-sluiten':
      if ((soort !== 'open-house' && soort !== 'bestuurlijk-aanbesteden') || status !== 'instroomronde')
        return illegal(state, action.type, 'eersteInstroomronde');
      if (apps.some((a) => a.status === 'ingediend'))
        return refuse(
          'instroomronde-afgerond',
          'de eerste instroomronde sluit pas als over elk verzoek in die ronde is besloten',
          cite(state.bronnen, 'eersteInstroomronde'),
        );
      return to(state, 'doorlopend', true);
    case 'toetreding':
      if ((soort !== 'open-house' && soort !== 'bestuurlijk-aanbesteden') || status !== 'doorlopend') return illegal(state, action.type, 'toetredingSluiten');
      if (state.entryOpen === action.open) return illegal(state, action.type, 'toetredingSluiten');
      if (needReason(action.reden))
        return refuse('toetreding-reden', 'sluiten of heropenen van tussentijdse toetreding legt de reden vast', cite(state.bronnen, 'toetredingSluiten'));
      return to(state, 'doorlopend', action.open);
    case 'aanvraag-sluiten':
      if ((soort !== 'subsidie' && soort !== 'samenwerkingsverband') || status !== 'aanvraag') return illegal(state, action.type, 'subsidie');
      return to(state, 'beoordeling');
    case 'beeindigen':
      if ((soort !== 'open-house' && soort !== 'bestuurlijk-aanbesteden') || status !== 'doorlopend') return illegal(state, action.type);
      if (needReason(action.reden))
        return refuse('procedure-reden', 'beëindigen van een open house legt de reden vast', cite(state.bronnen, 'openHouseDoorlopend'));
      return to(state, 'beeindigd', false);
    case 'gunnen':
      if (soort === 'sas-dialoog' && status === 'gunning') return to(state, 'gegund');
      if (soort === 'subsidie' && status === 'beoordeling') return to(state, 'verleend');
      if (soort === 'samenwerkingsverband' && status === 'beoordeling') return to(state, 'gegund');
      return illegal(state, action.type, 'sasInschrijving');
  }
}

/** The actions a procedure offers in its current phase (for "next step" in the UI); gunnen goes through the award. */
export function allowedActions(state: ProcedureState): ActionType[] {
  const probes: ProcedureAction[] = [
    { type: 'publiceren' },
    { type: 'go-no-go', besluit: 'no-go', reden: 'probe' },
    { type: 'instroomronde-sluiten' },
    { type: 'toetreding', open: !state.entryOpen, reden: 'probe' },
    { type: 'aanvraag-sluiten' },
    { type: 'beeindigen', reden: 'probe' },
    { type: 'intrekken', reden: 'probe' },
    { type: 'gunnen' },
  ];
  return probes
    .filter((a) => {
      const r = transition(state, a, []);
      return r.ok || !r.conflict;
    })
    .map((a) => a.type);
}

export type ApplicationKind = 'aanmelding' | 'toelatingsverzoek' | 'subsidieaanvraag';

/** Whether a new application may be submitted in this phase; refusal names the rule. */
export function mayApply(state: ProcedureState): Refusal | null {
  const { soort, status } = state;
  if (soort === 'sas-dialoog') {
    return status === 'selectie'
      ? null
      : {
          ruleId: 'aanmelding-in-selectiefase',
          message: `aanmelden kan alleen in de selectiefase; de procedure is in fase "${status}"`,
          source: cite(state.bronnen, 'sasAanmelding'),
        };
  }
  if (soort === 'samenwerkingsverband') {
    return status === 'aanvraag'
      ? null
      : {
          ruleId: 'aanmelding-samenwerkingsverband',
          message: `een samenwerkingsverband meldt zich aan in de aanmeldperiode; de procedure is in fase "${status}"`,
          source: state.bronnen?.procedure,
        };
  }
  if (soort === 'subsidie') {
    return status === 'aanvraag'
      ? null
      : {
          ruleId: 'aanvraag-in-aanvraagperiode',
          message: `subsidie aanvragen kan alleen in de aanvraagperiode; de procedure is in fase "${status}"`,
          source: cite(state.bronnen, 'subsidie'),
        };
  }
  if (status === 'instroomronde') return null;
  if (status === 'doorlopend') {
    return state.entryOpen
      ? null
      : {
          ruleId: 'tussentijdse-toetreding-gesloten',
          message: 'tussentijdse toetreding tot dit segment is gesloten; toelatingsverzoeken worden geweigerd tot de toetreding weer opengaat',
          source: cite(state.bronnen, 'toetredingSluiten'),
        };
  }
  return {
    ruleId: 'toelating-open-house',
    message: `toelatingsverzoeken kunnen in de eerste instroomronde en gedurende de looptijd; de procedure is in fase "${status}"`,
    source: cite(state.bronnen, 'openHouseDoorlopend'),
  };
}

export function applicationKind(soort: SupportedSoort): ApplicationKind {
  return soort === 'sas-dialoog' || soort === 'samenwerkingsverband' ? 'aanmelding' : soort === 'subsidie' ? 'subsidieaanvraag' : 'toelatingsverzoek';
}

/** The contract type a procedure produces (contracts.contract_type). */
export function contractTypeOf(soort: SupportedSoort): string {
  switch (soort) {
    case 'sas-dialoog':
      return 'overeenkomst';
    case 'open-house':
      return 'open-house-overeenkomst';
    case 'bestuurlijk-aanbesteden':
      return 'resultaatovereenkomst';
    case 'subsidie':
      return 'subsidiebeschikking';
    case 'samenwerkingsverband':
      return 'samenwerkingsovereenkomst';
  }
}

/** The next step of a procedure in its phase, for the procedure board (UI text, Dutch). */
export function nextStep(state: ProcedureState): string {
  switch (state.status) {
    case 'concept':
      return 'Inrichten (criteria, percelen, looptijd) en publiceren';
    case 'selectie':
      return 'Aanmeldingen beoordelen (selecteren of afwijzen) en go/no-go besluiten';
    case 'dialoog':
      return 'Dialoog voeren met de geselecteerde partijen en go/no-go besluiten';
    case 'gunning':
      return 'Inschrijvingen beoordelen (EMVI) en per perceel gunnen';
    case 'instroomronde':
      return 'Toelatingsverzoeken toetsen (geschiktheidseisen, plan) en de eerste instroomronde sluiten';
    case 'doorlopend':
      return state.entryOpen ? 'Nieuwe toelatingsverzoeken toetsen (tussentijdse toetreding open)' : 'Tussentijdse toetreding gesloten';
    case 'aanvraag':
      return state.soort === 'samenwerkingsverband'
        ? 'Aanmeldingen van samenwerkingsverbanden ontvangen en de aanmeldperiode sluiten'
        : 'Aanvragen ontvangen en de aanvraagperiode sluiten';
    case 'beoordeling':
      return state.soort === 'samenwerkingsverband'
        ? 'Samenwerkingsverbanden beoordelen en aan één samenwerkingsverband gunnen'
        : 'Aanvragen beoordelen en subsidie verlenen';
    case 'gegund':
    case 'verleend':
      return 'Afgerond: contracten lopen';
    case 'beeindigd':
    case 'ingetrokken':
      return 'Afgesloten';
  }
}
