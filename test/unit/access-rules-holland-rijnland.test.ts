/**
 * The access rules of Holland Rijnland (profiles/holland-rijnland/2021-01-01.yaml, seed 004), one
 * describe per rule id, with the REAL profile rules (region and segment `regels:`) against small
 * CaseState fixtures: hit and non-hit, blocking or signal as the profile says, due dates.
 */
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { accessRules } from '../../src/app/access/cases.js';
import { caseSignals, checkAction, type AccessAction, type RuleContext } from '../../src/domain/access/access-rules.js';
import { newCase, type Beschikking, type CaseState, type Toewijzing, type Verwijzing } from '../../src/domain/access/case.js';
import type { Regel } from '../../src/domain/landscape/profile-schema.js';

const TODAY = '2026-11-22';
const RULES = accessRules(loadProfiles().profiles.find((p) => p.profile.regio === 'holland-rijnland')!.profile);
function rule<T extends Regel['type']>(id: string, type: T): Extract<Regel, { type: T }> {
  const r = RULES.find((x) => x.id === id);
  if (!r || r.type !== type) throw new Error(`Holland Rijnland profile has no ${type} rule ${id}`);
  return r as Extract<Regel, { type: T }>;
}
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({ today: TODAY, family: [], ...over });
const state = (over: Partial<CaseState> = {}): CaseState => ({
  ...newCase({
    hulpvraag: 'Ernstige gedragsproblemen thuis en op school',
    aangemeldOp: '2026-11-02T09:00:00.000Z',
    crisis: false,
    geboortedatum: '2012-04-01',
    regievoerder: 'jgt.leiden',
  }),
  status: 'getrieerd',
  triage: { datum: '2026-11-05', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'meervoudig', domeinoverstijgend: false },
  ...over,
});
const referral = (segmentId: string, over: Partial<Verwijzing> = {}): AccessAction => ({
  kind: 'verwijzing',
  verwijzing: { datum: TODAY, verwijzer: '01', segmentId, kader: 'vrijwillig', ...over },
});
const decision = (segmentId: string, einddatum: string, over: Partial<Beschikking> = {}): AccessAction => ({
  kind: 'beschikking',
  beschikking: { datum: TODAY, verwijzingId: 1, segmentId, ingangsdatum: '2026-12-01', einddatum, besluitDoor: 'jgt', ...over },
});
const allocation = (segmentId: string, ingangsdatum: string, einddatum: string): AccessAction => ({
  kind: 'toewijzing',
  toewijzing: { segmentId, ingangsdatum, einddatum },
});
const alloc = (over: Partial<Toewijzing> = {}): Toewijzing => ({
  nummer: 100001,
  beschikkingId: 1,
  segmentId: 'ambulante-jeugdhulp',
  providerId: 7,
  productCategorie: '45',
  ingangsdatum: '2026-10-01',
  einddatum: '2027-03-31',
  status: 'gestart',
  startdatum: '2026-10-01',
  ...over,
});
const forced = (v: Partial<Verwijzing> = {}): Verwijzing => ({
  id: 1,
  datum: '2026-11-10',
  verwijzer: '04',
  segmentId: 'behandeling-met-verblijf',
  viaGebied: 'centrale-intake',
  kader: 'gedwongen',
  ...v,
});

describe('centrale-intake-verplicht (seed 004 §4.1): every referral to behandeling met verblijf goes through the Centrale Intake', () => {
  const r = rule('centrale-intake-verplicht', 'verwijzing-via-gebied');
  it('blocking: a direct referral, or one through the local team, is refused with rule and source', () => {
    expect([r.soort, r.via]).toEqual(['blokkerend', 'centrale-intake']);
    for (const viaGebied of [undefined, 'gt-leidse-regio']) {
      const [h] = checkAction([r], state(), referral('behandeling-met-verblijf', { verwijzer: '02', viaGebied }), ctx());
      expect(h).toMatchObject({ ruleId: 'centrale-intake-verplicht', severity: 'blocking', source: { seed: '004', section: '4.1 Toegangsmanagement' } });
      expect(h!.message).toContain('loopt via centrale-intake (regel centrale-intake-verplicht, bron 004 §4.1 Toegangsmanagement');
    }
  });
  it('no hit: via the Centrale Intake, whoever refers (toegang, huisarts, GI); other segments go direct', () => {
    for (const verwijzer of ['01', '02', '04'])
      expect(checkAction([r], state(), referral('behandeling-met-verblijf', { verwijzer, viaGebied: 'centrale-intake' }), ctx())).toEqual([]);
    expect(checkAction([r], state(), referral('ambulante-jeugdhulp'), ctx())).toEqual([]);
  });
});

