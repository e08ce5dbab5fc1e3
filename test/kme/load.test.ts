/**
 * The KME under load, short version of the bench (test/bench/kme.bench.ts): 200 Get key requests a
 * second for 3 s from one SAE over keep-alive mutual TLS, against a route that runs short of key
 * part of the way. Correctness only (timings belong to the bench): no answer other than 200 or 503
 * for lack of key, and the key bits received equal what each pool on the route spent, to the bit.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadScenarioDocument } from '../../sim/scenario/index.js';
import { parseDocument } from '../../sim/validation.js';
import { getJson } from './client.js';
import { CHAIN, startTestKme } from './fixture.js';
import { runLoad } from './load.js';

const test = suite('qkdsim kme under load');

test('200 enc_keys/s for 3 s: only 200 and 503 short-of-key answers; bits received = bits spent on each hop', async () => {
  // The chain with 40 000 bits in each pool at the start and 1000 bit/s: 600 requests of 256 bits
  // ask for 153 600 bits in 3 s, about 43 000 can be had, so most of the load finds the route short.
  const doc = parseDocument(readFileSync(CHAIN, 'utf8'), CHAIN) as { links: { rateBps: number; pool: { initialBits: number } }[] };
  for (const l of doc.links) {
    l.rateBps = 1000;
    l.pool.initialBits = 40_000;
  }
  const scenario = loadScenarioDocument(doc, { label: CHAIN, baseDir: dirname(CHAIN) });
  const t = await startTestKme({ scenario, speed: 1 });
  try {
    const alice = t.client('alice-app', { maxSockets: 32 });
    const result = await runLoad({ client: alice, url: `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`, ratePerS: 200, durationS: 3, maxInFlight: 200, body: { number: 1, size: 256 } });
    assert.is(result.errorCount, 0, result.errors.join('\n'));
    assert.is(result.sent + result.skipped, 600);
    const ok = result.byStatus.get(200) ?? 0;
    assert.ok(ok >= 40_000 / 256 - 1, `${ok} served`);
    assert.ok(result.shortOfKey > 0, 'the route ran short');
    assert.is(ok + result.shortOfKey, result.sent);
    assert.is(result.receivedBits, ok * 256);
    const state = await getJson(`${t.kme.monitorUrl}/live/state`);
    for (const p of state.pools) assert.is(p.consumedBits, result.receivedBits, p.link);
    assert.is(state.saes.find((s: { id: string }) => s.id === 'alice-app').deliveredBits, result.receivedBits);
  } finally {
    await t.stop();
  }
});

test.run();
