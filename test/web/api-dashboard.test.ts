/**
 * The server parts the dashboard's planner views need, against a real server: gzip and the one
 * basemap, demands over time (checked against the report's totals), the elevation of one pass
 * (against the report's pass record), the subsolar point (against the solar declination), the
 * CSV / JSON exports, warm run workers, and GET /metrics scraped and parsed as the Prometheus text
 * exposition format (format 0.0.4, parsed here independently of prom-client).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { startServer, type RunningServer } from '../../web/server.js';

type Json = Record<string, any>;

const server: RunningServer = await startServer({ port: 0 });
const base = server.url.replace(/\/$/, '');

async function getJson(path: string): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** A GET with Accept-Encoding: gzip, undecoded: the bytes on the wire and the headers. */
function rawGzip(path: string): Promise<{ status: number; encoding: string | undefined; wire: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], wire: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function runToEnd(body: Json): Promise<Json> {
  const res = await fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const started = (await res.json()) as Json;
  assert.is(res.status, 202, JSON.stringify(started));
  for (let i = 0; i < 600; i++) {
    const r = await getJson(`/api/runs/${started.id}`);
    if (r.body.status !== 'running') return r.body;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`run ${started.id} did not finish in 60 s`);
}

// ---------------------------------------------------------------------------------------------
const transfer = suite('transfer: gzip and the one basemap');

transfer('JSON, scripts and the basemap are gzipped; the event stream is not', async () => {
  for (const path of ['/data/countries-110m.json', '/vendor/d3.min.js', '/api/scenarios', '/js/main.js']) {
    const r = await rawGzip(path);
    assert.is(r.status, 200, path);
    assert.is(r.encoding, 'gzip', path);
    const plain = gunzipSync(r.wire);
    assert.ok(r.wire.length < plain.length * 0.6, `${path}: ${r.wire.length} bytes gzipped of ${plain.length}`);
  }
});

transfer('only the basemap the page draws is served (countries-110m)', async () => {
  assert.is((await getJson('/data/countries-110m.json')).body.type, 'Topology');
  for (const other of ['/data/countries-50m.json', '/data/land-110m.json', '/data/countries-10m.json']) assert.is((await getJson(other)).status, 404, other);
});

// ---------------------------------------------------------------------------------------------
const derived = suite('run data: demands over time, pass elevation, the Sun, exports');
let micius: Json;
let fibre: Json;

derived.before(async () => {
  micius = await runToEnd({ scenario: 'micius-2017-xinglong' });
  fibre = await runToEnd({ scenario: 'fibre-chain', days: 0.5 });
});

derived('demand series end at the report totals, never decrease, and serve no more than requested', async () => {
  for (const run of [micius, fibre]) {
    assert.is(run.status, 'done');
    const report = (await getJson(`/api/runs/${run.id}/report`)).body;
    const series = (await getJson(`/api/runs/${run.id}/demand-series`)).body;
    assert.equal(series.tS, report.poolSeries.tS, 'the pool chart\'s time axis');
    assert.is(series.demands.length, report.demands.length);
    report.demands.forEach((d: Json, i: number) => {
      const s = series.demands[i];
      assert.is(s.id, d.id);
      const last = series.tS.length - 1;
      assert.is(s.servedBits[last], d.servedBits, `${d.id} served at the end`);
      assert.is(s.requestedBits[last], d.requestedBits, `${d.id} requested at the end`);
      assert.ok(Math.abs(s.starvedS[last] - d.starvedS) < 0.01, `${d.id} starved ${s.starvedS[last]} s vs ${d.starvedS} s`);
      for (let k = 1; k < series.tS.length; k++) {
        assert.ok(s.servedBits[k] >= s.servedBits[k - 1] && s.requestedBits[k] >= s.requestedBits[k - 1], `${d.id} cumulative at ${k}`);
        assert.ok(s.servedBits[k] <= s.requestedBits[k], `${d.id} served ${s.servedBits[k]} > requested ${s.requestedBits[k]} at ${k}`);
      }
    });
  }
  // fibre-chain's video demand asks 128 bit/s all day: requested grows by 128 x the sample interval.
  const series = (await getJson(`/api/runs/${fibre.id}/demand-series`)).body;
  const video = series.demands.find((d: Json) => d.id === 'video');
  const dtS = series.tS[2] - series.tS[1];
  assert.is(video.requestedBits[2] - video.requestedBits[1], 128 * dtS);
});

