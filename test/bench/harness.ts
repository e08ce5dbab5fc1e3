/** Small helpers for `npm run bench`: timing with warm-up, and a printed results table. */
import { performance } from 'node:perf_hooks';

/** Runs fn once to warm up, then `reps` times; returns the median wall time (ms) and the last result. */
export function timeIt<T>(fn: () => T, reps = 3): { ms: number; result: T } {
  let result = fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

/** One benchmark line: name, measured value, and an optional target check. */
export interface BenchRow {
  readonly name: string;
  readonly value: string;
  readonly target?: { readonly text: string; readonly met: boolean };
}

const rows: BenchRow[] = [];

/** Records and prints a result line at once (long benches show progress this way). */
export function report(row: BenchRow): void {
  rows.push(row);
  const target = row.target ? `  [target ${row.target.text}: ${row.target.met ? 'met' : 'NOT met'}]` : '';
  console.log(`${row.name.padEnd(52)} ${row.value}${target}`);
}

/** All rows recorded so far. */
export function allRows(): readonly BenchRow[] {
  return rows;
}
