/**
 * `regiekamer generate --national [--scale X] --database-url URL`: the national-scale synthetic
 * data set (src/demo/national.ts) with a progress bar.
 */
import type { Command } from 'commander';
import { openDatabase, poolSizeFrom } from '../db/database.js';
import { dutchDate } from '../domain/dates.js';
import { generateNational, NATIONAL_REGIONS } from '../demo/national.js';

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('generate a synthetic data set for benchmarks (labelled copies of the region profiles); never use it outside a benchmark')
    .requiredOption('--national', 'about 42 regions and 340 municipalities as synthetic copies of the profiles with demo parameters')
    .option('--scale <x>', 'volume factor (1 = about 500,000 youths; use 0.01 to try it)', (v) => Number(v), 1)
    .option('--regions <n>', `number of synthetic regions (default ${NATIONAL_REGIONS})`, (v) => Number(v))
    .option('--funding', 'also settle one year of funding history per region (batches)')
    .option('--database-url <url>', 'PostgreSQL to load into (default DATABASE_URL)')
    .option('--data <dir>', 'PGlite data folder instead of PostgreSQL (small scales only)')
    .action(async (opts: { scale: number; regions?: number; funding?: boolean; databaseUrl?: string; data?: string }) => {
      if (!(opts.scale > 0 && opts.scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got ${opts.scale}`);
      if (opts.regions !== undefined && !(Number.isInteger(opts.regions) && opts.regions >= 1 && opts.regions <= 500))
        throw new Error(`--regions must be a whole number 1..500, got ${opts.regions}`);
      const url = opts.databaseUrl ?? process.env.DATABASE_URL;
      if (!url && !opts.data) throw new Error('give --database-url (or DATABASE_URL), or --data DIR for PGlite');
      const database = await openDatabase(url ? { url, poolSize: poolSizeFrom(process.env.DATABASE_POOL_SIZE) } : { dataDir: opts.data });
      console.log(`Generating the national synthetic set into ${database.location} (scale ${opts.scale})...`);
      const width = 30;
      try {
        const r = await generateNational(database, {
          today: dutchDate(new Date()),
          scale: opts.scale,
          ...(opts.regions !== undefined ? { regions: opts.regions } : {}),
          funding: !!opts.funding,
          onProgress: (p) => {
            const filled = Math.round((p.done / p.total) * width);
            process.stderr.write(
              `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} regions  ${p.totals.youths.toLocaleString('en')} youths  ${p.totals.trajectories.toLocaleString('en')} trajectories  ${p.totals.declarationLines.toLocaleString('en')} lines  ${p.regionId.padEnd(28)}`,
            );
          },
        });
        process.stderr.write('\n');
        console.log(`Done in ${r.seconds} s: ${r.regions.length} regions, ${r.municipalities} municipalities, ${JSON.stringify(r.totals)}`);
        console.log(`Bench accounts: <rol>.<region> with password "demo", e.g. controller.${r.regions[0]}`);
      } finally {
        await database.close();
      }
    });
}
