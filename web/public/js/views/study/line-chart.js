// The study's line chart: the metric's mean against one swept dimension, with +-1 sd error bars;
// failed and not-run points as hatched or dashed columns.
import { axisNumber } from '../../format.js';
import { hideTooltip, showTooltip } from '../../tooltip.js';
import { HATCH_ID, LINE_COLOUR, valueLabel } from './prepare.js';
import { dimTitle, legendItem, pointHtml, statusLegend, styleTicks, tickRoom } from './parts.js';

export function drawLine(ctx, items, metric, unit) {
  const dim = ctx.current.dims[ctx.sel.x];
  const numeric = ctx.current.numeric[ctx.sel.x];
  const labels = dim.values.map(valueLabel);
  const M = { top: 22, right: 24, bottom: 46, left: 72 };
  const plotW = ctx.width - M.left - M.right;
  const slot = numeric ? 80 : plotW / Math.max(1, labels.length);
  const ticks = numeric ? { rotate: false, extra: 0 } : tickRoom(labels, slot);
  M.bottom += ticks.extra;
  const height = Math.round(Math.max(240, Math.min(340, ctx.width * 0.4)) + ticks.extra);
  ctx.svg.attr('viewBox', `0 0 ${ctx.width} ${height}`).attr('width', ctx.width).attr('height', height);
  const bottom = height - M.bottom;
  let x;
  if (numeric) {
    const [lo, hi] = d3.extent(dim.values);
    const pad = (hi - lo) * 0.05 || 1;
    x = d3.scaleLinear().domain([lo - pad, hi + pad]).range([M.left, ctx.width - M.right]);
  } else {
    x = d3.scalePoint().domain(labels.map((_, i) => String(i))).range([M.left, ctx.width - M.right]).padding(0.5);
  }
  const px = (i) => (numeric ? x(dim.values[i]) : x(String(i)));
  const xi = (d) => d.idx[ctx.sel.x];
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

  ctx.svg.append('g').attr('class', 'grid').attr('transform', `translate(${M.left},0)`)
    .call(d3.axisLeft(y).ticks(6).tickSize(-plotW).tickFormat(''))
    .call((g) => g.select('.domain').remove());
  const xAxis = numeric ? d3.axisBottom(x).tickValues(dim.values.length <= 12 ? dim.values : null).tickFormat(axisNumber) : d3.axisBottom(x).tickFormat((i) => labels[Number(i)]);
  ctx.svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${bottom})`).call(xAxis.tickSizeOuter(0)).call((g) => styleTicks(g, ticks.rotate));
  ctx.svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(6, axisNumber));
  ctx.svg.append('text').attr('class', 'axis-label x-label').attr('x', (M.left + ctx.width - M.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text(dimTitle(dim, plotW));
  ctx.svg.append('text').attr('class', 'axis-label y-label').attr('transform', `translate(14,${(M.top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle')
    .text(ctx.diff ? `Δ ${ctx.sel.metric}.${ctx.sel.key} vs ${ctx.diff.label} (${unit.label})` : `${ctx.sel.metric}.${ctx.sel.key} (${unit.label})`);
  if (ctx.diff) {
    ctx.svg.append('line').attr('class', 'zero-line').attr('x1', M.left).attr('x2', ctx.width - M.right).attr('y1', y(0)).attr('y2', y(0));
  }

  // Failed and not-run points: a hatched (or dashed) column over the plot height.
  const colW = numeric ? 16 : Math.max(10, Math.min(60, x.step() * 0.5));
  const line = d3.line().defined((d) => d.stats).x((d) => px(xi(d))).y((d) => y(d.stats.mean / unit.factor));
  // Only numbers have an order and values between them: categories (station names, lists of
  // values) are separate points, never joined by a line.
  if (numeric) ctx.svg.append('path').attr('class', 'study-line').attr('fill', 'none').attr('stroke', LINE_COLOUR).attr('stroke-width', 2).attr('d', line(items));
  const g = ctx.svg.append('g').attr('class', 'study-points').selectAll('g.study-point').data(items).join('g')
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
    .on('mousemove', (e, d) => showTooltip(e, pointHtml(ctx, d, metric, unit)))
    .on('mouseleave', hideTooltip);

  ctx.legend.html('');
  legendItem(ctx, '<svg ctx.width="30" height="14"><line x1="0" y1="7" x2="30" y2="7" stroke="#0072B2" stroke-width="2"/><circle cx="15" cy="7" r="4" fill="#0072B2"/></svg>', 'mean');
  legendItem(ctx, '<svg ctx.width="12" height="14"><line x1="6" y1="1" x2="6" y2="13" stroke="#1b1f24"/><line x1="2" y1="1" x2="10" y2="1" stroke="#1b1f24"/><line x1="2" y1="13" x2="10" y2="13" stroke="#1b1f24"/></svg>', `± 1 sd over the replications (of ${ctx.current.doc.replications})${floor === 0 ? ', cut at 0' : ''}`);
  statusLegend(ctx, items, true);
}
