/**
 * How key flows share pools that have run dry. A pool with stored key serves every flow through it
 * in full; an EMPTY pool can only pass on what it generates, so the flows through it share that rate.
 * The split is weighted max-min fair (progressive filling, e.g. Bertsekas & Gallager, "Data
 * Networks", 2nd ed., sec. 6.5.2), with weights equal to the requested rates: all flows grow in
 * proportion to their request until a constrained pool saturates; the flows through it freeze there.
 * @module
 */

/** A flow: its requested rate and the pools (indices) on its route. */
export interface FlowRequest {
  readonly requestBps: number;
  readonly pools: readonly number[];
}

/** Allocated rate of each flow and, for flows held below their request, the pool that held them. */
export interface Allocation {
  readonly rateBps: Float64Array;
  /** Index of the saturated pool limiting each flow, or -1 when served in full. */
  readonly bottleneck: Int32Array;
}

/**
 * Weighted max-min fair rates.
 * @param capacityBps per pool index: the rate it can pass on (Infinity when it holds key)
 */
export function allocateRates(flows: readonly FlowRequest[], capacityBps: (pool: number) => number): Allocation {
  const n = flows.length;
  const rateBps = new Float64Array(n);
  const bottleneck = new Int32Array(n).fill(-1);
  const frozen = new Uint8Array(n);
  // Only pools with finite capacity constrain anything; index their flows once.
  const constrained = new Map<number, { cap: number; flows: number[] }>();
  flows.forEach((f, i) => {
    for (const p of f.pools) {
      let c = constrained.get(p);
      if (!c) {
        const cap = capacityBps(p);
        if (!Number.isFinite(cap)) continue;
        c = { cap, flows: [] };
        constrained.set(p, c);
      }
      c.flows.push(i);
    }
  });
  let active = 0;
  flows.forEach((f, i) => {
    if (f.requestBps > 0) active++;
    else frozen[i] = 1;
  });
  if (constrained.size === 0) {
    // Every pool on every route holds key: all flows get what they ask (the usual case).
    flows.forEach((f, i) => (rateBps[i] = f.requestBps));
    return { rateBps, bottleneck };
  }
  while (active > 0) {
    // The largest common scale lambda (<= 1) every constrained pool allows.
    let lambda = 1;
    const lambdaOf = new Map<number, number>();
    for (const [p, c] of constrained) {
      let used = 0;
      let weight = 0;
      for (const i of c.flows) {
        if (frozen[i]) used += rateBps[i]!;
        else weight += flows[i]!.requestBps;
      }
      if (weight === 0) continue;
      const l = Math.max(0, c.cap - used) / weight;
      lambdaOf.set(p, l);
      if (l < lambda) lambda = l;
    }
    for (let i = 0; i < n; i++) if (!frozen[i]) rateBps[i] = lambda * flows[i]!.requestBps;
    if (lambda >= 1) break;
    for (const [p, l] of lambdaOf) {
      if (l > lambda) continue;
      for (const i of constrained.get(p)!.flows) {
        if (!frozen[i]) {
          frozen[i] = 1;
          bottleneck[i] = p;
          active--;
        }
      }
    }
  }
  return { rateBps, bottleneck };
}
