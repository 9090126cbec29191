/**
 * The demo's declarations made on a second thread (node:worker_threads): building the JW323
 * messages of each declaration period (funding-declarations.ts periodDeclarations, the same code),
 * writing their XML, hashing and compressing it is pure JavaScript, so it runs beside PGlite (which
 * holds the main thread while it settles the period before). The main thread receives per period
 * (in parts of about PART_LINES lines) the message objects with the SHA-256 and the gzip of their XML (settle-batch.ts
 * BatchDeclaration.prepared), not the XML itself.
 *
 * The worker runs ahead of the main thread by up to `aheadLines` declaration lines (about two
 * settlement batches: the next batch is ready when the main thread has settled one; memory stays bounded).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { periodMessages, type DemoLine, type DemoPeriod } from './funding-declarations.js';
import { serialize } from '../ijw/codec.js';
import type { JW323WithoutClients } from '../app/funding/settle-batch.js';
import { toLine } from '../app/funding/declaration-read.js';
import type { Line } from '../domain/funding/settlement.js';
import type { Plan } from './funding-plan.js';

/** One message of a period as the worker hands it over. */
export interface PreparedDemoMessage {
  agb: string;
  municipalityCode: string;
  nummer: string;
  /** The message without its Clienten: its lines are in `columns` (settle-batch.ts BatchDeclaration.lines). */
  message: JW323WithoutClients;
  /** The message's lines (linesOf) as columns: unpackLines gives them back. */
  columns: PackedLines;
  lines: number;
  /** SHA-256 (hex) and gzip (level 1) of the message's XML (UTF-8), as settle-batch.ts would compute them. */
  sha256: string;
  gzip: Uint8Array;
}

/**
 * Settlement lines as columns: the text fields of every line in one string, the numbers in one
 * Float64Array. Handing 155,000 lines (Holland Rijnland) to the main thread as message objects cost
 * it a structured clone of some 600,000 objects (1.5-2.5 s of its CPU, the thread that runs PGlite);
 * these two values are copied (the string) and moved (the buffer), and the lines are made from them.
 */
export interface PackedLines {
  n: number;
  /** Per line TEXT_FIELDS fields, each followed by SEP (iJw text holds no NUL: XML does not allow it; '' for a VorigReferentieNummer not sent). */
  text: string;
  /** Per line toewijzingNummer, volume, tariefCents (NaN: none), bedragCents. */
  numbers: Float64Array;
}

const SEP = '\u0000';
const TEXT_FIELDS = 9;

export function packLines(lines: readonly Line[]): PackedLines {
  const numbers = new Float64Array(lines.length * 4);
  const text: string[] = [];
  lines.forEach((l, i) => {
    text.push(l.referentieNummer, l.vorigReferentieNummer ?? '', l.bsn, l.productCategorie, l.productCode, l.begindatum, l.einddatum, l.eenheid, l.debetCredit);
    numbers[4 * i] = l.toewijzingNummer;
    numbers[4 * i + 1] = l.volume;
    numbers[4 * i + 2] = l.tariefCents ?? NaN;
    numbers[4 * i + 3] = l.bedragCents;
  });
  return { n: lines.length, text: lines.length === 0 ? '' : text.join(SEP) + SEP, numbers };
}

/** The lines of packLines, as linesOf made them (the same fields; an optional one only when it was there). */
export function unpackLines(p: PackedLines): Line[] {
  const f = p.text.split(SEP);
  const out: Line[] = new Array<Line>(p.n);
  for (let i = 0; i < p.n; i++) {
    const t = i * TEXT_FIELDS;
    const vorig = f[t + 1]!;
    const tarief = p.numbers[4 * i + 2]!;
    // One object literal per line (no spread of optional parts: that makes and copies two more objects per line).
    const line: Line = {
      referentieNummer: f[t]!,
      toewijzingNummer: p.numbers[4 * i]!,
      bsn: f[t + 2]!,
      productCategorie: f[t + 3]!,
      productCode: f[t + 4]!,
      begindatum: f[t + 5]!,
      einddatum: f[t + 6]!,
      volume: p.numbers[4 * i + 1]!,
      eenheid: f[t + 7]!,
      bedragCents: p.numbers[4 * i + 3]!,
      debetCredit: f[t + 8] as Line['debetCredit'],
    };
    if (vorig) line.vorigReferentieNummer = vorig;
    if (!Number.isNaN(tarief)) line.tariefCents = tarief;
    out[i] = line;
  }
  return out;
}

interface WorkerInput {
  plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>;
  periods: DemoPeriod[];
  aheadLines: number;
}

/** Messages of a declaration period in order; `last` on the period's last part. */
export interface PreparedDemoChunk {
  messages: PreparedDemoMessage[];
  last: boolean;
}

/** Lines per part the worker hands over (a period's messages may be split between settlement batches). */
const PART_LINES = 5_000;

