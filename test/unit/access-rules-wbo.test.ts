/**
 * The access rules of Regio West-Brabant Oost (profiles/wbo/2027-01-01.yaml, seed 003), one
 * describe per rule id, evaluated with the REAL profile rules against small CaseState fixtures:
 * hit and non-hit, blocking or signal as the profile says, due dates of signals.
 */
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { accessRules } from '../../src/app/access/cases.js';
import { caseSignals, checkAction, type AccessAction, type RuleContext } from '../../src/domain/access/access-rules.js';
import { newCase, type CaseState, type Complexiteit, type Mdo, type Toewijzing } from '../../src/domain/access/case.js';
import type { Regel } from '../../src/domain/landscape/profile-schema.js';

const TODAY = '2026-11-22';
const RULES = accessRules(loadProfiles().profiles.find((p) => p.profile.regio === 'wbo')!.profile);
function rule<T extends Regel['type']>(id: string, type: T): Extract<Regel, { type: T }> {
  const r = RULES.find((x) => x.id === id);
  if (!r || r.type !== type) throw new Error(`WBO profile has no ${type} rule ${id}`);
  return r as Extract<Regel, { type: T }>;
}
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({ today: TODAY, family: [], ...over });
const state = (over: Partial<CaseState> = {}): CaseState => ({
  ...newCase({
    hulpvraag: 'Gezin loopt vast in de opvoeding',
    aangemeldOp: '2026-11-02T09:00:00.000Z',
    crisis: false,
    geboortedatum: '2014-05-10',
    regievoerder: 'r.jansen',
  }),
  ...over,
});
const triaged = (complexiteit: Complexiteit, domeinoverstijgend = false): Partial<CaseState> => ({
  status: 'getrieerd',
  triage: { datum: '2026-11-05', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit, domeinoverstijgend },
});
const ALL = ['lokaal-team', 'specialistische-jeugdhulp', 'verblijf-crisis', 'sociale-basis'];
const mdo = (over: Partial<Mdo> = {}): Mdo => ({
  datum: '2026-11-10',
  deelnemers: ALL,
  overeenstemming: true,
  afweging: 'Verblijf met behandeling passend',
  ...over,
});
const referral = (segmentId: string, verwijzer = '01'): AccessAction => ({
  kind: 'verwijzing',
  verwijzing: { datum: TODAY, verwijzer, segmentId, kader: 'vrijwillig' },
});
const decision = (segmentId: string, besluitDoor = 'slt'): AccessAction => ({
  kind: 'beschikking',
  beschikking: { datum: TODAY, verwijzingId: 1, segmentId, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor },
});
const alloc = (over: Partial<Toewijzing> = {}): Toewijzing => ({
  nummer: 100001,
  beschikkingId: 1,
  segmentId: 'specialistische-ambulante-behandeling',
  providerId: 7,
  productCategorie: '54',
  ingangsdatum: '2026-10-01',
  einddatum: '2027-03-31',
  status: 'gestart',
  startdatum: '2026-10-01',
  ...over,
});
const analysed = {
  analyse: { verklarendeAnalyse: true, ambulanteAlternatieven: 'Intensieve ambulante gezinsbehandeling overwogen', diagnostiekAfgerond: true },
};

