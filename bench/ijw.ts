/**
 * Benchmark of the iJw 3.2 validator on a large declaration: a valid JW323 with 100,000 Prestatie
 * lines (about 70 MB, bench/jw323-generator.ts) is validated with
 * `validateStream(createReadStream(file))`. Baseline, measured in the same run on the same file:
 * a plain pass of the reader's XML scanner (src/ijw/xml-scanner.ts) with the same chunked
 * streaming (createReadStream, UTF-8 TextDecoder) and no validation.
 *
 * Each measurement runs in its own child process (`node --expose-gc`), so the RSS peaks of the two
 * do not mix: the child collects garbage, samples process.memoryUsage().rss every 50 ms while it
 * works, and prints one JSON line. Reported: lines per second, wall time, peak RSS (sampled, and
 * the kernel's ru_maxrss as a check), CPU seconds (process.cpuUsage: on a shared machine the wall
 * times vary with the load) and the ratio validate/baseline of the wall times.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/ijw.js            (BENCH_IJW_LINES=n to change N)
 *
 * Second reference, same run, same file: libxml2's streaming XSD validation,
 * `xmllint --stream --noout --schema JW323.xsd FILE` (XSD only, no TR/CD/CS rules), timed with its
 * peak RSS from `/usr/bin/time -f %M` when present. Printed as the ratio validateStream/xmllint
 * (goal: at most 2x). Skipped with a note when xmllint is not installed (package libxml2-utils).
 *
 * bench/run.ts can `import { benchIjw } from './ijw.js'` and await it. The verdict must be valid:
 * otherwise benchIjw throws (after printing the verdict).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlScanner } from '../src/ijw/xml-scanner.js';
import { validateStream } from '../src/ijw/validate.js';
import { writeJw323 } from './jw323-generator.js';
import { PROJECT_ROOT } from '../src/paths.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

type Mode = 'parse' | 'validate';

interface Measurement {
  mode: Mode;
  lines: number;
  ms: number;
  /** Highest process.memoryUsage().rss seen by the 50 ms sampler (and at start and end), bytes. */
  peakRss: number;
  /** RSS after gc, before the work started, bytes. */
  startRss: number;
  /** process.resourceUsage().maxRSS (the kernel's high-water mark), bytes. */
  maxRss: number;
  samples: number;
  /** CPU seconds of the child's work (process.cpuUsage, user + system, all of node's threads). */
  cpuMs: number;
  verdict?: { message: string | null; valid: boolean; findings: number; firstFindings: unknown[]; unusable?: unknown };
}

export interface IjwBenchResult {
  lines: number;
  fileBytes: number;
  generateMs: number;
  parse: Measurement;
  validate: Measurement;
  ratio: number;
  /** xmllint --stream --schema on the same file, when xmllint is installed. */
  xmllint?: { ms: number; peakRss: number | null; ratio: number; cpuMs: number | null; cpuRatio: number | null };
  /** Load average (1 minute) before and after the measurements: the machine may be shared. */
  load: [number, number];
}

const JW323_XSD = join(PROJECT_ROOT, '..', 'shared', 'reference', 'ijw-3.2', 'xsd', 'JW323.xsd');

/** libxml2's streaming XSD validation of the file: wall time, peak RSS and CPU seconds (GNU time's %M, KiB, and %U + %S), or undefined without xmllint. */
function xmllint(file: string): { ms: number; peakRss: number | null; cpuMs: number | null } | undefined {
  if (spawnSync('xmllint', ['--version']).error) return undefined;
  const xsd = process.env.BENCH_IJW_XSD ?? JW323_XSD;
  if (!existsSync(xsd)) throw new Error(`JW323.xsd not found at ${xsd} (set BENCH_IJW_XSD)`);
  const timed = existsSync('/usr/bin/time');
  const args = ['--stream', '--noout', '--schema', xsd, file];
  const t0 = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'maxrss-kib %M cpu-s %U %S', 'xmllint', ...args], { encoding: 'utf8' })
    : spawnSync('xmllint', args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !/validates/.test(r.stderr)) throw new Error(`xmllint did not validate the file: ${r.stderr.slice(0, 2000)}`);
  const m = /maxrss-kib (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms, peakRss: m ? Number(m[1]) * 1024 : null, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : null };
}

/** Baseline: decode and parse the file exactly as the reader does, without any validation. */
async function parseOnly(file: string): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  const open: string[] = [];
  const parser = new XmlScanner({
    open: (tag) => void open.push(tag.local),
    text: () => undefined,
    close: () => {
      if (open.pop() === 'Prestatie') lines++;
    },
    doctype: () => {
      throw new Error('DOCTYPE');
    },
  });
  for await (const chunk of createReadStream(file) as AsyncIterable<Uint8Array>) parser.write(decoder.decode(chunk, { stream: true }));
  parser.write(decoder.decode());
  parser.close();
  return lines;
}

