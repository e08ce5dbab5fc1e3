import { suite } from 'uvu';
import { fiberLinkRateBps } from '../../sim/links/index.js';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fiberKeyRate, getPreset } from '../../sim/links/index.js';
import { loadScenarioDocument, loadScenarioFile, parseScenarioText, type Scenario } from '../../sim/scenario/index.js';
import { REPO_ROOT, fixturePath, issuesOf } from '../helpers.js';

const SMALL_YAML = fixturePath('scenarios', 'small.yaml');
const SMALL_JSON = fixturePath('scenarios', 'small.json');
const DAY_MS = 86_400_000;


/** A minimal valid document to vary. */
const base = (extra: Record<string, unknown> = {}) => ({
  start: '2016-12-19T00:00:00Z',
  stations: ['xinglong'],
  nodes: [{ id: 'beijing', kind: 'user' }],
  ...extra,
});
const fromDoc = (doc: unknown, options: { seed?: number; days?: number } = {}) =>
  loadScenarioDocument(doc, { label: 'mem.yaml', baseDir: REPO_ROOT, ...options });

const file = suite('loadScenarioFile(path)');
const small = loadScenarioFile(SMALL_YAML);

file('a YAML scenario and its JSON twin load to the same Scenario (except file and fileHash, and the scenario file among the inputs)', () => {
  const twin = loadScenarioFile(SMALL_JSON);
  const others = (s: typeof small) => s.inputFiles.slice(1);
  assert.equal({ ...twin, file: null, fileHash: '', inputFiles: others(twin) }, { ...small, file: null, fileHash: '', inputFiles: others(small) });
  assert.equal([small.inputFiles[0]!.name, twin.inputFiles[0]!.name], [SMALL_YAML, SMALL_JSON]);
  assert.is(small.file, SMALL_YAML);
  assert.is(twin.file, SMALL_JSON);
  assert.is.not(twin.fileHash, small.fileHash);
});

file('fileHash is the SHA-256 of the file bytes', () => {
  assert.is(small.fileHash, createHash('sha256').update(readFileSync(SMALL_YAML)).digest('hex'));
});

file('start plus days gives integer Unix-ms bounds and the duration', () => {
  assert.is(small.startUtcMs, Date.UTC(2016, 11, 19));
  assert.is(small.endUtcMs, Date.UTC(2016, 11, 21));
  assert.is(small.durationMs, 2 * DAY_MS);
  assert.is(small.seed, 42);
});

file('defaults are applied: description, pools, presets, routing, passes, output, maxWaitS, node names', () => {
  assert.is(small.description, '');
  assert.equal(small.routing, { policy: 'key-aware', warningPenalty: 4, emptyPenalty: 100 });
  assert.equal(small.passes, { minElevationDeg: 10 });
  assert.equal(small.output, { sampleIntervalS: 3600, detail: 'auto' });
  const [down, , fiber] = small.links;
  assert.equal(down!.pool, { capacityBits: 100_000_000, initialBits: 0, warningBits: 100_000 });
  assert.is(down!.preset, 'micius-2017');
  assert.is(fiber!.preset, 'lim-2014');
  assert.equal(fiber!.pool, { capacityBits: 100_000_000, initialBits: 5000, warningBits: 100_000 });
  const poisson = small.demands.find((d) => d.id === 'random');
  assert.is(poisson?.kind === 'poisson' && poisson.maxWaitS, 3600);
  assert.is(small.nodes.find((n) => n.id === 'vienna')?.name, 'vienna');
});

file('demand times: seconds and ISO strings become integer ms after the start; absent ones take the span', () => {
  const byId = new Map(small.demands.map((d) => [d.id, d]));
  assert.equal(byId.get('aes'), { id: 'aes', from: 'beijing', to: 'vienna', kind: 'constant', rateBps: 128, startMs: 0, endMs: 2 * DAY_MS });
  const otp = byId.get('otp');
  assert.ok(otp?.kind === 'bulk');
  assert.is(otp.startMs, 3_600_000);
  assert.is(otp.deadlineMs, 36 * 3_600_000);
  const random = byId.get('random');
  assert.ok(random?.kind === 'poisson');
  // end: 86400.0004 s rounds to the millisecond.
  assert.is(random.endMs, DAY_MS);
  assert.equal(random.size, { distribution: 'uniform', minBits: 1000, maxBits: 5000 });
});

