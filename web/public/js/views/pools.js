// Key pool levels over time for the selected links and on-board stores (a downlink's pool is the
// key the satellite shares with that station), on the shared time axis. Each line is labelled at
// its right end; its pool's capacity is dashed and its warning threshold dotted, in its colour
// (a legend says which is which). Linear, log or percent-of-capacity scale; tooltips give values in
// the scale's unit. The critical pools are shown first (pool-picker.js); click to move the clock.
import { seriesStyle } from '../palette.js';
import { axisNumber, bitUnit, escapeHtml, formatBits, formatPercent, formatUtc, utcAxis } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';
import { attachTimeZoom } from '../time-axis.js';
import { PRESETS, poolPicker } from './pool-picker.js';

const MARGIN = { top: 12, right: 110, bottom: 28, left: 64 };

/** Value of a series at tMs, linear between samples (null outside them). */
export function valueAt(values, tMs) {
  if (values.length === 0) return null;
  const i = d3.bisector((v) => v.tMs).right(values, tMs);
  if (i === 0) return tMs === values[0].tMs ? values[0].bits : null;
  if (i >= values.length) return values[values.length - 1].bits;
  const a = values[i - 1];
  const b = values[i];
  return a.bits + ((tMs - a.tMs) / (b.tMs - a.tMs)) * (b.bits - a.bits);
}

