/** Walker-delta constellations in scenario files: expansion into member satellites and downlinks. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { walkerDelta } from '../../sim/orbit/index.js';
import { loadScenarioDocument } from '../../sim/scenario/index.js';
import { REPO_ROOT, issuesOf } from '../helpers.js';

const START = '2016-12-16T00:00:00Z';
const WALKER = { satellites: 6, planes: 3, phasing: 1, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 270 };

const doc = (walker: Record<string, unknown> = WALKER, extra: Record<string, unknown> = {}) => ({
  start: START,
  days: 3,
  satellites: [{ id: 'w', walker, scheduling: 'first-come', onboard: { capacityBits: 1_000_000 } }],
  stations: ['xinglong', 'graz'],
  links: [
    { kind: 'downlink', satellite: 'w', station: 'xinglong', params: { keyMaskDeg: 15 } },
    { kind: 'downlink', satellite: 'w', station: 'graz' },
  ],
  ...extra,
});
const load = (d: unknown) => loadScenarioDocument(d, { label: 'walker.yaml', baseDir: REPO_ROOT });


const expand = suite('loadScenarioDocument(doc) with satellites[i].walker');

expand('a Walker entry becomes its members <id>-<plane>-<slot>, each with the entry\'s onboard and scheduling', () => {
  const s = load(doc());
  assert.equal(
    s.satellites.map((m) => m.id),
    ['w-1-1', 'w-1-2', 'w-2-1', 'w-2-2', 'w-3-1', 'w-3-2'],
  );
  for (const m of s.satellites) {
    assert.is(m.satellite.name, m.id);
    assert.is(m.scheduling, 'first-come');
    assert.is(m.onboardCapacityBits, 1_000_000);
  }
  assert.equal(s.warnings, [], 'no epoch warnings for generated elements');
  // The group id is not a node; the members are.
  assert.equal(s.nodes.filter((n) => n.kind === 'satellite').map((n) => n.id), s.satellites.map((m) => m.id));
});

expand('members are propagated from walkerDelta\'s elements at the scenario start (or the given epoch)', () => {
  const s = load(doc());
  const sets = walkerDelta({ ...WALKER, epochUtcMs: Date.parse(START), namePrefix: 'w' });
  assert.equal(s.satellites.map((m) => m.satellite.sets[0]!.omm), sets.map((e) => e.omm));
  const later = load(doc({ ...WALKER, epoch: '2016-12-17T06:00:00Z' }));
  assert.is(later.satellites[0]!.satellite.sets[0]!.epochUtcMs, Date.parse('2016-12-17T06:00:00Z'));
});

expand('a downlink naming the group becomes one downlink per member, <member>-<station>, with the group link\'s params', () => {
  const s = load(doc());
  assert.is(s.links.length, 12);
  assert.equal(s.links.slice(0, 6).map((l) => l.id), ['w-1-1-xinglong', 'w-1-2-xinglong', 'w-2-1-xinglong', 'w-2-2-xinglong', 'w-3-1-xinglong', 'w-3-2-xinglong']);
  for (const l of s.links.slice(0, 6)) assert.ok(l.kind === 'downlink' && l.params.keyMaskDeg === 15 && l.to === 'xinglong');
  assert.equal(s.links.slice(6).map((l) => l.from), s.satellites.map((m) => m.id));
});

expand('a member can also be named alone in a downlink', () => {
  const s = load(doc(WALKER, { links: [{ kind: 'downlink', satellite: 'w-2-1', station: 'graz' }] }));
  assert.equal(s.links.map((l) => l.id), ['w-2-1-graz']);
});

expand('a one-satellite pattern works (1/1/0)', () => {
  const s = load(doc({ satellites: 1, planes: 1, altitudeKm: 500, inclinationDeg: 97.4 }));
  assert.equal(s.satellites.map((m) => m.id), ['w-1-1']);
});

const bad = suite('loadScenarioDocument(doc) with a bad walker entry');

bad('planes that do not divide the satellites, and phasing out of range, name the field', () => {
  assert.equal(issuesOf(() => load(doc({ ...WALKER, planes: 4 }))), ['walker.yaml: satellites[0].walker.planes: expected a divisor of satellites (6), got 4']);
  assert.equal(issuesOf(() => load(doc({ ...WALKER, phasing: 3 }))), [
    'walker.yaml: satellites[0].walker.phasing: expected an integer in [0, 2] (below planes), got 3',
  ]);
});

bad('schema errors: ranges and unknown fields', () => {
  const lines = issuesOf(() => load(doc({ ...WALKER, altitudeKm: 100, planess: 2 })));
  assert.equal(lines.sort(), [
    'walker.yaml: satellites[0].walker.altitudeKm: expected a number >= 150, got 100',
    'walker.yaml: satellites[0].walker.planess: unknown field "planess" (check the spelling)',
  ]);
});

bad('exactly one of tle, lines and walker', () => {
  const both = { start: START, satellites: [{ id: 'x', tle: 'bundled:micius', walker: WALKER }] };
  assert.equal(issuesOf(() => load(both)), [
    'walker.yaml: satellites[0]: expected exactly one of tle (a file), lines (two TLE lines) or walker (a constellation), got tle and walker',
  ]);
  assert.equal(issuesOf(() => load({ start: START, satellites: [{ id: 'x' }] })), [
    'walker.yaml: satellites[0]: expected exactly one of tle (a file), lines (two TLE lines) or walker (a constellation), got neither',
  ]);
});

bad('an id on a group downlink, a member id clashing with a station, and select with walker are errors', () => {
  const withId = doc(WALKER, { links: [{ id: 'down', kind: 'downlink', satellite: 'w', station: 'graz' }] });
  assert.equal(issuesOf(() => load(withId)), [
    'walker.yaml: links[0].id: expected no id on a downlink from Walker group "w" (its links are named <member>-<station>), got "down"',
  ]);
  const clash = { ...doc(), stations: ['xinglong', 'graz', { id: 'w-1-2', latDeg: 0, lonDeg: 0, altM: 0 }] };
  assert.equal(issuesOf(() => load(clash)), ['walker.yaml: stations[2].id: duplicate id "w-1-2" (first at satellites[0]; satellites, stations and nodes share one namespace)']);
  const select = { start: START, satellites: [{ id: 'w', walker: WALKER, select: 'X' }] };
  assert.equal(issuesOf(() => load(select)), ['walker.yaml: satellites[0].select: expected no select with walker (select picks a satellite of a tle file), got "X"']);
});

bad('a downlink from a broken group is not reported again', () => {
  const lines = issuesOf(() => load(doc({ ...WALKER, planes: 4 })));
  assert.is(lines.length, 1);
});

expand.run();
bad.run();
