// The study view: the results of `qkdsim study` (study.json, format qkdsim-study/1). With one swept
// dimension, a line of the chosen metric's mean against the dimension's values with ±1 sd error
// bars; with two, a heatmap of the mean (cividis). With more, the user picks the two dimensions to
// show (or one, for a line) and fixes each other dimension at one of its values. Points whose runs
// all failed are hatched grey, points where some failed are marked, and both are counted.
import { escapeHtml } from '../../format.js';
import { hideTooltip } from '../../tooltip.js';
import { HATCH_ID, LINE, displayUnit, prepare, valueLabel } from './prepare.js';
import { drawLine } from './line-chart.js';
import { drawHeatmap } from './heatmap.js';

export { valueLabel, displayUnit };

export function studyView() {
  let width = 800;
  let entries = [];
  let current = null; // prepare(doc) of the study shown
  let currentName = null; // the study picked (shown, loading or without results)
  let shownName = null; // the study whose results `current` holds
  /** compare: 'abs', or 'diff' (each point minus the baseline point: same other values, x = base). */
  const sel = { metric: null, key: null, x: 0, y: LINE, fixed: [], compare: 'abs', base: 0 };
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
    // Against the baseline case: each point minus the point with the baseline value of the x
    // dimension (and the same values of the others).
    const xDimension = dims[sel.x];
    if (xDimension.values.length > 1) {
      const compare = field('show', 'study-compare');
      const opts = [{ value: 'abs', text: 'values' }, ...xDimension.values.map((v, i) => ({ value: `diff:${i}`, text: `difference vs ${xDimension.name} = ${valueLabel(v)}` }))];
      compare.selectAll('option').data(opts).join('option').attr('value', (o) => o.value).text((o) => o.text);
      compare.property('value', sel.compare === 'diff' ? `diff:${sel.base}` : 'abs').on('change', (e) => {
        const v = e.target.value;
        sel.compare = v === 'abs' ? 'abs' : 'diff';
        if (v !== 'abs') sel.base = Number(v.slice(5));
        draw();
      });
    }
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
    let items = sel.y === LINE
      ? xDim.values.map((_, i) => item(indexAt(i)))
      : dims[sel.y].values.flatMap((_, j) => xDim.values.map((__, i) => item(indexAt(i, j))));
    let diff = null;
    if (sel.compare === 'diff' && sel.base < xDim.values.length) {
      diff = { label: `${xDim.name} = ${valueLabel(xDim.values[sel.base])}` };
      items = items.map((d) => {
        const base = item(d.idx.map((v, j) => (j === sel.x ? sel.base : v)));
        if (!d.stats || !base.stats) return { ...d, stats: null, status: d.stats ? 'no-value' : d.status };
        const delta = d.stats.mean - base.stats.mean;
        // Only the means are in study.json's summary: the difference has no spread here.
        return { ...d, baseMean: base.stats.mean, stats: { mean: delta, sd: 0, min: delta, max: delta, n: d.stats.n } };
      });
    }
    const maxAbs = d3.max(items, (d) => (d.stats ? Math.max(Math.abs(d.stats.mean) + d.stats.sd, Math.abs(d.stats.max)) : 0)) || 0;
    const unit = displayUnit(metric.unit, maxAbs);
    svg.style('display', null).selectAll('*').remove();
    svg.attr('data-kind', sel.y === LINE ? 'line' : 'heatmap')
      .attr('data-compare', diff ? 'diff' : 'abs')
      .attr('aria-label', `${diff ? 'difference of ' : ''}${sel.metric}.${sel.key} against ${xDim.name}${sel.y === LINE ? '' : ` and ${dims[sel.y].name}`}`);
    const ctx = { svg, legend, note, width, sel, current, diff };
    if (sel.y === LINE) drawLine(ctx, items, metric, unit);
    else drawHeatmap(ctx, items, metric, unit);
    drawNote(items);
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
  view.svg = () => (svg && svg.style('display') !== 'none' ? svg.node() : null);
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

