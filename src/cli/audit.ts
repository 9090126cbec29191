/**
 * `regiekamer audit verify [--data DIR]`: checks the hash chain of the audit trail (NEN 7513).
 * Exit 0 when every row links to the one before it, 1 with the first broken row, 2 when the
 * database cannot be opened.
 */
import type { Command } from 'commander';
import { defaultOpenOptions, openDatabase } from '../db/database.js';
import { verifyAuditChain } from '../app/audit.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail of personal data (NEN 7513)');
  audit
    .command('verify')
    .description('check the hash chain of the audit trail; exit 0 intact, 1 broken (prints the first broken row)')
    .option('--data <dir>', 'PGlite data folder (default ./data or $REGIEKAMER_DATA; DATABASE_URL selects PostgreSQL)')
    .action(async (opts: { data?: string }) => {
      const database = await openDatabase(defaultOpenOptions(process.env, opts.data));
      try {
        const v = await verifyAuditChain(database.db);
        if (v.ok) {
          console.log(`ok: ${v.rows} rows, chain intact${v.unchained ? ` (${v.unchained} older rows from before the chain)` : ''}`);
        } else {
          console.error(`broken at row ${v.brokenId} (row ${v.rows} in order): ${v.reason}`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });
}
