/**
 * Tests of sim/engine/rng.ts: the xoshiro128** known answers, stream derivation, determinism and
 * independence of named streams, distribution statistics, parameter errors.
 *
 * Statistical checks use fixed seeds, so they are deterministic; the tolerances are what a correct
 * generator passes with high probability for *any* seed: means and variances within 4 standard
 * errors (two-sided p ≈ 6e-5), chi-square below its p = 0.001 critical value.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomStreams, Rng, deriveStreamState, logFactorial } from '../../sim/engine/rng.js';
import type { RngState } from '../../sim/engine/rng.js';
import { REPO_ROOT, assertInDelta } from '../helpers.js';

interface ReferenceCase {
  description: string;
  seed?: number | string;
  name?: string;
  state: [number, number, number, number];
  uint32: number[];
  next: number[];
}
const reference = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'xoshiro128ss.json'), 'utf8')) as { cases: ReferenceCase[] };

/** Draws per statistical check. */
const N = 100_000;
/** Standard errors allowed for a mean or a variance. */
const K_SE = 4;
/** Chi-square critical values at p = 0.001 by degrees of freedom (standard tables). */
const CHI2_P001: Record<number, number> = { 6: 22.458, 10: 29.588, 19: 43.82 };

function sample(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: (sumSq - n * mean * mean) / (n - 1) };
}

