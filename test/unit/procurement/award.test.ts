/**
 * Award and admission rules of procurement procedures (src/domain/procurement/award.ts), one test
 * per rule id, on the real WBO (seed 003) and Holland Rijnland (seed 004) profiles.
 */
import { describe, expect, it } from 'vitest';
import { admissionRefusals, checkProcedureAward, type AwardApplication, type ProposedAward } from '../../../src/domain/procurement/award.js';
import { configure, defaultConfig, procedureSoort, type ProcedureConfig } from '../../../src/domain/procurement/config.js';
import type { SegmentProfile } from '../../../src/domain/landscape/profile-schema.js';
import { realProfile } from '../helpers.js';

const wbo = realProfile('wbo');
const hr = realProfile('holland-rijnland');
const seg = (p: typeof wbo, id: string): SegmentProfile => p.segmenten.find((s) => s.id === id)!;
const slt = seg(wbo, 'slt');
const sltConfig = defaultConfig(wbo, slt, 'sas-dialoog', '2025-07-01');

const FULL = ['institutionele-sociale-basis', 'jeugdhulpaanbieder'];
const app = (id: number, providerId: number, lotIds: string[], over: Partial<AwardApplication> = {}): AwardApplication => ({
  id,
  providerId,
  providerName: `Partij ${providerId}`,
  status: 'ingeschreven',
  lotIds,
  memberKinds: FULL,
  ...over,
});
const apps = [
  app(1, 11, ['p1']),
  app(2, 12, ['p2', 'p3']),
  app(3, 13, ['p2', 'p3']),
  app(4, 14, ['p1', 'p2'], { status: 'afgewezen' }),
  app(5, 15, ['p3'], { memberKinds: ['jeugdhulpaanbieder'] }),
];
const check = (proposed: ProposedAward[], list = apps) => checkProcedureAward(wbo, slt, 'sas-dialoog', sltConfig, list, proposed);
const ids = (proposed: ProposedAward[], list = apps) => check(proposed, list).map((v) => v.ruleId);
const aw = (applicationId: number, lotId: string | null): ProposedAward => ({ applicationId, lotId });
const valid = [aw(1, 'p1'), aw(2, 'p2'), aw(3, 'p3')];

