/**
 * A streaming, namespace-aware XML 1.0 scanner for iJw messages, with the well-formedness checks
 * the reader relies on (what saxes did before, about three times faster on a large declaration).
 *
 * It takes decoded text chunk by chunk and reports start tags (with resolved namespaces), text
 * (character data and CDATA, references decoded, line ends normalised) and end tags. Everything
 * that is not well-formed XML 1.0 with namespaces throws XmlSyntaxError: mismatched or unclosed
 * tags, bad names, duplicate or unquoted attributes, `<` in an attribute value, undefined entity
 * references (there is no DTD, so only the five predefined entities and character references
 * exist), characters outside the XML Char production, `]]>` in text, `--` in a comment, a
 * misplaced XML declaration, reserved PI targets, text outside the root element, more than one
 * root, unbound prefixes and the namespace constraints on `xml`/`xmlns`.
 * A DOCTYPE is reported to `doctype()` (the reader refuses it) and never parsed, so no entity is
 * ever declared or expanded.
 *
 * One markup token (a tag, comment, PI or CDATA section) may be at most `MAX_TOKEN` characters;
 * longer text is passed on in pieces.
 */

export interface XmlAttribute {
  /** As written, e.g. "xsi:schemaLocation". */
  name: string;
  prefix: string;
  local: string;
  uri: string;
  value: string;
}

export interface XmlTag {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attributes: readonly XmlAttribute[];
}

export interface XmlHandlers {
  /** The tag object may be shared between elements with the same name and namespaces in scope: read it, do not keep or change it. */
  open(tag: XmlTag): void;
  /** `blank`: the text is only XML white space (space, tab, line feed) after line-end normalisation and references. */
  text(text: string, blank: boolean): void;
  close(): void;
  /** A DOCTYPE before the root element; expected to throw. */
  doctype(): void;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** Longest markup token (tag, comment, PI, CDATA section) held while waiting for its end. */
const MAX_TOKEN = 1 << 20;
/** Longest reference kept while waiting for its `;` (`&#x10FFFF;` with room for leading zeros). */
const MAX_REFERENCE = 64;
/** Text without a `<` is passed on once this much is pending. */
const TEXT_FLUSH = 1 << 16;

/** ASCII name characters: 1 = may start a name (NameStartChar), 2 = only inside (NameChar). */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}
// XML 1.0 (fifth edition) NameStartChar and NameChar beyond ASCII; astral planes as surrogate pairs.
const NAME_START_NON_ASCII =
  /^(?:[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]|[\uD800-\uDB7F][\uDC00-\uDFFF])$/;
// The class lists the combining marks U+0300-U+036F as XML's NameChar allows them: range ends, not a combined character.
// eslint-disable-next-line no-misleading-character-class
const NAME_NON_ASCII = /^(?:[\u00B7\u0300-\u036F\u203F-\u2040])$/;
/** Characters outside XML's Char production (lone surrogates cannot occur after strict UTF-8 decoding). */
const BAD_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const WS_ONLY = /^[ \t\r\n]*$/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

/**
 * A tag name seen before, so that the usual start tag (a known name without attributes) costs no
 * string or object: found by length and last character and compared in place, with its tag
 * resolved once per set of namespace bindings in scope.
 */
interface KnownName {
  name: string;
  prefix: string;
  local: string;
  /** The bindings `tag` was resolved against. */
  ns: Map<string, string> | null;
  tag: XmlTag | null;
  next: KnownName | null;
  /** The name of the start tag that followed this element's start tag last time, and its end tag. */
  afterOpen: KnownName | null;
  afterClose: KnownName | null;
}
const NAME_BUCKETS = 32 * 128;
/** At most this many names are remembered (a hostile document cannot grow the table). */
const MAX_KNOWN_NAMES = 512;
/** White-space runs up to this length are kept per length and reused when they recur (indentation). */
const MAX_BLANK = 64;

/** A copy of `s` that does not keep the chunk it was sliced from alive. */
const detached = (s: string) => (s.length < 13 ? s : [...s].join(''));

