/**
 * Key from a pass the orbit layer found: builds the pass geometry over the pass's key window (SGP4
 * at nodes with Hermite interpolation in between, orbit/track.ts: quintic, with the modelled
 * accelerations, at nodes 300 s apart for the default integration of near-Earth sets; cubic 120 s
 * apart for deep-space sets; cubic 60 s apart for the fine integration) and integrates the
 * downlink model over it with {@link passKey}.
 *
 * The key window comes from the pass search, which must use the link's key mask and night
 * threshold: pass {@link keyWindowOptions}(link) to findPasses. For a pass with one culmination the
 * search's key window is exact (edges to 1 ms) and one interval, so the default (Gauss) integration
 * uses it as it is; a pass with two culminations may dip below the key mask in between, and its
 * window is searched again.
 * @module
 */
import type { Observer, Pass, Satellite } from '../orbit/index.js';
import { GEOMETRY_NODE_MS, KEY_GEOMETRY_NODE_MS, KEY_QUINTIC_NODE_MS, PassTrack } from '../orbit/track.js';
import type { DownlinkParams } from './free-space.js';
import { passKey, type PassKeyOptions, type PassKeyResult } from './pass-key.js';

/** The pass-search options that make `pass.keyWindow` the link's key window. */
export function keyWindowOptions(link: DownlinkParams): { keyMaskDeg: number; sunMaxElevationDeg: number } {
  return { keyMaskDeg: link.keyMaskDeg, sunMaxElevationDeg: link.sunMaxElevationDeg };
}

/**
 * Secret key of one pass, or null when the pass has no key window (daylight, or below the key mask).
 * @param sat the satellite the pass belongs to
 * @param observer the station the pass is over
 * @param track buffers for the geometry of this satellite and station, reused pass after pass
 */
export function keyForPass(
  sat: Satellite,
  observer: Observer,
  pass: Pass,
  link: DownlinkParams,
  options: PassKeyOptions = {},
  track = new PassTrack(sat, observer),
): PassKeyResult | null {
  const w = pass.keyWindow;
  if (!w || w.endMs <= w.startMs) return null;
  const gauss = (options.integration ?? 'gauss') === 'gauss';
  // The default integration: quintic nodes 300 s apart for near-Earth sets (the acceleration model
  // does not hold for deep-space ones, which keep cubic nodes 120 s apart); the fine one: cubic, 60 s.
  const quintic = gauss && !sat.isDeepSpace(sat.setIndexAt(w.startMs));
  const geometry = quintic
    ? track.prepare(w.startMs, w.endMs, KEY_QUINTIC_NODE_MS, 'quintic')
    : track.prepare(w.startMs, w.endMs, gauss ? KEY_GEOMETRY_NODE_MS : GEOMETRY_NODE_MS);
  const exactWindow = gauss && pass.culminationsMs.length <= 1;
  return passKey(geometry, w, link, { exactWindow, ...options });
}
