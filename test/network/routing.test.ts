import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RoutingGraph } from '../../sim/network/index.js';

// A ring a-b-c-d-a plus a parallel link b-c2 (two links between b and c).
const links = [
  { id: 'ab', from: 'a', to: 'b' },
  { id: 'bc', from: 'b', to: 'c' },
  { id: 'bc2', from: 'b', to: 'c' },
  { id: 'cd', from: 'c', to: 'd' },
  { id: 'da', from: 'd', to: 'a' },
];
const g = new RoutingGraph(['a', 'b', 'c', 'd'], links);

const r = suite('RoutingGraph.route(from, to, weight)');
r('takes the least-weight path and reports nodes, links and cost', () => {
  const route = g.route('a', 'c', (id) => (id === 'da' ? 10 : 1))!;
  assert.equal(route.nodes, ['a', 'b', 'c']);
  assert.equal(route.links, ['ab', 'bc']);
  assert.is(route.cost, 2);
});
r('picks the lighter of parallel links, ties by id', () => {
  assert.equal(g.route('b', 'c', (id) => (id === 'bc' ? 3 : 1))!.links, ['bc2']);
  assert.equal(g.route('b', 'c', () => 1)!.links, ['bc']);
});
r('avoids unusable links (null weight) and reroutes the other way round', () => {
  const route = g.route('a', 'c', (id) => (id === 'ab' ? null : 1))!;
  assert.equal(route.nodes, ['a', 'd', 'c']);
});
r('returns null when no usable path exists, for unknown nodes and for from = to', () => {
  assert.is(g.route('a', 'c', (id) => (id === 'ab' || id === 'da' ? null : 1)), null);
  assert.is(g.route('a', 'zz', () => 1), null);
  assert.is(g.route('a', 'a', () => 1), null);
});
r('is the same on every call (deterministic ties)', () => {
  const first = JSON.stringify(g.route('a', 'c', () => 1));
  for (let i = 0; i < 20; i++) assert.is(JSON.stringify(g.route('a', 'c', () => 1)), first);
});
r.run();
