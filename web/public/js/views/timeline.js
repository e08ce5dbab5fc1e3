// The pass timeline: one row per ground station, one bar per satellite pass from rise to set,
// coloured by what it yielded. Wheel or pinch to zoom in time, drag to pan, double-click to reset;
// click a bar (or anywhere) to move the dashboard's time there.
import { passFill, passOutcomeStyle } from '../palette.js';
import { escapeHtml, formatBits, formatDuration, formatUtc, utcTick } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

const MARGIN = { top: 8, right: 28, bottom: 40, left: 96 };
const ROW_PX = 26;
const MIN_BAR_PX = 3;

export function passTimeline() {
  let width = 800;
  let passes = [];
  let stations = [];
  let domain = [new Date(0), new Date(1)];
  let timeMs = null;
  let onSeek = () => {};
  let svg;
  let legend;
  let x0 = d3.scaleUtc();
  let x = x0;
  let keyScale = null;
  let zoom;
  let note;

  const height = () => MARGIN.top + Math.max(1, stations.length) * ROW_PX + MARGIN.bottom;

  function chart(container) {
    const root = d3.select(container);
    svg = root.append('svg').attr('class', 'timeline-svg').attr('role', 'img').attr('aria-label', 'Satellite passes per ground station over time');
    svg.append('clipPath').attr('id', 'timeline-clip').append('rect');
    svg.append('g').attr('class', 'rows');
    svg.append('g').attr('class', 'bars').attr('clip-path', 'url(#timeline-clip)');
    svg.append('g').attr('class', 'x-axis');
    svg.append('text').attr('class', 'axis-label');
    svg.append('line').attr('class', 'cursor');
    svg.append('rect').attr('class', 'zoom-surface').lower();
    legend = root.append('div').attr('class', 'legend');
    note = root.insert('p', ':first-child').attr('class', 'empty').attr('hidden', true).text('No satellite passes: this scenario has no downlinks.');
    zoom = d3.zoom().scaleExtent([1, 2000]).on('zoom', (e) => {
      x = e.transform.rescaleX(x0);
      draw();
    });
    svg.call(zoom).on('dblclick.zoom', null).on('dblclick', () => svg.transition().duration(400).call(zoom.transform, d3.zoomIdentity));
    svg.on('click', (e) => {
      if (e.defaultPrevented) return;
      const [px] = d3.pointer(e, svg.node());
      if (px < MARGIN.left || px > width - MARGIN.right) return;
      onSeek(+x.invert(px));
    });
    layout();
  }

  function layout() {
    if (!svg) return;
    const h = height();
    svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', width).attr('height', h);
    x0 = d3.scaleUtc().domain(domain).range([MARGIN.left, width - MARGIN.right]);
    x = d3.zoomTransform(svg.node()).rescaleX(x0);
    zoom.extent([[MARGIN.left, 0], [width - MARGIN.right, h]]).translateExtent([[MARGIN.left, 0], [width - MARGIN.right, h]]);
    svg.select('#timeline-clip rect').attr('x', MARGIN.left).attr('y', 0).attr('width', width - MARGIN.left - MARGIN.right).attr('height', h);
    svg.select('.zoom-surface').attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', width - MARGIN.left - MARGIN.right).attr('height', h - MARGIN.top - MARGIN.bottom);
    svg.select('.axis-label').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', h - 4).attr('text-anchor', 'middle').text('time (UTC)');
    const y = rowScale();
    const rows = svg.select('.rows').selectAll('g.row').data(stations, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'row');
        g.append('rect').attr('class', 'row-bg');
        g.append('text').attr('class', 'row-label');
        return g;
      });
    rows.attr('transform', (d) => `translate(0,${y(d.id)})`);
    rows.select('.row-bg').attr('x', MARGIN.left).attr('width', width - MARGIN.left - MARGIN.right).attr('height', y.bandwidth());
    rows.select('.row-label').attr('x', MARGIN.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end')
      .text((d) => d.id).append('title').text((d) => d.name || d.id);
    draw();
    drawLegend();
  }

  const rowScale = () => d3.scaleBand().domain(stations.map((s) => s.id)).range([MARGIN.top, height() - MARGIN.bottom]).paddingInner(0.2).paddingOuter(0.1);

  function draw() {
    if (!svg) return;
    const y = rowScale();
    const h = height();
    const axis = d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 90))).tickFormat(utcTick).tickSizeOuter(0);
    svg.select('.x-axis').attr('transform', `translate(0,${h - MARGIN.bottom})`).call(axis);
    const visible = passes.filter((p) => y(p.station) !== undefined);
    svg.select('.bars').selectAll('rect.pass').data(visible, (d) => d.key)
      .join((enter) => enter.append('rect').attr('class', 'pass').attr('data-outcome', (d) => d.outcome).attr('data-station', (d) => d.station))
      .attr('x', (d) => x(d.riseMs))
      .attr('width', (d) => Math.max(MIN_BAR_PX, x(d.setMs) - x(d.riseMs)))
      .attr('y', (d) => y(d.station))
      .attr('height', y.bandwidth())
      .attr('fill', (d) => passFill(d.outcome, keyScale, d.deliveredBits))
      .on('mousemove', (e, d) => showTooltip(e, passHtml(d)))
      .on('mouseleave', hideTooltip)
      .on('click', (e, d) => {
        e.stopPropagation();
        onSeek(d.culminationMs);
      });
    drawCursor();
  }

  function drawCursor() {
    if (!svg) return;
    const h = height();
    const inside = timeMs !== null && x(timeMs) >= MARGIN.left && x(timeMs) <= width - MARGIN.right;
    svg.select('.cursor').attr('display', inside ? null : 'none')
      .attr('x1', inside ? x(timeMs) : 0).attr('x2', inside ? x(timeMs) : 0).attr('y1', MARGIN.top - 4).attr('y2', h - MARGIN.bottom);
  }

  function passHtml(d) {
    const style = passOutcomeStyle(d.outcome);
    return `<b>${escapeHtml(d.satellite)} over ${escapeHtml(d.station)}</b><br>`
      + `${formatUtc(d.riseMs)} → ${formatUtc(d.setMs).slice(11)} (${formatDuration((d.setMs - d.riseMs) / 1000)})<br>`
      + `max elevation ${d.maxElevationDeg.toFixed(1)}°, ${Math.round(d.rangeAtCulminationKm)} km<br>`
      + `outcome: <b>${escapeHtml(style.label)}</b>`
      + (d.secretBits !== null && d.secretBits !== undefined ? `<br>secret key ${formatBits(d.secretBits)}, delivered ${formatBits(d.deliveredBits)}` : '')
      + (d.keyWindowS ? `<br>key window ${formatDuration(d.keyWindowS)}` : '')
      + `<br>Sun at culmination ${d.sunElevationAtCulminationDeg.toFixed(1)}°`;
  }

  function drawLegend() {
    if (!legend) return;
    note.attr('hidden', stations.length > 0 ? true : null);
    svg.style('display', stations.length > 0 ? null : 'none');
    legend.attr('hidden', stations.length > 0 ? null : true);
    const outcomes = ['keyed', ...new Set(passes.map((p) => p.outcome).filter((o) => o !== 'keyed'))];
    const items = outcomes.map((o) => ({ o, s: passOutcomeStyle(o) }));
    legend.html('');
    for (const { o, s } of items) {
      const item = legend.append('span').attr('class', 'legend-item');
      const sw = item.append('svg').attr('width', 16).attr('height', 12).attr('class', 'swatch');
      sw.append('rect').attr('width', 16).attr('height', 12).attr('fill', o === 'keyed' && keyScale ? keyScale(keyScale.domain()[1]) : passFill(o));
      item.append('span').text(`${s.label} (${passes.filter((p) => p.outcome === o).length})`);
    }
    if (keyScale) {
      const max = keyScale.domain()[1];
      const item = legend.append('span').attr('class', 'legend-item');
      item.append('span').text('key: ');
      const sw = item.append('svg').attr('width', 70).attr('height', 12);
      const id = 'timeline-key-gradient';
      const grad = sw.append('defs').append('linearGradient').attr('id', id);
      for (const f of [0, 0.5, 1]) grad.append('stop').attr('offset', `${f * 100}%`).attr('stop-color', keyScale(f * max));
      sw.append('rect').attr('width', 70).attr('height', 12).attr('fill', `url(#${id})`);
      item.append('span').text(` 0 – ${formatBits(max)} delivered`);
    }
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(320, Math.round(_));
    layout();
    return chart;
  };
  /**
   * Data: passes [{satellite, station, riseMs, setMs, culminationMs, outcome, deliveredBits, ...}],
   * stations [{id, name}], and the run's [startMs, endMs].
   */
  chart.data = function (p, s, [startMs, endMs]) {
    passes = p.map((d, i) => ({ ...d, key: i }));
    stations = s;
    domain = [new Date(startMs), new Date(endMs)];
    const maxBits = d3.max(passes, (d) => (d.outcome === 'keyed' ? d.deliveredBits : 0)) || 0;
    // Light to dark blue as the delivered key grows; the light end stays visible on white.
    keyScale = maxBits > 0 ? (bits) => d3.interpolateBlues(0.45 + 0.55 * Math.min(1, bits / maxBits)) : null;
    if (keyScale) keyScale.domain = () => [0, maxBits];
    if (svg) svg.call(zoom.transform, d3.zoomIdentity);
    layout();
    return chart;
  };
  chart.time = function (_) {
    if (!arguments.length) return timeMs;
    timeMs = _;
    drawCursor();
    return chart;
  };
  chart.onSeek = function (_) {
    onSeek = _;
    return chart;
  };
  return chart;
}
