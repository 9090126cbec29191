/**
 * `regiekamer database-template`: makes the migrated empty PGlite schema that a new data folder
 * starts from (src/db/pglite-template.ts), so the first `serve` does not pay PGlite's initdb and
 * every migration. `npm run build` runs it; it holds no data, only what the migrations create.
 * Exit 0 when the template exists afterwards (or templates are off), 2 when it could not be made.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { openDatabase } from '../db/database.js';
import { templatePath } from '../db/pglite-template.js';

export function registerTemplateCommand(program: Command): void {
  program
    .command('database-template')
    .description('make the migrated empty PGlite schema a new data folder starts from (run by npm run build)')
    .action(async () => {
      const path = templatePath();
      if (path === null) {
        console.log('database template: off (REGIEKAMER_PGLITE_TEMPLATE_DIR=off)');
        return;
      }
      if (!existsSync(path)) {
        const t0 = performance.now();
        const database = await openDatabase({ dataDir: 'memory://template' });
        await database.close();
        if (!existsSync(path)) {
          console.error(`database template: could not write ${path}`);
          process.exitCode = 2;
          return;
        }
        console.log(`database template: made in ${((performance.now() - t0) / 1000).toFixed(1)} s (${path})`);
      } else console.log(`database template: current (${path})`);
    });
}
