/**
 * Demands of a scenario: unique ids, ground endpoints, and times converted to `tMs` and checked
 * against the span (constant and Poisson: 0 <= start < end <= duration; bulk: start <= deadline,
 * both within the span).
 * @module
 */
import { describeValue } from '../validation.js';
import type { ResolveContext } from './context.js';
import type { ResolvedDemand } from './model.js';
import { GROUND_REF, checkReference } from './resolve-nodes.js';
import type { DemandDoc } from './schema.js';
import { describeSpan, timeToMs, type Span } from './time-span.js';

type TimeRef = string | number;

/**
 * A time field as tMs within the span, or null after recording an issue. An absent field takes
 * `fallback` (the span's start or end).
 */
function timeWithin(ref: TimeRef | undefined, fallback: number, span: Span, path: string, ctx: ResolveContext): number | null {
  if (ref === undefined) return fallback;
  const tMs = timeToMs(ref, span, path, ctx);
  if (tMs === null) return null;
  if (tMs < 0 || tMs > span.durationMs) {
    ctx.issue(path, `expected a time within the scenario, ${describeSpan(span)}, got ${describeValue(ref)}`);
    return null;
  }
  return tMs;
}

/** Start and end (or deadline) of a demand, checked for order; null after recording issues. */
function window(
  startRef: TimeRef | undefined,
  endRef: TimeRef | undefined,
  endName: 'end' | 'deadline',
  span: Span,
  path: string,
  ctx: ResolveContext,
): { startMs: number; endMs: number } | null {
  if (span.overrideDays !== undefined) {
    // A span shortened by an override (a quick run) clips demands instead of rejecting them.
    const rawStart = startRef === undefined ? 0 : timeToMs(startRef, span, `${path}.start`, ctx);
    const rawEnd = endRef === undefined ? span.durationMs : timeToMs(endRef, span, `${path}.${endName}`, ctx);
    if (rawStart !== null && rawStart >= span.durationMs && !(endName === 'deadline' && rawStart === span.durationMs)) {
      ctx.warn(path, `starts after the end of the run (${describeSpan(span)}): left out`);
      return null;
    }
    if (rawStart !== null && rawEnd !== null && rawStart >= 0 && rawEnd >= rawStart) {
      if (rawEnd > span.durationMs) {
        ctx.warn(`${path}.${endName}`, `cut to the end of the run (${describeSpan(span)})`);
        return { startMs: rawStart, endMs: span.durationMs };
      }
    }
  }
  const startMs = timeWithin(startRef, 0, span, `${path}.start`, ctx);
  const endMs = timeWithin(endRef, span.durationMs, span, `${path}.${endName}`, ctx);
  if (startMs === null || endMs === null) return null;
  // A bulk request may be due the moment it is made; a stream needs a non-empty interval.
  const ordered = endName === 'deadline' ? endMs >= startMs : endMs > startMs;
  if (!ordered) {
    const where = endRef === undefined ? `${path}.start` : `${path}.${endName}`;
    const got = endRef === undefined ? `start ${describeValue(startRef)} and the scenario end as ${endName}` : `${endName} ${describeValue(endRef)} and start ${describeValue(startRef ?? 0)}`;
    ctx.issue(where, `expected ${endName} ${endName === 'deadline' ? 'at or after' : 'after'} start, got ${got}`);
    return null;
  }
  return { startMs, endMs };
}

/** Resolves every demand. Time checks need the span; without one only ids and endpoints are checked. */
export function resolveDemands(docs: readonly (DemandDoc | undefined)[], span: Span | null, ctx: ResolveContext): ResolvedDemand[] {
  const firstAt = new Map<string, string>();
  const out: ResolvedDemand[] = [];
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `demands[${i}]`;
    const first = firstAt.get(doc.id);
    if (first !== undefined) ctx.issue(`${path}.id`, `duplicate demand id ${JSON.stringify(doc.id)} (first at ${first})`);
    else firstAt.set(doc.id, path);
    const fromOk = checkReference(doc.from, GROUND_REF, `${path}.from`, ctx);
    const toOk = checkReference(doc.to, GROUND_REF, `${path}.to`, ctx);
    if (fromOk && toOk && doc.from === doc.to) {
      ctx.issue(`${path}.to`, `expected a node other than from, got ${JSON.stringify(doc.to)} (a demand from a node to itself)`);
    }
    let sizeOk = true;
    if (doc.kind === 'poisson' && doc.size.distribution === 'uniform' && doc.size.minBits > doc.size.maxBits) {
      ctx.issue(`${path}.size.maxBits`, `expected at least minBits (${doc.size.minBits}), got ${doc.size.maxBits}`);
      sizeOk = false;
    }
    if (span === null) return;
    const base = { id: doc.id, from: doc.from, to: doc.to };
    switch (doc.kind) {
      case 'constant': {
        const w = window(doc.start, doc.end, 'end', span, path, ctx);
        if (w) out.push({ ...base, kind: 'constant', rateBps: doc.rateBps, startMs: w.startMs, endMs: w.endMs });
        break;
      }
      case 'bulk': {
        const w = window(doc.start, doc.deadline, 'deadline', span, path, ctx);
        if (w) out.push({ ...base, kind: 'bulk', bits: doc.bits, startMs: w.startMs, deadlineMs: w.endMs });
        break;
      }
      case 'poisson': {
        const w = window(doc.start, doc.end, 'end', span, path, ctx);
        if (w && sizeOk) {
          out.push({ ...base, kind: 'poisson', meanIntervalS: doc.meanIntervalS, size: doc.size, maxWaitS: doc.maxWaitS, startMs: w.startMs, endMs: w.endMs });
        }
        break;
      }
    }
  });
  return out;
}
