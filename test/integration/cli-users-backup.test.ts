/**
 * `regiekamer users add|disable|list` and `regiekamer backup|restore` (issue #10 items 3 and 8)
 * as a user runs them: the compiled CLI in a child process on a PGlite data folder. The password
 * comes from standard input only; messages are Dutch with exit codes 0 / 1 (refused) / 2 (usage).
 * A backup restored into a new folder reads the same data and the same pseudonymisation key.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { start } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { regions, users } from '../../src/db/schema.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'rk-cli-users-'));
const data = join(tmp, 'data');
const BIN = join(PROJECT_ROOT, 'bin', 'regiekamer.js');
const PASSWORD = 'een-sterk-wachtwoord-42';

function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, DATABASE_URL: '', REGIEKAMER_PSEUDONYM_KEY: '' }, timeout: 120_000 },
      (error, out, err) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 2) : 0, out, err });
      },
    );
    child.stdin!.end(stdin);
  });
}

async function loginStatus(dir: string, username: string, password: string): Promise<number> {
  const s = await start({ dataDir: dir }, { today: '2027-03-01' });
  const app = await buildServer({ database: s.database, logger: false });
  try {
    return (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password } })).statusCode;
  } finally {
    await app.close();
    await s.database.close();
  }
}

beforeAll(async () => {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm run build:server');
  // A production data folder: profiles loaded, no demo.
  const s = await start({ dataDir: data }, { today: '2027-03-01' });
  await s.database.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('regiekamer users', () => {
  it('add: password from standard input; the account logs in with it', async () => {
    const r = await cli(['users', 'add', 'an.admin', '--role', 'contractmanager', '--region', 'wbo', '--name', 'An Admin', '--data', data], `${PASSWORD}\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Account an\.admin aangemaakt \(Contractmanager \/ inkoper, regio wbo\)/);
    expect(await loginStatus(data, 'an.admin', PASSWORD)).toBe(201);
  });

  it('refuses, in Dutch with exit code 1: a short password, an unknown role, a missing scope, an existing name', async () => {
    const short = await cli(['users', 'add', 'kort', '--role', 'beleid', '--region', 'wbo', '--data', data], 'kort\n');
    expect([short.code, short.err]).toEqual([1, 'regiekamer users: een wachtwoord heeft minstens 12 tekens\n']);
    const role = await cli(['users', 'add', 'x.y', '--role', 'koning', '--region', 'wbo', '--data', data], `${PASSWORD}\n`);
    expect(role.code).toBe(1);
    expect(role.err).toMatch(/onbekende rol "koning"/);
    const scope = await cli(['users', 'add', 'team.zonder', '--role', 'toegang', '--region', 'wbo', '--data', data], `${PASSWORD}\n`);
    expect(scope.code).toBe(1);
    expect(scope.err).toMatch(/needs a municipality|gemeente/);
    const dup = await cli(['users', 'add', 'an.admin', '--role', 'beleid', '--region', 'wbo', '--data', data], `${PASSWORD}\n`);
    expect([dup.code, dup.err]).toEqual([1, 'regiekamer users: gebruiker an.admin bestaat al\n']);
  });

  it('there is no password argument (usage error, exit 2)', async () => {
    const r = await cli(['users', 'add', 'p.w', '--role', 'beleid', '--region', 'wbo', '--password', PASSWORD, '--data', data]);
    expect(r.code).toBe(2);
  });

  it('an organisation-login account has no password; list shows every account with its status', async () => {
    expect((await cli(['users', 'add', 'bo.oidc', '--role', 'toegang', '--region', 'wbo', '--municipality', '0758', '--oidc', '--data', data])).code).toBe(0);
    const list = await cli(['users', 'list', '--data', data]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^an\.admin\tContractmanager \/ inkoper\tregio wbo\tactief, inloggen: wachtwoord$/m);
    expect(list.out).toMatch(/^bo\.oidc\tLokaal team \(toegang\)\tgemeente 0758\tactief, inloggen: organisatie$/m);
  });

  it('disable: the account no longer logs in; an unknown account is refused', async () => {
    expect((await cli(['users', 'disable', 'an.admin', '--data', data])).code).toBe(0);
    expect(await loginStatus(data, 'an.admin', PASSWORD)).toBe(401);
    const json = JSON.parse((await cli(['users', 'list', '--json', '--data', data])).out) as { username: string; disabled: boolean }[];
    expect(json.find((u) => u.username === 'an.admin')!.disabled).toBe(true);
    const unknown = await cli(['users', 'disable', 'niemand', '--data', data]);
    expect([unknown.code, unknown.err]).toEqual([1, 'regiekamer users: gebruiker niemand bestaat niet\n']);
  });
});

describe('regiekamer backup / restore', () => {
  it('the pseudonymisation key was generated on first start, mode 0600, never a public default', () => {
    const key = join(data, 'pseudonym.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a backup restored into a new folder reads the same accounts, regions and key', async () => {
    const file = join(tmp, 'backup.tar.gz');
    const b = await cli(['backup', '--data', data, '--out', file]);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/Back-up geschreven naar .*met pseudonimiseringssleutel/);
    const copy = join(tmp, 'hersteld');
    const r = await cli(['restore', '--in', file, '--data', copy]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(copy, 'pseudonym.key'), 'utf8')).toBe(readFileSync(join(data, 'pseudonym.key'), 'utf8'));
    expect(statSync(join(copy, 'pseudonym.key')).mode & 0o777).toBe(0o600);
    const read = async (dir: string) => {
      const s = await start({ dataDir: dir }, { today: '2027-03-01' });
      try {
        const u = await s.database.db
          .select({ username: users.username, role: users.role, disabledAt: users.disabledAt, passwordHash: users.passwordHash })
          .from(users)
          .orderBy(asc(users.username));
        const g = await s.database.db.select({ id: regions.id }).from(regions).orderBy(asc(regions.id));
        return { u, g };
      } finally {
        await s.database.close();
      }
    };
    const original = await read(data);
    expect(original.u.length).toBe(2);
    expect(await read(copy)).toEqual(original);
  });

  it('refuses: restore into a folder that is not empty, a file that is no backup, a folder that is no data folder', async () => {
    const file = join(tmp, 'backup.tar.gz');
    expect((await cli(['restore', '--in', file, '--data', data])).code).toBe(1);
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, 'geen back-up');
    const bad = await cli(['restore', '--in', junk, '--data', join(tmp, 'leeg')]);
    expect([bad.code, bad.err]).toEqual([1, `regiekamer restore: ${junk} is geen back-up van Regiekamer Jeugd (geen gzip-bestand)\n`]);
    const notData = await cli(['backup', '--data', tmp, '--out', join(tmp, 'x.tar.gz')]);
    expect(notData.code).toBe(1);
    expect(notData.err).toMatch(/geen gegevensmap/);
  });
});
