/**
 * Runs a scenario on one event timeline: satellite passes deliver key to their links' pools, fibre
 * links generate continuously, demands take key along trusted-relay routes, and the run records
 * every pool's ledger, every demand's outcome and the pool levels over time.
 *
 * Events (integer ms after the scenario start; at equal times URGENT before NORMAL, samples last):
 *   passKey      a pass's key is distilled at the end of its key window and enters the link's pool
 *   demandStart  / demandEnd   a constant demand's flow begins / ends
 *   request      a bulk demand's request, or the next Poisson arrival
 *   deadline     the earliest deadline of the waiting requests: those due are dropped (one event
 *                at a time, rescheduled after every event: served requests cost no event)
 *   wake         the next instant a pool runs dry, fills, crosses its warning level, or a waiting
 *                request becomes servable (computed from the current rates, rescheduled after
 *                every event)
 *   sample       pool levels for the time series
 * After every event the routes are revisited (when a pool changed state), waiting requests are
 * tried, and the rates are re-split among the flows.
 * @module
 */
import { Simulation, RandomStreams, URGENT, NORMAL, type EventHandle, type Rng } from '../engine/index.js';
import { fiberLinkRateBps, type PassIntegration } from '../links/index.js';
import type { ResolvedSatellite, Scenario } from '../scenario/model.js';
import { STREAM_NAMES } from '../scenario/streams.js';
import { NetworkState, type Flow } from '../network/network.js';
import { planPasses, type PlannedPass } from '../operations/pass-plan.js';
import { RequestDesk, drawSize, type KeyRequest } from '../network/requests.js';
import { Router } from '../network/router.js';
import { RoutingGraph, type Route } from '../network/routing.js';
import { SatelliteOps, type NightRecord, type RunPassOutcome } from '../operations/satellite-ops.js';
import { OutageLog, type OutageRecord } from './outage-log.js';
import { drawFailures, mergeOutages } from '../environment/faults.js';
import { PassAccounts, demandResult, linkResult, readiness, type DemandResult, type LinkResult, type PathChange } from './results.js';

/** Consecutive wakes tolerated before the run is declared stuck (see onWake). */
const MAX_WAKES_IN_A_ROW = 1_000_000;
/** Samples are taken after everything else at the same instant. */
const SAMPLE_PRIORITY = 2;

type NetEvent =
  | { kind: 'passKey'; pass: number }
  | { kind: 'schedule'; cluster: number }
  | { kind: 'linkDown'; outage: number }
  | { kind: 'linkUp'; outage: number }
  | { kind: 'demandStart'; demand: number }
  | { kind: 'demandEnd'; demand: number }
  | { kind: 'request'; demand: number }
  | { kind: 'deadline' }
  | { kind: 'wake' }
  | { kind: 'sample' };

/** Everything a run produces (the report is built from it). */
export interface RunResult {
  readonly scenario: Scenario;
  readonly passes: readonly PlannedPass[];
  /** What happened to each pass (weather and scheduling included), by pass index. */
  readonly passOutcomes: readonly RunPassOutcome[];
  /** Bits each pass actually put in its pool (after discards at capacity), by pass index. */
  readonly passDeliveredBits: readonly number[];
  /** Key per station and night (stations with downlinks). */
  readonly nights: readonly NightRecord[];
  /** Link outages and what each cost. */
  readonly outages: readonly OutageRecord[];
  readonly links: readonly LinkResult[];
  readonly demands: readonly DemandResult[];
  /** Pool levels (bits) at each sample time (tMs), one row per link in scenario order. */
  readonly series: { readonly tMs: readonly number[]; readonly levels: readonly (readonly number[])[] };
  /**
   * Per demand (scenario order), at each sample of `series`: whole bits served so far and time
   * starved so far, ms (constant demands; zeros for the others). With `requests`, what the
   * dashboard's demands-over-time chart is drawn from (web/demand-series.ts); not in report.json.
   */
  readonly demandSamples: { readonly servedBits: readonly (readonly number[])[]; readonly starvedMs: readonly (readonly number[])[] };
  /** Every one-off request of the bulk and Poisson demands: arrival, size, when served or dropped. */
  readonly requests: readonly KeyRequest[];
  readonly stats: { readonly events: number; readonly routeChanges: number };
  /** Key taken by outside consumers through LiveRun.takeKey, per (from, to) pair in first-use order. */
  readonly taken: readonly { readonly from: string; readonly to: string; readonly bits: number; readonly transfers: number }[];
}

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Called with the fraction of simulated time done (0..1), at most once per sample. */
  readonly onProgress?: (fraction: number) => void;
  /** Precomputed passes (e.g. shared between runs that differ only in demands). */
  readonly passes?: readonly PlannedPass[];
  /** Quadrature of the pass key when the passes are planned here (default 'gauss'; see links/pass-key.ts). */
  readonly integration?: PassIntegration;
  /** Receives per-pass rows and pool samples as the run goes (files written while it runs). */
  readonly sink?: RunSink;
  /**
   * Keep the pool-level samples in the result (default true). A run whose samples go to a sink
   * and whose report leaves them out can do without (memory then does not grow with the span).
   */
  readonly keepSeries?: boolean;
}

