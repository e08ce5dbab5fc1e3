/** Tests of sim/engine/simulation.ts: clock, ordering, until semantics, cancellation, errors. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, SimulationError, URGENT, NORMAL } from '../../sim/engine/simulation.js';
import type { EventHandle } from '../../sim/engine/simulation.js';

type Ev =
  | { kind: 'mark'; label: string }
  | { kind: 'chain'; remaining: number }
  | { kind: 'boom'; reason: string }
  | { kind: 'orphan' };

/** A simulation whose `mark` handler records `label@tMs`. */
function recording(startMs = 0): { sim: Simulation<Ev>; log: string[] } {
  const log: string[] = [];
  const sim = new Simulation<Ev>({ startMs });
  sim.on('mark', (event, s) => void log.push(`${event.label}@${s.nowMs}`));
  return { sim, log };
}

const mark = (label: string): Ev => ({ kind: 'mark', label });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.unreachable('expected a throw');
  return undefined;
}

const simulation = suite('Simulation');

simulation('URGENT and NORMAL are 0 and 1: lower priority values run first', () => {
  assert.is(URGENT, 0);
  assert.is(NORMAL, 1);
});

simulation('new Simulation() starts at 0 ms with empty stats', () => {
  const sim = new Simulation<Ev>();
  assert.is(sim.nowMs, 0);
  assert.equal(sim.stats, { processed: 0, scheduled: 0, cancelled: 0, pending: 0 });
  assert.is(sim.peek(), Infinity);
});

simulation('new Simulation({startMs}) starts the clock there and rejects non-integers', () => {
  assert.is(new Simulation<Ev>({ startMs: 5000 }).nowMs, 5000);
  assert.throws(() => new Simulation<Ev>({ startMs: 1.5 }), (e: unknown) => e instanceof RangeError && /startMs.*1\.5/.test(e.message));
});

simulation('new Simulation({onEvent}) traces each event before its handler, with the clock at tMs', () => {
  const seen: string[] = [];
  const sim = new Simulation<Ev>({ onEvent: (tMs, event) => void seen.push(`trace ${event.kind}@${tMs}`) });
  sim.on('mark', (event, s) => void seen.push(`handle ${event.label}@${s.nowMs}`));
  sim.schedule(7, mark('x'));
  sim.run();
  assert.equal(seen, ['trace mark@7', 'handle x@7']);
});

simulation('on(kind, handler) twice for one kind throws', () => {
  const sim = new Simulation<Ev>();
  sim.on('mark', () => {});
  assert.throws(() => sim.on('mark', () => {}), /"mark" is already registered/);
});

simulation('on(kind, handler) may come after events of that kind were scheduled', () => {
  const sim = new Simulation<Ev>();
  sim.schedule(1, { kind: 'orphan' });
  let ran = 0;
  sim.on('orphan', () => void ran++);
  sim.run();
  assert.is(ran, 1);
});

simulation('schedule(delayMs, e) fires at nowMs + delayMs and equal times run in insertion order', () => {
  const { sim, log } = recording(100);
  sim.schedule(20, mark('late'));
  sim.schedule(10, mark('a'));
  sim.schedule(10, mark('b'));
  sim.schedule(10, mark('c'));
  sim.run();
  assert.equal(log, ['a@110', 'b@110', 'c@110', 'late@120']);
});

simulation('schedule(d, e, URGENT) runs before NORMAL at the same tMs, but priority never beats time', () => {
  const { sim, log } = recording();
  sim.schedule(5, mark('normal'), NORMAL);
  sim.schedule(5, mark('urgent'), URGENT);
  sim.schedule(4, mark('earlier-normal'));
  sim.schedule(6, mark('later-urgent'), URGENT);
  sim.run();
  assert.equal(log, ['earlier-normal@4', 'urgent@5', 'normal@5', 'later-urgent@6']);
});

