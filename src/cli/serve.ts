import type { Command } from 'commander';
import { defaultOpenOptions } from '../db/database.js';
import { start } from '../app/startup.js';
import { formatProblem } from '../app/profiles/profile-store.js';
import { buildServer } from '../api/server.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the API and the web app (embedded PGlite unless DATABASE_URL is set)')
    .option('--data <dir>', 'PGlite data folder (default ./data or $REGIEKAMER_DATA)')
    .option('--port <n>', 'port', (v) => Number(v), 3000)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--demo <region>', 'generate the demo population of this region on first start and enable demo accounts')
    .action(async (opts: { data?: string; port: number; host: string; demo?: string }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`--port must be a port number, got ${opts.port}`);
      const open = defaultOpenOptions(process.env, opts.data);
      console.log(`Database: ${open.url ? 'PostgreSQL' : `PGlite in ${open.dataDir}`}`);
      if (opts.demo) console.log(`Preparing demo region ${opts.demo} (first start generates several years of data; this takes a minute)...`);
      const t0 = Date.now();
      const s = await start(open, { demo: opts.demo });
      for (const p of s.profileProblems) console.warn(`profile problem: ${formatProblem(p)}`);
      if (s.demo?.generated) console.log(`Generated ${s.demo.regionId}: ${JSON.stringify(s.demo.generated)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const app = await buildServer({ database: s.database, demo: Boolean(opts.demo) });
      const shutdown = async () => {
        await app.close();
        await s.database.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      const address = await app.listen({ port: opts.port, host: opts.host });
      const url = address.replace('127.0.0.1', 'localhost');
      console.log(`Regiekamer Jeugd is running at ${url}/${opts.demo ? `regio/${opts.demo}` : ''}`);
      if (opts.demo) console.log(`Demo accounts: <rol>.${opts.demo} (e.g. contractmanager.${opts.demo}), password "demo"`);
    });
}
