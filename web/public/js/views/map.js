// The network map: world basemap with night shaded, ground stations with their key-mask footprints,
// relays and user sites, links coloured by their key pool level (drawn above the small relay
// markers), each satellite's ground track, position and footprint at the dashboard's time. Drag
// or pinch to pan and zoom (ctrl + wheel: a plain wheel scrolls the page); double-click resets.
// Tab to the map, arrow keys move between nodes, Enter shows one; clicks and taps do the same.
import { NODE_KINDS, poolColour } from '../palette.js';
import { escapeHtml, formatUtc } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';
import { drawKeyFootprints, drawNight, drawTracks, sunAt, trackPosition } from './map-layers.js';
import { labelText, placeLabels } from './map-labels.js';
import { linkHtml, nodeHtml } from './map-text.js';

export { linkHtml };

export { trackPosition };
const SYMBOLS = { circle: d3.symbolCircle, square: d3.symbolSquare, diamond: d3.symbolDiamond };
/** Marker areas, px²: numbered relays small, so the links over them stay visible. */
const markerSize = (d) => (d.kind === 'station' ? 110 : d.kind === 'relay' ? (d.name && d.name !== d.id ? 60 : 22) : 70);

export function networkMap() {
  let width = 800;
  let height = 420;
  let basemap = null;
  let nodes = [];
  let links = [];
  let levelAt = null;
  let passesAt = () => [];
  let tracks = [];
  let sun = [];
  let keySunDeg = null;
  let footprints = [];
  let timeMs = null;
  let highlighted = null;
  let hoverId = null;
  let focusId = null;
  let follow = false;
  let withSatellites = false;
  let onSelect = () => {};
  let svg;
  let gWorld;
  let gOverlay;
  let zoom;
  let transform = d3.zoomIdentity;
  let pathZoom = null;
  const projection = d3.geoEquirectangular();
  const geoPath = d3.geoPath(projection);

  function chart(container) {
    svg = d3.select(container).append('svg').attr('class', 'map-svg').attr('tabindex', 0).attr('role', 'listbox')
      .attr('aria-label', 'Map of the network: arrow keys move between nodes, Enter shows one');
    gWorld = svg.append('g').attr('class', 'world');
    for (const c of ['sphere', 'graticule', 'land', 'borders']) gWorld.append('path').attr('class', c);
    for (const c of ['night', 'key-footprints', 'footprints', 'tracks']) gWorld.append('g').attr('class', c);
    gOverlay = svg.append('g').attr('class', 'overlay');
    for (const c of ['relays', 'links', 'relay-hits', 'beams', 'nodes', 'labels', 'satellites', 'offscreen']) gOverlay.append('g').attr('class', c);
    zoom = d3.zoom().scaleExtent([1, 400])
      .filter((e) => (e.type === 'wheel' ? e.ctrlKey || e.metaKey : !e.button))
      .on('zoom', (e) => {
        transform = e.transform;
        gWorld.attr('transform', transform);
        drawOverlay();
      });
    svg.call(zoom).on('dblclick.zoom', null).on('dblclick', () => fit(true));
    svg.on('keydown', keydown);
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

  /** The transform showing [lon, lat] points with `pad` degrees round them. */
  function transformFor(points, pad) {
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    const [x0, y0] = projection([d3.min(lons) - pad, Math.min(85, d3.max(lats) + pad)]);
    const [x1, y1] = projection([d3.max(lons) + pad, Math.max(-85, d3.min(lats) - pad)]);
    const k = Math.max(1, Math.min(400, 0.92 / Math.max((x1 - x0) / width, (y1 - y0) / height)));
    return d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
  }

  /** Zooms to the placed nodes, with room for satellite footprints when there are satellites. */
  function fit(animate) {
    if (!svg) return;
    const placed = placedNodes().map((n) => [n.lonDeg, n.latDeg]);
    let t = d3.zoomIdentity;
    if (placed.length > 0) {
      const span = Math.max(d3.max(placed, (p) => p[0]) - d3.min(placed, (p) => p[0]), d3.max(placed, (p) => p[1]) - d3.min(placed, (p) => p[1]));
      t = transformFor(placed, withSatellites ? Math.max(14, span * 0.2) : Math.max(0.6, span * 0.12));
    }
    (animate ? svg.transition().duration(500) : svg).call(zoom.transform, t);
  }

  const placedNodes = () => nodes.filter((n) => n.kind !== 'satellite' && n.latDeg !== null && n.lonDeg !== null);
  const screen = (lonDeg, latDeg) => transform.apply(projection([lonDeg, latDeg]));
  const nodeById = (id) => nodes.find((x) => x.id === id);
  function nodeScreen(id) {
    const n = nodeById(id);
    return n && n.latDeg !== null && n.lonDeg !== null ? screen(n.lonDeg, n.latDeg) : null;
  }
  function satellitePositions() {
    if (timeMs === null) return [];
    return tracks.map((s) => ({ ...s, at: trackPosition(s.points, timeMs) })).filter((s) => s.at);
  }

  /** Arrow keys walk the nodes west to east (up / down: north / south of the focused one); Enter picks. */
  function keydown(e) {
    const list = placedNodes().slice().sort((a, b) => a.lonDeg - b.lonDeg || b.latDeg - a.latDeg);
    if (list.length === 0) return;
    const i = list.findIndex((n) => n.id === focusId);
    let next = null;
    if (e.key === 'ArrowRight') next = list[Math.min(list.length - 1, i + 1)];
    else if (e.key === 'ArrowLeft') next = list[Math.max(0, i - 1)];
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const cur = list[Math.max(0, i)];
      const sign = e.key === 'ArrowUp' ? 1 : -1;
      next = list.filter((n) => sign * (n.latDeg - cur.latDeg) > 0).sort((a, b) => Math.hypot(a.lonDeg - cur.lonDeg, a.latDeg - cur.latDeg) - Math.hypot(b.lonDeg - cur.lonDeg, b.latDeg - cur.latDeg))[0] ?? cur;
    } else if ((e.key === 'Enter' || e.key === ' ') && i >= 0) {
      e.preventDefault();
      onSelect({ type: 'node', node: list[i] });
      return;
    } else return;
    e.preventDefault();
    focusId = next.id;
    drawOverlay();
  }

  function drawOverlay() {
    if (!gOverlay) return;
    const active = passesAt(timeMs);
    const activeStations = new Set(active.map((p) => p.station));
    const placed = placedNodes();
    const relays = placed.filter((n) => n.kind === 'relay');
    const others = placed.filter((n) => n.kind !== 'relay');
    const marker = (g) => {
      g.append('circle').attr('class', 'pass-ring').attr('r', 12);
      g.append('circle').attr('class', 'focus-ring').attr('r', 10);
      g.append('path').attr('class', 'marker')
        .attr('d', (d) => d3.symbol(SYMBOLS[(NODE_KINDS[d.kind] ?? NODE_KINDS.user).symbol], markerSize(d))())
        .attr('fill', (d) => (NODE_KINDS[d.kind] ?? { fill: '#777' }).fill);
      g.append('circle').attr('class', 'hit').attr('r', 11);
    };
    const bind = (sel) => sel
      .on('mouseenter', (e, d) => {
        hoverId = d.id;
        drawLabels();
      })
      .on('mousemove', (e, d) => showTooltip(e, nodeHtml(d, activeStations.has(d.id))))
      .on('mouseleave', () => {
        hoverId = null;
        hideTooltip();
        drawLabels();
      })
      .on('click', (e, d) => {
        focusId = d.id;
        onSelect({ type: 'node', node: d });
        drawOverlay();
      });
    const nodeSel = (group, data) => bind(gOverlay.select(group).selectAll('g.node').data(data, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', (d) => `node ${d.kind}`).attr('data-id', (d) => d.id).attr('role', 'option').attr('id', (d) => `map-node-${d.id}`);
        marker(g);
        return g;
      })
      .attr('transform', (d) => `translate(${screen(d.lonDeg, d.latDeg)})`)
      .attr('aria-label', (d) => `${labelText(d)} (${(NODE_KINDS[d.kind] ?? { label: d.kind }).label})`)
      .classed('in-pass', (d) => activeStations.has(d.id))
      .classed('focused', (d) => d.id === focusId));
    // Relays sit under the links; their pointer targets go above them, so they can still be hovered.
    bind(gOverlay.select('.relay-hits').selectAll('circle.relay-hit').data(relays, (d) => d.id)
      .join('circle').attr('class', 'relay-hit').attr('data-id', (d) => d.id).attr('r', 6)
      .attr('cx', (d) => screen(d.lonDeg, d.latDeg)[0]).attr('cy', (d) => screen(d.lonDeg, d.latDeg)[1]));
    nodeSel('.relays', relays);
    nodeSel('.nodes', others);
    svg.attr('aria-activedescendant', focusId ? `map-node-${focusId}` : null);

    const drawable = links.filter((l) => nodeScreen(l.from) && nodeScreen(l.to));
    const linkSel = gOverlay.select('.links').selectAll('g.link').data(drawable, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'link').attr('data-id', (d) => d.id);
        for (const c of ['casing', 'level', 'hit']) g.append('line').attr('class', c);
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
    linkSel.filter('.highlight').raise();
    linkSel.on('mousemove', (e, d) => showTooltip(e, linkHtml(d, levelAt && timeMs !== null ? levelAt(d.id, timeMs) : null)))
      .on('mouseleave', hideTooltip)
      .on('click', (e, d) => onSelect({ type: 'link', link: d }));
    drawLabels();
    drawSatellites(active);
  }

  function drawLabels() {
    if (!gOverlay) return;
    const items = placedNodes().map((d) => {
      const [x, y] = screen(d.lonDeg, d.latDeg);
      return { d, x, y };
    }).filter((p) => p.x >= -20 && p.x <= width + 20 && p.y >= -20 && p.y <= height + 20);
    const spots = placeLabels(items, width, height, new Set([hoverId, focusId].filter(Boolean)));
    const shown = items.filter((p) => spots.get(p.d.id));
    gOverlay.select('.labels').selectAll('text.label').data(shown, (p) => p.d.id)
      .join('text').attr('class', (p) => `label ${p.d.kind}`).attr('data-id', (p) => p.d.id)
      .attr('x', (p) => p.x + spots.get(p.d.id).dx).attr('y', (p) => p.y + spots.get(p.d.id).dy)
      .attr('text-anchor', (p) => spots.get(p.d.id).anchor).text((p) => labelText(p.d));
  }

  function drawSatellites(active) {
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
    offSel.attr('transform', (o) => `translate(${o.x},${o.y})`).on('click', () => centreOnSatellite(true));
    offSel.select('path').attr('transform', (o) => `rotate(${o.angle})`);
    offSel.select('text')
      .attr('x', (o) => (o.x > width / 2 ? -12 : 12)).attr('y', (o) => (o.y > height / 2 ? -10 : 16))
      .attr('text-anchor', (o) => (o.x > width / 2 ? 'end' : 'start'))
      .text((o) => `${o.d.name} (off the map: click)`);
    const beams = [];
    for (const p of active) {
      const sat = sats.find((s) => s.id === p.satelliteId);
      const st = nodeScreen(p.station);
      if (sat && st) beams.push({ key: `${p.linkId}`, from: screen(sat.at.lonDeg, sat.at.latDeg), to: st, keying: p.keying });
    }
    gOverlay.select('.beams').selectAll('line.beam').data(beams, (d) => d.key)
      .join('line').attr('class', 'beam').classed('keying', (d) => d.keying)
      .attr('x1', (d) => d.from[0]).attr('y1', (d) => d.from[1]).attr('x2', (d) => d.to[0]).attr('y2', (d) => d.to[1]);
  }

  /** Pans (keeping the zoom) so the first satellite is in the middle. */
  function centreOnSatellite(animate) {
    const sat = satellitePositions()[0];
    if (!sat || !svg) return;
    const [x, y] = projection([sat.at.lonDeg, sat.at.latDeg]);
    const t = d3.zoomIdentity.translate(width / 2, height / 2).scale(transform.k).translate(-x, -y);
    (animate ? svg.transition().duration(500) : svg).call(zoom.transform, t);
  }

  function drawGeo() {
    if (!gWorld) return;
    drawNight(gWorld.select('.night'), geoPath, timeMs === null ? null : sunAt(sun, timeMs), keySunDeg);
    drawKeyFootprints(gWorld.select('.key-footprints'), geoPath, footprints);
    drawTracks(gWorld.select('.footprints'), gWorld.select('.tracks'), geoPath, satellitePositions(), timeMs);
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
  /** The network: nodes [{id, kind, name, latDeg, lonDeg}] and links [{id, kind, from, to, capacityBits, warningBits, keyFootprintDeg?, sunMaxElevationDeg?}]. */
  chart.network = function (n, l, hasSatellites) {
    nodes = n;
    links = l;
    tracks = [];
    sun = [];
    highlighted = null;
    focusId = null;
    withSatellites = Boolean(hasSatellites);
    const stations = new Map(nodes.map((x) => [x.id, x]));
    footprints = links.filter((x) => x.kind === 'downlink' && x.keyFootprintDeg > 0 && stations.get(x.to)?.latDeg !== null)
      .map((x) => ({ station: x.to, latDeg: stations.get(x.to).latDeg, lonDeg: stations.get(x.to).lonDeg, radiusDeg: x.keyFootprintDeg, keyMaskDeg: x.keyMaskDeg }))
      .filter((f, i, all) => all.findIndex((g) => g.station === f.station) === i);
    const thresholds = links.filter((x) => x.kind === 'downlink' && typeof x.sunMaxElevationDeg === 'number').map((x) => x.sunMaxElevationDeg);
    keySunDeg = thresholds.length > 0 ? d3.max(thresholds) : null;
    fit(false);
    drawGeo();
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
  /** Ground tracks [{id, name, maskDeg, points: [{tMs, ...}]}] and subsolar points [{tMs, latDeg, lonDeg}]. */
  chart.tracks = function (t, s = []) {
    tracks = t;
    sun = s;
    drawGeo();
    drawOverlay();
    return chart;
  };
  chart.time = function (_) {
    if (!arguments.length) return timeMs;
    timeMs = _;
    if (follow) centreOnSatellite(false);
    drawGeo();
    drawOverlay();
    return chart;
  };
  /** Keeps the first satellite in the middle as the clock runs. */
  chart.follow = function (_) {
    if (!arguments.length) return follow;
    follow = Boolean(_);
    if (follow) centreOnSatellite(true);
    return chart;
  };
  /**
   * Colours some links (a demand's path) and dims the rest; with `zoomTo`, zooms to them (and back
   * to the previous view when cleared). null clears.
   */
  chart.highlight = function (ids, zoomTo = false) {
    highlighted = ids ? new Set(ids) : null;
    if (svg && zoomTo && ids && ids.length > 0) {
      const ends = links.filter((l) => highlighted.has(l.id)).flatMap((l) => [nodeById(l.from), nodeById(l.to)]).filter((n) => n && n.latDeg !== null);
      if (ends.length > 0) {
        pathZoom ??= transform;
        const pts = ends.map((n) => [n.lonDeg, n.latDeg]);
        const span = Math.max(d3.max(pts, (p) => p[0]) - d3.min(pts, (p) => p[0]), d3.max(pts, (p) => p[1]) - d3.min(pts, (p) => p[1]));
        svg.transition().duration(400).call(zoom.transform, transformFor(pts, Math.max(0.3, span * 0.15)));
      }
    } else if (svg && !ids && pathZoom) {
      svg.transition().duration(400).call(zoom.transform, pathZoom);
      pathZoom = null;
    }
    drawOverlay();
    return chart;
  };
  chart.focusNode = function (id) {
    focusId = id;
    drawOverlay();
    return chart;
  };
  chart.fit = () => fit(true);
  chart.svg = () => svg?.node() ?? null;
  chart.onSelect = function (_) {
    onSelect = _;
    return chart;
  };
  return chart;
}