file('a fibre with a length gets the model rate at that length; one with rateBps is measured', () => {
  const model = small.links.find((l) => l.id === 'xinglong-beijing');
  assert.ok(model?.kind === 'fiber');
  assert.is(model.measuredRateBps, null);
  assert.is(fiberLinkRateBps(model), fiberKeyRate(100, getPreset('lim-2014', 'fiber').params).secretKeyRateBps);
  assert.ok(fiberLinkRateBps(model) > 0);
  assert.equal(model.params, getPreset('lim-2014', 'fiber').params);
  const measured = small.links.find((l) => l.id === 'graz-vienna');
  assert.ok(measured?.kind === 'fiber');
  assert.equal([measured.measuredRateBps, fiberLinkRateBps(measured), measured.params, measured.lengthKm], [1000, 1000, null, null]);
});

file('downlink params carry the station aperture (catalogue or override) and the file overrides', () => {
  const [xl, graz] = small.links;
  assert.ok(xl?.kind === 'downlink' && graz?.kind === 'downlink');
  assert.equal([xl.id, xl.from, xl.to], ['micius-xinglong', 'micius', 'xinglong']);
  assert.is(xl.params.receiveApertureM, 1.0);
  assert.is(graz.id, 'mic-graz');
  assert.is(graz.params.receiveApertureM, 0.8);
  assert.is(graz.params.fixedLossDb, 14);
  assert.is(graz.params.mu, getPreset('micius-2017', 'downlink').params.mu);
});

file('a link setting receiveApertureM itself wins over the station', () => {
  const s = fromDoc(
    base({
      satellites: [{ id: 'micius', tle: 'bundled:micius' }],
      links: [{ kind: 'downlink', satellite: 'micius', station: 'xinglong', params: { receiveApertureM: 0.3 } }],
    }),
  );
  assert.is(s.links[0]!.kind === 'downlink' && s.links[0]!.params.receiveApertureM, 0.3);
});

file('stations: catalogue ids, catalogue with overrides, inline; nodes of every kind sorted by id', () => {
  assert.equal(
    small.stations.map((s) => [s.id, s.name, s.receiveApertureM]),
    [
      ['xinglong', 'NAOC Xinglong Observatory, Hebei', 1.0],
      ['graz', 'Lustbühel SLR station, Graz, Austria', 0.8],
      ['madrid', 'Madrid OGS', undefined],
    ],
  );
  assert.equal(small.stations[2], { id: 'madrid', name: 'Madrid OGS', latDeg: 40.4, lonDeg: -3.7, altM: 650, weather: null });
  assert.equal(
    small.nodes.map((n) => `${n.id}:${n.kind}`),
    ['beijing:user', 'graz:station', 'madrid:station', 'micius:satellite', 'vienna:relay', 'xinglong:station'],
  );
  assert.equal(small.nodes.find((n) => n.id === 'micius'), { id: 'micius', kind: 'satellite', name: 'MICIUS' });
  assert.equal(small.nodes.find((n) => n.id === 'beijing'), { id: 'beijing', kind: 'user', name: 'beijing', latDeg: 39.9, lonDeg: 116.4 });
});

file('a TLE path is relative to the scenario file, wherever the process runs', () => {
  assert.is(small.satellites[0]!.satellite.name, 'MICIUS');
  assert.is(small.satellites[0]!.satellite.sets.length, 5);
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-scn-'));
  copyFileSync(fixturePath('tle', 'geo-synthetic.tle'), join(dir, 'geo.tle'));
  writeFileSync(join(dir, 'geo.yaml'), 'start: 2016-12-19T00:00:00Z\nsatellites:\n  - { id: geo, tle: geo.tle }\n');
  const s = loadScenarioFile(join(dir, 'geo.yaml'));
  assert.is(s.satellites[0]!.satellite.name, 'SYNTHETIC GEO 100E');
  assert.is(s.name, 'geo');
});

file('near the element-set epoch there are no warnings', () => {
  assert.equal(small.warnings, []);
});

file('an unreadable file is one issue: cannot read scenario file: ENOENT', () => {
  assert.equal(issuesOf(() => loadScenarioFile('nope/missing.yaml')), ['nope/missing.yaml: cannot read scenario file: ENOENT']);
  assert.equal(issuesOf(() => loadScenarioFile('nope/missing.yaml', { label: 'x.yaml' })), ['x.yaml: cannot read scenario file: ENOENT']);
});

file.run();

const doc = suite('loadScenarioDocument(doc, options)');

