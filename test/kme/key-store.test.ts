/** KeyStore: keys held for slave SAEs are collected once, by their own slave, all or nothing, and expire with their lifetime. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KeyStore } from '../../web/kme/key-store.js';

const test = suite('KeyStore');
const key = (id: string, bytes = 16): { id: string; key: Buffer } => ({ id, key: Buffer.alloc(bytes, id.charCodeAt(0)) });

test('collect(slave, master, ids) hands each key once and only to its slave', () => {
  const s = new KeyStore(10);
  s.add('a', 'b', [key('k1'), key('k2')], 0, 1000);
  assert.equal(s.collect('c', 'a', ['k1'], 1), { ok: false, status: 401 });
  assert.is(s.size, 2, 'a refused request removes nothing');
  const got = s.collect('b', 'a', ['k2', 'k1'], 1);
  assert.ok(got.ok);
  if (got.ok) assert.equal(got.keys.map((k) => k.id), ['k2', 'k1']);
  assert.equal(s.collect('b', 'a', ['k1'], 2), { ok: false, status: 400, notFound: ['k1'] });
  assert.is(s.size, 0);
});

test('collect is all or nothing: one unknown id, or a wrong master, keeps every key', () => {
  const s = new KeyStore(10);
  s.add('a', 'b', [key('k1')], 0, 1000);
  assert.equal(s.collect('b', 'a', ['k1', 'nope'], 1), { ok: false, status: 400, notFound: ['nope'] });
  assert.equal(s.collect('b', 'x', ['k1'], 1), { ok: false, status: 400, notFound: ['k1'] });
  assert.is(s.pending('a', 'b'), 1);
  assert.ok(s.collect('b', 'a', ['k1'], 1).ok);
});

test('expire(tMs) destroys keys at their lifetime, per lifetime queue, and reports the bits', () => {
  const expired: [string, string, number][] = [];
  const s = new KeyStore(10, (m, sl, bits) => expired.push([m, sl, bits]));
  s.add('a', 'b', [key('short', 32)], 0, 100); // expires at 100
  s.add('a', 'b', [key('long', 16)], 10, 1000); // expires at 1010
  s.add('a', 'b', [key('short2', 16)], 50, 100); // expires at 150
  assert.is(s.expire(99), 0);
  assert.is(s.expire(100), 256);
  assert.equal(s.collect('b', 'a', ['short2'], 149).ok, true, 'collected before its expiry');
  assert.is(s.expire(1009), 0, 'short2 was collected: nothing more expires before 1010');
  assert.is(s.expire(1010), 128);
  assert.equal(expired, [['a', 'b', 256], ['a', 'b', 128]]);
  assert.is(s.size, 0);
});

test('a collection at or after the expiry instant finds nothing', () => {
  const s = new KeyStore(10);
  s.add('a', 'b', [key('k')], 0, 100);
  assert.equal(s.collect('b', 'a', ['k'], 100), { ok: false, status: 400, notFound: ['k'] });
});

test('room(master, slave) bounds the keys held per pair; add refuses beyond it', () => {
  const s = new KeyStore(3);
  s.add('a', 'b', [key('1'), key('2')], 0, 10);
  assert.is(s.room('a', 'b'), 1);
  assert.is(s.room('b', 'a'), 3, 'per direction');
  assert.throws(() => s.add('a', 'b', [key('3'), key('4')], 0, 10), /2 keys do not fit \(1 left for a -> b\)/);
  assert.throws(() => s.add('b', 'a', [key('1')], 0, 10), /key_ID 1 is in use/);
});

test.run();
