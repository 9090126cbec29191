/**
 * `regiekamer simulate`: runs a scenario file against a region's base in the database and prints
 * the comparison (a Dutch table, or the JSON of the issue with --json). A progress bar on stderr
 * while the Monte Carlo runs take longer than a moment.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultOpenOptions, openDatabase } from '../db/database.js';
import { AppError } from '../app/errors.js';
import { cliJson, parseScenarioYaml, runScenarioFile, type SimulationReport } from '../app/simulation/run.js';
import { dutchDate } from '../domain/dates.js';

const euro = (cents: number) => `€ ${(cents / 100).toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function progressBar(enabled: boolean) {
  const started = Date.now();
  let last = -1;
  return {
    update(label: string, done: number, total: number) {
      if (!enabled || Date.now() - started < 300) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label.padEnd(32).slice(0, 32)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
      if (done === total) {
        process.stderr.write('\n');
        last = -1;
      }
    },
  };
}

function table(r: SimulationReport): string {
  const out: string[] = [];
  out.push(`Regio ${r.region}, basisperiode ${r.period.from} t/m ${r.period.to}`);
  out.push(`Werkelijke uitgaven (gedeclareerd en betaald volgens schema): ${euro(r.base.totalCents)}`);
  for (const s of r.scenarios) {
    out.push('');
    out.push(`Scenario ${s.name} (${s.id}): ${euro(s.totalCents)} (verschil ${euro(s.totalCents - r.base.totalCents)})`);
    if (s.percentiles)
      out.push(`  spreiding over ${r.runs} runs: P10 ${euro(s.percentiles.p10)}, P50 ${euro(s.percentiles.p50)}, P90 ${euro(s.percentiles.p90)}`);
    for (const [seg, cents] of Object.entries(s.bySegment))
      out.push(`  ${(r.labels.segments[seg] ?? seg).padEnd(50)} ${euro(cents).padStart(20)}   (basis ${euro(r.base.bySegment[seg] ?? 0)})`);
    out.push(
      `  aanbieders: ${s.details.winners} erop vooruit, ${s.details.losers} erop achteruit, ${s.providersBelowThreshold} onder de levensvatbaarheidsgrens (${Math.round(r.viabilityThreshold * 100)}% van de basis)`,
    );
    const ceilings = s.ceilingExceedances.filter((e) => e.soort !== 'budget').length;
    const budgets = s.ceilingExceedances.filter((e) => e.soort === 'budget').length;
    out.push(`  plafondoverschrijdingen: ${ceilings}, budgetoverschrijdingen gemeenten: ${budgets}`);
    for (const n of s.details.notes) out.push(`  let op: ${n}`);
  }
  return out.join('\n');
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description("run a scenario file (impactanalyse) against the region's actual allocations, declarations and outcomes")
    .requiredOption('--region <id>', 'region id (the name of its folder under profiles/)')
    .requiredOption('--scenario <file>', 'scenario file (YAML, see profiles/<regio>/scenarios/)')
    .option('--data <dir>', 'PGlite data folder (default ./data or $REGIEKAMER_DATA; DATABASE_URL for PostgreSQL)')
    .option('--runs <n>', 'Monte Carlo runs (default none: percentiles null)', (v) => Number(v))
    .option('--seed <s>', 'seed of the random generator (default 1)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (opts: { region: string; scenario: string; data?: string; runs?: number; seed?: number; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(opts.scenario, 'utf8');
      } catch {
        console.error(`regiekamer simulate: scenariobestand ${opts.scenario} is niet te lezen`);
        process.exitCode = 2;
        return;
      }
      const database = await openDatabase(defaultOpenOptions(process.env, opts.data));
      try {
        const file = parseScenarioYaml(text, opts.scenario);
        const bar = progressBar(Boolean(process.stderr.isTTY) || process.env.REGIEKAMER_PROGRESS === '1');
        const report = await runScenarioFile(database.db, null, opts.region, file, {
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          today: dutchDate(new Date()),
          waterfall: !opts.json,
          onProgress: (id, done, total) => bar.update(`Monte Carlo ${id}`, done, total),
        });
        console.log(opts.json ? JSON.stringify(cliJson(report), null, 2) : table(report));
      } catch (e) {
        if (e instanceof AppError) {
          console.error(`regiekamer simulate: ${e.message}`);
          process.exitCode = e.status === 404 ? 3 : 2;
          return;
        }
        throw e;
      } finally {
        await database.close();
      }
    });
}
