/**
 * Access rules across the two regions with typed access rules (WBO, seed 003; Holland Rijnland,
 * seed 004): every typed rule of every profile has a rule test (profiles/<regio>/tests), every rule kind is evaluated,
 * the same case under both rule sets (crisis 24 h vs the 48 h maximum duration, MDO, Centrale Intake), and findings
 * in src/domain/access/access-rules.ts (found by these tests and fixed) are kept as regression tests.
 */
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { accessRules } from '../../src/app/access/cases.js';
import { applicableRules, caseSignals, checkAction, compareDue, ruleSet, type AccessAction, type RuleContext } from '../../src/domain/access/access-rules.js';
import { newCase, type CaseState, type Toewijzing } from '../../src/domain/access/case.js';
import { Regel } from '../../src/domain/landscape/profile-schema.js';
import { loadRuleTests } from '../../src/app/profiles/rule-tests.js';
import { untestedRules } from '../../src/domain/rules/rule-tests.js';
import { EVALUATED_RULE_KINDS } from '../../src/domain/rules/kinds.js';

const TODAY = '2026-11-22';
const profiles = loadProfiles().profiles;
const rulesOf = (regio: string) => accessRules(profiles.find((p) => p.profile.regio === regio)!.profile);
const WBO = rulesOf('wbo');
const HR = rulesOf('holland-rijnland');
const byId = (rules: Regel[], id: string) => rules.find((r) => r.id === id)!;
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({ today: TODAY, family: [], ...over });
const state = (over: Partial<CaseState> = {}): CaseState => ({
  ...newCase({
    hulpvraag: 'Onveilige thuissituatie',
    aangemeldOp: '2026-11-22T07:15:00.000Z',
    crisis: false,
    geboortedatum: '2012-04-01',
    regievoerder: 'r.jansen',
  }),
  ...over,
});
const complexTriage: Partial<CaseState> = {
  status: 'getrieerd',
  triage: { datum: TODAY, uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'complex', domeinoverstijgend: false },
};
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

describe('coverage of the profiles’ rules', () => {
  it.each(profiles.map((p) => p.profile.regio))('every typed rule of %s has a rule test (profiles/<regio>/tests)', (regio) => {
    const tests = loadRuleTests()
      .tests.filter((t) => t.region === regio)
      .map((t) => t.test);
    expect(untestedRules(profiles.find((p) => p.profile.regio === regio)!.profile, tests).map((r) => r.id)).toEqual([]);
  });
  it('every rule kind of the profile schema is evaluated by an engine, except statements of intent (beschreven)', () => {
    const kinds = Regel.options.map((o) => o.shape.type.value as string);
    expect(kinds.filter((k) => k !== 'beschreven' && !EVALUATED_RULE_KINDS.has(k))).toEqual([]);
    expect([...EVALUATED_RULE_KINDS].filter((k) => !kinds.includes(k))).toEqual([]);
  });
  it('free-form rules (type beschreven) are data only: they never produce a hit', () => {
    const described = [...WBO, ...HR].filter((r) => r.type === 'beschreven');
    expect(described.length).toBeGreaterThan(0);
    const s = state({ ...complexTriage, crisis: true });
    expect(
      checkAction(described, s, { kind: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '02', segmentId: 'crisis', kader: 'gedwongen' } }, ctx()),
    ).toEqual([]);
    expect(caseSignals(described, s, ctx())).toEqual([]);
  });
});

