/**
 * The plan's order (sim/operations/pass-plan.ts inPlanOrder): by rise, then link id, whichever way
 * it is sorted (numeric keys, or the comparator where the keys would not be exact or a link's
 * passes come out of order). The oracle is a plain comparator sort written here.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inPlanOrder, type PlannedPass } from '../../sim/operations/pass-plan.js';
import type { ResolvedDownlink } from '../../sim/scenario/model.js';
import { RandomStreams } from '../../sim/engine/index.js';

const reference = (ps: readonly PlannedPass[]): PlannedPass[] =>
  [...ps].sort((a, b) => a.pass.riseMs - b.pass.riseMs || (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0));
const pass = (linkId: string, riseMs: number): PlannedPass => ({ linkId, pass: { riseMs } }) as unknown as PlannedPass;
const links = (ids: string[]): ResolvedDownlink[] => ids.map((id) => ({ id }) as ResolvedDownlink);

const order = suite('inPlanOrder(passes, downlinks)');
order('random plans: each link rising, ties at the same rise across links (passes clipped at the start)', () => {
  const rng = new RandomStreams(5).stream('plan-order');
  for (let trial = 0; trial < 20; trial++) {
    const ids = Array.from({ length: 1 + rng.int(0, 40) }, (_, i) => `l-${(i * 7) % 41}-${i}`);
    const ps: PlannedPass[] = [];
    for (const id of ids) {
      let t = 1.7e12 + (rng.int(0, 3) === 0 ? 0 : rng.int(0, 5000));
      for (let k = rng.int(0, 6); k > 0; k--) {
        ps.push(pass(id, t));
        t += 1 + rng.int(0, 3000);
      }
    }
    assert.equal(inPlanOrder(ps, links(ids)), reference(ps));
  }
});
order('a link whose passes come out of order, and a span too long for exact keys, still give the order', () => {
  const ids = ['b', 'a', 'c'];
  const unordered = [pass('a', 50), pass('b', 10), pass('a', 20), pass('c', 20)];
  assert.equal(inPlanOrder(unordered, links(ids)), reference(unordered));
  const wide = [pass('a', 0), pass('b', 2 ** 52), pass('c', 2 ** 52), pass('a', 2 ** 51)];
  assert.equal(inPlanOrder(wide, links(ids)), reference(wide));
  assert.equal(inPlanOrder([], links(ids)), []);
});
order.run();
