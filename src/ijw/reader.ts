/**
 * Streaming reader and XSD-level validator of iJw 3.2 messages.
 *
 * Bytes go in chunk by chunk; the reader checks size, UTF-8, depth, DTDs and namespaces (the
 * hardening layer: any failure makes the input "unusable"), then validates element order,
 * cardinality and simple-type facets against the schema model compiled from the official XSDs.
 * Completed elements are handed to `onElement` (where the rule layers run); elements on a
 * `stream` path are dropped afterwards so a declaration with 100,000 lines never sits in memory
 * as a whole.
 */
import { XmlScanner, type XmlTag } from './xml-scanner.js';
import { messageSchemaByNamespace } from './xsd/compile.js';
import { checkSimpleValue, collapse } from './xsd/simple-value.js';
import type { ComplexType, ElementDecl, MessageSchema, SimpleType } from './xsd/model.js';
import type { Finding } from './findings.js';

/** A parsed element: simple values are strings; repeatable children are arrays. */
export type XmlValue = string | XmlObject;
export interface XmlObject {
  [name: string]: XmlValue | XmlValue[] | undefined;
}

export interface ReaderLimits {
  maxBytes: number;
  maxDepth: number;
  /** Longest text of one element; longer values are refused before any pattern runs. */
  maxTextLength: number;
}

export const DEFAULT_LIMITS: ReaderLimits = { maxBytes: 256 * 1024 * 1024, maxDepth: 24, maxTextLength: 10_000 };

export class UnusableInput extends Error {
  constructor(
    readonly reason: 'too-large' | 'not-utf8' | 'not-xml' | 'dtd' | 'too-deep' | 'unknown-message' | 'encoding' | 'empty',
    message: string,
  ) {
    super(message);
    this.name = 'UnusableInput';
  }
}

export interface ElementEvent {
  /** Element path without indices, e.g. "Bericht/Client/Toewijzing". */
  path: string;
  /** Path with 1-based indices on repeatable elements, e.g. "/Bericht/Client/Toewijzing[2]". */
  location: string;
  value: XmlValue;
  decl: ElementDecl;
  /** True when the element itself and everything inside it passed the XSD layer. */
  valid: boolean;
}

export interface ReadOptions {
  limits?: Partial<ReaderLimits>;
  /** Called for every completed element, innermost first. */
  onElement?: (e: ElementEvent) => void;
  /** Element paths (without indices) that are dropped from their parent after `onElement`. */
  stream?: ReadonlySet<string>;
  /** Called once the root element identified the message type. */
  onMessage?: (schema: MessageSchema) => void;
}

export interface ReadResult {
  schema: MessageSchema;
  /** The message as parsed (elements on `stream` paths removed). */
  message: XmlObject;
  findings: Finding[];
}

/**
 * One element path of a message (without indices), made once per path and reused for every
 * element on it: its string is the same object each time (so map look-ups by path hash once), and
 * whether it is streamed is decided once.
 */
interface PathNode {
  path: string;
  streamed: boolean;
  children: Map<ElementDecl, PathNode>;
  /**
   * Simple values on this path already found valid, as read -> as passed on (collapsed): a value
   * that recurs (a date, a code, an amount) is not checked again. Dropped when the values on the
   * path rarely recur (reference numbers, BSNs), so it only costs where it pays.
   */
  values: Map<string, string> | null;
  lookups: number;
  hits: number;
}

/** Valid values remembered per path at most. */
const MAX_REMEMBERED_VALUES = 256;
/** After this many values, a path whose values recurred less than half of the time stops remembering. */
const REMEMBER_TRIAL = 512;

const pathNode = (path: string, streamed: boolean): PathNode => ({ path, streamed, children: new Map(), values: new Map(), lookups: 0, hits: 0 });

/** "/Bericht/Client/Toewijzing[2]": made once per element, from the parent's, when first needed. */
function locationOf(frame: Frame): string {
  if (frame.loc === null) {
    const parent = locationOf(frame.parent!);
    frame.loc = frame.index > 0 ? `${parent}/${frame.decl.name}[${frame.index}]` : `${parent}/${frame.decl.name}`;
  }
  return frame.loc;
}

