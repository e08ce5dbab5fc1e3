/**
 * Outages of fibre links: the scheduled ones from the scenario, plus random failures drawn from an
 * alternating renewal process (exponential times to failure with mean MTBF, exponential repairs
 * with mean MTTR, each link from its own stream `faults:<link>`). Overlapping outages of one link
 * are merged.
 * @module
 */
import type { Rng } from '../engine/index.js';
import type { Outage } from '../scenario/model.js';

/** Random failures and repairs over [0, durationMs), from the link's own stream. */
export function drawFailures(faults: { mtbfMs: number; mttrMs: number }, durationMs: number, rng: Rng): Outage[] {
  const out: Outage[] = [];
  let t = 0;
  for (;;) {
    t += Math.max(1, Math.round(rng.exponential(faults.mtbfMs)));
    if (t >= durationMs) break;
    const end = Math.min(durationMs, t + Math.max(1, Math.round(rng.exponential(faults.mttrMs))));
    out.push({ startMs: t, endMs: end, reason: 'random failure' });
    t = end;
  }
  return out;
}

/** Scheduled and random outages together, sorted, overlapping ones merged (reasons joined). */
export function mergeOutages(outages: readonly Outage[]): Outage[] {
  const sorted = [...outages].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const out: Outage[] = [];
  for (const o of sorted) {
    const last = out[out.length - 1];
    if (last && o.startMs <= last.endMs) {
      out[out.length - 1] = {
        startMs: last.startMs,
        endMs: Math.max(last.endMs, o.endMs),
        reason: last.reason === o.reason ? last.reason : `${last.reason} + ${o.reason}`,
      };
    } else {
      out.push(o);
    }
  }
  return out;
}
