// The geographic layers of the map, drawn in the zoomed group: night (the day/night terminator and,
// darker, where the Sun is low enough for key), each downlink station's key-mask footprint (the
// ground circle the satellite must be inside for key), and each satellite's ground track and
// visibility footprint at the dashboard's time.

/** Track shown either side of the current time, ms (about half an orbit of a LEO satellite each way). */
export const TRACK_WINDOW_MS = 45 * 60_000;

/** Position at tMs interpolated along a track (longitude unwrapped across the antimeridian). */
export function trackPosition(points, tMs) {
  if (!points || points.length === 0) return null;
  const i = d3.bisector((p) => p.tMs).right(points, tMs);
  if (i === 0) return points[0].tMs === tMs ? points[0] : null;
  if (i >= points.length) return points[points.length - 1].tMs === tMs ? points[points.length - 1] : null;
  const a = points[i - 1];
  const b = points[i];
  const f = (tMs - a.tMs) / (b.tMs - a.tMs);
  let dl = b.lonDeg - a.lonDeg;
  if (dl > 180) dl -= 360;
  if (dl < -180) dl += 360;
  let lon = a.lonDeg + f * dl;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return {
    tMs,
    latDeg: a.latDeg + f * (b.latDeg - a.latDeg),
    lonDeg: lon,
    altKm: a.altKm + f * (b.altKm - a.altKm),
    footprintDeg: a.footprintDeg + f * (b.footprintDeg - a.footprintDeg),
  };
}

/**
 * Night at a subsolar point: the hemisphere centred on the antisolar point (terminator: the Sun at
 * 0 deg), and inside it the cap where the Sun is below `keySunDeg` (e.g. -12 deg, the downlinks'
 * night threshold): points whose angular distance from the antisolar point is under 90 + keySunDeg.
 */
export function nightShapes(sun, keySunDeg) {
  if (!sun) return [];
  const anti = [sun.lonDeg > 0 ? sun.lonDeg - 180 : sun.lonDeg + 180, -sun.latDeg];
  const shapes = [{ key: 'night', radius: 90 }];
  if (keySunDeg !== null && keySunDeg < 0 && keySunDeg > -90) shapes.push({ key: 'key-night', radius: 90 + keySunDeg });
  return shapes.map((s) => ({ ...s, geo: d3.geoCircle().center(anti).radius(s.radius).precision(1)() }));
}

/** Draws night into `g` (a <g class="night">). */
export function drawNight(g, geoPath, sun, keySunDeg) {
  g.selectAll('path').data(nightShapes(sun, keySunDeg), (d) => d.key)
    .join('path').attr('class', (d) => `night-shade ${d.key}`).attr('d', (d) => geoPath(d.geo));
}

/** Draws each downlink station's key-mask footprint: [{station, latDeg, lonDeg, radiusDeg, keyMaskDeg}]. */
export function drawKeyFootprints(g, geoPath, footprints) {
  g.selectAll('path.key-footprint').data(footprints, (d) => d.station)
    .join('path').attr('class', 'key-footprint').attr('data-station', (d) => d.station)
    .attr('d', (d) => geoPath(d3.geoCircle().center([d.lonDeg, d.latDeg]).radius(d.radiusDeg).precision(1)()));
}

/** Draws satellites' footprints and ground tracks (past solid, next TRACK_WINDOW_MS dashed). */
export function drawTracks(gFootprints, gTracks, geoPath, sats, timeMs) {
  gFootprints.selectAll('path.footprint').data(sats, (d) => d.id)
    .join('path').attr('class', 'footprint').attr('data-id', (d) => d.id)
    .attr('d', (d) => geoPath(d3.geoCircle().center([d.at.lonDeg, d.at.latDeg]).radius(d.at.footprintDeg).precision(2)()));
  const parts = [];
  for (const s of sats) {
    const past = s.points.filter((p) => p.tMs >= timeMs - TRACK_WINDOW_MS && p.tMs < timeMs);
    const future = s.points.filter((p) => p.tMs > timeMs && p.tMs <= timeMs + TRACK_WINDOW_MS);
    const coords = (list) => list.map((p) => [p.lonDeg, p.latDeg]);
    parts.push({ key: `${s.id}-past`, cls: 'track past', coords: [...coords(past), [s.at.lonDeg, s.at.latDeg]] });
    parts.push({ key: `${s.id}-future`, cls: 'track future', coords: [[s.at.lonDeg, s.at.latDeg], ...coords(future)] });
  }
  gTracks.selectAll('path.track').data(parts, (d) => d.key)
    .join('path').attr('class', (d) => d.cls)
    .attr('d', (d) => (d.coords.length > 1 ? geoPath({ type: 'LineString', coordinates: d.coords }) : null));
}

/** The subsolar point at tMs, linear between the samples [{tMs, latDeg, lonDeg}] (null outside them). */
export function sunAt(samples, tMs) {
  if (!samples || samples.length === 0) return null;
  const i = d3.bisector((p) => p.tMs).right(samples, tMs);
  if (i === 0 || i >= samples.length) {
    const edge = i === 0 ? samples[0] : samples[samples.length - 1];
    return Math.abs(edge.tMs - tMs) <= 600_000 ? edge : null;
  }
  const a = samples[i - 1];
  const b = samples[i];
  const f = (tMs - a.tMs) / (b.tMs - a.tMs);
  let dl = b.lonDeg - a.lonDeg;
  if (dl > 180) dl -= 360;
  if (dl < -180) dl += 360;
  let lon = a.lonDeg + f * dl;
  if (lon < -180) lon += 360;
  if (lon > 180) lon -= 360;
  return { latDeg: a.latDeg + f * (b.latDeg - a.latDeg), lonDeg: lon };
}
