/**
 * Bad input: a copy of the real WBO profile (seed 003) in a temp folder, broken on purpose.
 * Every problem must name the file, the YAML path and, where the YAML has one, the line.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkDemoFile, formatProblem, loadProfiles, parseProfile, type ProfileProblem } from '../../src/app/profiles/profile-store.js';
import { PROFILES, ROOT } from './helpers.js';

const PROFILE = join('wbo', '2027-01-01.yaml');
const DEMO = join('wbo', 'demo.yaml');
const original = readFileSync(join(PROFILES, PROFILE), 'utf8');
const originalDemo = readFileSync(join(PROFILES, DEMO), 'utf8');

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A temp profiles folder holding a copy of profiles/wbo, with `edit` applied to the profile text. */
function brokenCopy(edit: (yaml: string) => string = (y) => y, editDemo: (yaml: string) => string = (y) => y): string {
  const dir = mkdtempSync(join(tmpdir(), 'regiekamer-profiles-'));
  temps.push(dir);
  cpSync(join(PROFILES, 'wbo'), join(dir, 'wbo'), { recursive: true });
  const changed = edit(original);
  writeFileSync(join(dir, PROFILE), changed);
  writeFileSync(join(dir, DEMO), editDemo(originalDemo));
  return dir;
}
const shown = (dir: string, rel: string) => relative(process.cwd(), join(dir, rel));
/** 1-based number of the first line matching `re` after the first line matching `after`. */
function lineOf(text: string, re: RegExp, after?: RegExp): number {
  const lines = text.split('\n');
  const from = after ? lines.findIndex((l) => after.test(l)) : 0;
  const i = lines.findIndex((l, k) => k >= from && re.test(l));
  if (from < 0 || i < 0) throw new Error(`no line ${re} in text`);
  return i + 1;
}
const must = (text: string, from: string | RegExp, to: string) => {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};
const withoutAltena = (y: string) => must(y, / {2}- code: "1959"\n {4}naam: Altena\n {4}bron: [^\n]*\n/, '');

describe('seed 003 §5.3.3: an area naming a municipality that the profile no longer lists', () => {
  it('names the file, the YAML path gebieden[0].gemeenten[0] and the line of the code', () => {
    const dir = brokenCopy(withoutAltena);
    const { profiles, problems } = loadProfiles(dir);
    expect(profiles).toEqual([]);
    const text = readFileSync(join(dir, PROFILE), 'utf8');
    expect(problems).toContainEqual({
      file: shown(dir, PROFILE),
      path: 'gebieden[0].gemeenten[0]',
      line: lineOf(text, /gemeenten: \["1959"\]/, /- id: slt-altena/),
      message: 'unknown gemeente "1959": not listed under gemeenten',
    });
    expect(problems.map((p) => p.path)).toContain('segmenten[0].percelen[0].gemeenten[0]');
  });
  it('seed 003 §5.3.3: a duplicate perceel id is reported at the line of the second lot', () => {
    const text = must(original, '      - id: p2\n', '      - id: p1\n');
    const problem = parseProfile(text, 'wbo/2027-01-01.yaml').problems.find((p) => p.message.startsWith('duplicate perceel id'));
    expect(problem).toMatchObject({ path: 'segmenten[0].percelen[1]', line: lineOf(text, /- id: p1$/, /naam: Perceel SLT’s Altena/) });
  });
  it('formatProblem prints file:line: path: message', () => {
    const p: ProfileProblem = { file: 'profiles/wbo/2027-01-01.yaml', path: 'gebieden[0].gemeenten[0]', line: 42, message: 'unknown gemeente "1959"' };
    expect(formatProblem(p)).toBe('profiles/wbo/2027-01-01.yaml:42: gebieden[0].gemeenten[0]: unknown gemeente "1959"');
    expect(formatProblem({ file: 'x.yaml', path: '', message: 'm' })).toBe('x.yaml: (root): m');
  });
});

describe('YAML syntax errors', () => {
  const broken = (y: string) => must(y, 'naam: Regio West-Brabant Oost Jeugd\n', 'naam: [Regio West-Brabant Oost Jeugd\n');
  it('are reported with the file and a YAML syntax message, and the profile is not loaded', () => {
    const { profiles, problems } = loadProfiles(brokenCopy(broken));
    expect(profiles).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toMatch(/wbo[/\\]2027-01-01\.yaml$/);
    expect(problems[0]!.message).toMatch(/^YAML syntax: /);
  });
  it('a duplicate key is a syntax error (uniqueKeys)', () => {
    const { problems } = parseProfile(must(original, 'regio: wbo\n', 'regio: wbo\nregio: wbo\n'), 'wbo/2027-01-01.yaml');
    expect(problems.map((p) => p.message)).toEqual(['YAML syntax: Map keys must be unique']);
  });
  it('a syntax error carries its line number', () => {
    const { problems } = parseProfile(must(original, 'regio: wbo\n', 'regio: wbo\nregio: wbo\n'), 'wbo/2027-01-01.yaml');
    expect(problems[0]!.line).toBe(lineOf(original, /^regio: wbo/) + 1);
  });
  it('a syntax error in demo.yaml carries its line number', () => {
    const problems = checkDemoFile(must(originalDemo, 'jaren: [2023, 2024, 2025, 2026]', 'jaren: [2023, 2024'), 'demo.yaml');
    expect(problems[0]?.line).toBeTypeOf('number');
  });
});

