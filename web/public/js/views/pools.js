// Key pool levels over time for the selected links and on-board stores (a downlink's pool is the
// key the satellite shares with that station), with each pool's capacity (dashed) and warning
// threshold (dotted). Linear, log or percent-of-capacity scale; click to move the time there.
import { SERIES } from '../palette.js';
import { axisNumber, bitUnit, escapeHtml, formatBits, formatUtc, utcTick } from '../format.js';
import { hideTooltip, showTooltip } from '../tooltip.js';

const MARGIN = { top: 12, right: 18, bottom: 40, left: 64 };
const MAX_DEFAULT_SELECTED = 6;

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

export function poolChart() {
  let width = 600;
  let height = 300;
  let series = [];
  let selected = new Set();
  let mode = 'linear';
  let domain = [new Date(0), new Date(1)];
  let timeMs = null;
  let onSeek = () => {};
  let svg;
  let controls;
  let list;
  let x = d3.scaleUtc();
  let y = d3.scaleLinear();
  let unit = bitUnit(0);

  function chart(container) {
    const root = d3.select(container);
    controls = root.append('div').attr('class', 'chart-controls');
    const label = controls.append('label').text('scale ');
    label.append('select').attr('class', 'pool-mode').attr('aria-label', 'y scale')
      .on('change', (e) => {
        mode = e.target.value;
        draw();
      })
      .selectAll('option').data([['linear', 'key (linear)'], ['log', 'key (log)'], ['percent', '% of capacity']])
      .join('option').attr('value', (d) => d[0]).text((d) => d[1]);
    svg = root.append('svg').attr('class', 'pools-svg').attr('role', 'img').attr('aria-label', 'Key pool levels over time');
    svg.append('g').attr('class', 'grid');
    svg.append('g').attr('class', 'x-axis');
    svg.append('g').attr('class', 'y-axis');
    svg.append('text').attr('class', 'axis-label x-label');
    svg.append('text').attr('class', 'axis-label y-label');
    svg.append('g').attr('class', 'limits');
    svg.append('g').attr('class', 'lines');
    svg.append('line').attr('class', 'cursor');
    svg.append('g').attr('class', 'dots');
    svg.append('rect').attr('class', 'hover-surface');
    list = root.append('div').attr('class', 'series-list');
    svg.select('.hover-surface')
      .on('mousemove', (e) => {
        const [px] = d3.pointer(e, svg.node());
        const t = +x.invert(px);
        const rows = series.filter((s) => selected.has(s.id)).map((s) => `<span class="swatch-line" style="background:${s.colour}"></span> ${escapeHtml(s.id)}: ${formatBits(valueAt(s.values, t))}`);
        showTooltip(e, `<b>${formatUtc(t)}</b><br>${rows.join('<br>')}`);
      })
      .on('mouseleave', hideTooltip)
      .on('click', (e) => {
        const [px] = d3.pointer(e, svg.node());
        onSeek(+x.invert(px));
      });
    draw();
  }

  const scaled = (s, bits) => (mode === 'percent' ? (s.capacityBits > 0 ? (100 * bits) / s.capacityBits : 0) : bits / unit.factor);

  function draw() {
    if (!svg) return;
    controls.select('.pool-mode').property('value', mode);
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const shown = series.filter((s) => selected.has(s.id));
    x = d3.scaleUtc().domain(domain).range([MARGIN.left, width - MARGIN.right]);
    const maxBits = d3.max(shown, (s) => Math.max(s.capacityBits, d3.max(s.values, (v) => v.bits) ?? 0)) ?? 1000;
    unit = bitUnit(maxBits);
    const top = MARGIN.top;
    const bottom = height - MARGIN.bottom;
    let yLabel;
    if (mode === 'percent') {
      y = d3.scaleLinear().domain([0, 105]).range([bottom, top]);
      yLabel = 'pool level (% of capacity)';
    } else if (mode === 'log') {
      const positive = shown.flatMap((s) => s.values.map((v) => v.bits).concat([s.warningBits, s.capacityBits])).filter((b) => b > 0);
      const lo = Math.max(1, (d3.min(positive) ?? 1000) / 2) / unit.factor;
      const hi = ((d3.max(positive) ?? 1e6) * 1.5) / unit.factor;
      y = d3.scaleLog().domain([lo, Math.max(hi, lo * 10)]).range([bottom, top]).clamp(true);
      yLabel = `key in pool (${unit.unit}, log scale)`;
    } else {
      y = d3.scaleLinear().domain([0, (maxBits * 1.05) / unit.factor]).nice().range([bottom, top]);
      yLabel = `key in pool (${unit.unit})`;
    }
    const xAxis = d3.axisBottom(x).ticks(Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 90))).tickFormat(utcTick).tickSizeOuter(0);
    svg.select('.x-axis').attr('transform', `translate(0,${bottom})`).call(xAxis);
    const yAxis = d3.axisLeft(y).ticks(mode === 'log' ? 5 : 6, axisNumber);
    svg.select('.y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(yAxis);
    svg.select('.grid').attr('transform', `translate(${MARGIN.left},0)`)
      .call(d3.axisLeft(y).ticks(mode === 'log' ? 5 : 6).tickSize(-(width - MARGIN.left - MARGIN.right)).tickFormat(''))
      .call((g) => g.select('.domain').remove());
    svg.select('.x-label').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', height - 4).attr('text-anchor', 'middle').text('time (UTC)');
    svg.select('.y-label').attr('transform', `translate(14,${(top + bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(yLabel);
    svg.select('.hover-surface').attr('x', MARGIN.left).attr('y', top).attr('width', Math.max(0, width - MARGIN.left - MARGIN.right)).attr('height', Math.max(0, bottom - top));

    const line = (s) => d3.line().x((v) => x(v.tMs)).y((v) => y(Math.max(scaled(s, v.bits), mode === 'log' ? y.domain()[0] : -Infinity)))(s.values);
    svg.select('.lines').selectAll('path.pool-line').data(shown, (s) => s.id)
      .join('path').attr('class', 'pool-line').attr('data-id', (s) => s.id).attr('stroke', (s) => s.colour)
      .attr('d', line);
    const limits = shown.flatMap((s) => [
      { key: `${s.id}-cap`, s, cls: 'capacity', v: mode === 'percent' ? 100 : scaled(s, s.capacityBits) },
      { key: `${s.id}-warn`, s, cls: 'warning', v: scaled(s, s.warningBits) },
    ]).filter((d) => d.v > 0 || mode !== 'log');
    svg.select('.limits').selectAll('line').data(limits, (d) => d.key)
      .join('line').attr('class', (d) => `limit ${d.cls}`).attr('stroke', (d) => d.s.colour)
      .attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', (d) => y(d.v)).attr('y2', (d) => y(d.v));
    drawCursor();
    drawList();
  }

  function drawCursor() {
    if (!svg) return;
    const inside = timeMs !== null && x(timeMs) >= MARGIN.left && x(timeMs) <= width - MARGIN.right;
    svg.select('.cursor').attr('display', inside ? null : 'none')
      .attr('x1', inside ? x(timeMs) : 0).attr('x2', inside ? x(timeMs) : 0).attr('y1', MARGIN.top).attr('y2', height - MARGIN.bottom);
    const dots = inside ? series.filter((s) => selected.has(s.id)).map((s) => ({ s, v: valueAt(s.values, timeMs) })).filter((d) => d.v !== null) : [];
    svg.select('.dots').selectAll('circle').data(dots, (d) => d.s.id)
      .join('circle').attr('r', 3.5).attr('fill', (d) => d.s.colour)
      .attr('cx', x(timeMs ?? 0)).attr('cy', (d) => y(Math.max(scaled(d.s, d.v), mode === 'log' ? y.domain()[0] : -Infinity)));
    if (list) list.selectAll('.series-value').text((s) => (timeMs === null ? '' : formatBits(valueAt(s.values, timeMs))));
  }

  function drawList() {
    const groups = [
      { title: 'On-board stores (satellite → station)', items: series.filter((s) => s.kind === 'downlink') },
      { title: 'Fibre links', items: series.filter((s) => s.kind !== 'downlink') },
    ].filter((g) => g.items.length > 0);
    const groupSel = list.selectAll('fieldset').data(groups, (g) => g.title)
      .join((enter) => {
        const f = enter.append('fieldset');
        f.append('legend').text((g) => g.title);
        return f;
      });
    groupSel.selectAll('label.series').data((g) => g.items, (s) => s.id)
      .join((enter) => {
        const l = enter.append('label').attr('class', 'series');
        l.append('input').attr('type', 'checkbox').on('change', (e, s) => {
          if (e.target.checked) selected.add(s.id);
          else selected.delete(s.id);
          draw();
        });
        l.append('span').attr('class', 'swatch-line');
        l.append('span').attr('class', 'series-name');
        l.append('span').attr('class', 'series-value');
        return l;
      })
      .call((l) => {
        l.select('input').property('checked', (s) => selected.has(s.id));
        l.select('.swatch-line').style('background', (s) => s.colour);
        l.select('.series-name').text((s) => s.id).attr('title', (s) => `${s.from} → ${s.to}; capacity ${formatBits(s.capacityBits)}, warning below ${formatBits(s.warningBits)}`);
        l.select('.series-value').text((s) => (timeMs === null ? '' : formatBits(valueAt(s.values, timeMs))));
      });
  }

  chart.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(300, Math.round(_));
    height = Math.round(Math.max(220, Math.min(340, width * 0.5)));
    draw();
    return chart;
  };
  /** series [{id, kind, from, to, capacityBits, warningBits, values: [{tMs, bits}]}], [startMs, endMs]. */
  chart.data = function (s, [startMs, endMs]) {
    series = s.map((d, i) => ({ ...d, colour: SERIES[i % SERIES.length] }));
    const ordered = [...series.filter((d) => d.kind === 'downlink'), ...series.filter((d) => d.kind !== 'downlink')];
    selected = new Set(ordered.slice(0, MAX_DEFAULT_SELECTED).map((d) => d.id));
    domain = [new Date(startMs), new Date(endMs)];
    // Pools far apart in size read better on a log scale.
    const peaks = series.map((d) => d3.max(d.values, (v) => v.bits) ?? 0).filter((b) => b > 0);
    mode = peaks.length > 1 && d3.max(peaks) / d3.min(peaks) > 50 ? 'log' : 'linear';
    if (list) list.html('');
    draw();
    return chart;
  };
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
  chart.onSeek = function (_) {
    onSeek = _;
    return chart;
  };
  return chart;
}