describe('one crisis case under both rule sets (seed 003 §8.2: 24 h; seed 004 §4.6: 48 h)', () => {
  const crisis = state({ crisis: true });
  it("WBO wants an intervention within 24 hours; Holland Rijnland's 48 hours is the maximum duration of the intervention (seed 004 §4.6), not a clock on the registration", () => {
    const due = (rules: Regel[]) =>
      caseSignals(rules, crisis, ctx())
        .filter((h) => h.type === 'crisis-termijn')
        .map((h) => [h.ruleId, h.due, h.dueAt]);
    expect(due(WBO)).toEqual([['wbo-crisis-binnen-24-uur', '2026-11-23', '2026-11-23T07:15:00.000Z']]);
    expect(due(HR)).toEqual([]);
  });
  it('`due` is always a Dutch calendar date: a clock running out at 23:30 UTC is due the next day in the Netherlands', () => {
    const late = state({ crisis: true, aangemeldOp: '2026-11-21T23:30:00.000Z' });
    const [h] = caseSignals([byId(WBO, 'wbo-crisis-binnen-24-uur')], late, ctx());
    expect([h!.due, h!.dueAt]).toEqual(['2026-11-23', '2026-11-22T23:30:00.000Z']);
  });
  it('the worklist order: earliest date first; on one day the crisis clock (exact moment) before the plain dates; no due date last', () => {
    const rows = [
      { id: 'plain-23', due: '2026-11-23', dueAt: null },
      { id: 'none', due: null, dueAt: null },
      { id: 'clock-23-late', due: '2026-11-23', dueAt: '2026-11-23T15:00:00.000Z' },
      { id: 'plain-22', due: '2026-11-22', dueAt: null },
      { id: 'clock-23-early', due: '2026-11-23', dueAt: '2026-11-23T07:15:00.000Z' },
    ];
    expect([...rows].sort(compareDue).map((r) => r.id)).toEqual(['plain-22', 'clock-23-early', 'clock-23-late', 'plain-23', 'none']);
  });
});

describe('region differences with the full rule sets', () => {
  const refer = (segmentId: string, viaGebied?: string): AccessAction => ({
    kind: 'verwijzing',
    verwijzing: { datum: TODAY, verwijzer: '01', segmentId, viaGebied, kader: 'vrijwillig' },
  });
  it('a complex case: WBO blocks the referral until the MDO (003 §5.2); Holland Rijnland has no such rule', () => {
    expect(checkAction(WBO, state(complexTriage), refer('specialistische-ambulante-behandeling'), ctx()).map((h) => [h.ruleId, h.severity])).toEqual([
      ['wbo-mdo-hoogcomplex', 'blocking'],
    ]);
    expect(checkAction(HR, state(complexTriage), refer('ambulante-jeugdhulp'), ctx())).toEqual([]);
  });
  it('Holland Rijnland blocks a direct referral to behandeling met verblijf (004 §4.1); via the Centrale Intake it passes', () => {
    expect(checkAction(HR, state(complexTriage), refer('behandeling-met-verblijf'), ctx()).map((h) => h.ruleId)).toEqual(['centrale-intake-verplicht']);
    expect(checkAction(HR, state(complexTriage), refer('behandeling-met-verblijf', 'centrale-intake'), ctx())).toEqual([]);
  });
  it('a youth turning 16.5 next week: only Holland Rijnland signals; turning 16: only WBO', () => {
    const ids = (rules: Regel[], geboortedatum: string) => caseSignals(rules, state({ geboortedatum }), ctx()).map((h) => h.ruleId);
    expect(ids(HR, '2010-05-29')).toEqual(['perspectiefplan-16-5', 'anticiperen-16-5']);
    expect(ids(WBO, '2010-05-29')).toEqual([]);
    expect(ids(WBO, '2010-11-29')).toEqual(['wbo-toekomstplan-16']);
    expect(ids(HR, '2010-11-29')).toEqual([]);
  });
});

