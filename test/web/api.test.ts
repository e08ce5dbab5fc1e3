/**
 * The dashboard's JSON API against a real server on a loopback port: every route, bad input (the
 * same issue lines the CLI prints), path traversal, body / days / concurrency limits, 404s, and
 * that no answer carries a stack trace. The study routes read results made by the real study
 * runner (study-fixture.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import express from 'express';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';
import { errorHandler, startServer, type RunningServer } from '../../web/server.js';
import { REPO_ROOT } from '../helpers.js';
import { studyFixture } from './study-fixture.js';
import { fetchJson, rawGet as rawGetFrom } from './raw-get.js';

type Json = Record<string, any>;

const server: RunningServer = await startServer({ port: 0, host: '127.0.0.1' });
const base = server.url.replace(/\/$/, '');

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const r = await fetchJson(`${base}${path}`, init);
  assertNoStack(r.text);
  return r;
}

const rawGet = (path: string): Promise<{ status: number; text: string }> => rawGetFrom(base, path);

function assertNoStack(text: string): void {
  assert.not.match(text, /\n\s+at .+[(:]\d+/, 'a response carries a stack trace');
  assert.not.match(text, /node_modules|\/work\/|\.ts:\d+/, 'a response names server files');
}

async function waitForRun(id: string, timeoutMs = 30_000): Promise<Json> {
  const started = Date.now();
  for (;;) {
    const r = await call('GET', `/api/runs/${id}`);
    if (r.body.status !== 'running') return r.body;
    if (Date.now() - started > timeoutMs) throw new Error(`run ${id} still running after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const MICIUS_YAML = readFileSync(join(REPO_ROOT, 'scenarios', 'micius-2017-xinglong.yaml'), 'utf8');
const BAD_YAML = [
  'name: bad',
  'start: 2020-01-01T00:00:00Z',
  'days: 1',
  'nodes:',
  '  - { id: a, kind: user }',
  '  - { id: b, kind: relay }',
  'links:',
  '  - { kind: fiber, from: a, to: b, lengthKm: -5 }',
  '',
].join('\n');

// ---------------------------------------------------------------------------------------------
const info = suite('GET /api/info and static assets');
info('GET /api/info gives the limits', async () => {
  const r = await call('GET', '/api/info');
  assert.is(r.status, 200);
  assert.equal(r.body.limits, { maxDays: 366, maxConcurrentRuns: 2, maxBodyBytes: 1_000_000, maxTrackPoints: 2000, keepFinishedRuns: 20 });
});
info('GET / serves the dashboard with security headers', async () => {
  const r = await call('GET', '/');
  assert.is(r.status, 200);
  assert.match(r.text, '<link rel="icon" href="data:,">');
  assert.match(r.text, '/vendor/d3.min.js');
  assert.is(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(r.headers.get('content-security-policy') ?? '', "default-src 'self'");
  assert.is(r.headers.get('x-powered-by'), null);
});
info('GET /vendor/* and /data/* serve d3, topojson-client and world-atlas from node_modules', async () => {
  const d3 = await call('GET', '/vendor/d3.min.js');
  assert.is(d3.status, 200);
  assert.match(d3.headers.get('content-type') ?? '', 'javascript');
  assert.match(d3.text, 'https://d3js.org v7');
  const topo = await call('GET', '/vendor/topojson-client.min.js');
  assert.is(topo.status, 200);
  assert.match(topo.text, 'topojson');
  for (const file of ['countries-110m']) {
    const r = await call('GET', `/data/${file}.json`);
    assert.is(r.status, 200);
    assert.is(r.body.type, 'Topology');
  }
  for (const js of ['main.js', 'api.js', 'views/map.js', 'views/timeline.js', 'views/pools.js', 'views/demands.js', 'views/run-panel.js', 'views/study/index.js']) {
    assert.is((await call('GET', `/js/${js}`)).status, 200, js);
  }
});
info('unknown routes are 404 JSON, inside and outside /api', async () => {
  for (const [method, path] of [['GET', '/api/nope'], ['GET', '/api'], ['POST', '/api/scenarios'], ['PUT', '/api/runs'], ['GET', '/nope.html'], ['GET', '/vendor/d3.js']] as const) {
    const r = await call(method, path);
    assert.is(r.status, 404, `${method} ${path}`);
    assert.is(r.body.error, 'not found', `${method} ${path}`);
  }
});
info.run();

// ---------------------------------------------------------------------------------------------
const scenarios = suite('GET /api/scenarios[/:name]');
scenarios('lists the shipped scenarios, not the station catalogue', async () => {
  const r = await call('GET', '/api/scenarios');
  assert.is(r.status, 200);
  const names = r.body.scenarios.map((s: Json) => s.name);
  assert.ok(names.includes('fibre-chain') && names.includes('micius-2017-xinglong'), names.join());
  assert.not.ok(names.includes('stations'));
  const micius = r.body.scenarios.find((s: Json) => s.name === 'micius-2017-xinglong');
  assert.is(micius.file, 'scenarios/micius-2017-xinglong.yaml');
  assert.is(micius.seed, 2017);
  assert.is(micius.days, 7);
});
scenarios('gets one scenario with its source text', async () => {
  const r = await call('GET', '/api/scenarios/micius-2017-xinglong');
  assert.is(r.status, 200);
  assert.is(r.body.text, MICIUS_YAML);
  assert.is(r.body.start, '2016-12-16T00:00:00Z');
});
scenarios('404 for a well-formed unknown name and for a data file that is not a scenario', async () => {
  for (const name of ['no-such-scenario', 'stations']) {
    const r = await call('GET', `/api/scenarios/${name}`);
    assert.is(r.status, 404, name);
    assert.is(r.body.error, 'not found');
  }
});
scenarios('400 for malformed names, traversal included; never a file outside scenarios/', async () => {
  for (const name of ['..%2F..%2Fpackage', '..%2Fpackage.json', '%2e%2e%2fREADME', 'Fibre-Chain', 'fibre_chain', 'fibre-chain.yaml', '-x', '%00']) {
    const r = await call('GET', `/api/scenarios/${name}`);
    assert.is(r.status, 400, name);
    assert.is(r.body.error, 'invalid request', name);
    assert.is(r.body.issues[0].path, 'name');
    assert.not.match(r.text, '"name": "qkdsim"');
  }
  for (const path of ['/api/scenarios/../../package.json', '/api/scenarios/..%2f..%2fpackage.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/js/../../server.ts', '/vendor/..%2f..%2fpackage.json']) {
    const r = await rawGet(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
    assert.not.match(r.text, 'qkdsim', path);
    assertNoStack(r.text);
  }
});
scenarios.run();

// ---------------------------------------------------------------------------------------------
const studies = suite('GET /api/studies[/:name]');
const fixture = await studyFixture();
const studyServer = await startServer({ port: 0, studiesDir: fixture.studiesDir, studyResultsDir: fixture.resultsDir });
const studyCall = (path: string) => fetch(`${studyServer.url}${path.slice(1)}`).then(async (res) => {
  const text = await res.text();
  assertNoStack(text);
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
});
studies.after(async () => {
  await studyServer.close();
});
studies('the default lists the shipped study files only (not their base scenario or candidate stations)', async () => {
  const r = await call('GET', '/api/studies');
  assert.is(r.status, 200);
  const shipped = r.body.studies.filter((s: Json) => s.file !== null);
  assert.equal(shipped.map((s: Json) => s.name), ['constellation-size', 'station-siting']);
  const siting = shipped[1];
  assert.is(siting.file, 'scenarios/studies/station-siting.yaml');
  assert.is(siting.command, 'npx qkdsim study scenarios/studies/station-siting.yaml');
  assert.match(siting.description, 'one candidate station at a time');
  assert.ok(siting.results === null || typeof siting.results.complete === 'boolean');
});
studies('lists each study with its description and whether results exist', async () => {
  const r = await studyCall('/api/studies');
  assert.is(r.status, 200);
  assert.equal(r.body.studies.map((s: Json) => s.name), ['no-results', 'tiny-grid', 'tiny-line']);
  const [none, grid, line] = r.body.studies;
  assert.is(none.results, null);
  assert.is(none.description, 'a study that has not been run');
  assert.is(none.command, 'npx qkdsim study studies/no-results.yaml');
  assert.is(grid.description, 'Walker groups of 1 to 3 satellites in 1 or 2 planes, over one or two days');
  assert.equal({ ...grid.results, modifiedAt: null }, { complete: true, points: 12, totalPoints: 12, replications: 2, failedRuns: 8, dimensions: ['satellites', 'planes', 'days'], modifiedAt: null });
  assert.ok(Number.isFinite(Date.parse(grid.results.modifiedAt)));
  assert.equal(line.results.dimensions, ['satellites/planes']);
  assert.is(line.results.failedRuns, 0);
});
studies('gets a study.json as the study runner wrote it', async () => {
  const r = await studyCall('/api/studies/tiny-grid');
  assert.is(r.status, 200);
  assert.is(r.text, readFileSync(join(fixture.resultsDir, 'tiny-grid', 'study.json'), 'utf8'));
  assert.is(r.body.format, 'qkdsim-study/1');
  assert.is(r.body.dimensions.length, 3);
  assert.is(r.body.summary.length, 12);
  assert.is(r.body.summary.filter((p: Json) => p.failed === p.n).length, 4);
  assert.equal(r.body.metrics.map((m: Json) => [m.name, m.unit, m.headline]), [['keyBitsPerDay', 'bit/day', 'total'], ['nightsWithKeyFraction', 'fraction', 'network']]);
});
studies('404 JSON for a study without results (with the command that makes them) and for an unknown name', async () => {
  const none = await studyCall('/api/studies/no-results');
  assert.is(none.status, 404);
  assert.is(none.body.error, 'not found');
  assert.is(none.body.command, 'npx qkdsim study studies/no-results.yaml');
  assert.match(none.body.message, 'no results for study "no-results" yet');
  const unknown = await studyCall('/api/studies/no-such-study');
  assert.is(unknown.status, 404);
  assert.is(unknown.body.error, 'not found');
  for (const [method, path] of [['POST', '/api/studies'], ['DELETE', '/api/studies/tiny-grid'], ['GET', '/api/studies/tiny-grid/cases']] as const) {
    const res = await fetch(`${studyServer.url}${path.slice(1)}`, { method });
    assert.is(res.status, 404, `${method} ${path}`);
    assert.is(((await res.json()) as Json).error, 'not found');
  }
});
studies('400 for malformed names, traversal included; never a file outside the results folder', async () => {
  for (const name of ['..%2F..%2Fpackage', '..%2Ftiny-grid', '%2e%2e%2fx', 'Tiny-Grid', 'tiny_grid', 'tiny-grid.json', '-x', '%00', 'a%2Fb']) {
    const r = await studyCall(`/api/studies/${name}`);
    assert.is(r.status, 400, name);
    assert.is(r.body.error, 'invalid request', name);
    assert.is(r.body.issues[0].path, 'name');
    assert.match(r.body.issues[0].message, 'lower-case letters, digits and dashes');
  }
  for (const path of ['/api/studies/../../package.json', '/api/studies/..%2f..%2fpackage.json', '/api/studies/tiny-grid/../../../package.json', '/api/studies/%2e%2e/%2e%2e/package.json']) {
    const r = await rawGet(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
    assert.not.match(r.text, '"name": "qkdsim"', path);
    assertNoStack(r.text);
  }
});
studies('results elsewhere in the folder: listed without a file; a link out of it is missing; a broken file is 409', async () => {
  const root = mkdtempSync(join(tmpdir(), 'qkdsim-web-results-'));
  const results = join(root, 'results');
  const outside = join(root, 'outside');
  mkdirSync(join(results, 'broken'), { recursive: true });
  mkdirSync(outside);
  cpSync(join(fixture.resultsDir, 'tiny-line'), join(results, 'copied'), { recursive: true });
  cpSync(join(fixture.resultsDir, 'tiny-line'), join(outside, 'secret'), { recursive: true });
  symlinkSync(join(outside, 'secret'), join(results, 'linked'));
  writeFileSync(join(results, 'broken', 'study.json'), '{"format": "qkdsim-study/1", ');
  const other = await startServer({ port: 0, studiesDir: fixture.studiesDir, studyResultsDir: results });
  try {
    const get = async (path: string) => {
      const res = await fetch(`${other.url}${path.slice(1)}`);
      const text = await res.text();
      assertNoStack(text);
      assert.not.match(text, root);
      return { status: res.status, body: JSON.parse(text) as Json };
    };
    const list = await get('/api/studies');
    assert.equal(list.body.studies.map((s: Json) => [s.name, s.file !== null, s.results !== null]), [
      ['no-results', true, false], ['tiny-grid', true, false], ['tiny-line', true, false], ['broken', false, false], ['copied', false, true],
    ]);
    const broken = list.body.studies.find((s: Json) => s.name === 'broken');
    assert.match(broken.resultsError, 'not valid JSON');
    const copied = await get('/api/studies/copied');
    assert.is(copied.status, 200);
    assert.is(copied.body.name, 'tiny-line');
    assert.is((await get('/api/studies/linked')).status, 404);
    const bad = await get('/api/studies/broken');
    assert.is(bad.status, 409);
    assert.is(bad.body.error, 'unreadable results');
  } finally {
    await other.close();
    rmSync(root, { recursive: true, force: true });
  }
});
studies.run();

// ---------------------------------------------------------------------------------------------
const runs = suite('POST /api/runs, GET /api/runs[/:id[/report|/events]]');
let fibreRun = '';
runs('runs a shipped scenario with seed and days overrides: 202, then done with its report', async () => {
  const r = await call('POST', '/api/runs', { scenario: 'fibre-chain', seed: 3, days: 0.25 });
  assert.is(r.status, 202);
  assert.is(r.headers.get('location'), `/api/runs/${r.body.id}`);
  assert.match(r.body.id, /^[0-9a-f]{12}$/);
  assert.is(r.body.status, 'running');
  assert.is(r.body.scenario.seed, 3);
  assert.is(r.body.scenario.days, 0.25);
  fibreRun = r.body.id;
  const done = await waitForRun(fibreRun);
  assert.is(done.status, 'done', JSON.stringify(done));
  assert.is(done.progress, 1);
  assert.is(done.network.nodes.length, 4);
  assert.ok(done.network.links.every((l: Json) => l.capacityBits === 8_000_000 && l.warningBits === 500_000));
  const report = await call('GET', `/api/runs/${fibreRun}/report`);
  assert.is(report.status, 200);
  assert.is(report.body.seed, 3);
  assert.is(report.body.start, '2020-01-01T00:00:00.000Z');
  assert.is(report.body.end, '2020-01-01T06:00:00.000Z');
  assert.is(report.body.links.length, 3);
  assert.ok(report.body.poolSeries.tS.length > 10);
  assert.is(report.body.scenario.file, 'scenarios/fibre-chain.yaml');
});
runs('lists runs newest first', async () => {
  const r = await call('GET', '/api/runs');
  assert.is(r.status, 200);
  assert.ok(r.body.runs.some((x: Json) => x.id === fibreRun));
  assert.is(r.body.maxConcurrentRuns, 2);
});
runs('streams progress as server-sent events until the end event', async () => {
  const r = await call('POST', '/api/runs', { scenario: 'micius-2017-xinglong', days: 2 });
  assert.is(r.status, 202);
  const res = await fetch(`${base}/api/runs/${r.body.id}/events`);
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', 'text/event-stream');
  const text = await res.text(); // the server ends the stream after `end`
  const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1], data: JSON.parse(m[2]!) }));
  assert.is(events[0]!.event, 'status');
  const end = events[events.length - 1]!;
  assert.is(end.event, 'end');
  assert.is(end.data.status, 'done');
  const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.progress as number);
  assert.ok(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!)), `progress not monotone: ${progress.join()}`);
});
runs('the event stream of a finished run sends its status and end at once', async () => {
  const text = await (await fetch(`${base}/api/runs/${fibreRun}/events`)).text();
  assert.match(text, /event: status\n/);
  assert.match(text, /event: end\ndata: \{"id":"[0-9a-f]{12}","status":"done"/);
});
runs('report of a running run is 409; cancelling it (DELETE) stops it; a finished run cannot be cancelled', async () => {
  const r = await call('POST', '/api/runs', { scenario: 'micius-2017-xinglong' });
  assert.is(r.status, 202);
  const early = await call('GET', `/api/runs/${r.body.id}/report`);
  assert.is(early.status, 409);
  assert.is(early.body.status, 'running');
  const cancel = await call('DELETE', `/api/runs/${r.body.id}`);
  assert.is(cancel.status, 200);
  assert.is(cancel.body.status, 'cancelled');
  assert.is((await call('GET', `/api/runs/${r.body.id}/report`)).status, 409);
  const again = await call('DELETE', `/api/runs/${fibreRun}`);
  assert.is(again.status, 409);
  assert.is(again.body.status, 'done');
});
runs('unknown or malformed run ids are 404 on every run route', async () => {
  for (const id of ['000000000000', 'zzz', '..%2F..', fibreRun.toUpperCase()]) {
    for (const sub of ['', '/report', '/events', '/track']) {
      const r = await call('GET', `/api/runs/${id}${sub}`);
      assert.is(r.status, 404, `${id}${sub}`);
      assert.is(r.body.error, 'not found');
    }
    assert.is((await call('DELETE', `/api/runs/${id}`)).status, 404);
  }
});
runs('an uploaded document (object) runs with scenarios/ as its base folder (bundled:micius)', async () => {
  const doc = {
    name: 'upload-test',
    start: '2016-12-19T12:00:00Z',
    days: 0.5,
    seed: 1,
    satellites: [{ id: 'micius', tle: 'bundled:micius', select: 'MICIUS' }],
    stations: ['xinglong'],
    links: [{ id: 'down', kind: 'downlink', satellite: 'micius', station: 'xinglong', preset: 'micius-2017', pool: { capacityBits: 1e8, warningBits: 1e5 } }],
  };
  const r = await call('POST', '/api/runs', { document: doc, label: 'my-upload.json' });
  assert.is(r.status, 202, r.text);
  assert.is(r.body.scenario.origin, 'upload');
  assert.is(r.body.scenario.source, 'my-upload.json');
  const done = await waitForRun(r.body.id);
  assert.is(done.status, 'done', JSON.stringify(done));
  const report = (await call('GET', `/api/runs/${r.body.id}/report`)).body;
  assert.is(report.scenario.name, 'upload-test');
  assert.ok(report.passes.length > 0);
});
runs('an uploaded YAML text with a relative element-set path inside scenarios/ runs', async () => {
  const text = MICIUS_YAML.replace('tle: bundled:micius', 'tle: tle/micius.tle').replace('days: 7', 'days: 1');
  const r = await call('POST', '/api/runs', { document: text });
  assert.is(r.status, 202, r.text);
  assert.is((await waitForRun(r.body.id)).status, 'done');
});
runs.run();

// ---------------------------------------------------------------------------------------------
const bad = suite('POST /api/runs with bad input');
bad('an invalid uploaded scenario is 400 with the issue lines the CLI prints, each with its line', async () => {
  const r = await call('POST', '/api/runs', { document: BAD_YAML, label: 'bad.yaml' });
  assert.is(r.status, 400);
  assert.is(r.body.error, 'invalid scenario');
  const issue = r.body.issues.find((i: Json) => i.path === 'links[0].lengthKm');
  assert.ok(issue, JSON.stringify(r.body.issues));
  assert.is(issue.line, 8);
  assert.is(issue.file, 'bad.yaml');
  // The CLI on the same text in a file called bad.yaml prints the same lines.
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-web-'));
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, BAD_YAML);
    const io = memoryIo(dir);
    assert.is(await main(['node', 'qkdsim', 'run', file, '--quiet', '--out', join(dir, 'out')], io), 2);
    const cliLines = io.stderr.trim().split('\n').map((l) => l.replace(/^qkdsim: /, '').replace(file, 'bad.yaml'));
    assert.equal(r.body.issues.map((i: Json) => i.text), cliLines);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
bad('unknown references are reported with field paths and lines', async () => {
  const text = BAD_YAML.replace('lengthKm: -5', 'lengthKm: 5').replace('to: b', 'to: c');
  const r = await call('POST', '/api/runs', { document: text });
  assert.is(r.status, 400);
  const issue = r.body.issues.find((i: Json) => i.path === 'links[0].to');
  assert.ok(issue, JSON.stringify(r.body.issues));
  assert.is(issue.line, 8);
  assert.match(issue.text, /^upload\.yaml: links\[0\]\.to: /);
});
bad('YAML syntax errors carry their line', async () => {
  const r = await call('POST', '/api/runs', { document: 'name: x\nstart: [unclosed\n' });
  assert.is(r.status, 400);
  assert.is(r.body.error, 'invalid scenario');
  assert.ok(r.body.issues[0].line >= 2);
  assert.match(r.body.issues[0].message, 'invalid YAML');
});
bad('element-set files outside scenarios/ are refused before anything is read', async () => {
  for (const tle of ['../package.json', '/etc/passwd', 'tle/../../README.md', '..\\..\\x']) {
    const doc = { name: 'x', start: '2016-12-19T00:00:00Z', days: 1, satellites: [{ id: 's', tle }], stations: ['xinglong'], links: [{ kind: 'downlink', satellite: 's', station: 'xinglong' }] };
    const r = await call('POST', '/api/runs', { document: doc });
    assert.is(r.status, 400, tle);
    const issue = r.body.issues.find((i: Json) => i.path === 'satellites[0].tle');
    if (tle.includes('\\')) {
      // A backslash is an ordinary file-name character on Linux: not found inside scenarios/.
      assert.ok(issue, JSON.stringify(r.body));
      continue;
    }
    assert.ok(issue, `${tle}: ${JSON.stringify(r.body)}`);
    assert.match(issue.message, 'inside scenarios/');
    assert.not.match(r.text, 'root:');
  }
});
bad('seed, days and unknown fields are checked, each issue naming its field', async () => {
  const cases: [Json, string, string][] = [
    [{ scenario: 'fibre-chain', seed: -1 }, 'seed', 'an integer >= 0'],
    [{ scenario: 'fibre-chain', seed: 1.5 }, 'seed', 'an integer'],
    [{ scenario: 'fibre-chain', seed: '7' }, 'seed', 'an integer'],
    [{ scenario: 'fibre-chain', days: 0 }, 'days', '<= 366'],
    [{ scenario: 'fibre-chain', days: 367 }, 'days', '<= 366'],
    [{ scenario: 'fibre-chain', days: 'x' }, 'days', 'a number'],
    [{ scenario: 'fibre-chain', colour: 'red' }, 'colour', 'unknown field'],
    [{ scenario: '../../package' }, 'scenario', 'shipped scenario'],
    [{ scenario: 'no-such-scenario' }, 'scenario', 'fibre-chain'],
    [{ scenario: 42 }, 'scenario', 'shipped scenario'],
    [{}, 'scenario', 'neither'],
    [{ scenario: 'fibre-chain', document: 'name: x' }, 'scenario', 'both'],
    [{ document: [1, 2] }, 'document', 'a list'],
    [{ document: 42 }, 'document', 'number'],
  ];
  for (const [body, path, text] of cases) {
    const r = await call('POST', '/api/runs', body);
    assert.is(r.status, 400, JSON.stringify(body));
    assert.is(r.body.error, 'invalid request', JSON.stringify(body));
    const issue = r.body.issues.find((i: Json) => i.path === path);
    assert.ok(issue, `${JSON.stringify(body)}: ${JSON.stringify(r.body.issues)}`);
    assert.match(issue.message, text);
    assert.is(issue.text, `${path}: ${issue.message}`);
  }
});
bad('a scenario longer than the server limit is refused even without a days override', async () => {
  const r = await call('POST', '/api/runs', { document: BAD_YAML.replace('days: 1', 'days: 400').replace('lengthKm: -5', 'lengthKm: 5') });
  assert.is(r.status, 400);
  assert.is(r.body.issues[0].path, 'days');
  assert.match(r.body.issues[0].message, 'at most 366 days');
  assert.is(r.body.issues[0].line, 3);
});
bad('bad JSON is 400, a non-JSON body 415, a non-object body 400', async () => {
  const broken = await call('POST', '/api/runs', '{"scenario": ', { 'content-type': 'application/json' });
  assert.is(broken.status, 400);
  assert.is(broken.body.error, 'invalid JSON');
  const form = await call('POST', '/api/runs', 'scenario=fibre-chain', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.is(form.status, 415);
  const list = await call('POST', '/api/runs', [1, 2]);
  assert.is(list.status, 400);
  assert.is(list.body.issues[0].path, '(body)');
  const nothing = await call('POST', '/api/runs', '', { 'content-type': 'application/json' });
  assert.is(nothing.status, 400);
});
bad('a body over 1 MB is 413', async () => {
  const r = await call('POST', '/api/runs', { document: `# ${'x'.repeat(1_100_000)}\n` });
  assert.is(r.status, 413);
  assert.is(r.body.error, 'request body too large');
});
bad.run();

// ---------------------------------------------------------------------------------------------
const track = suite('GET /api/runs/:id/track');
let miciusRun = '';
track('gives the ground track, height and footprint of each satellite', async () => {
  const r = await call('POST', '/api/runs', { scenario: 'micius-2017-xinglong', days: 1 });
  miciusRun = r.body.id;
  const t = await call('GET', `/api/runs/${miciusRun}/track?from=2016-12-16T16:00:00Z&to=2016-12-16T17:00:00Z&stepS=60`);
  assert.is(t.status, 200);
  assert.is(t.body.stepS, 60);
  const sat = t.body.satellites[0];
  assert.is(sat.id, 'micius');
  assert.is(sat.maskDeg, 10);
  assert.is(sat.points.length, 61);
  assert.is(sat.points[0].t, '2016-12-16T16:00:00.000Z');
  assert.is(sat.points[60].t, '2016-12-16T17:00:00.000Z');
  for (const p of sat.points) {
    assert.ok(Math.abs(p.latDeg) <= 90 && p.lonDeg >= -180 && p.lonDeg <= 180);
    assert.ok(p.altKm > 450 && p.altKm < 560, `height ${p.altKm} km`);
    // 500 km at a 10 deg mask: acos(R cos 10 / r) - 10 = about 14 deg.
    assert.ok(p.footprintDeg > 13 && p.footprintDeg < 15, `footprint ${p.footprintDeg}`);
  }
  // Micius is in a 97 deg sun-synchronous orbit: an hour covers latitudes beyond +-80.
  assert.ok(Math.max(...sat.points.map((p: Json) => Math.abs(p.latDeg))) > 80);
  await waitForRun(miciusRun);
});
track('defaults to three hours from the start every 60 s; no satellites gives no tracks', async () => {
  const t = await call('GET', `/api/runs/${miciusRun}/track`);
  assert.is(t.status, 200);
  assert.is(t.body.from, '2016-12-16T00:00:00.000Z');
  assert.is(t.body.satellites[0].points.length, 181);
  const f = await call('GET', `/api/runs/${fibreRun}/track`);
  assert.is(f.status, 200);
  assert.equal(f.body.satellites, []);
});
track('checks from, to and stepS with clear 400s', async () => {
  const cases: [string, string, string][] = [
    ['from=yesterday', 'from', 'ISO 8601'],
    ['from=2016-12-16T25:00:00Z', 'from', 'ISO 8601'],
    ['from=2016-12-10T00:00:00Z', 'from', 'within a day of the run'],
    ['from=2016-12-16T02:00:00Z&to=2016-12-16T01:00:00Z', 'to', 'after from'],
    ['stepS=0', 'stepS', '[1, 3600]'],
    ['stepS=abc', 'stepS', '[1, 3600]'],
    ['stepS=1e9', 'stepS', '[1, 3600]'],
    ['from=2016-12-16T00:00:00Z&to=2016-12-17T00:00:00Z&stepS=1', 'stepS', 'at most 2000 points'],
    ['from=2016-12-16T00:00:00Z&from=2016-12-16T01:00:00Z', 'from', 'one value'],
  ];
  for (const [query, path, text] of cases) {
    const r = await call('GET', `/api/runs/${miciusRun}/track?${query}`);
    assert.is(r.status, 400, query);
    const issue = r.body.issues.find((i: Json) => i.path === path);
    assert.ok(issue, `${query}: ${JSON.stringify(r.body)}`);
    assert.match(issue.message, text);
  }
});
track.run();

// ---------------------------------------------------------------------------------------------
const limits = suite('limits and errors');
limits('a run beyond the concurrent limit is 429 with Retry-After; it is accepted once one finishes', async () => {
  const small = await startServer({ port: 0, maxConcurrentRuns: 1 });
  try {
    const post = (body: Json) => fetch(`${small.url}api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await post({ scenario: 'micius-2017-xinglong', days: 1 });
    assert.is(first.status, 202);
    const second = await post({ scenario: 'fibre-chain', days: 0.1 });
    assert.is(second.status, 429);
    assert.is(second.headers.get('retry-after'), '5');
    const body = (await second.json()) as Json;
    assert.is(body.error, 'too many runs');
    assert.is(body.limit, 1);
    const id = ((await first.json()) as Json).id;
    for (let i = 0; i < 300; i++) {
      const r = (await (await fetch(`${small.url}api/runs/${id}`)).json()) as Json;
      if (r.status !== 'running') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const third = await post({ scenario: 'fibre-chain', days: 0.1 });
    assert.is(third.status, 202);
  } finally {
    await small.close();
  }
});
limits('finished runs are kept up to the limit, oldest dropped first', async () => {
  const { RunManager } = await import('../../web/runs.js');
  const manager = new RunManager({ keepFinished: 2 });
  const small = await startServer({ port: 0, runs: manager });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = (await (await fetch(`${small.url}api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'fibre-chain', days: 0.05 }) })).json()) as Json;
      ids.push(r.id);
      while (manager.get(r.id)?.status === 'running') await new Promise((res) => setTimeout(res, 50));
    }
    assert.equal(manager.list().map((r) => r.id), [ids[2], ids[1]]);
    assert.is((await fetch(`${small.url}api/runs/${ids[0]}`)).status, 404);
  } finally {
    await small.close();
  }
});
limits('an unexpected error is a 500 with a generic message: no message text, no stack', async () => {
  const app = express();
  app.get('/boom', () => {
    throw new Error('secret detail at /work/main/web/server.ts:1');
  });
  app.use(errorHandler);
  const s = app.listen(0, '127.0.0.1');
  await new Promise((res) => s.once('listening', res));
  const original = console.error;
  console.error = () => undefined;
  try {
    const port = (s.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/boom`);
    assert.is(res.status, 500);
    const text = await res.text();
    assert.not.match(text, 'secret');
    assert.equal(JSON.parse(text).error, 'internal error');
  } finally {
    console.error = original;
    await new Promise((res) => s.close(res));
  }
});
limits('startServer refuses a port in use with an InputError naming --port', async () => {
  const port = Number(new URL(server.url).port);
  try {
    await startServer({ port });
    assert.unreachable('expected an error');
  } catch (error) {
    assert.is((error as Error).name, 'InputError');
    assert.match((error as Error).message, `--port: port ${port} on 127.0.0.1 is already in use`);
  }
});
limits.after(async () => {
  await server.close();
});
limits.run();