derived('the elevation of a pass rises from the pass mask to the report\'s maximum and back', async () => {
  const report = (await getJson(`/api/runs/${micius.id}/report`)).body;
  const index = report.passes.findIndex((p: Json) => p.outcome === 'keyed');
  const pass = report.passes[index];
  const e = (await getJson(`/api/runs/${micius.id}/passes/${index}/elevation?stepS=2`)).body;
  assert.is(e.station, pass.station);
  assert.is(e.keyMaskDeg, 19.5, "Xinglong's keyMaskDeg in the scenario file");
  const elevations = e.samples.map((s: Json) => s.elevationDeg);
  // Rise and set are where the elevation crosses the pass mask (10 deg): the ends sit on it.
  assert.ok(Math.abs(elevations[0] - e.passMaskDeg) < 0.05, `rise at ${elevations[0]} deg`);
  assert.ok(Math.abs(elevations[elevations.length - 1] - e.passMaskDeg) < 0.05, `set at ${elevations.at(-1)} deg`);
  // Sampled every 2 s near the top, where elevation changes < 0.01 deg/s: within 0.02 deg of the peak.
  const peak = Math.max(...elevations);
  assert.ok(peak <= pass.maxElevationDeg + 1e-3 && pass.maxElevationDeg - peak < 0.02, `peak ${peak} vs ${pass.maxElevationDeg}`);
  assert.is(e.samples[0].t.slice(0, 19), pass.rise.slice(0, 19));
  assert.is((await getJson(`/api/runs/${micius.id}/passes/9999/elevation`)).status, 400);
  assert.is((await getJson(`/api/runs/${micius.id}/passes/0/elevation?stepS=0`)).status, 400);
});

/**
 * The Sun's apparent declination and the longitude where it is overhead, by the low-precision
 * formulas of Meeus, Astronomical Algorithms (2nd ed.), ch. 25 (about 0.01 deg) and the mean
 * sidereal time of eq. 12.4: written here independently of the server's astronomy-engine.
 */
function meeusSubsolar(utcMs: number): { latDeg: number; lonDeg: number } {
  const rad = Math.PI / 180;
  const jd = utcMs / 86_400_000 + 2_440_587.5;
  const T = (jd - 2_451_545) / 36_525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * rad;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.000289 * Math.sin(3 * M);
  const omega = (125.04 - 1934.136 * T) * rad;
  const lambda = (L0 + C - 0.00569 - 0.00478 * Math.sin(omega)) * rad;
  const eps = (23.439291 - 0.0130042 * T + 0.00256 * Math.cos(omega)) * rad;
  const dec = Math.asin(Math.sin(eps) * Math.sin(lambda)) / rad;
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda)) / rad;
  const gmst = 280.46061837 + 360.98564736629 * (jd - 2_451_545) + 0.000387933 * T * T;
  const lon = ((((ra - gmst) % 360) + 540) % 360) - 180;
  return { latDeg: dec, lonDeg: lon };
}

derived('the subsolar point of the track route agrees with Meeus\'s solar position to 0.03 deg', async () => {
  const t = (await getJson(`/api/runs/${micius.id}/track?from=2016-12-16T12:00:00Z&to=2016-12-16T13:00:00Z&stepS=60`)).body;
  assert.is(t.sun.length, 7, 'every 10 minutes, both ends included');
  for (const p of t.sun) {
    const ref = meeusSubsolar(Date.parse(p.t));
    assert.ok(Math.abs(p.latDeg - ref.latDeg) < 0.03, `${p.t}: declination ${p.latDeg} vs ${ref.latDeg.toFixed(3)}`);
    assert.ok(Math.abs(p.lonDeg - ref.lonDeg) < 0.03, `${p.t}: longitude ${p.lonDeg} vs ${ref.lonDeg.toFixed(3)}`);
  }
  // Near the December solstice: about -23.3 deg, and 15 deg of longitude per hour, westward.
  assert.ok(t.sun[0].latDeg < -23.2 && t.sun[0].latDeg > -23.45);
  assert.ok(Math.abs(t.sun[6].lonDeg - t.sun[0].lonDeg + 15) < 0.05);
});

derived('exports: CSV and JSON downloads of passes, pools and demands; 400 for another name', async () => {
  const report = (await getJson(`/api/runs/${micius.id}/report`)).body;
  const csv = await fetch(`${base}/api/runs/${micius.id}/export/passes.csv`);
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="?micius-2017-xinglong-[0-9a-f]{12}-passes\.csv"?$/);
  const lines = (await csv.text()).trim().split('\n');
  assert.is(lines.length, report.passes.length + 1, 'a header and one row per pass');
  assert.match(lines[0]!, /^satellite,station,rise,/);
  const pools = (await (await fetch(`${base}/api/runs/${micius.id}/export/pools.csv`)).text()).trim().split('\n');
  assert.is(pools.length, report.poolSeries.tS.length + 1);
  const demands = (await getJson(`/api/runs/${fibre.id}/export/demands.json`)).body;
  assert.is(demands.demands.length, 3);
  assert.is(demands.overTime.demands.length, 3);
  for (const bad of ['passes.xml', 'secrets.csv', '..%2Fpasses.csv']) assert.is((await getJson(`/api/runs/${micius.id}/export/${bad}`)).status, 400, bad);
});

