/**
 * The KPI facts of a region computed on a second thread (node:worker_threads; issue #14). A full
 * refresh (facts-store.ts refreshFacts: the demo's held dialogues' snapshot, a KPI request after a
 * change outside the kept writes) reads the care register and writes the facts with COPY; between
 * the two it computes the facts of every indicator (pure functions, src/domain/steering/measures.ts)
 * and their COPY text: about a second of JavaScript for Holland Rijnland's 78,000 cells. PGlite
 * runs on the main thread, so that work is done here, beside it: the main thread sends the source
 * data and writes the COPY text piece by piece as it comes back (the writes of one piece while the
 * next is computed). The same functions with the same inputs, so the same text.
 *
 * One worker per process, made on the first refresh; it never keeps the process alive while idle.
 * Running from the TypeScript sources (vitest) there is no compiled worker file: the text is made
 * in the calling thread then, as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { copyChunks } from '../../db/copy-rows.js';
import type { Catalogue } from '../../domain/steering/catalogue.js';
import { aggregateFacts, factsFor, factsKey, type Fact, type SourceData } from '../../domain/steering/measures.js';

/** The columns of kpi_facts in the order of the COPY text. */
export const FACT_COLUMNS = ['region_id', 'indicator_id', 'month', 'segment_id', 'area_id', 'municipality_code', 'provider_id', 'step', 'num', 'num_sq', 'den'];

/** What a region's facts are computed from. */
export interface FactsInput {
  regionId: string;
  indicators: Catalogue['indicatoren'];
  data: SourceData;
  /** The data date: events after it are left out. */
  today: string;
}

/** The size of a piece of COPY text (about 256 KB, some 4,000 rows): the writes start with the first. */
const PIECE = 1 << 18;

/**
 * The COPY text (FACT_COLUMNS) of all the region's facts, in pieces of about 256 KB (whole rows),
 * made as they are taken. Measures with the same facts (factsKey: every start, for use,
 * concentration and top share) are computed once; the rows are made straight from the facts (no
 * row objects in between).
 */
export function* factsCopyPieces(input: FactsInput): Generator<string> {
  const { regionId, indicators, data, today } = input;
  const byKey = new Map<string, Fact[]>();
  const factsOf = (ind: Catalogue['indicatoren'][number]) => {
    const key = factsKey(ind);
    let facts = byKey.get(key);
    if (!facts) byKey.set(key, (facts = aggregateFacts(factsFor(ind, data, today))));
    return facts;
  };
  const rows = function* () {
    for (const ind of indicators)
      for (const f of factsOf(ind)) yield [regionId, ind.id, f.month, f.segmentId, f.areaId, f.municipalityCode, f.providerId, f.step, f.num, f.numSq, f.den];
  };
  yield* copyChunks(rows(), PIECE);
}

/** All of factsCopyPieces at once. */
export const factsCopyText = (input: FactsInput): string[] => [...factsCopyPieces(input)];

const workerFile = new URL('./facts-worker.js', import.meta.url);

/** True where the compiled worker is there (dist/); under vitest (TypeScript sources) it is not. */
export const factsWorkerAvailable = () => existsSync(fileURLToPath(workerFile));

type Reply = { id: number; piece: string } | { id: number; done: true } | { id: number; error: string };

/** The pieces of one request as they come from the worker. */
class Pieces implements AsyncIterable<string> {
  private readonly queue: string[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  push(piece: string) {
    this.queue.push(piece);
    this.notify();
  }
  end() {
    this.ended = true;
    this.notify();
  }
  fail(e: Error) {
    this.failure = e;
    this.notify();
  }
  private notify() {
    this.wake?.();
    this.wake = null;
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      if (this.queue.length > 0) yield this.queue.shift()!;
      else if (this.failure) throw this.failure;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pieces>();

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(workerFile, { workerData: { kpiFacts: true } });
  w.unref();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.fail(e);
    pending.clear();
    if (worker === w) worker = null; // the next refresh starts a new one
  };
  w.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    if ('piece' in m) return p.push(m.piece);
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if ('error' in m) p.fail(new Error(`KPI facts: ${m.error}`));
    else p.end();
  });
  w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  w.on('exit', (code) => failAll(new Error(`KPI facts worker stopped with ${code}`)));
  return (worker = w);
}

/**
 * factsCopyPieces on the worker thread where the compiled worker is there, else in this thread.
 * From the worker the pieces come while it computes the next ones: the caller writes each as it
 * comes (COPY on the main thread beside the computation).
 */
export function factsCopyPiecesOffThread(input: FactsInput): Iterable<string> | AsyncIterable<string> {
  if (!factsWorkerAvailable()) return factsCopyPieces(input);
  const w = theWorker();
  const id = nextId++;
  const pieces = new Pieces();
  pending.set(id, pieces);
  w.ref(); // someone waits: keep the process alive until the last piece is there
  w.postMessage({ id, input });
  return pieces;
}

/** Ends the worker (tests; a process ends without it anyway: it is unref'd while idle). */
export async function stopFactsWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}

// Only in the worker made above (another worker may import this module through facts-store.ts).
if (!isMainThread && parentPort && (workerData as { kpiFacts?: boolean } | undefined)?.kpiFacts) {
  const port = parentPort;
  port.on('message', (m: { id: number; input: FactsInput }) => {
    try {
      for (const piece of factsCopyPieces(m.input)) port.postMessage({ id: m.id, piece } satisfies Reply);
      port.postMessage({ id: m.id, done: true } satisfies Reply);
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
}
