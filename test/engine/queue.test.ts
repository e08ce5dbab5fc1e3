/** Tests of sim/engine/queue.ts: heap order, tie-breaks, lazy cancellation, compaction. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue } from '../../sim/engine/queue.js';
import type { QueueEntry } from '../../sim/engine/queue.js';
import { RandomStreams } from '../../sim/engine/rng.js';

/** Reference order: what a stable sort by (tMs, priority) of the insertion sequence gives. */
function byKey<T>(a: QueueEntry<T>, b: QueueEntry<T>): number {
  return a.tMs - b.tMs || a.priority - b.priority || a.seq - b.seq;
}

function drain<T>(queue: EventQueue<T>): QueueEntry<T>[] {
  const out: QueueEntry<T>[] = [];
  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) out.push(entry);
  return out;
}

const queue = suite('EventQueue');

queue('push/pop returns 5000 seeded random entries in the order of a stable sort', () => {
  const rng = new RandomStreams(20240611).stream('test:queue-order');
  const q = new EventQueue<number>();
  const pushed: QueueEntry<number>[] = [];
  // Few distinct times and priorities, so ties are common and the seq tie-break is exercised.
  for (let i = 0; i < 5000; i++) pushed.push(q.push(rng.int(0, 200), rng.int(0, 3), i));
  assert.is(q.size, 5000);
  const expected = [...pushed].sort(byKey).map((entry) => entry.event);
  assert.equal(drain(q).map((entry) => entry.event), expected);
  assert.is(q.size, 0);
});

queue('push/pop stays ordered when pushes and pops interleave', () => {
  const rng = new RandomStreams('interleave').stream('test:queue');
  const q = new EventQueue<number>();
  const shadow: QueueEntry<number>[] = [];
  for (let i = 0; i < 3000; i++) {
    if (shadow.length > 0 && rng.bernoulli(0.4)) {
      shadow.sort(byKey);
      assert.is(q.pop(), shadow.shift());
    } else {
      shadow.push(q.push(rng.int(0, 1000), rng.int(0, 2), i));
    }
  }
  shadow.sort(byKey);
  assert.equal(drain(q), shadow);
});

queue('push(t, p, e) at equal (tMs, priority) pops in insertion order', () => {
  const q = new EventQueue<string>();
  for (const name of ['a', 'b', 'c', 'd', 'e']) q.push(10, 1, name);
  assert.equal(drain(q).map((entry) => entry.event), ['a', 'b', 'c', 'd', 'e']);
});

queue('push(t, p, e) breaks equal tMs by priority, lower first, whatever the insertion order', () => {
  const q = new EventQueue<string>();
  q.push(5, 1, 'normal-first');
  q.push(5, 0, 'urgent');
  q.push(4, 1, 'earlier');
  q.push(5, 1, 'normal-second');
  assert.equal(drain(q).map((entry) => entry.event), ['earlier', 'urgent', 'normal-first', 'normal-second']);
});

queue('push(t, p, e) never compares payloads (objects without an order still work)', () => {
  const q = new EventQueue<{ id: symbol }>();
  const a = { id: Symbol('a') };
  const b = { id: Symbol('b') };
  q.push(1, 1, a);
  q.push(1, 1, b);
  assert.is(q.pop()?.event, a);
  assert.is(q.pop()?.event, b);
});

queue('push(NaN, ...) and push(t, Infinity, ...) throw RangeError naming the value', () => {
  const q = new EventQueue<number>();
  assert.throws(() => q.push(Number.NaN, 0, 1), (error: unknown) => error instanceof RangeError && /tMs.*NaN/.test(error.message));
  assert.throws(() => q.push(1, Infinity, 1), (error: unknown) => error instanceof RangeError && /priority.*Infinity/.test(error.message));
  assert.is(q.size, 0);
});

queue('cancel(entry) means the entry is never popped and peek skips it', () => {
  const q = new EventQueue<string>();
  const first = q.push(1, 1, 'first');
  q.push(2, 1, 'second');
  assert.ok(q.cancel(first));
  assert.ok(first.cancelled);
  assert.is(q.size, 1);
  assert.is(q.peek()?.event, 'second');
  assert.equal(drain(q).map((entry) => entry.event), ['second']);
});

queue('cancel(entry) returns false the second time and after the entry was popped', () => {
  const q = new EventQueue<string>();
  const a = q.push(1, 1, 'a');
  const b = q.push(2, 1, 'b');
  assert.ok(q.cancel(a));
  assert.not.ok(q.cancel(a));
  assert.is(q.pop(), b);
  assert.ok(b.popped);
  assert.not.ok(q.cancel(b));
  assert.is(q.size, 0);
});

queue('cancel(entry) of another queue throws instead of corrupting the live count', () => {
  const q1 = new EventQueue<string>();
  const q2 = new EventQueue<string>();
  const entry = q1.push(1, 1, 'x');
  assert.throws(() => q2.cancel(entry), /another queue/);
  assert.is(q1.size, 1);
});

queue('peek()/pop() return undefined when only cancelled entries remain', () => {
  const q = new EventQueue<string>();
  const entries = [q.push(3, 1, 'a'), q.push(1, 1, 'b'), q.push(2, 0, 'c')];
  for (const entry of entries) q.cancel(entry);
  assert.is(q.size, 0);
  assert.is(q.peek(), undefined);
  assert.is(q.pop(), undefined);
  assert.is(q.storedCount, 0);
});

queue('cancel(entry) of most entries compacts storage and keeps the order of the rest', () => {
  const rng = new RandomStreams(7).stream('test:compaction');
  const q = new EventQueue<number>();
  const entries: QueueEntry<number>[] = [];
  for (let i = 0; i < 4000; i++) entries.push(q.push(rng.int(0, 100_000), 1, i));
  const kept = entries.filter((_, i) => i % 10 === 0);
  for (let i = 0; i < entries.length; i++) if (i % 10 !== 0) q.cancel(entries[i]!);
  assert.is(q.size, 400);
  // Compaction happens once stale entries pass half of storage; afterwards few stale ones remain.
  assert.ok(q.storedCount < 2 * 400 + 1024, `storedCount ${q.storedCount} should have been compacted`);
  assert.equal(drain(q), kept.sort(byKey));
});

queue.run();
