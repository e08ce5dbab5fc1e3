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
  // Only pools with finite capacity constrain anything.
  const constrained = new Map<number, number>();
  for (const f of flows) for (const p of f.pools) if (!constrained.has(p) && Number.isFinite(capacityBps(p))) constrained.set(p, capacityBps(p));
  let active = 0;
  flows.forEach((f, i) => {
    if (f.requestBps > 0) active++;
    else frozen[i] = 1;
  });
  while (active > 0) {
    // The largest common scale lambda (<= 1) every constrained pool allows.
    let lambda = 1;
    const lambdaOf = new Map<number, number>();
    for (const [p, cap] of constrained) {
      let used = 0;
      let weight = 0;
      for (let i = 0; i < n; i++) {
        if (!flows[i]!.pools.includes(p)) continue;
        if (frozen[i]) used += rateBps[i]!;
        else weight += flows[i]!.requestBps;
      }
      if (weight === 0) continue;
      const l = Math.max(0, cap - used) / weight;
      lambdaOf.set(p, l);
      if (l < lambda) lambda = l;
    }
    for (let i = 0; i < n; i++) if (!frozen[i]) rateBps[i] = lambda * flows[i]!.requestBps;
    if (lambda >= 1) break;
    for (const [p, l] of lambdaOf) {
      if (l > lambda) continue;
      for (let i = 0; i < n; i++) {
        if (!frozen[i] && flows[i]!.pools.includes(p)) {
          frozen[i] = 1;
          bottleneck[i] = p;
          active--;
        }
      }
    }
  }
  return { rateBps, bottleneck };
}
