/**
 * Parsing and checking of command-line option values. Every bad value becomes an InputIssue naming
 * the flag, the valid range and the value given, e.g. `--length-km: expected a number >= 0, got -5`.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import { parseUtc } from '../orbit/time.js';

/** Bounds for a numeric flag. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (value must be > minExclusive). */
  readonly minExclusive?: number;
  readonly integer?: boolean;
}

function describe(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (bounds.minExclusive !== undefined) parts.push(`> ${bounds.minExclusive}`);
  if (bounds.min !== undefined && bounds.max !== undefined) return `${kind} in [${bounds.min}, ${bounds.max}]`;
  if (bounds.min !== undefined) parts.push(`>= ${bounds.min}`);
  if (bounds.max !== undefined) parts.push(`<= ${bounds.max}`);
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
  return bad ? { file: flag, message: `expected ${describe(bounds)}, got ${JSON.stringify(String(raw))}` } : undefined;
}

/** Parses a numeric flag value or throws an InputError naming the flag. */
export function parseNumber(flag: string, raw: unknown, bounds: NumberBounds = {}): number {
  const issue = checkNumber(flag, raw, bounds);
  if (issue) throw new InputError(issue);
  return Number(String(raw).trim());
}

/** Parses an ISO 8601 UTC date-time flag (a date alone means 00:00 UTC) into Unix milliseconds. */
export function parseIsoUtc(flag: string, raw: unknown): number {
  const ms = parseUtc(String(raw));
  if (!Number.isFinite(ms)) {
    throw new InputError({
      file: flag,
      message: `expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got ${JSON.stringify(String(raw).trim())}`,
    });
  }
  return ms;
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

  /** A numeric flag (undefined when not given; NaN-free only when there was no issue). */
  number(flag: string, raw: string | undefined, bounds: NumberBounds = {}): number | undefined {
    if (raw === undefined) return undefined;
    const issue = checkNumber(flag, raw, bounds);
    if (issue) this.issues.push(issue);
    return Number(raw);
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
