/**
 * Riding out a database that goes away: which errors mean "the connection is gone, try again"
 * (PostgreSQL restarting, a network cut) rather than "this statement is wrong", and capped
 * exponential back-off for them. Workers and the follower wrap every database step in
 * {@link withReconnect}, so a restarted server costs a pause, never a lost or doubled case.
 *
 * The back-off is 200 ms doubling to 5 s, each delay spread by up to ±25 % so that many workers do
 * not reconnect in lock-step. The spread comes from a hash of (who, attempt), not from a random
 * generator: sim/ reads neither the wall clock nor Math.random (test/engine/no-wall-clock.test.ts),
 * and a per-worker hash spreads workers just as well.
 * @module
 */
import { createHash } from 'node:crypto';

/** First delay and cap of the back-off, ms. */
export const BACKOFF_FIRST_MS = 200;
export const BACKOFF_MAX_MS = 5000;

/** SQLSTATE classes and codes that mean the server or the connection went away. */
const RETRYABLE_SQLSTATE = /^(08|57P0[1-4]|53300|40001|40P01)/;
/** Node socket errors of a lost or refused connection. */
const RETRYABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** node-postgres errors that carry no code. */
const RETRYABLE_MESSAGE = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Connection ended|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when an error means the connection was lost or refused, or the server asks to try again (serialization failure, deadlock, too many connections): not a bad statement. */
export function isTransientError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (RETRYABLE_SQLSTATE.test(e.code) || RETRYABLE_ERRNO.has(e.code))) return true;
  if (typeof e.message === 'string' && RETRYABLE_MESSAGE.test(e.message)) return true;
  // AggregateError of a multi-address connect (localhost -> ::1 and 127.0.0.1).
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isTransientError);
}

/** The delay before retry number `attempt` (0-based), ms, spread by a hash of `who`. */
export function backoffMs(attempt: number, who: string): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
  const unit = createHash('sha256').update(`${who}\u0000${attempt}`).digest().readUInt32BE(0) / 0xffffffff;
  return Math.round(base * (0.75 + 0.5 * unit));
}

/** Resolves after `ms`, or at once when the signal is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Options of {@link withReconnect}. */
export interface ReconnectOptions {
  /** Names this process in the back-off spread (a worker id). */
  readonly who: string;
  /** Called once when a step starts failing, and once when it succeeds again. */
  readonly onOutage?: (event: { readonly state: 'lost'; readonly what: string; readonly error: unknown } | { readonly state: 'back'; readonly what: string; readonly attempts: number }) => void;
  /** Stop retrying when aborted: the last error is thrown. */
  readonly signal?: AbortSignal;
  /** Give up after this many failed attempts (default: never). */
  readonly maxAttempts?: number;
}

/**
 * Runs `step` until it succeeds, waiting with back-off after each connection error; any other error
 * is thrown at once. `what` names the step in outage reports.
 */
export async function withReconnect<T>(what: string, step: () => Promise<T>, options: ReconnectOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await step();
      if (attempt > 0) options.onOutage?.({ state: 'back', what, attempts: attempt });
      return result;
    } catch (error) {
      if (!isTransientError(error)) throw error;
      if (options.signal?.aborted || (options.maxAttempts !== undefined && attempt + 1 >= options.maxAttempts)) throw error;
      if (attempt === 0) options.onOutage?.({ state: 'lost', what, error });
      await sleep(backoffMs(attempt, options.who), options.signal);
    }
  }
}
