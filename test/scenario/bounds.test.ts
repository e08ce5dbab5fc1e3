/**
 * issue-11: every interval, step, rate and amount of a scenario has a physical bound, and a value
 * beyond it is refused with the field path, the bound, the value found and the reason; NaN and
 * Infinity are named as what they are; impossible dates are refused; a name cannot lead the output
 * out of runs/. The inputs are new ones (not test/fixtures), each just past its bound, and the
 * expected bounds are the published ones of the README's "Bad input" table (checked here too).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOUNDS, describeBound } from '../../sim/scenario/bounds.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import { formatNumber } from '../../sim/validation.js';
import { REPO_ROOT, issuesOf } from '../helpers.js';

/** A small valid fibre scenario; `extra` lines are appended (later keys are new top-level keys). */
const scenario = (over: { top?: string; link?: string; demand?: string; output?: string } = {}) => `name: b
start: 2020-03-01T00:00:00Z
${over.top ?? 'days: 1'}
nodes:
  - { id: a, kind: user }
  - { id: z, kind: user }
links:
  - { kind: fiber, from: a, to: z, ${over.link ?? 'lengthKm: 20'} }
demands:
  - ${over.demand ?? '{ id: d, kind: constant, from: a, to: z, rateBps: 128 }'}
output: { ${over.output ?? 'sampleIntervalS: 600'} }
`;
const load = (text: string, label = 'b.yaml') => parseScenarioText(text, label, REPO_ROOT);

const bounds = suite('scenario bounds (issue-11)');

bounds('the base scenario loads', () => {
  assert.is(load(scenario()).links.length, 1);
});

const CASES: readonly [string, string, string][] = [
  ['a sample interval below a second', scenario({ output: 'sampleIntervalS: 0.5' }), 'b.yaml: output.sampleIntervalS: expected a number >= 1, got 0.5 (pool levels change only at events'],
  ['a nanosecond sample interval', scenario({ output: 'sampleIntervalS: 1.0e-9' }), 'b.yaml: output.sampleIntervalS: expected a number >= 1, got 1e-9'],
  ['a sample interval longer than any span', scenario({ output: 'sampleIntervalS: 4.0e8' }), 'b.yaml: output.sampleIntervalS: expected a number <= 316224000, got 400000000 (longer than the longest span'],
  [
    'Poisson arrivals every 5 ms',
    scenario({ demand: '{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 0.005, size: { distribution: fixed, bits: 8 } }' }),
    'b.yaml: demands[0].meanIntervalS: expected a number >= 0.01, got 0.005 (simulated time is in whole ms',
  ],
  [
    'a picosecond Poisson interval',
    scenario({ demand: '{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 1.0e-12, size: { distribution: fixed, bits: 8 } }' }),
    'b.yaml: demands[0].meanIntervalS: expected a number >= 0.01, got 1e-12',
  ],
  [
    'a wait of a tenth of a millisecond',
    scenario({ demand: '{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 60, maxWaitS: 0.0001, size: { distribution: fixed, bits: 8 } }' }),
    'b.yaml: demands[0].maxWaitS: expected a number >= 0.001, got 0.0001 (below 1 ms a request is dropped the instant it is made',
  ],
  ['a demand of 1e308 bit/s', scenario({ demand: '{ id: d, kind: constant, from: a, to: z, rateBps: 1.0e308 }' }), 'b.yaml: demands[0].rateBps: expected a number <= 1000000000, got 1e+308 (about ten times the fastest QKD system reported'],
  ['a demand of 1e-7 bit/s', scenario({ demand: '{ id: d, kind: constant, from: a, to: z, rateBps: 1.0e-7 }' }), 'b.yaml: demands[0].rateBps: expected a number >= 1e-6, got 1e-7 (a demand of less than 1e-6 bit/s'],
  ['a measured fibre rate of 5 Gbit/s', scenario({ link: 'rateBps: 5.0e9' }), 'b.yaml: links[0].rateBps: expected a number <= 1000000000, got 5000000000'],
  ['a 1e300 Hz source (the parameter table bounds it)', scenario({ link: 'lengthKm: 20, params: { repRateHz: 1.0e300 }' }), 'b.yaml: links[0].params.repRateHz: expected a number > 0 and <= 100000000000, got 1e+300'],
  ['a fibre model rate beyond any link (parameters each in range)', scenario({ link: 'lengthKm: 0, params: { repRateHz: 1.0e11, detectorEfficiency: 1 }' }), 'b.yaml: links[0]: expected the fibre model to give a key rate of at most 1000000000 bit/s (about ten times the fastest QKD system reported'],
  ['failures every 36 s', scenario({ link: 'lengthKm: 20, faults: { mtbfH: 0.01, mttrH: 1 }' }), 'b.yaml: links[0].faults.mtbfH: expected a number >= 0.1, got 0.01 (random failures are equipment faults'],
  ['repairs in a third of a second', scenario({ link: 'lengthKm: 20, faults: { mtbfH: 100, mttrH: 0.0001 }' }), 'b.yaml: links[0].faults.mttrH: expected a number >= 0.0167, got 0.0001 (a QKD link needs at least a minute'],
  ['a pool of 1e16 bits', scenario({ link: 'lengthKm: 20, pool: { capacityBits: 1.0e16 }' }), 'b.yaml: links[0].pool.capacityBits: expected a number <= 9007199254740992, got 10000000000000000 (key is counted in whole bits'],
  ['a bulk request of 2^53 + 2 bits', scenario({ demand: '{ id: d, kind: bulk, from: a, to: z, bits: 9007199254740994 }' }), 'b.yaml: demands[0].bits: expected a number <= 9007199254740992, got 9007199254740994'],
  [
    'a mean request of half a bit',
    scenario({ demand: '{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 60, size: { distribution: exponential, meanBits: 0.5 } }' }),
    'b.yaml: demands[0].size.meanBits: expected a number >= 1, got 0.5',
  ],
  ['a routing penalty of 1e300 hops', scenario({ top: 'days: 1\nrouting: { warningPenalty: 1.0e300 }' }), 'b.yaml: routing.warningPenalty: expected a number <= 1000000, got 1e+300 (a penalty of a million hops'],
  ['a span of a nanosecond day', scenario({ top: 'days: 1.0e-9' }), 'b.yaml: days: expected a number >= 6.94e-4, got 1e-9 (one minute: a shorter span holds no pass'],
  ['a span of 11 years', scenario({ top: 'days: 4018' }), 'b.yaml: days: expected a number <= 3660, got 4018 (ten years'],
  ['an end 30 s after the start', scenario({ top: 'end: 30' }), 'b.yaml: end: expected at least 60 s after the start (2020-03-01T00:00:00.000Z; a shorter span holds no pass), got 30 (30 s)'],
  ['a seed of 2^53', scenario({ top: 'days: 1\nseed: 9007199254740992' }), 'b.yaml: seed: expected a number <= 9007199254740991, got 9007199254740992 (integers are exact in a double only up to 2^53 - 1)'],
  ['a start on 29 February 2021', scenario().replace('2020-03-01T00:00:00Z', '2021-02-29T00:00:00Z'), 'b.yaml: start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "2021-02-29T00:00:00Z" (February 2021 has 28 days, got day 29)'],
  ['a start at 24:00', scenario().replace('2020-03-01T00:00:00Z', '2020-03-01T24:00:00Z'), 'b.yaml: start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "2020-03-01T24:00:00Z" (hour 24 is not in 00-23; write 00:00 of the next day)'],
  ['a start before Sputnik', scenario().replace('2020-03-01T00:00:00Z', '1950-06-01T00:00:00Z'), 'b.yaml: start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "1950-06-01T00:00:00Z" (before the first satellite (Sputnik 1, launched 1957-10-04T19:28:34.000Z))'],
  ['a span that ends after 2200', scenario({ top: 'days: 30' }).replace('2020-03-01T00:00:00Z', '2199-12-15T00:00:00Z'), 'b.yaml: days: expected the span to end by 2200-01-01T00:00:00.000Z'],
  ['a demand deadline on 31 June', scenario({ demand: '{ id: d, kind: bulk, from: a, to: z, bits: 100, deadline: 2020-06-31T00:00:00Z }', top: 'days: 200' }), 'b.yaml: demands[0].deadline: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z or seconds after the start, got "2020-06-31T00:00:00Z" (June 2020 has 30 days, got day 31)'],
  ['NaN as a sample interval (YAML .nan)', scenario({ output: 'sampleIntervalS: .nan' }), 'b.yaml: output.sampleIntervalS: expected a finite number, got NaN'],
  ['Infinity as a rate (YAML .inf)', scenario({ demand: '{ id: d, kind: constant, from: a, to: z, rateBps: .inf }' }), 'b.yaml: demands[0].rateBps: expected a finite number, got Infinity'],
  ['a name that climbs out of runs/', scenario().replace('name: b', 'name: ../../etc/x'), 'b.yaml: name: expected a name without "/", "\\", control characters, and not only dots'],
  ['a name of two dots', scenario().replace('name: b', 'name: ".."'), 'b.yaml: name: expected a name without "/", "\\", control characters, and not only dots'],
  ['a name with a backslash', scenario().replace('name: b', 'name: "a\\\\b"'), 'b.yaml: name: expected a name without "/"'],
];