describe('wbo-mdo-hoogcomplex (seed 003 §5.2): (hoog)complex → MDO with agreement and the three task areas first', () => {
  const r = rule('wbo-mdo-hoogcomplex', 'mdo-verplicht');
  it('is blocking in the profile and refuses a referral of a complex case without MDO, naming rule and source', () => {
    expect(r.soort).toBe('blokkerend');
    const [h, ...rest] = checkAction([r], state(triaged('complex')), referral('specialistische-ambulante-behandeling'), ctx());
    expect(rest).toEqual([]);
    expect(h).toMatchObject({ ruleId: 'wbo-mdo-hoogcomplex', type: 'mdo-verplicht', severity: 'blocking', source: { seed: '003', section: '5.2' } });
    expect(h!.message).toContain('(regel wbo-mdo-hoogcomplex, bron 003 §5.2: “Blijkt uit de vraagverkenning');
    expect(h!.message).toContain('specialistische-jeugdhulp, verblijf-crisis, sociale-basis');
  });
  it('refuses a decision (beschikking) of a hoogcomplex case without MDO too', () => {
    expect(checkAction([r], state(triaged('hoogcomplex')), decision('verblijf-crisis'), ctx())).toHaveLength(1);
  });
  it('hit: the MDO agreed but a required task area was missing', () => {
    const s = state({ ...triaged('complex'), mdos: [mdo({ deelnemers: ['lokaal-team', 'specialistische-jeugdhulp', 'verblijf-crisis'] })] });
    expect(checkAction([r], s, referral('verblijf-crisis'), ctx())).toHaveLength(1);
  });
  it('hit: all participants but no agreement and no escalation step', () => {
    const s = state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false })] });
    expect(checkAction([r], s, referral('verblijf-crisis'), ctx())).toHaveLength(1);
  });
  it('no hit: MDO with agreement and all required participants', () => {
    expect(checkAction([r], state({ ...triaged('hoogcomplex'), mdos: [mdo()] }), referral('verblijf-crisis'), ctx())).toEqual([]);
  });
  it('no hit: no agreement, but the escalation ladder decided (escalatiestap recorded)', () => {
    const s = state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false, escalatiestap: 'escalatieladder: besluit manager SLT' })] });
    expect(checkAction([r], s, referral('verblijf-crisis'), ctx())).toEqual([]);
  });
  it('no hit: enkelvoudige or meervoudige problematiek needs no MDO', () => {
    for (const c of ['enkelvoudig', 'meervoudig'] as const)
      expect(checkAction([r], state(triaged(c)), referral('specialistische-ambulante-behandeling'), ctx())).toEqual([]);
  });
  it('no hit: allocations and regie are not gated by the MDO', () => {
    const s = state(triaged('complex'));
    expect(
      checkAction([r], s, { kind: 'toewijzing', toewijzing: { segmentId: 'verblijf-crisis', ingangsdatum: '2026-12-01', einddatum: '2027-01-31' } }, ctx()),
    ).toEqual([]);
    expect(checkAction([r], s, { kind: 'regie', regievoerder: 'r.jansen' }, ctx())).toEqual([]);
  });
});

describe('wbo-mdo-escalatieladder (seed 003 §5.2): an MDO without agreement puts the escalation ladder on the worklist', () => {
  const r = rule('wbo-mdo-escalatieladder', 'escalatieladder');
  it('hit: last MDO without agreement and without escalation step; signal due on the MDO date (no term in the profile)', () => {
    expect(r.soort).toBe('signaal');
    expect(r.termijnDagen).toBeUndefined();
    const [h] = caseSignals([r], state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false, datum: '2026-11-12' })] }), ctx());
    expect(h).toMatchObject({ ruleId: 'wbo-mdo-escalatieladder', severity: 'signal', due: '2026-11-12' });
    expect(h!.message).toContain('escalatieladder');
  });
  it('hit: a later MDO that again fails to agree reopens the escalation', () => {
    const s = state({ ...triaged('complex'), mdos: [mdo({ datum: '2026-11-01' }), mdo({ datum: '2026-11-15', overeenstemming: false })] });
    expect(caseSignals([r], s, ctx())[0]?.due).toBe('2026-11-15');
  });
  it('no hit: agreement reached, escalation step taken, no MDO at all, or the signal marked handled', () => {
    expect(caseSignals([r], state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false, datum: '2026-11-01' }), mdo()] }), ctx())).toEqual([]);
    expect(caseSignals([r], state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false, escalatiestap: 'escalatieladder' })] }), ctx())).toEqual([]);
    expect(caseSignals([r], state(triaged('complex')), ctx())).toEqual([]);
    const open = state({ ...triaged('complex'), mdos: [mdo({ overeenstemming: false })] });
    expect(caseSignals([r], open, ctx({ handled: ['wbo-mdo-escalatieladder'] }))).toEqual([]);
  });
  it('no hit: a closed case has no signals', () => {
    expect(caseSignals([r], state({ ...triaged('complex'), status: 'afgesloten', mdos: [mdo({ overeenstemming: false })] }), ctx())).toEqual([]);
  });
});

