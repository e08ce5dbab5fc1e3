// Ground tracks and the Sun for the map, fetched around the clock's time and fetched again when
// the time nears the edge of what was fetched (the server serves at most 2000 points a request).
import * as api from './api.js';

const HALF_SPAN_MS = 3 * 3600_000;
const MARGIN_MS = 50 * 60_000;
const STEP_S = 30;

let track = { runId: null, fromMs: 0, toMs: 0, loading: false, pending: null };

/** Forgets what was fetched (a new run is shown). */
export function resetTrack() {
  track = { runId: null, fromMs: 0, toMs: 0, loading: false, pending: null };
}

/** Makes sure the map has the tracks of `run` around time t. */
export async function ensureTrack(run, t, map) {
  const tr = track;
  if (tr.runId === run.id && t - MARGIN_MS >= tr.fromMs && t + MARGIN_MS <= tr.toMs) return;
  if (tr.loading) {
    tr.pending = t;
    return;
  }
  tr.loading = true;
  // The server serves tracks within a day of the run.
  const lo = Date.parse(run.scenario.start) - 86_400_000 + 1000;
  const hi = Date.parse(run.scenario.end) + 86_400_000 - 1000;
  const fromMs = Math.max(lo, t - HALF_SPAN_MS);
  const toMs = Math.min(hi, t + HALF_SPAN_MS);
  try {
    const data = await api.getTrack(run.id, new Date(fromMs), new Date(toMs), STEP_S);
    if (track === tr) {
      Object.assign(tr, { runId: run.id, fromMs, toMs });
      map.tracks(
        data.satellites.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, tMs: Date.parse(p.t) })) })),
        (data.sun ?? []).map((p) => ({ ...p, tMs: Date.parse(p.t) })),
      );
      map.time(map.time());
    }
  } catch (error) {
    console.warn('ground track', error.message);
  } finally {
    tr.loading = false;
    if (tr.pending !== null) {
      const next = tr.pending;
      tr.pending = null;
      if (track === tr) ensureTrack(run, next, map);
    }
  }
}
