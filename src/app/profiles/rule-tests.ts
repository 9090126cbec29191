/**
 * Reads the rule tests (regeltests) of every region, `profiles/<regio>/tests/*.yaml`, and runs
 * them against the profile version valid on each test's date (src/domain/rules/rule-tests.ts).
 * Used by `profiles check` and by the generic vitest runner (test/unit/regeltests.test.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RegelTestBestand, runRegelTest, untestedRules, type RegelTest } from '../../domain/rules/rule-tests.js';
import { DEFAULT_PROFILES_DIR, loadProfiles, profileAt, readYaml, schemaProblems, type LoadedProfile, type ProfileProblem } from './profile-store.js';

export const TESTS_DIR = 'tests';

export interface LoadedRuleTest {
  file: string;
  region: string;
  index: number;
  line?: number;
  test: RegelTest;
}

/** Every rule test file under `dir`, parsed; problems for files that do not parse or validate. */
export function loadRuleTests(dir = DEFAULT_PROFILES_DIR): { tests: LoadedRuleTest[]; problems: ProfileProblem[] } {
  const tests: LoadedRuleTest[] = [];
  const problems: ProfileProblem[] = [];
  if (!existsSync(dir)) return { tests, problems };
  for (const region of readdirSync(dir).sort()) {
    const testDir = join(dir, region, TESTS_DIR);
    if (!existsSync(testDir) || !statSync(testDir).isDirectory()) continue;
    for (const name of readdirSync(testDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = relative(process.cwd(), join(testDir, name)) || join(testDir, name);
      const y = readYaml(readFileSync(join(testDir, name), 'utf8'), file);
      if (y.problems.length > 0) {
        problems.push(...y.problems);
        continue;
      }
      const { value, problems: p } = schemaProblems(RegelTestBestand, y, file);
      problems.push(...p);
      value?.regeltests.forEach((test, index) => tests.push({ file, region, index, line: y.lineOf(['regeltests', index]), test }));
    }
  }
  return { tests, problems };
}

/** Runs one loaded test against the profile version valid on its date; problems name file, line and test. */
export function runLoadedTest(profiles: readonly LoadedProfile[], t: LoadedRuleTest): ProfileProblem[] {
  const at = { file: t.file, path: `regeltests[${t.index}]`, ...(t.line ? { line: t.line } : {}) };
  const p =
    profileAt(profiles, t.region, t.test.gegeven.datum) ??
    profiles.filter((x) => x.profile.regio === t.region).sort((a, b) => a.profile.geldigVanaf.localeCompare(b.profile.geldigVanaf))[0];
  if (!p) return [{ ...at, message: `geen profiel van regio ${t.region}` }];
  const r = runRegelTest(p.profile, t.test);
  return r.problems.map((m) => ({ ...at, message: `${t.test.naam}: ${m}` }));
}

/**
 * All rule tests of all regions, run; plus every typed rule of a region's latest profile that no
 * test names. Regions without a tests folder are reported too (every typed rule needs a test).
 */
export function checkRuleTests(dir = DEFAULT_PROFILES_DIR, loaded = loadProfiles(dir)): { tests: number; problems: ProfileProblem[] } {
  const { tests, problems } = loadRuleTests(dir);
  for (const t of tests) problems.push(...runLoadedTest(loaded.profiles, t));
  const regions = [...new Set(loaded.profiles.map((p) => p.profile.regio))];
  for (const region of regions) {
    const latest = loaded.profiles.filter((p) => p.profile.regio === region).sort((a, b) => b.profile.geldigVanaf.localeCompare(a.profile.geldigVanaf))[0]!;
    const own = tests.filter((t) => t.region === region).map((t) => t.test);
    for (const r of untestedRules(latest.profile, own))
      problems.push({ file: latest.file, path: `regel ${r.id}`, message: `rule "${r.id}" (${r.type}) has no rule test in profiles/${region}/${TESTS_DIR}/` });
  }
  return { tests: tests.length, problems };
}
