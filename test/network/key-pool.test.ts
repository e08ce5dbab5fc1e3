import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyPool } from '../../sim/network/index.js';

const p = suite('KeyPool(id, config)');
p('carries fractional accrual forward and never drops it', () => {
  const pool = new KeyPool('x', { capacityBits: 1000, initialBits: 0, warningBits: 10 });
  for (let i = 0; i < 1000; i++) pool.accrue(0.3);
  // 1000 x 0.3 = 300 bits exactly over the run, whatever the floating-point path (carry < 1).
  assert.ok(pool.levelBits === 300 || pool.levelBits === 299, `level ${pool.levelBits}`);
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