describe('wbo-mdo-domeinoverstijgend (seed 003 §4.3): cross-domain problems → municipal social domain in the MDO', () => {
  const r = rule('wbo-mdo-domeinoverstijgend', 'mdo-sociaal-domein');
  it('hit (signal, not blocking): domeinoverstijgend triage and the MDO lacks sociaal-domein', () => {
    expect(r.soort).toBe('signaal');
    const hits = checkAction([r], state({ ...triaged('meervoudig', true), mdos: [mdo()] }), referral('specialistische-ambulante-behandeling'), ctx());
    expect(hits).toEqual([expect.objectContaining({ ruleId: 'wbo-mdo-domeinoverstijgend', severity: 'signal' })]);
    expect(hits[0]!.message).toContain('sociaal-domein');
    expect(checkAction([r], state(triaged('meervoudig', true)), decision('specialistische-ambulante-behandeling'), ctx())).toHaveLength(1);
  });
  it('no hit: sociaal-domein took part, or the problem is not domeinoverstijgend', () => {
    const withDomain = state({ ...triaged('meervoudig', true), mdos: [mdo({ deelnemers: [...ALL, 'sociaal-domein'] })] });
    expect(checkAction([r], withDomain, referral('specialistische-ambulante-behandeling'), ctx())).toEqual([]);
    expect(checkAction([r], state(triaged('meervoudig', false)), referral('specialistische-ambulante-behandeling'), ctx())).toEqual([]);
  });
});

describe('wbo-een-regievoerder (seed 003 §5.1): one regievoerder per youth and family', () => {
  const r = rule('wbo-een-regievoerder', 'een-regievoerder');
  const sibling = (regievoerder?: string) => ({ ...state({ regievoerder }), status: 'in-zorg' as const });
  it('blocking: another regievoerder than the family already has is refused', () => {
    expect(r.soort).toBe('blokkerend');
    const hits = checkAction([r], state(), { kind: 'regie', regievoerder: 's.elbaz' }, ctx({ family: [sibling('r.jansen')] }));
    expect(hits).toEqual([expect.objectContaining({ ruleId: 'wbo-een-regievoerder', severity: 'blocking' })]);
    expect(hits[0]!.message).toContain('r.jansen');
  });
  it('no hit: the family’s own regievoerder, a family without one, or a regie command that only names a procesregisseur', () => {
    expect(checkAction([r], state(), { kind: 'regie', regievoerder: 'r.jansen' }, ctx({ family: [sibling('r.jansen')] }))).toEqual([]);
    expect(checkAction([r], state(), { kind: 'regie', regievoerder: 's.elbaz' }, ctx({ family: [sibling(undefined)] }))).toEqual([]);
    expect(checkAction([r], state(), { kind: 'regie', procesregisseur: 'p.visser' }, ctx({ family: [sibling('r.jansen')] }))).toEqual([]);
  });
  it('worklist item "Wijs een regievoerder aan" for a case without one, due on the registration date (severity as the profile says)', () => {
    expect(caseSignals([r], state({ regievoerder: undefined }), ctx())).toEqual([
      expect.objectContaining({ ruleId: 'wbo-een-regievoerder', severity: 'blocking', due: '2026-11-02' }),
    ]);
    expect(caseSignals([r], state(), ctx())).toEqual([]);
  });
});

