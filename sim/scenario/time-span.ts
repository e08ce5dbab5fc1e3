/**
 * Times in a scenario: the simulated span (`start` plus `days` or `end`) and the conversion of any
 * time field (an ISO 8601 UTC string, or seconds after the start) to `tMs`, integer milliseconds
 * after the start.
 * @module
 */
import { DAY_MS, LAST_SIMULATED_UTC_MS, isoUtc, parseUtcStrict, simulatedRangeProblem } from '../orbit/time.js';
import { describeValue, formatNumber } from '../validation.js';
import { MAX_DAYS, MIN_DAYS } from './bounds.js';
import type { ResolveContext } from './context.js';
import type { ScenarioDoc } from './schema.js';

/** Length of the span when neither `days` nor `end` is given, days. */
export const DEFAULT_DAYS = 7;
export { MAX_DAYS, MIN_DAYS };
/** Shortest span, ms (the schema's limit on `days`, applied to `end` too). */
export const MIN_SPAN_MS = Math.round(MIN_DAYS * DAY_MS);

/** The simulated span, Unix ms (integers). */
export interface Span {
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  readonly durationMs: number;
  /** Set when the length came from an override rather than the file, for messages. */
  readonly overrideDays?: number;
}

const ISO_EXAMPLE = 'an ISO 8601 UTC time such as 2016-12-19T16:00:00Z';

/**
 * A time qkdsim simulates, from ISO 8601 text (sim/orbit/time.ts, the one strict parser), inside
 * the simulated range (from the first satellite to 2200): Unix ms, or why not.
 */
export function parseSimulatedTime(text: string): { ok: true; utcMs: number } | { ok: false; reason: string } {
  const parsed = parseUtcStrict(text);
  if (!parsed.ok) return parsed;
  const outside = simulatedRangeProblem(parsed.utcMs);
  return outside === null ? parsed : { ok: false, reason: outside };
}

/** {@link parseSimulatedTime} as a number: Unix ms, or NaN. */
export function parseScenarioTime(text: string): number {
  const parsed = parseSimulatedTime(text);
  return parsed.ok ? parsed.utcMs : Number.NaN;
}

/** `expected an ISO 8601 UTC time ..., got "2021-02-30" (February 2021 has 28 days, got day 30)`. */
export function badTimeMessage(text: unknown, orSeconds: boolean): string {
  const reason = typeof text === 'string' ? parseSimulatedTime(text) : null;
  const why = reason && !reason.ok ? ` (${reason.reason})` : '';
  return `expected ${ISO_EXAMPLE}${orSeconds ? ' or seconds after the start' : ''}, got ${describeValue(text)}${why}`;
}

/**
 * The span of a scenario, or null when it cannot be decided (each reason is an issue in `ctx`).
 * `end` as a number means seconds after the start; neither `days` nor `end` means 7 days.
 */
export function resolveSpan(doc: Pick<ScenarioDoc, 'start' | 'days' | 'end'>, ctx: ResolveContext, overrideDays?: number): Span | null {
  const startUtcMs = typeof doc.start === 'string' ? parseScenarioTime(doc.start) : Number.NaN;
  if (!Number.isFinite(startUtcMs)) ctx.issue('start', badTimeMessage(doc.start, false));
  if (doc.days !== undefined && doc.end !== undefined) {
    ctx.issue('end', `expected days or end, not both, got days ${doc.days} and end ${describeValue(doc.end)}`);
    return null;
  }
  if (!Number.isFinite(startUtcMs)) return null;
  let endUtcMs: number;
  if (doc.end === undefined) {
    endUtcMs = startUtcMs + Math.round((doc.days ?? DEFAULT_DAYS) * DAY_MS);
  } else {
    endUtcMs = typeof doc.end === 'number' ? startUtcMs + Math.round(doc.end * 1000) : parseScenarioTime(doc.end);
    if (!Number.isFinite(endUtcMs)) {
      ctx.issue('end', badTimeMessage(doc.end, true));
      return null;
    }
    if (endUtcMs <= startUtcMs) {
      ctx.issue('end', `expected a time after the start (${isoUtc(startUtcMs)}), got ${describeValue(doc.end)}`);
      return null;
    }
    if (endUtcMs - startUtcMs < MIN_SPAN_MS) {
      ctx.issue('end', `expected at least ${MIN_SPAN_MS / 1000} s after the start (${isoUtc(startUtcMs)}; a shorter span holds no pass), got ${describeValue(doc.end)} (${formatNumber((endUtcMs - startUtcMs) / 1000)} s)`);
      return null;
    }
    if (endUtcMs - startUtcMs > MAX_DAYS * DAY_MS) {
      const days = (endUtcMs - startUtcMs) / DAY_MS;
      ctx.issue('end', `expected at most ${MAX_DAYS} days after the start, got ${describeValue(doc.end)} (${days.toFixed(1)} days)`);
      return null;
    }
  }
  if (endUtcMs > LAST_SIMULATED_UTC_MS) {
    ctx.issue(doc.end === undefined ? 'days' : 'end', `expected the span to end by ${isoUtc(LAST_SIMULATED_UTC_MS)} (the Earth-orientation model is kept near the present), got an end at ${isoUtc(endUtcMs)}`);
    return null;
  }
  const span = { startUtcMs, endUtcMs, durationMs: endUtcMs - startUtcMs };
  return overrideDays === undefined ? span : { ...span, overrideDays };
}

/**
 * A time field as `tMs` (integer ms after the start), or null after recording an issue at `path`
 * when a string is not a real time. Range checks are the caller's.
 */
export function timeToMs(ref: string | number, span: Span, path: string, ctx: ResolveContext): number | null {
  if (typeof ref === 'number') return Math.round(ref * 1000);
  const utcMs = parseScenarioTime(ref);
  if (!Number.isFinite(utcMs)) {
    ctx.issue(path, badTimeMessage(ref, true));
    return null;
  }
  return Math.round(utcMs - span.startUtcMs);
}

/** `from 2016-12-19T00:00:00.000Z to 2016-12-26T00:00:00.000Z (0 to 604800 s after the start)`. */
export function describeSpan(span: Span): string {
  const note = span.overrideDays === undefined ? '' : `; days ${span.overrideDays} set by the override`;
  return `from ${isoUtc(span.startUtcMs)} to ${isoUtc(span.endUtcMs)} (0 to ${span.durationMs / 1000} s after the start${note})`;
}
