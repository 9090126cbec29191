/**
 * The pseudonymisation key (issue #10 item 7): an HMAC secret from REGIEKAMER_PSEUDONYM_KEY or
 * `<data folder>/pseudonym.key` (0600, generated once), never the old public default.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configurePseudonymKey, pseudonymise } from '../../src/app/pseudonym.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-pseudonym-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hmac = (key: string, bsn: string) => createHmac('sha256', key).update(bsn).digest('hex').slice(0, 24);

describe('pseudonymisation key', () => {
  it('the environment key is used as the HMAC key', () => {
    const key = 'k'.repeat(40);
    expect(configurePseudonymKey({ REGIEKAMER_PSEUDONYM_KEY: key }, dir)).toBe('env');
    expect(pseudonymise('999900006')).toBe(hmac(key, '999900006'));
  });
  it('a short environment key is refused', () => {
    expect(() => configurePseudonymKey({ REGIEKAMER_PSEUDONYM_KEY: 'kort' }, dir)).toThrow(/32 tekens/);
  });
  it('without it: generated once in the data folder (mode 0600) and reused on the next start', () => {
    const data = join(dir, 'data');
    expect(configurePseudonymKey({}, data)).toBe('new-file');
    const file = join(data, 'pseudonym.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    const p = pseudonymise('999900006');
    expect(p).toBe(hmac(key, '999900006'));
    expect(configurePseudonymKey({}, data)).toBe('file');
    expect(pseudonymise('999900006')).toBe(p);
  });
  it('never the public default key of earlier versions', () => {
    for (const env of [{}, { REGIEKAMER_PSEUDONYM_KEY: '' }]) {
      configurePseudonymKey(env, 'memory://');
      expect(pseudonymise('999900006')).not.toBe(hmac('regiekamer-demo', '999900006'));
    }
  });
});