/** Runs in the child process: one measurement, printed as one JSON line. */
async function measure(mode: Mode, file: string, expectedLines: number): Promise<Measurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let lines = expectedLines;
  let verdict: Measurement['verdict'];
  try {
    if (mode === 'parse') {
      lines = await parseOnly(file);
    } else {
      const v = await validateStream(createReadStream(file));
      verdict = {
        message: v.message,
        valid: v.valid,
        findings: v.findings.length,
        firstFindings: v.findings.slice(0, 5),
        ...(v.unusable ? { unusable: v.unusable } : {}),
      };
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { mode, lines, ms, peakRss, startRss, maxRss: process.resourceUsage().maxRSS * 1024, samples, cpuMs, ...(verdict ? { verdict } : {}) };
}

function runChild(mode: Mode, file: string, lines: number): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', THIS_FILE, '--measure', mode, file, String(lines)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`measurement ${mode} exited with ${code}: ${out}`));
      const json = out.trim().split('\n').at(-1) ?? '';
      try {
        resolvePromise(JSON.parse(json) as Measurement);
      } catch {
        reject(new Error(`measurement ${mode} printed no JSON: ${out}`));
      }
    });
  });
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const perSecond = (m: Measurement) => m.lines / (m.ms / 1000);

export async function benchIjw(opts: { lines?: number } = {}): Promise<IjwBenchResult> {
  const lines = opts.lines ?? Number(process.env.BENCH_IJW_LINES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'rk-ijw-bench-'));
  try {
    const file = join(dir, 'jw323.xml');
    const g0 = performance.now();
    const generated = await writeJw323(file, { lines });
    const generateMs = performance.now() - g0;
    console.log(
      `generated JW323 ${int(lines)} lines, ${int(generated.clients)} clients, ${(generated.bytes / MB).toFixed(1)} MB in ${(generateMs / 1000).toFixed(1)} s (streamed to ${file})`,
    );

    const loadBefore = loadavg()[0]!;
    const parse = await runChild('parse', file, lines);
    if (parse.lines !== lines) throw new Error(`baseline counted ${parse.lines} Prestatie lines, expected ${lines}`);
    const validate = await runChild('validate', file, lines);
    const ratio = validate.ms / parse.ms;

    console.log(`verdict: ${JSON.stringify(validate.verdict)}`);
    console.log(
      `validate JW323 ${int(lines)} lines   ${int(perSecond(validate))} lines/s  ${(validate.ms / 1000).toFixed(2)} s  peak RSS ${mb(validate.peakRss)} (maxrss ${mb(validate.maxRss)})` +
        `   baseline parse-only ${int(perSecond(parse))} lines/s  ${(parse.ms / 1000).toFixed(2)} s  peak RSS ${mb(parse.peakRss)} (maxrss ${mb(parse.maxRss)})   ratio ${ratio.toFixed(2)}x`,
    );
    if (!validate.verdict?.valid) throw new Error(`the generated JW323 is not valid: ${JSON.stringify(validate.verdict)}`);
    const lint = xmllint(file);
    if (!lint) console.log('xmllint not installed (libxml2-utils): no comparison with xmllint --stream --schema');
    const lintRatio = lint ? validate.ms / lint.ms : 0;
    const cpuRatio = lint?.cpuMs ? validate.cpuMs / lint.cpuMs : null;
    const load: [number, number] = [loadBefore, loadavg()[0]!];
    if (lint) {
      console.log(
        `validate JW323 ${int(lines)} lines   ${(validate.ms / 1000).toFixed(2)} s  peak RSS ${mb(validate.peakRss)}` +
          `   xmllint --stream --schema ${int(lines / (lint.ms / 1000))} lines/s  ${(lint.ms / 1000).toFixed(2)} s  peak RSS ${lint.peakRss === null ? 'unknown' : mb(lint.peakRss)}   ratio ${lintRatio.toFixed(2)}x (goal <= 2x)`,
      );
      console.log(
        `CPU seconds: validate ${(validate.cpuMs / 1000).toFixed(2)} s (parse-only ${(parse.cpuMs / 1000).toFixed(2)} s)   xmllint ${lint.cpuMs === null ? 'unknown' : `${(lint.cpuMs / 1000).toFixed(2)} s`}` +
          `   ratio ${cpuRatio === null ? 'unknown' : `${cpuRatio.toFixed(2)}x`}   load average ${load[0].toFixed(2)} -> ${load[1].toFixed(2)} on ${cpus().length} cores`,
      );
    }
    return {
      lines,
      fileBytes: generated.bytes,
      generateMs,
      parse,
      validate,
      ratio,
      load,
      ...(lint ? { xmllint: { ...lint, ratio: lintRatio, cpuRatio } } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE;
if (isMain) {
  if (process.argv[2] === '--measure') {
    const [, , , mode, file, lines] = process.argv;
    if ((mode !== 'parse' && mode !== 'validate') || !file) throw new Error('usage: ijw.js --measure parse|validate FILE LINES');
    console.log(JSON.stringify(await measure(mode, file, Number(lines))));
  } else {
    console.log(`iJw validator benchmark (${new Date().toISOString()}, node ${process.version})`);
    await benchIjw();
  }
}