simulation('schedule(0, e) from a handler runs in the same instant after queued events of that priority', () => {
  const { sim, log } = recording();
  sim.on('chain', (_event, s) => {
    log.push(`chain@${s.nowMs}`);
    s.schedule(0, mark('from-handler-normal'));
    s.schedule(0, mark('from-handler-urgent'), URGENT);
  });
  sim.schedule(10, { kind: 'chain', remaining: 0 });
  sim.schedule(10, mark('queued-normal'));
  sim.run();
  assert.equal(log, ['chain@10', 'from-handler-urgent@10', 'queued-normal@10', 'from-handler-normal@10']);
});

simulation('scheduleAt(tMs, e) before nowMs throws RangeError naming both times', () => {
  const { sim } = recording(1000);
  const error = caught(() => sim.scheduleAt(999, mark('x')));
  assert.instance(error, RangeError);
  assert.match((error as Error).message, /t=999 ms.*t=1000 ms/);
  assert.is(sim.stats.scheduled, 0);
});

simulation('scheduleAt(nowMs, e) is allowed and runs now', () => {
  const { sim, log } = recording(50);
  sim.scheduleAt(50, mark('now'));
  assert.is(sim.run(), 1);
  assert.equal(log, ['now@50']);
});

simulation('schedule(delayMs) with a negative or non-integer delay throws RangeError naming the value', () => {
  const { sim } = recording();
  for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
    const error = caught(() => sim.schedule(bad, mark('x')));
    assert.instance(error, RangeError);
    assert.ok((error as Error).message.includes(`got ${bad}`), (error as Error).message);
  }
  assert.throws(() => sim.scheduleAt(10.25, mark('x')), (e: unknown) => e instanceof RangeError && /got 10\.25/.test(e.message));
  assert.throws(() => sim.schedule(1, mark('x'), 0.5), (e: unknown) => e instanceof RangeError && /priority.*0\.5/.test(e.message));
  const later = recording(10).sim;
  assert.throws(() => later.schedule(Number.MAX_SAFE_INTEGER, mark('x')), (e: unknown) => e instanceof RangeError && /safe integer range/.test(e.message));
});

simulation('schedule(d, e) stores the event by reference without cloning', () => {
  const sim = new Simulation<Ev>();
  const event = mark('same');
  let received: Ev | undefined;
  sim.on('mark', (e) => void (received = e));
  sim.schedule(1, event);
  sim.run();
  assert.is(received, event);
});

simulation('cancel(handle) means the event never runs; it returns true once, then false', () => {
  const { sim, log } = recording();
  const handle = sim.schedule(5, mark('cancelled'));
  sim.schedule(6, mark('kept'));
  assert.ok(handle.pending);
  assert.ok(sim.cancel(handle));
  assert.not.ok(handle.pending);
  assert.not.ok(sim.cancel(handle));
  assert.is(sim.peek(), 6);
  sim.run();
  assert.equal(log, ['kept@6']);
  assert.equal(sim.stats, { processed: 1, scheduled: 2, cancelled: 1, pending: 0 });
});

simulation('cancel(handle) after the event ran returns false', () => {
  const { sim } = recording();
  const handle = sim.schedule(1, mark('ran'));
  sim.run();
  assert.not.ok(handle.pending);
  assert.not.ok(sim.cancel(handle));
});

simulation('cancel(handle) from a handler stops a later event in the same instant', () => {
  const { sim, log } = recording();
  let victim: EventHandle | undefined;
  sim.on('chain', (_e, s) => void (victim !== undefined && s.cancel(victim)));
  sim.schedule(3, { kind: 'chain', remaining: 0 });
  victim = sim.schedule(3, mark('victim'));
  sim.run();
  assert.equal(log, []);
});

simulation('cancel(handle) of another Simulation or a forged handle throws', () => {
  const a = recording().sim;
  const b = recording().sim;
  const handle = a.schedule(1, mark('x'));
  assert.throws(() => b.cancel(handle), /not returned by this Simulation/);
  assert.throws(() => a.cancel({ tMs: 1, kind: 'mark', priority: 1, pending: true }), /not returned by this Simulation/);
  assert.is(a.stats.pending, 1);
});

