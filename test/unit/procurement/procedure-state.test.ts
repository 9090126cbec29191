/**
 * Procedure state machines (src/domain/procurement/procedure.ts): every legal transition per
 * procedure kind, and every other (phase, action) pair refused as a conflict that changes nothing.
 * Seed 003 §5.3.2 (SAS phases), §11.2 (go/no-go), §9.3.2 (open house); seed 004 §3.2 f
 * (closing intermediate entry), §3.1 (bestuurlijk aanbesteden), §4.6 (subsidy).
 */
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  mayApply,
  PHASES,
  transition,
  type ProcedureAction,
  type ProcedureState,
  type ProcedureStatus,
  type SupportedSoort,
} from '../../../src/domain/procurement/procedure.js';
import { procedureBronnen, type ProcedureBronnen } from '../../../src/domain/procurement/sources.js';
import { realProfile } from '../helpers.js';

/** The cited sources each kind gets from a shipped profile (refusals cite the region's own data). */
const seg = (region: string, id: string) => realProfile(region).segmenten.find((s) => s.id === id)!;
const BRONNEN: Record<SupportedSoort, ProcedureBronnen> = {
  'sas-dialoog': procedureBronnen(seg('wbo', 'slt')),
  'open-house': procedureBronnen(seg('wbo', 'wonen-met-begeleiding')),
  'bestuurlijk-aanbesteden': procedureBronnen(seg('holland-rijnland', 'ambulante-jeugdhulp')),
  subsidie: procedureBronnen(seg('holland-rijnland', 'crisis')),
  samenwerkingsverband: procedureBronnen(seg('hart-van-brabant', 'specialistische-zorg')),
};

const ACTIONS: ProcedureAction[] = [
  { type: 'publiceren' },
  { type: 'go-no-go', besluit: 'go', reden: 'besluit stuurgroep' },
  { type: 'go-no-go', besluit: 'no-go', reden: 'te weinig aanmeldingen' },
  { type: 'instroomronde-sluiten' },
  { type: 'toetreding', open: false, reden: 'voldoende aanbod' },
  { type: 'toetreding', open: true, reden: 'tekort aan aanbod' },
  { type: 'aanvraag-sluiten' },
  { type: 'beeindigen', reden: 'einde looptijd' },
  { type: 'intrekken', reden: 'budget vervalt' },
  { type: 'gunnen' },
];
const key = (a: ProcedureAction) =>
  a.type === 'go-no-go' ? `go-no-go:${a.besluit}` : a.type === 'toetreding' ? `toetreding:${a.open ? 'open' : 'dicht'}` : a.type;

/** The complete table of legal transitions: `${status}|${entryOpen}` -> action key -> next status. */
const LEGAL: Record<SupportedSoort, Record<string, Record<string, ProcedureStatus>>> = {
  'sas-dialoog': {
    concept: { publiceren: 'selectie', intrekken: 'ingetrokken' },
    selectie: { 'go-no-go:go': 'dialoog', 'go-no-go:no-go': 'ingetrokken', intrekken: 'ingetrokken' },
    dialoog: { 'go-no-go:go': 'gunning', 'go-no-go:no-go': 'ingetrokken', intrekken: 'ingetrokken' },
    gunning: { gunnen: 'gegund', intrekken: 'ingetrokken' },
  },
  'open-house': {
    concept: { publiceren: 'instroomronde', intrekken: 'ingetrokken' },
    instroomronde: { 'instroomronde-sluiten': 'doorlopend', intrekken: 'ingetrokken' },
    doorlopend: { 'toetreding:dicht': 'doorlopend', beeindigen: 'beeindigd' },
  },
  'bestuurlijk-aanbesteden': {
    concept: { publiceren: 'instroomronde', intrekken: 'ingetrokken' },
    instroomronde: { 'instroomronde-sluiten': 'doorlopend', intrekken: 'ingetrokken' },
    doorlopend: { 'toetreding:dicht': 'doorlopend', beeindigen: 'beeindigd' },
  },
  subsidie: {
    concept: { publiceren: 'aanvraag', intrekken: 'ingetrokken' },
    aanvraag: { 'aanvraag-sluiten': 'beoordeling', intrekken: 'ingetrokken' },
    beoordeling: { gunnen: 'verleend', intrekken: 'ingetrokken' },
  },
  // Seed 000 "4—8 aanbieders in samenwerkingsverband": applications of partnerships, assessed, one awarded.
  samenwerkingsverband: {
    concept: { publiceren: 'aanvraag', intrekken: 'ingetrokken' },
    aanvraag: { 'aanvraag-sluiten': 'beoordeling', intrekken: 'ingetrokken' },
    beoordeling: { gunnen: 'gegund', intrekken: 'ingetrokken' },
  },
};