/**
 * An open element; once it is complete, the same object is the event handed to `onElement` (one
 * object per element), whose location is only made when asked for.
 */
class Frame implements ElementEvent {
  /** Position in the parent's sequence and how often the current particle occurred. */
  seqIndex = 0;
  seqCount = 0;
  /** How often each particle of the sequence occurred (by index), made on the first child. */
  counts: number[] | null = null;
  /** The children read so far (complex types). */
  obj: XmlObject | null;
  text = '';
  valid = true;
  /** Unknown element: its subtree is skipped. */
  skip = false;
  /** The element's value once complete. */
  result: XmlValue = '';

  constructor(
    readonly decl: ElementDecl,
    readonly type: ComplexType | null,
    readonly node: PathNode,
    readonly parent: Frame | null,
    /** The position among the parent's elements of this name when it may repeat (1-based), else 0. */
    readonly index: number,
    /** Made from the parent's location when first needed (findings, rules, observers). */
    public loc: string | null,
  ) {
    this.obj = type ? {} : null;
  }

  get path(): string {
    return this.node.path;
  }

  get location(): string {
    return locationOf(this);
  }

  get value(): XmlValue {
    return this.result;
  }
}

const MAX_FINDINGS = 1000;

export class MessageReader {
  private readonly limits: ReaderLimits;
  private readonly parser: XmlScanner;
  // ignoreBOM: the BOM is passed on and the scanner skips exactly one; a second one is an error.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly stack: Frame[] = [];
  private readonly findings: Finding[] = [];
  private bytes = 0;
  private fatal: UnusableInput | undefined;
  private schema: MessageSchema | undefined;
  private root: XmlObject | undefined;
  private sawRoot = false;
  /** The first bytes as Latin-1, to name a declared non-UTF-8 encoding whatever the chunking. */
  private head = '';

  constructor(private readonly opts: ReadOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    // The XML declaration is checked when the root opens (parser.xmlDecl).
    this.parser = new XmlScanner({
      open: (tag) => this.open(tag),
      text: (t, blank) => this.text(t, blank),
      close: () => this.close(),
      doctype: () => this.fail(new UnusableInput('dtd', 'een DOCTYPE (DTD) is niet toegestaan in iJw-berichten; entiteiten worden nooit uitgevouwen')),
    });
  }

  private fail(e: UnusableInput): never {
    this.fatal ??= e;
    throw this.fatal;
  }

  private finding(f: Omit<Finding, 'layer'> & { layer?: Finding['layer'] }): void {
    if (this.findings.length < MAX_FINDINGS) this.findings.push({ layer: 'xsd', ...f });
  }

  private failDecoding(): never {
    const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(this.head)?.[1];
    if (declared && !/^utf-?8$/i.test(declared))
      this.fail(new UnusableInput('encoding', `tekencodering "${declared}" is niet toegestaan: iJw-berichten zijn UTF-8`));
    this.fail(new UnusableInput('not-utf8', `ongeldige UTF-8 in de eerste ${this.bytes} bytes`));
  }

  /** The message type, once the root element identified it. */
  get messageCode(): string | null {
    return this.schema?.code ?? null;
  }

  /** The XSD-layer findings so far (for observers while streaming). */
  findingsSoFar(): readonly Finding[] {
    return this.findings;
  }

