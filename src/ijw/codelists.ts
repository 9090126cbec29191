/**
 * iJw 3.2 code lists and the CBS municipality list, read from the reference data copied into
 * `reference/ijw-codelijsten/` (source: ../shared/reference/ijw-3.2/codelijsten, unchanged).
 * `Codelijst_iJw_release_3.2_volledig.md` is the most faithful list (reference README).
 */
import { readFileSync } from 'node:fs';
import { REFERENCE_DIR } from '../paths.js';
import { join } from 'node:path';

export interface Code {
  code: string;
  omschrijving: string;
  /** Date (YYYY-MM-DD) from which the code (or its change) applies, when the list gives one. */
  ingangsdatum?: string;
}

const CODELIST_DIR = join(REFERENCE_DIR, 'ijw-codelijsten');

function cells(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

function isoFromDutch(d: string | undefined): string | undefined {
  const m = d?.match(/^(\d{2})-(\d{2})-(\d{4})$/);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}

let iJwLists: Map<string, Map<string, Code>> | undefined;

/** All iJw code lists by list id (e.g. "JZ020", "WJ756"), each a map from code to description. */
export function ijwCodeLists(dir = CODELIST_DIR): Map<string, Map<string, Code>> {
  if (iJwLists && dir === CODELIST_DIR) return iJwLists;
  const text = readFileSync(join(dir, 'Codelijst_iJw_release_3.2_volledig.md'), 'utf8');
  const lists = new Map<string, Map<string, Code>>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const [, listId, code, omschrijving, , , ingang] = cells(line);
    if (!listId || !code || !omschrijving || !/^[A-Z]{2,3}\d{3}/.test(listId) || code.startsWith(`${listId}:`)) continue;
    if (!lists.has(listId)) lists.set(listId, new Map());
    lists.get(listId)!.set(code, { code, omschrijving, ingangsdatum: isoFromDutch(ingang) });
  }
  if (dir === CODELIST_DIR) iJwLists = lists;
  return lists;
}

export function codeList(listId: string): Map<string, Code> {
  const list = ijwCodeLists().get(listId);
  if (!list) throw new Error(`unknown iJw code list ${listId}`);
  return list;
}

export interface CbsGemeente {
  code: string;
  naam: string;
  provincie: string;
  jeugdregio: string;
}

let cbs: Map<string, CbsGemeente> | undefined;

/** CBS gemeentelijke indeling 1 January 2026, keyed by the 4-digit gemeentecode. */
export function cbsGemeenten(): Map<string, CbsGemeente> {
  if (cbs) return cbs;
  const text = readFileSync(join(CODELIST_DIR, 'CBS_Gemeentecodes.md'), 'utf8');
  cbs = new Map();
  for (const line of text.split('\n')) {
    const [code, naam, provincie, jeugdregio] = cells(line);
    if (code && /^\d{4}$/.test(code) && naam) cbs.set(code, { code, naam, provincie: provincie ?? '', jeugdregio: jeugdregio ?? '' });
  }
  return cbs;
}