/** A message of periodMessages with the SHA-256 and gzip of its XML (written here, as periodDeclarations writes it). */
export function prepareMessage(m: ReturnType<typeof periodMessages>['messages'][number]): PreparedDemoMessage {
  const bytes = Buffer.from(serialize('JW323', m.message), 'utf8');
  const { Clienten: _lines, ...declaratie } = m.message.Declaratie;
  return {
    agb: m.agb,
    municipalityCode: m.municipalityCode,
    nummer: m.nummer,
    message: { ...m.message, Declaratie: declaratie },
    columns: packLines(m.message.Declaratie.Clienten.Client.flatMap((c) => c.Prestaties.Prestatie.map((p) => toLine(p, c.Bsn)))),
    lines: m.lines,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    // Its own buffer (a small Buffer may sit in Node's shared pool), so it can be transferred.
    gzip: new Uint8Array(gzipSync(bytes, { level: 1 })),
  };
}

const workerFile = new URL('./funding-worker.js', import.meta.url);

/** The periods' prepared messages in order (declarationsOnWorker). */
export interface DemoDeclarationsWorker {
  next: () => Promise<PreparedDemoChunk>;
  close: () => Promise<void>;
}

/** A declarations worker thread that is started and waits for its work (startDeclarationsWorker). */
export interface StartedDeclarationsWorker {
  begin: (plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>, periods: readonly DemoPeriod[], aheadLines: number) => DemoDeclarationsWorker;
  close: () => Promise<void>;
}

/**
 * A worker thread started before its work is known: it loads its modules (about half a second)
 * while this thread reads the plan and numbers the allocations; `begin` hands it the plan and
 * periods. Null where the compiled worker is not there (running from the TypeScript sources, as
 * the tests do): the caller makes the messages itself. `close` ends it (also when never begun).
 */
export function startDeclarationsWorker(): StartedDeclarationsWorker | null {
  if (!existsSync(fileURLToPath(workerFile))) return null;
  const worker = new Worker(workerFile);
  const ready: PreparedDemoChunk[] = [];
  const waiting: { resolve: (m: PreparedDemoChunk) => void; reject: (e: unknown) => void }[] = [];
  let failed: unknown;
  worker.on('message', (m: PreparedDemoChunk) => {
    const w = waiting.shift();
    if (w) w.resolve(m);
    else ready.push(m);
  });
  const fail = (e: unknown) => {
    failed = e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (code !== 0) fail(new Error(`demo declarations worker stopped with ${code}`));
  });
  const close = async () => {
    await worker.terminate();
  };
  // The main thread has taken a period: the worker may make that many lines more.
  const took = (m: PreparedDemoChunk) => {
    worker.postMessage(m.messages.reduce((a, x) => a + x.lines, 0));
    return m;
  };
  return {
    begin: (plan, periods, aheadLines) => {
      const input: WorkerInput = {
        plan: { clientLevel: plan.clientLevel, indexation: plan.indexation, linePeriod: plan.linePeriod },
        periods: [...periods],
        aheadLines,
      };
      worker.postMessage(input);
      return {
        next: () => {
          const m = ready.shift();
          if (m) return Promise.resolve(took(m));
          if (failed) return Promise.reject(failed instanceof Error ? failed : new Error(String(failed)));
          return new Promise((resolve, reject) => waiting.push({ resolve: (x) => resolve(took(x)), reject }));
        },
        close,
      };
    },
    close,
  };
}

/**
 * The periods' prepared messages, in order, made on a worker thread (startDeclarationsWorker, begun
 * at once); null where the compiled worker is not there or there are no periods.
 */
export function declarationsOnWorker(
  plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>,
  periods: readonly DemoPeriod[],
  aheadLines: number,
): DemoDeclarationsWorker | null {
  if (periods.length === 0) return null;
  return startDeclarationsWorker()?.begin(plan, periods, aheadLines) ?? null;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // The first message is the work (startDeclarationsWorker's begin); each later one the lines the main thread took.
  const { plan, periods, aheadLines } = await new Promise<WorkerInput>((resolve) => port.once('message', resolve));
  let outstanding = 0;
  let wake: (() => void) | undefined;
  port.on('message', (n: number) => {
    outstanding -= n;
    wake?.();
    wake = undefined;
  });
  let carried: DemoLine[] = [];
  for (const period of periods) {
    while (outstanding >= aheadLines) await new Promise<void>((resolve) => (wake = resolve));
    const { messages, next } = periodMessages(plan, period, carried);
    carried = next;
    // In parts of about PART_LINES lines (whole messages), so the main thread can start settling early.
    for (let i = 0; i < messages.length;) {
      const part: PreparedDemoMessage[] = [];
      let lines = 0;
      while (i < messages.length && (part.length === 0 || lines + messages[i]!.lines <= PART_LINES)) {
        const m = prepareMessage(messages[i++]!);
        lines += m.lines;
        part.push(m);
      }
      outstanding += lines;
      const chunk: PreparedDemoChunk = { messages: part, last: i >= messages.length };
      port.postMessage(
        chunk,
        part.flatMap((m) => [m.gzip.buffer as ArrayBuffer, m.columns.numbers.buffer as ArrayBuffer]),
      );
    }
    if (messages.length === 0) port.postMessage({ messages: [], last: true } satisfies PreparedDemoChunk);
  }
}
