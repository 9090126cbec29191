/**
 * Reading a received declaration (JW323) for settlement: one validating pass that keeps each
 * Prestatie as a compact line with the findings inside it, from bytes or from a stream (hashed and
 * compressed as it arrives, never held whole), and the heap setting while a large one settles.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { createGzip } from 'node:zlib';
import { validateStream, type ValidateOptions, type Verdict } from '../../ijw/validate.js';
import type { Finding } from '../../ijw/findings.js';
import { asJw323Prestatie, type Jw323Prestatie } from '../../ijw/codec.js';
import type { Line } from '../../domain/funding/settlement.js';
import { CompactLines } from './line-store.js';

/** A Prestatie as a settlement line (also used by the batch settlement on message objects). */
export function toLine(p: Jw323Prestatie, bsn: string): Line {
  const ref = p.ProductReferentie;
  return {
    referentieNummer: ref.ReferentieNummer,
    ...(ref.VorigReferentieNummer ? { vorigReferentieNummer: ref.VorigReferentieNummer } : {}),
    toewijzingNummer: Number(p.ToewijzingNummer),
    bsn,
    productCategorie: p.ProductCategorie,
    productCode: p.ProductCode,
    begindatum: p.ProductPeriode.Begindatum,
    einddatum: p.ProductPeriode.Einddatum,
    volume: Number(p.GeleverdVolume),
    eenheid: p.Eenheid,
    ...(p.ProductTarief !== undefined ? { tariefCents: Number(p.ProductTarief) } : {}),
    bedragCents: Number(p.IngediendBedrag.Bedrag),
    debetCredit: p.IngediendBedrag.DebetCredit,
  };
}

/** What validating a declaration collects: its lines with the findings inside each line (or its client). */
export function lineCollector(today: string): { options: ValidateOptions; lines: CompactLines } {
  const lines = new CompactLines();
  let bsn = '';
  let clientLocation = '';
  let clientFindings: Finding[] = [];
  let cursorXsd = 0;
  let cursorRules = 0;
  const options: ValidateOptions = {
    today,
    observe: (e, xsd, rules) => {
      if (e.path === 'Bericht/Declaratie/Clienten/Client/Bsn' && typeof e.value === 'string') {
        bsn = e.value;
        clientLocation = e.location.slice(0, -'/Bsn'.length);
        clientFindings = [];
      }
      if (e.path !== 'Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie') return;
      const fresh = [...xsd.slice(cursorXsd), ...rules.slice(cursorRules)];
      cursorXsd = xsd.length;
      cursorRules = rules.length;
      const inLine = (f: Finding) => f.path === e.location || f.path.startsWith(`${e.location}/`);
      clientFindings.push(...fresh.filter((f) => !inLine(f) && f.path.startsWith(`${clientLocation}/`) && !f.path.includes('/Prestatie[')));
      if (e.valid || fresh.some(inLine) || clientFindings.length > 0) {
        // An XSD-invalid line cannot be read into a Line; it is rejected below with its findings.
        const line = e.valid && typeof e.value === 'object' ? toLine(asJw323Prestatie(e.value), bsn) : null;
        if (line) lines.push({ line, location: e.location, findings: [...clientFindings, ...fresh.filter(inLine)] });
      }
    },
  };
  return { options, lines };
}

/** A received declaration read once: the hash of its bytes, the verdict, its lines, and the message as stored (gzip level 1). */
export interface ReadDeclaration {
  contentHash: string;
  verdict: Verdict;
  lines: CompactLines;
  gzip: () => Buffer;
}

/**
 * Reads a declaration from a stream of byte chunks (a file, an HTTP body) in one pass: each chunk
 * is hashed, compressed and validated as it arrives, so the message is never held whole (neither
 * its bytes nor its decoded text); what is kept is the compact lines and the compressed message.
 * An error of the stream (a size limit, a broken connection) is thrown as it is, before anything is written.
 */
export async function readDeclarationStream(input: AsyncIterable<Uint8Array>, today: string): Promise<ReadDeclaration> {
  const hash = createHash('sha256');
  const gz = createGzip({ level: 1 });
  const compressed: Buffer[] = [];
  gz.on('data', (c: Buffer) => compressed.push(c));
  const ended = once(gz, 'end');
  async function* tee(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input) {
      hash.update(chunk);
      if (!gz.write(chunk)) await once(gz, 'drain');
      yield chunk;
    }
  }
  const { options, lines } = lineCollector(today);
  try {
    const verdict = await validateStream(tee(), options);
    gz.end();
    await ended;
    const gzip = Buffer.concat(compressed);
    compressed.length = 0;
    return { contentHash: hash.digest('hex'), verdict, lines, gzip: () => gzip };
  } finally {
    if (!gz.writableEnded) gz.destroy();
  }
}

/** How far V8 lets its old space grow past what its last full collection kept, while a declaration settles in chunks (percent). */
const SETTLE_HEAP_GROWTH = 25;
let tightened = 0;
/** Started with its own --heap-growing-percent: that is left alone. */
const ownHeapGrowth = process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a));

/**
 * Keeps V8's old space small while a declaration settles in chunks; returns what undoes it. Each
 * chunk's lines, allocations and rows live across its database statements, so young-generation
 * collections promote them, and they are garbage once the chunk is written; V8's own heuristics let
 * the old space grow up to four times what its last full collection kept before it collects again
 * (for 100,000 lines about 100 MB of finished chunks). With a fixed growing factor it collects
 * every few chunks instead: a few full collections of a small heap (about 0.1-0.2 s of pauses for
 * 100,000 lines), and some 40-70 MB less resident memory (bench/RESULTS.md). Process-wide while any
 * settlement runs (counted), then back to V8's default (0: its own heuristics).
 */
export function tightenHeap(): () => void {
  if (ownHeapGrowth) return () => undefined;
  if (tightened++ === 0) setFlagsFromString(`--heap-growing-percent=${SETTLE_HEAP_GROWTH}`);
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    if (--tightened === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}