const SOORTEN: SupportedSoort[] = ['sas-dialoog', 'open-house', 'bestuurlijk-aanbesteden', 'subsidie', 'samenwerkingsverband'];
const selected = [{ status: 'geselecteerd' as const }, { status: 'afgewezen' as const }];

describe('state machines: every (phase, action) pair', () => {
  for (const soort of SOORTEN) {
    for (const status of [...PHASES[soort], 'ingetrokken' as const]) {
      for (const action of ACTIONS) {
        const legal = LEGAL[soort][status]?.[key(action)];
        it(`${soort}: ${status} + ${key(action)} -> ${legal ?? 'refused (409)'}`, () => {
          const state: ProcedureState = { soort, status, entryOpen: true, bronnen: BRONNEN[soort] };
          const frozen = JSON.stringify(state);
          const r = transition(state, action, selected);
          expect(JSON.stringify(state)).toBe(frozen); // pure: the input never changes
          if (legal) {
            expect(r).toMatchObject({ ok: true, state: { status: legal } });
          } else {
            // The phase order of the partnership kind has no seed sentence of its own (seed 000 names only "4-8 aanbieders in samenwerkingsverband").
            // Every refusal cites the region's own profile: a step sentence, else the procedure's source.
            const source = { source: { seed: expect.any(String), section: expect.any(String) } };
            expect(r).toMatchObject({ ok: false, conflict: true, refusal: { ruleId: 'procedure-fase', ...source } });
          }
        });
      }
    }
  }
});

describe('seed 003 §11.2 go/no-go and §5.3.2 selection', () => {
  const sel: ProcedureState = { soort: 'sas-dialoog', status: 'selectie', entryOpen: true, bronnen: BRONNEN['sas-dialoog'] };
  it('go at the end of selection is refused while an aanmelding is undecided (selectie-afgerond, seed 003 §5.3.2)', () => {
    const r = transition(sel, { type: 'go-no-go', besluit: 'go', reden: 'stuurgroep' }, [{ status: 'geselecteerd' }, { status: 'ingediend' }]);
    expect(r).toMatchObject({ ok: false, conflict: false, refusal: { ruleId: 'selectie-afgerond', source: { seed: '003', section: '5.3.2' } } });
  });
  it('go with nobody selected is refused (decide no-go instead)', () => {
    const r = transition(sel, { type: 'go-no-go', besluit: 'go', reden: 'stuurgroep' }, [{ status: 'afgewezen' }]);
    expect(r).toMatchObject({ ok: false, refusal: { ruleId: 'selectie-afgerond' } });
  });
  it('a go/no-go decision without a reason is refused (go-no-go-reden, seed 003 §11.2)', () => {
    expect(transition(sel, { type: 'go-no-go', besluit: 'no-go', reden: '' }, selected)).toMatchObject({
      ok: false,
      conflict: false,
      refusal: { ruleId: 'go-no-go-reden', source: { seed: '003', section: '11.2' } },
    });
  });
  it('no-go withdraws the procedure (ingetrokken)', () => {
    expect(transition(sel, { type: 'go-no-go', besluit: 'no-go', reden: 'onvoldoende geschikte partijen' }, [])).toMatchObject({
      ok: true,
      state: { status: 'ingetrokken', entryOpen: false },
    });
  });
  it('allowed actions of the selection phase', () => {
    expect(allowedActions(sel).sort()).toEqual(['go-no-go', 'intrekken']);
  });
});

