/**
 * The streaming XML scanner of the iJw reader (src/ijw/xml-scanner.ts) against saxes, the
 * conformant XML parser it replaced for speed: on hand-written well-formedness cases (XML 1.0
 * fifth edition and Namespaces in XML 1.0) and on seeded random byte-level mutations of the
 * official examples, both must agree whether the text is well-formed, and on well-formed text they
 * must report the same elements (namespace, local name, attributes) and the same character data.
 * Each case is also fed in 1- and 7-character chunks: the result must not depend on chunking.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { XmlScanner } from '../../src/ijw/xml-scanner.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXAMPLES = join(ROOT, 'test', 'fixtures', 'ijw', 'examples');
const CODES = ['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316', 'JW317', 'JW318', 'JW319', 'JW320', 'JW323', 'JW325'];

type Outcome = { ok: false } | { ok: true; events: string[] };

/**
 * Events as one comparable list; adjacent text pieces are joined (both may split text differently)
 * and white space outside the root (which saxes reports and the scanner drops) is left out.
 */
function push(events: string[], e: string): void {
  const depth = events.filter((x) => x.startsWith('O:')).length - events.filter((x) => x === 'C').length;
  if (e.startsWith('T:') && depth === 0) return;
  if (e.startsWith('T:') && events.at(-1)?.startsWith('T:')) events[events.length - 1] += e.slice(2);
  else events.push(e);
}

function bySaxes(xml: string): Outcome {
  const events: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  let failed = false;
  parser.on('error', () => (failed = true));
  parser.on('doctype', () => (failed = true));
  parser.on('opentag', (t) =>
    push(
      events,
      `O:{${t.uri}}${t.local}|${Object.values(t.attributes)
        .map((a) => `{${a.uri}}${a.local}=${a.value}`)
        .join(',')}`,
    ),
  );
  parser.on('text', (t) => push(events, `T:${t}`));
  parser.on('cdata', (t) => push(events, `T:${t}`));
  parser.on('closetag', () => push(events, 'C'));
  try {
    parser.write(xml).close();
  } catch {
    failed = true;
  }
  return failed ? { ok: false } : { ok: true, events: events.filter((e) => e !== 'T:') };
}

function byScanner(xml: string, chunk = xml.length || 1): Outcome {
  const events: string[] = [];
  const scanner = new XmlScanner({
    open: (t) => push(events, `O:{${t.uri}}${t.local}|${t.attributes.map((a) => `{${a.uri}}${a.local}=${a.value}`).join(',')}`),
    text: (t) => push(events, `T:${t}`),
    close: () => push(events, 'C'),
    doctype: () => {
      throw new Error('doctype');
    },
  });
  try {
    for (let i = 0; i < xml.length; i += chunk) scanner.write(xml.slice(i, i + chunk));
    scanner.close();
  } catch {
    return { ok: false };
  }
  return { ok: true, events: events.filter((e) => e !== 'T:') };
}

function expectSameAsSaxes(xml: string): void {
  const expected = bySaxes(xml);
  for (const chunk of [xml.length || 1, 7, 1]) expect(byScanner(xml, chunk), `${JSON.stringify(xml.slice(0, 200))} in chunks of ${chunk}`).toEqual(expected);
}

