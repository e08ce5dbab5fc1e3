// The dashboard: wires the run panel, the clock and the four views to the server's API. One time
// (state.timeMs) drives the map, the pass timeline and the pool chart together. The study view,
// apart from the run, shows the results of `qkdsim study`.
import * as api from './api.js';
import { addPatterns, NODE_KINDS, poolColour } from './palette.js';
import { escapeHtml, formatBits } from './format.js';
import { networkMap } from './views/map.js';
import { passTimeline } from './views/timeline.js';
import { poolChart, valueAt } from './views/pools.js';
import { demandChart } from './views/demands.js';
import { runPanel } from './views/run-panel.js';
import { timeControl } from './views/time-control.js';
import { studyView } from './views/study.js';

/** Ground track fetched around the current time, and refetched when the time nears its edge. */
const TRACK_HALF_SPAN_MS = 3 * 3600_000;
const TRACK_MARGIN_MS = 50 * 60_000;
const TRACK_STEP_S = 30;

const state = {
  run: null,
  derived: null,
  timeMs: null,
  stopFollow: null,
  track: { runId: null, fromMs: 0, toMs: 0, loading: false, pending: null },
};

const map = networkMap();
const timeline = passTimeline();
const pools = poolChart();
const demands = demandChart();
const panel = runPanel();
const clock = timeControl();
const studies = studyView();
/** Counts study requests, so that only the answer to the latest one is shown. */
let studyRequest = 0;

function mount() {
  addPatterns(d3.select('#patterns'));
  map(document.getElementById('map'));
  timeline(document.getElementById('timeline'));
  pools(document.getElementById('pools'));
  demands(document.getElementById('demands'));
  panel(document.getElementById('run-panel'));
  clock(document.getElementById('time-control'));
  studies(document.getElementById('studies'));
  studies.onPick(showStudy).onReload(loadStudies);
  mapLegend();
  timeline.onSeek(setTime);
  pools.onSeek(setTime);
  clock.onTime(setTime);
  demands.onHighlight((ids) => map.highlight(ids));
  panel.onRun(startRun).onSelectRun(showRun).onLoadScenario((name) => api.getScenario(name).catch(() => null));
  panel.onCancel(() => state.run && api.cancelRun(state.run.id).catch(() => undefined));
  const sized = [
    [map, 'map'],
    [timeline, 'timeline'],
    [pools, 'pools'],
    [demands, 'demands'],
    [studies, 'studies'],
  ];
  const observer = new ResizeObserver(() => {
    for (const [chart, id] of sized) {
      const w = document.getElementById(id).clientWidth;
      if (w > 0 && Math.abs(w - chart.width()) > 2) chart.width(w);
    }
    if (state.timeMs !== null) map.time(state.timeMs);
  });
  for (const [, id] of sized) observer.observe(document.getElementById(id));
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
  legend.append('span').attr('class', 'legend-item').html('<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="rgba(0,114,178,0.12)" stroke="#0072b2"/></svg> visible above the pass mask');
  legend.append('span').attr('class', 'legend-item').html('<svg width="26" height="10"><line x1="0" y1="5" x2="26" y2="5" stroke="#0072b2" stroke-width="2.5"/></svg> downlink in key window (dashed: pass outside it)');
}

async function init() {
  mount();
  loadStudies();
  try {
    const [info, scenarios, topology] = await Promise.all([api.getInfo(), api.listScenarios(), d3.json('/data/countries-50m.json')]);
    map.basemap(topology);
    panel.maxDays(info.limits.maxDays).scenarios(scenarios, info.defaultScenario ?? scenarios[0]?.name);
    const runs = await api.listRuns();
    const fromHash = /run=([0-9a-f]{12})/.exec(location.hash)?.[1];
    const pick = runs.find((r) => r.id === fromHash) ?? runs.find((r) => r.status === 'done' || r.status === 'running');
    panel.runs(runs, pick?.id);
    if (pick) await showRun(pick.id);
  } catch (error) {
    panel.errors({ message: `cannot reach the server: ${error.message}` });
  }
  document.body.dataset.ready = 'true';
}

