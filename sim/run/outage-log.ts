/**
 * Link outages during a run and what each cost: the demand key not delivered while it lasted
 * (the shortfall of every constant demand below its requested rate, shared equally among the outages
 * active at the time), the demands moved to another route when the link went down, and the requests
 * dropped while it was down.
 * @module
 */
import type { Outage } from '../scenario/model.js';

/** One outage of one link, with its cost. */
export interface OutageRecord {
  readonly link: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly reason: string;
  shortfallBits: number;
  readonly rerouted: string[];
  requestsDropped: number;
}

/** The outages of a run. */
export class OutageLog {
  readonly records: OutageRecord[] = [];
  private readonly active = new Set<OutageRecord>();

  /** Registers a link's outages (sorted, merged); returns their indices for the events. */
  add(link: string, outages: readonly Outage[]): number[] {
    return outages.map((o) => this.records.push({ link, startMs: o.startMs, endMs: o.endMs, reason: o.reason, shortfallBits: 0, rerouted: [], requestsDropped: 0 }) - 1);
  }

  begin(index: number): OutageRecord {
    const r = this.records[index]!;
    this.active.add(r);
    return r;
  }

  end(index: number): OutageRecord {
    const r = this.records[index]!;
    this.active.delete(r);
    return r;
  }

  /** True while any outage is active. */
  get anyActive(): boolean {
    return this.active.size > 0;
  }

  /** Charges a shortfall (bits) to the outages active now, in equal shares. */
  charge(bits: number): void {
    if (bits <= 0 || this.active.size === 0) return;
    for (const r of this.active) r.shortfallBits += bits / this.active.size;
  }

  /** Counts a dropped request against the active outages. */
  dropped(): void {
    for (const r of this.active) r.requestsDropped++;
  }
}
