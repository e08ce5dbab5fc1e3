import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLED_TLE_PATH, Observer, Satellite, appendMerging, findPasses, loadElementSets, satellitesFromSets, type Pass } from '../../sim/orbit/index.js';
import { loadCatalog } from '../../sim/scenario/stations.js';
import { assertInDelta } from '../helpers.js';

const DAY = 86_400_000;
const sets = loadElementSets(BUNDLED_TLE_PATH, 'micius.tle');
const micius = satellitesFromSets(sets);
const catalog = loadCatalog();
const observers = catalog.map((s) => new Observer(s));
const xinglong = observers.find((o) => o.station.id === 'xinglong')!;
const graz = observers.find((o) => o.station.id === 'graz')!;
const lijiang = observers.find((o) => o.station.id === 'lijiang')!;
const stats = () => ({ sgp4Calls: 0, samples: 0, anomalies: 0 });
const sinEl = (sat: Satellite, o: Observer, t: number) => o.sinElevation(sat.stateEcf(t));
const deg = (s: number) => (Math.asin(s) * 180) / Math.PI;

const inv = suite('findPasses() invariants over 30 days, 6 stations');
inv('elevation rises through each rise and falls through each set; culmination inside; no overlaps', () => {
  const t0 = Date.UTC(2016, 11, 10);
  const st = stats();
  const passes = findPasses(micius, observers, t0, t0 + 30 * DAY, {}, st);
  assert.is(st.anomalies, 0);
  assert.ok(passes.length > 500, `passes: ${passes.length}`);
  const sat = micius[0]!;
  const lastSet = new Map<string, number>();
  for (const p of passes) {
    const o = observers.find((x) => x.station.id === p.station)!;
    assert.ok(p.riseMs <= p.culminationMs && p.culminationMs <= p.setMs, 'culmination inside [rise, set]');
    assert.ok(p.maxElevationDeg >= 10 - 1e-6, `max elevation ${p.maxElevationDeg} below the mask`);
    if (!p.riseClipped) {
      assert.ok(deg(sinEl(sat, o, p.riseMs - 1000)) < 10 && deg(sinEl(sat, o, p.riseMs + 1000)) > 10, 'rising through the rise');
    }
    if (!p.setClipped) {
      assert.ok(deg(sinEl(sat, o, p.setMs - 1000)) > 10 && deg(sinEl(sat, o, p.setMs + 1000)) < 10, 'falling through the set');
    }
    assert.ok((lastSet.get(p.station) ?? -Infinity) < p.riseMs, 'never two rises in a row at a station');
    lastSet.set(p.station, p.setMs);
    // The culmination is the highest point: 2 s either side is lower.
    const c = sinEl(sat, o, p.culminationMs);
    assert.ok(c >= sinEl(sat, o, p.culminationMs - 2000) && c >= sinEl(sat, o, p.culminationMs + 2000), 'culmination is a maximum');
  }
});
inv('is sorted by rise time, then station', () => {
  const t0 = Date.UTC(2016, 11, 10);
  const passes = findPasses(micius, observers, t0, t0 + 3 * DAY);
  for (let i = 1; i < passes.length; i++) {
    const a = passes[i - 1]!;
    const b = passes[i]!;
    assert.ok(a.riseMs < b.riseMs || (a.riseMs === b.riseMs && a.station <= b.station));
  }
});
inv.run();

