/** WallPacer: simulated time = from + floor(wall elapsed x speed), never backwards, stopping at the end of the span. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRun } from '../../sim/run/index.js';
import { WallPacer } from '../../web/kme/pacer.js';
import { fiber, groundScenario } from '../run/fixtures.js';

const test = suite('WallPacer');

test('sync() follows a wall clock scaled by speed, from fromMs, and stops at the span end', () => {
  // A 100 s scenario; speed 20 from 30 s: wall 0 -> 30 s, 1.5 s -> 60 s, 3.5 s -> 100 s (the end).
  const live = startRun(groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 10)], [], 100_000));
  let wall = 5000;
  const pacer = new WallPacer(live, { speed: 20, fromMs: 30_000, wallMs: () => wall });
  assert.is(live.nowMs, 30_000);
  wall += 1500;
  assert.is(pacer.sync(), 60_000);
  wall += 0.0499; // 0.998 simulated ms: floor keeps whole ms
  assert.is(pacer.sync(), 60_000);
  wall += 2000;
  assert.is(pacer.sync(), 100_000);
  assert.ok(pacer.ended);
  wall += 10_000;
  assert.is(pacer.sync(), 100_000);
  // Generation follows simulated time: 10 bit/s x 100 s on the link.
  assert.is(live.finish().links[0]!.generatedBits, 1000);
});

test('a wall clock that steps back never moves simulated time back', () => {
  const live = startRun(groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 10)], [], 100_000));
  let wall = 1000;
  const pacer = new WallPacer(live, { speed: 1, wallMs: () => wall });
  wall = 3000;
  assert.is(pacer.sync(), 2000);
  wall = 2000;
  assert.is(pacer.sync(), 2000);
});

test('bad settings are refused with the value', () => {
  const live = startRun(groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 10)], [], 100_000));
  assert.throws(() => new WallPacer(live, { speed: 0 }), /speed must be a finite number > 0, got 0/);
  assert.throws(() => new WallPacer(live, { speed: 1, fromMs: 100_001 }), /fromMs must be an integer in \[0, 100000\], got 100001/);
});

test.run();