doc('an in-memory document has file null and the hash of JSON.stringify(doc), or of its text', () => {
  const d = base();
  const s = fromDoc(d);
  assert.is(s.file, null);
  assert.is(s.fileHash, createHash('sha256').update(JSON.stringify(d)).digest('hex'));
  const text = 'start: 2016-12-19T00:00:00Z\n';
  const t = loadScenarioDocument({ start: '2016-12-19T00:00:00Z' }, { label: 'up.yaml', baseDir: '.', text });
  assert.is(t.fileHash, createHash('sha256').update(text).digest('hex'));
});

doc('name defaults to the label without extension; days default to 7', () => {
  const s = loadScenarioDocument({ start: '2016-12-19' }, { label: 'uploads/my-net.json', baseDir: '.' });
  assert.is(s.name, 'my-net');
  assert.is(s.durationMs, 7 * DAY_MS);
  assert.equal([s.satellites, s.stations, s.nodes, s.links, s.demands], [[], [], [], [], []]);
});

doc('end as an ISO time or as seconds after the start', () => {
  assert.is(fromDoc({ start: '2016-12-19T00:00:00Z', end: '2016-12-19T12:00:00+08:00' }).durationMs, 4 * 3_600_000);
  assert.is(fromDoc({ start: '2016-12-19T00:00:00Z', end: 5400.5 }).durationMs, 5_400_500);
});

doc('baseDir resolves relative TLE paths', () => {
  const s = loadScenarioDocument(
    { start: '2016-12-19', satellites: [{ id: 'm', tle: 'molniya-synthetic.tle' }] },
    { label: 'up.yaml', baseDir: fixturePath('tle') },
  );
  assert.is(s.satellites[0]!.satellite.name, 'SYNTHETIC MOLNIYA');
});

doc('select picks a satellite by name (any case) or catalogue number; inline lines take the id as name', () => {
  const s = fromDoc({
    start: '2016-12-19',
    satellites: [
      { id: 'a', tle: 'bundled:micius', select: 'micius' },
      { id: 'b', tle: 'bundled:micius', select: 41731 },
      {
        id: 'c',
        lines: [
          '1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993',
          '2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063',
        ],
      },
    ],
  });
  assert.equal(s.satellites.map((x) => [x.id, x.satellite.name, x.satellite.catalogNumber]), [
    ['a', 'MICIUS', '41731'],
    ['b', 'MICIUS', '41731'],
    ['c', 'c', '41731'],
  ]);
});

doc('far from every element-set epoch a warning names the satellite and the distance', () => {
  const s = fromDoc({ start: '2017-06-01T00:00:00Z', days: 1, satellites: [{ id: 'm', tle: 'bundled:micius' }] });
  assert.is(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /^mem\.yaml: satellites\[0\]: MICIUS: propagating up to 16\d\.\d days from the epoch/);
});

doc('a fibre too long for any key loads with a warning naming it, its length and the longest with key', () => {
  const s = fromDoc(base({ links: [{ kind: 'fiber', from: 'beijing', to: 'xinglong', lengthKm: 400 }] }));
  assert.is(s.links[0]!.kind === 'fiber' && fiberLinkRateBps(s.links[0]!), 0);
  assert.equal(s.warnings, ['mem.yaml: links[0]: fibre link "beijing-xinglong" of 400 km gives no key with preset lim-2014 (longest with key: 179.5 km)']);
});

doc('params next to a measured rate are ignored with a warning', () => {
  const s = fromDoc(base({ links: [{ kind: 'fiber', from: 'beijing', to: 'xinglong', rateBps: 10, params: { mu: 0.6 } }] }));
  assert.is(s.links[0]!.kind === 'fiber' && s.links[0]!.params, null);
  assert.equal(s.warnings, ['mem.yaml: links[0].params: ignored: rateBps (a measured key rate) is used instead of the fibre model']);
});

doc('a bad seed, name or output does not hold back the reference checks: every problem in one round', () => {
  const issues = issuesOf(() =>
    fromDoc(base({ seed: -3, name: 'a/b', output: { sampleIntervalS: 0 }, links: [{ kind: 'fiber', from: 'beijing', to: 'nowhere', lengthKm: 10 }] })),
  );
  assert.is(issues.length, 4, issues.join('\n'));
  assert.match(issues.join('\n'), /seed: expected/);
  assert.match(issues.join('\n'), /name: expected/);
  assert.match(issues.join('\n'), /output\.sampleIntervalS: expected/);
  assert.match(issues.join('\n'), /links\[0\]\.to: unknown node "nowhere"/);
});

doc('references to a broken element are not reported twice', () => {
  const issues = issuesOf(() =>
    fromDoc(base({ stations: ['nowhere'], links: [{ kind: 'fiber', from: 'beijing', to: 'nowhere', lengthKm: 10 }] })),
  );
  assert.is(issues.length, 1);
  assert.match(issues[0]!, /^mem\.yaml: stations\[0\]: unknown station "nowhere"/);
});