/**
 * The engine's unique copy of `s` (property keys are kept once per content): names and namespaces
 * made this way compare by reference with the schema model's, which are made the same way, instead
 * of character by character (an integer-like key comes back as an equal copy).
 */
export function interned(s: string): string {
  for (const key in { [s]: 0 }) return key;
  return s;
}

/** Whether `s` holds `word` at position `at`. */
function sameAt(s: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (s.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

function legalCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export class XmlScanner {
  private buf = '';
  /** Characters consumed before `buf` (for positions in messages). */
  private consumed = 0;
  /** 0 before the root element, 1 inside it, 2 after it. */
  private phase = 0;
  private atStart = true;
  /** Open elements' names as written, and the namespace bindings in scope at each (prototype chain to the parent's). */
  private readonly stack: string[] = [];
  private readonly scopes: Map<string, string>[] = [];
  /** The open elements' known names (null when opened with attributes), for guessing the next start tag. */
  private readonly openKnown: (KnownName | null)[] = [];
  /** The last tag seen (a known name) and whether it was a start tag: the next start tag's name is guessed from it. */
  private last: KnownName | null = null;
  private lastOpened = false;
  private readonly rootNs = new Map<string, string>([
    ['xml', XML_NS],
    ['xmlns', XMLNS_NS],
  ]);
  private readonly known: (KnownName | undefined)[] = new Array<KnownName | undefined>(NAME_BUCKETS);
  private knownCount = 0;
  private readonly blanks: (string | undefined)[] = new Array<string | undefined>(MAX_BLANK);
  /** The XML declaration, when the document has one. */
  xmlDecl: { version: string; encoding?: string; standalone?: string } | undefined;

  constructor(private readonly h: XmlHandlers) {}

  private error(at: number, what: string): never {
    throw new XmlSyntaxError(`${what} (teken ${this.consumed + at + 1})`);
  }

  write(chunk: string): void {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.run(false);
  }

  close(): void {
    this.run(true);
    if (this.buf.length) this.error(0, 'onvolledige opmaak aan het einde');
    if (this.phase === 0) this.error(0, 'geen root-element');
    if (this.phase === 1) this.error(0, `element ${this.stack.at(-1)!} is niet gesloten`);
  }

  private run(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = 0;
    if (this.atStart && n > 0) {
      if (s.charCodeAt(0) === 0xfeff) i = 1; // one byte order mark
      if (n - i < 6 && !final && '<?xml '.startsWith(s.slice(i))) return;
      this.atStart = false;
      if (/^<\?xml[ \t\r\n?]/.test(s.slice(i, i + 6))) {
        const end = s.indexOf('?>', i);
        if (end === -1) {
          if (!final && n < MAX_TOKEN) {
            this.atStart = true;
            return;
          }
          this.error(i, 'onvolledige XML-declaratie');
        }
        this.xmlDeclaration(s.slice(i + 5, end), i);
        i = end + 2;
      }
    }
    while (i < n) {
      if (s.charCodeAt(i) !== 0x3c) {
        let j = s.indexOf('<', i);
        if (j === -1) {
          if (this.phase !== 1)
            j = n; // outside the root only white space: checked at once
          else if (!final) {
            if (n - i < TEXT_FLUSH) break;
            // Pass a long text on, keeping what may be an unfinished reference, `]]>` or CR LF.
            j = n - 2;
            const amp = s.lastIndexOf('&', n - 1);
            if (amp >= i && s.indexOf(';', amp) === -1) {
              // No legal reference is this long (the five entities, or a character reference).
              if (n - amp > MAX_REFERENCE) this.error(amp, 'onbekende entiteit of "&" zonder ";"');
              j = amp;
            }
            if (j <= i) break;
          } else j = n;
        }
        this.chars(s, i, j);
        i = j;
        continue;
      }
      const next = this.markup(s, i, n, final);
      if (next < 0) break;
      i = next;
    }
    if (i < n && n - i > MAX_TOKEN && s.charCodeAt(i) === 0x3c) this.error(i, `opmaak langer dan ${MAX_TOKEN} tekens`);
    this.consumed += i;
    this.buf = i === 0 ? s : s.slice(i);
  }

  private xmlDeclaration(body: string, at: number): void {
    const m =
      /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"(1\.[0-9]+)"|'(1\.[0-9]+)')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([A-Za-z][A-Za-z0-9._-]*)"|'([A-Za-z][A-Za-z0-9._-]*)'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(yes|no)"|'(yes|no)'))?[ \t\r\n]*$/.exec(
        body,
      );
    if (!m) this.error(at, 'ongeldige XML-declaratie');
    const encoding = m[3] ?? m[4];
    const standalone = m[5] ?? m[6];
    this.xmlDecl = { version: (m[1] ?? m[2])!, ...(encoding ? { encoding } : {}), ...(standalone ? { standalone } : {}) };
  }

  /** Character data from i to j (no `<` inside). */
  private chars(s: string, i: number, j: number): void {
    if (this.phase !== 1) {
      if (!WS_ONLY.test(s.slice(i, j))) this.error(i, this.phase === 0 ? 'tekst voor het root-element' : 'tekst na het root-element');
      return;
    }
    // One pass: only white space (then a recurring run is reused), or anything that needs the checks below (&, CR, "]", control characters, U+FFFE/U+FFFF).
    let blank = true;
    let special = false;
    for (let k = i; k < j; k++) {
      const c = s.charCodeAt(k);
      if (c <= 0x20) {
        if (c === 0x20 || c === 0x0a || c === 0x09) continue;
        special = true;
        if (c !== 0x0d) blank = false;
      } else {
        blank = false;
        if (c === 0x26 || c === 0x5d || c >= 0xfffe) special = true;
      }
      if (special && !blank) break;
    }
    if (!special) {
      this.h.text(blank ? this.blank(s, i, j) : s.slice(i, j), blank);
      return;
    }
    let t = s.slice(i, j);
    if (BAD_CHAR.test(t)) this.error(i, 'teken dat in XML niet is toegestaan');
    if (t.includes(']]>')) this.error(i, '"]]>" in tekst');
    if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
    if (t.includes('&')) t = this.references(t, i);
    this.h.text(t, WS_ONLY.test(t));
  }

  /** The white space from i to j as a string, reused when the same run occurred before. */
  private blank(s: string, i: number, j: number): string {
    const len = j - i;
    if (len >= MAX_BLANK) return s.slice(i, j);
    const seen = this.blanks[len];
    if (seen !== undefined && sameAt(s, i, seen)) return seen;
    const t = detached(s.slice(i, j));
    this.blanks[len] = t;
    return t;
  }

  /** Decodes the predefined entities and character references; anything else is an error. */
  private references(t: string, at: number): string {
    return t.replace(/&([^;&]*)(;?)/g, (_, ref: string, semi: string) => {
      if (!semi) this.error(at, '"&" zonder ";"');
      const named = PREDEFINED[ref];
      if (named !== undefined && Object.hasOwn(PREDEFINED, ref)) return named;
      const m = /^#(?:([0-9]+)|x([0-9A-Fa-f]+))$/.exec(ref);
      if (!m) this.error(at, `onbekende entiteit &${ref.slice(0, 40)};`);
      const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
      if (!legalCodePoint(cp)) this.error(at, `tekenreferentie &${ref}; is geen toegestaan teken`);
      return String.fromCodePoint(cp);
    });
  }

  /** End index of the name starting at p, p itself when there is none. */
  private nameEnd(s: string, p: number, n: number): number {
    let q = p;
    while (q < n) {
      const c = s.charCodeAt(q);
      if (c < 128) {
        const k = ASCII_NAME[c]!;
        if (k === 0 || (k === 2 && q === p)) break;
        q++;
        continue;
      }
      const pair = c >= 0xd800 && c <= 0xdbff;
      const ch = s.slice(q, q + (pair ? 2 : 1));
      if (!(NAME_START_NON_ASCII.test(ch) || (q > p && NAME_NON_ASCII.test(ch)))) break;
      q += ch.length;
    }
    return q;
  }

  private incomplete(final: boolean, i: number): number {
    if (final) this.error(i, 'onvolledige opmaak aan het einde');
    return -1;
  }

  /** Handles the markup at i; returns the index after it, or -1 when it is not complete yet. */
  private markup(s: string, i: number, n: number, final: boolean): number {
    if (i + 1 >= n) return this.incomplete(final, i);
    const c = s.charCodeAt(i + 1);
    if (c === 0x2f) return this.endTag(s, i, n, final);
    if (c === 0x21) {
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end === -1) return this.incomplete(final, i);
        const body = s.slice(i + 4, end);
        if (body.includes('--') || body.endsWith('-')) this.error(i, '"--" in commentaar');
        if (BAD_CHAR.test(body)) this.error(i, 'teken dat in XML niet is toegestaan');
        return end + 3;
      }
      if (s.startsWith('<![CDATA[', i)) {
        if (this.phase !== 1) this.error(i, 'CDATA buiten het root-element');
        const end = s.indexOf(']]>', i + 9);
        if (end === -1) return this.incomplete(final, i);
        let body = s.slice(i + 9, end);
        if (BAD_CHAR.test(body)) this.error(i, 'teken dat in XML niet is toegestaan');
        if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
        this.h.text(body, WS_ONLY.test(body));
        return end + 3;
      }
      if (s.startsWith('<!DOCTYPE', i)) {
        if (this.phase !== 0) this.error(i, 'DOCTYPE na het begin van het root-element');
        this.h.doctype();
        this.error(i, 'DOCTYPE');
      }
      if (n - i < 9 && ('<![CDATA['.startsWith(s.slice(i)) || '<!DOCTYPE'.startsWith(s.slice(i)) || '<!--'.startsWith(s.slice(i))))
        return this.incomplete(final, i);
      this.error(i, 'ongeldige opmaak na "<!"');
    }
    if (c === 0x3f) {
      const end = s.indexOf('?>', i + 2);
      if (end === -1) return this.incomplete(final, i);
      const q = this.nameEnd(s, i + 2, end);
      const target = s.slice(i + 2, q);
      if (!target) this.error(i, 'verwerkingsinstructie zonder naam');
      if (/^xml$/i.test(target)) this.error(i, 'XML-declaratie niet aan het begin van het document');
      if (q < end && !isWs(s.charCodeAt(q))) this.error(i, 'ongeldige verwerkingsinstructie');
      if (BAD_CHAR.test(s.slice(q, end))) this.error(i, 'teken dat in XML niet is toegestaan');
      return end + 2;
    }
    return this.startTag(s, i, n, final);
  }

  private endTag(s: string, i: number, n: number, final: boolean): number {
    const open = this.stack[this.stack.length - 1];
    if (open !== undefined) {
      // The usual end tag: the open element's name right after "</", then ">".
      const e = i + 2 + open.length;
      if (e < n && s.charCodeAt(e) === 0x3e && sameAt(s, i + 2, open)) {
        this.closeElement();
        return e + 1;
      }
    }
    const q = this.nameEnd(s, i + 2, n);
    let p = q;
    while (p < n && isWs(s.charCodeAt(p))) p++;
    if (p >= n) return this.incomplete(final, i);
    if (s.charCodeAt(p) !== 0x3e) this.error(i, 'ongeldige sluittag');
    const top = this.stack.at(-1);
    if (top === undefined) this.error(i, `sluittag </${s.slice(i + 2, q)}> zonder open element`);
    if (q - i - 2 !== top.length || !sameAt(s, i + 2, top)) this.error(i, `sluittag </${s.slice(i + 2, q)}> past niet bij <${top}>`);
    this.closeElement();
    return p + 1;
  }

  /** Closes the open element (its end tag has been read). */
  private closeElement(): void {
    this.stack.pop();
    this.scopes.pop();
    this.last = this.openKnown.pop() ?? null;
    this.lastOpened = false;
    if (this.stack.length === 0) this.phase = 2;
    this.h.close();
  }

  private startTag(s: string, i: number, n: number, final: boolean): number {
    // Most start tags are the one that followed the last tag before: compared in place, no name scan.
    const last = this.last;
    const guess = last === null ? null : this.lastOpened ? last.afterOpen : last.afterClose;
    if (guess !== null) {
      const q = i + 1 + guess.name.length;
      const c0 = s.charCodeAt(q);
      if ((c0 === 0x3e || (c0 === 0x2f && s.charCodeAt(q + 1) === 0x3e)) && sameAt(s, i + 1, guess.name)) return this.openBare(guess, i, q, c0);
    }
    const q = this.nameEnd(s, i + 1, n);
    if (q === i + 1) {
      if (q >= n) return this.incomplete(final, i);
      this.error(i, 'ongeldige naam na "<"');
    }
    // The usual start tag: a name without attributes, then ">" or "/>".
    const c0 = s.charCodeAt(q);
    if (c0 === 0x3e || (c0 === 0x2f && s.charCodeAt(q + 1) === 0x3e)) {
      if (this.phase === 2) this.error(i, 'meer dan één root-element');
      const known = this.knownName(s, i + 1, q, i);
      if (last !== null) {
        if (this.lastOpened) last.afterOpen = known;
        else last.afterClose = known;
      }
      return this.openBare(known, i, q, c0);
    }
    const name = s.slice(i + 1, q);
    let attrs: { name: string; value: string }[] | undefined;
    let p = q;
    let selfClosing = false;
    for (;;) {
      const ws = p;
      while (p < n && isWs(s.charCodeAt(p))) p++;
      if (p >= n) return this.incomplete(final, i);
      const c = s.charCodeAt(p);
      if (c === 0x3e) {
        p++;
        break;
      }
      if (c === 0x2f) {
        if (p + 1 >= n) return this.incomplete(final, i);
        if (s.charCodeAt(p + 1) !== 0x3e) this.error(p, 'ongeldige starttag');
        selfClosing = true;
        p += 2;
        break;
      }
      if (p === ws) this.error(p, 'witruimte ontbreekt voor een attribuut');
      const a = p;
      p = this.nameEnd(s, p, n);
      if (p === a) this.error(p, 'ongeldige attribuutnaam');
      const attrName = s.slice(a, p);
      while (p < n && isWs(s.charCodeAt(p))) p++;
      if (p >= n) return this.incomplete(final, i);
      if (s.charCodeAt(p) !== 0x3d) this.error(p, `attribuut ${attrName} zonder "="`);
      p++;
      while (p < n && isWs(s.charCodeAt(p))) p++;
      if (p >= n) return this.incomplete(final, i);
      const quote = s.charCodeAt(p);
      if (quote !== 0x22 && quote !== 0x27) this.error(p, `waarde van attribuut ${attrName} zonder aanhalingstekens`);
      const end = s.indexOf(quote === 0x22 ? '"' : "'", p + 1);
      if (end === -1) return this.incomplete(final, i);
      let value = s.slice(p + 1, end);
      if (value.includes('<')) this.error(p, `"<" in de waarde van attribuut ${attrName}`);
      if (BAD_CHAR.test(value)) this.error(p, 'teken dat in XML niet is toegestaan');
      // Attribute-value normalisation: line ends, then each white-space character becomes a space.
      if (/[\t\r\n]/.test(value)) value = value.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ');
      if (value.includes('&')) value = this.references(value, p);
      attrs ??= [];
      if (attrs.some((x) => x.name === attrName)) this.error(a, `attribuut ${attrName} komt twee keer voor`);
      attrs.push({ name: attrName, value });
      p = end + 1;
    }
    if (this.phase === 2) this.error(i, 'meer dan één root-element');
    this.phase = 1;
    const inherited = this.scopes.at(-1) ?? this.rootNs;
    let ns = inherited;
    if (attrs) {
      for (const a of attrs) {
        const local = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : null;
        if (local === null) continue;
        if (local === 'xmlns') this.error(i, 'het voorvoegsel xmlns mag niet worden gedeclareerd');
        if (local === 'xml' ? a.value !== XML_NS : a.value === XML_NS) this.error(i, `ongeldige declaratie van ${a.name}`);
        if (a.value === XMLNS_NS) this.error(i, `ongeldige declaratie van ${a.name}`);
        if (local !== '' && a.value === '') this.error(i, `voorvoegsel ${local} mag niet leeg worden gedeclareerd`);
        if (local.includes(':')) this.error(i, `ongeldige declaratie van ${a.name}`);
        if (ns === inherited) ns = new Map(ns);
        ns.set(local, a.value);
      }
    }
    const [prefix, local] = this.qname(name, i);
    const uri = prefix ? ns.get(prefix) : (ns.get('') ?? '');
    if (uri === undefined) this.error(i, `voorvoegsel ${prefix} is niet gedeclareerd`);
    let attributes: readonly XmlAttribute[] = NO_ATTRIBUTES;
    if (attrs) {
      attributes = attrs.map((a) => {
        const [ap, al] = this.qname(a.name, i);
        const au = a.name === 'xmlns' ? XMLNS_NS : ap ? ns.get(ap) : '';
        if (au === undefined) this.error(i, `voorvoegsel ${ap} is niet gedeclareerd`);
        return { name: a.name, prefix: ap, local: al, uri: au, value: a.value };
      });
      if (attributes.length > 1) {
        const seen = new Set<string>();
        for (const a of attributes) {
          const key = `{${a.uri}}${a.local}`;
          if (seen.has(key)) this.error(i, `attribuut {${a.uri}}${a.local} komt twee keer voor`);
          seen.add(key);
        }
      }
    }
    this.stack.push(name);
    this.scopes.push(ns);
    this.openKnown.push(null);
    this.last = null;
    this.h.open({ name, prefix, local, uri, attributes });
    if (selfClosing) {
      this.stack.pop();
      this.scopes.pop();
      this.openKnown.pop();
      if (this.stack.length === 0) this.phase = 2;
      this.h.close();
    }
    return p;
  }

  /** Opens (and with "/>" closes) the element of the start tag at i: a known name without attributes ending at q, c0 the character there. */
  private openBare(known: KnownName, i: number, q: number, c0: number): number {
    if (this.phase === 2) this.error(i, 'meer dan één root-element');
    this.phase = 1;
    const ns = this.scopes[this.scopes.length - 1] ?? this.rootNs;
    let tag = known.ns === ns ? known.tag! : null;
    if (tag === null) {
      const uri = known.prefix ? ns.get(known.prefix) : (ns.get('') ?? '');
      if (uri === undefined) this.error(i, `voorvoegsel ${known.prefix} is niet gedeclareerd`);
      tag = { name: known.name, prefix: known.prefix, local: known.local, uri: interned(uri), attributes: NO_ATTRIBUTES };
      known.ns = ns;
      known.tag = tag;
    }
    this.stack.push(known.name);
    this.scopes.push(ns);
    this.openKnown.push(known);
    this.last = known;
    this.lastOpened = true;
    this.h.open(tag);
    if (c0 === 0x2f) {
      this.stack.pop();
      this.scopes.pop();
      this.openKnown.pop();
      this.lastOpened = false;
      if (this.stack.length === 0) this.phase = 2;
      this.h.close();
      return q + 2;
    }
    return q + 1;
  }

  /** The name from i to q (checked as a qualified name), remembered for the next time it occurs. */
  private knownName(s: string, i: number, q: number, at: number): KnownName {
    const len = q - i;
    const bucket = ((len & 31) << 7) | (s.charCodeAt(q - 1) & 127);
    for (let k: KnownName | null | undefined = this.known[bucket]; k; k = k.next) if (k.name.length === len && sameAt(s, i, k.name)) return k;
    const name = interned(s.slice(i, q));
    const [prefix, local] = this.qname(name, at).map(interned) as [string, string];
    const entry: KnownName = { name, prefix, local, ns: null, tag: null, next: this.known[bucket] ?? null, afterOpen: null, afterClose: null };
    if (this.knownCount >= MAX_KNOWN_NAMES) return entry; // used once, not remembered
    this.knownCount++;
    this.known[bucket] = entry;
    return entry;
  }

  private qname(name: string, at: number): [string, string] {
    const colon = name.indexOf(':');
    if (colon === -1) return ['', name];
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    if (!prefix || !local || local.includes(':') || ASCII_NAME[local.charCodeAt(0)] === 2) this.error(at, `ongeldige naam ${name}`);
    return [prefix, local];
  }
}
