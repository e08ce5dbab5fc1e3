/**
 * The Liao 2017 reference pass (Micius over Xinglong, 2016-12-19 ~16:52 UTC) from
 * test/reference/liao2017-pass-geometry.json (satellite.js SGP4 samples every 5 s), linearly
 * interpolated, plus the published channel-loss table it is compared with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import type { PassGeometryFn } from '../../sim/links/pass-key.js';

interface Sample {
  readonly utc: string;
  readonly elevationDeg: number;
  readonly rangeKm: number;
}

const file = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'liao2017-pass-geometry.json'), 'utf8')) as {
  samples: Sample[];
};
const samples = file.samples.map((s) => ({ tMs: Date.parse(s.utc), elevationDeg: s.elevationDeg, rangeKm: s.rangeKm }));
const first = samples[0]!;
const last = samples[samples.length - 1]!;

/**
 * Liao et al. 2017 channel loss vs slant range, detector efficiency excluded, digitised from the
 * paper's figure as +-10 km averages (shared/reference/README.md, tag [S]).
 */
export const LIAO_2017_LOSS_TABLE: readonly { rangeKm: number; lossDb: number }[] = [
  { rangeKm: 645, lossDb: 30.0 },
  { rangeKm: 700, lossDb: 30.8 },
  { rangeKm: 800, lossDb: 31.2 },
  { rangeKm: 900, lossDb: 32.9 },
  { rangeKm: 1000, lossDb: 34.3 },
  { rangeKm: 1100, lossDb: 36.3 },
  { rangeKm: 1200, lossDb: 39.0 },
];

/** First and last sample times, Unix ms. */
export const PASS_START_MS = first.tMs;
export const PASS_END_MS = last.tMs;

/** Linear interpolation of range and elevation at a time (clamped to the sampled span). */
export const referencePass: PassGeometryFn = (utcMs) => {
  if (utcMs <= first.tMs) return { rangeKm: first.rangeKm, elevationDeg: first.elevationDeg };
  if (utcMs >= last.tMs) return { rangeKm: last.rangeKm, elevationDeg: last.elevationDeg };
  const i = Math.min(samples.length - 2, Math.floor((utcMs - first.tMs) / 5000));
  const a = samples[i]!;
  const b = samples[i + 1]!;
  const f = (utcMs - a.tMs) / (b.tMs - a.tMs);
  return { rangeKm: a.rangeKm + f * (b.rangeKm - a.rangeKm), elevationDeg: a.elevationDeg + f * (b.elevationDeg - a.elevationDeg) };
};

/** Culmination: the sample of minimum range. */
export const CULMINATION = samples.reduce((m, s) => (s.rangeKm < m.rangeKm ? s : m), first);

/**
 * Times (Unix ms) where the interpolated range crosses `rangeKm` on the way in and on the way out,
 * found on the 5 s samples by linear interpolation. Undefined when the range is never that short.
 */
export function timesAtRange(rangeKm: number): { riseMs: number; setMs: number } | undefined {
  let riseMs: number | undefined;
  let setMs: number | undefined;
  for (let i = 0; i + 1 < samples.length; i++) {
    const a = samples[i]!;
    const b = samples[i + 1]!;
    const f = (rangeKm - a.rangeKm) / (b.rangeKm - a.rangeKm);
    if (!(f >= 0 && f <= 1)) continue;
    const t = a.tMs + f * (b.tMs - a.tMs);
    if (b.rangeKm < a.rangeKm && riseMs === undefined) riseMs = t;
    if (b.rangeKm > a.rangeKm) setMs = t;
  }
  return riseMs !== undefined && setMs !== undefined ? { riseMs, setMs } : undefined;
}

/**
 * The loss table placed on the pass: each range gives two points, one on the rising and one on the
 * setting branch, with the elevation the satellite had there; 645 km (closest approach, 645.5 km)
 * gives the single culmination point.
 */
export function lossTableOnPass(): { rangeKm: number; elevationDeg: number; lossDb: number; branch: 'rise' | 'set' | 'culmination' }[] {
  const rows: { rangeKm: number; elevationDeg: number; lossDb: number; branch: 'rise' | 'set' | 'culmination' }[] = [];
  for (const { rangeKm, lossDb } of LIAO_2017_LOSS_TABLE) {
    const times = timesAtRange(rangeKm);
    if (times === undefined) {
      rows.push({ rangeKm: CULMINATION.rangeKm, elevationDeg: CULMINATION.elevationDeg, lossDb, branch: 'culmination' });
      continue;
    }
    rows.push({ rangeKm, elevationDeg: referencePass(times.riseMs).elevationDeg, lossDb, branch: 'rise' });
    rows.push({ rangeKm, elevationDeg: referencePass(times.setMs).elevationDeg, lossDb, branch: 'set' });
  }
  return rows;
}
