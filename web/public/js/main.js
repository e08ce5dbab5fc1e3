// The dashboard: wires the run panel, the clock, the shared time axis and the views to the server's
// API. One time (state.timeMs) drives the map, the pass timeline, the pool chart and the demands
// over time; one time axis (time-axis.js) is the range all of them show. The results drawn stay on
// screen while a new run goes and after Stop, until another run's results replace them. The
// address keeps the run, range, time, selection and pools shown (url-state.js).
import * as api from './api.js';
import { addPatterns, NODE_KINDS, poolColour } from './palette.js';
import { timeAxis } from './time-axis.js';
import { readHash, writeHash } from './url-state.js';
import { derive, summaryHtml } from './run-data.js';
import { chartExports, dataExports } from './export.js';
import { networkMap } from './views/map.js';
import { passTimeline } from './views/timeline.js';
import { poolChart, valueAt } from './views/pools.js';
import { demandChart, demandLinks } from './views/demands.js';
import { demandTimeChart } from './views/demand-time.js';
import { runPanel } from './views/run-panel.js';
import { timeControl } from './views/time-control.js';
import { rangePicker } from './views/range-picker.js';
import { detailsPane } from './views/details.js';
import { studyView } from './views/study/index.js';
import { ensureTrack, resetTrack } from './track-loader.js';

const state = { shown: null, following: null, derived: null, report: null, timeMs: null, sel: null, stopFollow: null };
const axis = timeAxis();
const map = networkMap();
const timeline = passTimeline(axis);
const pools = poolChart(axis);
const demands = demandChart();
const demandTime = demandTimeChart(axis);
const panel = runPanel();
const clock = timeControl();
const picker = rangePicker(axis);
const details = detailsPane();
const studies = studyView();
let studyRequest = 0;
let hoverTimer = null;

function mount() {
  addPatterns(d3.select('#patterns'));
  const el = (id) => document.getElementById(id);
  map(el('map'));
  timeline(el('timeline'));
  pools(el('pools'));
  demands(el('demands'));
  demandTime(el('demand-time'));
  panel(el('run-panel'));
  clock(el('time-control'));
  picker(el('range-picker'));
  details(el('details'));
  studies(el('studies'));
  studies.onPick(showStudy).onReload(loadStudies);
  mapLegend();
  for (const [id, chart, name] of [['map-heading', map, 'map'], ['timeline-heading', timeline, 'passes'], ['pools-heading', pools, 'pools'], ['demands-heading', demands, 'demands'], ['demand-time-heading', demandTime, 'demands-over-time'], ['studies-heading', studies, 'study']]) {
    chartExports(el(id), () => chart.svg(), () => `${state.shown?.scenario.name ?? 'qkdsim'}-${name}`);
  }
  d3.select('#follow').on('change', (e) => map.follow(e.target.checked));
  d3.select('#map-reset').on('click', () => map.fit());
  timeline.onSeek(setTime).onSelect((p) => select({ type: 'pass', id: String(p.key) }));
  pools.onSeek(setTime).onSelection(saveHash);
  demandTime.onSeek(setTime).onHighlight((id) => demands.select(id ?? state.sel?.type === 'demand' ? state.sel.id : null));
  clock.onTime(setTime);
  demands.onHighlight(hoverDemand).onSelect((d) => select({ type: 'demand', id: d.id }));
  map.onSelect((s) => select(s.type === 'node' ? { type: 'node', id: s.node.id } : { type: 'link', id: s.link.id }));
  details.onClose(() => select(null));
  axis.on(() => saveHash());
  panel.onRun(startRun).onSelectRun(showRun).onLoadScenario((name) => api.getScenario(name).catch(() => null));
  panel.onCancel(() => state.following && api.cancelRun(state.following.id).catch(() => undefined));
  // Widths follow the containers; resizing inside the observer's callback would re-trigger it
  // ("ResizeObserver loop completed with undelivered notifications"), so it waits for the next frame.
  const sized = [[map, 'map'], [timeline, 'timeline'], [pools, 'pools'], [demands, 'demands'], [demandTime, 'demand-time'], [studies, 'studies'], [picker, 'range-picker']];
  let frame = null;
  const observer = new ResizeObserver(() => {
    if (frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      for (const [chart, id] of sized) {
        const w = el(id).clientWidth;
        if (w > 0 && Math.abs(w - chart.width()) > 2) chart.width(w);
      }
      if (state.timeMs !== null) map.time(state.timeMs);
    });
  });
  for (const [, id] of sized) observer.observe(el(id));
}

