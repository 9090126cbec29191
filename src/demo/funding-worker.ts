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
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { periodMessages, type DemoLine, type DemoPeriod, type JW323 } from './funding-declarations.js';
import { serialize } from '../ijw/codec.js';
import type { Plan } from './funding-plan.js';

/** One message of a period as the worker hands it over. */
export interface PreparedDemoMessage {
  agb: string;
  municipalityCode: string;
  nummer: string;
  message: JW323;
  lines: number;
  /** SHA-256 (hex) and gzip (level 1) of the message's XML (UTF-8), as settle-batch.ts would compute them. */
  sha256: string;
  gzip: Uint8Array;
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
  return {
    agb: m.agb,
    municipalityCode: m.municipalityCode,
    nummer: m.nummer,
    message: m.message,
    lines: m.lines,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    // Its own buffer (a small Buffer may sit in Node's shared pool), so it can be transferred.
    gzip: new Uint8Array(gzipSync(bytes, { level: 1 })),
  };
}

const workerFile = new URL('./funding-worker.js', import.meta.url);

/**
 * The periods' prepared messages, in order, made on a worker thread; null where the compiled worker
 * is not there (running from the TypeScript sources, as the tests do): the caller makes them itself.
 */
export function declarationsOnWorker(
  plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>,
  periods: readonly DemoPeriod[],
  aheadLines: number,
): { next: () => Promise<PreparedDemoChunk>; close: () => Promise<void> } | null {
  if (!existsSync(fileURLToPath(workerFile)) || periods.length === 0) return null;
  const input: WorkerInput = {
    plan: { clientLevel: plan.clientLevel, indexation: plan.indexation, linePeriod: plan.linePeriod },
    periods: [...periods],
    aheadLines,
  };
  const worker = new Worker(workerFile, { workerData: input });
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
  // The main thread has taken a period: the worker may make that many lines more.
  const took = (m: PreparedDemoChunk) => {
    worker.postMessage(m.messages.reduce((a, x) => a + x.lines, 0));
    return m;
  };
  return {
    next: () => {
      const m = ready.shift();
      if (m) return Promise.resolve(took(m));
      if (failed) return Promise.reject(failed instanceof Error ? failed : new Error(String(failed)));
      return new Promise((resolve, reject) => waiting.push({ resolve: (x) => resolve(took(x)), reject }));
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { plan, periods, aheadLines } = workerData as WorkerInput;
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
        part.map((m) => m.gzip.buffer as ArrayBuffer),
      );
    }
    if (messages.length === 0) port.postMessage({ messages: [], last: true } satisfies PreparedDemoChunk);
  }
}
