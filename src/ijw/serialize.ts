/**
 * Serializes a message value to XML in exactly the element order, namespaces and nesting of the
 * official XSD (the schema model). Values are written as given (strings); elements absent from
 * the value are omitted; values for names the schema does not know are an error.
 */
import type { XmlObject, XmlValue } from './reader.js';
import { messageSchemas } from './xsd/compile.js';
import { BASIS_NS, type ElementDecl } from './xsd/model.js';

export class SerializeError extends Error {
  override name = 'SerializeError';
}

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function escapeText(s: string, path: string): string {
  if (NOT_XML.test(s)) throw new SerializeError(`${path}: value contains a character that XML cannot represent`);
  // A carriage return would be normalised away by any XML parser: keep it as a character reference.
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function serializeMessage(code: string, message: XmlObject): string {
  const schema = messageSchemas().get(code);
  if (!schema) throw new SerializeError(`unknown message ${code}`);
  const prefix = code.toLowerCase();
  const prefixOf = (ns: string) => (ns === BASIS_NS ? 'ijw' : prefix);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];

  const write = (decl: ElementDecl, value: XmlValue, depth: number, path: string, root = false): void => {
    const tag = `${prefixOf(decl.namespace)}:${decl.name}`;
    const indent = '\t'.repeat(depth);
    const ns = root ? ` xmlns:${prefix}="${schema.namespace}" xmlns:ijw="${BASIS_NS}"` : '';
    if (decl.type.kind === 'simple') {
      if (typeof value !== 'string') throw new SerializeError(`${path}: expected a text value`);
      out.push(`${indent}<${tag}${ns}>${escapeText(value, path)}</${tag}>\n`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SerializeError(`${path}: expected an element with children`);
    const known = new Set(decl.type.sequence.map((d) => d.name));
    const unknown = Object.keys(value).filter((k) => !known.has(k) && value[k] !== undefined);
    if (unknown.length > 0) throw new SerializeError(`${path}: ${unknown.join(', ')} not in the schema of ${decl.name}`);
    out.push(`${indent}<${tag}${ns}>\n`);
    for (const child of decl.type.sequence) {
      const v = value[child.name];
      if (v === undefined) continue;
      const items = Array.isArray(v) ? v : [v];
      if (Array.isArray(v) && child.maxOccurs === 1) throw new SerializeError(`${path}/${child.name}: occurs at most once`);
      items.forEach((item, i) => write(child, item, depth + 1, `${path}/${child.name}${child.maxOccurs > 1 ? `[${i + 1}]` : ''}`));
    }
    out.push(`${indent}</${tag}>\n`);
  };

  write(schema.root, message, 0, `/${schema.root.name}`, true);
  return out.join('');
}
