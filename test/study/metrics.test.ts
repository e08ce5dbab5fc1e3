/** Study metrics on a hand-made run result: key per day, nights, unscheduled passes, served fraction, pool minimum. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunResult } from '../../sim/run/index.js';
import { computeMetrics, METRICS } from '../../sim/study/index.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2017, 0, 1);

/** A pass over `station` with a key window [startH, endH) hours after T0 (culminating mid-window). */
const pass = (station: string, startH: number, endH: number, secretBits = 4000, outcome = 'keyed') => ({
  linkId: `s-${station}`,
  outcome,
  secretBits,
  pass: { station, culminationMs: T0 + ((startH + endH) / 2) * 3_600_000, keyWindow: { startMs: T0 + startH * 3_600_000, endMs: T0 + endH * 3_600_000 } },
});

const night = (station: string, date: string, deliveredBits: number) => ({ station, night: date, clear: true, passes: 1, keyedPasses: deliveredBits > 0 ? 1 : 0, deliveredBits });

const run = {
  scenario: {
    durationMs: 2 * DAY_MS,
    stations: [
      { id: 'a', lonDeg: 0 },
      { id: 'b', lonDeg: 0 },
    ],
    links: [
      { id: 's-a', kind: 'downlink', to: 'a' },
      { id: 's-b', kind: 'downlink', to: 'b' },
    ],
  },
  // a: two overlapping passes on the first night (0-1 h and 0.5-1.5 h after midnight), one on the
  // second; b: one pass that yields no key (clouded) on the first night.
  passes: [pass('a', 0, 1), pass('a', 0.5, 1.5, 3000), pass('b', 2, 3), pass('a', 24, 25)],
  passDeliveredBits: [1000, 0, 0, 4000],
  // The first pass made 4000 bits but its pool kept 1000; the second overlapped it at the same
  // station and was not scheduled; b's pass was clouded.
  passOutcomes: ['keyed', 'not-scheduled', 'clouded', 'keyed'],
  nights: [night('a', '2016-12-31', 4000), night('a', '2017-01-01', 4000), night('b', '2016-12-31', 0), night('b', '2017-01-01', 0)],
  demands: [
    { id: 'd1', requestedBits: 100, servedBits: 50, servedFraction: 0.5 },
    { id: 'd2', requestedBits: 300, servedBits: 300, servedFraction: 1 },
  ],
  series: { tMs: [0, DAY_MS, 2 * DAY_MS], levels: [[0, 4000, 8000], [0, 0, 0]] },
} as unknown as RunResult;

const metrics = suite('computeMetrics(run, names)');

metrics('every metric on a two-station, two-night run', () => {
  const m = computeMetrics(run, METRICS.map((d) => d.name));
  // a delivered 1000 + 4000 bits over 2 days; the not-scheduled pass delivered nothing.
  assert.equal(m.keyBitsPerDay, { a: 2500, b: 0, total: 2500 });
  assert.equal(m.keyedPassesPerDay, { a: 1, b: 0, total: 1 });
  assert.equal(m.nightsWithKeyFraction, { a: 1, b: 0, network: 1 });
  // b's pass was usable (keyed before the weather): a night with a usable pass, though no key.
  assert.equal(m.nightsWithPassFraction, { a: 1, b: 0.5, network: 1 });
  assert.equal(m.nightsWithoutKey, { a: 0, b: 2, network: 0 });
  // a's second pass (3000 bits) was not scheduled: 3000 of the 4000 + 3000 + 4000 its passes made.
  assert.equal(m.unscheduledKeyFraction, { a: 3000 / 11000, b: 0, total: 3000 / 11000 });
  // Made by keyed passes: 4000 + 4000; kept 1000 + 4000.
  assert.equal(m.discardedKeyFraction, { a: 3000 / 8000, b: 0, total: 3000 / 8000 });
  assert.equal(m.servedFraction, { d1: 0.5, d2: 1, total: 350 / 400 });
  assert.equal(m.minPoolBits, { 's-a': 0, 's-b': 0, min: 0 });
});

metrics('every metric has a unit, a description and a headline key it produces', () => {
  const m = computeMetrics(run, METRICS.map((d) => d.name));
  for (const d of METRICS) {
    assert.ok(d.unit.length > 0 && d.description.length > 0, d.name);
    assert.ok(d.headline in m[d.name]!, `${d.name}.${d.headline}`);
  }
});

metrics.run();