derived('the network of a run carries each downlink\'s key mask and its ground footprint', async () => {
  const run = (await getJson(`/api/runs/${micius.id}`)).body;
  const link = run.network.links.find((l: Json) => l.kind === 'downlink');
  assert.is(link.keyMaskDeg, 19.5);
  // Micius at about 500 km: central angle acos(R cos 19.5 / (R + h)) - 19.5 deg for R = 6371 km (about 9.3 deg).
  const r = 6371.0088;
  const expected = (Math.acos((r * Math.cos((19.5 * Math.PI) / 180)) / (r + 500)) * 180) / Math.PI - 19.5;
  assert.ok(Math.abs(link.keyFootprintDeg - expected) < 0.4, `${link.keyFootprintDeg} vs ${expected.toFixed(2)} (the orbit is 488-515 km)`);
});

// ---------------------------------------------------------------------------------------------
const metrics = suite('GET /metrics (Prometheus text format)');

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses the text exposition format 0.0.4: HELP and TYPE lines, then `name{labels} value`. */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.ok(['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3]!), line);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m![2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    let consumed = 0;
    let lm: RegExpExecArray | null;
    while (consumed < body.length && (lm = re.exec(body)) !== null) {
      labels[lm[1]!] = lm[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      consumed = re.lastIndex;
    }
    assert.is(consumed, body.length, `labels of ${line}`);
    const value = m![3] === '+Inf' ? Infinity : m![3] === '-Inf' ? -Infinity : Number(m![3]);
    assert.ok(!Number.isNaN(value) || m![3] === 'NaN', line);
    samples.push({ name: m![1]!, labels, value });
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

metrics('counts runs and shows the pools and key of the runs kept', async () => {
  const res = await fetch(`${base}/metrics`);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', 'text/plain; version=0.0.4');
  const { types, samples } = parseExposition(await res.text());
  assert.is(types.get('qkdsim_runs_started_total'), 'counter');
  assert.is(types.get('qkdsim_run_pool_level_bits'), 'gauge');
  assert.is(value(samples, 'qkdsim_runs_started_total'), 2, 'the two runs of the suite above');
  assert.is(value(samples, 'qkdsim_runs_finished_total', { status: 'done' }), 2);
  assert.is(value(samples, 'qkdsim_runs_finished_total', { status: 'failed' }), 0);
  assert.is(value(samples, 'qkdsim_runs_active'), 0);
  assert.is(value(samples, 'qkdsim_runs_max_concurrent'), 2);
  const report = (await getJson(`/api/runs/${micius.id}/report`)).body;
  for (const l of report.links) {
    assert.is(value(samples, 'qkdsim_run_pool_level_bits', { run: micius.id, link: l.id }), l.finalBits, l.id);
    assert.is(value(samples, 'qkdsim_run_key_delivered_bits', { run: micius.id, link: l.id }), l.generatedBits, l.id);
  }
  for (const d of report.demands) assert.is(value(samples, 'qkdsim_run_demand_served_bits', { run: micius.id, demand: d.id, scenario: 'micius-2017-xinglong' }), d.servedBits);
  assert.ok(samples.some((s) => s.name === 'qkdsim_process_cpu_seconds_total'), 'process metrics');
});

metrics('a stopped run and a refused one are counted; a warm worker waits for the next run', async () => {
  const post = (scenario: string) => fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, days: 300 }) });
  const a = (await (await post('integrated-2021')).json()) as Json;
  const b = (await (await post('integrated-2021')).json()) as Json;
  const refused = await post('fibre-chain');
  assert.is(refused.status, 429);
  await fetch(`${base}/api/runs/${a.id}`, { method: 'DELETE' });
  await fetch(`${base}/api/runs/${b.id}`, { method: 'DELETE' });
  const { samples } = parseExposition(await (await fetch(`${base}/metrics`)).text());
  assert.is(value(samples, 'qkdsim_runs_started_total'), 4);
  assert.is(value(samples, 'qkdsim_runs_refused_total'), 1);
  assert.is(value(samples, 'qkdsim_runs_finished_total', { status: 'cancelled' }), 2);
  // Replacements start when runs end; one is loaded within a few seconds.
  for (let i = 0; i < 300 && server.runs.warmReady < 1; i++) await new Promise((ok) => setTimeout(ok, 100));
  assert.is(server.runs.warmReady, 1);
});

metrics.after(async () => {
  await server.close();
});

transfer.run();
derived.run();
metrics.run();
