/** The [key, value] min-heap: every pop is the least pair held (key, then value), pushes and pops interleaved. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heapPop, heapPush } from '../../sim/network/pair-heap.js';
import { RandomStreams } from '../../sim/engine/index.js';

const byKeyThenValue = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];

const heap = suite('pair heap');
heap('each pop is the least pair held, against a sorted copy', () => {
  const rng = new RandomStreams(3).stream('heap');
  const h: [number, number][] = [];
  const held: [number, number][] = [];
  let pops = 0;
  for (let round = 0; round < 200; round++) {
    for (let k = rng.int(0, 8); k > 0; k--) {
      const pair: [number, number] = [rng.int(0, 10), rng.int(0, 1000)];
      heapPush(h, pair);
      held.push(pair);
    }
    for (let k = rng.int(0, 8); k > 0; k--) {
      held.sort(byKeyThenValue);
      assert.equal(heapPop(h), held.shift());
      pops++;
    }
  }
  assert.ok(pops > 300, `${pops} pops`);
  assert.is(h.length, held.length);
});
heap.run();
