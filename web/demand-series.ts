/**
 * Demands over time for the dashboard: each demand's key requested and served so far, and how long
 * it has been starved so far, at the run's sample times (the pool series' `tS`), so the demand chart
 * shares the time axis of the pass timeline and the pool chart.
 *
 * - constant demands: requested so far = floor(rate x time elapsed inside [start, end]) (the same
 *   whole-bit rule as DemandResult.requestedBits); served and starved from the run's samples of the
 *   demand's flow;
 * - bulk and Poisson demands: a request counts as requested from its arrival and as served from the
 *   moment it was served (whole, at once); dropped requests count as dropped from their deadline.
 * @module
 */
import type { RunResult } from '../sim/run/index.js';

/** One demand's cumulative curves, one value per sample time. */
export interface DemandSeries {
  readonly id: string;
  readonly kind: string;
  readonly requestedBits: number[];
  readonly servedBits: number[];
  /** Time starved so far, s (constant demands; zeros for one-off requests). */
  readonly starvedS: number[];
  /** Bits of dropped requests so far (bulk and Poisson; zeros for constant demands). */
  readonly droppedBits: number[];
}

/** Demands over time: sample times (s after the start) and one series per demand, scenario order. */
export interface DemandSeriesDoc {
  readonly tS: number[];
  readonly demands: DemandSeries[];
}

/** Cumulative sums of (time, bits) events at each sample time; events sorted here. */
function cumulativeAt(samplesMs: readonly number[], events: { tMs: number; bits: number }[]): number[] {
  events.sort((a, b) => a.tMs - b.tMs);
  const out: number[] = [];
  let k = 0;
  let sum = 0;
  for (const t of samplesMs) {
    while (k < events.length && events[k]!.tMs <= t) sum += events[k++]!.bits;
    out.push(sum);
  }
  return out;
}

/** The series of every demand of a run (linear in samples x demands plus requests). */
export function demandSeries(result: RunResult): DemandSeriesDoc {
  const samplesMs = result.series.tMs;
  const zeros = (): number[] => samplesMs.map(() => 0);
  const requestsOf = result.scenario.demands.map(() => [] as RunResult['requests'][number][]);
  for (const r of result.requests) requestsOf[r.demandIndex]?.push(r);
  const demands = result.scenario.demands.map((d, i): DemandSeries => {
    if (d.kind === 'constant') {
      const spanMs = d.endMs - d.startMs;
      return {
        id: d.id,
        kind: d.kind,
        requestedBits: samplesMs.map((t) => Math.floor((d.rateBps * Math.max(0, Math.min(spanMs, t - d.startMs))) / 1000)),
        servedBits: [...(result.demandSamples.servedBits[i] ?? zeros())],
        starvedS: (result.demandSamples.starvedMs[i] ?? zeros()).map((ms) => ms / 1000),
        droppedBits: zeros(),
      };
    }
    const mine = requestsOf[i]!;
    return {
      id: d.id,
      kind: d.kind,
      requestedBits: cumulativeAt(samplesMs, mine.map((r) => ({ tMs: r.arrivalMs, bits: r.bits }))),
      servedBits: cumulativeAt(samplesMs, mine.filter((r) => r.status === 'served').map((r) => ({ tMs: r.servedMs!, bits: r.bits }))),
      starvedS: zeros(),
      droppedBits: cumulativeAt(samplesMs, mine.filter((r) => r.status === 'dropped').map((r) => ({ tMs: Math.min(r.deadlineMs, result.scenario.durationMs), bits: r.bits }))),
    };
  });
  return { tS: samplesMs.map((t) => t / 1000), demands };
}
