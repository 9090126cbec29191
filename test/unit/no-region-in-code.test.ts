/**
 * Regions without code changes (issue #11 item 8): no region id, region name, seed id or seed
 * reference appears in the code of src/ and web/src (string literals, template text and JSX text;
 * comments are documentation and are not read). Demo scripts are excluded: files and folders named
 * demo (src/demo, src/domain/demo, src/app/**\/demo-*.ts, src/app/demo.ts). The regions and seeds
 * are read from profiles/, so a new region is covered without editing this test.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { ROOT } from './helpers.js';

const profiles = loadProfiles().profiles.map((p) => p.profile);
const regionIds = [...new Set(profiles.map((p) => p.regio))];
const regionNames = [...new Set(profiles.map((p) => p.naam))];
const seedIds = [...new Set(profiles.flatMap((p) => Object.keys(p.bronnen)))].filter((k) => k !== 'cbs' && k !== 'ijw');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What may not appear in code text, each with a readable name. */
const FORBIDDEN: { name: string; re: RegExp }[] = [
  ...regionIds.map((id) => ({ name: `region id "${id}"`, re: new RegExp(`(^|[^A-Za-z0-9-])${esc(id)}($|[^A-Za-z0-9-])`, 'i') })),
  ...regionNames.map((n) => ({ name: `region name "${n}"`, re: new RegExp(esc(n), 'i') })),
  ...seedIds.map((id) => ({ name: `seed id "${id}"`, re: new RegExp(`^${esc(id)}$|\\bseeds?\\s+${esc(id)}\\b`, 'i') })),
];

const isDemo = (rel: string) => /(^|\/)demo(\/|\.ts$|-)/.test(rel);
function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The text of every string literal, template part and JSX text node of a source file, with its line. */
function texts(file: string): { line: number; text: string }[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n) || ts.isJsxText(n)) {
      // Module specifiers are file paths, not text.
      if (!(
        ts.isImportDeclaration(n.parent) ||
        ts.isExportDeclaration(n.parent) ||
        (ts.isCallExpression(n.parent) && n.parent.expression.kind === ts.SyntaxKind.ImportKeyword)
      )) {
        out.push({ line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: n.text });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

describe('no region or seed in code (outside the demo scripts)', () => {
  it('the check knows the regions and seeds of the profiles', () => {
    expect(regionIds.length).toBeGreaterThanOrEqual(5);
    expect(seedIds.length).toBeGreaterThanOrEqual(5);
  });
  it('the check finds a region id, a region name and a seed reference in code text', () => {
    const hit = (t: string) => FORBIDDEN.some((f) => f.re.test(t));
    expect(hit(regionIds[0]!)).toBe(true);
    expect(hit(`bron: ${regionNames[0]!}`)).toBe(true);
    expect(hit(`zie seed ${seedIds[0]!} §5`)).toBe(true);
    expect(hit(seedIds[0]!)).toBe(true);
    expect(hit('Regio-indeling')).toBe(false);
  });
  for (const dir of ['src', join('web', 'src')]) {
    it(`${dir} names no region id, region name or seed`, () => {
      const found: string[] = [];
      for (const f of files(join(ROOT, dir))) {
        const rel = relative(ROOT, f);
        if (isDemo(relative(join(ROOT, dir), f))) continue;
        for (const t of texts(f)) for (const fb of FORBIDDEN) if (fb.re.test(t.text)) found.push(`${rel}:${t.line} ${fb.name}: ${t.text.slice(0, 100)}`);
      }
      expect(found).toEqual([]);
    });
  }
});