describe('seed 004 §3.2 f: closing intermediate entry of an open house', () => {
  const open: ProcedureState = { soort: 'open-house', status: 'doorlopend', entryOpen: true, bronnen: BRONNEN['open-house'] };
  const hr: ProcedureState = { soort: 'bestuurlijk-aanbesteden', status: 'doorlopend', entryOpen: true, bronnen: BRONNEN['bestuurlijk-aanbesteden'] };
  it('closing and reopening toggles entryOpen; closing twice is refused', () => {
    const closed = transition(open, { type: 'toetreding', open: false, reden: 'voldoende aanbod' });
    expect(closed).toMatchObject({ ok: true, state: { status: 'doorlopend', entryOpen: false } });
    const st = (closed as { state: ProcedureState }).state;
    expect(transition(st, { type: 'toetreding', open: false, reden: 'nogmaals' })).toMatchObject({ ok: false, conflict: true });
    expect(transition(st, { type: 'toetreding', open: true, reden: 'tekort aan aanbod' })).toMatchObject({ ok: true, state: { entryOpen: true } });
  });
  it('tussentijdse-toetreding-gesloten: an application while entry is closed is refused naming seed 004 §3.2 f', () => {
    expect(mayApply({ ...hr, entryOpen: false })).toMatchObject({ ruleId: 'tussentijdse-toetreding-gesloten', source: { seed: '004', section: '3.2 f' } });
    // A region whose profile cites no sentence for this step cites its own procedure source (seed 003), never seed 004.
    expect(mayApply({ ...open, entryOpen: false })).toMatchObject({ ruleId: 'tussentijdse-toetreding-gesloten', source: { seed: '003' } });
    expect(mayApply(open)).toBeNull();
    expect(mayApply({ ...open, status: 'instroomronde' })).toBeNull();
  });
  it('seed 003 §9.3.2: applications are possible in the first round and during the term, not in concept or after the end', () => {
    expect(mayApply({ ...open, status: 'concept' })).toMatchObject({ ruleId: 'toelating-open-house', source: { seed: '003', section: '9.3.2' } });
    expect(mayApply({ ...open, status: 'beeindigd' })).toMatchObject({ ruleId: 'toelating-open-house' });
  });
  it('the first intake round closes only when every application in it is decided (seed 003 §11.1)', () => {
    const r = transition({ ...open, status: 'instroomronde' }, { type: 'instroomronde-sluiten' }, [{ status: 'ingediend' }]);
    expect(r).toMatchObject({ ok: false, conflict: false, refusal: { ruleId: 'instroomronde-afgerond', source: { seed: '003', section: '11.1' } } });
  });
});

describe('seed 003 §5.3.2: aanmeldingen only in the selection phase; subsidy applications only in the application period (seed 004 §4.6)', () => {
  for (const status of ['concept', 'dialoog', 'gunning', 'gegund', 'ingetrokken'] as const) {
    it(`sas-dialoog in ${status}: aanmelding-in-selectiefase`, () => {
      expect(mayApply({ soort: 'sas-dialoog', status, entryOpen: true, bronnen: BRONNEN['sas-dialoog'] })).toMatchObject({
        ruleId: 'aanmelding-in-selectiefase',
        source: { seed: '003', section: '5.3.2' },
      });
    });
  }
  it('subsidie outside its application period', () => {
    expect(mayApply({ soort: 'subsidie', status: 'beoordeling', entryOpen: true, bronnen: BRONNEN.subsidie })).toMatchObject({
      ruleId: 'aanvraag-in-aanvraagperiode',
      source: { seed: '004' },
    });
    expect(mayApply({ soort: 'subsidie', status: 'aanvraag', entryOpen: true })).toBeNull();
  });
});