describe('procesregie-gemeentelijke-toegang (seed 004 §4.1): procesregie with the access team (vrijwillig) or the GI (gedwongen)', () => {
  const r = rule('procesregie-gemeentelijke-toegang', 'procesregie');
  const regie = (procesregiePartij: string): AccessAction => ({ kind: 'regie', procesregisseur: 'm.dekker', procesregiePartij });
  it('blocking: in the voluntary framework procesregie is not with the GI', () => {
    expect([r.soort, r.vrijwillig, r.gedwongen]).toEqual(['blokkerend', 'toegang', 'gi']);
    const [h] = checkAction([r], state({ verwijzingen: [forced({ kader: 'vrijwillig', verwijzer: '01' })] }), regie('gi'), ctx());
    expect(h).toMatchObject({ ruleId: 'procesregie-gemeentelijke-toegang', severity: 'blocking' });
    expect(h!.message).toContain('Procesregie ligt bij toegang (vrijwillig kader)');
  });
  it('blocking: in the compulsory framework (any gedwongen referral) procesregie is with the GI', () => {
    const s = state({ verwijzingen: [forced({ id: 1, kader: 'vrijwillig' }), forced({ id: 2 })] });
    expect(checkAction([r], s, regie('toegang'), ctx())[0]!.message).toContain('Procesregie ligt bij gi (gedwongen kader)');
  });
  it('no hit: the right party; a regie command without procesregisseur or without party', () => {
    expect(checkAction([r], state(), regie('toegang'), ctx())).toEqual([]);
    expect(checkAction([r], state({ verwijzingen: [forced()] }), regie('gi'), ctx())).toEqual([]);
    expect(checkAction([r], state(), { kind: 'regie', regievoerder: 'jgt.leiden', procesregiePartij: 'gi' }, ctx())).toEqual([]);
    expect(checkAction([r], state(), { kind: 'regie', procesregisseur: 'm.dekker' }, ctx())).toEqual([]);
  });
});