  /** Feeds the next chunk of bytes. Throws UnusableInput when the input cannot be used. */
  write(chunk: Uint8Array): void {
    if (this.fatal) throw this.fatal;
    this.bytes += chunk.byteLength;
    if (this.bytes > this.limits.maxBytes) this.fail(new UnusableInput('too-large', `het bericht is groter dan de grens van ${this.limits.maxBytes} bytes`));
    if (this.head.length < 256) this.head += String.fromCharCode(...chunk.subarray(0, 256 - this.head.length));
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.failDecoding();
    }
    try {
      this.parser.write(text);
    } catch (e) {
      if (e instanceof UnusableInput) throw e;
      this.fail(new UnusableInput('not-xml', `geen welgevormde XML: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  /** Ends the input and returns the verdict of the XSD layer. */
  end(): ReadResult {
    if (this.fatal) throw this.fatal;
    try {
      this.decoder.decode();
    } catch {
      this.failDecoding();
    }
    if (!this.sawRoot) this.fail(new UnusableInput('empty', 'geen XML-element gevonden'));
    try {
      this.parser.close();
    } catch (e) {
      if (e instanceof UnusableInput) throw e;
      this.fail(new UnusableInput('not-xml', `geen welgevormde XML: ${e instanceof Error ? e.message : String(e)}`));
    }
    if (!this.sawRoot || !this.schema || !this.root) this.fail(new UnusableInput('empty', 'geen XML-element gevonden'));
    return { schema: this.schema, message: this.root, findings: this.findings };
  }

  private open(tag: XmlTag): void {
    if (this.stack.length >= this.limits.maxDepth) this.fail(new UnusableInput('too-deep', `elementen zijn dieper genest dan ${this.limits.maxDepth} niveaus`));
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (this.sawRoot) this.fail(new UnusableInput('not-xml', 'meer dan één root-element'));
      this.sawRoot = true;
      this.openRoot(tag);
      return;
    }
    if (parent.skip || !parent.type) {
      if (!parent.skip && !parent.type) {
        this.finding({
          code: 'XSD',
          path: locationOf(parent),
          text: `element ${parent.decl.name} heeft een enkelvoudig type en mag geen element ${tag.local} bevatten`,
        });
        parent.valid = false;
      }
      this.stack.push(this.skipFrame(tag, parent));
      return;
    }
    const at = this.advance(parent, tag);
    if (at < 0) {
      parent.valid = false;
      this.stack.push(this.skipFrame(tag, parent));
      return;
    }
    const decl = parent.type.sequence[at]!;
    const counts = (parent.counts ??= new Array<number>(parent.type.sequence.length).fill(0));
    const n = ++counts[at]!;
    const frame = this.frame(decl, this.child(parent.node, decl), parent, decl.maxOccurs > 1 ? n : 0, null);
    this.stack.push(frame);
    if (tag.attributes.length) this.checkAttributes(tag, locationOf(frame));
  }

  private checkEncoding(): void {
    const encoding = this.parser.xmlDecl?.encoding;
    if (encoding && !/^utf-?8$/i.test(encoding))
      this.fail(new UnusableInput('encoding', `tekencodering "${encoding}" is niet toegestaan: iJw-berichten zijn UTF-8`));
  }

  private openRoot(tag: XmlTag): void {
    this.checkEncoding();
    const schema = messageSchemaByNamespace(tag.uri);
    if (!schema) {
      const known = /^http:\/\/www\.istandaarden\.nl\/ijw\/3_2\//.test(tag.uri) ? 'een onbekend iJw 3.2-bericht' : 'geen namespace van een iJw 3.2-bericht';
      this.fail(new UnusableInput('unknown-message', `root-element {${tag.uri || 'geen namespace'}}${tag.local}: ${known}`));
    }
    if (tag.local !== schema.root.name)
      this.fail(new UnusableInput('unknown-message', `het root-element moet ${schema.root.name} zijn, gevonden: ${tag.local}`));
    this.schema = schema;
    this.opts.onMessage?.(schema);
    this.stack.push(this.frame(schema.root, pathNode(schema.root.name, false), null, 0, `/${schema.root.name}`));
    this.checkAttributes(tag, `/${schema.root.name}`);
  }

  private checkAttributes(tag: XmlTag, location: string): void {
    for (const a of tag.attributes) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      // Only the schema-location hints of XML Schema instance are allowed (not xsi:nil or xsi:type).
      if (a.uri === 'http://www.w3.org/2001/XMLSchema-instance' && (a.local === 'schemaLocation' || a.local === 'noNamespaceSchemaLocation')) continue;
      this.finding({ code: 'XSD', path: location, text: `attribuut ${a.name} is niet toegestaan` });
      this.stack[this.stack.length - 1]!.valid = false;
    }
  }

  private frame(decl: ElementDecl, node: PathNode, parent: Frame | null, index: number, location: string | null): Frame {
    const type = decl.type.kind === 'complex' ? decl.type : null;
    return new Frame(decl, type, node, parent, index, location);
  }

  /** The path node of `decl` below `parent` (made on first use). */
  private child(parent: PathNode, decl: ElementDecl): PathNode {
    let node = parent.children.get(decl);
    if (!node) {
      const path = `${parent.path}/${decl.name}`;
      node = pathNode(path, this.opts.stream?.has(path) ?? false);
      parent.children.set(decl, node);
    }
    return node;
  }

  private skipFrame(tag: XmlTag, parent: Frame): Frame {
    const decl: ElementDecl = { name: tag.local, namespace: tag.uri, minOccurs: 0, maxOccurs: 1, type: { kind: 'complex', name: '#skip', sequence: [] } };
    const frame = this.frame(decl, pathNode(`${parent.node.path}/${tag.local}`, false), parent, 0, null);
    frame.skip = true;
    frame.obj = null;
    return frame;
  }

  /**
   * Moves through the parent's sequence to the particle matching `tag` and returns its index;
   * reports what is missing or out of place (and returns -1).
   */
  private advance(parent: Frame, tag: XmlTag): number {
    const seq = parent.type!.sequence;
    const local = tag.local;
    const uri = tag.uri;
    const current = seq[parent.seqIndex];
    if (current && current.name === local && current.namespace === uri && parent.seqCount < current.maxOccurs) {
      parent.seqCount++;
      return parent.seqIndex;
    }
    // Look ahead: the element may be a later particle after optional ones.
    for (let i = parent.seqIndex + (parent.seqCount > 0 ? 1 : 0); i < seq.length; i++) {
      const d = seq[i]!;
      if (d.name !== local || d.namespace !== uri) continue;
      for (let j = parent.seqIndex; j < i; j++) {
        const count = j === parent.seqIndex ? parent.seqCount : 0;
        if (count < seq[j]!.minOccurs) this.missing(parent, seq[j]!);
      }
      parent.seqIndex = i;
      parent.seqCount = 1;
      return i;
    }
    const known = seq.findIndex((d) => d.name === local && d.namespace === uri);
    const where = `${locationOf(parent)}/${local}`;
    if (known >= 0) {
      const decl = seq[known]!;
      this.finding({
        code: 'XSD',
        path: where,
        text:
          (parent.counts?.[known] ?? 0) >= decl.maxOccurs
            ? `element ${local} komt vaker dan ${decl.maxOccurs} keer voor`
            : `element ${local} staat niet op zijn plaats in ${parent.decl.name}`,
      });
    } else {
      this.finding({
        code: 'XSD',
        path: where,
        text: `element {${uri}}${local} is niet toegestaan in ${parent.decl.name}${seq.some((d) => d.name === local) ? ' (verkeerde namespace)' : ''}`,
      });
    }
    return -1;
  }

  private missing(frame: Frame, decl: ElementDecl): void {
    frame.valid = false;
    this.finding({ code: 'XSD', path: `${locationOf(frame)}/${decl.name}`, text: `verplicht element ${decl.name} ontbreekt in ${frame.decl.name}` });
  }

  private text(t: string, blank: boolean): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame || frame.skip) return;
    if (frame.type) {
      if (!blank) {
        frame.valid = false;
        this.finding({ code: 'XSD', path: locationOf(frame), text: `element ${frame.decl.name} mag geen tekst bevatten` });
      }
      return;
    }
    if (frame.text.length + t.length > this.limits.maxTextLength) {
      frame.valid = false;
      if (frame.text.length <= this.limits.maxTextLength)
        this.finding({ code: 'XSD', path: locationOf(frame), text: `de waarde is langer dan ${this.limits.maxTextLength} tekens` });
      frame.text = (frame.text + t).slice(0, this.limits.maxTextLength + 1);
      return;
    }
    frame.text += t;
  }

  /** The value of a simple element as passed on (collapsed unless a string); a problem becomes a finding. */
  private simpleValue(frame: Frame, type: SimpleType): string {
    const text = frame.text;
    const node = frame.node;
    const values = node.values;
    if (values !== null) {
      const known = values.get(text);
      node.lookups++;
      if (known !== undefined) {
        node.hits++;
        return known;
      }
      if (node.lookups === REMEMBER_TRIAL && node.hits * 2 < REMEMBER_TRIAL) node.values = null;
    }
    const problem = checkSimpleValue(type, text);
    if (problem) {
      frame.valid = false;
      this.finding({ code: 'XSD', path: locationOf(frame), text: `${frame.decl.name}: ${problem}` });
      return text;
    }
    const value = type.facets.base !== 'string' ? collapse(text) : text; // whitespace collapses for integer, date and time
    if (node.values !== null && node.values.size < MAX_REMEMBERED_VALUES) node.values.set(text, value);
    return value;
  }

  private close(): void {
    const frame = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    if (frame.skip) return;
    let value: XmlValue;
    if (frame.type) {
      const seq = frame.type.sequence;
      for (let j = frame.seqIndex; j < seq.length; j++) {
        const count = j === frame.seqIndex ? frame.seqCount : 0;
        if (count < seq[j]!.minOccurs) this.missing(frame, seq[j]!);
      }
      value = frame.obj!;
    } else {
      value = frame.text;
      if (frame.text.length <= this.limits.maxTextLength && frame.decl.type.kind === 'simple') value = this.simpleValue(frame, frame.decl.type);
    }
    frame.result = value;
    this.opts.onElement?.(frame);
    if (parent) {
      if (!frame.valid) parent.valid = false;
      if (frame.node.streamed) return;
      const obj = parent.obj!;
      if (frame.decl.maxOccurs > 1) ((obj[frame.decl.name] ??= []) as XmlValue[]).push(value);
      else obj[frame.decl.name] = value;
    } else {
      this.root = value as XmlObject;
    }
  }
}

/** Reads a whole message held in memory. Throws UnusableInput for unusable input. */
export function readMessage(input: Uint8Array | string, opts: ReadOptions = {}): ReadResult {
  const reader = new MessageReader(opts);
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const CHUNK = 1 << 16;
  for (let i = 0; i < bytes.byteLength; i += CHUNK) reader.write(bytes.subarray(i, i + CHUNK));
  return reader.end();
}

/** Reads a message from a stream of byte chunks (file, HTTP body) without holding it whole. */
export async function readMessageStream(chunks: AsyncIterable<Uint8Array>, opts: ReadOptions = {}): Promise<ReadResult> {
  const reader = new MessageReader(opts);
  for await (const chunk of chunks) reader.write(chunk);
  return reader.end();
}

/**
 * Reads only as far as the Header of a message (cheap, also for a 100,000-line declaration):
 * returns the message code and the Header, or throws UnusableInput.
 */
export function peekHeader(input: Uint8Array): { code: string; header: XmlObject | undefined } {
  const STOP = Symbol('header read');
  let header: XmlObject | undefined;
  const reader = new MessageReader({
    onElement: (e) => {
      if (e.path === 'Bericht/Header') {
        header = e.value as XmlObject;
        throw STOP;
      }
    },
  });
  try {
    for (let i = 0; i < input.byteLength; i += 1 << 16) reader.write(input.subarray(i, i + (1 << 16)));
    reader.end();
  } catch (e) {
    if (e !== STOP && !(e instanceof UnusableInput && header)) throw e;
  }
  const code = reader.messageCode;
  if (!code) throw new UnusableInput('empty', 'geen iJw-bericht gevonden');
  return { code, header };
}