doc('a downlink to a relay, and an inline station missing a coordinate, are errors', () => {
  const issues = issuesOf(() =>
    fromDoc({
      start: '2016-12-19',
      satellites: [{ id: 'm', tle: 'bundled:micius' }],
      stations: [{ id: 'half', latDeg: 10, lonDeg: 20 }],
      nodes: [{ id: 'r', kind: 'relay' }],
      links: [{ kind: 'downlink', satellite: 'm', station: 'r' }],
    }),
  );
  assert.equal(issues, [
    'mem.yaml: stations[0].altM: expected latDeg, lonDeg and altM together (an inline station) or none of them (a catalogue station), got latDeg, lonDeg without altM',
    'mem.yaml: links[0].station: expected a station, got relay "r" (nodes[0])',
  ]);
});

doc('the caller\'s document is not modified', () => {
  const d = base({ end: 3600, seed: 5 });
  const before = JSON.stringify(d);
  fromDoc(d, { seed: 9, days: 2 });
  assert.is(JSON.stringify(d), before);
});

doc.run();

const over = suite('overrides { seed, days }');

over('seed and days replace the file\'s values (days replaces end too)', () => {
  const s = loadScenarioFile(SMALL_YAML, { seed: 7, days: 1.75 });
  assert.is(s.seed, 7);
  assert.is(s.durationMs, 1.75 * DAY_MS);
  const t = fromDoc({ start: '2016-12-19', end: '2016-12-20T06:00:00Z' }, { days: 0.5 });
  assert.is(t.durationMs, DAY_MS / 2);
});

over('overrides are checked like the file, and say they were overrides', () => {
  assert.equal(issuesOf(() => fromDoc(base(), { seed: -1, days: 0 })), [
    'mem.yaml: days: expected a number >= 6.94e-4, got 0 (one minute: a shorter span holds no pass and rounds to a few ms of simulated time) (the days given to override the file\'s)',
    'mem.yaml: seed: expected a number >= 0, got -1 (the seed given to override the file\'s)',
  ]);
});

over('a days override (a quick run) cuts demands to the shorter span, or leaves out those starting after it, with warnings', () => {
  const d = base({
    demands: [
      { id: 'd', kind: 'bulk', from: 'beijing', to: 'xinglong', bits: 10, deadline: 2 * 86400 },
      { id: 'late', kind: 'constant', from: 'beijing', to: 'xinglong', rateBps: 1, start: 1.5 * 86400 },
    ],
  });
  assert.is(fromDoc(d).demands.length, 2);
  const short = fromDoc(d, { days: 1 });
  assert.equal(short.demands.map((x) => x.id), ['d']);
  assert.is((short.demands[0] as { deadlineMs: number }).deadlineMs, 86_400_000);
  assert.ok(short.warnings.some((w) => /demands\[0\]\.deadline: cut to the end of the run/.test(w)), short.warnings.join('\n'));
  assert.ok(short.warnings.some((w) => /demands\[1\]: starts after the end of the run .*: left out/.test(w)), short.warnings.join('\n'));
  // Without an override the same times outside the span are errors.
  const issues = issuesOf(() => fromDoc(base({ days: 1, demands: [{ id: 'd', kind: 'bulk', from: 'beijing', to: 'xinglong', bits: 10, deadline: 2 * 86400 }] })));
  assert.equal(issues, [
    'mem.yaml: demands[0].deadline: expected a time within the scenario, from 2016-12-19T00:00:00.000Z to 2016-12-20T00:00:00.000Z (0 to 86400 s after the start), got 172800',
  ]);
});

over.run();

const text = suite('parseScenarioText(text, label, baseDir)');

text('parses YAML, or JSON by the label, with file null', () => {
  const yaml = readFileSync(SMALL_YAML, 'utf8');
  const s: Scenario = parseScenarioText(yaml, relative(REPO_ROOT, SMALL_YAML), fixturePath('scenarios'));
  assert.is(s.file, null);
  assert.is(s.fileHash, small.fileHash);
  assert.is(s.links.length, 4);
  assert.equal(issuesOf(() => parseScenarioText('{"start": 1,}', 'up.json', '.')), [
    'up.json:1: invalid JSON at column 13: property name expected',
  ]);
});

text('an empty document is one issue at the root', () => {
  assert.equal(issuesOf(() => parseScenarioText('', 'empty.yaml', '.')), ['empty.yaml: (root): expected an object, got null']);
});

text.run();
