// The study's heatmap: the metric's mean over two swept dimensions (cividis), failed cells hatched.
import { axisNumber } from '../../format.js';
import { hideTooltip, showTooltip } from '../../tooltip.js';
import { HATCH_ID, MISSING_FILL, num, valueLabel } from './prepare.js';
import { dimTitle, pointHtml, statusLegend, styleTicks, tickRoom } from './parts.js';

export function drawHeatmap(ctx, items, metric, unit) {
  const { dims } = ctx.current;
  const xDim = dims[ctx.sel.x];
  const yDim = dims[ctx.sel.y];
  const xLabels = xDim.values.map(valueLabel);
  const yLabels = yDim.values.map(valueLabel);
  const M = { top: 10, right: 16, bottom: 46, left: Math.max(64, Math.min(190, 34 + 6.6 * (d3.max(yLabels, (l) => l.length) ?? 1))) };
  // Cells at most 150 px wide and 64 px high: a small grid stays compact, on the left.
  const plotW = Math.min(ctx.width - M.left - M.right, 150 * xLabels.length);
  const ticks = tickRoom(xLabels, plotW / Math.max(1, xLabels.length));
  M.bottom += ticks.extra;
  const cellH = Math.max(20, Math.min(64, Math.floor(440 / yLabels.length)));
  const height = M.top + cellH * yLabels.length + M.bottom;
  M.right = ctx.width - M.left - plotW;
  ctx.svg.attr('viewBox', `0 0 ${ctx.width} ${height}`).attr('width', ctx.width).attr('height', height);
  const bottom = height - M.bottom;
  const x = d3.scaleBand().domain(xLabels.map((_, i) => String(i))).range([M.left, ctx.width - M.right]).paddingInner(0.04);
  // The first value at the bottom, as on a y axis.
  const y = d3.scaleBand().domain(yLabels.map((_, i) => String(i)).reverse()).range([M.top, bottom]).paddingInner(0.06);
  const means = items.filter((d) => d.stats).map((d) => d.stats.mean);
  let [lo, hi] = means.length > 0 ? d3.extent(means) : [0, 1];
  const flat = hi === lo;
  if (flat) hi = lo + (Math.abs(lo) || 1);
  const t = (v) => (flat ? 0.5 : (v - lo) / (hi - lo));
  const colour = (v) => d3.interpolateCividis(t(v));

  ctx.svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${bottom})`)
    .call(d3.axisBottom(x).tickFormat((i) => xLabels[Number(i)]).tickSizeOuter(0)).call((g) => styleTicks(g, ticks.rotate));
  ctx.svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).tickFormat((i) => yLabels[Number(i)]).tickSizeOuter(0));
  ctx.svg.append('text').attr('class', 'axis-label x-label').attr('x', (M.left + ctx.width - M.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text(dimTitle(xDim, plotW));
  ctx.svg.append('text').attr('class', 'axis-label y-label').attr('transform', `translate(14,${(M.top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(dimTitle(yDim, bottom - M.top));

  const showText = x.bandwidth() >= 42 && y.bandwidth() >= 16;
  const g = ctx.svg.append('g').attr('class', 'study-cells').selectAll('g.study-cell').data(items).join('g')
    .attr('class', 'study-cell').attr('data-status', (d) => d.status).attr('data-x', (d) => d.idx[ctx.sel.x]).attr('data-y', (d) => d.idx[ctx.sel.y])
    .attr('transform', (d) => `translate(${x(String(d.idx[ctx.sel.x]))},${y(String(d.idx[ctx.sel.y]))})`);
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
  g.on('mousemove', (e, d) => showTooltip(e, pointHtml(ctx, d, metric, unit))).on('mouseleave', hideTooltip);

  ctx.legend.html('');
  const item = ctx.legend.append('span').attr('class', 'legend-item colour-ramp');
  item.append('span').text(`mean ${ctx.sel.metric}.${ctx.sel.key}`);
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
  statusLegend(ctx, items, false);
}