describe('perspectiefplan-16-5 (seed 004 §4.1): perspective plan at 16.5 at the latest', () => {
  const r = rule('perspectiefplan-16-5', 'leeftijdssignaal');
  it('hit (signal): due on the day the youth is 16 years and 6 months, message "16,5 jaar"', () => {
    expect([r.soort, r.leeftijdMaanden, r.vooraankondigingDagen]).toEqual(['signaal', 198, 30]);
    const [h] = caseSignals([r], state({ geboortedatum: '2010-06-10' }), ctx());
    expect(h).toMatchObject({ ruleId: 'perspectiefplan-16-5', severity: 'signal', due: '2026-12-10' });
    expect(h!.message).toMatch(/^Jeugdige wordt 16,5 jaar: perspectiefplan opstellen \(regel perspectiefplan-16-5, bron 004 §4\.1 Inkoopdoelen/);
  });
  it('no hit at 16 exactly or well before 16.5 (that is WBO’s 16-year rule, not this one)', () => {
    expect(caseSignals([r], state({ geboortedatum: '2010-11-22' }), ctx())).toEqual([]);
    expect(caseSignals([r], state({ geboortedatum: '2010-07-01' }), ctx())).toEqual([]);
  });
});

describe('zorg-tijdens-wachttijd-verblijf and woonplek-na-aanmelding (seed 004 §4.1, §4.2): bridging care while waiting', () => {
  const verblijf = rule('zorg-tijdens-wachttijd-verblijf', 'overbrugging-bij-wachten');
  const wonen = rule('woonplek-na-aanmelding', 'overbrugging-bij-wachten');
  const waiting = (segmentId: string, over: Partial<Toewijzing> = {}) =>
    alloc({ segmentId, productCategorie: '43', ingangsdatum: '2026-11-15', status: 'toegewezen', startdatum: undefined, ...over });
  it('hit (signal): an allocation past its start date, not started, without bridging care; due on its ingangsdatum (no term in the profile)', () => {
    expect([verblijf.soort, verblijf.segmenten, verblijf.dagen]).toEqual(['signaal', ['behandeling-met-verblijf', 'wonen'], undefined]);
    const [h] = caseSignals([verblijf], state({ status: 'toegewezen', toewijzingen: [waiting('behandeling-met-verblijf')] }), ctx());
    expect(h).toMatchObject({ ruleId: 'zorg-tijdens-wachttijd-verblijf', severity: 'signal', due: '2026-11-15' });
    expect(h!.message).toContain('Toewijzing 100001 wacht op plaatsing zonder overbruggingszorg');
  });
  it('a waiting wonen allocation hits both rules (segment Wonen has its own)', () => {
    const hits = caseSignals([verblijf, wonen], state({ status: 'toegewezen', toewijzingen: [waiting('wonen', { productCategorie: '44' })] }), ctx());
    expect(hits.map((h) => h.ruleId)).toEqual(['zorg-tijdens-wachttijd-verblijf', 'woonplek-na-aanmelding']);
  });
  it('no hit: bridging care recorded, start date still ahead, care started, or an ambulant allocation', () => {
    const s = (t: Toewijzing) => state({ status: 'toegewezen', toewijzingen: [t] });
    expect(caseSignals([verblijf, wonen], s(waiting('wonen', { overbrugging: true })), ctx())).toEqual([]);
    expect(caseSignals([verblijf, wonen], s(waiting('wonen', { ingangsdatum: '2026-11-23' })), ctx())).toEqual([]);
    expect(caseSignals([verblijf, wonen], s(waiting('wonen', { status: 'gestart', startdatum: '2026-11-16' })), ctx())).toEqual([]);
    expect(caseSignals([verblijf, wonen], s(waiting('ambulante-jeugdhulp')), ctx())).toEqual([]);
  });
});

describe('leeftijdsgrens-18-21-23 (seed 004 §4.2): care ends at 18, foster care and gezinshuiszorg at 21, up to 23 after assessment', () => {
  const r = rule('leeftijdsgrens-18-21-23', 'zorg-einde-leeftijd');
  const born = '2009-03-15'; // 18 on 2027-03-15, 21 on 2030-03-15, 23 on 2032-03-15
  it('the profile: 18 in every segment (a region rule), 21 only for the foster-care and gezinshuis products of Wonen, verlenging tot 23, a signal', () => {
    expect([r.soort, r.leeftijd, r.uitzonderingen, r.verlengingTot]).toEqual([
      'signaal',
      18,
      [{ segmenten: ['wonen'], productnamen: ['(Netwerk) pleegzorg', 'Gespecialiseerde pleeggezinnen', 'Gezinshuizen'], leeftijd: 21 }],
      23,
    ]);
  });
  it('an allocation of Kamertraining in Wonen ends at 18 ("bij pleegzorg en gezinshuiszorg bij de leeftijd van 21 jaar", not all of Wonen)', () => {
    const t = (product: string, einddatum: string): AccessAction => ({
      kind: 'toewijzing',
      toewijzing: { segmentId: 'wonen', productCategorie: '44', product, ingangsdatum: '2026-12-01', einddatum },
    });
    expect(checkAction([r], state({ geboortedatum: born }), t('Kamertraining', '2027-03-15'), ctx())[0]!.message).toContain('eindigt bij 18 jaar (2027-03-14)');
    expect(checkAction([r], state({ geboortedatum: born }), t('Gezinshuizen', '2030-03-14'), ctx())).toEqual([]);
    expect(checkAction([r], state({ geboortedatum: born }), t('(Netwerk) pleegzorg', '2030-03-15'), ctx())[0]!.message).toContain(
      'eindigt bij 21 jaar (2030-03-14)',
    );
  });
  it('hit: a decision running to the 18th birthday names the last day and the assessment route', () => {
    const [h] = checkAction([r], state({ geboortedatum: born }), decision('ambulante-jeugdhulp', '2027-03-15'), ctx());
    expect(h).toMatchObject({ ruleId: 'leeftijdsgrens-18-21-23', severity: 'signal' });
    expect(h!.message).toContain('Jeugdhulp in ambulante-jeugdhulp eindigt bij 18 jaar (2027-03-14); verlenging tot 23 alleen na beoordeling');
    expect(checkAction([r], state({ geboortedatum: born }), allocation('ambulante-jeugdhulp', '2026-12-01', '2027-06-30'), ctx())).toHaveLength(1);
  });
  it('no hit: ending the day before the 18th birthday', () => {
    expect(checkAction([r], state({ geboortedatum: born }), decision('ambulante-jeugdhulp', '2027-03-14'), ctx())).toEqual([]);
  });
  it('a decision in Wonen (product not known yet: it may be foster care) runs to 21: past 18 is fine, the 21st birthday is not', () => {
    expect(checkAction([r], state({ geboortedatum: born }), decision('wonen', '2030-03-14'), ctx())).toEqual([]);
    expect(checkAction([r], state({ geboortedatum: born }), decision('wonen', '2030-03-15'), ctx())[0]!.message).toContain('eindigt bij 21 jaar (2030-03-14)');
  });
  it('after assessment (verlengingBeoordeeld) a decision may run to the day before the 23rd birthday', () => {
    expect(checkAction([r], state({ geboortedatum: born }), decision('ambulante-jeugdhulp', '2032-03-14', { verlengingBeoordeeld: true }), ctx())).toEqual([]);
    const [h] = checkAction([r], state({ geboortedatum: born }), decision('ambulante-jeugdhulp', '2032-03-15', { verlengingBeoordeeld: true }), ctx());
    expect(h!.message).toContain('eindigt bij 23 jaar (2032-03-14)');
    expect(h!.message).not.toContain('alleen na beoordeling');
  });
  it('worklist: an active allocation reaching the age limit within 180 days, due on the last day', () => {
    const s = (t: Partial<Toewijzing>, geboortedatum = born) =>
      state({ geboortedatum, status: 'in-zorg', toewijzingen: [alloc({ einddatum: '2027-03-14', ...t })] });
    expect(caseSignals([r], s({}), ctx())).toEqual([expect.objectContaining({ ruleId: 'leeftijdsgrens-18-21-23', due: '2027-03-14' })]);
    expect(caseSignals([r], s({ status: 'toegewezen' }), ctx())).toHaveLength(1);
    expect(caseSignals([r], s({ einddatum: '2027-03-13' }), ctx())).toEqual([]); // ends before the limit
    expect(caseSignals([r], s({ status: 'gestopt' }), ctx())).toEqual([]);
    expect(caseSignals([r], s({ einddatum: '2027-06-30' }, '2009-05-23'), ctx())).toEqual([]); // last day 2027-05-22 is 181 days ahead
    expect(caseSignals([r], s({ einddatum: '2027-06-30' }, '2009-05-23'), ctx({ today: '2026-11-23' }))).toHaveLength(1); // 180 days ahead
    expect(caseSignals([r], s({ segmentId: 'wonen', productCategorie: '44', einddatum: '2030-03-14' }), ctx())).toEqual([]); // wonen: 21 is years away
  });
});

describe('diagnostiek-voor-dagbehandeling (seed 004 §4.3): a diagnostic trajectory before day treatment', () => {
  const r = rule('diagnostiek-voor-dagbehandeling', 'diagnostiek-vooraf');
  it('hit (signal): referral to dagbesteding-dagbehandeling without completed diagnostics', () => {
    expect(r.soort).toBe('signaal');
    expect(checkAction([r], state(), referral('dagbesteding-dagbehandeling'), ctx())).toEqual([
      expect.objectContaining({ ruleId: 'diagnostiek-voor-dagbehandeling', severity: 'signal' }),
    ]);
    const notDone = state({ analyse: { verklarendeAnalyse: true, ambulanteAlternatieven: 'x', diagnostiekAfgerond: false } });
    expect(checkAction([r], notDone, referral('dagbesteding-dagbehandeling'), ctx())[0]!.message).toContain('Eerst een afgerond diagnostiektraject');
  });
  it('no hit: diagnostics completed, another segment, or not a referral', () => {
    const done = state({ analyse: { verklarendeAnalyse: false, ambulanteAlternatieven: '', diagnostiekAfgerond: true } });
    expect(checkAction([r], done, referral('dagbesteding-dagbehandeling'), ctx())).toEqual([]);
    expect(checkAction([r], state(), referral('ambulante-jeugdhulp'), ctx())).toEqual([]);
    expect(checkAction([r], state(), decision('dagbesteding-dagbehandeling', '2027-06-30'), ctx())).toEqual([]);
  });
});

describe('crisisinterventie-max-48-uur (seed 004 §4.6: "De crisisinterventie door de crisisdienst duurt maximaal 48 uur."): a maximum duration, not a response deadline', () => {
  const r = rule('crisisinterventie-max-48-uur', 'maximale-duur');
  const crisisdienst = (einddatum: string, product = 'Crisisdienst'): AccessAction => ({
    kind: 'toewijzing',
    toewijzing: { segmentId: 'crisis', productCategorie: '46', product, ingangsdatum: '2026-11-21', einddatum },
  });
  it('the profile: the Crisisdienst product of segment crisis lasts at most 48 hours, a signal', () => {
    expect([r.soort, r.segmenten, r.productnamen, r.uren]).toEqual(['signaal', ['crisis'], ['Crisisdienst'], 48]);
  });
  it('hit: an intervention allocated past the second day after its start (48 h from any moment of day 1 end on day 3 at the latest)', () => {
    const [h] = checkAction([r], state(), crisisdienst('2026-11-24'), ctx());
    expect(h).toMatchObject({ ruleId: 'crisisinterventie-max-48-uur', severity: 'signal' });
    expect(h!.message).toContain('duurt maximaal 48 uur: de toewijzing loopt tot uiterlijk 2026-11-23');
  });
  it('no hit: to 2026-11-23, for crisis care after the intervention, or as a clock on a new crisis registration', () => {
    expect(checkAction([r], state(), crisisdienst('2026-11-23'), ctx())).toEqual([]);
    expect(checkAction([r], state(), crisisdienst('2026-12-15', 'Crisiszorg'), ctx())).toEqual([]);
    expect(caseSignals([r], state({ status: 'aangemeld', triage: undefined, crisis: true, aangemeldOp: '2026-11-21T15:00:00.000Z' }), ctx())).toEqual([]);
  });
  it('worklist: a started intervention is due on the second day after its start', () => {
    const s = state({
      status: 'in-zorg',
      toewijzingen: [
        alloc({
          segmentId: 'crisis',
          productCategorie: '46',
          product: 'Crisisdienst',
          ingangsdatum: '2026-11-21',
          startdatum: '2026-11-21',
          einddatum: '2026-11-23',
        }),
      ],
    });
    expect(caseSignals([r], s, ctx())).toEqual([expect.objectContaining({ ruleId: 'crisisinterventie-max-48-uur', due: '2026-11-23' })]);
  });
});

describe('crisishulp-max-vier-weken (seed 004 §4.6): crisis help lasts at most four weeks', () => {
  const r = rule('crisishulp-max-vier-weken', 'crisis-maximale-duur');
  it('hit (signal) at allocation: a crisis allocation longer than four weeks', () => {
    expect([r.soort, r.segmenten, r.weken]).toEqual(['signaal', ['crisis'], 4]);
    const [h] = checkAction([r], state(), allocation('crisis', '2026-11-01', '2026-12-31'), ctx());
    expect(h).toMatchObject({ ruleId: 'crisishulp-max-vier-weken', severity: 'signal' });
    expect(h!.message).toContain('niet langer dan 4 weken');
  });
  it('no hit: a four-week crisis allocation, or a long allocation in another segment', () => {
    expect(checkAction([r], state(), allocation('crisis', '2026-11-01', '2026-11-28'), ctx())).toEqual([]);
    expect(checkAction([r], state(), allocation('ambulante-jeugdhulp', '2026-11-01', '2027-10-31'), ctx())).toEqual([]);
  });
  it('worklist: a running crisis allocation within a week of four weeks, due four weeks after the start', () => {
    const running = (startdatum: string, status: Toewijzing['status'] = 'gestart') =>
      state({
        status: 'in-zorg',
        toewijzingen: [alloc({ segmentId: 'crisis', productCategorie: '46', ingangsdatum: startdatum, einddatum: '2026-12-31', startdatum, status })],
      });
    expect(caseSignals([r], running('2026-11-01'), ctx())).toEqual([expect.objectContaining({ ruleId: 'crisishulp-max-vier-weken', due: '2026-11-29' })]);
    expect(caseSignals([r], running('2026-10-10'), ctx())[0]?.due).toBe('2026-11-07'); // overdue stays on the list
    expect(caseSignals([r], running('2026-11-02'), ctx())).toEqual([]); // due 2026-11-30, more than a week ahead
    expect(caseSignals([r], running('2026-11-01', 'gestopt'), ctx())).toEqual([]);
  });
});
