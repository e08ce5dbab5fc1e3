// The pass timeline: one row per ground station, one bar per satellite pass from rise to set,
// coloured by what it yielded, on the dashboard's shared time axis (ctrl + wheel or pinch to zoom,
// drag to pan: the pool and demand charts follow). A click or tap picks the pass nearest to it
// (within 22 px, so thin bars can be tapped) and moves the clock to its culmination; elsewhere it
// moves the clock there. By keyboard: Tab to the chart, arrows move between passes, Enter picks.
import { passFill, passOutcomeStyle } from '../palette.js';
import { escapeHtml, formatBits, formatDuration, formatUtc, utcAxis } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';
import { attachTimeZoom } from '../time-axis.js';

const MARGIN = { top: 8, right: 24, bottom: 28, left: 96 };
/** Half the usual 44 px touch target: how far from a bar a tap still picks it. */
const PICK_PX = 22;
const MIN_BAR_PX = 3;

export function passTimeline(axis) {
  let width = 800;
  let passes = [];
  let stations = [];
  let timeMs = null;
  let selected = null;
  let onSeek = () => {};
  let onSelect = () => {};
  let svg;
  let legend;
  let keyScale = null;
  let note;
  let sync = () => {};

  const rowPx = () => (width < 600 ? 44 : 26);
  const margin = () => ({ ...MARGIN, left: width < 600 ? 70 : MARGIN.left });
  const height = () => MARGIN.top + Math.max(1, stations.length) * rowPx() + MARGIN.bottom;
  const x = () => d3.scaleUtc().domain(axis.view()).range([margin().left, width - MARGIN.right]);
  const rowScale = () => d3.scaleBand().domain(stations.map((s) => s.id)).range([MARGIN.top, height() - MARGIN.bottom]).paddingInner(0.2).paddingOuter(0.1);

  function chart(container) {
    const root = d3.select(container);
    note = root.append('p').attr('class', 'empty').attr('hidden', true).text('No satellite passes: this scenario has no downlinks.');
    svg = root.append('svg').attr('class', 'timeline-svg').attr('tabindex', 0).attr('role', 'listbox')
      .attr('aria-label', 'Satellite passes per ground station over time: arrow keys move between passes, Enter shows one');
    svg.append('clipPath').attr('id', 'timeline-clip').append('rect');
    svg.append('rect').attr('class', 'zoom-surface');
    svg.append('g').attr('class', 'rows');
    svg.append('g').attr('class', 'bars').attr('clip-path', 'url(#timeline-clip)');
    svg.append('g').attr('class', 'x-axis');
    svg.append('line').attr('class', 'cursor');
    legend = root.append('div').attr('class', 'legend');
    sync = attachTimeZoom(svg, axis, { left: () => margin().left, right: () => width - MARGIN.right }, 'timeline');
    svg.on('click', (e) => {
      if (e.defaultPrevented) return;
      const [px, py] = d3.pointer(e, svg.node());
      const m = margin();
      if (px < m.left - PICK_PX || px > width - MARGIN.right + PICK_PX) return;
      const hit = pick(px, py);
      if (hit) choose(hit, true);
      else if (px >= m.left && px <= width - MARGIN.right) onSeek(+x().invert(px));
    });
    svg.on('keydown', keydown);
    axis.on(() => draw());
    layout();
  }

  /** The pass nearest to (px, py) in the row under py, within PICK_PX; null when none. */
  function pick(px, py) {
    const y = rowScale();
    const row = stations.find((s) => py >= y(s.id) - 4 && py <= y(s.id) + y.bandwidth() + 4);
    if (!row) return null;
    const sx = x();
    let best = null;
    let bestPx = PICK_PX;
    for (const p of passes) {
      if (p.station !== row.id) continue;
      const a = sx(p.riseMs);
      const b = Math.max(a + MIN_BAR_PX, sx(p.setMs));
      const d = px < a ? a - px : px > b ? px - b : 0;
      if (d < bestPx || (d === 0 && bestPx === 0)) {
        best = p;
        bestPx = d;
      }
    }
    return best;
  }

  function choose(p, seek) {
    selected = p;
    drawSelection();
    onSelect(p);
    if (seek) onSeek(p.culminationMs);
  }

  /** Arrow keys: left / right to the previous / next pass in time, up / down to the nearest pass of another row. */
  function keydown(e) {
    if (passes.length === 0) return;
    const ordered = passes;
    const i = selected ? ordered.indexOf(selected) : -1;
    let next = null;
    if (e.key === 'ArrowRight') next = ordered[Math.min(ordered.length - 1, i + 1)];
    else if (e.key === 'ArrowLeft') next = ordered[Math.max(0, i - 1)];
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const ids = stations.map((s) => s.id);
      const r = ids.indexOf(selected?.station ?? ids[0]) + (e.key === 'ArrowDown' ? 1 : -1);
      const t = selected?.culminationMs ?? axis.view()[0];
      const row = ordered.filter((p) => p.station === ids[r]);
      next = row.sort((a, b) => Math.abs(a.culminationMs - t) - Math.abs(b.culminationMs - t))[0] ?? null;
    } else if (e.key === 'Home') next = ordered[0];
    else if (e.key === 'End') next = ordered[ordered.length - 1];
    else if ((e.key === 'Enter' || e.key === ' ') && selected) {
      e.preventDefault();
      choose(selected, true);
      return;
    } else return;
    e.preventDefault();
    if (!next) return;
    // Keep the focused pass in view: pan the shared axis when it is outside.
    const [a, b] = axis.view();
    if (next.setMs < a || next.riseMs > b) axis.set([next.culminationMs - (b - a) / 2, next.culminationMs + (b - a) / 2], 'timeline');
    choose(next, false);
  }

  function layout() {
    if (!svg) return;
    const h = height();
    const m = margin();
    svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', width).attr('height', h);
    svg.select('#timeline-clip rect').attr('x', m.left).attr('y', 0).attr('width', width - m.left - MARGIN.right).attr('height', h);
    svg.select('.zoom-surface').attr('x', m.left).attr('y', MARGIN.top).attr('width', width - m.left - MARGIN.right).attr('height', h - MARGIN.top - MARGIN.bottom);
    const y = rowScale();
    const rows = svg.select('.rows').selectAll('g.row').data(stations, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'row');
        g.append('rect').attr('class', 'row-bg');
        g.append('text').attr('class', 'row-label');
        return g;
      });
    rows.attr('transform', (d) => `translate(0,${y(d.id)})`);
    rows.select('.row-bg').attr('x', m.left).attr('width', width - m.left - MARGIN.right).attr('height', y.bandwidth());
    rows.select('.row-label').attr('x', m.left - 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end')
      .text((d) => d.id).selectAll('title').data((d) => [d]).join('title').text((d) => d.name || d.id);
    draw();
    drawLegend();
  }

  function draw() {
    if (!svg) return;
    sync();
    const y = rowScale();
    const h = height();
    const sx = x();
    const m = margin();
    svg.select('.x-axis').attr('transform', `translate(0,${h - MARGIN.bottom})`).call(utcAxis(sx, width - m.left - MARGIN.right));
    const [a, b] = axis.view();
    svg.attr('data-view', `${a}/${b}`);
    const visible = passes.filter((p) => y(p.station) !== undefined && p.setMs >= a && p.riseMs <= b);
    svg.select('.bars').selectAll('rect.pass').data(visible, (d) => d.key)
      .join((enter) => enter.append('rect').attr('class', 'pass').attr('role', 'option')
        .attr('id', (d) => `pass-${d.key}`).attr('data-index', (d) => d.key)
        .attr('data-outcome', (d) => d.outcome).attr('data-station', (d) => d.station)
        .attr('aria-label', (d) => `${d.satellite} over ${d.station}, ${formatUtc(d.riseMs)}, ${passOutcomeStyle(d.outcome).label}`))
      .attr('x', (d) => sx(d.riseMs))
      .attr('width', (d) => Math.max(MIN_BAR_PX, sx(d.setMs) - sx(d.riseMs)))
      .attr('y', (d) => y(d.station))
      .attr('height', y.bandwidth())
      .attr('fill', (d) => passFill(d.outcome, keyScale, d.deliveredBits))
      .on('mousemove', (e, d) => showTooltip(e, passHtml(d)))
      .on('mouseleave', hideTooltip);
    drawSelection();
    drawCursor();
  }

  function drawSelection() {
    if (!svg) return;
    svg.selectAll('rect.pass').classed('selected', (d) => d === selected).attr('aria-selected', (d) => (d === selected ? 'true' : 'false'));
    svg.attr('aria-activedescendant', selected && !svg.select(`#pass-${selected.key}`).empty() ? `pass-${selected.key}` : null);
  }

  function drawCursor() {
    if (!svg) return;
    const sx = x();
    const m = margin();
    const inside = timeMs !== null && sx(timeMs) >= m.left && sx(timeMs) <= width - MARGIN.right;
    svg.select('.cursor').attr('display', inside ? null : 'none')
      .attr('x1', inside ? sx(timeMs) : 0).attr('x2', inside ? sx(timeMs) : 0).attr('y1', MARGIN.top - 4).attr('y2', height() - MARGIN.bottom);
  }

  function drawLegend() {
    if (!legend) return;
    note.attr('hidden', stations.length > 0 ? true : null);
    svg.style('display', stations.length > 0 ? null : 'none');
    legend.attr('hidden', stations.length > 0 ? null : true);
    const outcomes = ['keyed', ...new Set(passes.map((p) => p.outcome).filter((o) => o !== 'keyed'))];
    legend.html('');
    for (const o of outcomes) {
      const item = legend.append('span').attr('class', 'legend-item');
      item.append('svg').attr('width', 16).attr('height', 12).attr('class', 'swatch')
        .append('rect').attr('width', 16).attr('height', 12).attr('fill', o === 'keyed' && keyScale ? keyScale(keyScale.max) : passFill(o));
      item.append('span').text(`${passOutcomeStyle(o).label} (${passes.filter((p) => p.outcome === o).length})`);
    }
    if (keyScale) {
      const item = legend.append('span').attr('class', 'legend-item');
      item.append('span').text('key: ');
      const sw = item.append('svg').attr('width', 70).attr('height', 12);
      const grad = sw.append('defs').append('linearGradient').attr('id', 'timeline-key-gradient');
      for (const f of [0, 0.5, 1]) grad.append('stop').attr('offset', `${f * 100}%`).attr('stop-color', keyScale(f * keyScale.max));
      sw.append('rect').attr('width', 70).attr('height', 12).attr('fill', 'url(#timeline-key-gradient)');
      item.append('span').text(` 0 – ${formatBits(keyScale.max)} delivered`);
    }
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(300, Math.round(_));
    layout();
    return chart;
  };
  /** Data: passes [{satellite, station, riseMs, setMs, culminationMs, outcome, deliveredBits, ...}], stations [{id, name}]. */
  chart.data = function (p, s) {
    passes = p.map((d, i) => ({ ...d, key: i }));
    stations = s;
    selected = null;
    const maxBits = d3.max(passes, (d) => (d.outcome === 'keyed' ? d.deliveredBits : 0)) || 0;
    // Light to dark blue as the delivered key grows; the light end stays visible on white.
    keyScale = maxBits > 0 ? (bits) => d3.interpolateBlues(0.45 + 0.55 * Math.min(1, bits / maxBits)) : null;
    if (keyScale) keyScale.max = maxBits;
    layout();
    return chart;
  };
  /** Selects the pass of report index i (null clears), without seeking. */
  chart.select = function (i) {
    selected = i === null ? null : (passes.find((p) => p.key === i) ?? null);
    drawSelection();
    return chart;
  };
  chart.time = function (_) {
    if (!arguments.length) return timeMs;
    timeMs = _;
    drawCursor();
    return chart;
  };
  chart.svg = () => svg?.node() ?? null;
  chart.onSeek = function (_) {
    onSeek = _;
    return chart;
  };
  chart.onSelect = function (_) {
    onSelect = _;
    return chart;
  };
  return chart;
}

/** Tooltip and details text of a pass. */
export function passHtml(d) {
  const style = passOutcomeStyle(d.outcome);
  return `<b>${escapeHtml(d.satellite)} over ${escapeHtml(d.station)}</b><br>`
    + `${formatUtc(d.riseMs)} → ${formatUtc(d.setMs).slice(11)} (${formatDuration((d.setMs - d.riseMs) / 1000)})<br>`
    + `max elevation ${d.maxElevationDeg.toFixed(1)}°, ${Math.round(d.rangeAtCulminationKm)} km<br>`
    + `outcome: <b>${escapeHtml(style.label)}</b>`
    + (d.secretBits !== null && d.secretBits !== undefined ? `<br>secret key ${formatBits(d.secretBits)}, delivered ${formatBits(d.deliveredBits)}` : '')
    + (d.keyWindowS ? `<br>key window ${formatDuration(d.keyWindowS)}` : '')
    + `<br>Sun at culmination ${d.sunElevationAtCulminationDeg.toFixed(1)}°`;
}