/** Reads the study list and shows `keep` (on reload), else the first study with results. */
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
    panel.runs(await api.listRuns(), state.run?.id);
  } catch {
    // the list is a convenience; the current run is unaffected
  }
}

async function startRun(body, kind) {
  try {
    const run = await api.startRun(body);
    await showRun(run.id);
    refreshRuns();
  } catch (error) {
    if (error instanceof api.ApiError) panel.errors(error.body, kind);
    else panel.errors({ message: String(error.message ?? error) });
  }
}

async function showRun(id) {
  state.stopFollow?.();
  state.stopFollow = null;
  const run = await api.getRun(id);
  state.run = run;
  state.derived = null;
  state.track = { runId: null, fromMs: 0, toMs: 0, loading: false, pending: null };
  history.replaceState(null, '', `#run=${id}`);
  document.body.dataset.run = id;
  document.body.dataset.runStatus = run.status;
  delete document.body.dataset.report;
  d3.select('#scenario-name').text(run.scenario.name);
  d3.select('#scenario-desc').text(run.scenario.description);
  d3.select('#summary').html('');
  const startMs = Date.parse(run.scenario.start);
  const endMs = Date.parse(run.scenario.end);
  map.network(run.network.nodes, run.network.links, run.network.satellites.length > 0).levels(null).passes(() => []).tracks([]);
  timeline.data([], run.network.nodes.filter((n) => n.kind === 'station'), [startMs, endMs]);
  pools.data([], [startMs, endMs]);
  demands.emptyText(run.status === 'done' ? 'This scenario has no demands.' : 'Demands appear when the run is done.').data([]);
  clock.range(startMs, endMs).events([]);
  setTime(startMs);
  panel.progress(run);
  if (run.status === 'running') {
    state.stopFollow = api.followRun(id, {
      onProgress: (p) => {
        if (state.run?.id !== id) return;
        Object.assign(state.run, { status: p.status ?? state.run.status, progress: p.progress, stage: p.stage });
        panel.progress(state.run);
      },
      onEnd: async (summary) => {
        if (state.run?.id !== id) return;
        Object.assign(state.run, summary);
        document.body.dataset.runStatus = summary.status;
        panel.progress(state.run);
        refreshRuns();
        if (summary.status === 'done') await loadReport(id);
        else if (summary.issues) panel.errors({ error: summary.error, issues: summary.issues }, run.scenario.origin === 'upload' ? 'document' : 'shipped');
      },
    });
  } else if (run.status === 'done') {
    await loadReport(id);
  }
}

/** Report data in the shapes the views take (times as Unix ms). */
function derive(run, report) {
  const startMs = Date.parse(report.start);
  const endMs = Date.parse(report.end);
  const settings = new Map(run.network.links.map((l) => [l.id, l]));
  const ms = (iso) => (iso ? Date.parse(iso) : null);
  const passes = report.passes.map((p) => ({
    ...p,
    linkId: p.link,
    satelliteId: settings.get(p.link)?.from ?? p.satellite,
    riseMs: ms(p.rise),
    setMs: ms(p.set),
    culminationMs: ms(p.culmination),
    keyStartMs: ms(p.keyWindowStart),
    keyEndMs: ms(p.keyWindowEnd),
  }));
  const series = report.links.map((l) => ({
    id: l.id,
    kind: l.kind,
    from: l.from,
    to: l.to,
    capacityBits: settings.get(l.id)?.capacityBits ?? l.capacityBits,
    warningBits: settings.get(l.id)?.warningBits ?? 0,
    values: report.poolSeries.tS.map((t, i) => ({ tMs: startMs + t * 1000, bits: report.poolSeries.levels[l.id]?.[i] ?? 0 })),
  }));
  const outages = (report.outages ?? []).map((o) => ({ ...o, startMs: Date.parse(o.start), endMs: Date.parse(o.end) }));
  const stationIds = new Set([...run.network.nodes.filter((n) => n.kind === 'station').map((n) => n.id), ...passes.map((p) => p.station)]);
  const stations = [...stationIds].sort().map((id) => run.network.nodes.find((n) => n.id === id) ?? { id, name: id });
  return { startMs, endMs, passes, series, stations, outages };
}

