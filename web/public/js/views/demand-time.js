// Demands over time, on the shared time axis: one strip per demand, its key requested so far
// (dashed line) and served so far (filled, in the demand's status colour), each as a share of what
// the demand asks over the whole run, so small and large demands read alike; red marks under the
// strip where it was starved. The clock's cursor runs through all strips; click to move it.
import { demandStatusStyle } from '../palette.js';
import { escapeHtml, formatBits, formatDuration, formatPercent, formatUtc, utcAxis } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';
import { attachTimeZoom } from '../time-axis.js';

const MARGIN = { top: 6, right: 20, bottom: 28, left: 120 };
const STARVED_PX = 4;

export function demandTimeChart(axis) {
  let width = 600;
  let rows = [];
  let timeMs = null;
  let onSeek = () => {};
  let onHighlight = () => {};
  let svg;
  let note;
  let sync = () => {};

  const stripPx = () => (width < 600 ? 44 : 34);
  const left = () => (width < 600 ? 80 : Math.max(60, Math.min(220, 14 + 6.8 * (d3.max(rows, (r) => r.id.length) ?? 4))));
  const height = () => MARGIN.top + Math.max(1, rows.length) * stripPx() + MARGIN.bottom;
  const x = () => d3.scaleUtc().domain(axis.view()).range([left(), width - MARGIN.right]);

  function chart(container) {
    const root = d3.select(container);
    note = root.append('p').attr('class', 'empty demand-time-note').attr('hidden', true);
    svg = root.append('svg').attr('class', 'demand-time-svg').attr('role', 'img').attr('aria-label', 'Key requested and served over time per demand, and when each was starved');
    svg.append('rect').attr('class', 'zoom-surface');
    svg.append('g').attr('class', 'strips');
    svg.append('g').attr('class', 'x-axis');
    svg.append('line').attr('class', 'cursor');
    root.append('div').attr('class', 'legend').html(
      '<span class="legend-item"><svg width="26" height="10"><line x1="0" y1="5" x2="26" y2="5" stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="4 3"/></svg> requested so far</span>'
      + '<span class="legend-item"><svg width="16" height="10"><rect width="16" height="10" fill="#009E73" opacity="0.75"/></svg> served so far (share of the whole request)</span>'
      + '<span class="legend-item"><svg width="16" height="10"><rect y="6" width="16" height="4" fill="#B3261E"/></svg> starved</span>');
    sync = attachTimeZoom(svg, axis, { left, right: () => width - MARGIN.right }, 'demands');
    svg.on('click', (e) => {
      if (e.defaultPrevented) return;
      const [px] = d3.pointer(e, svg.node());
      if (px >= left() && px <= width - MARGIN.right) onSeek(+x().invert(px));
    });
    axis.on(() => draw());
    draw();
  }

  function draw() {
    if (!svg) return;
    sync();
    svg.style('display', rows.length > 0 ? null : 'none');
    const h = height();
    const sx = x();
    const L = left();
    svg.attr('viewBox', `0 0 ${width} ${h}`).attr('width', width).attr('height', h);
    svg.select('.zoom-surface').attr('x', L).attr('y', MARGIN.top).attr('width', Math.max(0, width - L - MARGIN.right)).attr('height', h - MARGIN.top - MARGIN.bottom);
    svg.select('.x-axis').attr('transform', `translate(0,${h - MARGIN.bottom})`).call(utcAxis(sx, width - L - MARGIN.right));
    const band = d3.scaleBand().domain(rows.map((r) => r.id)).range([MARGIN.top, h - MARGIN.bottom]).paddingInner(0.22);
    const inner = band.bandwidth() - STARVED_PX - 2;
    const [a, b] = axis.view();
    svg.attr('data-view', `${a}/${b}`);
    const strips = svg.select('.strips').selectAll('g.demand-strip').data(rows, (r) => r.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'demand-strip');
        g.append('rect').attr('class', 'strip-bg');
        g.append('path').attr('class', 'served-area');
        g.append('path').attr('class', 'requested-line');
        g.append('g').attr('class', 'starved');
        g.append('text').attr('class', 'row-label');
        return g;
      });
    strips.attr('transform', (r) => `translate(0,${band(r.id)})`).attr('data-id', (r) => r.id).attr('data-status', (r) => r.status);
    strips.select('.strip-bg').attr('x', L).attr('width', Math.max(0, width - L - MARGIN.right)).attr('height', inner);
    strips.select('.row-label').attr('x', L - 8).attr('y', inner / 2).attr('dy', '0.35em').attr('text-anchor', 'end').text((r) => r.id);
    strips.each(function (r) {
      const g = d3.select(this);
      const total = r.totalBits > 0 ? r.totalBits : 1;
      const fy = d3.scaleLinear().domain([0, 1]).range([inner, 0]);
      const pts = r.points.filter((p, i, all) => (all[i + 1]?.tMs ?? Infinity) >= a && (all[i - 1]?.tMs ?? -Infinity) <= b);
      g.select('.served-area').attr('fill', demandStatusStyle(r.status).fill)
        .attr('d', d3.area().x((p) => sx(p.tMs)).y0(inner).y1((p) => fy(p.servedBits / total))(pts));
      g.select('.requested-line').attr('d', d3.line().x((p) => sx(p.tMs)).y((p) => fy(p.requestedBits / total))(pts));
      const starved = r.starved.filter((s) => s.endMs >= a && s.startMs <= b);
      g.select('.starved').selectAll('rect').data(starved).join('rect').attr('class', 'starved-mark')
        .attr('x', (s) => Math.max(L, sx(s.startMs))).attr('width', (s) => Math.max(1.5, Math.min(width - MARGIN.right, sx(s.endMs)) - Math.max(L, sx(s.startMs))))
        .attr('y', inner + 1).attr('height', STARVED_PX);
    });
    strips.on('mousemove', (e, r) => {
      const [px] = d3.pointer(e, svg.node());
      const t = Math.max(a, Math.min(b, +sx.invert(px)));
      const p = pointAt(r, t);
      showTooltip(e, `<b>${escapeHtml(r.id)}</b> at ${formatUtc(t)}<br>requested so far ${formatBits(p.requestedBits)}, served ${formatBits(p.servedBits)}`
        + ` (${formatPercent(p.requestedBits > 0 ? p.servedBits / p.requestedBits : 1)})`
        + (r.kind === 'constant' ? `<br>starved so far ${formatDuration(p.starvedS)}` : `${p.droppedBits > 0 ? `<br>dropped so far ${formatBits(p.droppedBits)}` : ''}`));
      onHighlight(r.id);
    }).on('mouseleave', () => {
      hideTooltip();
      onHighlight(null);
    });
    drawCursor();
  }

  /** The sample at or before t. */
  function pointAt(r, t) {
    const i = Math.max(0, d3.bisector((p) => p.tMs).right(r.points, t) - 1);
    return r.points[i] ?? { requestedBits: 0, servedBits: 0, starvedS: 0, droppedBits: 0 };
  }

  function drawCursor() {
    if (!svg) return;
    const sx = x();
    const inside = timeMs !== null && sx(timeMs) >= left() && sx(timeMs) <= width - MARGIN.right;
    svg.select('.cursor').attr('display', inside ? null : 'none')
      .attr('x1', inside ? sx(timeMs) : 0).attr('x2', inside ? sx(timeMs) : 0).attr('y1', MARGIN.top).attr('y2', height() - MARGIN.bottom);
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(300, Math.round(_));
    draw();
    return chart;
  };
  /**
   * Series from /api/runs/:id/demand-series, the report's demands (status) and the start (Unix ms).
   * Starved stretches are the sample intervals in which a demand's starved time grew.
   */
  chart.data = function (doc, demands, startMs) {
    const status = new Map(demands.map((d) => [d.id, d.status]));
    rows = (doc?.demands ?? []).map((s) => {
      const points = doc.tS.map((t, i) => ({ tMs: startMs + t * 1000, requestedBits: s.requestedBits[i], servedBits: s.servedBits[i], starvedS: s.starvedS[i], droppedBits: s.droppedBits[i] }));
      const starved = [];
      for (let i = 1; i < points.length; i++) {
        if (points[i].starvedS > points[i - 1].starvedS + 1e-6) {
          const last = starved[starved.length - 1];
          if (last && last.endMs === points[i - 1].tMs) last.endMs = points[i].tMs;
          else starved.push({ startMs: points[i - 1].tMs, endMs: points[i].tMs });
        }
      }
      return { id: s.id, kind: s.kind, status: status.get(s.id) ?? 'served', totalBits: points[points.length - 1]?.requestedBits ?? 0, points, starved };
    });
    note.attr('hidden', rows.length > 0 ? true : null).text('No demands over time in this run.');
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
  chart.onHighlight = function (_) {
    onHighlight = _;
    return chart;
  };
  return chart;
}
