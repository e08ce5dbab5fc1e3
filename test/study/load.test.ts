/** Study files: validation errors, sweep paths and values, ranges, cases and their seeds, candidate stations. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ScenarioSchema } from '../../sim/scenario/schema.js';
import { caseSeed, checkSchemaPath, loadStudyDocument, loadStudyFile, parsePath, setAtPath } from '../../sim/study/index.js';
import { REPO_ROOT, issuesOf } from '../helpers.js';
import { TWO_SAT_BASE } from './fixtures.js';

const BASE = TWO_SAT_BASE;
const load = (extra: Record<string, unknown>) => loadStudyDocument({ base: BASE, ...extra }, { label: 'study.yaml', baseDir: REPO_ROOT });


const errors = suite('loadStudyDocument(doc): errors');

errors('a sweep path that is not in the scenario format names the path and what is there', () => {
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'satellites[0].walkr.satellites', values: [1] }] })), [
    'study.yaml: sweep[0].path: no field "walkr" in satellites[0] of the scenario format (there: fields id, tle, lines, select, walker, onboard, scheduling)',
  ]);
  assert.match(issuesOf(() => load({ sweep: [{ path: 'links[0].lengthKmm', values: [1] }] }))[0]!, /^study\.yaml: sweep\[0\]\.path: no field "lengthKmm" in links\[0\] of the scenario format \(there: fields id, kind, from, to, lengthKm, /);
});

errors('each bad value is reported at its index with the scenario field and the reason', () => {
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'satellites[0].walker.satellites', values: [1, 2, 0, 'x'] }] })), [
    'study.yaml: sweep[0].values[2]: satellites[0].walker.satellites: expected a number >= 1, got 0',
    'study.yaml: sweep[0].values[3]: satellites[0].walker.satellites: expected a number, got "x"',
  ]);
  // Values are checked by loading the scenario, so reference rules apply too.
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'links[0].params.mu', range: { from: 0.05, to: 0.1, step: 0.05 } }] })), [
    'study.yaml: sweep[0].range: value 0.05: links[0].params.mu: expected mu > nu + omega, got mu 0.05, nu 0.1, omega 0',
    'study.yaml: sweep[0].range: value 0.1: links[0].params.mu: expected mu > nu + omega, got mu 0.1, nu 0.1, omega 0',
  ]);
});

errors('a problem every value shares (a misspelt parameter under params) is reported once, at the path', () => {
  const lines = issuesOf(() => load({ sweep: [{ path: 'links[0].params.receiveApertureMm', values: [0.5, 1] }] }));
  assert.is(lines.length, 1);
  // The parameter tables are in the scenario schema, so the path check itself names the fields there.
  assert.match(lines[0]!, /^study\.yaml: sweep\[0\]\.path: no field "receiveApertureMm" in links\[0\]\.params of the scenario format \(there: fields repRateHz, .*receiveApertureM,/);
});

errors('an unknown metric lists the known ones; a table column must be a collected metric', () => {
  const [line] = issuesOf(() => load({ metrics: ['keyBitsPerDay', 'keyBits'] }));
  assert.is(line, 'study.yaml: metrics[1]: unknown metric "keyBits" (known: keyBitsPerDay, keyedPassesPerDay, nightsWithKeyFraction, nightsWithPassFraction, nightsWithoutKey, discardedKeyFraction, unscheduledKeyFraction, servedFraction, minPoolBits)');
  assert.equal(issuesOf(() => load({ metrics: ['keyBitsPerDay'], table: ['servedFraction.total'] })), [
    'study.yaml: table[0]: expected a collected metric (keyBitsPerDay) or metric.key, got "servedFraction.total"',
  ]);
});

errors('an index beyond the base list, the seed, a path swept twice, a malformed path', () => {
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'links[5].params.mu', values: [0.5] }] })), [
    "study.yaml: sweep[0].values[0]: links[5]: the base scenario's links has 2 item(s)",
  ]);
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'seed', values: [1, 2] }] })), [
    'study.yaml: sweep[0].path: expected a path other than seed: each case gets its seed from the study (use seed and replications)',
  ]);
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'days', values: [1] }, { path: 'days', values: [2] }] })), ['study.yaml: sweep[1].path: "days" is already swept by sweep[0].path']);
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'a..b', values: [1] }] })), ['study.yaml: sweep[0].path: expected a field name after "." in "a..b"']);
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'links+', values: [1] }] })), ['study.yaml: sweep[0].path: only stations+ can add to a list, got "links+"']);
});

errors('schema problems of the study file, and of an inline base, are reported like scenario problems', () => {
  assert.equal(issuesOf(() => load({ replications: 0, sweeep: [] })).sort(), [
    'study.yaml: replications: expected a number >= 1, got 0',
    'study.yaml: sweeep: unknown field "sweeep" (check the spelling)',
  ]);
  assert.equal(issuesOf(() => loadStudyDocument({ base: { ...BASE, days: -1 } }, { label: 'study.yaml', baseDir: REPO_ROOT })), [
    'study.yaml: base: days: expected a number > 0, got -1',
  ]);
  assert.equal(issuesOf(() => loadStudyDocument({ scenario: 'missing.yaml' }, { label: 'studies/s.yaml', baseDir: REPO_ROOT })), [
    'studies/s.yaml: scenario: cannot read scenario file "studies/missing.yaml": ENOENT',
  ]);
});

errors('stations+ needs candidates; its values must be candidates, catalogue ids or none, not already in the base', () => {
  assert.equal(issuesOf(() => load({ sweep: [{ path: 'stations+', values: ['none'] }] })), [
    'study.yaml: sweep[0].path: stations+ needs candidates with downlinks (the downlinks added with each station)',
  ]);
  const candidates = { stations: [{ id: 'x', name: 'X', latDeg: 10, lonDeg: 10, altM: 0 }], downlinks: [{ satellite: 'w' }] };
  assert.equal(issuesOf(() => load({ candidates, sweep: [{ path: 'stations+', values: ['none', 'x', 'y', 'graz', 'xinglong'] }] })), [
    'study.yaml: sweep[0].values[2]: expected a candidate station id, a catalogue station id or none, got "y" (candidates: none, x)',
    'study.yaml: sweep[0].values[4]: station "xinglong" is already in the base scenario',
  ]);
});

const cases = suite('loadStudyDocument(doc): cases');

cases('the cases are the product of the dimensions, the first varying slowest; ranges have no float noise', () => {
  const s = load({
    sweep: [
      { paths: ['satellites[0].walker.satellites', 'satellites[0].walker.planes'], values: [[1, 1], [2, 2]] },
      { path: 'links[0].params.receiveApertureM', range: { from: 0.1, to: 0.3, step: 0.1 } },
    ],
  });
  assert.equal(s.dimensions.map((d) => d.name), ['satellites/planes', 'links[0].params.receiveApertureM']);
  assert.equal(s.dimensions[1]!.values, [0.1, 0.2, 0.3]);
  assert.equal(s.cases.map((c) => c.caseId), ['c001', 'c002', 'c003', 'c004', 'c005', 'c006']);
  assert.equal(s.cases[4]!.point, { 'satellites[0].walker.satellites': 2, 'satellites[0].walker.planes': 2, 'links[0].params.receiveApertureM': 0.2 });
  const doc = s.cases[4]!.doc as typeof BASE & { links: { params?: Record<string, number> }[] };
  assert.equal(doc.satellites[0]!.walker, { satellites: 2, planes: 2, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 264 });
  assert.equal(doc.links[0]!.params, { receiveApertureM: 0.2 });
  assert.is(BASE.links[0]!.hasOwnProperty('params'), false, 'the base document is left alone');
});

cases('seeds: one per replication, from (study seed, point, replication); common seeds share them across points', () => {
  const sweep = [{ path: 'days', values: [1, 2] }];
  const a = load({ seed: 5, replications: 3, sweep });
  assert.is(a.cases[0]!.seeds.length, 3);
  assert.equal(a.cases[0]!.seeds, load({ seed: 5, replications: 3, sweep }).cases[0]!.seeds);
  assert.not.equal(a.cases[0]!.seeds, a.cases[1]!.seeds);
  assert.is(a.cases[0]!.seeds[1], caseSeed(5, JSON.stringify([['days', 1]]), 1));
  // Adding a value does not move the seeds of the other points.
  assert.equal(load({ seed: 5, replications: 3, sweep: [{ path: 'days', values: [0.5, 1, 2] }] }).cases[1]!.seeds, a.cases[0]!.seeds);
  const common = load({ seed: 5, replications: 3, seeds: 'common', sweep });
  assert.equal(common.cases[0]!.seeds, common.cases[1]!.seeds);
  for (const seed of a.cases.flatMap((c) => c.seeds)) assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
});

cases('stations+ adds a candidate as an inline station with its weather (weather: catalogue) and the downlinks', () => {
  const candidates = {
    stations: [{ id: 'xsite', name: 'X site', latDeg: 10, lonDeg: 20, altM: 30, receiveApertureM: 1.2, clearNightProbability: 0.8 }],
    downlinks: [{ satellite: 'w', params: { minElevationDeg: 15 } }],
  };
  const s = load({ candidates, sweep: [{ path: 'stations+', values: ['none', 'xsite', 'graz'] }] });
  const docs = s.cases.map((c) => c.doc as { stations: unknown[]; links: unknown[] });
  assert.equal(docs[0]!.stations, BASE.stations);
  assert.equal(docs[1]!.stations[2], { id: 'xsite', name: 'X site', latDeg: 10, lonDeg: 20, altM: 30, receiveApertureM: 1.2, weather: { clearProbability: 0.8 } });
  assert.equal(docs[1]!.links[2], { kind: 'downlink', satellite: 'w', params: { minElevationDeg: 15 }, station: 'xsite' });
  assert.is(docs[2]!.stations[2], 'graz');
  assert.equal(s.cases.map((c) => c.point), [{ 'stations+': 'none' }, { 'stations+': 'xsite' }, { 'stations+': 'graz' }]);
  // With weather: clear the candidate is clear too.
  const clear = loadStudyDocument({ base: { ...BASE, weather: 'clear' }, candidates, sweep: [{ path: 'stations+', values: ['xsite'] }] }, { label: 's', baseDir: REPO_ROOT });
  assert.not.ok('weather' in ((clear.cases[0]!.doc as { stations: Record<string, unknown>[] }).stations[2]!));
});

cases('the shipped studies load', () => {
  for (const name of ['constellation-size', 'station-siting']) {
    const s = loadStudyFile(`${REPO_ROOT}/scenarios/studies/${name}.yaml`, { label: `scenarios/studies/${name}.yaml` });
    assert.is(s.name, name);
    assert.ok(s.cases.length > 1);
  }
});

const paths = suite('paths');

paths('parsePath(text) and checkSchemaPath(schema, segments)', () => {
  assert.equal(parsePath('links[1].params.receiveApertureM'), ['links', 1, 'params', 'receiveApertureM']);
  assert.equal(parsePath('satellites[0].lines[1]'), ['satellites', 0, 'lines', 1]);
  assert.type(parsePath('links[x]'), 'string');
  assert.is(checkSchemaPath(ScenarioSchema, ['links', 0, 'pool', 'capacityBits']), null);
  // A field of one union branch (fibre links have lengthKm, downlinks do not) exists.
  assert.is(checkSchemaPath(ScenarioSchema, ['links', 0, 'lengthKm']), null);
  assert.is(checkSchemaPath(ScenarioSchema, ['stations', 0, 'receiveApertureM']), null);
  assert.match(checkSchemaPath(ScenarioSchema, ['days', 'x'])!, /no field "x" in days of the scenario format \(there: nothing \(a plain value\)\)/);
  assert.match(checkSchemaPath(ScenarioSchema, ['links', 'a'])!, /no field "a" in links .*a list index such as \[0\]/);
});

paths('setAtPath(doc, segments, value) copies, creates missing objects and turns a station id into {id}', () => {
  const doc = { stations: ['xinglong'], links: [{ kind: 'fiber' }] };
  const out = setAtPath(doc, ['stations', 0, 'receiveApertureM'], 1.5);
  assert.equal(out, { doc: { stations: [{ id: 'xinglong', receiveApertureM: 1.5 }], links: [{ kind: 'fiber' }] } });
  assert.equal(setAtPath(doc, ['links', 0, 'params', 'mu'], 0.5), { doc: { stations: ['xinglong'], links: [{ kind: 'fiber', params: { mu: 0.5 } }] } });
  assert.equal(doc, { stations: ['xinglong'], links: [{ kind: 'fiber' }] });
  assert.equal(setAtPath(doc, ['links', 3, 'mu'], 1), { error: "links[3]: the base scenario's links has 1 item(s)" });
});

errors.run();
cases.run();
paths.run();
