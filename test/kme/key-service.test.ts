/**
 * KeyService (the KMEs' back end) on hand-built networks with a fake wall clock: Get key spends
 * number x size bits on every hop at the simulated instant the wall clock says; uncollected keys live
 * as long as the shortest on-board key lifetime on their route, or the KME's own lifetime when the
 * route has none; the pools' levels reported are those at the current simulated time.
 *
 * Network: Beijing -(fibre, 1000 bit/s, 100 000 bits at the start)- A =S= B -(fibre)- Vienna, with
 * satellite S keeping its stores 600 s (onboard lifetimeS); passes give S-A 50 000 bits at 100 s and
 * S-B 40 000 bits at 200 s. Also a fibre-only pair Beijing-A.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRun } from '../../sim/run/index.js';
import type { ScenarioWithSaes } from '../../sim/scenario/index.js';
import { KeyService } from '../../web/kme/key-service.js';
import { downlink, fakePass, fakeSatellite, fakeStation, fiber, groundScenario } from '../run/fixtures.js';

const test = suite('KeyService');

function network(): { service: KeyService; setWallMs: (ms: number) => void } {
  const base = groundScenario(['beijing', 'vienna'], [
    fiber('beijing-A', 'beijing', 'A', 1000, { capacityBits: 1_000_000, initialBits: 100_000 }),
    downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B'),
    fiber('B-vienna', 'B', 'vienna', 1000, { capacityBits: 1_000_000, initialBits: 100_000 }),
  ], [], 10_000_000, { satellites: [fakeSatellite('S', { keyLifetimeMs: 600_000 })], stations: [fakeStation('A'), fakeStation('B')] });
  const scenario: ScenarioWithSaes = { ...base, saes: [{ id: 'bj', node: 'beijing' }, { id: 'vi', node: 'vienna' }, { id: 'a', node: 'A' }] };
  const run = startRun(scenario, { passes: [fakePass('S-A', 'A', 50, 100, 50_000), fakePass('S-B', 'B', 150, 200, 40_000)] });
  let wall = 0;
  // 1 wall ms = 1 simulated s (speed 1000), from 0.
  const service = new KeyService(run, scenario, { speed: 1000, keyLifetimeMs: 60_000, wallMs: () => wall });
  return { service, setWallMs: (ms) => (wall = ms) };
}

test('getKeys(master, slave, number, size) before the satellite holds key: the reason, nothing spent', () => {
  const { service, setWallMs } = network();
  setWallMs(150); // 150 s: S-A holds 50 000, S-B nothing yet
  const got = service.getKeys('bj', 'vi', 4, 256);
  assert.not.ok(got.ok);
  assert.equal(service.run.pools().map((p) => p.consumedBits), [0, 0, 0, 0]);
  assert.is(service.ledger.get('bj')!.deliveredBits, 0);
});

test('getKeys spends number x size on all four hops at the wall clock\'s simulated time; the store keeps the keys 600 s (the satellite\'s lifetime)', () => {
  const { service, setWallMs } = network();
  setWallMs(250);
  const got = service.getKeys('bj', 'vi', 4, 256);
  assert.ok(got.ok);
  if (!got.ok) return;
  assert.is(got.tMs, 250_000);
  assert.equal(got.links, ['beijing-A', 'S-A', 'S-B', 'B-vienna']);
  assert.equal(service.run.pools().map((p) => p.consumedBits), [1024, 1024, 1024, 1024]);
  // Taken at 250 s, on-board lifetime 600 s: collectable until just before 850 s, gone at 850 s.
  setWallMs(849);
  assert.ok(service.getKeysWithIds('vi', 'bj', [got.keys[0]!.id]).ok);
  setWallMs(850);
  assert.equal(service.getKeysWithIds('vi', 'bj', [got.keys[1]!.id]), { ok: false, status: 400, notFound: [got.keys[1]!.id] });
  assert.is(service.ledger.get('vi')!.expiredBits, 3 * 256);
  assert.is(service.ledger.get('vi')!.collectedBits, 256);
});

test('a fibre-only route has no pool lifetime: its keys live the KME\'s 60 s', () => {
  const { service, setWallMs } = network();
  setWallMs(10);
  const got = service.getKeys('bj', 'a', 1, 128);
  assert.ok(got.ok);
  if (!got.ok) return;
  assert.equal(got.links, ['beijing-A']);
  setWallMs(69);
  assert.is(service.store.size, 1);
  setWallMs(70);
  service.tick();
  assert.is(service.store.size, 0);
  assert.is(service.ledger.get('a')!.expiredBits, 128);
});

test('poolsNow() reports the levels at the current simulated time (continuous generation included)', () => {
  const { service, setWallMs } = network();
  setWallMs(37);
  service.tick();
  // LiveRun.pools() alone gives the level as of the last event (here the start), not of now.
  const stale = service.run.pools()[0]!.levelBits;
  // beijing-A: 100 000 + 1000 bit/s x 37 s.
  assert.is(service.poolsNow()[0]!.levelBits, 137_000);
  assert.ok(stale <= 137_000, `stale ${stale}`);
  assert.is(service.run.nowMs, 37_000);
});

test('capacity(master, slave, size): stored and maximum keys of the weakest pool on the keyed route', () => {
  const { service, setWallMs } = network();
  setWallMs(250);
  // Weakest pool: S-B with 40 000 bits (capacity 1 000 000): 40 000 / 256 = 156 keys, max 3906.
  assert.equal(service.capacity('bj', 'vi', 256), { storedKeyCount: 156, maxKeyCount: 3906 });
  setWallMs(120); // no change: time never goes back
  assert.equal(service.capacity('bj', 'a', 1000), { storedKeyCount: 350, maxKeyCount: 1000 });
});

test.run();