/**
 * Where a run streams its bulky records while it runs: each pass once its outcome and delivered bits
 * are final (in plan order, so rows come out in time order), and the pool levels at each sample.
 */
export interface RunSink {
  pass?(index: number, pass: PlannedPass, outcome: RunPassOutcome, deliveredBits: number): void;
  /** Pool levels in scenario link order (the array is reused: copy what you keep). */
  sample?(tMs: number, levels: Float64Array): void;
}

/** Runs a loaded scenario to its end. Deterministic: same scenario and seed, same result. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const run = startRun(scenario, options);
  return run.finish();
}

/** Key taken from the network by an outside consumer (an application through the KME). */
export type TakeResult =
  | { readonly ok: true; readonly bits: number; readonly tMs: number; readonly nodes: readonly string[]; readonly links: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** One pool's state, for live views. */
export interface PoolSnapshot {
  readonly link: string;
  readonly levelBits: number;
  readonly capacityBits: number;
  readonly consumedBits: number;
  /** Stored key expires this long after it entered the pool, ms (null: never; on-board stores). */
  readonly lifetimeMs: number | null;
}

/**
 * A run advanced step by step, for consumers that pace it (the KME server follows the wall clock)
 * and take key from it between events. The same events, in the same order, as {@link runScenario}:
 * a run advanced in any steps and finished gives the same result as one run straight through, as
 * long as nothing is taken.
 */
export interface LiveRun {
  readonly scenario: Scenario;
  /** The simulation clock, ms after the scenario start. */
  readonly nowMs: number;
  /** Processes every event before tMs and moves the clock to tMs (nowMs <= tMs <= the span's end). */
  advanceTo(tMs: number): void;
  /**
   * Takes `bits` whole bits of key for a transfer from node `from` to node `to` now, as a one-off
   * request is served: along the best route whose every hop holds the bits (trusted relays and the
   * satellite's stores included), the same bits from every hop's pool. Nothing is taken when no such
   * route exists; the reason says why.
   */
  takeKey(from: string, to: string, bits: number): TakeResult;
  /**
   * Every pool at nowMs, in scenario link order. The accounting of continuous generation is brought
   * up to nowMs first, as an event would (so a run that is looked at mid-interval may differ by
   * rounding, a bit or so, from one that is not).
   */
  pools(): PoolSnapshot[];
  /**
   * The most whole bits one takeKey from `from` to `to` could get now: over the routes usable now
   * (links up, satellite stores holding key), the largest level of a route's weakest pool; 0 when
   * there is no route. Nothing is taken.
   */
  availableBits(from: string, to: string): number;
  /** Runs to the end of the span and returns the result (once). */
  finish(): RunResult;
}

/** Starts a run: plans its passes and schedules its events, at time 0. */
export function startRun(scenario: Scenario, options: RunOptions = {}): LiveRun {
  const passes = options.passes ?? planPasses(scenario, { integration: options.integration });
  return new ScenarioRun(scenario, passes, options);
}

/** The state of one run; see the module comment. */
class ScenarioRun implements LiveRun {
  private readonly sim = new Simulation<NetEvent>();
  private readonly net: NetworkState;
  private readonly router: Router;
  private readonly streams: RandomStreams;
  private readonly flows: (Flow | null)[];
  private readonly routes: (Route | null)[];
  private readonly paths: PathChange[][];
  private readonly desk: RequestDesk;
  private readonly delivered: number[];
  private readonly seriesT: number[] = [];
  private readonly seriesLevels: number[][];
  private readonly demandServed: number[][];
  private readonly demandStarved: number[][];
  private wakeHandle: EventHandle | null = null;
  private routeChanges = 0;
  private wakesInARow = 0;
  private readonly ops: SatelliteOps;
  private readonly outageLog = new OutageLog();
  /** Downlink pool indices of each satellite (its on-board stores). */
  private readonly storesOf = new Map<string, number[]>();
  private readonly wakeAct = (): void => this.onWake();

  private readonly onProgress: ((fraction: number) => void) | undefined;
  private readonly sink: RunSink | undefined;
  private readonly keepSeries: boolean;
  /** Per pass: its outcome and delivered bits are final (emitted to the sink in plan order). */
  private readonly final: Uint8Array;
  private emitted = 0;
  private readonly accounts: PassAccounts;
  private readonly levelBuf: Float64Array;

  constructor(
    readonly scenario: Scenario,
    private readonly passes: readonly PlannedPass[],
    options: RunOptions,
  ) {
    this.onProgress = options.onProgress;
    this.sink = options.sink;
    this.keepSeries = options.keepSeries ?? true;
    const lifetime = new Map(scenario.satellites.map((s) => [s.id, s.keyLifetimeMs]));
    this.net = new NetworkState(
      scenario.links.map((l) => ({
        id: l.id, from: l.from, to: l.to, kind: l.kind,
        generationBps: l.kind === 'fiber' ? fiberLinkRateBps(l) : 0,
        pool: { ...l.pool, lifetimeMs: l.kind === 'downlink' ? (lifetime.get(l.from) ?? null) : null },
      })),
    );
    scenario.links.forEach((l, i) => {
      if (l.kind !== 'downlink') return;
      this.storesOf.set(l.from, [...(this.storesOf.get(l.from) ?? []), i]);
    });
    this.router = new Router(new RoutingGraph(scenario.nodes.map((n) => n.id), scenario.links), this.net, scenario.routing);
    this.streams = new RandomStreams(scenario.seed);
    this.desk = new RequestDesk({ net: this.net, router: this.router, demands: scenario.demands });
    this.flows = scenario.demands.map(() => null);
    this.routes = scenario.demands.map(() => null);
    this.paths = scenario.demands.map(() => []);
    this.delivered = passes.map(() => 0);
    this.seriesLevels = scenario.links.map(() => []);
    this.demandServed = scenario.demands.map(() => []);
    this.demandStarved = scenario.demands.map(() => []);
    this.ops = new SatelliteOps(scenario, passes, this.streams);
    this.satById = new Map(scenario.satellites.map((sat) => [sat.id, sat]));
    // A pass that will not deliver key is final from the start; a keyed one when its key enters
    // its pool, or when scheduling passes it over.
    this.final = Uint8Array.from(this.ops.outcomes, (o) => (o === 'keyed' ? 0 : 1));
    this.levelBuf = new Float64Array(scenario.links.length);
    this.accounts = new PassAccounts(scenario.links.length);
    this.begin();
  }

  private readonly satById: ReadonlyMap<string, ResolvedSatellite>;
  /** Key taken by outside consumers (takeKey), in order. */
  private readonly taken: { from: string; to: string; bits: number; tMs: number }[] = [];

  private finished = false;

  get nowMs(): number {
    return this.sim.nowMs;
  }

  /** Registers the handlers and schedules every initial event (constructor only). */
  private begin(): void {
    const { sim, scenario } = this;
    const end = scenario.durationMs;
    sim.on('passKey', (e) => this.step(() => this.onPassKey(e.pass)));
    sim.on('schedule', (e) => this.step(() => this.onSchedule(e.cluster)));
    sim.on('linkDown', (e) => this.step(() => this.onLinkDown(e.outage)));
    sim.on('linkUp', (e) => this.step(() => this.onLinkUp(e.outage)));
    sim.on('demandStart', (e) => this.step(() => this.onDemandStart(e.demand)));
    sim.on('demandEnd', (e) => this.step(() => this.onDemandEnd(e.demand)));
    sim.on('request', (e) => this.step(() => this.onRequest(e.demand)));
    sim.on('deadline', () => this.step(() => this.onDeadlines()));
    sim.on('wake', () => this.step(this.wakeAct));
    // A sample only reads the state: advance the accounting, no re-plan (the rates stay as they are).
    sim.on('sample', () => {
      this.net.advanceTo(this.sim.nowMs);
      this.onSample();
    });

    this.passes.forEach((p, i) => {
      if (this.ops.outcomes[i] === 'keyed' && p.distilledMs !== null && p.distilledMs <= end) sim.scheduleAt(p.distilledMs, { kind: 'passKey', pass: i }, URGENT);
    });
    this.ops.clusters.forEach((c, i) => sim.scheduleAt(c.startMs, { kind: 'schedule', cluster: i }, URGENT));
    scenario.links.forEach((l) => {
      if (l.kind !== 'fiber') return;
      const random = l.faults ? drawFailures(l.faults, end, this.streams.stream(STREAM_NAMES.faults(l.id))) : [];
      for (const i of this.outageLog.add(l.id, mergeOutages([...l.outages, ...random]))) {
        const o = this.outageLog.records[i]!;
        sim.scheduleAt(o.startMs, { kind: 'linkDown', outage: i }, URGENT);
        sim.scheduleAt(o.endMs, { kind: 'linkUp', outage: i }, URGENT);
      }
    });
    scenario.demands.forEach((d, i) => {
      if (d.kind === 'constant') {
        sim.scheduleAt(d.startMs, { kind: 'demandStart', demand: i });
        sim.scheduleAt(d.endMs, { kind: 'demandEnd', demand: i });
      } else if (d.kind === 'bulk') {
        sim.scheduleAt(d.startMs, { kind: 'request', demand: i });
      } else {
        const first = d.startMs + this.interArrivalMs(i);
        if (first < d.endMs) sim.scheduleAt(first, { kind: 'request', demand: i });
      }
    });
    const sampleMs = Math.round(scenario.output.sampleIntervalS * 1000);
    for (let t = 0; t < end; t += sampleMs) sim.scheduleAt(t, { kind: 'sample' }, SAMPLE_PRIORITY);
    sim.scheduleAt(end, { kind: 'sample' }, SAMPLE_PRIORITY);
  }

  advanceTo(tMs: number): void {
    if (this.finished) throw new Error('LiveRun.advanceTo: the run has finished');
    if (!(Number.isSafeInteger(tMs) && tMs >= this.sim.nowMs && tMs <= this.scenario.durationMs)) {
      throw new RangeError(`LiveRun.advanceTo: expected an integer ms in [${this.sim.nowMs}, ${this.scenario.durationMs}], got ${tMs}`);
    }
    this.sim.run({ untilMs: tMs });
  }

  takeKey(from: string, to: string, bits: number): TakeResult {
    if (this.finished) throw new Error('LiveRun.takeKey: the run has finished');
    if (!(Number.isSafeInteger(bits) && bits > 0)) throw new RangeError(`LiveRun.takeKey: expected a whole number of bits > 0, got ${bits}`);
    let out: TakeResult = { ok: false, reason: `no route from ${from} to ${to}` };
    this.step(() => {
      const best = this.router.best(from, to);
      const route = best && this.router.holds(best, bits) ? best : this.router.withKey(from, to, bits);
      if (!route) {
        if (best) {
          let weakest = best.poolIdx[0]!;
          for (const p of best.poolIdx) if (this.net.pools[p]!.levelBits < this.net.pools[weakest]!.levelBits) weakest = p;
          out = { ok: false, reason: `short of key on link ${this.net.links[weakest]!.id} (${this.net.pools[weakest]!.levelBits} bits held, ${bits} needed)` };
        }
        return;
      }
      for (const p of route.poolIdx) this.net.take(p, bits);
      this.desk.levelsJumped = true;
      this.taken.push({ from, to, bits, tMs: this.sim.nowMs });
      out = { ok: true, bits, tMs: this.sim.nowMs, nodes: route.nodes, links: route.links };
    });
    return out;
  }

  pools(): PoolSnapshot[] {
    if (!this.finished) this.net.advanceTo(this.sim.nowMs);
    return this.net.pools.map((p, i) => ({ link: this.net.links[i]!.id, levelBits: p.levelBits, capacityBits: p.capacityBits, consumedBits: p.consumedBits, lifetimeMs: p.lifetimeMs }));
  }

  availableBits(from: string, to: string): number {
    if (!this.finished) this.net.advanceTo(this.sim.nowMs);
    // The widest route by bisection over the distinct pool levels: a route exists whose every hop
    // holds `bits` exactly when `bits` is at most the answer (router.withKey applies the same rules
    // as takeKey: links up, satellite stores holding key).
    const levels = [...new Set(this.net.pools.map((p) => p.levelBits))].filter((b) => b > 0).sort((a, b) => a - b);
    let lo = 0;
    let hi = levels.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.router.withKey(from, to, levels[mid]!)) {
        best = levels[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  finish(): RunResult {
    if (this.finished) throw new Error('LiveRun.finish: the run has finished already');
    const end = this.scenario.durationMs;
    this.sim.run({ untilMs: end + 1 });
    this.net.advanceTo(end);
    this.desk.dropAll('not served before the end of the run');
    this.finished = true;
    this.final.fill(1);
    this.emitFinal();
    return this.result();
  }

  /** Common frame of every handler: advance the accounting, act, then re-plan. */
  private step(act: () => void): void {
    if (act !== this.wakeAct) this.wakesInARow = 0;
    if (this.outageLog.anyActive) {
      // Rates are constant since the last event: charge the demands' shortfall to the outages.
      const dtS = (this.sim.nowMs - this.net.nowMs) / 1000;
      let shortBps = 0;
      for (const f of this.net.flows) shortBps += f.requestBps - f.rateBps;
      this.outageLog.charge(shortBps * dtS);
    }
    this.net.advanceTo(this.sim.nowMs);
    this.net.expireDue(this.sim.nowMs);
    act();
    this.replan();
    this.emitFinal();
  }

  /**
   * Accounts for every pass, in plan order, whose outcome and delivered bits are final (link tally,
   * night tally), and hands it to the sink: each pass is visited here once, so the results need no
   * walk over all passes at the end.
   */
  private emitFinal(): void {
    const sink = this.sink?.pass;
    while (this.emitted < this.passes.length && this.final[this.emitted]) {
      const i = this.emitted++;
      const p = this.passes[i]!;
      const bits = this.delivered[i]!;
      this.accounts.add(this.net.index.get(p.linkId)!, bits, p.distilledMs);
      this.ops.countNight(p, bits);
      if (sink) sink.call(this.sink, i, p, this.ops.outcomes[i]!, bits);
    }
  }

  private onSchedule(index: number): void {
    const cluster = this.ops.clusters[index]!;
    this.ops.decide(cluster, (c) => {
      const i = (this.storesOf.get(c.satelliteId) ?? []).find((k) => this.net.links[k]!.to === c.stationId);
      return i === undefined ? 0 : this.net.pools[i]!.levelBits;
    });
    for (const m of cluster.members) if (this.ops.outcomes[m.index] !== 'keyed') this.final[m.index] = 1;
  }

  private onLinkDown(index: number): void {
    const o = this.outageLog.begin(index);
    this.net.setUp(this.net.index.get(o.link)!, false);
    // Demands whose route used the link will be moved (or starve) at the re-plan that follows.
    this.scenario.demands.forEach((d, k) => {
      if (this.flows[k] && this.net.flows.includes(this.flows[k]!) && this.routes[k]?.links.includes(o.link)) o.rerouted.push(d.id);
    });
  }

  private onLinkUp(index: number): void {
    const o = this.outageLog.end(index);
    this.net.setUp(this.net.index.get(o.link)!, true);
  }

  /**
   * A wake changes nothing by itself; it only makes the state at its instant visible. Millions in a
   * row without any other event would mean the next-change computation does not converge: fail
   * loudly instead of spinning.
   */
  private onWake(): void {
    if (++this.wakesInARow > MAX_WAKES_IN_A_ROW) {
      throw new Error(`pool-state wakes do not converge (${MAX_WAKES_IN_A_ROW} in a row without another event)`);
    }
  }

  private onPassKey(index: number): void {
    this.final[index] = 1;
    if (this.ops.outcomes[index] !== 'keyed') return; // not scheduled after all
    const p = this.passes[index]!;
    const link = this.net.index.get(p.linkId)!;
    const satId = this.net.links[link]!.from;
    const sat = this.satById.get(satId);
    // A shared on-board memory limits all of the satellite's stores together.
    let room = Infinity;
    if (sat?.onboardCapacityBits != null) {
      const stored = (this.storesOf.get(satId) ?? []).reduce((a, k) => a + this.net.pools[k]!.levelBits, 0);
      room = sat.onboardCapacityBits - stored;
    }
    const discarded = this.net.addLump(link, p.secretBits, this.sim.nowMs, room);
    this.delivered[index] = p.secretBits - discarded;
    this.desk.levelsJumped = true;
  }

  private onDemandStart(i: number): void {
    const d = this.scenario.demands[i]!;
    if (d.kind !== 'constant') return;
    const flow: Flow = {
      id: d.id, requestBps: d.rateBps, poolIdx: [], rateBps: 0, bottleneck: -1, servedBits: 0, carry: 0,
      starvedMs: 0, longestStarvedMs: 0, runMs: 0, starvedBy: new Map(),
    };
    this.flows[i] = flow;
    this.net.flows = [...this.net.flows, flow].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.net.version++;
    this.setRoute(i, this.router.best(d.from, d.to));
  }

  private onDemandEnd(i: number): void {
    const flow = this.flows[i];
    if (!flow) return;
    this.net.flows = this.net.flows.filter((f) => f !== flow);
    flow.rateBps = 0;
    this.net.version++;
  }

  private onRequest(i: number): void {
    const d = this.scenario.demands[i]!;
    const now = this.sim.nowMs;
    if (d.kind === 'bulk') {
      this.desk.add(i, d.bits, now, d.deadlineMs);
    } else if (d.kind === 'poisson') {
      const bits = drawSize(d.size, this.demandStream(i));
      this.desk.add(i, bits, now, Math.min(this.scenario.durationMs, now + Math.round(d.maxWaitS * 1000)));
      const next = now + this.interArrivalMs(i);
      if (next < d.endMs) this.sim.scheduleAt(next, { kind: 'request', demand: i });
    }
  }

  /** Drops every waiting request whose deadline has come. */
  private onDeadlines(): void {
    this.desk.dropDue(this.sim.nowMs, () => this.outageLog.dropped());
  }

  private onSample(): void {
    const levels = this.levelBuf;
    this.net.pools.forEach((p, i) => (levels[i] = p.levelBits));
    this.sink?.sample?.(this.sim.nowMs, levels);
    if (this.keepSeries) {
      this.seriesT.push(this.sim.nowMs);
      for (let i = 0; i < levels.length; i++) this.seriesLevels[i]!.push(levels[i]!);
      this.flows.forEach((f, i) => {
        this.demandServed[i]!.push(f?.servedBits ?? 0);
        this.demandStarved[i]!.push(f?.starvedMs ?? 0);
      });
    }
    this.emitFinal();
    this.onProgress?.(this.scenario.durationMs > 0 ? this.sim.nowMs / this.scenario.durationMs : 1);
  }

  private setRoute(i: number, route: Route | null): void {
    const flow = this.flows[i]!;
    this.routes[i] = route;
    flow.poolIdx = route ? route.links.map((id) => this.net.index.get(id)!) : [];
    this.net.version++;
    const history = this.paths[i]!;
    const last = history[history.length - 1];
    const links = route ? route.links : [];
    if (!last || last.links.join() !== links.join()) {
      history.push({ tMs: this.sim.nowMs, nodes: route ? [...route.nodes] : [], links: [...links] });
      if (last) this.routeChanges++;
    }
  }

  /** After every event: serve waiting requests, revisit routes if pools changed state, re-split rates, reschedule the wake. */
  private replan(): void {
    // Weights first (an event may have changed pool states), then requests, then weights again
    // (serving them may have emptied pools), then the flows' routes.
    const before = this.router.refresh();
    this.desk.serve(this.sim.nowMs);
    if (this.router.refresh() || before) this.reroute();
    this.net.allocate();
    this.scheduleWake();
  }

  private reroute(): void {
    this.scenario.demands.forEach((d, i) => {
      const flow = this.flows[i];
      if (!flow || !this.net.flows.includes(flow)) return;
      const best = this.router.best(d.from, d.to);
      const current = this.routes[i];
      const currentCost = current ? this.router.cost(current) : null;
      // Switch only to a strictly better route, so equal alternatives do not flap.
      if (currentCost === null || (best && best.cost < currentCost - 1e-9)) this.setRoute(i, best);
    });
  }

  private deadlineHandle: EventHandle | null = null;

  /** Keeps one event at the earliest deadline among the waiting requests. */
  private scheduleDeadline(): void {
    const due = this.desk.nextDeadlineMs();
    const target = Math.max(this.sim.nowMs, due);
    if (this.deadlineHandle?.pending && this.deadlineHandle.tMs === target) return;
    if (this.deadlineHandle) this.sim.cancel(this.deadlineHandle);
    this.deadlineHandle = Number.isFinite(due) ? this.sim.scheduleAt(target, { kind: 'deadline' }) : null;
  }

  private scheduleWake(): void {
    this.scheduleDeadline();
    let next = this.net.nextPoolChangeMs();
    next = Math.min(next, this.net.nextExpiryMs());
    next = Math.min(next, this.desk.nextServableMs());
    const target = Math.max(this.sim.nowMs + 1, next);
    if (this.wakeHandle?.pending && this.wakeHandle.tMs === target) return;
    if (this.wakeHandle) this.sim.cancel(this.wakeHandle);
    this.wakeHandle = Number.isFinite(next) && target <= this.scenario.durationMs ? this.sim.scheduleAt(target, { kind: 'wake' }, NORMAL) : null;
  }

  private readonly demandStreams: (Rng | undefined)[] = [];
  /** The random stream of demand i (arrivals and sizes), `demand:<id>`. */
  private demandStream(i: number): Rng {
    return (this.demandStreams[i] ??= this.streams.stream(STREAM_NAMES.demand(this.scenario.demands[i]!.id)));
  }

  private interArrivalMs(i: number): number {
    const d = this.scenario.demands[i]!;
    if (d.kind !== 'poisson') return 0;
    return Math.max(1, Math.round(this.demandStream(i).exponential(d.meanIntervalS) * 1000));
  }

  private takenByPair(): RunResult['taken'] {
    const byPair = new Map<string, { from: string; to: string; bits: number; transfers: number }>();
    for (const t of this.taken) {
      const key = `${t.from}\u0000${t.to}`;
      const pair = byPair.get(key) ?? { from: t.from, to: t.to, bits: 0, transfers: 0 };
      pair.bits += t.bits;
      pair.transfers++;
      byPair.set(key, pair);
    }
    return [...byPair.values()];
  }

  private result(): RunResult {
    const { scenario } = this;
    const requestsOf = this.desk.byDemand();
    return {
      scenario,
      passes: this.passes,
      passOutcomes: this.ops.outcomes,
      passDeliveredBits: this.delivered,
      nights: this.ops.nights(),
      outages: this.outageLog.records,
      links: scenario.links.map((l, i) => linkResult(l, this.net.pools[i]!, this.net.links[i]!.generationBps, this.accounts.tallies[i]!)),
      demands: scenario.demands.map((d, i) => ({
        ...demandResult(d, i, this.flows[i] ?? null, requestsOf[i]!, this.paths[i]!, this.net.links),
        readiness: readiness(d, this.paths[i]!, { tMs: this.seriesT, levels: this.seriesLevels }, this.net.links, this.accounts),
      })),
      series: { tMs: this.seriesT, levels: this.seriesLevels },
      demandSamples: { servedBits: this.demandServed, starvedMs: this.demandStarved },
      requests: this.desk.requests,
      stats: { events: this.sim.stats.processed, routeChanges: this.routeChanges },
      taken: this.takenByPair(),
    };
  }
}
