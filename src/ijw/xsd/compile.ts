/**
 * Compiles the official iJw 3.2 XSD files into the schema model (model.ts). Reads each file once,
 * and a message's XSD only when that message is needed (`messageSchema`, `messageSchemaByNamespace`);
 * the basisschema once for all. Everything compiled shares one compiler, so a type is one object.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../paths.js';
import { XmlScanner, interned } from '../xml-scanner.js';
import { BASIS_NS, type ComplexType, type ElementDecl, type Facets, type MessageSchema, type SimpleType } from './model.js';

const XS = 'http://www.w3.org/2001/XMLSchema';
export const XSD_DIR = join(REFERENCE_DIR, 'ijw-xsd');

interface XNode {
  local: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Prefix -> namespace in scope, to resolve QName attribute values such as type="ijw:LDT_Datum". */
  ns: Record<string, string>;
}

function readXsd(file: string): XNode {
  const stack: XNode[] = [];
  let root: XNode | undefined;
  // The project's own namespace-aware scanner (src/ijw/xml-scanner.ts) reads the schema files too.
  const parser = new XmlScanner({
    open: (tag) => {
      if (tag.uri !== XS) {
        // Annotations carry appinfo in the iJw namespace; keep them out of the model.
        stack.push({ local: '#ignored', attrs: {}, children: [], ns: {} });
        return;
      }
      const parentNs = stack.at(-1)?.ns ?? {};
      const ns = { ...parentNs };
      const attrs: Record<string, string> = {};
      for (const a of tag.attributes) {
        if (a.prefix === 'xmlns') ns[a.local] = a.value;
        else if (a.name === 'xmlns') ns[''] = a.value;
        else attrs[a.local] = a.value;
      }
      const node: XNode = { local: tag.local, attrs, children: [], ns };
      stack.at(-1)?.children.push(node);
      stack.push(node);
      root ??= node;
    },
    text: () => undefined,
    close: () => void stack.pop(),
    doctype: () => {
      throw new Error(`${file}: DOCTYPE`);
    },
  });
  parser.write(readFileSync(file, 'utf8'));
  parser.close();
  if (!root || root.local !== 'schema') throw new Error(`${file}: not an XML Schema`);
  return root;
}

/**
 * XSD regular expressions are anchored and have their own meaning of `\s` (only the four XML
 * whitespace characters), `\S` and `.` (anything but newline and carriage return); translate
 * them to an anchored JS regex with exactly those meanings.
 */
export function xsdRegex(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      i++;
      if (n === 's') out += inClass ? ' \\t\\n\\r' : '[ \\t\\n\\r]';
      else if (n === 'S') {
        if (inClass) throw new Error(`pattern ${pattern}: \\S inside a character class is not supported`);
        out += '[^ \\t\\n\\r]';
      } else out += `\\${n}`;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ']') {
      inClass = false;
      out += c;
    } else if (c === '.' && !inClass) out += '[^\\n\\r]';
    else out += c;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

const qname = (node: XNode, value: string): { ns: string; local: string } => {
  const [prefix, local] = value.includes(':') ? value.split(':') : ['', value];
  const ns = node.ns[prefix!];
  if (ns === undefined) throw new Error(`unknown prefix in "${value}"`);
  return { ns, local: local! };
};

const BUILTIN: Record<string, Facets['base']> = { string: 'string', integer: 'integer', date: 'date', time: 'time' };

class Compiler {
  private readonly schemas = new Map<string, XNode>();
  private readonly simpleCache = new Map<string, SimpleType>();
  private readonly complexCache = new Map<string, ComplexType>();

  add(schema: XNode): void {
    const tns = schema.attrs.targetNamespace;
    if (!tns) throw new Error('schema without targetNamespace');
    if (schema.attrs.elementFormDefault !== 'qualified') throw new Error(`${tns}: only elementFormDefault="qualified" is supported`);
    this.schemas.set(tns, schema);
  }

  private named(ns: string, kind: 'simpleType' | 'complexType', local: string): XNode {
    const schema = this.schemas.get(ns);
    const node = schema?.children.find((c) => c.local === kind && c.attrs.name === local);
    if (!node) throw new Error(`${kind} {${ns}}${local} not found`);
    return node;
  }

