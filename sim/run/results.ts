/**
 * What a run reports per link and per demand: the pool ledger, the passes a downlink received, and
 * each demand's requested and served key, starvation, status and the reason when not served.
 * @module
 */
import type { ResolvedDemand, ResolvedLink } from '../scenario/model.js';
import type { KeyPool } from '../network/key-pool.js';
import type { Flow, LinkState } from '../network/network.js';
import type { PlannedPass } from '../operations/pass-plan.js';
import type { KeyRequest } from '../network/requests.js';

/** A route taken from tMs on (empty when there was no route). */
export interface PathChange {
  readonly tMs: number;
  readonly nodes: readonly string[];
  readonly links: readonly string[];
  /** Requests served over this route (bulk and Poisson demands; tMs is the first of them). */
  readonly requests?: number;
}

/** One link's pool ledger and pass statistics. */
export interface LinkResult {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: 'fiber' | 'downlink';
  /** Continuous secret key rate while up (fibre), bit/s; 0 for downlinks. */
  readonly rateBps: number;
  readonly capacityBits: number;
  readonly initialBits: number;
  readonly generatedBits: number;
  readonly consumedBits: number;
  readonly discardedBits: number;
  readonly finalBits: number;
  /** initial + generated = consumed + discarded + final held exactly. */
  readonly ledgerBalanced: boolean;
  /** Downlinks: passes over the station, passes that delivered key, and the bits they delivered. */
  readonly passes: number;
  readonly keyedPasses: number;
  readonly passBits: number;
}

/** Outcome of a demand. */
export type DemandStatus = 'served' | 'partial' | 'failed';

/** One demand's outcome. */
export interface DemandResult {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: ResolvedDemand['kind'];
  readonly requestedBits: number;
  readonly servedBits: number;
  /** servedBits / requestedBits (1 when nothing was requested). */
  readonly servedFraction: number;
  readonly status: DemandStatus;
  /** Why not fully served (null when served). */
  readonly reason: string | null;
  /** Total and longest unbroken time served below the requested rate (constant demands), s. */
  readonly starvedS: number;
  readonly longestStarvedS: number;
  /** Routes taken over time (constant demands) or per served request (bulk, Poisson). */
  readonly paths: readonly PathChange[];
  /**
   * Constant demands: the first sample time (tMs, at or before the demand's start) from which every
   * pool on its first route could have covered the whole demand (its stored key plus what its link
   * generates over the demand's duration), and the passes each downlink on that route had delivered
   * by then; null when never (e.g. "from when could the call have been held?").
   */
  readonly readiness: { readonly tMs: number; readonly passesBefore: Readonly<Record<string, number>> } | null;
  /** Requests made, served and dropped (bulk: 1 request), and the waits of the served ones, s. */
  readonly requests: { readonly made: number; readonly served: number; readonly dropped: number; readonly meanWaitS: number; readonly maxWaitS: number };
}

/** Pass statistics of one downlink: passes over its station, passes that delivered key, bits delivered. */
export interface LinkPassTally {
  passes: number;
  keyedPasses: number;
  passBits: number;
}

/**
 * The per-link pass accounts of a run, kept as each pass becomes final (the run hands every pass
 * over once, in plan order): its tally, and when each pass that delivered key was distilled (in
 * time order per link, for readiness). Nothing here walks the passes again at the end.
 */
export class PassAccounts {
  readonly tallies: LinkPassTally[];
  /** Per link: the distilled time (tMs) of each pass that delivered key, ascending. */
  readonly keyedDistilledMs: number[][];

  constructor(links: number) {
    this.tallies = Array.from({ length: links }, () => ({ passes: 0, keyedPasses: 0, passBits: 0 }));
    this.keyedDistilledMs = Array.from({ length: links }, () => []);
  }

  /** Counts one final pass of link `link` that delivered `bits` (distilled at distilledMs when it did). */
  add(link: number, bits: number, distilledMs: number | null): void {
    const t = this.tallies[link]!;
    t.passes++;
    if (bits > 0) {
      t.keyedPasses++;
      t.passBits += bits;
      if (distilledMs !== null) this.keyedDistilledMs[link]!.push(distilledMs);
    }
  }
}

/**
 * The ledger of a link's pool at the end of the run, with its pass tally (see {@link passTallies}).
 * @param rateBps the fibre's key rate while up (what its model gave the run), 0 for downlinks
 */
export function linkResult(link: ResolvedLink, pool: KeyPool, rateBps: number, tally: LinkPassTally): LinkResult {
  return {
    id: link.id,
    from: link.from,
    to: link.to,
    kind: link.kind,
    rateBps,
    capacityBits: pool.capacityBits,
    initialBits: pool.initialBits,
    generatedBits: pool.generatedBits,
    consumedBits: pool.consumedBits,
    discardedBits: pool.discardedBits,
    finalBits: pool.levelBits,
    ledgerBalanced: pool.ledgerBalanced(),
    passes: tally.passes,
    keyedPasses: tally.keyedPasses,
    passBits: tally.passBits,
  };
}

function status(requested: number, served: number, fully: boolean): DemandStatus {
  if (fully) return 'served';
  return served > 0 ? 'partial' : requested > 0 ? 'failed' : 'served';
}

/** A duration for people: seconds, minutes, hours or days. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

/** The routes served requests took: each distinct route once, with its first use and its count. */
function distinctRoutes(served: readonly KeyRequest[]): PathChange[] {
  type Entry = { tMs: number; nodes: readonly string[]; links: readonly string[]; requests: number };
  const byKey = new Map<string, Entry>();
  // Requests served over one route share its links array: the text key is made once per array.
  const byArray = new Map<readonly string[], Entry>();
  const none: readonly string[] = [];
  for (const r of served) {
    const links = r.links ?? none;
    let entry = byArray.get(links);
    if (entry === undefined) {
      const key = links.join('\u0000');
      entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, (entry = { tMs: r.servedMs!, nodes: r.nodes ?? [], links, requests: 0 }));
      byArray.set(links, entry);
    }
    entry.requests++;
  }
  return [...byKey.values()];
}

