/**
 * Import structure (issue #16): no import cycle in src/ or web/src/ (static, type-only or dynamic
 * import()), and production code (src/app, src/api, src/domain, src/db, src/ijw) never imports demo
 * generation (src/demo/; only src/cli and the start-up wiring src/app/startup.ts may). The rules
 * are in .dependency-cruiser.cjs; `npx depcruise src web/src --config .dependency-cruiser.cjs`
 * prints the same violations.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = resolve(ROOT, '.dependency-cruiser.cjs');
const BIN = resolve(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

async function violations(cwd: string, dirs: string[]): Promise<Violation[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...dirs, '--config', CONFIG, '--output-type', 'json', '--no-progress'], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch(
    // depcruise exits non-zero when it finds violations; the JSON is still on stdout.
    (e: { stdout?: string; stderr?: string }) => {
      if (!e.stdout) throw new Error(`dependency-cruiser failed: ${e.stderr ?? String(e)}`);
      return { stdout: e.stdout };
    },
  );
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(0);
  return result.summary.violations;
}

describe('import structure', () => {
  it('src/ and web/src/ have no import cycle and production code does not import src/demo', async () => {
    const found = await violations(ROOT, ['src', 'web/src']);
    const lines = found.map((v) => `${v.rule.name}: ${v.from} -> ${v.cycle ? v.cycle.map((c) => c.name).join(' -> ') : v.to}`);
    expect(lines).toEqual([]);
  }, 120_000);

  it('the rules find a static cycle, a cycle through import(), and a production import of demo code (fixture)', async () => {
    const found = await violations(resolve(ROOT, 'test/fixtures/dependency-rules'), ['src']);
    // One violation per cycle, named by the modules in it.
    const key = (v: Violation) =>
      v.cycle
        ? `${v.rule.name} ${[v.from, ...v.cycle.map((c) => c.name)]
            .filter((m, i, all) => all.indexOf(m) === i)
            .sort()
            .join(' ')}`
        : `${v.rule.name} ${v.from} -> ${v.to}`;
    expect(found.map(key).sort()).toEqual([
      'no-circular src/api/routes.ts src/api/server.ts',
      'no-circular src/app/first.ts src/app/second.ts',
      'no-demo-in-production src/domain/rule.ts -> src/demo/data.ts',
    ]);
  }, 60_000);
});