for (const [what, text, expected] of CASES) {
  bounds(`refuses ${what}, naming the field, the bound, the value and why`, () => {
    const issues = issuesOf(() => load(text));
    assert.ok(
      issues.some((line) => line.startsWith(expected)),
      `expected an issue starting with\n  ${expected}\ngot\n  ${issues.join('\n  ')}`,
    );
  });
}

bounds('JSON numbers that overflow to Infinity are reported as Infinity, not null', () => {
  const doc = JSON.stringify({ start: '2020-03-01T00:00:00Z', nodes: [{ id: 'a', kind: 'user' }, { id: 'z', kind: 'user' }], links: [{ kind: 'fiber', from: 'a', to: 'z', lengthKm: 20 }] });
  const text = doc.replace('"lengthKm":20', '"lengthKm":1e999');
  assert.equal(issuesOf(() => load(text, 'b.json')), ['b.json: links[0].lengthKm: expected a finite number, got Infinity']);
});

bounds('values at the bounds are accepted', () => {
  const s = load(scenario({ top: 'days: 0.000694445', output: 'sampleIntervalS: 1', demand: '{ id: d, kind: constant, from: a, to: z, rateBps: 1.0e9 }', link: 'rateBps: 1.0e9, faults: { mtbfH: 0.1, mttrH: 0.0166667 }' }));
  assert.is(s.durationMs, 60_000);
  assert.is(s.output.sampleIntervalS, 1);
});

const readme = suite('README "Bad input" table');

readme('lists every bound of sim/scenario/bounds.ts with its range', () => {
  const text = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('### Bad input'), text.indexOf('\n## ', text.indexOf('### Bad input')));
  assert.ok(section.length > 100, 'README has a "### Bad input" section');
  for (const [name, b] of Object.entries(BOUNDS)) {
    const range = `[${formatNumber(b.min)}, ${formatNumber(b.max)}]`;
    assert.ok(section.includes(range), `README "Bad input" lacks the range ${range} of ${name} (${describeBound(b)})`);
  }
});

bounds.run();
readme.run();
