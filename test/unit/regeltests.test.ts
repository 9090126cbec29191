/**
 * The generic runner of the regions' rule tests (regeltests, `profiles/<regio>/tests/*.yaml`):
 * every test of every profile runs here as its own test, against the profile version valid on its
 * date, through the same rule engines the application uses. A policy officer adds a case to a YAML
 * file; no TypeScript changes. Also: the runner fails when an expectation is wrong (it can fail),
 * and `profiles check` reports a rule kind no engine evaluates.
 */
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { checkRuleTests, loadRuleTests, runLoadedTest } from '../../src/app/profiles/rule-tests.js';
import { checkProfile } from '../../src/domain/landscape/profile-rules.js';
import { RegionProfile } from '../../src/domain/landscape/profile-schema.js';
import { runRegelTest, type RegelTest } from '../../src/domain/rules/rule-tests.js';
import { minimalInput } from './helpers.js';
import { referenceLists } from '../../src/app/profiles/profile-store.js';

const loaded = loadProfiles();
const { tests, problems } = loadRuleTests();

describe('the rule test files parse', () => {
  it('no problems in any tests/*.yaml', () => expect(problems).toEqual([]));
  it('every region with a profile has rule tests', () => {
    const regions = new Set(loaded.profiles.map((p) => p.profile.regio));
    expect([...regions].filter((r) => !tests.some((t) => t.region === r))).toEqual([]);
  });
});

describe.each([...new Set(tests.map((t) => t.region))])('regeltests of %s', (region) => {
  it.each(tests.filter((t) => t.region === region).map((t) => [`${t.test.naam} (${t.test.regel})`, t] as const))('%s', (_name, t) => {
    expect(runLoadedTest(loaded.profiles, t)).toEqual([]);
  });
});

describe('the runner can fail', () => {
  const pick = (regel: string) => tests.find((t) => t.test.regel === regel && t.test.dan.geweigerd)!;
  const profileOf = (region: string) => loaded.profiles.find((p) => p.profile.regio === region)!.profile;
  it('an expectation turned around (refused → allowed) fails, naming the refusing rule', () => {
    const t = pick('centrale-intake-verplicht');
    const flipped: RegelTest = { ...t.test, dan: { toegestaan: true } };
    expect(runRegelTest(profileOf(t.region), flipped).problems).toEqual(['verwacht: toegestaan; geweigerd door centrale-intake-verplicht']);
  });
  it('a wrong due date fails', () => {
    const t = tests.find((x) => x.test.regel === 'leeftijdsgrens-18-21-23' && typeof x.test.dan.signaal === 'object')!;
    const shifted: RegelTest = { ...t.test, dan: { signaal: { regel: 'leeftijdsgrens-18-21-23', datum: '2026-07-01' } } };
    expect(runRegelTest(profileOf(t.region), shifted).problems[0]).toContain('op 2026-07-01; op 2026-06-30');
  });
  it('a test naming a rule the profile does not have fails', () => {
    const t = pick('centrale-intake-verplicht');
    expect(runRegelTest(profileOf(t.region), { ...t.test, regel: 'bestaat-niet' }).problems).toEqual(['regel "bestaat-niet" bestaat niet in het profiel']);
  });
  it('a profile without a test for a typed rule is reported by profiles check', () => {
    const r = checkRuleTests('test/fixtures/no-such-dir', { profiles: loaded.profiles.filter((p) => p.profile.regio === 'haaglanden'), problems: [] });
    expect(r.problems.length).toBeGreaterThan(5);
    expect(r.problems[0]!.message).toMatch(/has no rule test in profiles\/haaglanden\/tests\//);
  });
});

describe('profiles check reports a rule whose kind no engine evaluates', () => {
  it('a rule of an unknown kind is a finding', () => {
    const p = RegionProfile.parse(minimalInput());
    const withUnknown = {
      ...p,
      regels: [...p.regels, { id: 'x', type: 'nog-niet-gebouwd', soort: 'signaal', bron: { seed: '003', sectie: '1' } }],
    } as unknown as RegionProfile;
    expect(checkProfile(withUnknown, referenceLists()).map((f) => f.message)).toContain('rule kind "nog-niet-gebouwd" is not evaluated by any engine');
  });
  it('a statement of intent must say why it is one', () => {
    const p = RegionProfile.parse(minimalInput());
    const bare = {
      ...p,
      regels: [{ id: 'y', type: 'beschreven', onderwerp: 'iets', soort: 'signaal', bron: { seed: '003', sectie: '1' } }],
    } as unknown as RegionProfile;
    expect(checkProfile(bare, referenceLists()).map((f) => f.message)).toContain(
      'a statement of intent (beschreven) says in omschrijving why nothing is checked',
    );
  });
});

describe('corrected citation: the 1% efficiency cut cites the sentence about the cut, not about indexation (seed 004 §6)', () => {
  it('holland-rijnland: the efficiency cut is a dated parameter (1 % from 2021) citing the cut', () => {
    const p = loaded.profiles.find((x) => x.profile.regio === 'holland-rijnland')!.profile;
    // Seed 004 §6: "De gemeenten passen op de regionale meerjarenbegroting een efficiencykorting van 1% per jaar toe."
    const cut = p.parameters.find((x) => x.id === 'efficiencykorting')!;
    const w = (cut as { waarden: { vanaf: string; bron: { citaat?: string } }[] }).waarden;
    expect(w.map((v) => v.vanaf)).toEqual(['2021-01-01']);
    expect(w[0]!.bron.citaat).toBe('een efficiencykorting van 1% per jaar toe');
    // No statement of intent repeats a parameter (efficiency cut and risk equalisation are parameters).
    expect(p.regels.filter((r) => r.type === 'beschreven').map((r) => r.id)).not.toEqual(expect.arrayContaining(['efficiencykorting-1-procent']));
    expect(p.regels.map((r) => r.id)).not.toContain('risicoverevening-drie-jaar');
  });
});

describe('statements of intent stay few: at most two per region (issue #11)', () => {
  it.each(loaded.profiles.map((p) => [p.profile.regio, p.profile] as const))('%s', (_r, p) => {
    const described = [...p.regels, ...p.segmenten.flatMap((s) => s.regels)].filter((r) => r.type === 'beschreven');
    expect(described.length, described.map((r) => r.id).join(', ')).toBeLessThanOrEqual(2);
  });
});