export function poolChart(axis) {
  let width = 600;
  let height = 300;
  let series = [];
  let mode = 'linear';
  let timeMs = null;
  let onSeek = () => {};
  let onSelection = () => {};
  let svg;
  let root;
  let y = d3.scaleLinear();
  let unit = bitUnit(0);
  let sync = () => {};
  const picker = poolPicker().onChange(() => {
    draw();
    onSelection([...picker.selected()]);
  });

  const right = () => (width < 500 ? 16 : MARGIN.right);
  const x = () => d3.scaleUtc().domain(axis.view()).range([MARGIN.left, width - right()]);
  const shown = () => series.filter((s) => picker.selected().has(s.id));

  function chart(container) {
    root = d3.select(container);
    const controls = root.append('div').attr('class', 'chart-controls');
    const label = controls.append('label').text('scale ');
    label.append('select').attr('class', 'pool-mode').attr('aria-label', 'y scale')
      .on('change', (e) => {
        mode = e.target.value;
        draw();
      })
      .selectAll('option').data([['linear', 'key (linear)'], ['log', 'key (log)'], ['percent', '% of capacity']])
      .join('option').attr('value', (d) => d[0]).text((d) => d[1]);
    svg = root.append('svg').attr('class', 'pools-svg').attr('role', 'img').attr('aria-label', 'Key pool levels over time');
    for (const g of ['grid', 'x-axis', 'y-axis', 'limits', 'lines', 'direct-labels', 'dots']) svg.append('g').attr('class', g);
    svg.append('text').attr('class', 'axis-label y-label');
    svg.append('line').attr('class', 'cursor');
    svg.insert('rect', ':first-child').attr('class', 'hover-surface');
    root.append('div').attr('class', 'legend pool-legend').html(
      '<span class="legend-item"><svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="#1b1f24" stroke-width="2"/></svg> key in pool</span>'
      + '<span class="legend-item"><svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="#1b1f24" stroke-width="1.4" stroke-dasharray="7 4"/></svg> capacity (in the pool\'s colour)</span>'
      + '<span class="legend-item"><svg width="26" height="8"><line x1="0" y1="4" x2="26" y2="4" stroke="#1b1f24" stroke-width="1.8" stroke-dasharray="1.5 3"/></svg> warning threshold</span>');
    picker(container);
    sync = attachTimeZoom(svg, axis, { left: () => MARGIN.left, right: () => width - right() }, 'pools');
    svg.on('mousemove', (e) => {
      const [px] = d3.pointer(e, svg.node());
      if (px < MARGIN.left || px > width - right()) return hideTooltip();
      const t = +x().invert(px);
      const rows = shown().map((s) => `<span class="swatch-line" style="background:${s.colour}"></span> ${escapeHtml(s.id)}: ${valueText(s, valueAt(s.values, t))}`);
      showTooltip(e, `<b>${formatUtc(t)}</b><br>${rows.join('<br>')}`);
    }).on('mouseleave', hideTooltip)
      .on('click', (e) => {
        if (e.defaultPrevented) return;
        const [px] = d3.pointer(e, svg.node());
        if (px >= MARGIN.left && px <= width - right()) onSeek(+x().invert(px));
      });
    axis.on(() => draw());
    draw();
  }

  const scaled = (s, bits) => (mode === 'percent' ? (s.capacityBits > 0 ? (100 * bits) / s.capacityBits : 0) : bits / unit.factor);
  /** A value as the chart shows it: % of capacity in percent mode (with the bits), else bits. */
  const valueText = (s, bits) => (bits === null ? '–' : mode === 'percent' ? `${formatPercent(s.capacityBits > 0 ? bits / s.capacityBits : 0)} of capacity (${formatBits(bits)})` : formatBits(bits));

  function draw() {
    if (!svg) return;
    sync();
    root.select('.pool-mode').property('value', mode);
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const lines = shown();
    const sx = x();
    const maxBits = d3.max(lines, (s) => Math.max(s.capacityBits, d3.max(s.values, (v) => v.bits) ?? 0)) ?? 1000;
    unit = bitUnit(maxBits);
    const top = MARGIN.top;
    const bottom = height - MARGIN.bottom;
    let yLabel;
    if (mode === 'percent') {
      y = d3.scaleLinear().domain([0, 105]).range([bottom, top]);
      yLabel = 'pool level (% of capacity)';
    } else if (mode === 'log') {
      const positive = lines.flatMap((s) => s.values.map((v) => v.bits).concat([s.warningBits, s.capacityBits])).filter((b) => b > 0);
      const lo = Math.max(1, (d3.min(positive) ?? 1000) / 2) / unit.factor;
      const hi = ((d3.max(positive) ?? 1e6) * 1.5) / unit.factor;
      y = d3.scaleLog().domain([lo, Math.max(hi, lo * 10)]).range([bottom, top]).clamp(true);
      yLabel = `key in pool (${unit.unit}, log)`;
    } else {
      y = d3.scaleLinear().domain([0, (maxBits * 1.05) / unit.factor]).nice().range([bottom, top]);
      yLabel = `key in pool (${unit.unit})`;
    }
    const plotW = width - MARGIN.left - right();
    svg.select('.x-axis').attr('transform', `translate(0,${bottom})`).call(utcAxis(sx, plotW));
    svg.select('.y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(mode === 'log' ? 5 : 6, axisNumber));
    svg.select('.grid').attr('transform', `translate(${MARGIN.left},0)`)
      .call(d3.axisLeft(y).ticks(mode === 'log' ? 5 : 6).tickSize(-plotW).tickFormat(''))
      .call((g) => g.select('.domain').remove());
    svg.select('.y-label').attr('transform', `translate(14,${(top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(yLabel);
    svg.select('.hover-surface').attr('x', MARGIN.left).attr('y', top).attr('width', Math.max(0, plotW)).attr('height', Math.max(0, bottom - top));

    const floor = mode === 'log' ? y.domain()[0] : -Infinity;
    const [a, b] = axis.view();
    svg.attr('data-view', `${a}/${b}`);
    // Only the samples in view (and one either side), so zooming in on a year stays fast.
    const inView = (s) => {
      const i0 = Math.max(0, d3.bisector((v) => v.tMs).left(s.values, a) - 1);
      const i1 = Math.min(s.values.length, d3.bisector((v) => v.tMs).right(s.values, b) + 1);
      return s.values.slice(i0, i1);
    };
    const line = (s) => d3.line().x((v) => sx(v.tMs)).y((v) => y(Math.max(scaled(s, v.bits), floor)))(inView(s));
    svg.select('.lines').attr('clip-path', null).selectAll('path.pool-line').data(lines, (s) => s.id)
      .join('path').attr('class', 'pool-line').attr('data-id', (s) => s.id).attr('stroke', (s) => s.colour).attr('stroke-dasharray', (s) => s.dash)
      .attr('d', line);
    const limits = lines.flatMap((s) => [
      { key: `${s.id}-cap`, s, cls: 'capacity', v: mode === 'percent' ? 100 : scaled(s, s.capacityBits) },
      { key: `${s.id}-warn`, s, cls: 'warning', v: scaled(s, s.warningBits) },
    ]).filter((d) => d.v > 0 || mode !== 'log');
    svg.select('.limits').selectAll('line').data(limits, (d) => d.key)
      .join('line').attr('class', (d) => `limit ${d.cls}`).attr('stroke', (d) => d.s.colour).attr('data-id', (d) => d.s.id)
      .attr('x1', MARGIN.left).attr('x2', width - right()).attr('y1', (d) => y(d.v)).attr('y2', (d) => y(d.v));
    drawLabels(lines, sx, floor);
    drawCursor();
  }

  /** A label at the right end of each line, moved apart vertically so that none overlap. */
  function drawLabels(lines, sx, floor) {
    const wide = right() >= 60;
    const end = axis.view()[1];
    const placed = lines.map((s) => ({ s, y: y(Math.max(scaled(s, valueAt(s.values, end) ?? 0), floor)) })).sort((p, q) => p.y - q.y);
    const GAP = 12;
    for (let i = 1; i < placed.length; i++) placed[i].y = Math.max(placed[i].y, placed[i - 1].y + GAP);
    const overflow = placed.length > 0 ? placed[placed.length - 1].y - (height - MARGIN.bottom) : 0;
    if (overflow > 0) for (const p of placed) p.y -= overflow;
    svg.select('.direct-labels').selectAll('text.direct-label').data(wide ? placed : [], (p) => p.s.id)
      .join('text').attr('class', 'direct-label').attr('data-id', (p) => p.s.id)
      .attr('x', sx.range()[1] + 4).attr('y', (p) => p.y).attr('dy', '0.35em').attr('fill', (p) => p.s.colour)
      .text((p) => (p.s.id.length > 16 ? `${p.s.id.slice(0, 15)}…` : p.s.id));
  }

  function drawCursor() {
    if (!svg) return;
    const sx = x();
    const inside = timeMs !== null && sx(timeMs) >= MARGIN.left && sx(timeMs) <= width - right();
    svg.select('.cursor').attr('display', inside ? null : 'none')
      .attr('x1', inside ? sx(timeMs) : 0).attr('x2', inside ? sx(timeMs) : 0).attr('y1', MARGIN.top).attr('y2', height - MARGIN.bottom);
    const floor = mode === 'log' ? y.domain()[0] : -Infinity;
    const dots = inside ? shown().map((s) => ({ s, v: valueAt(s.values, timeMs) })).filter((d) => d.v !== null) : [];
    svg.select('.dots').selectAll('circle').data(dots, (d) => d.s.id)
      .join('circle').attr('r', 3.5).attr('fill', (d) => d.s.colour)
      .attr('cx', sx(timeMs ?? 0)).attr('cy', (d) => y(Math.max(scaled(d.s, d.v), floor)));
    picker.values((s) => (timeMs === null ? null : valueAt(s.values, timeMs)));
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(300, Math.round(_));
    height = Math.round(Math.max(220, Math.min(340, width * 0.5)));
    draw();
    return chart;
  };
  /** series [{id, kind, from, to, capacityBits, warningBits, discardedBits, values: [{tMs, bits}]}]; `keep`: ids to select. */
  chart.data = function (s, keep = null) {
    series = s.map((d, i) => ({ ...d, ...seriesStyle(i) }));
    const known = new Set(series.map((d) => d.id));
    const initial = keep && keep.some((id) => known.has(id)) ? keep.filter((id) => known.has(id)) : PRESETS.critical.pick(series).map((d) => d.id);
    picker.data(series, initial);
    // Pools far apart in size read better on a log scale.
    const peaks = series.map((d) => d3.max(d.values, (v) => v.bits) ?? 0).filter((b) => b > 0);
    mode = peaks.length > 1 && d3.max(peaks) / d3.min(peaks) > 50 ? 'log' : 'linear';
    draw();
    return chart;
  };
  chart.selected = () => [...picker.selected()];
  chart.mode = function (_) {
    if (!arguments.length) return mode;
    mode = _;
    draw();
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
  chart.onSelection = function (_) {
    onSelection = _;
    return chart;
  };
  return chart;
}