describe('award of the WBO SLT lots (seed 003 §5.3)', () => {
  it('a valid award: one party per lot, Breda lots to different parties, complete consortia', () => {
    expect(check(valid)).toEqual([]);
  });
  it('wbo-lot-distinct (percelen-verschillend, seed 003 §5.3.3): p2 and p3 to the same party is refused, naming the party and the source', () => {
    const v = check([aw(1, 'p1'), aw(2, 'p2'), aw(2, 'p3')]);
    expect(v).toEqual([
      expect.objectContaining({
        ruleId: 'wbo-lot-distinct',
        message: expect.stringContaining('percelen "p2" en "p3" moeten naar verschillende partijen, beide gaan naar Partij 12'),
        source: expect.objectContaining({ seed: '003', section: '5.3.3', quote: expect.stringContaining('elk perceel moet worden gegund aan een andere') }),
      }),
    ]);
  });
  it('wbo-slt-een-partner-per-perceel (partners-per-perceel, seed 003 §5.3.4): two parties in one lot are refused', () => {
    expect(ids([aw(1, 'p1'), aw(2, 'p2'), aw(3, 'p2'), aw(3, 'p3')])).toContain('wbo-slt-een-partner-per-perceel');
    expect(check([aw(1, 'p1'), aw(2, 'p2'), aw(3, 'p2'), aw(3, 'p3')]).find((v) => v.ruleId === 'wbo-slt-een-partner-per-perceel')!.source).toMatchObject({
      seed: '003',
      section: '5.3.4',
    });
  });
  it('aantal-partners-min (aantalPartners, seed 003 §5.3.4 "minimaal twee en maximaal drie"): one party for all lots is refused', () => {
    const one = [app(1, 11, ['p1', 'p2', 'p3'])];
    expect(ids([aw(1, 'p1'), aw(1, 'p2'), aw(1, 'p3')], one)).toEqual(expect.arrayContaining(['aantal-partners-min', 'wbo-lot-distinct']));
  });
  it('aantal-partners-max (aantalPartners): verblijf-crisis takes exactly one partner (seed 003 §8.3.4)', () => {
    const vc = seg(wbo, 'verblijf-crisis');
    const cfg = defaultConfig(wbo, vc, 'sas-dialoog', '2025-07-01');
    const two = [app(1, 11, []), app(2, 12, [])];
    const v = checkProcedureAward(wbo, vc, 'sas-dialoog', cfg, two, [aw(1, null), aw(2, null)]);
    expect(v).toEqual([expect.objectContaining({ ruleId: 'aantal-partners-max', source: expect.objectContaining({ seed: '003', section: '8.3.4' }) })]);
    expect(checkProcedureAward(wbo, vc, 'sas-dialoog', cfg, two, [aw(1, null)])).toEqual([]);
  });
  it('wbo-slt-consortium (consortium-samenstelling, seed 003 §5.2): a consortium without an institutional social-base party is refused', () => {
    const v = check([aw(1, 'p1'), aw(2, 'p2'), aw(5, 'p3')]);
    expect(v).toEqual([
      expect.objectContaining({
        ruleId: 'wbo-slt-consortium',
        message: expect.stringContaining('mist een partij van de soort institutionele-sociale-basis'),
        source: expect.objectContaining({ seed: '003', section: '5.2' }),
      }),
    ]);
  });
  it('gunning-alleen-dialoogdeelnemers (seed 003 §5.3.2): a party not in the dialogue (afgewezen at selection) cannot be awarded', () => {
    expect(check([aw(4, 'p1'), aw(2, 'p2'), aw(3, 'p3')])).toEqual([
      expect.objectContaining({
        ruleId: 'gunning-alleen-dialoogdeelnemers',
        source: expect.objectContaining({
          seed: '003',
          section: '5.3.2',
          quote: 'Alleen de partijen uit de dialoogfase komen in aanmerking voor gunning van de opdracht.',
        }),
      }),
    ]);
  });
  it('gunning-alleen-dialoogdeelnemers: a dialogue participant without a tender (still geselecteerd) cannot be awarded either', () => {
    const list = apps.map((a) => (a.id === 1 ? { ...a, status: 'geselecteerd' as const } : a));
    expect(ids(valid, list)).toEqual(['gunning-alleen-dialoogdeelnemers']);
  });
  it('gunning-perceel-aangemeld (seed 003 §5.3.3): a lot only to a party that applied for it', () => {
    expect(check([aw(2, 'p1'), aw(1, 'p2'), aw(3, 'p3')]).map((v) => v.ruleId)).toEqual(['gunning-perceel-aangemeld', 'gunning-perceel-aangemeld']);
    expect(check([aw(2, 'p1'), aw(1, 'p2'), aw(3, 'p3')])[0]!.source).toMatchObject({ seed: '003', section: '5.3.3' });
  });
  it('perceel-niet-gegund: every lot of the procedure gets a party', () => {
    expect(ids([aw(1, 'p1'), aw(2, 'p2')])).toEqual(['perceel-niet-gegund']);
  });
  it('perceel-buiten-procedure: a lot the procedure does not cover is refused', () => {
    const r = configure(slt, sltConfig, { percelen: ['p1', 'p2'] });
    expect(r.ok).toBe(true);
    const cfg = (r as { config: ProcedureConfig }).config;
    expect(checkProcedureAward(wbo, slt, 'sas-dialoog', cfg, apps, valid).map((v) => v.ruleId)).toEqual(['perceel-buiten-procedure']);
  });
  it('unknown-lot and lot-required come from the profile lot list', () => {
    expect(ids([aw(1, 'p1'), aw(2, 'p2'), aw(3, 'p3'), aw(3, 'p9')])).toContain('unknown-lot');
    expect(ids([aw(1, null), aw(2, 'p2'), aw(3, 'p3')])).toContain('lot-required');
  });
  it('the lot-rule messages of awards.ts reach the user in Dutch, with party names instead of provider ids', () => {
    const one = [app(1, 11, ['p1', 'p2', 'p3'])];
    const messages = [
      ...check([aw(1, 'p1'), aw(1, 'p2'), aw(1, 'p3')], one),
      ...check([aw(1, 'p1'), aw(2, 'p2'), aw(3, 'p2'), aw(3, 'p3'), aw(3, 'p9'), aw(2, null)]),
      ...checkProcedureAward(
        wbo,
        seg(wbo, 'verblijf-crisis'),
        'sas-dialoog',
        defaultConfig(wbo, seg(wbo, 'verblijf-crisis'), 'sas-dialoog', '2025-07-01'),
        [app(1, 11, []), app(2, 12, [])],
        [aw(1, null), aw(2, null)],
      ),
    ].map((v) => `${v.ruleId}: ${v.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aantal-partners-min: Stevig Lokaal Team vraagt minstens 2 contractpartners, nu 1$/),
        expect.stringMatching(/^wbo-lot-distinct: percelen "p2" en "p3" moeten naar verschillende partijen, beide gaan naar Partij 11$/),
        expect.stringMatching(/^wbo-slt-een-partner-per-perceel: perceel "p2" mag naar ten hoogste 1 partij, nu 2$/),
        expect.stringMatching(/^unknown-lot: perceel "p9" bestaat niet in Stevig Lokaal Team$/),
        expect.stringMatching(/^lot-required: Stevig Lokaal Team is verdeeld in percelen/),
        expect.stringMatching(/^aantal-partners-max: Behandeling met verblijf en crisiszorg kent ten hoogste 1 contractpartners, nu 2$/),
      ]),
    );
    for (const m of messages) expect(m).not.toMatch(/awarded|must be|provider \d/);
  });
  it('gunning-onbekende-inschrijving: an application of another procedure is refused; gunning-leeg: an empty award', () => {
    expect(ids([aw(99, 'p1'), aw(2, 'p2'), aw(3, 'p3')])).toContain('gunning-onbekende-inschrijving');
    expect(ids([])).toContain('gunning-leeg');
  });
});

describe('config from the profile', () => {
  it('the WBO SLT procedure is a sas-dialoog with the three lots and a 5+1+1 term (seed 003 §5.3.1)', () => {
    expect(procedureSoort(slt)).toBe('sas-dialoog');
    expect(sltConfig.percelen).toEqual(['p1', 'p2', 'p3']);
    expect(sltConfig.looptijd).toMatchObject({
      startDate: '2027-01-01',
      endDate: '2031-12-31',
      extensionYears: [1, 1],
      source: { seed: '003', section: '5.3.1' },
    });
    expect(sltConfig.emvi!.criteria.reduce((a, c) => a + c.gewicht, 0)).toBe(100);
  });
  it('specialist ambulatory treatment: the procedure is open in the profile, so no procedure can be started (procedure-open)', () => {
    expect(procedureSoort(seg(wbo, 'specialistische-ambulante-behandeling'))).toMatchObject({
      ruleId: 'procedure-open',
      source: { seed: '003', section: '6.3.2' },
    });
  });
  it('Holland Rijnland segment 1 (seed 004 §4.1): region + segment suitability requirements, the ontwikkelovereenkomst, the plan rule and the Centrale Intake condition', () => {
    const s1 = seg(hr, 'behandeling-met-verblijf');
    const cfg = defaultConfig(hr, s1, 'bestuurlijk-aanbesteden', '2021-01-01');
    expect(cfg.geschiktheidseisen.map((e) => `${e.regelId}/${e.id}`)).toEqual([
      'hr-verblijf-geschiktheidseisen/kwaliteit-organisatie',
      'hr-verblijf-geschiktheidseisen/kwaliteit-jeugdhulp',
      'algemene-geschiktheidseisen/integriteit',
      'algemene-geschiktheidseisen/kwaliteitsborging',
      'algemene-geschiktheidseisen/solvabiliteit',
      'ontwikkelovereenkomst/ontwikkelovereenkomst-akkoord',
    ]);
    expect(cfg.plan).toMatchObject({
      regelId: 'aanbiedersplan-minimumscore',
      minimumScore: null,
      source: { seed: '004', section: '3.2 d. Jeugdhulpaanbieders actief betrekken' },
    });
    expect(cfg.voorwaarden).toEqual([
      expect.objectContaining({
        id: 'deelname-centrale-intake',
        regelId: 'centrale-intake-deelname-contract',
        source: expect.objectContaining({ seed: '004', section: '4.1 Contractvorm' }),
      }),
    ]);
    expect(cfg.contractType).toBe('resultaatovereenkomst');
    expect(cfg.looptijd).toMatchObject({ startDate: '2021-01-01', endDate: '2030-12-31' }); // 7-10 years: the maximum (seed 004 §4.1 Contractvorm)
  });
  it('the minimum plan score is a whole number on the scale (plan-minimumscore)', () => {
    const s1 = seg(hr, 'behandeling-met-verblijf');
    const cfg = defaultConfig(hr, s1, 'bestuurlijk-aanbesteden', '2021-01-01');
    expect(configure(s1, cfg, { minimumPlanScore: 11 })).toMatchObject({ ok: false, problems: [{ ruleId: 'aanbiedersplan-minimumscore' }] });
    expect(configure(s1, cfg, { minimumPlanScore: 6 })).toMatchObject({ ok: true, config: { plan: { minimumScore: 6 } } });
    expect(configure(slt, sltConfig, { minimumPlanScore: 6 })).toMatchObject({ ok: false, problems: [{ ruleId: 'plan-minimumscore' }] });
  });
  it('emvi-criteria: weights sum to 100, positive whole numbers, at most one price criterion', () => {
    const bad = configure(slt, sltConfig, {
      emvi: {
        schaalMax: 10,
        criteria: [
          { id: 'a', naam: 'A', soort: 'kwaliteit', gewicht: 50 },
          { id: 'p', naam: 'P', soort: 'prijs', gewicht: 40 },
        ],
      },
    });
    expect(bad).toMatchObject({
      ok: false,
      problems: [{ ruleId: 'emvi-criteria', message: expect.stringContaining('deze tot 90'), source: { seed: '003', section: '5.3.2' } }],
    });
    const two = configure(slt, sltConfig, {
      emvi: {
        schaalMax: 10,
        criteria: [
          { id: 'p1', naam: 'P', soort: 'prijs', gewicht: 50 },
          { id: 'p2', naam: 'P', soort: 'prijs', gewicht: 50 },
        ],
      },
    });
    expect(two).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('ten hoogste één prijscriterium') }] });
  });
});

describe('admission to an open house (seed 004 §3.2 b, d; seed 003 §9.3.2)', () => {
  const s1 = seg(hr, 'behandeling-met-verblijf');
  const base = defaultConfig(hr, s1, 'bestuurlijk-aanbesteden', '2021-01-01');
  const cfg = (configure(s1, base, { minimumPlanScore: 6 }) as { config: ProcedureConfig }).config;
  const allMet = cfg.geschiktheidseisen.map((e) => ({ eisId: e.id, voldaan: true, bewijs: `bewijs ${e.id}` }));
  it('every requirement met with evidence and the plan at the minimum: admitted', () => {
    expect(admissionRefusals(cfg, { checks: allMet, planScore: 6 })).toEqual([]);
  });
  it('geschiktheidseisen (hr-verblijf-geschiktheidseisen, seed 004 §4.1): a requirement not met is refused with its rule id', () => {
    const checks = allMet.map((c) => (c.eisId === 'kwaliteit-jeugdhulp' ? { ...c, voldaan: false } : c));
    expect(admissionRefusals(cfg, { checks, planScore: 8 })).toEqual([
      expect.objectContaining({ ruleId: 'hr-verblijf-geschiktheidseisen', source: expect.objectContaining({ seed: '004', section: '4.1 Contractvorm' }) }),
    ]);
  });
  it('geschiktheidseisen (algemene-geschiktheidseisen, seed 004 §3.2 b): met without evidence is not met', () => {
    const checks = allMet.map((c) => (c.eisId === 'solvabiliteit' ? { ...c, bewijs: ' ' } : c));
    expect(admissionRefusals(cfg, { checks, planScore: 8 })).toEqual([
      expect.objectContaining({ ruleId: 'algemene-geschiktheidseisen', message: expect.stringContaining('zonder bewijs') }),
    ]);
  });
  it('ontwikkelovereenkomst (seed 004 §3.1): a provider that does not accept it is not admitted', () => {
    const checks = allMet.filter((c) => c.eisId !== 'ontwikkelovereenkomst-akkoord');
    expect(admissionRefusals(cfg, { checks, planScore: 8 })).toEqual([
      expect.objectContaining({ ruleId: 'ontwikkelovereenkomst', source: expect.objectContaining({ seed: '004' }) }),
    ]);
  });
  it('plan-minimumscore (aanbiedersplan-minimumscore, seed 004 §3.2 d): a plan below the minimum, unscored, or without a minimum set is refused', () => {
    expect(admissionRefusals(cfg, { checks: allMet, planScore: 5 })).toEqual([
      expect.objectContaining({ ruleId: 'aanbiedersplan-minimumscore', message: expect.stringContaining('onder de minimumscore van 6') }),
    ]);
    expect(admissionRefusals(cfg, { checks: allMet, planScore: null })).toEqual([expect.objectContaining({ ruleId: 'aanbiedersplan-minimumscore' })]);
    expect(admissionRefusals(base, { checks: allMet, planScore: 9 })).toEqual([
      expect.objectContaining({ ruleId: 'aanbiedersplan-minimumscore', message: expect.stringContaining('nog niet vastgesteld') }),
    ]);
  });
  it('WBO wonen met begeleiding (seed 003 §9.3.2, §10.1): the open house checks the programme-of-requirements quality demands; no plan rule', () => {
    const w = defaultConfig(wbo, seg(wbo, 'wonen-met-begeleiding'), 'open-house', '2026-07-01');
    expect(w.plan).toBeNull();
    expect(w.geschiktheidseisen).toEqual([
      expect.objectContaining({ regelId: 'wbo-wonen-toelatingseisen', source: expect.objectContaining({ seed: '003', section: '10.1' }) }),
    ]);
    expect(admissionRefusals(w, { checks: [], planScore: null }).map((r) => r.ruleId)).toEqual(['wbo-wonen-toelatingseisen']);
  });
});
