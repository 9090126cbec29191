/**
 * Event-loop delay of a server under load (issue #14, "find what limits p99"), without touching
 * the server's code: preload this module into the server process,
 *
 *   node --import ./dist/bench/loop-delay.js bin/regiekamer.js serve ...
 *
 * and every BENCH_LOOP_DELAY_SECONDS (default 10) it prints to stderr the event-loop delay of the
 * interval (perf_hooks.monitorEventLoopDelay, 10 ms resolution): p50, p99 and max, plus the CPU
 * seconds the process used in the interval. An interval without a request prints nothing after
 * the first quiet one.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const seconds = Number(process.env.BENCH_LOOP_DELAY_SECONDS ?? 10);
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
let cpu = process.cpuUsage();
let quiet = 0;
const ms = (ns: number) => (ns / 1e6).toFixed(1);
setInterval(() => {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  const cpuS = (used.user + used.system) / 1e6;
  if (cpuS < 0.05 * seconds) {
    if (quiet++ > 0) return h.reset();
  } else quiet = 0;
  process.stderr.write(
    `[loop-delay] ${new Date().toISOString().slice(11, 19)} p50 ${ms(h.percentile(50))} ms p99 ${ms(h.percentile(99))} ms max ${ms(h.max)} ms; CPU ${cpuS.toFixed(2)} s in ${seconds} s\n`,
  );
  h.reset();
}, seconds * 1000).unref();