describe('wbo-procesregisseur (seed 003 §5.2): several trajectories at once → one procesregisseur', () => {
  const r = rule('wbo-procesregisseur', 'procesregisseur-bij-meerdere-trajecten');
  it('hit (signal, due today): two running trajectories in one case without procesregisseur', () => {
    expect([r.soort, r.minimumTrajecten]).toEqual(['signaal', 2]);
    const s = state({
      status: 'in-zorg',
      toewijzingen: [alloc(), alloc({ nummer: 100002, segmentId: 'dagbesteding-dagbehandeling', status: 'toegewezen', startdatum: undefined })],
    });
    const [h] = caseSignals([r], s, ctx());
    expect(h).toMatchObject({ ruleId: 'wbo-procesregisseur', severity: 'signal', due: TODAY });
    expect(h!.message).toMatch(/^2 trajecten/);
  });
  it('hit: one trajectory here and one in a sibling’s case (several trajectories in the family)', () => {
    const s = state({ status: 'in-zorg', toewijzingen: [alloc()] });
    const sibling = { ...state(), status: 'in-zorg' as const, toewijzingen: [alloc({ nummer: 100009, status: 'tijdelijk-gestopt' })] };
    expect(caseSignals([r], s, ctx({ family: [sibling] }))).toHaveLength(1);
  });
  it('no hit: a procesregisseur is appointed, only one trajectory runs, or the others have ended', () => {
    const two = [alloc(), alloc({ nummer: 100002 })];
    expect(caseSignals([r], state({ status: 'in-zorg', toewijzingen: two, procesregisseur: 'p.visser' }), ctx())).toEqual([]);
    expect(caseSignals([r], state({ status: 'in-zorg', toewijzingen: [alloc()] }), ctx())).toEqual([]);
    const ended = { ...state(), toewijzingen: [alloc({ nummer: 100003, status: 'gestopt' }), alloc({ nummer: 100004, status: 'ingetrokken' })] };
    expect(caseSignals([r], state({ status: 'in-zorg', toewijzingen: [alloc()] }), ctx({ family: [ended] }))).toEqual([]);
  });
});

describe('wbo-uithuisplaatsing-mdo-en-analyse (seed 003 §3.1.3): before an out-of-home placement: MDO, explanatory analysis, ambulant alternatives', () => {
  const r = rule('wbo-uithuisplaatsing-mdo-en-analyse', 'uithuisplaatsing-voorwaarden');
  it('blocking: a decision for verblijf-crisis or wonen-met-begeleiding without them lists what is missing', () => {
    expect([r.soort, r.segmenten]).toEqual(['blokkerend', ['verblijf-crisis', 'wonen-met-begeleiding']]);
    for (const seg of r.segmenten) {
      const [h] = checkAction([r], state({ ...triaged('complex'), status: 'verwezen' }), decision(seg), ctx());
      expect(h).toMatchObject({ ruleId: 'wbo-uithuisplaatsing-mdo-en-analyse', severity: 'blocking', source: { section: '3.1.3' } });
      expect(h!.message).toContain('mdo, verklarende-analyse, ambulante-alternatieven');
    }
  });
  it('hit: MDO held, analysis missing or ambulant alternatives left blank', () => {
    const [h] = checkAction([r], state({ ...triaged('complex'), mdos: [mdo()] }), decision('wonen-met-begeleiding'), ctx());
    expect(h!.message).toContain('ontbreekt: verklarende-analyse, ambulante-alternatieven');
    const blank = state({
      ...triaged('complex'),
      mdos: [mdo()],
      analyse: { verklarendeAnalyse: true, ambulanteAlternatieven: '   ', diagnostiekAfgerond: false },
    });
    expect(checkAction([r], blank, decision('wonen-met-begeleiding'), ctx())[0]!.message).toContain('ontbreekt: ambulante-alternatieven');
  });
  it('no hit: everything recorded; an ambulant segment; a referral (the rule gates the decision)', () => {
    const ready = state({ ...triaged('complex'), mdos: [mdo()], ...analysed });
    expect(checkAction([r], ready, decision('wonen-met-begeleiding'), ctx())).toEqual([]);
    expect(checkAction([r], state(triaged('complex')), decision('specialistische-ambulante-behandeling'), ctx())).toEqual([]);
    expect(checkAction([r], state(triaged('complex')), referral('verblijf-crisis'), ctx())).toEqual([]);
  });
});

