/**
 * Issue #14 (first start): a new PGlite database starts from a migrated empty template kept in a
 * cache folder (src/db/pglite-template.ts). The first new database writes the template; the next
 * ones load it and have every migration and no data; an existing data folder is never replaced;
 * 'off' keeps no template. PGlite only (PostgreSQL databases are not made by the application).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cache = mkdtempSync(join(tmpdir(), 'rk-template-'));
process.env.REGIEKAMER_PGLITE_TEMPLATE_DIR = cache;
const { openDatabase } = await import('../../src/db/database.js');
const { isNewDatabase, templatePath } = await import('../../src/db/pglite-template.js');

const rowsOf = async (d: Awaited<ReturnType<typeof openDatabase>>, q: string) =>
  d.driver.kind === 'pglite' ? (await d.driver.client.query<Record<string, unknown>>(q)).rows : [];

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.skipIf(Boolean(process.env.DATABASE_URL))('PGlite template of the migrated empty schema', () => {
  it('the first new database writes the template; the next one loads it with every migration and no rows', async () => {
    // A template of other migrations is removed once the current one is written.
    writeFileSync(join(cache, 'pglite-0000000000000000.tar'), 'old');
    const first = await openDatabase({ dataDir: 'memory://' });
    const migrations = await rowsOf(first, 'select hash from drizzle.__drizzle_migrations order by id');
    await first.close();
    // The file is named after the migrations and PGlite's version.
    expect(readdirSync(cache)).toEqual([templatePath()!.split('/').at(-1)]);
    expect(templatePath()).toMatch(/pglite-[0-9a-f]{16}\.tar$/);

    const folder = join(mkdtempSync(join(tmpdir(), 'rk-template-data-')), 'data');
    expect(isNewDatabase(folder)).toBe(true);
    const second = await openDatabase({ dataDir: folder });
    expect(await rowsOf(second, 'select hash from drizzle.__drizzle_migrations order by id')).toEqual(migrations);
    expect(migrations.length).toBeGreaterThan(10);
    expect(await rowsOf(second, 'select count(*)::int as n from youths')).toEqual([{ n: 0 }]);
    expect(await rowsOf(second, 'select count(*)::int as n from regions')).toEqual([{ n: 0 }]);
    if (second.driver.kind === 'pglite') await second.driver.client.exec('create table probe (x int); insert into probe values (7)');
    await second.close();

    // An existing data folder is opened as it is (its rows stay), not replaced by the template.
    expect(isNewDatabase(folder)).toBe(false);
    const again = await openDatabase({ dataDir: folder });
    expect(await rowsOf(again, 'select x from probe')).toEqual([{ x: 7 }]);
    await again.close();
    rmSync(folder, { recursive: true, force: true });
  }, 120_000);
});
