/**
 * The rule catalogue: code -> layer, description and WJ001 retourcode, read from the official
 * rule tables copied to reference/ijw-regels (never typed in by hand).
 *
 * Sources (read once, lazily):
 * - `condities-constraints.md`: the faithful CD/CS/RS table per message, berichtklasse and
 *   element, with column "Retourcode". It is the source for every CD, CS and RS code.
 * - `regels-op-berichten.md`: all rules per type (UP, OP, IV, TR, CD, CS) with columns
 *   "Omschrijving" and "Retourcode". It is the source for TR and OP codes, and the fallback for a
 *   CD/CS code the per-element table would not list.
 *
 * Restrictions (RS) are constraints on a data type (the reference: "Een constraint die een
 * formaatbeperking uitdrukt van een logisch datatype noemen we ook wel een restrictie"), so their
 * layer is CS; the XSD layer enforces them. UP and IV codes are not validation rules and are left
 * out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../paths.js';
import type { Finding } from '../findings.js';

export interface RuleInfo {
  code: string;
  layer: Exclude<Finding['layer'], 'xsd'>;
  /** The Dutch text of the rule as the table gives it (without the leading "CODE: "). */
  text: string;
  /** WJ001 retourcode, when the table gives one. */
  retourcode?: string;
  /** The "Toelichting" of regels-op-berichten.md, when there is one. */
  explanation?: string;
  /** Messages the table lists for the rule ("JW301", ..., "JW Retour"). */
  messages?: readonly string[];
}

/** Rule kinds in the catalogue: the validation layers plus RS (restrictions). */
export type RuleKind = RuleInfo['layer'] | 'RS';

export const RULES_DIR = join(REFERENCE_DIR, 'ijw-regels');

const layerOf = (code: string): RuleInfo['layer'] => (code.slice(0, 2) === 'RS' ? 'CS' : (code.slice(0, 2) as RuleInfo['layer']));

const TYPE_PREFIX: Record<string, string> = { 'Technische regel': 'TR', Conditie: 'CD', Constraint: 'CS', Bedrijfsregel: 'OP' };
const CODE = /^(TR|CD|CS|RS|OP)\d{3}(x\d+)?$/;
const RETOURCODE = /^[0-9A-Z]{4}$/;

function cells(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** "NaN" and "n.v.t." are the tables' empty cells. */
function clean(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const v = cell.replace(/\\n/g, '\n').trim();
  return v === '' || v === 'NaN' ? undefined : v;
}

function retourcode(cell: string | undefined): string | undefined {
  const v = clean(cell);
  return v && RETOURCODE.test(v) ? v : undefined;
}

function addMessages(info: RuleInfo, list: readonly string[]): void {
  const merged = new Set([...(info.messages ?? []), ...list]);
  info.messages = [...merged].sort();
}

/**
 * Reads `regels-op-berichten.md`: tables with columns Type | Prioriteit | Regelcode | Omschrijving |
 * Toelichting | XSD restrictie | Retourcode | Controleniveau | Berichttypen | Uitgewerkt in regel |
 * Uitwerking van regel. An XSD pattern may contain "|", so the first five cells are taken from the
 * left and the last five from the right.
 */
function readRulesPerMessage(file: string, into: Map<string, RuleInfo>): void {
  // One source line holds two rows (OP297 and OP298, joined by "||"): split such lines first.
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => line.split(/(?<=\|)(?=\|\s*(?:Uitgangspunt|Bedrijfsregel|Invulinstructie|Technische regel|Conditie|Constraint)\s*\|)/));
  for (const line of rows) {
    if (!line.startsWith('|')) continue;
    const c = cells(line);
    if (c.length < 11) continue;
    const [type, , code, omschrijving, toelichting] = c;
    if (!type || !code || !TYPE_PREFIX[type] || !CODE.test(code)) continue;
    const retour = c[c.length - 5];
    const berichttypen = c[c.length - 3];
    const text = (clean(omschrijving) ?? code).replace(new RegExp(`^${code}:\\s*`), '');
    const info: RuleInfo = { code, layer: layerOf(code), text };
    const rc = retourcode(retour);
    if (rc) info.retourcode = rc;
    const explanation = clean(toelichting);
    if (explanation) info.explanation = explanation;
    const messages = (clean(berichttypen) ?? '')
      .split(';')
      .map((m) => m.trim())
      .filter(Boolean);
    if (messages.length > 0) addMessages(info, messages);
    if (!into.has(code)) into.set(code, info);
  }
}

/**
 * Reads `condities-constraints.md`: Bericht | Berichtklasse | Berichtelement/Datatype | CDT-element |
 * CDT-element | Sleutelelement | Codelijst | Regelcode | Regel | Soortregel | Retourcode. A code
 * occurs on many rows; the first row gives the text, the first non-empty Retourcode the retourcode.
 */
function readConditionsConstraints(file: string, into: Map<string, RuleInfo>, fallback: Map<string, RuleInfo>): void {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('|')) continue;
    const c = cells(line);
    if (c.length !== 11) continue;
    const [bericht, , , , , , , code, regel, , retour] = c;
    if (!code || !CODE.test(code) || !/^(CD|CS|RS)/.test(code)) continue;
    let info = into.get(code);
    if (!info) {
      const other = fallback.get(code);
      info = { code, layer: layerOf(code), text: clean(regel) ?? other?.text ?? code };
      if (other?.explanation) info.explanation = other.explanation;
      into.set(code, info);
    }
    const rc = retourcode(retour);
    if (rc && !info.retourcode) info.retourcode = rc;
    if (bericht) addMessages(info, [bericht]);
  }
}

let catalogue: Map<string, RuleInfo> | undefined;

/** All rules of the reference tables by code. */
export function ruleCatalogue(dir = RULES_DIR): ReadonlyMap<string, RuleInfo> {
  if (catalogue && dir === RULES_DIR) return catalogue;
  const perMessage = new Map<string, RuleInfo>();
  readRulesPerMessage(join(dir, 'regels-op-berichten.md'), perMessage);
  const perElement = new Map<string, RuleInfo>();
  readConditionsConstraints(join(dir, 'condities-constraints.md'), perElement, perMessage);
  const all = new Map<string, RuleInfo>(perMessage);
  for (const [code, info] of perElement) all.set(code, info); // the faithful CD/CS table wins
  if (dir === RULES_DIR) catalogue = all;
  return all;
}

/** Layer, Dutch rule text and WJ001 retourcode of a rule; an unknown code gets its layer from its prefix. */
export function ruleInfo(code: string): RuleInfo {
  return ruleCatalogue().get(code) ?? { code, layer: layerOf(code), text: code };
}

/** Every code of one kind in the reference tables, sorted ("CS" lists CS codes only, "RS" the restrictions). */
export function allRuleCodes(layer: RuleKind): string[] {
  return [...ruleCatalogue().keys()].filter((c) => c.startsWith(layer)).sort();
}
