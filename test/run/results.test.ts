/**
 * demandResult on request lists built by hand: the counts, bits and waits worked out in the comments.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { KeyRequest } from '../../sim/network/index.js';
import { demandResult } from '../../sim/run/results.js';
import type { ResolvedDemand } from '../../sim/scenario/model.js';

const poisson: ResolvedDemand = {
  id: 'p', kind: 'poisson', from: 'a', to: 'b', meanIntervalS: 1, size: { distribution: 'fixed', bits: 8 }, maxWaitS: 10, startMs: 0, endMs: 1e9,
};

function request(i: number, status: KeyRequest['status'], waitMs: number): KeyRequest {
  return {
    demandIndex: 0, seq: i, bits: 8, arrivalMs: i * 1000, deadlineMs: i * 1000 + 10_000, status,
    servedMs: status === 'served' ? i * 1000 + waitMs : null, nodes: status === 'served' ? ['a', 'b'] : null,
    links: status === 'served' ? ['a-b'] : null, reason: status === 'dropped' ? 'short of key on link a-b' : null,
  };
}

const many = suite('demandResult: a Poisson demand with many requests');
many('300 000 requests: counts, bits and waits (no spread of the waits onto the stack)', () => {
  // Requests i = 0..299 999; every third (i % 3 === 2) is dropped; the others wait i % 7 ms.
  // Served: 200 000, dropped: 100 000, requested 300 000 x 8 bits, served 200 000 x 8 bits.
  // Waits of the served ones: i % 3 in {0, 1}; over each 21 consecutive i, the pairs (i % 3, i % 7)
  // run through all 21 combinations, so the served ones there wait 0..6 ms twice each: 42 ms in 14
  // requests, a mean of 3 ms, and the largest wait is 6 ms.
  const requests = Array.from({ length: 300_000 }, (_, i) => request(i, i % 3 === 2 ? 'dropped' : 'served', i % 7));
  const r = demandResult(poisson, 0, null, requests, [], []);
  assert.equal(r.requests.made, 300_000);
  assert.equal(r.requests.served, 200_000);
  assert.equal(r.requests.dropped, 100_000);
  assert.equal(r.requestedBits, 2_400_000);
  assert.equal(r.servedBits, 1_600_000);
  assert.ok(Math.abs(r.requests.meanWaitS - 0.003) < 1e-12, `mean wait ${r.requests.meanWaitS} s`);
  assert.equal(r.requests.maxWaitS, 0.006);
  assert.equal(r.status, 'partial');
  assert.equal(r.reason, '100000 of 300000 request(s) dropped: short of key on link a-b (100000)');
  assert.equal(r.paths.length, 1);
  assert.equal(r.paths[0]!.requests, 200_000);
});

many('no requests: nothing requested, served in full, zero waits', () => {
  const r = demandResult(poisson, 0, null, [], [], []);
  assert.equal([r.requests.made, r.requests.served, r.requests.dropped, r.requests.meanWaitS, r.requests.maxWaitS], [0, 0, 0, 0, 0]);
  assert.equal(r.status, 'served');
  assert.equal(r.reason, null);
});

many.run();
