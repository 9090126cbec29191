/**
 * Message-level operations the CLI, the API and the app layer share: validate a file or body,
 * answer it with its retour message, and provide valid example messages.
 */
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { REFERENCE_DIR } from '../paths.js';
import type { Finding } from './findings.js';
import { asJw323, asJw323Prestatie, serialize, type Jw323Prestatie } from './codec.js';
import { buildRetour, jw325Answer, RETOUR_OF, type RejectedPrestatie, type RetourOptions } from './retour.js';
import { serializeMessage } from './serialize.js';
import { validateStream, type ValidateOptions, type Verdict } from './validate.js';
import { TECHNICAL_REJECTION } from './findings.js';

export const EXAMPLES_DIR = join(REFERENCE_DIR, 'ijw-voorbeelden');

/** The JSON shape of one validated file (CLI --json and POST /api/v1/ijw/validate). */
export interface VerdictJson {
  file?: string;
  message: string | null;
  valid: boolean;
  unusable?: { reason: string; text: string };
  findings: Finding[];
}

export function verdictJson(v: Verdict, file?: string): VerdictJson {
  return { ...(file ? { file } : {}), message: v.message, valid: v.valid, ...(v.unusable ? { unusable: v.unusable } : {}), findings: v.findings };
}

export function validateFile(file: string, opts: ValidateOptions = {}): Promise<Verdict> {
  return validateStream(createReadStream(file, { highWaterMark: 1 << 16 }), opts);
}

export interface Answer {
  verdict: Verdict;
  /** The retour message XML, or null when none can be addressed (unusable input, invalid header). */
  xml: string | null;
  retourCode: string | null;
  reason?: string;
}

/**
 * Validates a message and builds its retour message. For a declaration (JW323) the answer is a
 * JW325 with the rejected lines only (OP303/OP304); lines are read as a stream.
 */
export async function answerMessage(input: Readable | AsyncIterable<Uint8Array>, opts: ValidateOptions & RetourOptions): Promise<Answer> {
  const rejected: RejectedPrestatie[] = [];
  let bsn = '';
  let clientLocation = '';
  let clientCodes: string[] = [];
  let cursorXsd = 0;
  let cursorRules = 0;
  let awardedCents = 0;
  const codesOf = (fs: readonly Finding[]) => [...new Set(fs.map((f) => f.retourcode ?? TECHNICAL_REJECTION))];
  const verdict = await validateStream(input, {
    ...opts,
    observe: (e, xsd, rules) => {
      if (e.path === 'Bericht/Declaratie/Clienten/Client/Bsn' && typeof e.value === 'string') {
        bsn = e.value;
        clientLocation = e.location.slice(0, -'/Bsn'.length);
        clientCodes = [];
      }
      if (e.path !== 'Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie') return;
      const fresh = [...xsd.slice(cursorXsd), ...rules.slice(cursorRules)];
      cursorXsd = xsd.length;
      cursorRules = rules.length;
      // Findings on the Client itself (e.g. its Bsn) reject every line of that client.
      const inLine = (f: Finding) => f.path === e.location || f.path.startsWith(`${e.location}/`);
      const onClient = fresh.filter((f) => !inLine(f) && f.path.startsWith(`${clientLocation}/`) && !f.path.includes('/Prestatie['));
      clientCodes = [...new Set([...clientCodes, ...codesOf(onClient)])];
      const codes = [...new Set([...clientCodes, ...codesOf(fresh.filter(inLine))])];
      // The Prestatie as read: the generated type describes it (an element the XSD layer found
      // wrong is still there as read, and its line is rejected with that finding's code).
      if (typeof e.value !== 'object') return;
      const prestatie = asJw323Prestatie(e.value);
      if (codes.length > 0) rejected.push({ bsn, prestatie, codes });
      else awardedCents += signedAmount(prestatie);
    },
  });
  if (verdict.unusable || !verdict.message || !verdict.parsed)
    return { verdict, xml: null, retourCode: null, reason: verdict.unusable?.text ?? 'unusable input' };
  const retourCode = RETOUR_OF[verdict.message];
  if (!retourCode) return { verdict, xml: null, retourCode: null, reason: `${verdict.message} is itself a retour or answer message; it is not answered` };
  const parsed = verdict.parsed;
  const headerBroken = verdict.findings.some((f) => f.layer === 'xsd' && f.path.startsWith('/Bericht/Header'));
  if (headerBroken || typeof parsed.Header !== 'object') {
    return { verdict, xml: null, retourCode, reason: 'the Header is not valid, so no retour message can be addressed (transport-level rejection)' };
  }
  if (verdict.message === 'JW323') {
    // Findings outside the clients (header, declaration totals) or in the XSD layer reject the whole declaration.
    const technical = verdict.findings.some((f) => f.layer === 'xsd' || !f.path.startsWith('/Bericht/Declaratie/Clienten/Client'));
    const { Header: header, Declaratie: declaratie } = asJw323(parsed);
    const message = jw325Answer(header!, declaratie, { ...opts, rejected, awardedCents, technicalRejection: technical });
    return { verdict, xml: serialize('JW325', message), retourCode };
  }
  const retour = buildRetour(verdict.message, parsed, verdict.findings, opts);
  return { verdict, xml: serializeMessage(retour.code, retour.message), retourCode };
}

/** The line's IngediendBedrag in signed cents (a line without one, rejected by the XSD layer, counts 0). */
function signedAmount(prestatie: Partial<Jw323Prestatie>): number {
  const bedrag = prestatie.IngediendBedrag;
  const cents = Number(bedrag?.Bedrag ?? 0);
  return bedrag?.DebetCredit === 'C' ? -cents : cents;
}

/** Message codes with a bundled example. */
export function exampleCodes(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /^JW\d{3}\.xml$/.test(f))
    .map((f) => f.replace('.xml', ''))
    .sort();
}

/** A valid example message of the given type (for people integrating with the region). */
export function exampleMessage(code: string): string {
  const normalized = code.toUpperCase().replace(/^(\d{3})$/, 'JW$1');
  if (!exampleCodes().includes(normalized)) throw new Error(`no example for "${code}"; known: ${exampleCodes().join(', ')}`);
  return readFileSync(join(EXAMPLES_DIR, `${normalized}.xml`), 'utf8');
}
