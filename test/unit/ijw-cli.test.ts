/**
 * The iJw CLI refuses a file by its size before reading it (issue #16: a 1.1 GB input was refused
 * only after reading 256 MB). The file here is sparse: 300 MB long without using disk space.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/ijw/reader.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(ROOT, 'bin', 'regiekamer.js');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      /* tsc emits despite type errors; the run below decides */
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'rk-ijw-cli-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regiekamer ijw validate: size first', () => {
  it('refuses a file over the limit as unusable (exit 2) without reading it', () => {
    const file = join(dir, 'huge.xml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, DEFAULT_LIMITS.maxBytes + 44 * 1024 * 1024);
    closeSync(fd);
    const r = spawnSync(process.execPath, [bin, 'ijw', 'validate', file, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout.trim());
    expect(JSON.stringify(out)).toContain('too-large');
    expect(JSON.stringify(out)).toContain('niet gelezen');
  });

  it('a missing file is unusable with a Dutch reason', () => {
    const r = spawnSync(process.execPath, [bin, 'ijw', 'validate', join(dir, 'bestaat-niet.xml')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('bestand niet gevonden');
  });
});
