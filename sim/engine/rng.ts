/**
 * Seeded, named random streams: one scenario seed, one independent generator per name
 * (`streams.stream('link:ogs1-sat3')`), plus the distributions the simulator draws from.
 *
 * Why named streams: each stream's state is a hash of (seed, name), not the next draws of a shared
 * generator, so adding a link or a station never shifts the numbers any other stream produces.
 *
 * Generator: xoshiro128** 1.1 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM Trans. Math. Softw. 47(4), 2021, preprint 2018). 128-bit state, period 2^128 - 1,
 * 32-bit outputs; it passes BigCrush and PractRand. Chosen over xoshiro256** because every operation
 * fits JavaScript's 32-bit integer arithmetic (no BigInt on the hot path).
 * @module
 */
import { createHash } from 'node:crypto';

/** Generator state: four unsigned 32-bit words, not all zero (the all-zero state is a fixed point). */
export type RngState = readonly [number, number, number, number];

const TWO_POW_26 = 2 ** 26;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
/** Below this mean Poisson uses Knuth's multiplication method (mean + 1 uniforms on average); from it, PTRS. */
const POISSON_PTRS_MIN_MEAN = 10;
/** log(k!) is tabulated below this k and computed with Stirling's series above. */
const LOG_FACTORIAL_TABLE_SIZE = 256;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let logFactorialTable: Float64Array | undefined;

/**
 * ln(k!) for integer k >= 0. Exact sums of logs below 256; from 256 on, Stirling's series
 * ln k! = k ln k - k + ln(2πk)/2 + 1/(12k) - 1/(360k³) + 1/(1260k⁵), whose truncation error is below
 * 1/(1680k⁷) < 1e-19 there, far under double precision.
 * @throws RangeError if k is not an integer >= 0.
 */
export function logFactorial(k: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`logFactorial: k must be an integer >= 0, got ${k}`);
  if (k < LOG_FACTORIAL_TABLE_SIZE) {
    if (logFactorialTable === undefined) {
      logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
      for (let i = 2; i < LOG_FACTORIAL_TABLE_SIZE; i++) logFactorialTable[i] = logFactorialTable[i - 1]! + Math.log(i);
    }
    return logFactorialTable[k]!;
  }
  const inv = 1 / k;
  const inv2 = inv * inv;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

function checkFinite(method: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Rng.${method}: ${name} must be a finite number, got ${value}`);
}

function checkNonNegative(method: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Rng.${method}: ${name} must be finite and >= 0, got ${value}`);
}

/**
 * One xoshiro128** stream with distribution helpers. Every method advances the state; the sequence
 * depends only on the initial state and the sequence of calls.
 */
export class Rng {
  // Kept as signed 32-bit ints (what JS bitwise operators produce); outputs are made unsigned.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * Starts a generator from an explicit state (tests, checkpoints). Normal code uses {@link RandomStreams}.
   * @throws RangeError if a word is not an integer in [0, 2^32) or all four words are zero.
   */
  constructor(state: RngState) {
    for (const word of state) {
      if (!Number.isInteger(word) || word < 0 || word >= TWO_POW_32) {
        throw new RangeError(`Rng: state words must be integers in [0, 2^32), got ${word}`);
      }
    }
    if (state.every((word) => word === 0)) throw new RangeError('Rng: the all-zero state is invalid for xoshiro128**');
    [this.s0, this.s1, this.s2, this.s3] = state.map((word) => word | 0) as [number, number, number, number];
  }