const NS = 'http://www.istandaarden.nl/ijw/3_2/jw301/schema';
const CASES: [string, string][] = [
  ['a plain element', `<a/>`],
  ['an XML declaration', `<?xml version="1.0" encoding="UTF-8"?><a/>`],
  ['an XML declaration with standalone', `<?xml version='1.0' standalone='yes'?><a/>`],
  ['an XML declaration without version', `<?xml encoding="UTF-8"?><a/>`],
  ['an XML declaration after white space', ` <?xml version="1.0"?><a/>`],
  ['an XML declaration in the middle', `<a><?xml version="1.0"?></a>`],
  ['a PI with a reserved target', `<a><?XmL x?></a>`],
  ['a PI', `<?pi some data?><a><?pi?></a>`],
  ['a comment', `<!-- c --><a><!----></a><!-- d -->`],
  ['"--" in a comment', `<a><!-- a -- b --></a>`],
  ['a comment ending in "-"', `<a><!-- a ---></a>`],
  ['CDATA', `<a><![CDATA[<b> & ]] ]]></a>`],
  ['CDATA outside the root', `<![CDATA[x]]><a/>`],
  ['"]]>" in text', `<a>x ]]> y</a>`],
  ['predefined entities', `<a>&lt;&gt;&amp;&apos;&quot;</a>`],
  ['character references', `<a>&#65;&#x42;&#x20AC;&#128512;</a>`],
  ['an illegal character reference', `<a>&#0;</a>`],
  ['a character reference to a surrogate', `<a>&#xD800;</a>`],
  ['an undefined entity', `<a>&nbsp;</a>`],
  ['an "&" without ";"', `<a>a & b</a>`],
  ['a control character', `<a>\u0001</a>`],
  ['U+FFFE', `<a>\uFFFE</a>`],
  ['CR LF and lone CR are normalised', `<a>x\r\ny\rz</a>`],
  ['attribute-value normalisation', `<a b="x\ty\r\nz &#9; &#10;"/>`],
  ['"<" in an attribute value', `<a b="<"/>`],
  ['">" in an attribute value', `<a b=">"/>`],
  ['an unquoted attribute', `<a b=c/>`],
  ['a duplicate attribute', `<a b="1" b="2"/>`],
  ['attributes without white space between', `<a b="1"c="2"/>`],
  ['an attribute without value', `<a b/>`],
  ['mismatched end tag', `<a></b>`],
  ['an unclosed element', `<a><b></a>`],
  ['an end tag with white space', `<a></a  >`],
  ['two roots', `<a/><b/>`],
  ['text before the root', `x<a/>`],
  ['text after the root', `<a/>x`],
  ['white space around the root', ` \n<a/>\n\t`],
  ['no root', ` `],
  ['an empty document', ``],
  ['a name starting with a digit', `<1a/>`],
  ['a name with "."', `<a.b-c_d/>`],
  ['non-ASCII names', `<café xmlns:é="urn:x"><é:ß/></café>`],
  ['a name starting with a combining character', `<a><\u0300/></a>`],
  ['a default namespace', `<Bericht xmlns="${NS}"><Header/></Bericht>`],
  ['prefixed elements', `<jw:Bericht xmlns:jw="${NS}"><jw:Header/></jw:Bericht>`],
  ['an unbound prefix', `<jw:Bericht/>`],
  ['an unbound attribute prefix', `<a p:b="1"/>`],
  ['undeclaring the default namespace', `<a xmlns="urn:x"><b xmlns=""/></a>`],
  ['undeclaring a prefix', `<a xmlns:p="urn:x"><b xmlns:p=""/></a>`],
  ['binding xmlns', `<a xmlns:xmlns="urn:x"/>`],
  ['binding xml to another namespace', `<a xmlns:xml="urn:x"/>`],
  ['binding xml to its own namespace', `<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>`],
  ['binding another prefix to the xml namespace', `<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>`],
  ['xml:lang needs no declaration', `<a xml:lang="nl"/>`],
  ['the same expanded attribute name twice', `<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>`],
  ['two colons in a name', `<a:b:c xmlns:a="urn:x"/>`],
  ['a prefix scope ends with its element', `<a><b xmlns:p="urn:x"/><p:c/></a>`],
  ['xsi:schemaLocation', `<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x x.xsd"/>`],
  ['a DOCTYPE', `<!DOCTYPE a><a/>`],
  ['a byte order mark', `\uFEFF<a/>`],
  ['two byte order marks', `\uFEFF\uFEFF<a/>`],
  ['"<!" with something else', `<a><!ELEMENT a></a>`],
  ['an empty tag name', `<a>< b/></a>`],
  ['"<" at the end', `<a/><`],
  ['an unfinished start tag', `<a b="1"`],
];

describe('the XML scanner agrees with saxes on well-formedness and on what it reports', () => {
  for (const [name, xml] of CASES) it(name, () => expectSameAsSaxes(xml));

  it('the official examples are read alike', () => {
    for (const code of CODES) expectSameAsSaxes(readFileSync(join(EXAMPLES, `${code}.xml`), 'utf8'));
  });

  it('600 seeded random mutations of the examples are judged alike', () => {
    let seed = 0x5ca1ab1e;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const inserts = [
      '<',
      '>',
      '&',
      ';',
      '"',
      "'",
      '/',
      '=',
      ' ',
      ':',
      ']]>',
      '<!--',
      '-->',
      '&amp;',
      '&#0;',
      '<?x?>',
      '\u0001',
      'é',
      'xmlns:q="urn:q"',
      '<![CDATA[',
      '--',
    ];
    let rejected = 0;
    for (let k = 0; k < 600; k++) {
      const src = readFileSync(join(EXAMPLES, `${CODES[k % CODES.length]}.xml`), 'utf8');
      const at = rand(src.length);
      const kind = rand(3);
      const xml =
        kind === 0
          ? src.slice(0, at) + src.slice(at + 1 + rand(3))
          : kind === 1
            ? src.slice(0, at) + inserts[rand(inserts.length)] + src.slice(at)
            : src.slice(0, at) +
              src
                .slice(at, at + 1 + rand(12))
                .split('')
                .reverse()
                .join('') +
              src.slice(at + 1 + rand(12));
      const expected = bySaxes(xml);
      if (!expected.ok) rejected++;
      expect(byScanner(xml), `mutation ${k}: ${JSON.stringify(xml.slice(Math.max(0, at - 40), at + 40))}`).toEqual(expected);
    }
    // The corpus must contain both verdicts, or it tests nothing.
    expect(rejected).toBeGreaterThan(100);
    expect(rejected).toBeLessThan(550);
  });
});

describe('long text is passed on in pieces, with bounded work', () => {
  it('a text of 1 MB without "<" arrives whole, also around references', () => {
    const text = `${'a'.repeat(300_000)}&amp;${'b'.repeat(700_000)}`;
    let got = '';
    const scanner = new XmlScanner({ open: () => undefined, text: (t) => void (got += t), close: () => undefined, doctype: () => undefined });
    scanner.write('<a>');
    for (let i = 0; i < text.length; i += 65_536) scanner.write(text.slice(i, i + 65_536));
    scanner.write('</a>');
    scanner.close();
    expect(got).toBe(text.replace('&amp;', '&'));
  });

  // Regression: an "&" at the start of a pending long text made the scanner loop forever.
  it('an "&" that never ends is an error once it is longer than any reference, not a hang', () => {
    const scanner = new XmlScanner({ open: () => undefined, text: () => undefined, close: () => undefined, doctype: () => undefined });
    scanner.write('<a>');
    expect(() => {
      scanner.write('&');
      for (let i = 0; i < 4; i++) scanner.write('x'.repeat(65_536));
    }).toThrow(/entiteit/);
  });
});
