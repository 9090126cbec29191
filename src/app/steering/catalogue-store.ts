/**
 * Reads a region's KPI/KRI catalogue (`profiles/<regio>/indicatoren.yaml`), validated with the
 * catalogue schema (src/domain/steering/catalogue.ts) and reported like profile problems (file,
 * YAML path, line). `npx regiekamer profiles check` covers it through profile-store.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { Catalogue } from '../../domain/steering/catalogue.js';
import { PROFILES_DIR } from '../../paths.js';
import { NotFound } from '../errors.js';

/** Same shape as profile-store's problems (that module imports this one, so no import back). */
export interface CatalogueProblem {
  file: string;
  path: string;
  line?: number;
  message: string;
}
type ProfileProblem = CatalogueProblem;
const pathToString = (path: readonly PropertyKey[]) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

export const CATALOGUE_FILE = 'indicatoren.yaml';

export function parseCatalogue(text: string, file: string, region?: string): { catalogue?: Catalogue; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      problems: doc.errors.map((e) => ({ file, path: '', line: lineCounter.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    };
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const parsed = Catalogue.safeParse(doc.toJS());
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => ({ file, path: pathToString(i.path), line: lineOf(i.path), message: i.message })) };
  if (region && parsed.data.regio !== region)
    return { problems: [{ file, path: 'regio', line: lineOf(['regio']), message: `regio "${parsed.data.regio}" must match its folder name "${region}"` }] };
  return { catalogue: parsed.data, problems: [] };
}

const cache = new Map<string, { mtime: number; catalogue: Catalogue }>();

/** The catalogue of a region; 404 when the region has none. Cached until the file changes. */
export function loadCatalogue(regionId: string, dir = PROFILES_DIR): Catalogue {
  const file = join(dir, regionId, CATALOGUE_FILE);
  if (!/^[a-z0-9-]+$/.test(regionId) || !existsSync(file)) throw new NotFound(`regio "${regionId}" heeft geen indicatorenset`);
  const mtime = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.catalogue;
  const { catalogue, problems } = parseCatalogue(readFileSync(file, 'utf8'), join('profiles', regionId, CATALOGUE_FILE), regionId);
  if (!catalogue) throw new Error(problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path}: ${p.message}`).join('\n'));
  cache.set(file, { mtime, catalogue });
  return catalogue;
}