  /** Next raw output: an integer in [0, 2^32). This is the xoshiro128** step from the paper. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * Uniform double in [0, 1) with 53-bit resolution (every multiple of 2^-53 equally likely). Uses two
   * raw outputs: the top 27 bits of the first and the top 26 of the second, as in MT19937's genrand_res53.
   */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) / TWO_POW_53;
  }

  /**
   * Uniform double in [a, b), a <= b finite (a == b returns a). As with any a + (b - a)u, rounding can
   * yield b itself when b - a is tiny relative to |a|.
   */
  uniform(a: number, b: number): number {
    checkFinite('uniform', 'a', a);
    checkFinite('uniform', 'b', b);
    if (b < a) throw new RangeError(`Rng.uniform: need a <= b, got a=${a}, b=${b}`);
    return a + (b - a) * this.next();
  }

  /**
   * Uniform integer in [lo, hi), exactly unbiased (rejection sampling, not a modulo of one draw).
   * @param lo inclusive, safe integer.
   * @param hi exclusive, safe integer with 0 < hi - lo <= 2^53.
   */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo)) throw new RangeError(`Rng.int: lo must be a safe integer, got ${lo}`);
    if (!Number.isSafeInteger(hi)) throw new RangeError(`Rng.int: hi must be a safe integer, got ${hi}`);
    const range = hi - lo;
    if (range <= 0 || range > TWO_POW_53) throw new RangeError(`Rng.int: need 0 < hi - lo <= 2^53, got lo=${lo}, hi=${hi}`);
    // Accept draws below the largest multiple of range that fits, so every residue is equally likely.
    if (range <= TWO_POW_32) {
      const limit = range * Math.floor(TWO_POW_32 / range);
      let u = this.nextUint32();
      while (u >= limit) u = this.nextUint32();
      return lo + (u % range);
    }
    const limit = range * Math.floor(TWO_POW_53 / range);
    let x = this.next() * TWO_POW_53;
    while (x >= limit) x = this.next() * TWO_POW_53;
    return lo + (x % range);
  }

  /** True with probability p, p in [0, 1]. Uses one {@link next}. */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Rng.bernoulli: p must be in [0, 1], got ${p}`);
    return this.next() < p;
  }

  /** Exponential variate with the given mean (same unit as the result), mean >= 0; inversion, one draw. */
  exponential(mean: number): number {
    checkNonNegative('exponential', 'mean', mean);
    // 1 - u lies in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.next());
  }

  /**
   * Normal variate, sd >= 0. Box–Muller (1958), cosine branch only: always exactly two draws, with
   * no cached spare, so a stream's position never depends on whether the previous call was a normal.
   */
  normal(mean: number, sd: number): number {
    checkFinite('normal', 'mean', mean);
    checkNonNegative('normal', 'sd', sd);
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return mean + sd * radius * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal variate: exp of a normal(mu, sigma) (mu and sigma are of the log, not of the result). */
  lognormal(mu: number, sigma: number): number {
    checkFinite('lognormal', 'mu', mu);
    checkNonNegative('lognormal', 'sigma', sigma);
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Poisson variate (an integer count) with the given mean >= 0. Both branches are exact:
   * - mean < 10: Knuth's multiplication method (TAOCP vol. 2, 3.4.1): multiply uniforms until the
   *   product drops to e^-mean; costs mean + 1 draws on average.
   * - mean >= 10: PTRS, transformed rejection with squeeze (W. Hörmann, "The transformed rejection
   *   method for generating Poisson random variables", Insurance: Mathematics and Economics 12,
   *   1993, 39–45), valid for mean >= 10; 1.1-1.35 tries (2.3-2.7 uniforms) per variate, measured for means 10 to 5000.
   */
  poisson(mean: number): number {
    checkNonNegative('poisson', 'mean', mean);
    if (mean === 0) return 0;
    if (mean < POISSON_PTRS_MIN_MEAN) {
      const limit = Math.exp(-mean);
      let k = 0;
      let product = this.next();
      while (product > limit) {
        k++;
        product *= this.next();
      }
      return k;
    }
    return this.poissonPtrs(mean);
  }

  private poissonPtrs(mean: number): number {
    // Constants of Hörmann's algorithm PTRS, step 0 (fitted in the paper, quoted to its 4-5 digits).
    const sqrtMean = Math.sqrt(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vR = 0.9277 - 3.6224 / (b - 2);
    const logMean = Math.log(mean);
    for (;;) {
      // Step 1: a candidate k from the transformed (hat) variable U, and V for the acceptance test.
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      // Step 2: the squeeze, a box under the density where most candidates are accepted without logarithms.
      if (us >= 0.07 && v <= vR) return k;
      // Step 3: reject outside the support, and in the thin tails where the hat lies above the box.
      // (us = 0, from u = -0.5, gives k = -Infinity and is rejected here.)
      if (k < 0 || (us < 0.013 && v > us)) continue;
      // Step 4: exact test, log of the scaled V against the log of the Poisson pmf at k.
      if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }
}

/**
 * The state of stream `name` under `seed`: the first 16 bytes of SHA-256 over the UTF-8 text
 * `${seed}\u0000${name}`, read as four little-endian uint32 words (bytes 16..31 if the first 16
 * are all zero, which has probability 2^-128).
 * @throws RangeError if seed is a number that is not a safe integer, or a string containing U+0000
 *   (the separator: forbidding it in the seed makes the (seed, name) → text mapping one-to-one).
 */
export function deriveStreamState(seed: number | string, name: string): RngState {
  const seedText = seedToText(seed);
  const digest = createHash('sha256').update(`${seedText}\u0000${name}`, 'utf8').digest();
  for (const offset of [0, 16]) {
    const words = [0, 4, 8, 12].map((i) => digest.readUInt32LE(offset + i)) as [number, number, number, number];
    if (words.some((word) => word !== 0)) return words;
  }
  throw new Error(`deriveStreamState: SHA-256 of seed ${seedText} and name "${name}" is all zero`);
}

function seedToText(seed: number | string): string {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`RandomStreams: a numeric seed must be a safe integer, got ${seed}`);
    return String(seed);
  }
  if (seed.includes('\u0000')) throw new RangeError(`RandomStreams: the seed must not contain U+0000, got ${JSON.stringify(seed)}`);
  return seed;
}

/**
 * All random streams of one run, from one seed. Streams are created on first use and cached.
 * A numeric seed and its decimal text are the same seed (42 and "42" give identical streams).
 */
export class RandomStreams {
  /** The seed as text, exactly as hashed. */
  readonly seed: string;
  private readonly streams = new Map<string, Rng>();

  /** @throws RangeError as {@link deriveStreamState} does for a bad seed. */
  constructor(seed: number | string) {
    this.seed = seedToText(seed);
  }

  /**
   * The stream with this name (e.g. `link:ogs1-sat3`); the same name returns the same object, so
   * its draws continue rather than restart. Use stable, descriptive names: the name is the seed.
   */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = new Rng(deriveStreamState(this.seed, name));
      this.streams.set(name, rng);
    }
    return rng;
  }
}