simulation('peek() gives the next live tMs, Infinity when empty; step() dispatches one event', () => {
  const { sim, log } = recording();
  assert.is(sim.peek(), Infinity);
  assert.not.ok(sim.step());
  sim.schedule(30, mark('b'));
  sim.schedule(10, mark('a'));
  assert.is(sim.peek(), 10);
  assert.ok(sim.step());
  assert.is(sim.nowMs, 10);
  assert.is(sim.peek(), 30);
  assert.ok(sim.step());
  assert.not.ok(sim.step());
  assert.is(sim.nowMs, 30);
  assert.equal(log, ['a@10', 'b@30']);
});

simulation('step() from inside a handler throws (no nested loops)', () => {
  const sim = new Simulation<Ev>();
  sim.on('chain', (_e, s) => void s.step());
  sim.schedule(1, { kind: 'chain', remaining: 0 });
  const error = caught(() => sim.run());
  assert.instance(error, SimulationError);
  assert.match(((error as SimulationError).cause as Error).message, /inside an event handler/);
});

simulation('run() processes until the queue is empty and returns the count', () => {
  const sim = new Simulation<Ev>();
  sim.on('chain', (event, s) => {
    if (event.remaining > 0) s.schedule(1000, { kind: 'chain', remaining: event.remaining - 1 });
  });
  sim.schedule(0, { kind: 'chain', remaining: 4 });
  assert.is(sim.run(), 5);
  assert.is(sim.nowMs, 4000);
  assert.equal(sim.stats, { processed: 5, scheduled: 5, cancelled: 0, pending: 0 });
});

simulation('run({untilMs}) leaves events at untilMs queued, whatever their priority', () => {
  const { sim, log } = recording();
  sim.schedule(99, mark('before'));
  sim.schedule(100, mark('at-normal'));
  sim.schedule(100, mark('at-urgent'), URGENT);
  assert.is(sim.run({ untilMs: 100 }), 1);
  assert.equal(log, ['before@99']);
  assert.is(sim.peek(), 100);
  assert.is(sim.stats.pending, 2);
});

simulation('run({untilMs}) advances the clock to untilMs even when the queue empties earlier', () => {
  const { sim } = recording();
  sim.schedule(10, mark('a'));
  sim.run({ untilMs: 5000 });
  assert.is(sim.nowMs, 5000);
  assert.is(new Simulation<Ev>().run({ untilMs: 250 }), 0);
});

simulation('run({untilMs}) then run() resumes with the events left at untilMs', () => {
  const { sim, log } = recording();
  sim.schedule(100, mark('at-normal'));
  sim.schedule(100, mark('at-urgent'), URGENT);
  sim.schedule(150, mark('after'));
  sim.run({ untilMs: 100 });
  assert.is(sim.nowMs, 100);
  assert.is(sim.run({ untilMs: 101 }), 2);
  assert.equal(log, ['at-urgent@100', 'at-normal@100']);
  sim.run();
  assert.equal(log, ['at-urgent@100', 'at-normal@100', 'after@150']);
});

simulation('run({untilMs}) windows tile: consecutive windows see each event exactly once', () => {
  const { sim, log } = recording();
  for (let t = 0; t <= 1000; t += 50) sim.scheduleAt(t, mark(String(t)));
  let total = 0;
  for (let end = 100; end <= 1100; end += 100) total += sim.run({ untilMs: end });
  assert.is(total, 21);
  assert.equal(log.length, 21);
});

simulation('run({untilMs}) includes events that handlers schedule inside the window', () => {
  const sim = new Simulation<Ev>();
  const times: number[] = [];
  sim.on('chain', (event, s) => {
    times.push(s.nowMs);
    if (event.remaining > 0) s.schedule(30, { kind: 'chain', remaining: event.remaining - 1 });
  });
  sim.schedule(0, { kind: 'chain', remaining: 10 });
  sim.run({ untilMs: 90 });
  assert.equal(times, [0, 30, 60]);
  assert.is(sim.peek(), 90);
});

