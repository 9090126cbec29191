/**
 * Serializes a message value to XML in exactly the element order, namespaces and nesting of the
 * official XSD (the schema model). Values are written as given (strings); elements absent from
 * the value are omitted; values for names the schema does not know are an error.
 */
import type { XmlObject, XmlValue } from './reader.js';
import { messageSchemas } from './xsd/compile.js';
import { BASIS_NS, type ComplexType, type ElementDecl } from './xsd/model.js';

export class SerializeError extends Error {
  override name = 'SerializeError';
}

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * A value that needs neither a check of its characters nor escaping has none of these (any
 * surrogate, even a valid pair, takes the full check): most values (numbers, dates, codes).
 */
const NOT_PLAIN = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

function escapeText(s: string, path: () => string): string {
  if (!NOT_PLAIN.test(s)) return s;
  if (NOT_XML.test(s)) throw new SerializeError(`${path()}: value contains a character that XML cannot represent`);
  // A carriage return would be normalised away by any XML parser: keep it as a character reference.
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** The names of a complex type's children, made once per type (serializeMessage checks every element's keys against them). */
const childNames = new WeakMap<ComplexType, Set<string>>();
function namesOf(type: ComplexType): Set<string> {
  let names = childNames.get(type);
  if (!names) childNames.set(type, (names = new Set(type.sequence.map((d) => d.name))));
  return names;
}

/** Tabs of each depth, made once. */
const INDENTS: string[] = [''];
const indentOf = (depth: number): string => {
  for (let d = INDENTS.length; d <= depth; d++) INDENTS.push('\t'.repeat(d));
  return INDENTS[depth]!;
};

/**
 * The element's path for an error message (`/Root/Child[2]/...`), from the stack of names and
 * 1-based positions (0: an element that occurs at most once) of the elements being written. Only
 * made when there is an error.
 */
function pathOf(names: readonly string[], positions: readonly number[], depth: number): string {
  let path = '';
  for (let d = 0; d <= depth; d++) path += `/${names[d]}${positions[d]! > 0 ? `[${positions[d]}]` : ''}`;
  return path;
}

export function serializeMessage(code: string, message: XmlObject): string {
  const schema = messageSchemas().get(code);
  if (!schema) throw new SerializeError(`unknown message ${code}`);
  const prefix = code.toLowerCase();
  const prefixOf = (ns: string) => (ns === BASIS_NS ? 'ijw' : prefix);
  // The qualified name of each element declaration, made once per message.
  const tags = new Map<ElementDecl, string>();
  const tagOf = (decl: ElementDecl) => {
    let tag = tags.get(decl);
    if (tag === undefined) tags.set(decl, (tag = `${prefixOf(decl.namespace)}:${decl.name}`));
    return tag;
  };
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  // The path of the element being written, as names and positions per depth (pathOf).
  const names: string[] = [];
  const positions: number[] = [];

  const write = (decl: ElementDecl, value: XmlValue, depth: number, root = false): void => {
    const tag = tagOf(decl);
    const indent = indentOf(depth);
    const path = () => pathOf(names, positions, depth);
    if (decl.type.kind === 'simple') {
      if (typeof value !== 'string') throw new SerializeError(`${path()}: expected a text value`);
      out.push(indent, '<', tag, root ? ` xmlns:${prefix}="${schema.namespace}" xmlns:ijw="${BASIS_NS}"` : '', '>', escapeText(value, path), '</', tag, '>\n');
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SerializeError(`${path()}: expected an element with children`);
    const known = namesOf(decl.type);
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k) || known.has(k) || value[k] === undefined) continue;
      const unknown = Object.keys(value).filter((key) => !known.has(key) && value[key] !== undefined);
      throw new SerializeError(`${path()}: ${unknown.join(', ')} not in the schema of ${decl.name}`);
    }
    out.push(indent, '<', tag, root ? ` xmlns:${prefix}="${schema.namespace}" xmlns:ijw="${BASIS_NS}"` : '', '>\n');
    for (const child of decl.type.sequence) {
      const v = value[child.name];
      if (v === undefined) continue;
      names[depth + 1] = child.name;
      if (!Array.isArray(v)) {
        positions[depth + 1] = child.maxOccurs > 1 ? 1 : 0;
        write(child, v, depth + 1);
        continue;
      }
      if (child.maxOccurs === 1) {
        positions[depth + 1] = 0;
        throw new SerializeError(`${pathOf(names, positions, depth + 1)}: occurs at most once`);
      }
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) continue;
        positions[depth + 1] = i + 1;
        write(child, v[i]!, depth + 1);
      }
    }
    out.push(indent, '</', tag, '>\n');
  };

  names[0] = schema.root.name;
  positions[0] = 0;
  write(schema.root, message, 0, true);
  return out.join('');
}
