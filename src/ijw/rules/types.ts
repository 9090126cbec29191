/**
 * The rule layers above the XSD: technical rules (TR), conditions (CD) and constraints (CS) that
 * can be checked within one message, evaluated while the message streams by.
 *
 * An element rule runs when an element on its path completes (innermost first, so a Client's
 * Bsn is checked before the Client). A message rule runs once at the end with the message (minus
 * streamed elements) and with whatever the element rules gathered in `ctx.state`.
 */
import type { XmlObject, XmlValue } from '../reader.js';

export interface RuleContext {
  /** "JW301" ... */
  readonly message: string;
  /** The Header, once it has been read (it is always the first child of Bericht). */
  readonly header: XmlObject | undefined;
  /** Scratch space for rules that aggregate over elements (uniqueness, totals). Keyed by rule code. */
  readonly state: Map<string, unknown>;
  /** The calendar date the message is validated on (YYYY-MM-DD), for rules about "today". */
  readonly today: string;
  /** Reports a violation of rule `code` at `path`; layer and retourcode come from the rule catalogue. */
  report(code: string, path: string, text: string): void;
}

export interface ElementRule {
  /** Rule code, e.g. "CS002"; several rules may share a function by registering several entries. */
  code: string;
  /** Messages the rule applies to ("JW301"...); retour messages are checked like their heenbericht unless listed. */
  messages: readonly string[];
  /** Element path without indices and without the root, e.g. "Client/Bsn" or "Declaratie/Clienten/Client/Prestaties/Prestatie". */
  path: string;
  check(value: XmlValue, location: string, ctx: RuleContext): void;
}

export interface MessageRule {
  code: string;
  messages: readonly string[];
  finish(message: XmlObject, ctx: RuleContext): void;
}

/** Helpers for rule code: read optional children as strings. */
export function text(obj: XmlValue | XmlValue[] | undefined): string | undefined {
  return typeof obj === 'string' ? obj : undefined;
}
export function child(obj: XmlValue | XmlValue[] | undefined, name: string): XmlValue | XmlValue[] | undefined {
  return obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as XmlObject)[name] : undefined;
}
export function list(obj: XmlValue | XmlValue[] | undefined): XmlValue[] {
  return obj === undefined ? [] : Array.isArray(obj) ? obj : [obj];
}