async function loadReport(id) {
  const report = await api.getReport(id);
  if (state.run?.id !== id) return;
  const d = derive(state.run, report);
  state.derived = d;
  const byId = new Map(d.series.map((s) => [s.id, s]));
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
  timeline.data(d.passes, d.stations, [d.startMs, d.endMs]);
  pools.data(d.series, [d.startMs, d.endMs]);
  demands.emptyText('This scenario has no demands.').data(report.demands);
  clock.range(d.startMs, d.endMs).events(d.passes.map((p) => p.culminationMs));
  summary(report);
  // Open on something to see: a minute into the key window of the first pass that delivered key
  // (the satellite still well clear of the station), else a quarter of the way in.
  const first = d.passes.find((p) => p.outcome === 'keyed' && p.keyStartMs !== null);
  setTime(first ? Math.min(first.keyStartMs + 60_000, first.keyEndMs) : d.startMs + (d.endMs - d.startMs) / 4);
  document.body.dataset.report = 'loaded';
}

function summary(report) {
  const s = report.summary;
  const items = [
    `${report.start.slice(0, 16).replace('T', ' ')} → ${report.end.slice(0, 16).replace('T', ' ')} UTC`,
    `seed ${report.seed}`,
    `${s.passes} passes, ${s.keyedPasses} with key`,
    `${formatBits(s.passKeyBits)} from passes`,
    `${formatBits(s.generatedBits)} generated, ${formatBits(s.consumedBits)} used`,
    `demands: ${s.demands.served} served, ${s.demands.partial} partial, ${s.demands.failed} failed`,
  ];
  const clouded = (report.nights ?? []).filter((n) => n.clear === false).length;
  if (clouded > 0) items.push(`${clouded} clouded station-nights`);
  if ((report.outages ?? []).length > 0) items.push(`${report.outages.length} link outages`);
  d3.select('#summary').html(items.map((t) => `<li>${escapeHtml(t)}</li>`).join(''));
}

function setTime(t) {
  state.timeMs = t;
  clock.time(t);
  map.time(t);
  timeline.time(t);
  pools.time(t);
  ensureTrack(t);
}

async function ensureTrack(t) {
  const run = state.run;
  if (!run || run.network.satellites.length === 0) return;
  const tr = state.track;
  if (tr.runId === run.id && t - TRACK_MARGIN_MS >= tr.fromMs && t + TRACK_MARGIN_MS <= tr.toMs) return;
  if (tr.loading) {
    tr.pending = t;
    return;
  }
  tr.loading = true;
  // The server serves tracks within a day of the run.
  const lo = Date.parse(run.scenario.start) - 86_400_000 + 1000;
  const hi = Date.parse(run.scenario.end) + 86_400_000 - 1000;
  const fromMs = Math.max(lo, t - TRACK_HALF_SPAN_MS);
  const toMs = Math.min(hi, t + TRACK_HALF_SPAN_MS);
  try {
    const data = await api.getTrack(run.id, new Date(fromMs), new Date(toMs), TRACK_STEP_S);
    if (state.run?.id === run.id && state.track === tr) {
      Object.assign(tr, { runId: run.id, fromMs, toMs });
      map.tracks(data.satellites.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, tMs: Date.parse(p.t) })) })));
      map.time(state.timeMs);
    }
  } catch (error) {
    console.warn('ground track', error);
  } finally {
    tr.loading = false;
    if (tr.pending !== null) {
      const next = tr.pending;
      tr.pending = null;
      if (state.track === tr) ensureTrack(next);
    }
  }
}

init();
