/**
 * Parsing and checking of command-line option values. Every bad value becomes an InputIssue naming
 * the flag, the valid range and the value given, e.g. `--length-km: expected a number >= 0, got -5`.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import { BOUNDS, type Bound, type BoundName } from '../scenario/bounds.js';
import type { RunLimits } from '../scenario/estimate.js';
import { parseSimulatedTime } from '../scenario/time-span.js';
import { formatNumber } from '../validation.js';

/** Bounds for a numeric flag. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (value must be > minExclusive). */
  readonly minExclusive?: number;
  readonly integer?: boolean;
  /** Why the lower and upper ends are where they are (shown after a value beyond that end). */
  readonly whyMin?: string;
  readonly whyMax?: string;
}

/** The bounds of a flag from the table of physical bounds (sim/scenario/bounds.ts). */
export function boundOf(name: BoundName, integer = false): NumberBounds {
  const b: Bound = BOUNDS[name];
  return { min: b.min, max: b.max, integer, ...(b.whyMin !== undefined ? { whyMin: b.whyMin } : {}), whyMax: b.whyMax };
}

function describe(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (bounds.minExclusive !== undefined) parts.push(`> ${formatNumber(bounds.minExclusive)}`);
  if (bounds.min !== undefined && bounds.max !== undefined) return `${kind} in [${formatNumber(bounds.min)}, ${formatNumber(bounds.max)}]`;
  if (bounds.min !== undefined) parts.push(`>= ${formatNumber(bounds.min)}`);
  if (bounds.max !== undefined) parts.push(`<= ${formatNumber(bounds.max)}`);
  return parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind;
}

/** Returns the issue for a numeric flag value, or undefined when it is valid. */
export function checkNumber(flag: string, raw: unknown, bounds: NumberBounds = {}): InputIssue | undefined {
  const text = String(raw).trim();
  const value = text === '' ? Number.NaN : Number(text);
  const bad =
    !Number.isFinite(value) ||
    (bounds.integer === true && !Number.isInteger(value)) ||
    (bounds.min !== undefined && value < bounds.min) ||
    (bounds.max !== undefined && value > bounds.max) ||
    (bounds.minExclusive !== undefined && value <= bounds.minExclusive);
  if (!bad) return undefined;
  // NaN and the infinities are named as what they are; the reason for the range follows.
  const what = text !== '' && !Number.isFinite(value) && !Number.isNaN(value) && text !== String(value) ? `that is ${value}` : '';
  const why = bounds.max !== undefined && value > bounds.max ? bounds.whyMax : (bounds.min !== undefined && value < bounds.min) || (bounds.minExclusive !== undefined && value <= bounds.minExclusive) ? bounds.whyMin : undefined;
  const notes = [what, why ?? ''].filter((n) => n !== '').join('; ');
  return { file: flag, message: `expected ${describe(bounds)}, got ${JSON.stringify(String(raw))}${notes ? ` (${notes})` : ''}` };
}

/** Parses a numeric flag value or throws an InputError naming the flag. */
export function parseNumber(flag: string, raw: unknown, bounds: NumberBounds = {}): number {
  const issue = checkNumber(flag, raw, bounds);
  if (issue) throw new InputError(issue);
  return Number(String(raw).trim());
}

/**
 * Parses an ISO 8601 UTC date-time flag (a date alone means 00:00 UTC) into Unix milliseconds, with
 * the one strict parser: impossible dates (2021-02-30, T24:00) and times outside the simulated
 * range (before the first satellite, after 2200) are refused with the reason.
 */
export function parseIsoUtc(flag: string, raw: unknown): number {
  const parsed = parseSimulatedTime(String(raw));
  if (!parsed.ok) {
    throw new InputError({
      file: flag,
      message: `expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got ${JSON.stringify(String(raw).trim())} (${parsed.reason})`,
    });
  }
  return parsed.utcMs;
}

/** Checks that a flag value is one of a fixed set. */
export function parseChoice<T extends string>(flag: string, raw: unknown, choices: readonly T[]): T {
  const text = String(raw);
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new InputError({ file: flag, message: `expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}` });
}

/**
 * Collects the problems of a command's flags so that all of them are reported at once: each check
 * records its issue and returns the parsed value (or undefined), and `throwIfAny` ends the parse.
 */
export class FlagIssues {
  readonly issues: InputIssue[] = [];

  /**
   * A numeric flag: its value, or undefined when not given or bad (the issue is recorded), so that
   * a bad value never feeds a second, false complaint about another flag.
   */
  number(flag: string, raw: string | undefined, bounds: NumberBounds = {}): number | undefined {
    if (raw === undefined) return undefined;
    const issue = checkNumber(flag, raw, bounds);
    if (issue) {
      this.issues.push(issue);
      return undefined;
    }
    return Number(String(raw).trim());
  }

  /** Runs a parse step, recording the issues of an InputError it throws. */
  attempt<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.issues.push(...error.issues);
      return undefined;
    }
  }

  /** Records one issue. */
  add(issue: InputIssue): void {
    this.issues.push(issue);
  }

  /** @throws InputError with every issue recorded, if any */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new InputError(this.issues);
  }
}

/** The flags that set a run's size limits (`--max-events`, `--max-memory-mb`), over defaults. */
export function runLimitFlags(issues: FlagIssues, flags: { maxEvents?: string | undefined; maxMemoryMb?: string | undefined }, defaults: RunLimits): RunLimits {
  // A limit below a thousand events or 16 MiB refuses every run; above 1e12 events (months of
  // running) or 1 TiB it refuses none, which is what a missing limit would do silently.
  const maxEvents = issues.number('--max-events', flags.maxEvents, { integer: true, min: 1000, max: 1e12 }) ?? defaults.maxEvents;
  const maxMemoryMb = issues.number('--max-memory-mb', flags.maxMemoryMb, { integer: true, min: 16, max: 1_048_576 }) ?? defaults.maxMemoryMb;
  return { ...defaults, maxEvents, maxMemoryMb };
}
