/**
 * Backup and restore of an embedded (PGlite) data folder: PGlite's own dump of the data folder
 * (a gzip-compressed tar of the database files, with the pseudonymisation key that lives in the
 * same folder). PostgreSQL installations use pg_dump / pg_restore (README, "Running in production").
 */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PSEUDONYM_KEY_FILE } from './pseudonym.js';
import { BadInput } from './errors.js';

/** Writes a backup of the PGlite data folder `dataDir` to `outFile`; returns its size in bytes. */
export async function backupDataFolder(dataDir: string, outFile: string): Promise<{ bytes: number; withKey: boolean }> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new BadInput(`${dataDir} is geen gegevensmap van Regiekamer Jeugd (PG_VERSION ontbreekt)`);
  if (existsSync(outFile)) throw new BadInput(`${outFile} bestaat al; kies een nieuw bestand`);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  await db.waitReady;
  try {
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    writeFileSync(outFile, bytes, { mode: 0o600, flag: 'wx' });
    return { bytes: bytes.length, withKey: existsSync(join(dir, PSEUDONYM_KEY_FILE)) };
  } finally {
    await db.close();
  }
}

/** Restores a backup into `dataDir`, which must not exist or be empty. */
export async function restoreDataFolder(inFile: string, dataDir: string): Promise<void> {
  if (!existsSync(inFile)) throw new BadInput(`${inFile} bestaat niet`);
  const dir = resolve(dataDir);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BadInput(`${dataDir} is niet leeg; zet een back-up terug in een nieuwe of lege map`);
  const bytes = readFileSync(inFile);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BadInput(`${inFile} is geen back-up van Regiekamer Jeugd (geen gzip-bestand)`);
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    db = new PGlite(dir, { loadDataDir: new Blob([bytes]) });
    await db.waitReady;
  } catch (e) {
    throw new BadInput(`${inFile} kon niet worden teruggezet: ${e instanceof Error ? e.message : String(e)}`);
  }
  await db.close();
  if (existsSync(join(dir, PSEUDONYM_KEY_FILE))) chmodSync(join(dir, PSEUDONYM_KEY_FILE), 0o600);
}
