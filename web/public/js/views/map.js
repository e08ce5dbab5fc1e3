// The network map: world basemap, ground stations, relays and user sites, fibre links coloured by
// their key pool level, and each satellite's ground track, position and visibility footprint at the
// dashboard's time. Pan and zoom with the mouse; double-click resets to the network.
import { NODE_KINDS, OKABE_ITO, poolColour } from '../palette.js';
import { escapeHtml, formatBits, formatUtc } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

/** Track shown either side of the current time, ms (about half an orbit of a LEO satellite each way). */
const TRACK_WINDOW_MS = 45 * 60_000;

const SYMBOLS = { circle: d3.symbolCircle, square: d3.symbolSquare, diamond: d3.symbolDiamond };

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

export function networkMap() {
  let width = 800;
  let height = 420;
  let basemap = null;
  let nodes = [];
  let links = [];
  let levelAt = null;
  let passesAt = () => [];
  let tracks = [];
  let timeMs = null;
  let highlighted = null;
  let withSatellites = false;
  let svg;
  let gWorld;
  let gOverlay;
  let zoom;
  let transform = d3.zoomIdentity;
  const projection = d3.geoEquirectangular();
  const geoPath = d3.geoPath(projection);

  function chart(container) {
    const root = d3.select(container);
    svg = root.append('svg').attr('class', 'map-svg').attr('role', 'img').attr('aria-label', 'Map of the network with satellite ground tracks');
    gWorld = svg.append('g').attr('class', 'world');
    gWorld.append('path').attr('class', 'sphere');
    gWorld.append('path').attr('class', 'graticule');
    gWorld.append('path').attr('class', 'land');
    gWorld.append('path').attr('class', 'borders');
    gWorld.append('g').attr('class', 'footprints');
    gWorld.append('g').attr('class', 'tracks');
    gOverlay = svg.append('g').attr('class', 'overlay');
    gOverlay.append('g').attr('class', 'links');
    gOverlay.append('g').attr('class', 'beams');
    gOverlay.append('g').attr('class', 'nodes');
    gOverlay.append('g').attr('class', 'satellites');
    gOverlay.append('g').attr('class', 'offscreen');
    zoom = d3.zoom().scaleExtent([1, 400]).on('zoom', (e) => {
      transform = e.transform;
      gWorld.attr('transform', transform);
      drawOverlay();
    });
    svg.call(zoom).on('dblclick.zoom', null).on('dblclick', () => fit(true));
    resize();
  }

  function resize() {
    if (!svg) return;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    // The whole world spans the width; the zoom transform does the rest.
    projection.scale(width / (2 * Math.PI)).translate([width / 2, height / 2]);
    zoom.extent([[0, 0], [width, height]]).translateExtent([[0, height / 2 - width / 4], [width, height / 2 + width / 4]]);
    drawBasemap();
    fit(false);
  }

  function drawBasemap() {
    gWorld.select('.sphere').attr('d', geoPath({ type: 'Sphere' }));
    gWorld.select('.graticule').attr('d', geoPath(d3.geoGraticule10()));
    if (basemap) {
      gWorld.select('.land').attr('d', geoPath(basemap.land));
      gWorld.select('.borders').attr('d', geoPath(basemap.borders));
    }
  }

  /** Zooms to the placed nodes, with room for satellite footprints when there are satellites. */
  function fit(animate) {
    if (!svg) return;
    const placed = nodes.filter((n) => n.latDeg !== null && n.lonDeg !== null);
    let t = d3.zoomIdentity;
    if (placed.length > 0) {
      const lons = placed.map((n) => n.lonDeg);
      const lats = placed.map((n) => n.latDeg);
      const span = Math.max(d3.max(lons) - d3.min(lons), d3.max(lats) - d3.min(lats));
      const pad = withSatellites ? Math.max(14, span * 0.2) : Math.max(0.6, span * 0.35);
      const [x0, y0] = projection([d3.min(lons) - pad, Math.min(85, d3.max(lats) + pad)]);
      const [x1, y1] = projection([d3.max(lons) + pad, Math.max(-85, d3.min(lats) - pad)]);
      const k = Math.max(1, Math.min(400, 0.95 / Math.max((x1 - x0) / width, (y1 - y0) / height)));
      t = d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
    }
    (animate ? svg.transition().duration(500) : svg).call(zoom.transform, t);
  }

  /** Pans (keeping the zoom) so the first satellite is in the middle. */
  function fitSatellite() {
    const sat = satellitePositions()[0];
    if (!sat) return;
    const [x, y] = projection([sat.at.lonDeg, sat.at.latDeg]);
    const k = transform.k;
    svg.transition().duration(500).call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-x, -y));
  }

  const screen = (lonDeg, latDeg) => transform.apply(projection([lonDeg, latDeg]));

  function nodeScreen(id) {
    const n = nodes.find((x) => x.id === id);
    return n && n.latDeg !== null && n.lonDeg !== null ? screen(n.lonDeg, n.latDeg) : null;
  }

  function satellitePositions() {
    if (timeMs === null) return [];
    return tracks.map((s) => ({ ...s, at: trackPosition(s.points, timeMs) })).filter((s) => s.at);
  }

  function drawOverlay() {
    if (!gOverlay) return;
    const drawable = links.filter((l) => nodeScreen(l.from) && nodeScreen(l.to));
    const linkSel = gOverlay.select('.links').selectAll('g.link').data(drawable, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'link').attr('data-id', (d) => d.id);
        g.append('line').attr('class', 'casing');
        g.append('line').attr('class', 'level');
        g.append('line').attr('class', 'hit');
        return g;
      });
    linkSel.each(function (d) {
      const [x1, y1] = nodeScreen(d.from);
      const [x2, y2] = nodeScreen(d.to);
      d3.select(this).selectAll('line').attr('x1', x1).attr('y1', y1).attr('x2', x2).attr('y2', y2);
      const level = levelAt && timeMs !== null ? levelAt(d.id, timeMs) : null;
      // A link in an outage is drawn grey and dotted whatever its pool holds.
      const down = level?.down ?? null;
      d3.select(this).classed('down', Boolean(down)).select('.level')
        .attr('stroke', down ? '#9a9a9a' : level ? poolColour(level.fraction) : '#9a9a9a')
        .attr('stroke-dasharray', down ? '1.5 4' : level && level.belowWarning ? '7 4' : null)
        .attr('data-fraction', level ? level.fraction.toFixed(4) : null);
      d3.select(this).classed('dim', highlighted !== null && !highlighted.has(d.id)).classed('highlight', highlighted !== null && highlighted.has(d.id));
    });
    linkSel.on('mousemove', (e, d) => {
      const level = levelAt && timeMs !== null ? levelAt(d.id, timeMs) : null;
      showTooltip(e, `<b>${escapeHtml(d.id)}</b> (${d.kind === 'downlink' ? 'satellite downlink' : 'fibre'})<br>${escapeHtml(d.from)} – ${escapeHtml(d.to)}`
        + (level ? `<br>pool ${formatBits(level.bits)} of ${formatBits(d.capacityBits)} (${(level.fraction * 100).toFixed(1)} %)${level.belowWarning ? '<br><b>below the warning threshold</b>' : ''}` : '')
        + `<br>warning at ${formatBits(d.warningBits)}`
        + (level?.down ? `<br><b>down: ${escapeHtml(level.down)}</b>` : ''));
    }).on('mouseleave', hideTooltip);

    // Stations first, so that where labels clash a station keeps its name.
    const placed = nodes.filter((n) => n.kind !== 'satellite' && n.latDeg !== null && n.lonDeg !== null)
      .sort((a, b) => (a.kind === 'station' ? 0 : 1) - (b.kind === 'station' ? 0 : 1));
    const activeStations = new Set(passesAt(timeMs).map((p) => p.station));
    const nodeSel = gOverlay.select('.nodes').selectAll('g.node').data(placed, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', (d) => `node ${d.kind}`).attr('data-id', (d) => d.id);
        g.append('circle').attr('class', 'pass-ring').attr('r', 11);
        g.append('path').attr('class', 'marker')
          .attr('d', (d) => d3.symbol(SYMBOLS[(NODE_KINDS[d.kind] ?? NODE_KINDS.user).symbol], d.kind === 'station' ? 90 : 70)())
          .attr('fill', (d) => (NODE_KINDS[d.kind] ?? { fill: '#777' }).fill);
        g.append('text').attr('class', 'label').attr('x', 9).attr('y', -7).text((d) => (d.name && d.name.length <= 20 ? d.name : d.id));
        return g;
      });
    nodeSel.attr('transform', (d) => `translate(${screen(d.lonDeg, d.latDeg)})`).classed('in-pass', (d) => activeStations.has(d.id));
    nodeSel.on('mousemove', (e, d) => {
      showTooltip(e, `<b>${escapeHtml(d.name || d.id)}</b><br>${escapeHtml((NODE_KINDS[d.kind] ?? { label: d.kind }).label)} <code>${escapeHtml(d.id)}</code><br>${d.latDeg.toFixed(3)}° ${d.lonDeg.toFixed(3)}°`
        + (activeStations.has(d.id) ? '<br><b>satellite pass in progress</b>' : ''));
    }).on('mouseleave', hideTooltip);
    // Labels of nodes closer than 40 px to an earlier one are hidden, so dense networks stay legible.
    const shown = [];
    nodeSel.select('.label').attr('display', (d) => {
      const p = screen(d.lonDeg, d.latDeg);
      const clash = shown.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 40);
      if (!clash) shown.push(p);
      return clash ? 'none' : null;
    });

    const sats = satellitePositions();
    const satSel = gOverlay.select('.satellites').selectAll('g.satellite').data(sats, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'satellite').attr('data-id', (d) => d.id);
        g.append('rect').attr('x', -11).attr('y', -3).attr('width', 22).attr('height', 6).attr('class', 'panels');
        g.append('rect').attr('x', -4).attr('y', -4).attr('width', 8).attr('height', 8).attr('class', 'body');
        g.append('text').attr('class', 'label').attr('x', 12).attr('y', 14);
        return g;
      });
    satSel.attr('transform', (d) => `translate(${screen(d.at.lonDeg, d.at.latDeg)})`)
      .attr('data-lat', (d) => d.at.latDeg.toFixed(3)).attr('data-lon', (d) => d.at.lonDeg.toFixed(3));
    // Constellations: names and off-map arrows only for a few satellites, or the map drowns in them.
    const few = sats.length <= 4;
    satSel.select('.label').text((d) => (few ? `${d.name} · ${Math.round(d.at.altKm)} km` : ''));
    satSel.on('mousemove', (e, d) => showTooltip(e, `<b>${escapeHtml(d.name)}</b><br>${formatUtc(timeMs)}<br>${d.at.latDeg.toFixed(2)}° ${d.at.lonDeg.toFixed(2)}°, ${d.at.altKm.toFixed(0)} km<br>footprint above ${d.maskDeg}°: ${(d.at.footprintDeg * 111.2).toFixed(0)} km radius`))
      .on('mouseleave', hideTooltip);

    // A satellite outside the view: an arrow on the edge pointing to it, so it is never lost.
    const inset = 16;
    const off = (few ? sats : []).map((d) => ({ d, p: screen(d.at.lonDeg, d.at.latDeg) }))
      .filter(({ p }) => p[0] < 0 || p[0] > width || p[1] < 0 || p[1] > height)
      .map(({ d, p }) => {
        const vx = p[0] - width / 2;
        const vy = p[1] - height / 2;
        const k = Math.min((width / 2 - inset) / Math.abs(vx || 1e-9), (height / 2 - inset) / Math.abs(vy || 1e-9));
        return { d, x: width / 2 + vx * k, y: height / 2 + vy * k, angle: (Math.atan2(vy, vx) * 180) / Math.PI };
      });
    const offSel = gOverlay.select('.offscreen').selectAll('g.off-satellite').data(off, (o) => o.d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'off-satellite');
        g.append('path').attr('d', 'M 9 0 L -5 -6 L -5 6 Z');
        g.append('text').attr('class', 'label');
        return g;
      });
    offSel.attr('transform', (o) => `translate(${o.x},${o.y})`).on('click', () => fitSatellite());
    offSel.select('path').attr('transform', (o) => `rotate(${o.angle})`);
    offSel.select('text')
      .attr('x', (o) => (o.x > width / 2 ? -12 : 12)).attr('y', (o) => (o.y > height / 2 ? -10 : 16))
      .attr('text-anchor', (o) => (o.x > width / 2 ? 'end' : 'start'))
      .text((o) => `${o.d.name} (off the map: click)`);

    const beams = [];
    for (const p of passesAt(timeMs)) {
      const sat = sats.find((s) => s.id === p.satelliteId);
      const st = nodeScreen(p.station);
      if (sat && st) beams.push({ key: `${p.linkId}`, from: screen(sat.at.lonDeg, sat.at.latDeg), to: st, keying: p.keying });
    }
    gOverlay.select('.beams').selectAll('line.beam').data(beams, (d) => d.key)
      .join('line').attr('class', 'beam').classed('keying', (d) => d.keying)
      .attr('x1', (d) => d.from[0]).attr('y1', (d) => d.from[1]).attr('x2', (d) => d.to[0]).attr('y2', (d) => d.to[1]);
  }

  /** Track and footprint (geographic shapes, drawn in the zoomed layer). */
  function drawTracks() {
    if (!gWorld) return;
    const sats = satellitePositions();
    gWorld.select('.footprints').selectAll('path.footprint').data(sats, (d) => d.id)
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
    gWorld.select('.tracks').selectAll('path.track').data(parts, (d) => d.key)
      .join('path').attr('class', (d) => d.cls)
      .attr('d', (d) => (d.coords.length > 1 ? geoPath({ type: 'LineString', coordinates: d.coords }) : null));
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(280, Math.round(_));
    height = Math.round(Math.max(260, Math.min(560, width * 0.52)));
    resize();
    return chart;
  };
  chart.height = () => height;
  /** Basemap from a world-atlas countries topology. */
  chart.basemap = function (topology) {
    basemap = {
      land: topojson.feature(topology, topology.objects.land ?? topology.objects.countries),
      borders: topology.objects.countries ? topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b) : { type: 'MultiLineString', coordinates: [] },
    };
    if (gWorld) drawBasemap();
    return chart;
  };
  /** The network: nodes [{id, kind, name, latDeg, lonDeg}] and links [{id, kind, from, to, capacityBits, warningBits}]. */
  chart.network = function (n, l, hasSatellites) {
    nodes = n;
    links = l;
    tracks = [];
    highlighted = null;
    withSatellites = Boolean(hasSatellites);
    fit(false);
    drawOverlay();
    return chart;
  };
  /** levelAt(linkId, tMs) -> {bits, fraction, belowWarning, down: outage reason | null} | null. */
  chart.levels = function (_) {
    levelAt = _;
    return chart;
  };
  /** passesAt(tMs) -> [{linkId, station, satelliteId, keying}] for the passes in progress. */
  chart.passes = function (_) {
    passesAt = _;
    return chart;
  };
  /** Ground tracks: [{id, name, maskDeg, points: [{tMs, latDeg, lonDeg, altKm, footprintDeg}]}]. */
  chart.tracks = function (_) {
    tracks = _;
    drawTracks();
    drawOverlay();
    return chart;
  };
  chart.time = function (_) {
    if (!arguments.length) return timeMs;
    timeMs = _;
    drawTracks();
    drawOverlay();
    return chart;
  };
  /** Emphasises some links (a demand's path); null clears. */
  chart.highlight = function (ids) {
    highlighted = ids ? new Set(ids) : null;
    drawOverlay();
    return chart;
  };
  chart.fit = () => fit(true);
  return chart;
}
