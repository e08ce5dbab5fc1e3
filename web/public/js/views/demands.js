// Demands: each demand's total as the share of its key that was served (so an 11 Mbit demand reads
// as well as a 4 Gbit one; or on a log axis of key), then a table (cards on a phone) with status,
// starvation, requests and the paths taken. Hovering a demand colours its path on the map and
// zooms there; a click, a tap or Enter on a row shows it in the details pane.
import { demandStatusStyle } from '../palette.js';
import { axisNumber, bitUnit, escapeHtml, formatBits, formatDuration, formatPercent, formatUtc } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

const MARGIN = { top: 6, right: 150, bottom: 34, left: 120 };

/** Distinct paths a demand took, with when each was first used. */
export function distinctPaths(d) {
  const seen = new Map();
  for (const p of d.paths) {
    const key = p.nodes.join('>');
    if (!seen.has(key)) seen.set(key, { nodes: p.nodes, links: p.links, from: p.from, count: 0 });
    seen.get(key).count++;
  }
  return [...seen.values()];
}

/** Links of every path a demand took. */
export const demandLinks = (d) => [...new Set(distinctPaths(d).flatMap((p) => p.links))];

export function demandChart() {
  let width = 600;
  let demands = [];
  let mode = 'percent';
  let selectedId = null;
  let onHighlight = () => {};
  let onSelect = () => {};
  let svg;
  let table;
  let empty;
  let controls;

  const rowPx = () => (width < 600 ? 44 : 28);
  const height = () => MARGIN.top + Math.max(1, demands.length) * rowPx() + MARGIN.bottom;

  function chart(container) {
    const root = d3.select(container);
    empty = root.append('p').attr('class', 'empty').text('This scenario has no demands.').attr('hidden', true);
    controls = root.append('div').attr('class', 'chart-controls');
    controls.append('label').text('totals ').append('select').attr('class', 'demand-mode').attr('aria-label', 'demand totals as')
      .on('change', (e) => {
        mode = e.target.value;
        draw();
      })
      .selectAll('option').data([['percent', '% of request served'], ['log', 'key (log axis)']]).join('option')
      .attr('value', (d) => d[0]).text((d) => d[1]);
    svg = root.append('svg').attr('class', 'demands-svg').attr('role', 'img').attr('aria-label', 'Share of each demand\'s key that was served');
    svg.append('g').attr('class', 'x-axis');
    svg.append('text').attr('class', 'axis-label x-label');
    svg.append('g').attr('class', 'rows');
    table = root.append('div').attr('class', 'table-wrap').append('table').attr('class', 'demand-table');
    table.append('thead').append('tr').selectAll('th')
      .data(['demand', 'status', 'served', 'starved', 'path(s) taken'])
      .join('th').text((d) => d);
    table.append('tbody');
    draw();
  }

  function highlight(d) {
    onHighlight(d ? demandLinks(d) : null, d);
  }

  function choose(d) {
    selectedId = d.id;
    drawSelection();
    onSelect(d);
  }

  function draw() {
    if (!svg) return;
    empty.attr('hidden', demands.length > 0 ? true : null);
    svg.style('display', demands.length > 0 ? null : 'none');
    controls.attr('hidden', demands.length > 0 ? null : true);
    table.attr('hidden', demands.length > 0 ? null : true);
    controls.select('.demand-mode').property('value', mode);
    const h = height();
    const narrow = width < 600;
    // Room for the longest demand id on the left; on a phone the status label goes under the axis.
    const M = { ...MARGIN, right: narrow ? 80 : MARGIN.right, left: Math.max(60, Math.min(narrow ? 110 : 220, 14 + 6.8 * (d3.max(demands, (d) => d.id.length) ?? 4))) };
    svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', width).attr('height', h);
    let x;
    let label;
    let unit = null;
    if (mode === 'percent') {
      x = d3.scaleLinear().domain([0, 100]).range([M.left, width - M.right]);
      label = 'key served, % of requested';
    } else {
      const maxBits = d3.max(demands, (d) => Math.max(d.requestedBits, d.servedBits)) || 1000;
      const minBits = d3.min(demands.flatMap((d) => [d.requestedBits, d.servedBits]).filter((b) => b > 0)) || 1;
      unit = bitUnit(maxBits);
      x = d3.scaleLog().domain([Math.max(1, minBits / 3) / unit.factor, (maxBits * 1.2) / unit.factor]).range([M.left, width - M.right]).clamp(true);
      label = `key (${unit.unit}, log): requested (outline), served (filled)`;
    }
    const y = d3.scaleBand().domain(demands.map((d) => d.id)).range([M.top, h - M.bottom]).paddingInner(0.25).paddingOuter(0.1);
    svg.select('.x-axis').attr('transform', `translate(0,${h - M.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - M.left - M.right) / 70)), axisNumber).tickSizeOuter(0));
    svg.select('.x-label').attr('x', (M.left + width - M.right) / 2).attr('y', h - 4).attr('text-anchor', 'middle').text(narrow && mode === 'log' ? `key (${unit.unit}, log)` : label);
    const rows = svg.select('.rows').selectAll('g.demand').data(demands, (d) => d.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'demand');
        g.append('rect').attr('class', 'row-hit');
        g.append('text').attr('class', 'row-label');
        g.append('rect').attr('class', 'requested');
        g.append('rect').attr('class', 'served');
        g.append('text').attr('class', 'status-label');
        return g;
      });
    const x0 = x.range()[0];
    const at = (bits) => (mode === 'percent' ? x0 : x(Math.max(x.domain()[0], bits / unit.factor)));
    rows.attr('transform', (d) => `translate(0,${y(d.id)})`).attr('data-status', (d) => d.status).attr('data-id', (d) => d.id);
    rows.select('.row-hit').attr('x', 0).attr('width', width).attr('y', -2).attr('height', y.bandwidth() + 4);
    rows.select('.row-label').attr('x', M.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end').text((d) => d.id);
    rows.select('.requested').attr('x', x0).attr('height', y.bandwidth())
      .attr('width', (d) => Math.max(1, (mode === 'percent' ? x(100) : at(d.requestedBits)) - x0));
    rows.select('.served').attr('x', x0).attr('y', y.bandwidth() * 0.2).attr('height', y.bandwidth() * 0.6)
      .attr('width', (d) => Math.max(d.servedBits > 0 ? 2 : 0, (mode === 'percent' ? x(100 * d.servedFraction) : at(d.servedBits)) - x0))
      .attr('fill', (d) => demandStatusStyle(d.status).fill);
    rows.select('.status-label').attr('x', width - M.right + 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
      .text((d) => `${demandStatusStyle(d.status).symbol} ${formatPercent(d.servedFraction)}${narrow ? '' : ` · ${formatBits(d.servedBits)}`}`);
    rows.on('mousemove', (e, d) => {
      showTooltip(e, demandHtml(d));
      highlight(d);
    }).on('mouseleave', () => {
      hideTooltip();
      highlight(null);
    }).on('click', (e, d) => choose(d));

    const tr = table.select('tbody').selectAll('tr').data(demands, (d) => d.id).join('tr');
    tr.attr('data-status', (d) => d.status).attr('data-id', (d) => d.id).attr('tabindex', 0)
      .attr('aria-label', (d) => `demand ${d.id}: ${demandStatusStyle(d.status).label}, ${formatPercent(d.servedFraction)} served; Enter for details`)
      .on('mouseenter focus', (e, d) => highlight(d))
      .on('mouseleave blur', () => highlight(null))
      .on('click', (e, d) => choose(d))
      .on('keydown', (e, d) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose(d);
        }
      });
    tr.html((d) => {
      const s = demandStatusStyle(d.status);
      const paths = distinctPaths(d);
      const pathText = paths.length === 0 ? '<i>none</i>' : paths.slice(0, 4).map((p) => `${p.nodes.length ? p.nodes.map(escapeHtml).join(' → ') : '<i>no route</i>'}${paths.length > 1 ? ` <span class="muted">(from ${formatUtc(Date.parse(p.from), false).slice(5, 16)}${p.count > 1 ? `, ${p.count}×` : ''})</span>` : ''}`).join('<br>') + (paths.length > 4 ? `<br>… ${paths.length - 4} more` : '');
      const req = d.kind === 'constant' ? '' : `<br><span class="muted">requests ${d.requests.served} of ${d.requests.made} served${d.requests.dropped ? `, ${d.requests.dropped} dropped` : ''}</span>`;
      return `<td data-label="demand"><b>${escapeHtml(d.id)}</b> <span class="muted">${escapeHtml(d.kind)}</span><br>${escapeHtml(d.from)} → ${escapeHtml(d.to)}</td>`
        + `<td data-label="status"><span class="status" style="--status:${s.fill}">${s.symbol} ${escapeHtml(s.label)}</span>${d.reason ? `<div class="reason">${escapeHtml(d.reason)}</div>` : ''}</td>`
        + `<td data-label="served" class="num">${formatBits(d.servedBits)} of ${formatBits(d.requestedBits)}<br>${formatPercent(d.servedFraction)}${req}</td>`
        + `<td data-label="starved" class="num">${d.kind === 'constant' ? `${formatDuration(d.starvedS)}${d.longestStarvedS > 0 ? `<br><span class="muted">longest ${formatDuration(d.longestStarvedS)}</span>` : ''}` : '–'}</td>`
        + `<td data-label="paths" class="paths">${pathText}</td>`;
    });
    drawSelection();
  }

  function drawSelection() {
    svg?.selectAll('g.demand').classed('selected', (d) => d.id === selectedId);
    table?.selectAll('tbody tr').classed('selected', (d) => d.id === selectedId).attr('aria-current', (d) => (d.id === selectedId ? 'true' : null));
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
    if (!demands.some((d) => d.id === selectedId)) selectedId = null;
    draw();
    return chart;
  };
  chart.select = function (id) {
    selectedId = id;
    drawSelection();
    return chart;
  };
  chart.mode = function (_) {
    if (!arguments.length) return mode;
    mode = _;
    draw();
    return chart;
  };
  chart.svg = () => svg?.node() ?? null;
  chart.onHighlight = function (_) {
    onHighlight = _;
    return chart;
  };
  chart.onSelect = function (_) {
    onSelect = _;
    return chart;
  };
  return chart;
}

/** Tooltip and details text of a demand. */
export function demandHtml(d) {
  return `<b>${escapeHtml(d.id)}</b> (${escapeHtml(d.kind)}), ${escapeHtml(d.from)} → ${escapeHtml(d.to)}<br>requested ${formatBits(d.requestedBits)}, served ${formatBits(d.servedBits)} (${formatPercent(d.servedFraction)})<br>`
    + `status: <b>${escapeHtml(demandStatusStyle(d.status).label)}</b>${d.reason ? `<br>${escapeHtml(d.reason)}` : ''}`
    + (d.kind === 'constant' ? `<br>starved ${formatDuration(d.starvedS)}${d.longestStarvedS > 0 ? `, longest ${formatDuration(d.longestStarvedS)}` : ''}` : `<br>requests ${d.requests.served} of ${d.requests.made} served`);
}