function mapLegend() {
  const legend = d3.select('#map-legend');
  for (const [kind, s] of Object.entries(NODE_KINDS)) {
    const item = legend.append('span').attr('class', 'legend-item');
    item.append('svg').attr('width', 14).attr('height', 14).append('path')
      .attr('transform', 'translate(7,7)').attr('fill', s.fill).attr('stroke', '#fff')
      .attr('d', d3.symbol({ circle: d3.symbolCircle, square: d3.symbolSquare, diamond: d3.symbolDiamond }[s.symbol], 70)());
    item.append('span').text(s.label).attr('data-kind', kind);
  }
  const ramp = legend.append('span').attr('class', 'legend-item');
  ramp.append('span').text('link pool: empty');
  const svg = ramp.append('svg').attr('width', 90).attr('height', 10);
  const grad = svg.append('defs').append('linearGradient').attr('id', 'pool-ramp');
  for (let f = 0; f <= 1.0001; f += 0.25) grad.append('stop').attr('offset', `${f * 100}%`).attr('stop-color', poolColour(f));
  svg.append('rect').attr('width', 90).attr('height', 10).attr('fill', 'url(#pool-ramp)').attr('stroke', '#1b1f24').attr('stroke-width', 0.5);
  ramp.append('span').text('full (of capacity); dashed: below warning; grey dotted: link down');
  legend.append('span').attr('class', 'legend-item').html('<svg width="26" height="10"><line x1="0" y1="5" x2="12" y2="5" stroke="#222" stroke-width="1.6"/><line x1="14" y1="5" x2="26" y2="5" stroke="#555" stroke-width="1.6" stroke-dasharray="3 2"/></svg> ground track (past, next 45 min)');
  legend.append('span').attr('class', 'legend-item').html('<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="rgba(0,114,178,0.12)" stroke="#0072b2"/></svg> satellite visible above the pass mask');
  legend.append('span').attr('class', 'legend-item').html('<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="none" stroke="#7a3e00" stroke-dasharray="3 2"/></svg> station key mask (satellite inside: key possible)');
  legend.append('span').attr('class', 'legend-item').html('<svg width="26" height="12"><rect width="13" height="12" fill="rgba(20,33,61,0.16)"/><rect x="13" width="13" height="12" fill="rgba(20,33,61,0.34)"/></svg> night, dark enough for key');
  legend.append('span').attr('class', 'legend-item').html('<svg width="26" height="10"><line x1="0" y1="5" x2="26" y2="5" stroke="#0072b2" stroke-width="2.5"/></svg> downlink in key window (dashed: pass outside it)');
}

async function init() {
  mount();
  loadStudies();
  try {
    const [info, scenarios, topology] = await Promise.all([api.getInfo(), api.listScenarios(), d3.json('/data/countries-110m.json')]);
    map.basemap(topology);
    panel.maxDays(info.limits.maxDays).scenarios(scenarios, info.defaultScenario ?? scenarios[0]?.name);
    const runs = await api.listRuns();
    const wanted = readHash();
    const pick = runs.find((r) => r.id === wanted.run) ?? runs.find((r) => r.status === 'done' || r.status === 'running');
    panel.runs(runs, pick?.id);
    if (pick) await showRun(pick.id, pick.id === wanted.run ? wanted : null);
  } catch (error) {
    serverError(error);
  }
  document.body.dataset.ready = 'true';
}

/** A page-wide message when the server cannot be reached (or another request fails unexpectedly). */
function serverError(error) {
  const message = error instanceof api.ApiError ? error.message : `the dashboard failed: ${error.message ?? error}`;
  d3.select('#server-banner').attr('hidden', null).select('.banner-text').text(message);
}

async function loadStudies(keep) {
  try {
    const list = await api.listStudies();
    const pick = list.find((e) => e.name === keep) ?? list.find((e) => e.results) ?? list[0];
    studies.studies(list, pick?.name);
    if (pick) await showStudy(pick.name);
  } catch (error) {
    studies.error(null, `cannot read the studies: ${error.message}`);
  }
}

async function showStudy(name) {
  const ticket = ++studyRequest;
  const entry = studies.entry(name);
  if (!entry?.results) {
    studies.noResults(entry, entry?.resultsError);
    return;
  }
  studies.loading(name);
  try {
    const doc = await api.getStudy(name);
    if (ticket === studyRequest) studies.data(name, doc);
  } catch (error) {
    if (ticket !== studyRequest) return;
    if (error.status === 404) studies.noResults(entry);
    else studies.error(name, `cannot load study ${name}: ${error.body?.message ?? error.message}`);
  }
}

