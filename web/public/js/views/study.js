// The study view: the results of `qkdsim study` (study.json, format qkdsim-study/1). With one swept
// dimension, a line of the chosen metric's mean against the dimension's values with ±1 sd error
// bars; with two, a heatmap of the mean (cividis). With more, the user picks the two dimensions to
// show (or one, for a line) and fixes each other dimension at one of its values. Points whose runs
// all failed are hatched grey, points where some failed are marked, and both are counted.
import { axisNumber, bitUnit, escapeHtml } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

/** The y selection meaning "no second dimension: draw a line". */
const LINE = -1;
const HATCH_ID = 'hatch-study-failed';
const LINE_COLOUR = OKABE_ITO.blue;
const MISSING_FILL = '#eceff2';

/** A dimension value as a label: lists (several paths) as "12/6/2", anything else as written. */
export function valueLabel(v) {
  if (Array.isArray(v)) return v.map(valueLabel).join('/');
  if (v === null || v === undefined) return '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const valueKey = (v) => JSON.stringify(v ?? null);

/** Numbers in tooltips and cells: four significant digits, trailing zeros dropped. */
const num = d3.format('.4~r');

/** Display unit of a metric for values up to maxAbs: bit and bit/day scaled to kbit, Mbit, Gbit. */
export function displayUnit(unit, maxAbs) {
  if (/^bit(\/|$)/.test(unit)) {
    const u = bitUnit(maxAbs);
    return { factor: u.factor, label: `${u.unit}${unit.slice(3)}` };
  }
  return { factor: 1, label: unit };
}

/** The study.json, indexed: dimensions (a study without a sweep gets one of one value) and points by value indices. */
function prepare(doc) {
  const dims = doc.dimensions.length > 0 ? doc.dimensions : [{ name: '(no sweep)', paths: [], values: [null] }];
  const lookup = dims.map((d) => new Map(d.values.map((v, i) => [valueKey(v), i])));
  const errors = new Map();
  for (const c of doc.cases ?? []) {
    if (c.status !== 'ok' && c.error && !errors.has(c.caseId)) errors.set(c.caseId, c.error);
  }
  const points = new Map();
  for (const s of doc.summary) {
    const idx = dims.map((d, j) => {
      if (d.paths.length === 0) return 0;
      const v = d.paths.length === 1 ? s.point[d.paths[0]] : d.paths.map((p) => s.point[p]);
      return lookup[j].get(valueKey(v));
    });
    if (idx.some((i) => i === undefined)) continue;
    points.set(idx.join(','), { ...s, idx, error: errors.get(s.caseId) ?? null });
  }
  // A dimension is drawn on a numeric axis when every value is a number, else as categories.
  const numeric = dims.map((d) => d.values.length > 1 && d.values.every((v) => typeof v === 'number' && Number.isFinite(v)));
  const totalPoints = dims.reduce((a, d) => a * d.values.length, 1);
  const failedRuns = d3.sum(doc.summary, (s) => s.failed);
  const failedPoints = doc.summary.filter((s) => s.failed > 0).length;
  return { doc, dims, points, numeric, totalPoints, failedRuns, failedPoints };
}

export function studyView() {
  let width = 800;
  let entries = [];
  let current = null; // prepare(doc) of the study shown
  let currentName = null; // the study picked (shown, loading or without results)
  let shownName = null; // the study whose results `current` holds
  const sel = { metric: null, key: null, x: 0, y: LINE, fixed: [] };
  let onPick = () => {};
  let onReload = () => {};
  let root;
  let controls;
  let studySelect;
  let dataControls;
  let info;
  let message;
  let svg;
  let legend;
  let note;

  function view(container) {
    root = d3.select(container).attr('data-state', 'empty');
    controls = root.append('div').attr('class', 'study-controls');
    const pick = controls.append('label').attr('class', 'field');
    pick.append('span').text('study');
    studySelect = pick.append('select').attr('name', 'study').on('change', (e) => onPick(e.target.value));
    controls.append('button').attr('type', 'button').attr('class', 'study-reload').attr('title', 'read the study list and results again')
      .text('reload').on('click', () => onReload(currentName));
    dataControls = controls.append('div').attr('class', 'study-data-controls');
    info = root.append('p').attr('class', 'study-info');
    message = root.append('div').attr('class', 'study-message').attr('hidden', true);
    svg = root.append('svg').attr('class', 'study-svg').attr('role', 'img').style('display', 'none');
    legend = root.append('div').attr('class', 'legend study-legend');
    note = root.append('p').attr('class', 'study-note');
    addHatch();
  }

  /** The hatch of failed points, with the page's other patterns (legends use it too). */
  function addHatch() {
    let host = d3.select('#patterns');
    if (host.empty()) host = svg;
    let defs = host.select('defs');
    if (defs.empty()) defs = host.insert('defs', ':first-child');
    if (!defs.select(`#${HATCH_ID}`).empty()) return;
    const p = defs.append('pattern').attr('id', HATCH_ID).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#c4c9cf');
    p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#6e757c').attr('stroke-width', 2);
  }

  function setState(state, name) {
    root.attr('data-state', state).attr('data-study', name ?? null);
  }

  function clearChart() {
    current = null;
    shownName = null;
    svg.style('display', 'none').selectAll('*').remove();
    legend.html('');
    note.text('');
    dataControls.html('');
  }

  function showMessage(html) {
    message.attr('hidden', html ? null : true).html(html ?? '');
  }

  // ---------------------------------------------------------------------------------------------
  // Controls: metric and key; x, y and fixed values when there are several dimensions.

  function drawControls() {
    dataControls.html('');
    if (!current) return;
    const { doc, dims } = current;
    const field = (label, name) => {
      const f = dataControls.append('label').attr('class', 'field');
      f.append('span').text(label);
      return f.append('select').attr('name', name);
    };
    const metricSelect = field('metric', 'metric');
    metricSelect.selectAll('option').data(doc.metrics).join('option')
      .attr('value', (m) => m.name).text((m) => `${m.name} (${m.unit})`).attr('title', (m) => m.description);
    metricSelect.property('value', sel.metric).on('change', (e) => {
      sel.metric = e.target.value;
      sel.key = headlineKey(sel.metric);
      drawControls();
      draw();
    });
    const metric = doc.metrics.find((m) => m.name === sel.metric);
    // The headline key first, then the others as the study lists them.
    const keys = !metric ? [] : metric.keys.includes(metric.headline) ? [metric.headline, ...metric.keys.filter((k) => k !== metric.headline)] : metric.keys;
    const keySelect = field('key', 'metric-key');
    keySelect.selectAll('option').data(keys).join('option')
      .attr('value', (k) => k).text((k) => (k === metric.headline ? `${k} (headline)` : k));
    keySelect.property('value', sel.key).on('change', (e) => {
      sel.key = e.target.value;
      draw();
    });
    if (dims.length < 2) return;
    const dimOptions = (s, withLine) => {
      const opts = dims.map((d, i) => ({ value: String(i), text: d.name }));
      if (withLine) opts.push({ value: String(LINE), text: 'none: line chart' });
      s.selectAll('option').data(opts).join('option').attr('value', (o) => o.value).text((o) => o.text);
    };
    const xSelect = field('x axis', 'study-x');
    dimOptions(xSelect, false);
    xSelect.property('value', String(sel.x)).on('change', (e) => {
      const x = Number(e.target.value);
      if (x === sel.y) sel.y = sel.x;
      sel.x = x;
      drawControls();
      draw();
    });
    const ySelect = field('y axis', 'study-y');
    dimOptions(ySelect, true);
    ySelect.property('value', String(sel.y)).on('change', (e) => {
      const y = Number(e.target.value);
      if (y === sel.x) sel.x = sel.y === LINE ? dims.findIndex((_, i) => i !== y) : sel.y;
      sel.y = y;
      drawControls();
      draw();
    });
    dims.forEach((d, i) => {
      if (i === sel.x || i === sel.y) return;
      const s = field(`${d.name} =`, `study-fix-${i}`).attr('class', 'study-fix').attr('data-dim', i);
      s.selectAll('option').data(d.values.map((v, j) => ({ v, j }))).join('option').attr('value', (o) => String(o.j)).text((o) => valueLabel(o.v));
      s.property('value', String(sel.fixed[i])).on('change', (e) => {
        sel.fixed[i] = Number(e.target.value);
        draw();
      });
    });
  }

  function headlineKey(metricName) {
    const m = current?.doc.metrics.find((x) => x.name === metricName);
    if (!m) return null;
    return m.keys.includes(m.headline) || m.keys.length === 0 ? m.headline : m.keys[0];
  }

  // ---------------------------------------------------------------------------------------------
  // The points shown: each x value (and y value), the other dimensions fixed.

  function item(idx) {
    const p = current.points.get(idx.join(','));
    const stats = p?.metrics?.[sel.metric]?.[sel.key] ?? null;
    let status;
    if (!p) status = 'not-run';
    else if (stats) status = p.failed > 0 ? 'partial' : 'ok';
    else status = p.failed >= p.n ? 'failed' : 'no-value';
    return { idx, p, stats, status };
  }

  function indexAt(xi, yi) {
    const idx = sel.fixed.slice();
    idx[sel.x] = xi;
    if (sel.y !== LINE) idx[sel.y] = yi;
    return idx;
  }

  function draw() {
    if (!svg || !current) return;
    hideTooltip();
    const { dims } = current;
    const metric = current.doc.metrics.find((m) => m.name === sel.metric);
    if (!metric) {
      svg.style('display', 'none');
      return;
    }
    const xDim = dims[sel.x];
    const items = sel.y === LINE
      ? xDim.values.map((_, i) => item(indexAt(i)))
      : dims[sel.y].values.flatMap((_, j) => xDim.values.map((__, i) => item(indexAt(i, j))));
    const maxAbs = d3.max(items, (d) => (d.stats ? Math.max(Math.abs(d.stats.mean) + d.stats.sd, Math.abs(d.stats.max)) : 0)) || 0;
    const unit = displayUnit(metric.unit, maxAbs);
    svg.style('display', null).selectAll('*').remove();
    svg.attr('data-kind', sel.y === LINE ? 'line' : 'heatmap')
      .attr('aria-label', `${sel.metric}.${sel.key} against ${xDim.name}${sel.y === LINE ? '' : ` and ${dims[sel.y].name}`}`);
    if (sel.y === LINE) drawLine(items, metric, unit);
    else drawHeatmap(items, metric, unit);
    drawNote(items);
  }

  /** x tick labels: rotated when they do not fit their slot; returns the extra bottom margin. */
  function tickRoom(labels, slot) {
    const longest = 6.6 * (d3.max(labels, (l) => l.length) ?? 1);
    return longest > slot - 6 ? { rotate: true, extra: Math.min(110, longest * 0.62) } : { rotate: false, extra: 0 };
  }

  function styleTicks(g, rotate) {
    if (rotate) g.selectAll('.tick text').attr('text-anchor', 'end').attr('transform', 'rotate(-35)').attr('dx', '-0.4em').attr('dy', '0.6em');
  }

  function drawLine(items, metric, unit) {
    const dim = current.dims[sel.x];
    const numeric = current.numeric[sel.x];
    const labels = dim.values.map(valueLabel);
    const M = { top: 22, right: 24, bottom: 46, left: 72 };
    const plotW = width - M.left - M.right;
    const slot = numeric ? 80 : plotW / Math.max(1, labels.length);
    const ticks = numeric ? { rotate: false, extra: 0 } : tickRoom(labels, slot);
    M.bottom += ticks.extra;
    const height = Math.round(Math.max(240, Math.min(340, width * 0.4)) + ticks.extra);
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const bottom = height - M.bottom;
    let x;
    if (numeric) {
      const [lo, hi] = d3.extent(dim.values);
      const pad = (hi - lo) * 0.05 || 1;
      x = d3.scaleLinear().domain([lo - pad, hi + pad]).range([M.left, width - M.right]);
    } else {
      x = d3.scalePoint().domain(labels.map((_, i) => String(i))).range([M.left, width - M.right]).padding(0.5);
    }
    const px = (i) => (numeric ? x(dim.values[i]) : x(String(i)));
    const xi = (d) => d.idx[sel.x];
    const withStats = items.filter((d) => d.stats);
    // Error bars stop at 0 when no run gave a negative value, and at 1 for fractions.
    const floor = withStats.every((d) => d.stats.min >= 0) ? 0 : -Infinity;
    const ceiling = metric.unit === 'fraction' && withStats.every((d) => d.stats.max <= 1) ? 1 : Infinity;
    const lowEnd = (s) => Math.max(floor, s.mean - s.sd);
    const highEnd = (s) => Math.min(ceiling, s.mean + s.sd);
    const lows = withStats.map((d) => lowEnd(d.stats) / unit.factor);
    const highs = withStats.map((d) => highEnd(d.stats) / unit.factor);
    let lo = d3.min(lows) ?? 0;
    let hi = d3.max(highs) ?? 1;
    if (lo >= 0) lo = 0;
    if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
    const y = d3.scaleLinear().domain([lo, hi + (hi - lo) * 0.04]).nice().range([bottom, M.top]);

    svg.append('g').attr('class', 'grid').attr('transform', `translate(${M.left},0)`)
      .call(d3.axisLeft(y).ticks(6).tickSize(-plotW).tickFormat(''))
      .call((g) => g.select('.domain').remove());
    const xAxis = numeric ? d3.axisBottom(x).tickValues(dim.values.length <= 12 ? dim.values : null).tickFormat(axisNumber) : d3.axisBottom(x).tickFormat((i) => labels[Number(i)]);
    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${bottom})`).call(xAxis.tickSizeOuter(0)).call((g) => styleTicks(g, ticks.rotate));
    svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(6, axisNumber));
    svg.append('text').attr('class', 'axis-label x-label').attr('x', (M.left + width - M.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text(dimTitle(dim, plotW));
    svg.append('text').attr('class', 'axis-label y-label').attr('transform', `translate(14,${(M.top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle')
      .text(`${sel.metric}.${sel.key} (${unit.label})`);

    // Failed and not-run points: a hatched (or dashed) column over the plot height.
    const colW = numeric ? 16 : Math.max(10, Math.min(60, x.step() * 0.5));
    const line = d3.line().defined((d) => d.stats).x((d) => px(xi(d))).y((d) => y(d.stats.mean / unit.factor));
    // Values without an order (names) are joined by a thin dotted line only.
    const nominal = dim.values.some((v) => typeof v === 'string');
    svg.append('path').attr('class', 'study-line').attr('fill', 'none').attr('stroke', LINE_COLOUR)
      .attr('stroke-width', nominal ? 1 : 2).attr('stroke-dasharray', nominal ? '2 4' : null).attr('d', line(items));
    const g = svg.append('g').attr('class', 'study-points').selectAll('g.study-point').data(items).join('g')
      .attr('class', 'study-point').attr('data-status', (d) => d.status).attr('data-index', (d) => xi(d))
      .attr('transform', (d) => `translate(${px(xi(d))},0)`);
    g.filter((d) => d.status === 'failed' || d.status === 'not-run').append('rect').attr('class', (d) => `column ${d.status}`)
      .attr('x', -colW / 2).attr('width', colW).attr('y', M.top).attr('height', bottom - M.top)
      .attr('fill', (d) => (d.status === 'failed' ? `url(#${HATCH_ID})` : 'none'))
      .attr('stroke', '#8a939d').attr('stroke-dasharray', (d) => (d.status === 'not-run' ? '4 3' : null));
    g.filter((d) => !d.stats).append('text').attr('class', 'point-label').attr('y', M.top - 6).attr('text-anchor', 'middle')
      .text((d) => ({ failed: 'failed', 'not-run': 'not run', 'no-value': 'no value' })[d.status]);
    const bars = g.filter((d) => d.stats && d.stats.sd > 0);
    const yOf = (v) => y(v / unit.factor);
    bars.append('line').attr('class', 'error-bar').attr('y1', (d) => yOf(lowEnd(d.stats))).attr('y2', (d) => yOf(highEnd(d.stats)));
    for (const end of [lowEnd, highEnd]) {
      bars.append('line').attr('class', 'error-cap').attr('x1', -5).attr('x2', 5)
        .attr('y1', (d) => yOf(end(d.stats))).attr('y2', (d) => yOf(end(d.stats)));
    }
    g.filter((d) => d.status === 'ok').append('circle').attr('class', 'mean').attr('r', 4.5).attr('cy', (d) => yOf(d.stats.mean)).attr('fill', LINE_COLOUR);
    // Some runs failed: a diamond, hatched, with the count.
    const partial = g.filter((d) => d.status === 'partial');
    partial.append('path').attr('class', 'mean partial').attr('d', d3.symbol(d3.symbolDiamond, 90)()).attr('transform', (d) => `translate(0,${yOf(d.stats.mean)})`)
      .attr('fill', `url(#${HATCH_ID})`).attr('stroke', LINE_COLOUR).attr('stroke-width', 1.5);
    partial.append('text').attr('class', 'point-label').attr('y', (d) => yOf(highEnd(d.stats)) - 8).attr('text-anchor', 'middle')
      .text((d) => `${d.p.failed} of ${d.p.n} failed`);
    g.append('rect').attr('class', 'hit').attr('x', numeric ? -10 : -Math.max(10, x.step() / 2)).attr('width', numeric ? 20 : Math.max(20, x.step()))
      .attr('y', M.top).attr('height', bottom - M.top).attr('fill', 'transparent')
      .on('mousemove', (e, d) => showTooltip(e, pointHtml(d, metric, unit)))
      .on('mouseleave', hideTooltip);

    legend.html('');
    legendItem('<svg width="30" height="14"><line x1="0" y1="7" x2="30" y2="7" stroke="#0072B2" stroke-width="2"/><circle cx="15" cy="7" r="4" fill="#0072B2"/></svg>', 'mean');
    legendItem('<svg width="12" height="14"><line x1="6" y1="1" x2="6" y2="13" stroke="#1b1f24"/><line x1="2" y1="1" x2="10" y2="1" stroke="#1b1f24"/><line x1="2" y1="13" x2="10" y2="13" stroke="#1b1f24"/></svg>', `± 1 sd over the replications (of ${current.doc.replications})${floor === 0 ? ', cut at 0' : ''}`);
    statusLegend(items, true);
  }

  function drawHeatmap(items, metric, unit) {
    const { dims } = current;
    const xDim = dims[sel.x];
    const yDim = dims[sel.y];
    const xLabels = xDim.values.map(valueLabel);
    const yLabels = yDim.values.map(valueLabel);
    const M = { top: 10, right: 16, bottom: 46, left: Math.max(64, Math.min(190, 34 + 6.6 * (d3.max(yLabels, (l) => l.length) ?? 1))) };
    // Cells at most 150 px wide and 64 px high: a small grid stays compact, on the left.
    const plotW = Math.min(width - M.left - M.right, 150 * xLabels.length);
    const ticks = tickRoom(xLabels, plotW / Math.max(1, xLabels.length));
    M.bottom += ticks.extra;
    const cellH = Math.max(20, Math.min(64, Math.floor(440 / yLabels.length)));
    const height = M.top + cellH * yLabels.length + M.bottom;
    M.right = width - M.left - plotW;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const bottom = height - M.bottom;
    const x = d3.scaleBand().domain(xLabels.map((_, i) => String(i))).range([M.left, width - M.right]).paddingInner(0.04);
    // The first value at the bottom, as on a y axis.
    const y = d3.scaleBand().domain(yLabels.map((_, i) => String(i)).reverse()).range([M.top, bottom]).paddingInner(0.06);
    const means = items.filter((d) => d.stats).map((d) => d.stats.mean);
    let [lo, hi] = means.length > 0 ? d3.extent(means) : [0, 1];
    const flat = hi === lo;
    if (flat) hi = lo + (Math.abs(lo) || 1);
    const t = (v) => (flat ? 0.5 : (v - lo) / (hi - lo));
    const colour = (v) => d3.interpolateCividis(t(v));

    svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${bottom})`)
      .call(d3.axisBottom(x).tickFormat((i) => xLabels[Number(i)]).tickSizeOuter(0)).call((g) => styleTicks(g, ticks.rotate));
    svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).tickFormat((i) => yLabels[Number(i)]).tickSizeOuter(0));
    svg.append('text').attr('class', 'axis-label x-label').attr('x', (M.left + width - M.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text(dimTitle(xDim, plotW));
    svg.append('text').attr('class', 'axis-label y-label').attr('transform', `translate(14,${(M.top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(dimTitle(yDim, bottom - M.top));

    const showText = x.bandwidth() >= 42 && y.bandwidth() >= 16;
    const g = svg.append('g').attr('class', 'study-cells').selectAll('g.study-cell').data(items).join('g')
      .attr('class', 'study-cell').attr('data-status', (d) => d.status).attr('data-x', (d) => d.idx[sel.x]).attr('data-y', (d) => d.idx[sel.y])
      .attr('transform', (d) => `translate(${x(String(d.idx[sel.x]))},${y(String(d.idx[sel.y]))})`);
    g.append('rect').attr('class', 'cell').attr('width', x.bandwidth()).attr('height', y.bandwidth())
      .attr('fill', (d) => (d.stats ? colour(d.stats.mean) : d.status === 'failed' ? `url(#${HATCH_ID})` : d.status === 'no-value' ? MISSING_FILL : '#fff'))
      .attr('stroke', (d) => (d.status === 'not-run' ? '#8a939d' : 'none')).attr('stroke-dasharray', (d) => (d.status === 'not-run' ? '4 3' : null));
    // Some runs failed: a hatched corner.
    const c = Math.min(14, x.bandwidth() / 3, y.bandwidth() / 2);
    g.filter((d) => d.status === 'partial').append('path').attr('class', 'partial-corner')
      .attr('d', `M${x.bandwidth() - c},0H${x.bandwidth()}V${c}Z`).attr('fill', `url(#${HATCH_ID})`).attr('stroke', '#1b1f24').attr('stroke-width', 0.6);
    if (showText) {
      g.append('text').attr('class', 'cell-label').attr('x', x.bandwidth() / 2).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'middle')
        .attr('fill', (d) => (d.stats && t(d.stats.mean) < 0.55 ? '#fff' : '#1b1f24'))
        .text((d) => (d.stats ? num(d.stats.mean / unit.factor) : { failed: '✕ failed', 'not-run': 'not run', 'no-value': '–' }[d.status]));
    }
    g.on('mousemove', (e, d) => showTooltip(e, pointHtml(d, metric, unit))).on('mouseleave', hideTooltip);

    legend.html('');
    const item = legend.append('span').attr('class', 'legend-item colour-ramp');
    item.append('span').text(`mean ${sel.metric}.${sel.key}`);
    const W = 180;
    const ramp = item.append('svg').attr('width', W + 16).attr('height', 30);
    const id = 'study-ramp';
    const grad = ramp.append('defs').append('linearGradient').attr('id', id);
    for (let f = 0; f <= 1.0001; f += 0.125) grad.append('stop').attr('offset', `${f * 100}%`).attr('stop-color', d3.interpolateCividis(flat ? 0.5 : f));
    ramp.append('rect').attr('x', 8).attr('width', W).attr('height', 10).attr('fill', `url(#${id})`).attr('stroke', '#1b1f24').attr('stroke-width', 0.5);
    const scale = d3.scaleLinear().domain(flat ? [lo, lo] : [lo / unit.factor, hi / unit.factor]).range([8, 8 + W]);
    ramp.append('g').attr('class', 'ramp-axis').attr('transform', 'translate(0,10)')
      .call(d3.axisBottom(scale).ticks(flat ? 1 : 4, axisNumber).tickValues(flat ? [lo / unit.factor] : null).tickSizeOuter(0));
    item.append('span').text(unit.label);
    statusLegend(items, false);
  }

  function legendItem(svgHtml, text) {
    const item = legend.append('span').attr('class', 'legend-item');
    item.html(svgHtml);
    item.append('span').text(text);
    return item;
  }

  function statusLegend(items, line) {
    const count = (s) => items.filter((d) => d.status === s).length;
    const hatch = `url(#${HATCH_ID})`;
    if (line) legendItem(`<svg width="14" height="14"><path transform="translate(7,7)" d="${d3.symbol(d3.symbolDiamond, 80)()}" fill="${hatch}" stroke="#0072B2" stroke-width="1.5"/></svg>`, `some runs failed (${count('partial')})`);
    else legendItem(`<svg width="16" height="14"><rect width="16" height="14" fill="#8da0b0"/><path d="M9,0H16V7Z" fill="${hatch}" stroke="#1b1f24" stroke-width="0.6"/></svg>`, `some runs failed (${count('partial')})`);
    legendItem(`<svg width="16" height="14"><rect width="16" height="14" fill="${hatch}" stroke="#8a939d"/></svg>`, `every run failed (${count('failed')})`);
    if (count('no-value') > 0) legendItem(`<svg width="16" height="14"><rect width="16" height="14" fill="${MISSING_FILL}"/></svg>`, `no value for this key (${count('no-value')})`);
    if (count('not-run') > 0) legendItem('<svg width="16" height="14"><rect x="0.5" y="0.5" width="15" height="13" fill="none" stroke="#8a939d" stroke-dasharray="4 3"/></svg>', `not run yet (${count('not-run')})`);
  }

  /** An axis title: the dimension's name, and its path when that differs and fits in `room` px. */
  function dimTitle(dim, room) {
    const long = dim.paths.length === 1 && dim.paths[0] !== dim.name ? `${dim.name} (${dim.paths[0]})` : dim.name;
    return long.length * 6.8 <= room ? long : dim.name;
  }

  function pointHtml(d, metric, unit) {
    const { dims } = current;
    const where = dims.map((dim, j) => (dim.paths.length === 0 ? null : `${escapeHtml(dim.name)} = <b>${escapeHtml(valueLabel(dim.values[d.idx[j]]))}</b>`)).filter(Boolean).join('<br>');
    const head = d.p ? `<b>${escapeHtml(d.p.caseId)}</b>` : '<b>not run yet</b>';
    const v = (x) => `${num(x / unit.factor)} ${escapeHtml(unit.label)}`;
    const lines = [head];
    if (where) lines.push(where);
    lines.push(`<b>${escapeHtml(`${sel.metric}.${sel.key}`)}</b>`);
    if (d.stats) {
      lines.push(`mean ${v(d.stats.mean)}, sd ${v(d.stats.sd)}`, `min ${v(d.stats.min)}, max ${v(d.stats.max)}`, `n ${d.stats.n} (runs with a value)`);
    } else if (d.status === 'no-value') {
      lines.push('no value: the runs did not produce this key');
    }
    if (d.p) lines.push(`runs ${d.p.n}, failed ${d.p.failed}`);
    if (d.p?.error) lines.push(`<span class="tooltip-error">${escapeHtml(d.p.error.length > 240 ? `${d.p.error.slice(0, 240)}…` : d.p.error)}</span>`);
    return lines.join('<br>');
  }

  function drawNote(items) {
    const { dims } = current;
    const shown = items.length;
    const failed = items.filter((d) => d.status === 'failed').length;
    const partial = items.filter((d) => d.status === 'partial').length;
    const fixed = dims.map((d, i) => (i === sel.x || i === sel.y || d.paths.length === 0 ? null : `${d.name} = ${valueLabel(d.values[sel.fixed[i]])}`)).filter(Boolean);
    note.text(`Shown: ${shown} point${shown === 1 ? '' : 's'}, ${failed} with every run failed, ${partial} with some runs failed${fixed.length > 0 ? `; fixed: ${fixed.join(', ')}` : ''}.`);
  }

  function drawInfo() {
    if (!current) return;
    const { doc, dims, totalPoints, failedRuns, failedPoints } = current;
    const parts = [];
    if (doc.description) parts.push(doc.description);
    const swept = dims.filter((d) => d.paths.length > 0).map((d) => `${d.name} (${d.values.length}: ${d.paths.join(', ')})`);
    parts.push(swept.length > 0 ? `swept: ${swept.join(' × ')}` : 'no sweep');
    parts.push(`${doc.summary.length} of ${totalPoints} points × ${doc.replications} replication${doc.replications === 1 ? '' : 's'} (seeds ${doc.seeds}, study seed ${doc.seed})`);
    parts.push(failedRuns > 0 ? `${failedRuns} failed run${failedRuns === 1 ? '' : 's'} at ${failedPoints} point${failedPoints === 1 ? '' : 's'}` : 'no failed runs');
    if (!doc.complete) parts.push('incomplete: resume it with --resume');
    info.text(parts.join(' · '));
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  view.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(320, Math.round(_));
    draw();
    return view;
  };
  /** The study list from /api/studies and the one to select. */
  view.studies = function (list, pick) {
    entries = list;
    studySelect.selectAll('option').data(entries, (e) => e.name).join('option')
      .attr('value', (e) => e.name)
      .text((e) => `${e.name}${e.results ? '' : e.resultsError ? ' (unreadable results)' : ' (no results yet)'}${e.file ? '' : ' (results only)'}`);
    studySelect.property('value', pick ?? '');
    if (entries.length === 0) {
      clearChart();
      info.text('');
      showMessage('No study files in <code>scenarios/studies/</code>.');
      setState('empty', null);
    }
    return view;
  };
  view.entry = (name) => entries.find((e) => e.name === name) ?? null;
  view.loading = function (name) {
    currentName = name;
    studySelect.property('value', name);
    setState('loading', name);
    return view;
  };
  /** Shows why a study has no results, and how to make them. */
  view.noResults = function (entry, error) {
    currentName = entry?.name ?? null;
    clearChart();
    const file = entry?.file ?? `scenarios/studies/${entry?.name ?? '<name>'}.yaml`;
    info.text(entry?.description ?? '');
    showMessage(`${error ? `<p class="error-title">${escapeHtml(error)}</p>` : '<p><b>No results for this study yet.</b></p>'}`
      + `<p>Studies run from the command line. In the repository folder run<br><code>npx qkdsim study ${escapeHtml(file)}</code><br>`
      + `It writes <code>runs/studies/${escapeHtml(entry?.name ?? '<name>')}/study.json</code>; then press <i>reload</i>.</p>`);
    setState(error ? 'error' : 'no-results', currentName);
    return view;
  };
  view.error = function (name, text) {
    currentName = name;
    clearChart();
    showMessage(`<p class="error-title">${escapeHtml(text)}</p>`);
    setState('error', name);
    return view;
  };
  /** Shows the study.json of the study `name`. Keeps the metric and axes when the same study is shown again. */
  view.data = function (name, doc) {
    const same = current !== null && shownName === name;
    const previous = { ...sel, fixed: sel.fixed.slice() };
    current = prepare(doc);
    currentName = name;
    shownName = name;
    const n = current.dims.length;
    const metricOk = same && doc.metrics.some((m) => m.name === previous.metric && m.keys.includes(previous.key));
    sel.metric = metricOk ? previous.metric : doc.metrics[0]?.name ?? null;
    sel.key = metricOk ? previous.key : headlineKey(sel.metric);
    const axesOk = same && previous.x < n && previous.y < n && previous.fixed.length === n;
    sel.x = axesOk ? previous.x : 0;
    sel.y = axesOk ? previous.y : n >= 2 ? 1 : LINE;
    sel.fixed = axesOk ? previous.fixed.map((v, i) => Math.min(v, current.dims[i].values.length - 1)) : current.dims.map(() => 0);
    showMessage(null);
    drawInfo();
    drawControls();
    draw();
    setState('loaded', name);
    return view;
  };
  view.onPick = function (_) {
    onPick = _;
    return view;
  };
  view.onReload = function (_) {
    onReload = _;
    return view;
  };
  return view;
}
