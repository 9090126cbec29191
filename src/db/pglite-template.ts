/**
 * A new PGlite database (an empty data folder, or in memory) starts from a template: a tarball of an
 * empty cluster with every migration applied, made from the migrations the first time a database
 * is created and kept in a cache folder. Creating a cluster (PGlite's initdb in WebAssembly) and
 * running the migrations cost about 5.5 s of CPU on every new database; loading the template about
 * 1.5 s (issue #14: the first start). The template holds no data: only what the migrations create.
 *
 * The cache file's name is a hash of the PGlite version and of every migration file, so a changed
 * migration or a PGlite upgrade makes a new template; the migrations still run after loading (a
 * no-op on a current template). REGIEKAMER_PGLITE_TEMPLATE_DIR sets the folder ('off': no template);
 * default `node_modules/.cache/regiekamer` in the project. Any failure to read or write the cache
 * falls back to the ordinary creation.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../paths.js';

type PGliteClient = import('@electric-sql/pglite').PGlite;

function cacheDir(): string | null {
  const configured = process.env.REGIEKAMER_PGLITE_TEMPLATE_DIR;
  if (configured === 'off') return null;
  return configured || join(PROJECT_ROOT, 'node_modules', '.cache', 'regiekamer');
}

function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
}

let file: string | null | undefined;

/** The template's path for the current migrations and PGlite version (null: templates are off). */
export function templatePath(): string | null {
  if (file !== undefined) return file;
  const dir = cacheDir();
  if (!dir) return (file = null);
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else hash.update(`${prefix}${entry.name}\n`).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_DIR, '');
  return (file = join(dir, `pglite-${hash.digest('hex').slice(0, 16)}.tar`));
}

/** Whether PGlite would create a new cluster for this data folder ('memory://...' always). */
export function isNewDatabase(dataDir: string): boolean {
  return dataDir.startsWith('memory://') || !existsSync(join(dataDir, 'PG_VERSION'));
}

/** The template as a blob for PGlite's `loadDataDir`, or undefined when there is none yet. */
export function readTemplate(): Blob | undefined {
  try {
    const path = templatePath();
    return path && existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a just-created and migrated (still empty) database as the template; errors are ignored. */
export async function writeTemplate(client: PGliteClient): Promise<void> {
  try {
    const path = templatePath();
    if (!path || existsSync(path)) return;
    const tar = await client.dumpDataDir('none');
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await tar.arrayBuffer()));
    renameSync(tmp, path);
    // Templates of earlier migrations are not used again (about 40 MB each).
    const current = basename(path);
    for (const name of readdirSync(dirname(path)))
      if (/^pglite-[0-9a-f]{16}\.tar$/.test(name) && name !== current) rmSync(join(dirname(path), name), { force: true });
  } catch {
    // No cache (read-only project folder, full disk): the next new database is created as usual.
  }
}
