// Elevation against time over one pass (the access report a satellite engineer expects): the
// elevation curve, the pass mask and key mask as lines, and the key window shaded.
import { utcAxis } from '../format.js';

const M = { top: 10, right: 12, bottom: 28, left: 40 };

/** Draws `data` (from /api/runs/:id/passes/:i/elevation) into `container`, replacing what was there. */
export function drawElevation(container, data, width) {
  const root = d3.select(container);
  root.selectAll('*').remove();
  const w = Math.max(260, width);
  const h = 170;
  const svg = root.append('svg').attr('class', 'elevation-svg').attr('viewBox', `0 0 ${w} ${h}`).attr('width', w).attr('height', h)
    .attr('role', 'img').attr('aria-label', `Elevation of ${data.satellite} over ${data.station} during the pass`);
  const pts = data.samples.map((s) => ({ tMs: Date.parse(s.t), e: s.elevationDeg }));
  if (pts.length < 2) return svg.node();
  const x = d3.scaleUtc().domain(d3.extent(pts, (p) => p.tMs)).range([M.left, w - M.right]);
  const y = d3.scaleLinear().domain([0, Math.max(30, Math.ceil((d3.max(pts, (p) => p.e) + 5) / 10) * 10)]).range([h - M.bottom, M.top]);
  if (data.keyWindowStart && data.keyWindowEnd) {
    const a = x(Date.parse(data.keyWindowStart));
    const b = x(Date.parse(data.keyWindowEnd));
    svg.append('rect').attr('class', 'key-window').attr('x', a).attr('width', Math.max(1, b - a)).attr('y', M.top).attr('height', h - M.top - M.bottom);
  }
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${h - M.bottom})`).call(utcAxis(x, w - M.left - M.right));
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4).tickFormat((d) => `${d}°`));
  const masks = [{ cls: 'pass-mask', v: data.passMaskDeg, label: `pass mask ${data.passMaskDeg}°` }];
  if (data.keyMaskDeg !== null) masks.push({ cls: 'key-mask', v: data.keyMaskDeg, label: `key mask ${data.keyMaskDeg}°` });
  for (const m of masks) {
    svg.append('line').attr('class', `mask ${m.cls}`).attr('x1', M.left).attr('x2', w - M.right).attr('y1', y(m.v)).attr('y2', y(m.v));
    svg.append('text').attr('class', 'mask-label').attr('x', w - M.right - 2).attr('y', y(m.v) - 3).attr('text-anchor', 'end').text(m.label);
  }
  svg.append('path').attr('class', 'elevation-line').attr('d', d3.line().x((p) => x(p.tMs)).y((p) => y(p.e))(pts));
  const peak = pts.reduce((a, b) => (b.e > a.e ? b : a));
  svg.append('text').attr('class', 'peak-label').attr('x', x(peak.tMs)).attr('y', y(peak.e) - 5).attr('text-anchor', 'middle').text(`${peak.e.toFixed(1)}°`);
  return svg.node();
}
