/**
 * `regiekamer backup` / `restore`: a PGlite data folder to one file and back. With DATABASE_URL
 * (PostgreSQL) the commands refuse and point to pg_dump / pg_restore. Exit codes: 0 done,
 * 1 refused (bad input), 2 error.
 */
import type { Command } from 'commander';
import { backupDataFolder, restoreDataFolder } from '../app/backup.js';
import { AppError } from '../app/errors.js';

async function run(name: string, fn: () => Promise<void>): Promise<void> {
  if (process.env.DATABASE_URL) {
    console.error(`regiekamer ${name}: DATABASE_URL is gezet (PostgreSQL); gebruik pg_dump en pg_restore (zie README, "Running in production")`);
    process.exit(1);
  }
  try {
    await fn();
  } catch (e) {
    console.error(`regiekamer ${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof AppError ? 1 : 2);
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back-up van een PGlite-gegevensmap (met de pseudonimiseringssleutel) naar één bestand; stop de server eerst')
    .requiredOption('--data <dir>', 'de gegevensmap')
    .requiredOption('--out <file>', 'het back-upbestand (bestaat nog niet)')
    .action((o: { data: string; out: string }) =>
      run('backup', async () => {
        const r = await backupDataFolder(o.data, o.out);
        console.log(`Back-up geschreven naar ${o.out} (${(r.bytes / 1024 / 1024).toFixed(1)} MB${r.withKey ? ', met pseudonimiseringssleutel' : ''}).`);
      }),
    );
  program
    .command('restore')
    .description('een back-up terugzetten in een nieuwe of lege gegevensmap')
    .requiredOption('--in <file>', 'het back-upbestand')
    .requiredOption('--data <dir>', 'de nieuwe gegevensmap')
    .action((o: { in: string; data: string }) =>
      run('restore', async () => {
        await restoreDataFolder(o.in, o.data);
        console.log(`Back-up ${o.in} teruggezet in ${o.data}.`);
      }),
    );
}
