// Demands: key requested (outline) against key served (filled, coloured and marked by status) per
// demand, then a table with status, starvation, requests and the paths taken. Hovering a demand
// highlights its paths on the map.
import { demandStatusStyle } from '../palette.js';
import { axisNumber, bitUnit, escapeHtml, formatBits, formatDuration, formatUtc } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

const MARGIN = { top: 8, right: 80, bottom: 40, left: 120 };
const ROW_PX = 30;

/** Distinct paths a demand took, with when each was first used. */
function distinctPaths(d) {
  const seen = new Map();
  for (const p of d.paths) {
    const key = p.nodes.join('>');
    if (!seen.has(key)) seen.set(key, { nodes: p.nodes, links: p.links, from: p.from, count: 0 });
    seen.get(key).count++;
  }
  return [...seen.values()];
}

export function demandChart() {
  let width = 600;
  let demands = [];
  let onHighlight = () => {};
  let svg;
  let table;
  let empty;

  const height = () => MARGIN.top + Math.max(1, demands.length) * ROW_PX + MARGIN.bottom;

  function chart(container) {
    const root = d3.select(container);
    empty = root.append('p').attr('class', 'empty').text('This scenario has no demands.').attr('hidden', true);
    svg = root.append('svg').attr('class', 'demands-svg').attr('role', 'img').attr('aria-label', 'Key requested and served per demand');
    svg.append('g').attr('class', 'x-axis');
    svg.append('text').attr('class', 'axis-label');
    svg.append('g').attr('class', 'rows');
    table = root.append('div').attr('class', 'table-wrap').append('table').attr('class', 'demand-table');
    table.append('thead').append('tr').selectAll('th')
      .data(['demand', 'status', 'served', 'starved', 'path(s) taken'])
      .join('th').text((d) => d);
    table.append('tbody');
    draw();
  }

  function draw() {
    if (!svg) return;
    empty.attr('hidden', demands.length > 0 ? true : null);
    svg.style('display', demands.length > 0 ? null : 'none');
    table.attr('hidden', demands.length > 0 ? null : true);
    const h = height();
    // Room for the longest demand id on the left.
    const M = { ...MARGIN, left: Math.max(60, Math.min(220, 14 + 6.8 * (d3.max(demands, (d) => d.id.length) ?? 4))) };
    svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', width).attr('height', h);
    const maxBits = d3.max(demands, (d) => Math.max(d.requestedBits, d.servedBits)) || 1000;
    const unit = bitUnit(maxBits);
    const x = d3.scaleLinear().domain([0, maxBits / unit.factor]).nice().range([M.left, width - M.right]);
    const y = d3.scaleBand().domain(demands.map((d) => d.id)).range([M.top, h - M.bottom]).paddingInner(0.25).paddingOuter(0.1);
    svg.select('.x-axis').attr('transform', `translate(0,${h - M.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - M.left - M.right) / 80)), axisNumber).tickSizeOuter(0));
    svg.select('.axis-label').attr('x', (M.left + width - M.right) / 2).attr('y', h - 4).attr('text-anchor', 'middle')
      .text(`key (${unit.unit}): requested (outline) and served (filled)`);
    const rows = svg.select('.rows').selectAll('g.demand').data(demands, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'demand');
        g.append('text').attr('class', 'row-label');
        g.append('rect').attr('class', 'requested');
        g.append('rect').attr('class', 'served');
        g.append('text').attr('class', 'status-label');
        return g;
      });
    rows.attr('transform', (d) => `translate(0,${y(d.id)})`).attr('data-status', (d) => d.status);
    rows.select('.row-label').attr('x', M.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end').text((d) => d.id);
    rows.select('.requested').attr('x', x(0)).attr('height', y.bandwidth()).attr('width', (d) => Math.max(1, x(d.requestedBits / unit.factor) - x(0)));
    rows.select('.served').attr('x', x(0)).attr('y', y.bandwidth() * 0.2).attr('height', y.bandwidth() * 0.6)
      .attr('width', (d) => Math.max(0, x(d.servedBits / unit.factor) - x(0)))
      .attr('fill', (d) => demandStatusStyle(d.status).fill);
    rows.select('.status-label').attr('x', width - M.right + 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
      .text((d) => `${demandStatusStyle(d.status).symbol} ${(d.servedFraction * 100).toFixed(1)} %`);
    rows.on('mousemove', (e, d) => {
      showTooltip(e, `<b>${escapeHtml(d.id)}</b> (${escapeHtml(d.kind)}), ${escapeHtml(d.from)} → ${escapeHtml(d.to)}<br>requested ${formatBits(d.requestedBits)}, served ${formatBits(d.servedBits)}<br>`
        + `status: <b>${escapeHtml(demandStatusStyle(d.status).label)}</b>${d.reason ? `<br>${escapeHtml(d.reason)}` : ''}`);
      onHighlight(distinctPaths(d).flatMap((p) => p.links));
    }).on('mouseleave', () => {
      hideTooltip();
      onHighlight(null);
    });

    const tr = table.select('tbody').selectAll('tr').data(demands, (d) => d.id).join('tr');
    tr.attr('data-status', (d) => d.status)
      .on('mouseenter', (e, d) => onHighlight(distinctPaths(d).flatMap((p) => p.links)))
      .on('mouseleave', () => onHighlight(null));
    tr.html((d) => {
      const s = demandStatusStyle(d.status);
      const paths = distinctPaths(d);
      const pathText = paths.length === 0 ? '<i>none</i>' : paths.slice(0, 4).map((p) => `${p.nodes.length ? p.nodes.map(escapeHtml).join(' → ') : '<i>no route</i>'}${paths.length > 1 ? ` <span class="muted">(from ${formatUtc(Date.parse(p.from), false).slice(5, 16)}${p.count > 1 ? `, ${p.count}×` : ''})</span>` : ''}`).join('<br>') + (paths.length > 4 ? `<br>… ${paths.length - 4} more` : '');
      const req = d.kind === 'constant' ? '' : `<br><span class="muted">requests ${d.requests.served} of ${d.requests.made} served${d.requests.dropped ? `, ${d.requests.dropped} dropped` : ''}</span>`;
      return `<td><b>${escapeHtml(d.id)}</b> <span class="muted">${escapeHtml(d.kind)}</span><br>${escapeHtml(d.from)} → ${escapeHtml(d.to)}</td>`
        + `<td><span class="status" style="--status:${s.fill}">${s.symbol} ${escapeHtml(s.label)}</span>${d.reason ? `<div class="reason">${escapeHtml(d.reason)}</div>` : ''}</td>`
        + `<td class="num">${formatBits(d.servedBits)} of ${formatBits(d.requestedBits)}<br>${(d.servedFraction * 100).toFixed(1)} %${req}</td>`
        + `<td class="num">${d.kind === 'constant' ? `${formatDuration(d.starvedS)}${d.longestStarvedS > 0 ? `<br><span class="muted">longest ${formatDuration(d.longestStarvedS)}</span>` : ''}` : '–'}</td>`
        + `<td class="paths">${pathText}</td>`;
    });
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(300, Math.round(_));
    draw();
    return chart;
  };
  /** Text shown when there are no demands (e.g. while the run is going). */
  chart.emptyText = function (_) {
    empty?.text(_);
    return chart;
  };
  chart.data = function (_) {
    demands = _;
    draw();
    return chart;
  };
  chart.onHighlight = function (_) {
    onHighlight = _;
    return chart;
  };
  return chart;
}