describe('schema errors name the YAML path', () => {
  it('seed 003 §2.1: a number written as a string (kengetal waarde "9563") is reported at its path and line', () => {
    const text = must(original, 'waarde: 9563', 'waarde: "9563"');
    const { problems } = parseProfile(text, 'wbo/2027-01-01.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: expect.stringMatching(/^kengetallen\[\d+\]\.waarde$/), line: lineOf(text, /waarde: "9563"/) });
    expect(problems[0]!.message).toMatch(/expected number, received string/);
  });
  it('a string inside an open-able value (looptijd.jaren) is reported at looptijd.jaren itself', () => {
    const text = must(original, '      jaren: 5\n', '      jaren: "vijf"\n');
    const { problems } = parseProfile(text, 'wbo/2027-01-01.yaml');
    expect(problems).toEqual([
      { file: 'wbo/2027-01-01.yaml', path: 'segmenten[0].looptijd.jaren', line: lineOf(text, /jaren: "vijf"/), message: expect.stringContaining('number') },
    ]);
  });
  it('an unknown key (typo "citat" for "citaat") is named in the message', () => {
    const text = must(original, 'citaat: "de gemeenten Altena', 'citat: "de gemeenten Altena');
    const { problems } = parseProfile(text, 'wbo/2027-01-01.yaml');
    expect(problems).toEqual([
      { file: 'wbo/2027-01-01.yaml', path: 'gemeenten[0].bron', line: lineOf(text, /citat: "de gemeenten/), message: expect.stringContaining('"citat"') },
    ]);
  });
  it('a value outside an enum lists the allowed values', () => {
    const { problems } = parseProfile(must(original, '    soort: slt\n', '    soort: wijk\n'), 'wbo/2027-01-01.yaml');
    expect(problems).toEqual([expect.objectContaining({ path: 'gebieden[0].soort', message: expect.stringContaining('"slt"') })]);
  });
});

describe('file layout: profiles/<regio>/<geldigVanaf>.yaml', () => {
  it('regio must match the folder name', () => {
    const dir = brokenCopy();
    renameSync(join(dir, 'wbo'), join(dir, 'wbo-kopie'));
    const { profiles, problems } = loadProfiles(dir);
    expect(profiles).toEqual([]);
    expect(problems).toEqual([
      { file: shown(dir, join('wbo-kopie', '2027-01-01.yaml')), path: 'regio', message: 'regio "wbo" must match its folder name "wbo-kopie"' },
    ]);
  });
  it('geldigVanaf must match the file name', () => {
    const dir = brokenCopy();
    renameSync(join(dir, PROFILE), join(dir, 'wbo', '2026-01-01.yaml'));
    const { problems } = loadProfiles(dir);
    expect(problems).toEqual([
      {
        file: shown(dir, join('wbo', '2026-01-01.yaml')),
        path: 'geldigVanaf',
        line: lineOf(original, /^geldigVanaf:/),
        message: 'geldigVanaf 2027-01-01 must match the file name (2026-01-01.yaml)',
      },
    ]);
  });
  it('a stray YAML file name is reported; non-YAML files and loose files are ignored', () => {
    const dir = brokenCopy();
    writeFileSync(join(dir, 'wbo', 'concept.yaml'), 'regio: wbo\n');
    writeFileSync(join(dir, 'wbo', 'LEESMIJ.md'), '# notes\n');
    writeFileSync(join(dir, 'LEESMIJ.md'), '# notes\n');
    const { profiles, problems } = loadProfiles(dir);
    expect(profiles.map((p) => p.profile.regio)).toEqual(['wbo']);
    expect(problems).toEqual([{ file: shown(dir, join('wbo', 'concept.yaml')), path: '', message: expect.stringContaining('unexpected file') }]);
  });
  it('a missing profiles folder is one problem', () => {
    expect(loadProfiles(join(tmpdir(), 'bestaat-niet-regiekamer')).problems).toEqual([
      { file: expect.any(String), path: '', message: 'profiles folder not found' },
    ]);
  });
});

describe('demo.yaml: every value cites a bron or is written down as aanname', () => {
  it('a value with neither is reported with file, path and line', () => {
    const dir = brokenCopy(undefined, (y) => must(y, /^ +aanname: "Groei[^\n]*\n/m, ''));
    const { profiles, problems } = loadProfiles(dir);
    expect(profiles).toHaveLength(1); // the profile itself is fine
    const demo = readFileSync(join(dir, DEMO), 'utf8');
    expect(problems).toEqual([
      {
        file: shown(dir, DEMO),
        path: 'groeiPerJaar',
        line: lineOf(demo, /waarde: 0.04/, /^groeiPerJaar:/),
        message: 'give a bron (seed) or write the value down as aanname',
      },
    ]);
  });
  it('a year out of range and a bad referrer code are reported at their paths', () => {
    const demo = must(must(originalDemo, 'jaren: [2023', 'jaren: [1999'), '  "08": 0.01', '  "8": 0.01');
    expect(
      checkDemoFile(demo, 'demo.yaml')
        .map((p) => p.path)
        .sort(),
    ).toEqual(['jaren[0]', 'verwijzers.8']);
  });
});

describe('CLI: regiekamer profiles check', () => {
  const bin = join(ROOT, 'bin', 'regiekamer.js');
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
      } catch {
        /* tsc emits despite type errors; the existence check below decides */
      }
    }
  }, 180_000);
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'profiles', 'check', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('exits 1 and prints file:line: path: message for a broken profile', () => {
    const dir = brokenCopy(withoutAltena);
    const r = run('--dir', dir);
    expect(r.status).toBe(1);
    const file = relative(ROOT, join(dir, PROFILE)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(r.stderr).toMatch(new RegExp(`^\\s+${file}:\\d+: gebieden\\[0\\]\\.gemeenten\\[0\\]: unknown gemeente "1959"`, 'm'));
  });
  it('exits 0 on the real profiles and lists each as ok', () => {
    const r = run('--dir', PROFILES);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok {3}profiles[/\\]wbo[/\\]2027-01-01\.yaml/m);
  });
});