async function refreshRuns() {
  try {
    panel.runs(await api.listRuns(), state.following?.id ?? state.shown?.id);
  } catch {
    // the list is a convenience; the current run is unaffected
  }
}

async function startRun(body, kind) {
  try {
    const run = await api.startRun(body);
    panel.warnings(run.warnings, run.scenario.name);
    await showRun(run.id);
    refreshRuns();
  } catch (error) {
    if (error instanceof api.ApiError && error.status !== 0) panel.errors(error.body, kind);
    else {
      panel.errors({ message: String(error.message ?? error) });
      serverError(error);
    }
  }
}

/** Shows a run: draws its results when done, else follows it with the current results left on screen. */
async function showRun(id, restore = null) {
  state.stopFollow?.();
  state.stopFollow = null;
  const run = await api.getRun(id);
  d3.select('#server-banner').attr('hidden', true);
  panel.warnings(run.warnings, run.scenario.name).progress(run);
  document.body.dataset.runStatus = run.status;
  if (run.status === 'done') {
    state.following = null;
    await loadReport(run, restore);
    return;
  }
  if (!state.shown) {
    // Nothing on screen yet: show the network of the run while it goes.
    drawEmpty(run, run.status === 'running' ? 'Demands appear when the run is done.' : `This run ${run.status}.`);
  }
  if (run.status !== 'running') {
    if (run.issues) panel.errors({ error: run.error, issues: run.issues }, run.scenario.origin === 'upload' ? 'document' : 'shipped');
    return;
  }
  state.following = run;
  document.body.dataset.following = id;
  state.stopFollow = api.followRun(id, {
    onProgress: (p) => {
      if (state.following?.id !== id) return;
      Object.assign(state.following, { status: p.status ?? state.following.status, progress: p.progress, stage: p.stage });
      panel.progress(state.following, state.shown && state.shown.id !== id ? state.shown.scenario.name : null);
    },
    onEnd: async (summary) => {
      if (state.following?.id !== id) return;
      Object.assign(state.following, summary);
      document.body.dataset.runStatus = summary.status;
      delete document.body.dataset.following;
      panel.progress(state.following, state.shown && state.shown.id !== id ? state.shown.scenario.name : null);
      refreshRuns();
      if (summary.status === 'done') await loadReport(state.following, null);
      else if (summary.issues) panel.errors({ error: summary.error, issues: summary.issues }, run.scenario.origin === 'upload' ? 'document' : 'shipped');
      if (summary.status === 'failed' && summary.error === 'lost contact with the server') serverError(new api.ApiError(0, { message: 'lost contact with the qkdsim server: is it still running? Start it again and reload the page.' }));
      state.following = null;
    },
  });
}

/** The network of a run without results (before any run's results were drawn). */
function drawEmpty(run, demandsText) {
  const startMs = Date.parse(run.scenario.start);
  const endMs = Date.parse(run.scenario.end);
  d3.select('#scenario-name').text(run.scenario.name);
  d3.select('#scenario-desc').text(run.scenario.description);
  map.network(run.network.nodes, run.network.links, run.network.satellites.length > 0).levels(null).passes(() => []).tracks([]);
  axis.full(startMs, endMs);
  timeline.data([], run.network.nodes.filter((n) => n.kind === 'station'));
  pools.data([]);
  demands.emptyText(demandsText).data([]);
  demandTime.data(null, [], startMs);
  clock.range(startMs, endMs).events([]);
  setTime(startMs);
}