describe('rule scope: segment rules apply only to cases in their segment, region rules to every case', () => {
  const profileOf = (regio: string) => profiles.find((p) => p.profile.regio === regio)!.profile;
  const HR_SET = ruleSet(profileOf('holland-rijnland'));
  const WBO_SET = ruleSet(profileOf('wbo'));
  const verwijzing = (segmentId: string) => ({ id: 1, datum: '2026-10-01', verwijzer: '01', segmentId, kader: 'vrijwillig' as const });
  const signals = (set: ReturnType<typeof ruleSet>, s: CaseState) => caseSignals(applicableRules(set, s), s, ctx()).map((h) => h.ruleId);

  it('Holland Rijnland perspectiefplan-16-5 sits under segment 1 (behandeling met verblijf) in the profile', () => {
    expect(HR_SET.region.some((r) => r.id === 'perspectiefplan-16-5')).toBe(false);
    expect(HR_SET.bySegment.get('behandeling-met-verblijf')!.some((r) => r.id === 'perspectiefplan-16-5')).toBe(true);
  });
  it('a youth turning 16.5 without a referral, decision or allocation in segment 1 gets no perspective-plan signal', () => {
    expect(signals(HR_SET, state({ geboortedatum: '2010-05-29' }))).toEqual([]);
    expect(signals(HR_SET, state({ geboortedatum: '2010-05-29', status: 'verwezen', verwijzingen: [verwijzing('ambulante-jeugdhulp')] }))).toEqual([]);
  });
  it('the same youth referred to segment 1, or with an allocation there, does get it', () => {
    expect(signals(HR_SET, state({ geboortedatum: '2010-05-29', status: 'verwezen', verwijzingen: [verwijzing('behandeling-met-verblijf')] }))).toEqual([
      'perspectiefplan-16-5',
    ]);
    expect(
      signals(
        HR_SET,
        state({
          geboortedatum: '2010-05-29',
          status: 'in-zorg',
          toewijzingen: [alloc({ segmentId: 'behandeling-met-verblijf', productCategorie: '43', einddatum: '2026-12-31' })],
        }),
      ),
    ).toContain('perspectiefplan-16-5');
  });
  it('a removed allocation (reden 13) does not put the case in its segment', () => {
    const removed = alloc({
      segmentId: 'behandeling-met-verblijf',
      productCategorie: '43',
      status: 'ingetrokken',
      startdatum: undefined,
      einddatum: '2026-10-01',
      redenWijziging: '13',
    });
    expect(signals(HR_SET, state({ geboortedatum: '2010-05-29', status: 'beschikt', toewijzingen: [removed] }))).toEqual([]);
  });
  it('region-level rules apply to every case: WBO’s future plan at 16 (region regels) for a case in no segment at all', () => {
    expect(WBO_SET.region.some((r) => r.id === 'wbo-toekomstplan-16')).toBe(true);
    expect(signals(WBO_SET, state({ geboortedatum: '2010-11-29' }))).toEqual(['wbo-toekomstplan-16']);
  });
  it('an action brings its own segment: a referral to segment 1 is checked against the Centrale Intake rule of that segment', () => {
    const s = state({
      status: 'getrieerd',
      triage: { datum: TODAY, uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'meervoudig', domeinoverstijgend: false },
    });
    const refer = (segmentId: string): AccessAction => ({ kind: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '02', segmentId, kader: 'vrijwillig' } });
    expect(applicableRules(HR_SET, s).some((r) => r.id === 'centrale-intake-verplicht')).toBe(false);
    expect(
      checkAction(applicableRules(HR_SET, s, refer('behandeling-met-verblijf')), s, refer('behandeling-met-verblijf'), ctx()).map((h) => h.ruleId),
    ).toEqual(['centrale-intake-verplicht']);
    expect(checkAction(applicableRules(HR_SET, s, refer('ambulante-jeugdhulp')), s, refer('ambulante-jeugdhulp'), ctx())).toEqual([]);
  });
});

