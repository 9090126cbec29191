/**
 * Reads region profiles from `profiles/<regio>/<geldigVanaf>.yaml`, validates them (schema, then
 * the consistency rules of the domain) and reports every problem with file, YAML path and line.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, basename } from 'node:path';
import { PROFILES_DIR } from '../../paths.js';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { RegionProfile } from '../../domain/landscape/profile-schema.js';
import { checkProfile, type ReferenceLists } from '../../domain/landscape/profile-rules.js';
import { DemoParameters } from '../../domain/landscape/demo-schema.js';
import { parameterProblems } from '../../domain/funding/parameters.js';
import { cbsGemeenten, codeList } from '../../ijw/codelists.js';
import { parseCatalogue } from '../steering/catalogue-store.js';

export const DEFAULT_PROFILES_DIR = PROFILES_DIR;
const VERSION_FILE = /^\d{4}-\d{2}-\d{2}\.yaml$/;
export const DEMO_FILE = 'demo.yaml';

export interface ProfileProblem {
  file: string;
  path: string;
  line?: number;
  message: string;
}

export interface LoadedProfile {
  file: string;
  profile: RegionProfile;
}

export class ProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProfileError';
  }
}

export function formatProblem(p: ProfileProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path || '(root)'}: ${p.message}`;
}

export function pathToString(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

let refs: ReferenceLists | undefined;
export function referenceLists(): ReferenceLists {
  refs ??= {
    gemeenteCodes: new Map([...cbsGemeenten()].map(([code, g]) => [code, g.naam])),
    productCategorieen: new Map([...codeList('JZ020')].map(([c, v]) => [c, v.omschrijving])),
    eenheden: new Map([...codeList('WJ756')].map(([c, v]) => [c, v.omschrijving])),
  };
  return refs;
}

interface YamlFile {
  data?: unknown;
  problems: ProfileProblem[];
  /** Line of the value at a YAML path (or of its nearest ancestor that has a position). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function readYaml(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const problems = doc.errors.map((e) => ({ file, path: '', line: lineCounter.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}` }));
  return { data: problems.length === 0 ? doc.toJS() : undefined, problems, lineOf };
}

/**
 * zod reports a value that matches neither a concrete value nor `{ openVraag }` as one
 * "invalid_union" issue; report the issues of the branch the author meant instead (the
 * openVraag branch when the value has that key, else the concrete one) so the path names the field.
 */
function specificIssues(issues: readonly z.core.$ZodIssue[], data: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((i) => {
    if (i.code !== 'invalid_union' || i.errors.length === 0) return [i];
    const value = i.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
    const meantOpen = value !== null && typeof value === 'object' && 'openVraag' in value;
    const branch = meantOpen ? i.errors[i.errors.length - 1]! : i.errors[0]!;
    return specificIssues(
      branch.map((b) => ({ ...b, path: [...i.path, ...b.path] })),
      data,
    );
  });
}

export function schemaProblems<T>(schema: z.ZodType<T>, y: YamlFile, file: string): { value?: T; problems: ProfileProblem[] } {
  const parsed = schema.safeParse(y.data);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return {
    problems: specificIssues(parsed.error.issues, y.data).map((i) => ({ file, path: pathToString(i.path), line: y.lineOf(i.path), message: i.message })),
  };
}

/** Parses and validates one profile file's text. `file` is only used in messages. */
export function parseProfile(text: string, file: string): { profile?: RegionProfile; problems: ProfileProblem[] } {
  const y = readYaml(text, file);
  if (y.problems.length > 0) return { problems: y.problems };
  const { value: profile, problems } = schemaProblems(RegionProfile, y, file);
  if (!profile) return { problems };
  problems.push(...checkProfile(profile, referenceLists()).map((f) => ({ file, path: pathToString(f.path), line: y.lineOf(f.path), message: f.message })));
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (profile.geldigVanaf !== expected) {
    problems.push({
      file,
      path: 'geldigVanaf',
      line: y.lineOf(['geldigVanaf']),
      message: `geldigVanaf ${profile.geldigVanaf} must match the file name (${expected}.yaml)`,
    });
  }
  return { profile, problems };
}

/** Validates a region's demo parameters (`demo.yaml`) with the same file/path/line reporting. */
export function checkDemoFile(text: string, file: string): ProfileProblem[] {
  const y = readYaml(text, file);
  if (y.problems.length > 0) return y.problems;
  const { value, problems } = schemaProblems(DemoParameters, y, file);
  if (!value) return problems;
  // Parameters: the ids and units the funding code knows; a demo value is always a stated assumption.
  for (const f of parameterProblems(
    value.parameters,
    new Set(Object.keys(value.segmenten).concat(value.parameters.flatMap((p) => (p.segment ? [p.segment] : [])))),
  )) {
    problems.push({ file, path: `parameters.${f.index}`, line: y.lineOf(['parameters', f.index]), message: f.message });
  }
  value.parameters.forEach((p, i) =>
    p.waarden.forEach((w, j) => {
      if (!w.aanname)
        problems.push({
          file,
          path: `parameters.${i}.waarden.${j}`,
          line: y.lineOf(['parameters', i, 'waarden', j]),
          message: 'a demo value is an assumption: write it down as aanname',
        });
    }),
  );
  return problems;
}

/** Loads every profile version under `dir`; returns the valid ones and all problems found. */
export function loadProfiles(dir = DEFAULT_PROFILES_DIR): { profiles: LoadedProfile[]; problems: ProfileProblem[] } {
  const profiles: LoadedProfile[] = [];
  const problems: ProfileProblem[] = [];
  if (!existsSync(dir)) return { profiles, problems: [{ file: dir, path: '', message: 'profiles folder not found' }] };
  for (const region of readdirSync(dir).sort()) {
    const regionDir = join(dir, region);
    if (!statSync(regionDir).isDirectory()) continue;
    for (const name of readdirSync(regionDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = join(regionDir, name);
      const shown = relative(process.cwd(), file) || file;
      if (name === DEMO_FILE) {
        problems.push(...checkDemoFile(readFileSync(file, 'utf8'), shown));
        continue;
      }
      if (name === 'indicatoren.yaml') {
        // The region's KPI/KRI catalogue (issue #12), checked with its own schema.
        problems.push(...parseCatalogue(readFileSync(file, 'utf8'), shown).problems); // its regio is checked against the folder when loaded (catalogue-store)
        continue;
      }
      if (!VERSION_FILE.test(name)) {
        problems.push({
          file: shown,
          path: '',
          message: `unexpected file: a profile version is named <geldigVanaf>.yaml (e.g. 2027-01-01.yaml), demo parameters ${DEMO_FILE}`,
        });
        continue;
      }
      const result = parseProfile(readFileSync(file, 'utf8'), shown);
      if (result.profile && result.profile.regio !== region) {
        result.problems.push({ file: shown, path: 'regio', message: `regio "${result.profile.regio}" must match its folder name "${region}"` });
      }
      problems.push(...result.problems);
      if (result.profile && result.problems.length === 0) profiles.push({ file: shown, profile: result.profile });
    }
  }
  return { profiles, problems };
}

/** The profile version of `region` valid on `date` (YYYY-MM-DD): the latest with geldigVanaf <= date. */
export function profileAt(profiles: readonly LoadedProfile[], region: string, date: string): LoadedProfile | undefined {
  return profiles
    .filter((p) => p.profile.regio === region && p.profile.geldigVanaf <= date)
    .sort((a, b) => b.profile.geldigVanaf.localeCompare(a.profile.geldigVanaf))[0];
}