describe('wbo-verblijfszorg-besluit-slt-na-mdo (seed 003 §8.2): only the SLT decides stay-based care, after the MDO', () => {
  const r = rule('wbo-verblijfszorg-besluit-slt-na-mdo', 'uithuisplaatsing-voorwaarden');
  it('blocking: a decision taken by the municipality instead of the SLT', () => {
    expect([r.soort, r.besluitDoor]).toEqual(['blokkerend', 'slt']);
    const hits = checkAction([r], state({ ...triaged('complex'), mdos: [mdo()] }), decision('verblijf-crisis', 'gemeente'), ctx());
    expect(hits.map((h) => h.message)).toEqual([
      expect.stringContaining('Alleen slt besluit over verblijfszorg (regel wbo-verblijfszorg-besluit-slt-na-mdo, bron 003 §8.2'),
    ]);
  });
  it('blocking: SLT decision but no agreed MDO yet', () => {
    expect(checkAction([r], state(triaged('complex')), decision('verblijf-crisis', 'slt'), ctx())[0]!.message).toContain('ontbreekt: mdo');
  });
  it('no hit: SLT after an agreed MDO; wonen-met-begeleiding is not verblijfszorg under this rule', () => {
    expect(checkAction([r], state({ ...triaged('complex'), mdos: [mdo()] }), decision('verblijf-crisis', 'slt'), ctx())).toEqual([]);
    expect(checkAction([r], state(triaged('complex')), decision('wonen-met-begeleiding', 'gemeente'), ctx())).toEqual([]);
  });
});

describe('wbo-verwijzing-via-slt (seed 003 §4.3): referrals by GP, GI and medical specialist follow the protocol with the SLT', () => {
  const r = rule('wbo-verwijzing-via-slt', 'verwijzing-via-toegang');
  it.each(['02', '04', '05'])('hit (signal, "in de regel"): verwijzer %s', (verwijzer) => {
    expect(r.soort).toBe('signaal');
    const [h] = checkAction([r], state(triaged('meervoudig')), referral('specialistische-ambulante-behandeling', verwijzer), ctx());
    expect(h).toMatchObject({ ruleId: 'wbo-verwijzing-via-slt', severity: 'signal' });
    expect(h!.message).toContain(`verwijzer ${verwijzer} (COD327)`);
  });
  it.each(['01', '03', '06', '08'])('no hit: verwijzer %s', (verwijzer) => {
    expect(checkAction([r], state(triaged('meervoudig')), referral('specialistische-ambulante-behandeling', verwijzer), ctx())).toEqual([]);
  });
});

describe('wbo-crisis-binnen-24-uur (seed 003 §8.2): crisis → intervention within 24 hours', () => {
  const r = rule('wbo-crisis-binnen-24-uur', 'crisis-termijn');
  it('hit: a crisis without started care is due 24 h after registration (the moment in dueAt, its Dutch date in due)', () => {
    expect([r.soort, r.uren]).toEqual(['signaal', 24]);
    const s = state({ crisis: true, aangemeldOp: '2026-11-21T22:30:00.000Z', toewijzingen: [alloc({ status: 'toegewezen', startdatum: undefined })] });
    expect(caseSignals([r], s, ctx())).toEqual([
      expect.objectContaining({ ruleId: 'wbo-crisis-binnen-24-uur', severity: 'signal', due: '2026-11-22', dueAt: '2026-11-22T22:30:00.000Z' }),
    ]);
  });
  it('no hit: not a crisis, or care has started', () => {
    expect(caseSignals([r], state(), ctx())).toEqual([]);
    expect(caseSignals([r], state({ crisis: true, toewijzingen: [alloc({ segmentId: 'verblijf-crisis', productCategorie: '46' })] }), ctx())).toEqual([]);
  });
});