describe('regressions: findings of these tests, fixed in src/domain/access/access-rules.ts', () => {
  const regievoerder = byId(WBO, 'wbo-een-regievoerder');
  const closedSibling = { ...state({ regievoerder: 'oud.slt' }), status: 'afgesloten' as const };

  // Regression: een-regievoerder counted the regievoerders of ALL family cases, closed ones too, so a
  // sibling's case closed years ago blocked any other regievoerder forever.
  it('wbo-een-regievoerder (seed 003 §5.1): a closed case of the family does not block a new regievoerder', () => {
    expect(checkAction([regievoerder], state(), { kind: 'regie', regievoerder: 's.elbaz' }, ctx({ family: [closedSibling] }))).toEqual([]);
  });

  // Regression: with two open cases of one family (regievoerder X), changing either to Y was blocked
  // by the other, so such a family could never hand over to a new regievoerder (staff change).
  it('wbo-een-regievoerder (seed 003 §5.1): a family with two cases can hand over to a new regievoerder', () => {
    const a = { ...state({ regievoerder: 'r.jansen' }), status: 'in-zorg' as const };
    const b = { ...state({ regievoerder: 'r.jansen' }), status: 'getrieerd' as const };
    // A handover is family-wide (the app sets the new regievoerder on every open case at once).
    const handover: AccessAction = { kind: 'regie', regievoerder: 's.elbaz', familyWide: true };
    const aFirst = checkAction([regievoerder], a, handover, ctx({ family: [b] }));
    const bFirst = checkAction([regievoerder], b, handover, ctx({ family: [a] }));
    expect(aFirst.length === 0 || bFirst.length === 0).toBe(true);
  });

  const endAge = byId(HR, 'leeftijdsgrens-18-21-23');
  const extended = state({
    geboortedatum: '2008-06-01', // 18 on 2026-06-01
    status: 'in-zorg',
    beschikkingen: [
      {
        id: 1,
        datum: '2026-05-01',
        verwijzingId: 1,
        segmentId: 'ambulante-jeugdhulp',
        ingangsdatum: '2026-06-01',
        einddatum: '2027-05-31',
        besluitDoor: 'jgt',
        verlengingBeoordeeld: true,
      },
    ],
    toewijzingen: [alloc({ ingangsdatum: '2026-06-01', einddatum: '2027-05-31', startdatum: '2026-06-01' })],
  });
  // Regression: caseSignals ignored Beschikking.verlengingBeoordeeld, so an allocation under an assessed
  // extension (seed 004 §4.2: "in bepaalde situaties, doorlopen tot 23 jaar") kept "bepaal het vervolg
  // na 18 jaar" on the worklist for as long as it ran.
  it('leeftijdsgrens-18-21-23 (seed 004 §4.2): no age-limit signal for an allocation under an assessed extension to 23', () => {
    expect(caseSignals([endAge], extended, ctx())).toEqual([]);
  });
  // Regression: checkAction honoured the extension only on the beschikking action (the toewijzing
  // action had no beschikkingId), so allocating within the extended decision was signalled.
  it('leeftijdsgrens-18-21-23 (seed 004 §4.2): allocating within an assessed extension is not signalled', () => {
    const s = { ...extended, toewijzingen: [] };
    expect(
      checkAction(
        [endAge],
        s,
        { kind: 'toewijzing', toewijzing: { segmentId: 'ambulante-jeugdhulp', ingangsdatum: '2026-06-01', einddatum: '2027-05-31', beschikkingId: 1 } },
        ctx(),
      ),
    ).toEqual([]);
  });

  // Regression: iJw end dates are inclusive, but crisis-maximale-duur compared einddatum with
  // ingangsdatum + 28 days, so an allocation of 29 calendar days (1 to 29 November) passed.
  it('crisishulp-max-vier-weken (seed 004 §4.6): an allocation of 29 days (inclusive end date) exceeds four weeks', () => {
    const r = byId(HR, 'crisishulp-max-vier-weken');
    expect(
      checkAction([r], state(), { kind: 'toewijzing', toewijzing: { segmentId: 'crisis', ingangsdatum: '2026-11-01', einddatum: '2026-11-29' } }, ctx()),
    ).toHaveLength(1);
  });
});