const ref = suite('findPasses(): the Liao 2017 reference pass');
ref('Micius culminates over Xinglong on 2016-12-19 near 16:52:14 UTC at 47.8 deg and 645.5 km', () => {
  const t0 = Date.UTC(2016, 11, 19, 16);
  const [p] = findPasses(micius, [xinglong], t0, t0 + 3_600_000);
  assert.ok(p);
  assertInDelta(p!.culminationMs, Date.UTC(2016, 11, 19, 16, 52, 14), 1000, 'culmination time, ms');
  assertInDelta(p!.maxElevationDeg, 47.8, 0.05, 'max elevation, deg');
  assertInDelta(p!.rangeAtCulminationKm, 645.5, 0.5, 'range at culmination, km');
  assert.is(p!.night, true);
  assert.is(p!.satelliteSunlit, false);
  assert.is(p!.tleEpochMs, sets[0]!.epochUtcMs);
});
ref('the span with range <= 1200 km lasts ~272 s from and to ~19.5 deg (key mask 19.5 deg)', () => {
  const t0 = Date.UTC(2016, 11, 19, 16);
  const [p] = findPasses(micius, [xinglong], t0, t0 + 3_600_000, { keyMaskDeg: 19.5 });
  const w = p!.keyWindow!;
  assertInDelta((w.endMs - w.startMs) / 1000, 272, 3, 'key window, s');
  const look = (t: number) => xinglong.lookAngles(micius[0]!.stateEcf(t));
  assertInDelta(look(w.startMs).elevationDeg, 19.5, 1e-4, 'elevation at window start');
  assertInDelta(look(w.startMs).rangeKm, 1200, 15, 'range at window start, km');
  assertInDelta(look(w.endMs).rangeKm, 1200, 15, 'range at window end, km (the pass is not symmetric)');
  assert.ok((p!.setMs - p!.riseMs) / (w.endMs - w.startMs) > 1.4, 'the 10 deg pass is ~50 % longer than the data window');
});
ref.run();

