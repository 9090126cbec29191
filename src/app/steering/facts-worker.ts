/**
 * The KPI facts of a region computed on a second thread (node:worker_threads; issue #14). A full
 * refresh (facts-store.ts refreshFacts: the demo's held dialogues' snapshot, a KPI request after a
 * change outside the kept writes) reads the care register and writes the facts with COPY; between
 * the two it computes the facts of every indicator (pure functions, src/domain/steering/measures.ts)
 * and their COPY text: about a second of JavaScript for Holland Rijnland's 78,000 cells. PGlite
 * runs on the main thread, so that work is done here, beside it: the main thread sends the source
 * data and gets the COPY text back. The same functions with the same inputs, so the same text.
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

/**
 * The COPY text (FACT_COLUMNS) of all the region's facts, in pieces of about 1 MB (whole rows).
 * Measures with the same facts (factsKey: every start, for use, concentration and top share) are
 * computed once; the rows are made straight from the facts (no row objects in between).
 */
export function factsCopyText(input: FactsInput): string[] {
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
  return [...copyChunks(rows())];
}

const workerFile = new URL('./facts-worker.js', import.meta.url);

/** True where the compiled worker is there (dist/); under vitest (TypeScript sources) it is not. */
export const factsWorkerAvailable = () => existsSync(fileURLToPath(workerFile));

type Reply = { id: number; text: string[] } | { id: number; error: string };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (text: string[]) => void; reject: (e: Error) => void }>();

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(workerFile, { workerData: { kpiFacts: true } });
  w.unref();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker = null; // the next refresh starts a new one
  };
  w.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if ('error' in m) p.reject(new Error(`KPI facts: ${m.error}`));
    else p.resolve(m.text);
  });
  w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  w.on('exit', (code) => failAll(new Error(`KPI facts worker stopped with ${code}`)));
  return (worker = w);
}

/** factsCopyText on the worker thread where the compiled worker is there, else in this thread. */
export async function factsCopyTextOffThread(input: FactsInput): Promise<string[]> {
  if (!factsWorkerAvailable()) return factsCopyText(input);
  const w = theWorker();
  const id = nextId++;
  const text = new Promise<string[]>((resolve, reject) => pending.set(id, { resolve, reject }));
  w.ref(); // someone waits: keep the process alive until the answer is there
  w.postMessage({ id, input });
  return text;
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
    let reply: Reply;
    try {
      reply = { id: m.id, text: factsCopyText(m.input) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