  simpleType(node: XNode, name: string): SimpleType {
    const restriction = node.children.find((c) => c.local === 'restriction');
    const unsupported = node.children.find((c) => c.local !== 'restriction' && c.local !== 'annotation');
    if (!restriction || unsupported) throw new Error(`simpleType ${name}: only xs:restriction is supported`);
    const base = qname(restriction, restriction.attrs.base!);
    let facets: Facets;
    if (base.ns === XS) {
      const b = BUILTIN[base.local];
      if (!b) throw new Error(`simpleType ${name}: unsupported builtin base xs:${base.local}`);
      facets = { base: b, patterns: [] };
    } else {
      const parent = this.namedSimple(base.ns, base.local);
      facets = { ...parent.facets, patterns: [...parent.facets.patterns] };
    }
    const step: Facets['patterns'][number] = [];
    const enums: string[] = [];
    for (const f of restriction.children) {
      const v = f.attrs.value;
      switch (f.local) {
        case 'annotation':
          break;
        case 'pattern':
          step.push({ source: v!, regex: xsdRegex(v!) });
          break;
        case 'enumeration':
          enums.push(v!);
          break;
        case 'minLength':
          facets.minLength = Math.max(facets.minLength ?? 0, Number(v));
          break;
        case 'maxLength':
          facets.maxLength = Math.min(facets.maxLength ?? Infinity, Number(v));
          break;
        case 'minInclusive':
          facets.minInclusive = BigInt(v!);
          break;
        case 'maxInclusive':
          facets.maxInclusive = BigInt(v!);
          break;
        default:
          throw new Error(`simpleType ${name}: unsupported facet xs:${f.local}`);
      }
    }
    if (step.length > 0) facets.patterns.push(step);
    if (enums.length > 0) facets.enumeration = facets.enumeration ? new Set(enums.filter((e) => facets.enumeration!.has(e))) : new Set(enums);
    return { kind: 'simple', name, facets };
  }

  namedSimple(ns: string, local: string): SimpleType {
    const key = `{${ns}}${local}`;
    let t = this.simpleCache.get(key);
    if (!t) {
      t = this.simpleType(this.named(ns, 'simpleType', local), local);
      this.simpleCache.set(key, t);
    }
    return t;
  }

  namedComplex(ns: string, local: string): ComplexType {
    const key = `{${ns}}${local}`;
    let t = this.complexCache.get(key);
    if (!t) {
      t = { kind: 'complex', name: local, sequence: [] };
      this.complexCache.set(key, t); // before filling: recursion-safe
      this.fillComplex(t, this.named(ns, 'complexType', local), ns);
    }
    return t;
  }

  private fillComplex(t: ComplexType, node: XNode, tns: string): void {
    const parts = node.children.filter((c) => c.local !== 'annotation');
    if (parts.length !== 1 || parts[0]!.local !== 'sequence') throw new Error(`complexType ${t.name}: only a single xs:sequence is supported`);
    for (const el of parts[0]!.children) {
      if (el.local === 'annotation') continue;
      if (el.local !== 'element') throw new Error(`complexType ${t.name}: unsupported particle xs:${el.local}`);
      t.sequence.push(this.element(el, tns));
    }
  }

  element(el: XNode, tns: string): ElementDecl {
    const name = el.attrs.name;
    if (!name || el.attrs.ref) throw new Error('only named local elements are supported');
    const max = el.attrs.maxOccurs ?? '1';
    let type: SimpleType | ComplexType;
    if (el.attrs.type) {
      const q = qname(el, el.attrs.type);
      if (q.ns === XS) {
        const b = BUILTIN[q.local];
        if (!b) throw new Error(`element ${name}: unsupported builtin type xs:${q.local}`);
        type = { kind: 'simple', name: `xs:${q.local}`, facets: { base: b, patterns: [] } };
      } else {
        const schema = this.schemas.get(q.ns);
        const isComplex = schema?.children.some((c) => c.local === 'complexType' && c.attrs.name === q.local);
        type = isComplex ? this.namedComplex(q.ns, q.local) : this.namedSimple(q.ns, q.local);
      }
    } else {
      const inline = el.children.find((c) => c.local === 'simpleType' || c.local === 'complexType');
      if (!inline) throw new Error(`element ${name}: no type`);
      if (inline.local === 'simpleType') type = this.simpleType(inline, name);
      else {
        const t: ComplexType = { kind: 'complex', name, sequence: [] };
        this.fillComplex(t, inline, tns);
        type = t;
      }
    }
    return {
      name: interned(name),
      namespace: interned(tns),
      minOccurs: Number(el.attrs.minOccurs ?? '1'),
      maxOccurs: max === 'unbounded' ? Infinity : Number(max),
      type,
    };
  }
}

