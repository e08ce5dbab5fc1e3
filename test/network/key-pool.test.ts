import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyPool } from '../../sim/network/index.js';

const p = suite('KeyPool(id, config)');
p('carries fractional accrual forward and never drops it: exact on binary fractions', () => {
  // 0.375 = 3/8 is exact in binary, so every partial sum is exact: after k accruals the pool holds
  // floor(3k/8) whole bits and carries the rest, 3k/8 - floor(3k/8), by hand.
  const pool = new KeyPool('x', { capacityBits: 1000, initialBits: 0, warningBits: 10 });
  for (let k = 1; k <= 1000; k++) {
    pool.accrue(0.375);
    assert.is(pool.levelBits, Math.floor((3 * k) / 8), `level after ${k}`);
    assert.is(pool.carryBits, (3 * k) / 8 - Math.floor((3 * k) / 8), `carry after ${k}`);
  }
  assert.is(pool.levelBits, 375);
  assert.is(pool.generatedBits, 375);
  assert.ok(pool.ledgerBalanced());
});
p('never drops a fraction that is not exact in binary either: whole bits plus carry equal the sum to 1e-9 bit', () => {
  // 0.3 is not a binary fraction: each accrual rounds, but only in the last place of the carry, so
  // after 1000 of them level + carry is 300 within 1000 x 2^-52 x 1 bit, far under 1e-9 bit. A
  // dropped fraction would show as a whole bit missing.
  const pool = new KeyPool('x', { capacityBits: 1000, initialBits: 0, warningBits: 10 });
  for (let i = 0; i < 1000; i++) pool.accrue(0.3);
  assert.ok(Math.abs(pool.levelBits + pool.carryBits - 300) < 1e-9, `level ${pool.levelBits} + carry ${pool.carryBits}`);
  assert.ok(pool.ledgerBalanced());
});
p('discards only what exceeds the capacity after takes over the same interval', () => {
  const pool = new KeyPool('x', { capacityBits: 100, initialBits: 90, warningBits: 10 });
  pool.accrue(50);
  pool.take(30);
  assert.is(pool.settle(), 10);
  assert.equal([pool.levelBits, pool.generatedBits, pool.consumedBits, pool.discardedBits], [100, 50, 30, 10]);
  assert.ok(pool.ledgerBalanced());
});
p('add(bits) discards the excess of a lump at once', () => {
  const pool = new KeyPool('x', { capacityBits: 100, initialBits: 0, warningBits: 10 });
  assert.is(pool.add(150), 50);
  assert.is(pool.levelBits, 100);
  assert.ok(pool.ledgerBalanced());
});
p('state is EMPTY at 0, WARNING below the warning level, READY again only at twice the warning level', () => {
  const pool = new KeyPool('x', { capacityBits: 100, initialBits: 0, warningBits: 10 });
  assert.is(pool.state, 'EMPTY');
  pool.add(9);
  assert.is(pool.state, 'WARNING');
  pool.add(1);
  assert.is(pool.state, 'WARNING', 'hysteresis: 10 bits is not yet the resume level');
  pool.add(10);
  assert.is(pool.state, 'READY');
  pool.take(10);
  assert.is(pool.state, 'READY', 'READY down to the warning level');
  pool.take(1);
  assert.is(pool.state, 'WARNING');
});
p('rejects taking more than it holds, fractional lumps and bad settings', () => {
  const pool = new KeyPool('x', { capacityBits: 100, initialBits: 5, warningBits: 10 });
  assert.throws(() => pool.take(6), /cannot take 6 bits from 5/);
  assert.throws(() => pool.add(1.5), /whole number/);
  assert.throws(() => pool.accrue(-1), />= 0/);
  assert.throws(() => new KeyPool('y', { capacityBits: 10, initialBits: 11, warningBits: 1 }), /initial bits/);
});
p.run();
