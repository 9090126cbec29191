/**
 * Reads the national law values (`wetten/<wet>/<geldigVanaf>.yaml`, schema in
 * domain/law/law-schema.ts) with the same YAML + zod reporting as the region profiles (file, YAML
 * path, line). A missing or invalid law file is an error that names the file: the software does not
 * fall back to a number in code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WETTEN_DIR } from '../../paths.js';
import { JEUGDWET_WAARDEN, LawFile, type LawValue } from '../../domain/law/law-schema.js';
import { formatProblem, readYaml, schemaProblems, type ProfileProblem } from '../profiles/profile-store.js';

export const DEFAULT_WETTEN_DIR = WETTEN_DIR;
const VERSION_FILE = /^\d{4}-\d{2}-\d{2}\.yaml$/;

export class LawFileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(`wetten: ${problems.map(formatProblem).join('\n')}`);
    this.name = 'LawFileError';
  }
}

/** Parses one law file's text; `file` names it in messages and its name must be the geldigVanaf. */
export function parseLawFile(text: string, file: string): { law?: LawFile; problems: ProfileProblem[] } {
  const y = readYaml(text, file);
  if (y.problems.length > 0) return { problems: y.problems };
  const { value, problems } = schemaProblems(LawFile, y, file);
  if (!value) return { problems };
  const expected = file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.ya?ml$/, '');
  if (value.geldigVanaf !== expected)
    problems.push({
      file,
      path: 'geldigVanaf',
      line: y.lineOf(['geldigVanaf']),
      message: `geldigVanaf ${value.geldigVanaf} must match the file name (${expected}.yaml)`,
    });
  return problems.length > 0 ? { problems } : { law: value, problems };
}

/** Every version of one law under `dir`, oldest first; throws LawFileError when none is there or one is invalid. */
export function loadLaw(wet: string, dir = DEFAULT_WETTEN_DIR): LawFile[] {
  const lawDir = join(dir, wet);
  const shown = (f: string) => relative(process.cwd(), f) || f;
  if (!existsSync(lawDir)) throw new LawFileError([{ file: shown(lawDir), path: '', message: `no law files for ${wet} (expected ${wet}/<geldigVanaf>.yaml)` }]);
  const names = readdirSync(lawDir)
    .filter((n) => VERSION_FILE.test(n))
    .sort();
  if (names.length === 0) throw new LawFileError([{ file: shown(lawDir), path: '', message: `no law files for ${wet} (expected ${wet}/<geldigVanaf>.yaml)` }]);
  const laws: LawFile[] = [];
  const problems: ProfileProblem[] = [];
  for (const n of names) {
    const r = parseLawFile(readFileSync(join(lawDir, n), 'utf8'), shown(join(lawDir, n)));
    if (r.law && r.law.wet !== wet)
      r.problems.push({ file: shown(join(lawDir, n)), path: 'wet', message: `wet "${r.law.wet}" must match its folder name "${wet}"` });
    problems.push(...r.problems);
    if (r.law && r.problems.length === 0) laws.push(r.law);
  }
  if (problems.length > 0) throw new LawFileError(problems);
  return laws;
}

/** The value `id` of a law on `date`: from the latest version in force that has it, with value geldigVanaf <= date. */
export function lawValue(laws: readonly LawFile[], id: string, date: string): LawValue {
  const v = [...laws]
    .filter((l) => l.geldigVanaf <= date)
    .sort((a, b) => b.geldigVanaf.localeCompare(a.geldigVanaf))
    .map((l) => l.waarden[id])
    .find((w) => w !== undefined && w.geldigVanaf <= date);
  if (!v)
    throw new LawFileError([{ file: laws[0] ? `wetten/${laws[0].wet}` : 'wetten', path: `waarden.${id}`, message: `no value ${id} in force on ${date}` }]);
  return v;
}

const cache = new Map<string, LawFile[]>();
/** The Jeugdwet's highest age of a jeugdige (art. 1.1 "jeugdige"), in years, on `date`; files read once. */
export function jeugdigeHoogsteLeeftijd(date: string, dir = DEFAULT_WETTEN_DIR): number {
  const key = join(dir, 'jeugdwet');
  let laws = cache.get(key);
  if (!laws) {
    laws = loadLaw('jeugdwet', dir);
    cache.set(key, laws);
  }
  const v = lawValue(laws, JEUGDWET_WAARDEN.hoogsteLeeftijd, date);
  if (v.eenheid !== 'jaar')
    throw new LawFileError([{ file: key, path: `waarden.${JEUGDWET_WAARDEN.hoogsteLeeftijd}.eenheid`, message: `expected jaar, found ${v.eenheid}` }]);
  return v.waarde;
}