/** The compiler and the messages compiled so far, per XSD folder. */
interface Compiled {
  compiler: Compiler;
  codes: string[];
  schemas: Map<string, MessageSchema>;
  all: Map<string, MessageSchema> | undefined;
}
const compiledByDir = new Map<string, Compiled>();

function compiledFor(dir: string): Compiled {
  let c = compiledByDir.get(dir);
  if (!c) {
    const compiler = new Compiler();
    compiler.add(readXsd(join(dir, 'basisschema.xsd')));
    const codes = readdirSync(dir)
      .filter((f) => /^JW\d{3}\.xsd$/.test(f))
      .sort()
      .map((f) => f.replace('.xsd', ''));
    c = { compiler, codes, schemas: new Map(), all: undefined };
    // Only the official folder is kept; another folder (tests) is compiled afresh each time.
    if (dir === XSD_DIR) compiledByDir.set(dir, c);
  }
  return c;
}

function compileMessage(c: Compiled, dir: string, code: string): MessageSchema {
  let out = c.schemas.get(code);
  if (out) return out;
  const file = `${code}.xsd`;
  const schema = readXsd(join(dir, file));
  c.compiler.add(schema);
  const tns = schema.attrs.targetNamespace!;
  const rootEl = schema.children.find((n) => n.local === 'element');
  if (!rootEl) throw new Error(`${file}: no root element`);
  const root = c.compiler.element(rootEl, tns);
  const header = (root.type as ComplexType).sequence.find((e) => e.name === 'Header')?.type as ComplexType | undefined;
  const berichtCodeType = header?.sequence.find((e) => e.name === 'BerichtCode')?.type as SimpleType | undefined;
  const fixed = berichtCodeType?.facets.patterns.at(-1)?.[0]?.source;
  if (!fixed) throw new Error(`${file}: no fixed BerichtCode`);
  out = { code, namespace: tns, root, berichtCode: fixed };
  c.schemas.set(code, out);
  return out;
}

/** All message schemas by code ("JW301" ... "JW325"). */
export function messageSchemas(dir = XSD_DIR): Map<string, MessageSchema> {
  const c = compiledFor(dir);
  if (c.all) return c.all;
  const out = new Map<string, MessageSchema>();
  for (const code of c.codes) out.set(code, compileMessage(c, dir, code));
  if (dir === XSD_DIR) c.all = out;
  return out;
}

/** The schema of one message ("JW323"), compiling only its XSD (and the basisschema); undefined for an unknown code. */
export function messageSchema(code: string, dir = XSD_DIR): MessageSchema | undefined {
  const c = compiledFor(dir);
  return c.codes.includes(code) ? compileMessage(c, dir, code) : undefined;
}

/**
 * The message schema whose target namespace is `namespace`, or undefined. The message whose XSD
 * is named after the namespace (…/3_2/jw323/schema -> JW323.xsd) is compiled first; only when that
 * one does not declare the namespace are all messages compiled and searched.
 */
export function messageSchemaByNamespace(namespace: string, dir = XSD_DIR): MessageSchema | undefined {
  const guess = /^http:\/\/www\.istandaarden\.nl\/ijw\/3_2\/(jw\d{3})\/schema$/.exec(namespace)?.[1]?.toUpperCase();
  const likely = guess ? messageSchema(guess, dir) : undefined;
  if (likely?.namespace === namespace) return likely;
  return [...messageSchemas(dir).values()].find((s) => s.namespace === namespace);
}

export { BASIS_NS };