simulation('run({untilMs}) with untilMs < nowMs throws RangeError naming both times', () => {
  const { sim } = recording(500);
  const error = caught(() => sim.run({ untilMs: 499 }));
  assert.instance(error, RangeError);
  assert.match((error as Error).message, /t=499 ms.*t=500 ms/);
  assert.is(sim.run({ untilMs: 500 }), 0);
  assert.throws(() => sim.run({ untilMs: 600.5 }), (e: unknown) => e instanceof RangeError && /600\.5/.test(e.message));
});

simulation('run() with a throwing handler stops and rethrows SimulationError with tMs, kind and cause', () => {
  const { sim, log } = recording();
  const original = new TypeError('link budget is negative');
  sim.on('boom', () => {
    throw original;
  });
  sim.schedule(12345, { kind: 'boom', reason: 'x' });
  sim.schedule(20000, mark('after'));
  const error = caught(() => sim.run());
  assert.instance(error, SimulationError);
  const simError = error as SimulationError;
  assert.match(simError.message, /t=12345 ms/);
  assert.match(simError.message, /"boom"/);
  assert.match(simError.message, /link budget is negative/);
  assert.is(simError.tMs, 12345);
  assert.is(simError.kind, 'boom');
  assert.is(simError.cause, original);
  assert.is(simError.name, 'SimulationError');
  assert.is(sim.nowMs, 12345);
  assert.equal(log, []);
  assert.is(sim.stats.pending, 1);
});

simulation('run() with a handler throwing a non-Error still wraps it and keeps it as cause', () => {
  const sim = new Simulation<Ev>();
  sim.on('boom', () => {
    throw 'plain string';
  });
  sim.schedule(1, { kind: 'boom', reason: 'x' });
  const error = caught(() => sim.run({ untilMs: 10 })) as SimulationError;
  assert.instance(error, SimulationError);
  assert.is(error.cause, 'plain string');
  assert.is(sim.nowMs, 1);
});

simulation('run() reaching an event whose kind has no handler throws SimulationError', () => {
  const { sim } = recording();
  sim.schedule(42, { kind: 'orphan' });
  const error = caught(() => sim.run()) as SimulationError;
  assert.instance(error, SimulationError);
  assert.is(error.kind, 'orphan');
  assert.match(error.message, /t=42 ms, event "orphan": no handler.*registered: mark/);
});

simulation('run() with a throwing onEvent hook throws SimulationError before the handler runs', () => {
  let handled = false;
  const sim = new Simulation<Ev>({
    onEvent: () => {
      throw new Error('trace disk full');
    },
  });
  sim.on('mark', () => void (handled = true));
  sim.schedule(3, mark('x'));
  const error = caught(() => sim.run()) as SimulationError;
  assert.instance(error, SimulationError);
  assert.match(error.message, /t=3 ms, event "mark": onEvent hook threw.*trace disk full/);
  assert.not.ok(handled);
});

simulation('run() is repeatable: two identical simulations give identical logs', () => {
  const once = (): string[] => {
    const { sim, log } = recording();
    sim.on('chain', (event, s) => {
      for (let i = 0; i < 3; i++) s.schedule((event.remaining * 7 + i) % 5, mark(`${event.remaining}.${i}`), i % 2);
      if (event.remaining > 0) s.schedule(2, { kind: 'chain', remaining: event.remaining - 1 });
    });
    sim.schedule(0, { kind: 'chain', remaining: 20 });
    sim.run();
    return log;
  };
  const first = once();
  assert.equal(once(), first);
  assert.is(first.length, 63);
});

const simulationError = suite('SimulationError');

simulationError('new SimulationError(tMs, kind, reason, {cause}) formats t=<tMs> ms and the kind', () => {
  const cause = new Error('inner');
  const error = new SimulationError(86_400_000, 'passStart', 'something failed', { cause });
  assert.instance(error, Error);
  assert.is(error.message, 't=86400000 ms, event "passStart": something failed');
  assert.is(error.tMs, 86_400_000);
  assert.is(error.kind, 'passStart');
  assert.is(error.cause, cause);
  assert.is(error.name, 'SimulationError');
});

simulation.run();
simulationError.run();
