/** roundText(value, decimals) against the text it replaces, String(round(value, decimals)). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams } from '../../sim/engine/index.js';
import { round, roundText } from '../../sim/report/format.js';

const test = suite('roundText(value, decimals)');

test('equals String(round(value, decimals)) on edges and 200 000 random values', () => {
  const edges = [0, -0, 0.5, -0.5, 1e-7, -1e-7, 0.000001, 0.0000005, 0.00005, 12.34565, 47.81815, -179.99995, 999999.9999999, 1e14, -1e14 + 0.3, 2.675, 1.005, 0.1 + 0.2, 123456.789, 1e15, 1e21, NaN, Infinity];
  const rng = new RandomStreams(3).stream('round');
  const values: number[] = [...edges];
  for (let i = 0; i < 200_000; i++) {
    const magnitude = 10 ** rng.int(-8, 15);
    values.push((rng.next() * 2 - 1) * magnitude);
  }
  for (const v of values) for (let d = 0; d <= 6; d++) assert.is(roundText(v, d), String(round(v, d)), `${v} to ${d}`);
});

test.run();