describe('wbo-matched-care-plaatsing (seed 003 §3.1.3): placed once; as few moves as possible', () => {
  const r = rule('wbo-matched-care-plaatsing', 'plaatsingen-maximum');
  const placement = (nummer: number, startdatum: string, segmentId = 'verblijf-crisis') =>
    alloc({ nummer, segmentId, productCategorie: '43', startdatum, status: 'gestopt' });
  it('hit (signal, due today): three placements are two moves, more than the maximum of one', () => {
    expect([r.soort, r.maximum, r.maanden]).toEqual(['signaal', 1, undefined]);
    const s = state({
      status: 'in-zorg',
      toewijzingen: [placement(1, '2024-01-10'), placement(2, '2025-03-01', 'wonen-met-begeleiding'), { ...placement(3, '2026-06-01'), status: 'gestart' }],
    });
    const [h] = caseSignals([r], s, ctx());
    expect(h).toMatchObject({ ruleId: 'wbo-matched-care-plaatsing', severity: 'signal', due: TODAY });
    expect(h!.message).toMatch(/^2 overplaatsingen/);
  });
  it('no hit: one move; ambulant trajectories and not-started allocations are no placements', () => {
    expect(caseSignals([r], state({ toewijzingen: [placement(1, '2025-01-10'), placement(2, '2026-01-01')] }), ctx())).toEqual([]);
    const mixed = [
      placement(1, '2025-01-10'),
      placement(2, '2026-01-01'),
      alloc({ nummer: 3 }),
      alloc({ nummer: 4, segmentId: 'verblijf-crisis', status: 'toegewezen', startdatum: undefined }),
    ];
    expect(caseSignals([r], state({ toewijzingen: mixed }), ctx())).toEqual([]);
  });
});

describe('wbo-toekomstplan-16 and wbo-perspectief-voor-18 (seed 003 §3.1.3): age signals at 16 and 18', () => {
  const at16 = rule('wbo-toekomstplan-16', 'leeftijdssignaal');
  const at18 = rule('wbo-perspectief-voor-18', 'leeftijdssignaal');
  it('the profile puts them at 192 and 216 months, announced 30 days ahead (schema default)', () => {
    expect([at16.leeftijdMaanden, at16.vooraankondigingDagen, at16.soort]).toEqual([192, 30, 'signaal']);
    expect([at18.leeftijdMaanden, at18.vooraankondigingDagen, at18.soort]).toEqual([216, 30, 'signaal']);
  });
  it('hit: the 16th birthday in 30 days is due on the birthday, with the action from the profile', () => {
    const [h] = caseSignals([at16], state({ geboortedatum: '2010-12-22' }), ctx());
    expect(h).toMatchObject({ ruleId: 'wbo-toekomstplan-16', severity: 'signal', due: '2026-12-22' });
    expect(h!.message).toBe(
      `Jeugdige wordt 16 jaar: toekomstplan opstellen met de jeugdige en diens netwerk (regel wbo-toekomstplan-16, bron 003 §3.1.3: “${at16.bron.citaat}”)`,
    );
  });
  it('the window: from 60 days after to 30 days before the birthday', () => {
    const due = (birth: string) => caseSignals([at16], state({ geboortedatum: birth }), ctx()).map((h) => h.due);
    expect(due('2010-09-23')).toEqual(['2026-09-23']); // 60 days ago
    expect(due('2010-09-22')).toEqual([]); // 61 days ago
    expect(due('2010-12-23')).toEqual([]); // 31 days ahead
  });
  it('hit at 18 (perspective after 18 recorded before the birthday); a 17-year-old gets neither signal', () => {
    expect(caseSignals([at16, at18], state({ geboortedatum: '2008-12-01' }), ctx())).toEqual([
      expect.objectContaining({ ruleId: 'wbo-perspectief-voor-18', due: '2026-12-01' }),
    ]);
    expect(caseSignals([at16, at18], state({ geboortedatum: '2009-06-01' }), ctx())).toEqual([]);
  });
  it('a leap-day birthday turns 18 on 28 February', () => {
    expect(caseSignals([at18], state({ geboortedatum: '2008-02-29' }), ctx({ today: '2026-02-20' }))[0]?.due).toBe('2026-02-28');
  });
});

