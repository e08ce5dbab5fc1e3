/**
 * Bounded open-loop load on a KME, shared by the short load test and the bench: `ratePerS` Get key
 * requests a second (each sent at its scheduled instant, whatever the answers before it), for
 * `durationS`, with at most `maxInFlight` at once; every answer's status and latency recorded, and
 * the key bits received added up, so they can be set against the pools' consumption.
 */
import { performance } from 'node:perf_hooks';
import type { SaeClient } from './client.js';

export interface LoadOptions {
  readonly client: SaeClient;
  /** Get key URL (enc_keys of the slave SAE). */
  readonly url: string;
  readonly ratePerS: number;
  readonly durationS: number;
  readonly maxInFlight: number;
  /** Key request body. */
  readonly body: { number: number; size: number };
}

export interface LoadResult {
  readonly sent: number;
  /** Answers by HTTP status. */
  readonly byStatus: ReadonlyMap<number, number>;
  /** 503 answers whose reason is lack of key on the route. */
  readonly shortOfKey: number;
  /** Other failures (non-200 other than lack-of-key 503, transport errors). */
  readonly errorCount: number;
  /** Up to 20 of them, as examples. */
  readonly errors: readonly string[];
  /** Requests not sent because maxInFlight were pending. */
  readonly skipped: number;
  readonly latenciesMs: readonly number[];
  /** Every answer in the order sent: when it was sent (ms after the start), its latency and status (0: transport error). */
  readonly trace: readonly { readonly atMs: number; readonly ms: number; readonly status: number }[];
  /** Key bits received (200 answers), counted from the base64 keys. */
  readonly receivedBits: number;
  readonly wallS: number;
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const byStatus = new Map<number, number>();
  const errors: string[] = [];
  const latencies: number[] = [];
  const trace: { atMs: number; ms: number; status: number }[] = [];
  let shortOfKey = 0;
  let errorCount = 0;
  let receivedBits = 0;
  let inFlight = 0;
  let skipped = 0;
  let sent = 0;
  const total = Math.round(o.ratePerS * o.durationS);
  const intervalMs = 1000 / o.ratePerS;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  const one = async (): Promise<void> => {
    inFlight++;
    const start = performance.now();
    try {
      const a = await o.client.call('POST', o.url, o.body);
      latencies.push(performance.now() - start);
      trace.push({ atMs: start - t0, ms: performance.now() - start, status: a.status });
      byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
      if (a.status === 200) {
        for (const k of a.json.keys) receivedBits += Buffer.from(k.key, 'base64').length * 8;
      } else if (a.status === 503 && /short of key|no route/.test(JSON.stringify(a.json?.details ?? []))) {
        shortOfKey++;
      } else {
        errorCount++;
        if (errors.length < 20) errors.push(`${a.status} ${a.text.slice(0, 200)}`);
      }
    } catch (error) {
      trace.push({ atMs: start - t0, ms: performance.now() - start, status: 0 });
      errorCount++;
      if (errors.length < 20) errors.push(String(error));
    } finally {
      inFlight--;
    }
  };
  for (let i = 0; i < total; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= o.maxInFlight) {
      skipped++;
      continue;
    }
    sent++;
    pending.push(one());
  }
  await Promise.all(pending);
  return { sent, byStatus, shortOfKey, errorCount, errors, skipped, latenciesMs: [...latencies].sort((a, b) => a - b), trace, receivedBits, wallS: (performance.now() - t0) / 1000 };
}