const edge = suite('findPasses() edge cases');
edge('a pass in progress at the window start is kept, flagged riseClipped, same culmination', () => {
  const full = findPasses(micius, [xinglong], Date.UTC(2016, 11, 19, 16), Date.UTC(2016, 11, 19, 17))[0]!;
  const start = Date.UTC(2016, 11, 19, 16, 50);
  const [p] = findPasses(micius, [xinglong], start, Date.UTC(2016, 11, 19, 17));
  assert.is(p!.riseClipped, true);
  assert.is(p!.setClipped, false);
  assert.is(p!.riseMs, start);
  assertInDelta(p!.culminationMs, full.culminationMs, 2, 'culmination ms');
  assertInDelta(p!.setMs, full.setMs, 2, 'set ms');
});
edge('a window with a rise but no culmination reports the highest point inside it, at the clipped end', () => {
  const end = Date.UTC(2016, 11, 19, 16, 51);
  const [p] = findPasses(micius, [xinglong], Date.UTC(2016, 11, 19, 16), end);
  assert.is(p!.setClipped, true);
  assert.is(p!.setMs, end);
  assert.is(p!.culminationMs, end);
  assert.equal(p!.culminationsMs, []);
  assertInDelta(p!.maxElevationDeg, deg(sinEl(micius[0]!, xinglong, end)), 1e-9, 'elevation at the end');
});
edge('a window inside a pass gives one pass clipped at both ends', () => {
  const [p, ...rest] = findPasses(micius, [xinglong], Date.UTC(2016, 11, 19, 16, 51), Date.UTC(2016, 11, 19, 16, 53));
  assert.is(rest.length, 0);
  assert.ok(p!.riseClipped && p!.setClipped);
  assert.equal(p!.culminationsMs.length, 1);
});
edge('a high mask (60 deg) keeps only the high passes, each above 60 deg', () => {
  const t0 = Date.UTC(2016, 11, 10);
  const all = findPasses(micius, observers, t0, t0 + 10 * DAY, { minElevationDeg: 60 });
  const low = findPasses(micius, observers, t0, t0 + 10 * DAY);
  assert.ok(all.length > 0 && all.length < low.length / 4);
  assert.ok(all.every((p) => p.maxElevationDeg >= 60));
  assert.is(all.length, low.filter((p) => p.maxElevationDeg >= 60).length);
});
const geo = satellitesFromSets(loadElementSets('test/fixtures/tle/geo-synthetic.tle'));
edge('a geostationary satellite is one pass clipped at both ends where visible, none where not', () => {
  const t0 = Date.UTC(2016, 11, 19);
  const passes = findPasses(geo, [lijiang, graz], t0, t0 + 3 * DAY);
  assert.is(passes.length, 1);
  assert.is(passes[0]!.station, 'lijiang');
  assert.ok(passes[0]!.riseClipped && passes[0]!.setClipped);
  assertInDelta(passes[0]!.durationS, 3 * 86_400, 0, 'duration s');
});
edge('an eccentric (Molniya) orbit has passes with two culminations and a dip between', () => {
  const molniya = satellitesFromSets(loadElementSets('test/fixtures/tle/molniya-synthetic.tle'));
  const t0 = Date.UTC(2016, 11, 19);
  const st = stats();
  const passes = findPasses(molniya, [xinglong], t0, t0 + 2 * DAY, {}, st);
  const doubles = passes.filter((p) => p.culminationsMs.length === 2);
  assert.ok(doubles.length >= 1, 'at least one pass with two culminations');
  assert.is(st.anomalies, 0);
  const p = doubles[0]!;
  const [c1, c2] = p.culminationsMs as [number, number];
  const mid = sinEl(molniya[0]!, xinglong, (c1 + c2) / 2);
  assert.ok(mid < sinEl(molniya[0]!, xinglong, c1) && mid < sinEl(molniya[0]!, xinglong, c2), 'a dip between the culminations');
  assert.ok(p.culminationMs === c1 || p.culminationMs === c2);
});
edge('appendMerging(into, next) joins a pass cut at an element-set switch with its continuation', () => {
  const b = 1000;
  const before = [
    { setIndex: 0, riseMs: 10, riseClipped: false, setMs: 20, setClipped: false, maximaMs: [15], edgeCandidatesMs: [] },
    { setIndex: 0, riseMs: 900, riseClipped: false, setMs: b, setClipped: true, maximaMs: [950], edgeCandidatesMs: [b] },
  ];
  const after = [
    { setIndex: 1, riseMs: b, riseClipped: true, setMs: 1100, setClipped: false, maximaMs: [], edgeCandidatesMs: [b] },
    { setIndex: 1, riseMs: 2000, riseClipped: false, setMs: 2100, setClipped: false, maximaMs: [2050], edgeCandidatesMs: [] },
  ];
  const into = [...before];
  appendMerging(into, after);
  assert.is(into.length, 3);
  const merged = into[1]!;
  assert.equal(
    { riseMs: merged.riseMs, riseClipped: merged.riseClipped, setMs: merged.setMs, setClipped: merged.setClipped, maximaMs: merged.maximaMs, edges: merged.edgeCandidatesMs },
    { riseMs: 900, riseClipped: false, setMs: 1100, setClipped: false, maximaMs: [950], edges: [] },
  );
  const separate = [before[0]!];
  appendMerging(separate, [after[1]!]);
  assert.is(separate.length, 2, 'passes not touching the switch stay apart');
});
edge('never-visible: no passes, and the search still covers the whole window quickly', () => {
  const t0 = Date.UTC(2016, 11, 19);
  const st = stats();
  assert.equal(findPasses(geo, [graz], t0, t0 + 30 * DAY, {}, st), []);
  assert.ok(st.sgp4Calls < 2000, `sgp4 calls ${st.sgp4Calls}`);
});
edge('rejects an empty or reversed window', () => {
  assert.throws(() => findPasses(micius, [xinglong], 10, 10), /must be after its start/);
});
edge.run();

const night = suite('findPasses() night and key window');
night('keyWindow is null for daylight passes and equals [rise, set] for dark ones at the default key mask', () => {
  const t0 = Date.UTC(2016, 11, 19);
  const passes: Pass[] = findPasses(micius, observers, t0, t0 + DAY);
  for (const p of passes) {
    if (p.sunElevationAtCulminationDeg > 0) assert.is(p.keyWindow, null);
    if (p.sunElevationAtCulminationDeg < -30) assert.equal(p.keyWindow, { startMs: p.riseMs, endMs: p.setMs });
    assert.is(p.night, p.sunElevationAtCulminationDeg < -12);
  }
});
night.run();
