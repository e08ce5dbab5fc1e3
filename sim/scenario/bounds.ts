/**
 * Every physical bound on the numbers that size qkdsim's work (intervals, steps, rates, spans,
 * amounts of key), in one table with the reason for each. The scenario schema, the command-line
 * flags and the server read them from here, and the README's "Bad input" table lists them (a test
 * checks that the two agree). A value outside its bound is one no careful user means: it is refused
 * with the bound and its reason before any work is done.
 * @module
 */
import { z } from 'zod';
import { describeRange, type Range } from '../links/params.js';
import { WHY_PREFIX, formatNumber } from '../validation.js';

/** A closed (or half-open) range with its unit and the reason for each end. */
export interface Bound {
  readonly min: number;
  /** The minimum itself is excluded. */
  readonly minExclusive?: boolean;
  readonly max: number;
  readonly unit: string;
  /** Why the lower end is where it is (one clause, shown with a value below it); none for a plain sign rule. */
  readonly whyMin?: string;
  /** Why the upper end is where it is (shown with a value above it). */
  readonly whyMax: string;
}

/** Seconds in a day. */
const DAY_S = 86_400;
/** Longest span, days: ten years. */
export const MAX_DAYS = 3660;
/** Shortest span, days: one minute. */
export const MIN_DAYS = 1 / 1440;
/** 2^53: integers of bits are exact in a double only below it. */
const EXACT_BITS = 2 ** 53;

const WHY_EXACT_BITS = 'key is counted in whole bits, exact in a double only up to 2^53, about 9.0e15 bits (1.1 PB)';
const WHY_RATE = 'about ten times the fastest QKD system reported (110 Mbit/s over 10 km of fibre, Li et al., Nature Photonics 17, 416, 2023); faster is no real link, and overflows the key accounting';
const WHY_LONGEST = 'longer than the longest span (ten years)';

/** The bounds, by the field or flag they apply to. */
export const BOUNDS = {
  spanDays: {
    min: MIN_DAYS,
    max: MAX_DAYS,
    unit: 'days',
    whyMin: 'one minute: a shorter span holds no pass and rounds to a few ms of simulated time',
    whyMax: 'ten years: the design life of a satellite; element sets fitted to observations drift far sooner',
  },
  sampleIntervalS: {
    min: 1,
    max: MAX_DAYS * DAY_S,
    unit: 's',
    whyMin: 'pool levels change only at events and the models work per second: finer samples add no information, and each costs 8 bytes per link',
    whyMax: WHY_LONGEST,
  },
  poissonMeanIntervalS: {
    min: 0.01,
    max: MAX_DAYS * DAY_S,
    unit: 's',
    whyMin: 'simulated time is in whole ms: below 10 ms, rounding the gaps between arrivals to 1 ms biases the arrival rate by more than 1 %',
    whyMax: WHY_LONGEST,
  },
  maxWaitS: { min: 0.001, max: MAX_DAYS * DAY_S, unit: 's', whyMin: 'below 1 ms a request is dropped the instant it is made (time is in whole ms)', whyMax: WHY_LONGEST },
  keyLifetimeS: { min: 1, max: MAX_DAYS * DAY_S, unit: 's', whyMin: 'key that expires within a second of being distilled is no store', whyMax: WHY_LONGEST },
  fiberRateBps: { min: 0, max: 1e9, unit: 'bit/s', whyMax: WHY_RATE },
  demandRateBps: { min: 1e-6, max: 1e9, unit: 'bit/s', whyMin: 'a demand of less than 1e-6 bit/s asks for less than one bit in 11 days', whyMax: WHY_RATE },
  bits: { min: 1, max: EXACT_BITS, unit: 'bits', whyMax: WHY_EXACT_BITS },
  poolBits: { min: 0, max: EXACT_BITS, unit: 'bits', whyMax: WHY_EXACT_BITS },
  mtbfH: {
    min: 0.1,
    max: 1e6,
    unit: 'h',
    whyMin: 'random failures are equipment faults (fibre cuts, detector failures): failing every 6 minutes on average is a link that is never up',
    whyMax: 'a mean time between failures of 1e6 h (114 years) already means no failure in any run',
  },
  mttrH: {
    min: 1 / 60,
    max: 8760,
    unit: 'h',
    whyMin: 'a QKD link needs at least a minute to re-synchronise after a fault',
    whyMax: 'a repair taking more than a year on average is a link that is gone',
  },
  routingPenalty: { min: 0, max: 1e6, unit: 'hops', whyMax: 'a penalty of a million hops already rules a pool out; larger ones only risk route costs overflowing to Infinity, where routes cannot be compared' },
  fiberLengthKm: {
    min: 0,
    max: 1000,
    unit: 'km',
    whyMax: 'the longest QKD fibre reported is about 1000 km (twin-field QKD, Liu et al., PRL 130, 210801, 2023); the decoy-BB84 model gives no key long before',
  },
  slantRangeKm: {
    min: 0,
    max: 50_000,
    unit: 'km',
    whyMax: 'beyond a geostationary satellite seen at the horizon (about 41 700 km) there is no downlink qkdsim models',
  },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER, unit: '', whyMax: 'integers are exact in a double only up to 2^53 - 1' },
  passSampleStepS: {
    min: 1,
    max: 3600,
    unit: 's',
    whyMin: 'pass times are found to 0.5 s, so finer samples add nothing; a step under 1 ms would round to 0',
    whyMax: 'a pass lasts minutes: a step of an hour already gives one sample per pass',
  },
} as const satisfies Record<string, Bound>;

export type BoundName = keyof typeof BOUNDS;

/** A zod number within a bound; the reason for each end travels with its error. */
export function boundedNumber(name: BoundName, options: { integer?: boolean } = {}): z.ZodNumber {
  const b: Bound = BOUNDS[name];
  const whyMin = b.whyMin === undefined ? {} : { error: `${WHY_PREFIX}${b.whyMin}` };
  let schema = options.integer ? z.number().int() : z.number();
  schema = b.minExclusive ? schema.gt(b.min, whyMin) : schema.min(b.min, whyMin);
  return schema.max(b.max, { error: `${WHY_PREFIX}${b.whyMax}` });
}

/**
 * A zod number for a value with a range from a link parameter table (links/params.ts): the bounds go
 * into the JSON Schema, and a value outside gets one message stating the whole valid range, the same
 * a flag or a preset check gives (validation.ts prints it with the value found).
 */
export function rangedNumber(r: Range): z.ZodNumber {
  const error = `expected ${describeRange(r)}`;
  let field = z.number();
  if (r.min !== undefined) field = field.min(r.min, { error });
  if (r.minExclusive !== undefined) field = field.gt(r.minExclusive, { error });
  if (r.max !== undefined) field = field.max(r.max, { error });
  if (r.maxExclusive !== undefined) field = field.lt(r.maxExclusive, { error });
  return field;
}

/** `a number in [1, 3600] s`, for messages. */
export function describeBound(b: Bound, integer = false): string {
  const kind = integer ? 'an integer' : 'a number';
  const unit = b.unit === '' ? '' : ` ${b.unit}`;
  return `${kind} in ${b.minExclusive ? '(' : '['}${formatNumber(b.min)}, ${formatNumber(b.max)}]${unit}`;
}
