/**
 * One definition per API type (issue #16): the web app imports the server's types (src/api/types.ts,
 * src/app, src/domain) with `import type` and never writes its own copy. A type or interface that
 * web/src declares under a name src/ also exports is a hand re-declaration, which drifts from the
 * server's (it did: CareSummary without scopeDetail, a DeclarationFilter with other field names).
 * Read with the TypeScript compiler API, so comments and strings do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string, skip: (path: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !skip(p));
}

const parse = (file: string) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/**
 * A shape written out by hand: an object type, a union or intersection with one, or literals
 * (`'a' | 'b'`). An alias that only names a part of another type (`KpiResult['level']`,
 * `Awaited<ReturnType<typeof f>>`) takes its shape from there and is no copy.
 */
function handWritten(t: ts.TypeNode): boolean {
  if (ts.isTypeLiteralNode(t) || ts.isLiteralTypeNode(t) || ts.isMappedTypeNode(t) || ts.isTupleTypeNode(t)) return true;
  if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) return t.types.some(handWritten);
  if (ts.isArrayTypeNode(t) || ts.isParenthesizedTypeNode(t)) return handWritten(ts.isArrayTypeNode(t) ? t.elementType : t.type);
  return false;
}

/** The interfaces and hand-written type aliases a file declares itself (exported or not), with their line. */
export function declaredTypes(sf: ts.SourceFile, onlyExported: boolean): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  const visit = (n: ts.Node) => {
    const declares = ts.isInterfaceDeclaration(n) || (ts.isTypeAliasDeclaration(n) && (onlyExported || handWritten(n.type)));
    if (declares && (!onlyExported || isExported(n))) out.push({ name: n.name.text, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1 });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The layers whose types the API answers with: use cases, domain and the routes (not demo generation or the iJw engine). */
const serverFiles = () => ['app', 'domain', 'api'].flatMap((d) => sourceFiles(join(ROOT, 'src', d), () => false));
const webFiles = () => sourceFiles(join(ROOT, 'web', 'src'), () => false);

describe('one definition per API type', () => {
  it('web/src declares no type or interface under a name that src/ exports (import it with `import type` instead)', () => {
    const exported = new Map<string, string>();
    for (const f of serverFiles()) for (const t of declaredTypes(parse(f), true)) if (!exported.has(t.name)) exported.set(t.name, relative(ROOT, f));
    expect(exported.get('CareSummary')).toBe('src/app/care.ts'); // the scan sees the server's types
    const copies = webFiles().flatMap((f) =>
      declaredTypes(parse(f), false)
        .filter((t) => exported.has(t.name))
        .map((t) => `${relative(ROOT, f)}:${t.line} ${t.name} (src/ exports it from ${exported.get(t.name)})`),
    );
    expect(copies).toEqual([]);
  });

  it('the check finds a hand re-declaration', () => {
    const sf = ts.createSourceFile(
      'copy.ts',
      "export interface CareSummary { scope: string }\ntype Local = { a: 1 };\ntype Kind = 'a' | 'b';\ntype Part = CareSummary['scope'];",
      ts.ScriptTarget.Latest,
    );
    expect(declaredTypes(sf, false).map((t) => t.name)).toEqual(['CareSummary', 'Local', 'Kind']);
    expect(declaredTypes(sf, true).map((t) => t.name)).toEqual(['CareSummary']);
  });

  it('web/src/api-types.ts only re-exports types (no runtime import from src/ through it)', () => {
    const sf = parse(join(ROOT, 'web/src/api-types.ts'));
    const fromSrc = sf.statements.filter(
      (s): s is ts.ImportDeclaration | ts.ExportDeclaration =>
        (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && !!s.moduleSpecifier && (s.moduleSpecifier as ts.StringLiteral).text.includes('/src/'),
    );
    expect(fromSrc.length).toBeGreaterThan(0);
    for (const s of fromSrc) {
      const typeOnly = ts.isImportDeclaration(s) ? !!s.importClause?.isTypeOnly : s.isTypeOnly;
      expect(typeOnly, s.getText(sf)).toBe(true);
    }
  });
});
