/**
 * `regiekamer generate --national [--scale X] --database-url URL`: the national-scale synthetic
 * data set (src/demo/national.ts) with a progress bar.
 */
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { openDatabase, poolSizeFrom } from '../db/database.js';
import { dutchDate } from '../domain/dates.js';
import { generateNational, NATIONAL_CONCURRENCY, NATIONAL_HISTORY_YEARS, NATIONAL_REGIONS } from '../demo/national.js';
import { NATIONAL_FUNDING_ASSUMPTIONS, type NationalCombinedCare } from '../demo/national-assumptions.js';

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('generate a synthetic data set for benchmarks (labelled copies of the region profiles); never use it outside a benchmark')
    .requiredOption('--national', 'about 42 regions and 340 municipalities as synthetic copies of the profiles with demo parameters')
    .option('--scale <x>', 'volume factor (1 = about 500,000 youths; use 0.01 to try it)', (v) => Number(v), 1)
    .option('--regions <n>', `number of synthetic regions (default ${NATIONAL_REGIONS})`, (v) => Number(v))
    .option('--funding', 'also settle the funding history of every region (batches)')
    .option(
      '--history-years <n>',
      `full years of declared history before this year for every region, within the demo years (default: each base's demo years, at least ${NATIONAL_HISTORY_YEARS})`,
      (v) => Number(v),
    )
    .option('--concurrency <n>', `regions loaded at once over separate connections (default ${NATIONAL_CONCURRENCY}; PGlite: 1)`, (v) => Number(v))
    .option(
      '--allocation-period <p>',
      `how long an allocation runs: trajectory | year (default ${NATIONAL_FUNDING_ASSUMPTIONS.allocationPeriod.waarde}; the PGlite demo: trajectory)`,
    )
    .option(
      '--line-period <p>',
      `length of a declared P x Q line: month | week (default ${NATIONAL_FUNDING_ASSUMPTIONS.linePeriod.waarde}; the PGlite demo: month)`,
    )
    .option(
      '--monthly-history',
      'declare every month of the history in its own message (default: the months before the last three per year, IV090, as the PGlite demo)',
    )
    .option('--no-result-per-year', 'result-based care one allocation per trajectory (default: per calendar year when it runs on; the PGlite demo: one)')
    .option('--no-omvang-wijziging', 'no changes of the Omvang during a trajectory (default: every 3-6 months, a new allocation; the PGlite demo: none)')
    .option(
      '--no-gecombineerde-zorg',
      'no second product beside a trajectory (default: vervoer, thuisondersteuning, behandeling in shares; the PGlite demo: none)',
    )
    .option(
      '--no-diagnostiek-vooraf',
      'no diagnostiek before dagbehandeling (default: the first 6 weeks its own product and allocation; the PGlite demo: none)',
    )
    .option(
      '--no-ambulante-nazorg',
      'no ambulant aftercare after behandeling met verblijf (default: the last 8 weeks its own allocation; the PGlite demo: none)',
    )
    .option(
      '--no-jeugdhulp-bij-maatregel',
      'no jeugdhulp beside jeugdbescherming or jeugdreclassering (default: 75% of them ambulant care of another segment, its own allocation; the PGlite demo: none)',
    )
    .option(
      '--no-historie-demojaren',
      `every region ${NATIONAL_HISTORY_YEARS} years of history (default: its base's demo years, Holland Rijnland from 2021; the PGlite demo: what the region needs)`,
    )
    .option('--database-url <url>', 'PostgreSQL to load into (default DATABASE_URL)')
    .option('--data <dir>', 'PGlite data folder instead of PostgreSQL (small scales only)')
    .action(
      async (opts: {
        scale: number;
        regions?: number;
        funding?: boolean;
        historyYears?: number;
        concurrency?: number;
        allocationPeriod?: string;
        linePeriod?: string;
        monthlyHistory?: boolean;
        resultPerYear: boolean;
        omvangWijziging: boolean;
        gecombineerdeZorg: boolean;
        diagnostiekVooraf: boolean;
        ambulanteNazorg: boolean;
        jeugdhulpBijMaatregel: boolean;
        historieDemojaren: boolean;
        databaseUrl?: string;
        data?: string;
      }) => {
        if (!(opts.scale > 0 && opts.scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got ${opts.scale}`);
        if (opts.regions !== undefined && !(Number.isInteger(opts.regions) && opts.regions >= 1 && opts.regions <= 500))
          throw new Error(`--regions must be a whole number 1..500, got ${opts.regions}`);
        if (opts.historyYears !== undefined && !(Number.isInteger(opts.historyYears) && opts.historyYears >= 0 && opts.historyYears <= 10))
          throw new Error(`--history-years must be a whole number 0..10, got ${opts.historyYears}`);
        if (opts.concurrency !== undefined && !(Number.isInteger(opts.concurrency) && opts.concurrency >= 1 && opts.concurrency <= 16))
          throw new Error(`--concurrency must be a whole number 1..16, got ${opts.concurrency}`);
        if (opts.allocationPeriod !== undefined && opts.allocationPeriod !== 'trajectory' && opts.allocationPeriod !== 'year')
          throw new Error(`--allocation-period must be trajectory or year, got ${opts.allocationPeriod}`);
        if (opts.linePeriod !== undefined && opts.linePeriod !== 'month' && opts.linePeriod !== 'week')
          throw new Error(`--line-period must be month or week, got ${opts.linePeriod}`);
        const url = opts.databaseUrl ?? process.env.DATABASE_URL;
        if (rerunWithYoungGeneration()) return;
        if (!url && !opts.data) throw new Error('give --database-url (or DATABASE_URL), or --data DIR for PGlite');
        const database = await openDatabase(url ? { url, poolSize: poolSizeFrom(process.env.DATABASE_POOL_SIZE) } : { dataDir: opts.data });
        console.log(`Generating the national synthetic set into ${database.location} (scale ${opts.scale})...`);
        if (opts.funding) printAssumptions();
        const width = 30;
        const t0 = Date.now();
        try {
          const r = await generateNational(database, {
            today: dutchDate(new Date()),
            scale: opts.scale,
            ...(opts.regions !== undefined ? { regions: opts.regions } : {}),
            funding: !!opts.funding,
            ...(opts.historyYears !== undefined ? { historyYears: opts.historyYears } : {}),
            ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
            ...(opts.allocationPeriod !== undefined ? { allocationPeriod: opts.allocationPeriod as 'trajectory' | 'year' } : {}),
            ...(opts.linePeriod !== undefined ? { linePeriod: opts.linePeriod as 'month' | 'week' } : {}),
            ...(opts.monthlyHistory ? { monthlyHistory: true } : {}),
            ...(opts.resultPerYear ? {} : { resultPerYear: false }),
            ...(opts.omvangWijziging ? {} : { omvangWijziging: null }),
            ...(opts.gecombineerdeZorg ? {} : { gecombineerdeZorg: null }),
            ...(opts.diagnostiekVooraf ? {} : { diagnostiekVooraf: null }),
            ...(opts.ambulanteNazorg ? {} : { ambulanteNazorg: null }),
            ...(opts.jeugdhulpBijMaatregel ? {} : { jeugdhulpBijMaatregel: null }),
            ...(opts.historieDemojaren ? {} : { historieDemojaren: false }),
            onProgress: (p) => {
              const filled = Math.round((p.done / p.total) * width);
              const elapsed = Math.round((Date.now() - t0) / 1000);
              process.stderr.write(
                `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} regions  ${p.totals.youths.toLocaleString('en')} youths  ${p.totals.trajectories.toLocaleString('en')} trajectories  ${p.totals.allocations.toLocaleString('en')} allocations  ${p.totals.declarationLines.toLocaleString('en')} lines  ${elapsed} s  ${p.regionId.padEnd(28)}`,
              );
            },
          });
          process.stderr.write('\n');
          console.log(`Done in ${r.seconds} s: ${r.regions.length} regions, ${r.municipalities} municipalities, ${JSON.stringify(r.totals)}`);
          console.log(`Seconds per phase, summed over the regions (loaded ${opts.concurrency ?? NATIONAL_CONCURRENCY} at once): ${JSON.stringify(r.phases)}`);
          console.log(`Bench accounts: <rol>.<region> with password "demo", e.g. controller.${r.regions[0]}`);
        } finally {
          await database.close();
        }
      },
    );
}

/** The national set's assumptions with their defaults, aanname and (where a seed says it) bron, as the command prints them. */
function printAssumptions(): void {
  const source = (b: { seed: string; sectie: string; citaat: string }) => ` [bron: seed ${b.seed}, ${b.sectie}: "${b.citaat}"]`;
  for (const [name, a] of Object.entries(NATIONAL_FUNDING_ASSUMPTIONS)) {
    const waarde =
      typeof a.waarde === 'object' && a.waarde !== null && !Array.isArray(a.waarde)
        ? JSON.stringify(a.waarde)
        : Array.isArray(a.waarde)
          ? 'zie hieronder'
          : String(a.waarde);
    console.log(`Aanname ${name} (default ${waarde}): ${a.aanname}${'bron' in a ? source(a.bron) : ''}`);
    if (Array.isArray(a.waarde))
      for (const c of a.waarde as readonly NationalCombinedCare[])
        console.log(`  - categorie ${c.bij} met ${c.naast}, aandeel ${c.aandeel}: ${c.aanname}${source(c.bron)}`);
  }
}

/**
 * Young generation of the loader's heap in MB (V8 --max-semi-space-size). The loader allocates
 * many short-lived objects (messages, lines, XML strings); with V8's default (16 MB) the
 * scavenger runs often and promotes objects that die soon after: measured 11.3 -> 8.8 s CPU for six
 * copies at 0.05 (bench/RESULTS.md). V8 reads the flag only at start, so the command runs itself
 * again with it when it was not given.
 */
export const LOADER_SEMI_SPACE_MB = 64;

/** Runs this command again in a child process with LOADER_SEMI_SPACE_MB; true when it did (the child's exit code is taken over). */
function rerunWithYoungGeneration(): boolean {
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /--max[-_]semi[-_]space[-_]size/.test(a))) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, `--max-semi-space-size=${LOADER_SEMI_SPACE_MB}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exitCode = child.status ?? 1;
  return true;
}
