import type { Command } from 'commander';
import { formatProblem, loadProfiles } from '../app/profiles/profile-store.js';
import { checkScenarioFiles } from '../app/simulation/run.js';
import { checkRuleTests } from '../app/profiles/rule-tests.js';

export function registerProfileCommands(program: Command): void {
  const profiles = program.command('profiles').description('region profiles (profiles/<regio>/<geldigVanaf>.yaml)');
  profiles
    .command('check')
    .description(
      'validate all region profiles and run their rule tests (profiles/<regio>/tests/*.yaml); exits 1 and lists every problem when any is invalid or fails',
    )
    .option('--dir <dir>', 'profiles folder')
    .action((opts: { dir?: string }) => {
      const loaded = loadProfiles(opts.dir);
      const { profiles: ok, problems } = loaded;
      for (const p of ok) console.log(`ok   ${p.file} (${p.profile.naam}, geldig vanaf ${p.profile.geldigVanaf})`);
      // Rule tests (regeltests) of every region: each must pass, and every typed rule has one.
      const rt = checkRuleTests(opts.dir, loaded);
      problems.push(...rt.problems);
      console.log(`${rt.tests} regeltest(s) run`);
      if (problems.length > 0) {
        console.error(`${problems.length} problem(s):`);
        for (const p of problems) console.error(`  ${formatProblem(p)}`);
        process.exitCode = 1;
      }
      // Scenario files of the simulation (profiles/<regio>/scenarios/*.yaml).
      const scenarios = checkScenarioFiles(opts.dir);
      for (const f of scenarios.ok) console.log(`ok   ${f.file} (${f.scenarios} scenario's)`);
      if (scenarios.problems.length > 0) {
        console.error(`${scenarios.problems.length} problem(s) in scenario files:`);
        for (const p of scenarios.problems) console.error(`  ${p}`);
        process.exitCode = 1;
      }
    });
}