function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((acc, o, i) => acc + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

function take(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

function poissonPmf(mean: number, k: number): number {
  return Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
}

/** Asserts fn throws a RangeError whose message contains `text`. */
function throwsRange(fn: () => unknown, text: string): void {
  assert.throws(fn, (error: unknown) => error instanceof RangeError && error.message.includes(text), `expected RangeError naming ${text}`);
}

const rng = suite('Rng');

rng('nextUint32() matches the independent Python xoshiro128** for every reference state', () => {
  assert.ok(reference.cases.length >= 6);
  for (const c of reference.cases) assert.equal(take(new Rng(c.state), c.uint32.length), c.uint32, c.description);
});

rng('nextUint32() from state [1, 2, 3, 4] starts with the published 11520, 0, 5927040, 70819200', () => {
  assert.equal(take(new Rng([1, 2, 3, 4]), 4), [11520, 0, 5927040, 70819200]);
});

rng('next() matches the Python reference 53-bit doubles exactly', () => {
  for (const c of reference.cases) {
    const r = new Rng(c.state);
    assert.equal(c.next.map(() => r.next()), c.next, c.description);
  }
});

rng('new Rng(state) rejects the all-zero state and words outside [0, 2^32)', () => {
  throwsRange(() => new Rng([0, 0, 0, 0]), 'all-zero');
  throwsRange(() => new Rng([1, 2, 3, 2 ** 32]), `got ${2 ** 32}`);
  throwsRange(() => new Rng([1, -1, 3, 4]), 'got -1');
  throwsRange(() => new Rng([1, 2.5, 3, 4]), 'got 2.5');
});

rng('next() bins 100k draws into 20 equal bins with chi-square < 43.82 (df 19, p = 0.001)', () => {
  const r = new RandomStreams(1).stream('test:uniform');
  const counts = new Array<number>(20).fill(0);
  for (let i = 0; i < N; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    counts[Math.floor(u * 20)]!++;
  }
  const chi2 = chiSquare(counts, new Array<number>(20).fill(N / 20));
  assert.ok(chi2 < CHI2_P001[19]!, `chi-square ${chi2.toFixed(2)}`);
});

rng('uniform(a, b) stays in [a, b) with mean (a + b) / 2 within 4 standard errors', () => {
  const r = new RandomStreams(2).stream('test:uniform-ab');
  const a = -3;
  const b = 5;
  const { mean } = sample(N, () => {
    const x = r.uniform(a, b);
    assert.ok(x >= a && x < b);
    return x;
  });
  assertInDelta(mean, (a + b) / 2, (K_SE * (b - a)) / Math.sqrt(12 * N), 'uniform mean');
  assert.is(r.uniform(7, 7), 7);
});

rng('int(lo, hi) covers [lo, hi) evenly: chi-square over 7 values < 22.46 (df 6, p = 0.001)', () => {
  const r = new RandomStreams(3).stream('test:int');
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 70_000; i++) {
    const k = r.int(-3, 4);
    assert.ok(Number.isInteger(k) && k >= -3 && k < 4, `got ${k}`);
    counts[k + 3]!++;
  }
  assert.ok(chiSquare(counts, new Array<number>(7).fill(10_000)) < CHI2_P001[6]!);
  assert.is(r.int(9, 10), 9);
});

rng('int(lo, hi) with a range above 2^32 returns integers in range with the right mean', () => {
  const r = new RandomStreams(4).stream('test:int-wide');
  const hi = 2 ** 40;
  const { mean } = sample(20_000, () => {
    const k = r.int(0, hi);
    assert.ok(Number.isInteger(k) && k >= 0 && k < hi);
    return k;
  });
  assertInDelta(mean / hi, 0.5, K_SE / Math.sqrt(12 * 20_000), 'int mean / 2^40');
});

rng('bernoulli(p) has frequency p within 4 standard errors; p = 0 and p = 1 are certain', () => {
  const r = new RandomStreams(5).stream('test:bernoulli');
  const p = 0.3;
  const { mean } = sample(N, () => (r.bernoulli(p) ? 1 : 0));
  assertInDelta(mean, p, K_SE * Math.sqrt((p * (1 - p)) / N), 'bernoulli frequency');
  for (let i = 0; i < 1000; i++) {
    assert.not.ok(r.bernoulli(0));
    assert.ok(r.bernoulli(1));
  }
});

rng('exponential(mean) has mean m and variance m² within 4 standard errors', () => {
  const r = new RandomStreams(6).stream('test:exponential');
  const m = 2.5;
  const { mean, variance } = sample(N, () => r.exponential(m));
  assertInDelta(mean, m, (K_SE * m) / Math.sqrt(N), 'exponential mean');
  // Var of the sample variance: (mu4 - sigma^4) / n with mu4 = 9 m^4 for the exponential.
  assertInDelta(variance, m * m, K_SE * m * m * Math.sqrt(8 / N), 'exponential variance');
  assert.is(r.exponential(0), 0);
});

rng('normal(mean, sd) has that mean and variance sd² within 4 standard errors', () => {
  const r = new RandomStreams(7).stream('test:normal');
  const mu = 3;
  const sd = 2;
  const { mean, variance } = sample(N, () => r.normal(mu, sd));
  assertInDelta(mean, mu, (K_SE * sd) / Math.sqrt(N), 'normal mean');
  assertInDelta(variance, sd * sd, K_SE * sd * sd * Math.sqrt(2 / N), 'normal variance');
  assert.is(r.normal(1.25, 0), 1.25);
});

rng('lognormal(mu, sigma) has log-mean mu and log-variance sigma² within 4 standard errors', () => {
  const r = new RandomStreams(8).stream('test:lognormal');
  const { mean, variance } = sample(N, () => Math.log(r.lognormal(-1, 0.5)));
  assertInDelta(mean, -1, (K_SE * 0.5) / Math.sqrt(N), 'log mean');
  assertInDelta(variance, 0.25, K_SE * 0.25 * Math.sqrt(2 / N), 'log variance');
});

for (const lambda of [3, 10, 500]) {
  rng(`poisson(${lambda}) has mean and variance ${lambda} within 4 standard errors`, () => {
    const r = new RandomStreams(9).stream(`test:poisson-${lambda}`);
    const { mean, variance } = sample(N, () => {
      const k = r.poisson(lambda);
      assert.ok(Number.isInteger(k) && k >= 0, `got ${k}`);
      return k;
    });
    assertInDelta(mean, lambda, K_SE * Math.sqrt(lambda / N), 'poisson mean');
    // mu4 - sigma^4 = lambda + 2 lambda² for the Poisson distribution.
    assertInDelta(variance, lambda, K_SE * Math.sqrt((lambda + 2 * lambda * lambda) / N), 'poisson variance');
  });
}

rng('poisson(3) (Knuth) and poisson(15) (PTRS) match the pmf: chi-square below the p = 0.001 value', () => {
  // Bins: 3 → k = 0..9 and a tail k >= 10 (11 bins); 15 → k <= 6, 7..24, k >= 25 (20 bins).
  for (const [lambda, lo, hi, df] of [[3, 0, 10, 10], [15, 6, 25, 19]] as const) {
    const r = new RandomStreams(10).stream(`test:poisson-pmf-${lambda}`);
    const bins = hi - lo + 1;
    const observed = new Array<number>(bins).fill(0);
    for (let i = 0; i < N; i++) observed[Math.min(Math.max(r.poisson(lambda), lo), hi) - lo]!++;
    const expected = new Array<number>(bins).fill(0);
    let below = 0;
    for (let k = 0; k < lo; k++) below += poissonPmf(lambda, k);
    for (let k = lo; k < hi; k++) expected[k - lo] = N * poissonPmf(lambda, k);
    expected[0]! += N * below;
    expected[bins - 1] = N - expected.slice(0, bins - 1).reduce((a, b) => a + b, 0);
    const chi2 = chiSquare(observed, expected);
    assert.ok(chi2 < CHI2_P001[df]!, `poisson(${lambda}) chi-square ${chi2.toFixed(2)} (df ${df})`);
  }
});

rng('poisson(0) is 0 and a huge mean stays finite and near the mean', () => {
  const r = new RandomStreams(11).stream('test:poisson-edge');
  assert.is(r.poisson(0), 0);
  const k = r.poisson(1e12);
  assertInDelta(k, 1e12, 10 * Math.sqrt(1e12), 'poisson(1e12)');
});

rng('methods throw RangeError naming a bad parameter', () => {
  const r = new RandomStreams(12).stream('test:errors');
  throwsRange(() => r.bernoulli(1.5), 'got 1.5');
  throwsRange(() => r.bernoulli(-0.1), 'got -0.1');
  throwsRange(() => r.bernoulli(Number.NaN), 'got NaN');
  throwsRange(() => r.exponential(-1), 'mean must be finite and >= 0, got -1');
  throwsRange(() => r.normal(0, -2), 'sd must be finite and >= 0, got -2');
  throwsRange(() => r.normal(Infinity, 1), 'got Infinity');
  throwsRange(() => r.lognormal(0, -0.5), 'got -0.5');
  throwsRange(() => r.poisson(-3), 'got -3');
  throwsRange(() => r.poisson(Infinity), 'got Infinity');
  throwsRange(() => r.uniform(2, 1), 'a=2, b=1');
  throwsRange(() => r.uniform(Number.NaN, 1), 'got NaN');
  throwsRange(() => r.int(5, 5), 'lo=5, hi=5');
  throwsRange(() => r.int(0.5, 3), 'got 0.5');
  throwsRange(() => r.int(0, 2 ** 60), `got ${2 ** 60}`);
});

const streams = suite('RandomStreams');

streams('stream(name) with the same seed and name gives the same sequence', () => {
  assert.equal(take(new RandomStreams(42).stream('link:a'), 100), take(new RandomStreams(42).stream('link:a'), 100));
});

streams('stream(name) differs for a different name or a different seed', () => {
  const base = take(new RandomStreams(42).stream('link:a'), 20);
  assert.not.equal(take(new RandomStreams(42).stream('link:b'), 20), base);
  assert.not.equal(take(new RandomStreams(43).stream('link:a'), 20), base);
});

streams('stream(name) returns the same object for the same name, so draws continue', () => {
  const all = new RandomStreams('s');
  const first = all.stream('x');
  const a = first.nextUint32();
  assert.is(all.stream('x'), first);
  const fresh = new RandomStreams('s').stream('x');
  fresh.nextUint32();
  assert.is(all.stream('x').nextUint32(), fresh.nextUint32());
  assert.is.not(a, undefined);
});

streams('stream(name) draws do not change when other streams are created or used first', () => {
  const alone = take(new RandomStreams(99).stream('demand:ogs1-ogs2'), 50);
  const crowded = new RandomStreams(99);
  for (const other of ['link:ogs1-sat3', 'weather:madrid', 'aaa']) take(crowded.stream(other), 1000);
  assert.equal(take(crowded.stream('demand:ogs1-ogs2'), 50), alone);
});

streams('new RandomStreams(42) and new RandomStreams("42") are the same seed', () => {
  assert.is(new RandomStreams(42).seed, '42');
  assert.equal(take(new RandomStreams(42).stream('n'), 10), take(new RandomStreams('42').stream('n'), 10));
});

streams('stream(name) for the reference seeds matches the Python derivation and outputs', () => {
  const derived = reference.cases.filter((c) => c.seed !== undefined && c.name !== undefined);
  assert.ok(derived.length >= 3);
  for (const c of derived) assert.equal(take(new RandomStreams(c.seed!).stream(c.name!), c.uint32.length), c.uint32, c.description);
});

streams('new RandomStreams(seed) rejects a non-integer number and a seed containing U+0000', () => {
  throwsRange(() => new RandomStreams(1.5), 'got 1.5');
  throwsRange(() => new RandomStreams(Number.NaN), 'got NaN');
  throwsRange(() => new RandomStreams('a\u0000b'), 'U+0000');
});

const derive = suite('deriveStreamState');

derive('deriveStreamState(seed, name) equals the Python SHA-256 derivation, UTF-8 names included', () => {
  for (const c of reference.cases.filter((x) => x.seed !== undefined)) {
    const state: RngState = deriveStreamState(c.seed!, c.name!);
    assert.equal([...state], c.state, c.description);
  }
});

const logFact = suite('logFactorial');

logFact('logFactorial(k) matches Python math.lgamma(k + 1) on both sides of the table boundary', () => {
  assert.is(logFactorial(0), 0);
  assert.is(logFactorial(1), 0);
  // Reference values: Python 3.11 math.lgamma(11), lgamma(257), lgamma(1001), lgamma(1e6 + 1).
  assertInDelta(logFactorial(10), 15.104412573075514, 1e-12, 'ln 10!');
  assertInDelta(logFactorial(256), 1167.2572785628802, 1e-10, 'ln 256!');
  assertInDelta(logFactorial(1000), 5912.128178488163, 1e-9, 'ln 1000!');
  assertInDelta(logFactorial(1_000_000), 12815518.384658169, 1e-6, 'ln 1000000!');
  assertInDelta(logFactorial(256) - logFactorial(255), Math.log(256), 1e-10, 'step across the table boundary');
});

logFact('logFactorial(k) throws RangeError for a negative or fractional k', () => {
  throwsRange(() => logFactorial(-1), 'got -1');
  throwsRange(() => logFactorial(2.5), 'got 2.5');
});

rng.run();
streams.run();
derive.run();
logFact.run();
