/**
 * Per-request times of a fuzz run: a histogram per feature and the slowest calls, mergeable across the
 * processes of a parallel run (plain JSON).
 */
import { readFileSync } from 'node:fs';

/** Upper bounds (ms) of the histogram's buckets; the last bucket is everything above. */
export const BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

export interface Slow {
  feature: string;
  ms: number;
  /**
   * The re-runs of a call over the ceiling (fresh service each), when there were any: wall ms, and CPU ms of the
   * main thread (`mainThreadCpuMs`) where it can be read.
   */
  reruns?: number[];
  cpu?: number[];
  /** What to replay: the document's seed and its size. */
  seed: number;
  bytes: number;
  where?: string;
}

export interface Timings {
  calls: number;
  /** Per feature: call count, total and max ms, and bucket counts (`BUCKETS.length + 1` of them). */
  features: Record<string, { calls: number; totalMs: number; maxMs: number; buckets: number[] }>;
  /** The slowest calls seen, slowest first. */
  slowest: Slow[];
  /** Calls over the ceiling whose re-runs were all over it too. */
  overCeiling: Slow[];
  /** Calls over the ceiling that were fast again on re-run (the machine was busy). */
  transient: Slow[];
}

const KEEP = 12;

/**
 * CPU time (ms) a process's main thread has used so far: what its JavaScript ran, without what the compiler's
 * and the collector's helper threads used, nor the time other processes held the CPU (on a busy 2-core machine,
 * most of the clock). Read from Linux's /proc (in ticks of 10 ms); undefined elsewhere.
 */
export function mainThreadCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    // After the command's `(…)`: the state is field 3 of the line, utime and stime fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * How many times a call over the ceiling is run again before it is called slow: until one run is under the
 * ceiling, at most this many. A large file's first calls run code not yet compiled (an 85 KB TypeScript file's
 * validation in a fresh process: 700, 455, 389, 401, 300 ms, its dozenth 60 ms — the TypeScript parser, the
 * route reader), and a busy machine compiles later still; three re-runs judged the compiler, not the input. A
 * call slow for what it is given stays slow in every one.
 */
export const MAX_RERUNS = 10;

/** Whether every re-run was over `ceiling` (ms) on the clock, and in CPU time where that was read. */
export function slowInEvery(ceiling: number, reruns: readonly number[], cpu: readonly number[]): boolean {
  return Math.min(...reruns) > ceiling && Math.min(...cpu) > ceiling;
}

export function newTimings(): Timings {
  return { calls: 0, features: {}, slowest: [], overCeiling: [], transient: [] };
}

export function record(t: Timings, feature: string, ms: number, slow: Omit<Slow, 'feature' | 'ms'>): void {
  t.calls++;
  const f = (t.features[feature] ??= { calls: 0, totalMs: 0, maxMs: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) });
  f.calls++;
  f.totalMs += ms;
  f.maxMs = Math.max(f.maxMs, ms);
  let b = BUCKETS.findIndex((limit) => ms <= limit);
  if (b < 0) b = BUCKETS.length;
  f.buckets[b]!++;
  const last = t.slowest[t.slowest.length - 1];
  if (t.slowest.length < KEEP || (last && ms > last.ms)) {
    t.slowest.push({ feature, ms, ...slow });
    t.slowest.sort((a, b) => b.ms - a.ms);
    t.slowest.length = Math.min(t.slowest.length, KEEP);
  }
}

export function merge(into: Timings, from: Timings): void {
  into.calls += from.calls;
  for (const [name, f] of Object.entries(from.features)) {
    const g = (into.features[name] ??= { calls: 0, totalMs: 0, maxMs: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) });
    g.calls += f.calls;
    g.totalMs += f.totalMs;
    g.maxMs = Math.max(g.maxMs, f.maxMs);
    f.buckets.forEach((n, i) => (g.buckets[i]! += n));
  }
  into.slowest = [...into.slowest, ...from.slowest].sort((a, b) => b.ms - a.ms).slice(0, KEEP);
  into.overCeiling.push(...from.overCeiling);
  into.transient.push(...from.transient);
}

/** The time under which `fraction` of the calls finished, from the buckets (an upper bound). */
function quantile(buckets: readonly number[], fraction: number): string {
  const total = buckets.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= fraction * total) return i < BUCKETS.length ? `≤${BUCKETS[i]}` : `>${BUCKETS[BUCKETS.length - 1]}`;
  }
  return '-';
}

/** A table for people: per feature the count, mean, p50/p99/p99.9 bucket bounds and max; then the slowest calls. */
export function describe(t: Timings, title: string): string {
  const lines = [`${title}: ${t.calls} timed calls`];
  lines.push(`  ${'feature'.padEnd(32)} ${'calls'.padStart(8)} ${'mean ms'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)} ${'p99.9'.padStart(6)} ${'max ms'.padStart(8)}`);
  const all = new Array<number>(BUCKETS.length + 1).fill(0);
  for (const [name, f] of Object.entries(t.features).sort((a, b) => b[1].maxMs - a[1].maxMs)) {
    f.buckets.forEach((n, i) => (all[i]! += n));
    lines.push(
      `  ${name.padEnd(32)} ${String(f.calls).padStart(8)} ${(f.totalMs / f.calls).toFixed(3).padStart(8)} ${quantile(f.buckets, 0.5).padStart(6)} ${quantile(f.buckets, 0.99).padStart(6)} ${quantile(f.buckets, 0.999).padStart(6)} ${f.maxMs.toFixed(1).padStart(8)}`,
    );
  }
  lines.push(`  distribution (ms): ${BUCKETS.map((b, i) => `≤${b}: ${all[i]}`).join(', ')}, >${BUCKETS[BUCKETS.length - 1]}: ${all[BUCKETS.length]}`);
  lines.push('  slowest calls:');
  for (const s of t.slowest) {
    const reruns = s.reruns ? ` (re-runs ${s.reruns.map((r) => r.toFixed(1)).join(', ')} ms${s.cpu ? `, CPU ${s.cpu.map((r) => r.toFixed(1)).join(', ')} ms` : ''})` : '';
    lines.push(`    ${s.ms.toFixed(1).padStart(7)} ms  ${s.feature}${s.where ? ` ${s.where}` : ''}, ${s.bytes} bytes, seed ${s.seed}${reruns}`);
  }
  const rerun = (s: Slow): string =>
    `${s.ms.toFixed(1)} ms ${s.feature}, ${s.bytes} bytes, seed ${s.seed}, re-runs ${(s.reruns ?? []).map((r) => r.toFixed(1)).join('/')} ms` +
    (s.cpu ? ` (CPU ${s.cpu.map((r) => r.toFixed(1)).join('/')} ms)` : '');
  if (t.transient.length) lines.push(`  over the ceiling once but not on re-run (busy machine): ${t.transient.length}: ${t.transient.slice(0, 5).map(rerun).join('; ')}`);
  if (t.overCeiling.length) lines.push(`  OVER THE CEILING, also on re-run: ${t.overCeiling.length}: ${t.overCeiling.slice(0, 5).map(rerun).join('; ')}`);
  return lines.join('\n');
}
