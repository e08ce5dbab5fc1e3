/**
 * One-off key requests: a bulk demand is one request; a Poisson demand makes many. A request is
 * served whole and at once (one-time-pad files need all their key), along a route whose every hop
 * holds at least its size; otherwise it waits until its deadline and is then dropped.
 * @module
 */
import type { Rng } from '../engine/index.js';
import type { SizeDoc } from '../scenario/schema.js';

/** A request waiting for key, served, or dropped. */
export interface KeyRequest {
  readonly demandIndex: number;
  /** Sequence number within its demand (0 for a bulk demand). */
  readonly seq: number;
  readonly bits: number;
  readonly arrivalMs: number;
  readonly deadlineMs: number;
  status: 'pending' | 'served' | 'dropped';
  servedMs: number | null;
  /** Route it was served over (nodes and links). */
  nodes: readonly string[] | null;
  links: readonly string[] | null;
  /** Why it was dropped. */
  reason: string | null;
}

/** Draws a request size from its distribution, whole bits >= 1. */
export function drawSize(size: SizeDoc, rng: Rng): number {
  switch (size.distribution) {
    case 'fixed':
      return size.bits;
    case 'exponential':
      return Math.max(1, Math.round(rng.exponential(size.meanBits)));
    case 'uniform':
      return rng.int(size.minBits, size.maxBits + 1);
  }
}

/** Mean of a size distribution, bits (for reports). */
export function meanSize(size: SizeDoc): number {
  switch (size.distribution) {
    case 'fixed':
      return size.bits;
    case 'exponential':
      return size.meanBits;
    case 'uniform':
      return (size.minBits + size.maxBits) / 2;
  }
}
