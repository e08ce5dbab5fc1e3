import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateRates } from '../../sim/network/index.js';
import { assertInDelta } from '../helpers.js';

const a = suite('allocateRates(flows, capacity)');
a('serves every flow in full when no pool is constrained', () => {
  const r = allocateRates([{ requestBps: 10, pools: [0, 1] }, { requestBps: 5, pools: [1] }], () => Infinity);
  assert.equal([...r.rateBps], [10, 5]);
  assert.equal([...r.bottleneck], [-1, -1]);
});
a('shares an empty pool in proportion to the requests (weighted max-min)', () => {
  // Pool 0 passes on 30 bit/s; requests 40 and 20 -> 20 and 10.
  const r = allocateRates([{ requestBps: 40, pools: [0] }, { requestBps: 20, pools: [0] }], (p) => (p === 0 ? 30 : Infinity));
  assertInDelta(r.rateBps[0]!, 20, 1e-9, 'flow 0');
  assertInDelta(r.rateBps[1]!, 10, 1e-9, 'flow 1');
  assert.equal([...r.bottleneck], [0, 0]);
});
a('gives leftover capacity to flows not held elsewhere (progressive filling)', () => {
  // Flow A crosses pools 0 (cap 10) and 1 (cap 100); flow B only pool 1. Equal requests of 100.
  // A is held at 10 by pool 0; B then takes the rest of pool 1: 90.
  const cap = (p: number) => (p === 0 ? 10 : p === 1 ? 100 : Infinity);
  const r = allocateRates([{ requestBps: 100, pools: [0, 1] }, { requestBps: 100, pools: [1] }], cap);
  assertInDelta(r.rateBps[0]!, 10, 1e-9, 'flow A');
  assertInDelta(r.rateBps[1]!, 90, 1e-9, 'flow B');
  assert.equal([...r.bottleneck], [0, 1]);
});
a('a pool that generates nothing starves every flow through it; no flow exceeds its request', () => {
  const r = allocateRates([{ requestBps: 5, pools: [0, 2] }, { requestBps: 7, pools: [1] }], (p) => (p === 0 ? 0 : p === 1 ? 1000 : Infinity));
  assert.is(r.rateBps[0], 0);
  assert.is(r.rateBps[1], 7);
});
a.run();
