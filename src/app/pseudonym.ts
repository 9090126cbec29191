/**
 * The pseudonymisation key: an HMAC secret, never a public default. From REGIEKAMER_PSEUDONYM_KEY,
 * or else `<data folder>/pseudonym.key` (mode 0600), generated on the first start and kept with the
 * data (backups include it); every instance on the same data uses the same key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

let key: string | undefined;

/** Sets the key for this process: the environment's, the data folder's, a new one there, or (in-memory database) a random one. */
export function configurePseudonymKey(env: NodeJS.ProcessEnv, dataDir: string | undefined): 'env' | 'file' | 'new-file' | 'ephemeral' {
  if (env.REGIEKAMER_PSEUDONYM_KEY) {
    if (env.REGIEKAMER_PSEUDONYM_KEY.length < 32) throw new Error('REGIEKAMER_PSEUDONYM_KEY moet minstens 32 tekens lang zijn');
    key = env.REGIEKAMER_PSEUDONYM_KEY;
    return 'env';
  }
  if (!dataDir || dataDir.startsWith('memory://')) {
    key = randomBytes(32).toString('hex');
    return 'ephemeral';
  }
  const file = join(resolve(dataDir), PSEUDONYM_KEY_FILE);
  if (existsSync(file)) {
    key = readFileSync(file, 'utf8').trim();
    if (key.length < 32) throw new Error(`${file} bevat geen geldige sleutel`);
    return 'file';
  }
  mkdirSync(resolve(dataDir), { recursive: true });
  key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return 'new-file';
}

/** Pseudonym for analytics tables: keyed hash (HMAC-SHA256) of the BSN, so the BSN itself never leaves `youths`. */
export function pseudonymise(bsn: string): string {
  return pseudonymWithKey(pseudonymKey(), bsn);
}

/** This process's key, for a worker thread that pseudonymises for it (the demo population worker). */
export function pseudonymKey(): string {
  // Without start-up configuration (unit tests of single use cases): a random key, never a known one.
  key ??= randomBytes(32).toString('hex');
  return key;
}

/** pseudonymise with a given key (a worker thread has no configured key of its own). */
export function pseudonymWithKey(secret: string, bsn: string): string {
  return createHmac('sha256', secret).update(bsn).digest('hex').slice(0, 24);
}
