/**
 * The demo populations generated on a second thread (node:worker_threads). Generating a region
 * (src/demo/generator.ts: providers, contracts, families, names, BSNs, trajectories) is pure
 * JavaScript, so it runs beside PGlite, which holds the main thread while it writes the region
 * before (issue #14, the first start): the main thread takes each region's rows when it is ready
 * to write them. The same generator with the same inputs, so the same rows.
 *
 * The worker runs at most `ahead` regions ahead of the main thread (memory stays bounded); it ends
 * by itself after the last region and never keeps the process alive.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { generateRegion, type GenerateOptions } from './generator.js';
import { preparePopulation, type PreparedPopulation } from './population.js';
import { pseudonymWithKey } from '../app/pseudonym.js';
import type { RegionProfile } from '../domain/landscape/profile-schema.js';
import type { DemoParameters } from '../domain/landscape/demo-schema.js';

/** One region to generate: the inputs of generateRegion. */
export interface PopulationJob {
  regionId: string;
  profile: RegionProfile;
  params: DemoParameters;
  options: GenerateOptions;
}

interface WorkerInput {
  jobs: PopulationJob[];
  ahead: number;
  /** The main thread's pseudonym key (src/app/pseudonym.ts): the youths' pseudonyms are made here. */
  pseudonymKey: string;
}

type WorkerReply = { regionId: string; region: PreparedPopulation } | { regionId: string; error: string };

/** The populations being generated on the worker, taken by region in any order (each once). */
export interface DemoPopulations {
  /**
   * The region's generated rows, prepared to write (preparePopulation: the COPY text of the large
   * tables with the pseudonyms); null when the region is not one of the jobs (or was taken before).
   */
  take(regionId: string, options: GenerateOptions): Promise<PreparedPopulation> | null;
  close(): Promise<void>;
}

const workerFile = new URL('./population-worker.js', import.meta.url);

/** True where the compiled worker is there (dist/); running from the TypeScript sources (vitest) it is not. */
export const populationWorkerAvailable = () => existsSync(fileURLToPath(workerFile));

const sameOptions = (a: GenerateOptions, b: GenerateOptions) => a.seed === b.seed && a.today === b.today && (a.scale ?? 1) === (b.scale ?? 1);

/**
 * Starts generating the jobs' regions in order on a worker thread; null where the compiled worker is
 * not there or there is nothing to do (the caller generates in this thread then, as before).
 * `ahead`: how many generated regions may wait for the main thread (default 1).
 */
export function populationsOnWorker(jobs: readonly PopulationJob[], opts: { pseudonymKey: string; ahead?: number }): DemoPopulations | null {
  if (jobs.length === 0 || !populationWorkerAvailable()) return null;
  const input: WorkerInput = { jobs: [...jobs], ahead: Math.max(1, opts.ahead ?? 1), pseudonymKey: opts.pseudonymKey };
  const worker = new Worker(workerFile, { workerData: input });
  worker.unref(); // a region never taken (a failed start) must not keep the process alive
  const pending = new Map<string, { resolve: (g: PreparedPopulation) => void; reject: (e: Error) => void; promise: Promise<PreparedPopulation> }>();
  for (const j of jobs) {
    let resolve!: (g: PreparedPopulation) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<PreparedPopulation>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // rejected before anyone took it: reported at take()
    pending.set(j.regionId, { resolve, reject, promise });
  }
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
  };
  worker.on('message', (m: WorkerReply) => {
    const p = pending.get(m.regionId);
    if (!p) return;
    if ('error' in m) p.reject(new Error(`demo population ${m.regionId}: ${m.error}`));
    else p.resolve(m.region);
  });
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => {
    if (code !== 0) failAll(new Error(`demo population worker stopped with ${code}`));
  });
  const taken = new Set<string>();
  let awaited = 0; // takes whose region has not come yet
  return {
    take(regionId, options) {
      const job = jobs.find((j) => j.regionId === regionId);
      const p = pending.get(regionId);
      if (!job || !p || taken.has(regionId) || !sameOptions(job.options, options)) return null;
      taken.add(regionId);
      // Someone waits for this region: the worker keeps the process alive until it is there (a CLI
      // without a server would otherwise end with the promise open).
      if (++awaited === 1) worker.ref();
      const settled = () => {
        if (--awaited === 0) worker.unref();
      };
      // The main thread takes this region: the worker may generate the next one.
      p.promise.then(() => {
        settled();
        worker.postMessage(1);
      }, settled);
      return p.promise;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort && (workerData as WorkerInput | undefined)?.jobs) {
  const port = parentPort;
  const { jobs, ahead, pseudonymKey } = workerData as WorkerInput;
  let waiting = 0; // generated regions the main thread has not taken yet
  let wake: (() => void) | undefined;
  port.on('message', (n: number) => {
    waiting -= n;
    wake?.();
    wake = undefined;
  });
  for (const job of jobs) {
    while (waiting >= ahead) await new Promise<void>((resolve) => (wake = resolve));
    let reply: WorkerReply;
    try {
      const g = generateRegion(job.profile, job.params, job.options);
      reply = { regionId: job.regionId, region: preparePopulation(job.regionId, g, (bsn) => pseudonymWithKey(pseudonymKey, bsn)) };
    } catch (e) {
      reply = { regionId: job.regionId, error: e instanceof Error ? e.message : String(e) };
    }
    waiting++;
    // The key arrays are handed over, not copied.
    const r = 'region' in reply ? reply.region : null;
    const keys = r ? [r.youths.familyKeys, r.trajectories.youthKeys, r.trajectories.providerKeys, r.trajectories.contractKeys] : [];
    port.postMessage(
      reply,
      keys.map((k) => k.buffer as ArrayBuffer),
    );
  }
  port.close();
}