async function loadReport(run, restore) {
  const [report, series] = await Promise.all([api.getReport(run.id), api.getDemandSeries(run.id)]);
  if (state.following && state.following.id !== run.id && state.following.status === 'running') return;
  const d = derive(run, report);
  Object.assign(state, { shown: run, report, derived: d, sel: null });
  resetTrack();
  document.body.dataset.run = run.id;
  d3.select('#scenario-name').text(run.scenario.name);
  d3.select('#scenario-desc').text(run.scenario.description);
  d3.select('#summary').html(summaryHtml(report));
  dataExports(document.getElementById('data-exports'), run.id);
  const byId = new Map(d.series.map((s) => [s.id, s]));
  map.network(run.network.nodes, run.network.links, run.network.satellites.length > 0);
  map.levels((linkId, t) => {
    const s = byId.get(linkId);
    const bits = s ? valueAt(s.values, t) : null;
    if (bits === null) return null;
    const outage = d.outages.find((o) => o.link === linkId && o.startMs <= t && t < o.endMs);
    return { bits, fraction: s.capacityBits > 0 ? bits / s.capacityBits : 0, belowWarning: bits < s.warningBits, down: outage ? outage.reason || 'outage' : null };
  });
  map.passes((t) => (t === null ? [] : d.passes.filter((p) => p.riseMs <= t && t <= p.setMs).map((p) => ({
    linkId: p.linkId, station: p.station, satelliteId: p.satelliteId, keying: p.keyStartMs !== null && p.keyStartMs <= t && t <= p.keyEndMs,
  }))));
  axis.full(d.startMs, d.endMs);
  timeline.data(d.passes, d.stations);
  pools.data(d.series, restore?.pools ?? null);
  demands.emptyText('This scenario has no demands.').data(report.demands);
  demandTime.data(series, report.demands, d.startMs);
  clock.range(d.startMs, d.endMs).events(d.passes.map((p) => p.culminationMs));
  details.clear();
  if (restore?.fromMs !== null && restore?.toMs !== null && restore) axis.set([restore.fromMs, restore.toMs], 'url');
  // Open on something to see: a minute into the key window of the first pass that delivered key
  // (the satellite still well clear of the station), else a quarter of the way in.
  const first = d.passes.find((p) => p.outcome === 'keyed' && p.keyStartMs !== null);
  const opening = first ? Math.min(first.keyStartMs + 60_000, first.keyEndMs) : d.startMs + (d.endMs - d.startMs) / 4;
  setTime(restore?.tMs ?? opening);
  if (restore?.sel) select(restore.sel);
  document.body.dataset.report = 'loaded';
  saveHash();
}

/** Selects a pass (by report index), demand, node or link and shows it in the details pane; null clears. */
function select(sel) {
  const d = state.derived;
  state.sel = sel;
  if (!sel || !d) {
    details.clear();
    timeline.select(null);
    demands.select(null);
    map.highlight(null);
    saveHash();
    return;
  }
  if (sel.type === 'pass') {
    const p = d.passes[Number(sel.id)];
    if (!p) return select(null);
    timeline.select(p.index);
    details.pass(p, api.getElevation(state.shown.id, p.index));
  } else if (sel.type === 'demand') {
    const dem = state.report.demands.find((x) => x.id === sel.id);
    if (!dem) return select(null);
    demands.select(dem.id);
    details.demand(dem);
    map.highlight(demandLinks(dem), true);
  } else if (sel.type === 'node') {
    const n = state.shown.network.nodes.find((x) => x.id === sel.id);
    if (!n || n.latDeg === null) return select(null);
    map.focusNode(n.id);
    details.node(n, state.shown.network.links);
  } else if (sel.type === 'link') {
    const l = state.shown.network.links.find((x) => x.id === sel.id);
    if (!l) return select(null);
    const s = d.series.find((x) => x.id === l.id);
    const bits = s && state.timeMs !== null ? valueAt(s.values, state.timeMs) : null;
    details.link(l, bits === null ? null : { bits, fraction: l.capacityBits > 0 ? bits / l.capacityBits : 0, belowWarning: bits < l.warningBits, down: null });
  }
  saveHash();
}

/** Hovering a demand colours its path at once and zooms the map to it after a moment. */
function hoverDemand(ids, d) {
  clearTimeout(hoverTimer);
  const selected = state.sel?.type === 'demand' ? state.report?.demands.find((x) => x.id === state.sel.id) : null;
  if (!ids) {
    map.highlight(selected ? demandLinks(selected) : null, Boolean(selected));
    return;
  }
  map.highlight(ids, false);
  hoverTimer = setTimeout(() => map.highlight(ids, true), 250);
  void d;
}

let hashTimer = null;
function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    if (!state.shown) return;
    writeHash({ run: state.shown.id, view: axis.view(), full: axis.span(), tMs: state.timeMs, sel: state.sel, pools: pools.selected() });
  }, 150);
}

function setTime(t) {
  state.timeMs = t;
  clock.time(t);
  map.time(t);
  timeline.time(t);
  pools.time(t);
  demandTime.time(t);
  if (state.shown) ensureTrack(state.shown, t, map);
  saveHash();
}

init();