describe('wbo-ambulante-spoedhulp-verplicht (seed 003 §8.2): ambulatory emergency help before, during and after a crisis or stay placement', () => {
  const r = rule('wbo-ambulante-spoedhulp-verplicht', 'ambulante-spoedhulp-bij-plaatsing');
  const placement = (over: Partial<Toewijzing> = {}) =>
    alloc({
      segmentId: 'verblijf-crisis',
      productCategorie: '43',
      ingangsdatum: '2026-11-10',
      einddatum: '2027-02-28',
      startdatum: '2026-11-10',
      status: 'gestart',
      ...over,
    });
  const signals = (t: Toewijzing, c = ctx()) =>
    caseSignals([r], state({ status: 'in-zorg', toewijzingen: [t] }), c).map((h) => [h.severity, h.due, h.message.replace(/ \(regel[\s\S]*$/, '')]);
  it('is a signal in the profile for placements in verblijf-crisis (43 behandeling met verblijf, 46 crisis), all three phases, quoting §8.2', () => {
    expect([r.soort, r.segmenten, r.productcategorieen, r.fasen, r.termijnDagen, r.vooraankondigingDagen]).toEqual([
      'signaal',
      ['verblijf-crisis'],
      ['43', '46'],
      ['voor', 'tijdens', 'na'],
      0,
      14,
    ]);
    expect(r.bron).toMatchObject({ seed: '003', sectie: '8.2' });
    expect(r.bron.citaat).toContain('tijdens en na de plaatsing verplicht');
  });
  it('before: an allocated placement that has not started is due by its ingangsdatum until the help is recorded', () => {
    const waiting = placement({ ingangsdatum: '2026-12-01', startdatum: undefined, status: 'toegewezen' });
    expect(signals(waiting)).toEqual([
      ['signal', '2026-12-01', 'Plaatsing (toewijzing 100001): ambulante spoedhulp om de plaatsing te voorkomen is niet vastgelegd'],
    ]);
    expect(signals({ ...waiting, spoedhulp: { voor: '2026-11-20' } })).toEqual([]);
  });
  it('during: a started placement is due on its start day (termijnDagen 0), overdue stays on the list', () => {
    expect(signals(placement())).toEqual([
      ['signal', '2026-11-10', 'Plaatsing (toewijzing 100001): ambulante spoedhulp tijdens de plaatsing is niet vastgelegd'],
    ]);
    expect(signals(placement({ spoedhulp: { tijdens: '2026-11-11' } }))).toEqual([]);
    expect(signals(placement({ status: 'tijdelijk-gestopt', stopdatum: '2026-11-20' }))).toHaveLength(1);
  });
  it('after: from 14 days before the placement ends, due on its last day (the stop date after a final stop)', () => {
    const ending = placement({ einddatum: '2026-12-06', spoedhulp: { tijdens: '2026-11-10' } });
    expect(signals(ending)).toEqual([['signal', '2026-12-06', 'Plaatsing (toewijzing 100001): ambulante spoedhulp na de plaatsing is niet vastgelegd']]);
    expect(signals(placement({ einddatum: '2026-12-07', spoedhulp: { tijdens: '2026-11-10' } }))).toEqual([]); // 15 days ahead
    expect(signals(placement({ status: 'gestopt', stopdatum: '2026-11-15' }))).toEqual([
      ['signal', '2026-11-15', 'Plaatsing (toewijzing 100001): ambulante spoedhulp na de plaatsing is niet vastgelegd'],
    ]);
    expect(signals(placement({ status: 'gestopt', stopdatum: '2026-11-15', spoedhulp: { na: '2026-11-16' } }))).toEqual([]);
  });
  it('no hit: not a placement (another segment, or transport 42 in this segment), a removed allocation, or the signal marked handled', () => {
    expect(signals(placement({ segmentId: 'specialistische-ambulante-behandeling', productCategorie: '54' }))).toEqual([]);
    expect(signals(placement({ productCategorie: '42' }))).toEqual([]);
    expect(signals(placement({ status: 'ingetrokken', startdatum: undefined, einddatum: '2026-11-10', redenWijziging: '13' }))).toEqual([]);
    expect(signals(placement(), ctx({ handled: ['wbo-ambulante-spoedhulp-verplicht'] }))).toEqual([]);
  });
  it('a crisis placement in 46 counts too, each placement on its own', () => {
    const crisis = placement({ nummer: 100002, productCategorie: '46', ingangsdatum: '2026-11-21', startdatum: '2026-11-21', einddatum: '2026-12-18' });
    const hits = caseSignals([r], state({ status: 'in-zorg', toewijzingen: [placement({ spoedhulp: { tijdens: '2026-11-10' } }), crisis] }), ctx());
    expect(hits.map((h) => [h.message.slice(0, 30), h.due])).toEqual([['Plaatsing (toewijzing 100002):', '2026-11-21']]);
  });
});
