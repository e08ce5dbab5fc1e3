import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { brentRoot, findCrossings, findMaxima, goldenMax, newtonRoot } from '../../sim/orbit/search.js';
import { assertInDelta } from '../helpers.js';

const ONE_MS = 1;

const brent = suite('brentRoot(f, a, b, fa, fb, tol)');
brent('finds the root of cos on [0, 3000] ms scaled to seconds (pi/2 s) within 1 ms', () => {
  const f = (t: number) => Math.cos(t / 1000);
  assertInDelta(brentRoot(f, 0, 3000, f(0), f(3000), ONE_MS), (Math.PI / 2) * 1000, ONE_MS, 'root ms');
});
brent('finds the single real root of a cubic with a flat region', () => {
  // (t - 1234.5)^3 + (t - 1234.5): one real root at 1234.5.
  const f = (t: number) => (t - 1234.5) ** 3 + (t - 1234.5);
  assertInDelta(brentRoot(f, -1e4, 1e4, f(-1e4), f(1e4), ONE_MS), 1234.5, ONE_MS, 'root ms');
});
brent('counts few evaluations on a smooth function', () => {
  let n = 0;
  const f = (t: number) => (n++, Math.tanh((t - 777) / 200));
  brentRoot(f, 0, 283_000, f(0), f(283_000), ONE_MS);
  assert.ok(n < 40, `evaluations: ${n}`);
});
brent('returns an end that is exactly a root, and rejects a non-bracket', () => {
  assert.is(brentRoot((t) => t - 5, 5, 10, 0, 5), 5);
  assert.throws(() => brentRoot((t) => t * t + 1, -1, 1, 2, 2), /must bracket a root/);
});
brent.run();

const newton = suite('newtonRoot(fdf, a, b, fa, fb, tol)');
newton('uses the derivative and stays inside the bracket', () => {
  let n = 0;
  const fdf = (t: number, out: Float64Array) => {
    n++;
    out[0] = 2 * t;
    return t * t - 2e6; // root sqrt(2e6) = 1414.2135...
  };
  const r = newtonRoot(fdf, 0, 5000, -2e6, 23e6, 1e-3);
  assertInDelta(r, Math.sqrt(2e6), 1e-3, 'root');
  assert.ok(n < 15, `evaluations: ${n}`);
});
newton('falls back to bisection where Newton would leave the bracket (f = atan)', () => {
  const fdf = (t: number, out: Float64Array) => {
    out[0] = 1 / (1 + (t / 1000 - 3) ** 2) / 1000;
    return Math.atan(t / 1000 - 3);
  };
  assertInDelta(newtonRoot(fdf, -50_000, 90_000, Math.atan(-53), Math.atan(87), ONE_MS), 3000, ONE_MS, 'root');
});
newton.run();

const crossings = suite('findCrossings(g, t0, t1, {stepMs})');
crossings('finds every zero of sin(t) on [0, 10 s] with the direction of each', () => {
  const g = (t: number) => Math.sin(t / 1000);
  const found = findCrossings(g, 0.5, 10_000, { stepMs: 500, toleranceMs: 0.01 });
  assert.equal(found.map((c) => c.rising), [false, true, false]);
  found.forEach((c, i) => assertInDelta(c.tMs, (i + 1) * Math.PI * 1000, 0.01, `zero ${i}`));
});
crossings('returns nothing for a function that never changes sign', () => {
  assert.equal(findCrossings(() => 1, 0, 1000, { stepMs: 100 }), []);
});
crossings('rejects a reversed window and a non-positive step', () => {
  assert.throws(() => findCrossings(() => 1, 10, 0, { stepMs: 1 }), /before its start/);
  assert.throws(() => findCrossings(() => 1, 0, 10, { stepMs: 0 }), /step must be > 0/);
});
crossings.run();

const maxima = suite('findMaxima(f, t0, t1, {stepMs})');
maxima('finds the interior maxima of a sum of Gaussians, not the window edges', () => {
  const bump = (t: number, c: number, w: number) => Math.exp(-(((t - c) / w) ** 2));
  const f = (t: number) => bump(t, 2000, 300) + 0.5 * bump(t, 7000, 800) - t / 1e6;
  const found = findMaxima(f, 0, 10_000, { stepMs: 100, toleranceMs: 0.01 });
  assert.is(found.length, 2);
  assertInDelta(found[0]!.tMs, 2000, 0.5, 'first maximum');
  assertInDelta(found[1]!.tMs, 7000, 2, 'second maximum');
  assert.equal(findMaxima((t) => t, 0, 1000, { stepMs: 10 }), [], 'a monotone function has no interior maximum');
});
maxima.run();

const golden = suite('goldenMax(f, a, b, tol)');
golden('finds the vertex of a parabola to the tolerance', () => {
  assertInDelta(goldenMax((t) => -((t - 4321.25) ** 2), 0, 10_000, 0.001), 4321.25, 0.001, 'vertex');
});
golden.run();