/** A demand's outcome from its flow (constant) or its requests (bulk, Poisson: only this demand's). */
export function demandResult(
  demand: ResolvedDemand,
  index: number,
  flow: Flow | null,
  requests: readonly KeyRequest[],
  paths: readonly PathChange[],
  links: readonly LinkState[],
): DemandResult {
  const base = { id: demand.id, from: demand.from, to: demand.to, kind: demand.kind };
  if (demand.kind === 'constant') {
    // rate x duration in whole bits; served is capped at it (floating-point carries cannot exceed it).
    const requestedBits = Math.floor((demand.rateBps * (demand.endMs - demand.startMs)) / 1000);
    const servedBits = Math.min(requestedBits, flow?.servedBits ?? 0);
    const starvedMs = flow?.starvedMs ?? demand.endMs - demand.startMs;
    const fully = starvedMs === 0 && servedBits >= requestedBits - 1;
    let reason: string | null = null;
    if (!fully) {
      const worst = [...(flow?.starvedBy ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      const linkKind = worst ? links.find((l) => l.id === worst[0])?.kind : undefined;
      reason = !worst
        ? 'never started'
        : worst[0] === ''
          ? `no route from ${demand.from} to ${demand.to} for ${formatDuration(worst[1])}`
          : `key ran out on ${linkKind === 'downlink' ? 'satellite link' : 'link'} ${worst[0]} (limited the flow for ${formatDuration(worst[1])})`;
    }
    return {
      ...base,
      requestedBits,
      servedBits,
      servedFraction: requestedBits > 0 ? servedBits / requestedBits : 1,
      status: status(requestedBits, servedBits, fully),
      reason,
      starvedS: starvedMs / 1000,
      longestStarvedS: (flow?.longestStarvedMs ?? starvedMs) / 1000,
      paths,
      readiness: null,
      requests: { made: 0, served: 0, dropped: 0, meanWaitS: 0, maxWaitS: 0 },
    };
  }
  // One walk over the requests (a Poisson demand makes hundreds of thousands in a year); the waits
  // are summed in request order.
  const mine = requests;
  const served: KeyRequest[] = [];
  const byReason = new Map<string, number>();
  let requestedBits = 0;
  let servedBits = 0;
  let droppedCount = 0;
  let waitSumS = 0;
  let maxWaitS = -Infinity;
  for (const r of mine) {
    requestedBits += r.bits;
    if (r.status === 'served') {
      served.push(r);
      servedBits += r.bits;
      const waitS = (r.servedMs! - r.arrivalMs) / 1000;
      waitSumS += waitS;
      if (waitS > maxWaitS) maxWaitS = waitS;
    } else if (r.status === 'dropped') {
      droppedCount++;
      byReason.set(r.reason!, (byReason.get(r.reason!) ?? 0) + 1);
    }
  }
  const reasons = [...byReason.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([text, n]) => `${text} (${n})`);
  return {
    ...base,
    requestedBits,
    servedBits,
    servedFraction: requestedBits > 0 ? servedBits / requestedBits : 1,
    status: status(requestedBits, servedBits, droppedCount === 0),
    reason: droppedCount === 0 ? null : `${droppedCount} of ${mine.length} request(s) dropped: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; ...' : ''}`,
    starvedS: 0,
    longestStarvedS: 0,
    paths: distinctRoutes(served),
    readiness: null,
    requests: {
      made: mine.length,
      served: served.length,
      dropped: droppedCount,
      meanWaitS: served.length > 0 ? waitSumS / served.length : 0,
      maxWaitS: served.length > 0 ? maxWaitS : 0,
    },
  };
}

/**
 * DemandResult.readiness of a constant demand: the first sample (at or before its start) at which
 * every pool on its first route could cover the whole demand, its stored key plus what its link
 * generates over the demand's duration (satellite stores generate nothing between passes, so they
 * must hold it all), and the passes each downlink on the route had delivered by then.
 */
export function readiness(
  d: ResolvedDemand,
  paths: readonly PathChange[],
  series: { readonly tMs: readonly number[]; readonly levels: readonly (readonly number[])[] },
  links: readonly LinkState[],
  accounts: PassAccounts,
): { tMs: number; passesBefore: Record<string, number> } | null {
  const route = paths.find((p) => p.links.length > 0);
  if (d.kind !== 'constant' || !route) return null;
  const durS = (d.endMs - d.startMs) / 1000;
  const bits = Math.floor(d.rateBps * durS);
  const pools = route.links.map((id) => links.findIndex((l) => l.id === id));
  const enough = (p: number, s: number): boolean => series.levels[p]![s]! + links[p]!.generationBps * durS >= bits;
  const k = series.tMs.findIndex((t, s) => t <= d.startMs && pools.every((p) => enough(p, s)));
  if (k < 0) return null;
  const tMs = series.tMs[k]!;
  const passesBefore: Record<string, number> = {};
  for (const p of pools) {
    const link = links[p]!;
    if (link.kind !== 'downlink') continue;
    // Passes of this downlink that delivered key by tMs (their distilled times ascend).
    const times = accounts.keyedDistilledMs[p]!;
    let n = 0;
    while (n < times.length && times[n]! <= tMs) n++;
    passesBefore[link.id] = n;
  }
  return { tMs, passesBefore };
}
