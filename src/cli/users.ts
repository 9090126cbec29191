/**
 * `regiekamer users add|disable|list`: local accounts (and accounts for organisation login) of
 * an installation. The password comes from standard input, never from an argument (it would show
 * in the process list and the shell history). Exit codes: 0 done, 1 refused (bad input), 2 error.
 */
import type { Command } from 'commander';
import { openDatabase, defaultOpenOptions, type Database } from '../db/database.js';
import { createAccount, disableAccount, listAccounts, providerByAgb } from '../app/auth.js';
import { AppError } from '../app/errors.js';
import { ROLES, ROLE_LABELS, type Role } from '../domain/access/roles.js';

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Wachtwoord (wordt niet getoond): ');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    return new Promise((resolve, reject) => {
      let pw = '';
      const onData = (ch: string) => {
        for (const c of ch) {
          if (c === '\r' || c === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            return resolve(pw);
          }
          if (c === '\u0003') return reject(new Error('afgebroken'));
          if (c === '\u007f') pw = pw.slice(0, -1);
          else pw += c;
        }
      };
      stdin.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function withDatabase(data: string | undefined, fn: (d: Database) => Promise<void>): Promise<void> {
  const d = await openDatabase(defaultOpenOptions(process.env, data));
  try {
    await fn(d);
  } finally {
    await d.close();
  }
}

/** Runs a subcommand: Dutch message and exit code 1 for refused input, 2 for other errors. */
async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`regiekamer users: ${e.message}`);
      process.exit(1);
    }
    console.error(`regiekamer users: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('lokale accounts beheren (wachtwoord via standaardinvoer)');
  const dataOption = ['--data <dir>', 'PGlite-gegevensmap (standaard ./data of $REGIEKAMER_DATA; DATABASE_URL voor PostgreSQL)'] as const;

  users
    .command('add <gebruikersnaam>')
    .description('een account aanmaken; het wachtwoord (minstens 12 tekens) komt van standaardinvoer')
    .requiredOption('--role <rol>', `rol: ${ROLES.join(', ')}`)
    .option('--name <naam>', 'weergavenaam')
    .option('--region <regio>', 'regio (alle rollen behalve beheer)')
    .option('--municipality <cbs>', 'CBS-code van de gemeente (toegang, gemeente)')
    .option('--provider <agb>', 'AGB-code van de aanbieder (aanbieder)')
    .option('--oidc', 'geen wachtwoord: de gebruiker logt in via de eigen organisatie (OpenID Connect)')
    .option(...dataOption)
    .action((username: string, o: { role: string; name?: string; region?: string; municipality?: string; provider?: string; oidc?: boolean; data?: string }) =>
      run(async () => {
        if (!ROLES.includes(o.role as Role)) throw new AppError(400, 'Ongeldige invoer', `onbekende rol "${o.role}" (bekend: ${ROLES.join(', ')})`);
        const password = o.oidc ? null : await readPassword();
        await withDatabase(o.data, async ({ db }) => {
          const providerId = o.provider ? await providerByAgb(db, o.region ?? '', o.provider) : null;
          await createAccount(db, {
            username,
            displayName: o.name ?? username,
            role: o.role as Role,
            password,
            regionId: o.region ?? null,
            municipalityCode: o.municipality ?? null,
            providerId,
          });
        });
        console.log(
          `Account ${username} aangemaakt (${ROLE_LABELS[o.role as Role]}${o.region ? `, regio ${o.region}` : ''})${o.oidc ? '; inloggen via de eigen organisatie' : ''}.`,
        );
      }),
    );

  users
    .command('disable <gebruikersnaam>')
    .description('een account uitschakelen; zijn sessies eindigen meteen')
    .option(...dataOption)
    .action((username: string, o: { data?: string }) =>
      run(async () => {
        await withDatabase(o.data, ({ db }) => disableAccount(db, username, new Date()));
        console.log(`Account ${username} uitgeschakeld.`);
      }),
    );

  users
    .command('list')
    .description('alle accounts met rol, regio en status')
    .option('--json', 'als JSON')
    .option(...dataOption)
    .action((o: { json?: boolean; data?: string }) =>
      run(() =>
        withDatabase(o.data, async ({ db }) => {
          const rows = await listAccounts(db);
          if (o.json) return void console.log(JSON.stringify(rows, null, 2));
          if (rows.length === 0) return void console.log('Geen accounts.');
          for (const r of rows) {
            const scope = r.municipalityCode
              ? `gemeente ${r.municipalityCode}`
              : r.providerId !== null
                ? `aanbieder ${r.providerId}`
                : r.regionId
                  ? `regio ${r.regionId}`
                  : 'alle regio’s';
            const status = [r.disabled ? 'uitgeschakeld' : 'actief', r.demo ? 'demo' : null, `inloggen: ${r.login}`].filter(Boolean).join(', ');
            console.log(`${r.username}\t${ROLE_LABELS[r.role] ?? r.role}\t${scope}\t${status}`);
          }
        }),
      ),
    );
}
