/**
 * The size of a run, estimated from the loaded scenario before the run starts: how many events it
 * will process and how much memory its data will hold. A run over a limit (the CLI's, a study's or
 * the server's; each configurable) is refused with the parts that make it big and how to shrink it,
 * instead of running for hours or growing until the process dies.
 *
 * The estimate, for a span of D ms (every count is an upper quantile where it is random):
 *
 *   samples      S = ceil(D / sampleMs) + 1                 one event each; (links + 1) numbers kept
 *                unless they only stream to pools.csv (EstimateOptions.keepSeries)
 *   passes       P = sum over (satellite, station) pairs with a downlink of the expected passes,
 *                taken 1.5 times up: for a circular orbit (inclination i, semi-major axis a from the
 *                mean motion n) and a station at latitude phi with the pass mask eps, the visibility
 *                cap has the Earth central angle psi = acos(R cos eps / a) - eps; the satellite is in
 *                it a fraction f = E_u[dLambda(asin(sin i sin u)) / 2 pi] of the time (the argument of
 *                latitude u uniform, the node uniform against the turning Earth; dLambda(phi') the
 *                cap's longitude extent at latitude phi'), and a pass lasts on average the cap's mean
 *                chord (pi / 2) psi over the angular rate n, so P = days x 86 400 f / ((pi / 2) psi / n).
 *                test/scenario/estimate.test.ts holds it against the passes of real runs. Up to two
 *                events each (the key arriving, the scheduling decision).
 *   outages      scheduled ones, plus for random faults E = D / (MTBF + MTTR) failures, taken as
 *                E + 5 sqrt(E) + 1 (a Poisson count 5 sigma up); two events each (down, up)
 *   demands      constant: 2 events (start, end); bulk: 2 (request, deadline); Poisson: arrivals
 *                A = (end - start) / meanInterval, taken as A + 5 sqrt(A) + 1, two events each (the
 *                arrival, then its deadline or the wake that serves it); each request is kept
 *   wakes        one per event above that is not a sample: a pool changes state (runs dry, fills,
 *                crosses its warning level) a bounded number of times between two such events, and
 *                one is the measured mean (test/scenario/estimate.test.ts compares every shipped
 *                scenario's estimate with its run)
 *   waiting      requests that wait at once: W = sum over Poisson demands of the arrivals within
 *                maxWaitS (5 sigma up, at most all of them), plus one per bulk demand. After every
 *                event the request desk (sim/network/requests.ts) looks at each waiting request, so
 *                a run's work is the events plus events x W request checks; a check costs about a
 *                hundredth of an event (measured: ~14 million checks/s against 60 000 to 150 000
 *                events/s), so the work, in events, is E (1 + W / 100). This is the term that makes
 *                slow requests that pile up expensive: 1 request/s of 1e8 bits over a 20 km fibre,
 *                waiting up to 10 days, ran at ~200 events/s.
 *
 * Memory is each kept item times its measured footprint (BYTES below, from heap snapshots of runs of
 * each kind on Node 20, rounded up); the fixed cost of the process (~100 MB) is not counted.
 * @module
 */
import { DAY_MS } from '../orbit/time.js';
import { InputError, type InputIssue } from '../errors.js';
import { formatNumber } from '../validation.js';
import type { Scenario } from './model.js';

/** Bytes each kept item costs, measured and rounded up (see the module comment). */
const BYTES = {
  /**
   * One sampled pool level: the run's array, the report's copy, and its text in report.json and
   * pools.csv (measured: 1.73 million samples of 10 links, 19 million numbers, peaked at 1.49 GB
   * resident, ~75 bytes a number over the ~100 MB start).
   */
  sampledNumber: 96,
  /**
   * One planned pass: its geometry (483 bytes of heap each, measured after planning the 254 724
   * passes of 100 satellites x 20 stations x 30 days) and its key when integrated (~150 bytes, for
   * about 40 % of them), rounded up; with the 1.5 margin on the passes this also covers the
   * collector's slack (1,000 satellites x 100 stations x 7 days: 3.0 million passes, estimate 3.7 GB,
   * measured peak 3.47 GB).
   */
  pass: 700,
  /** One outage record and its report row. */
  outage: 600,
  /** One key request of a Poisson or bulk demand. */
  request: 200,
} as const;

/** The expected passes are taken this many times up (the formula's error on real runs: test/scenario/estimate.test.ts). */
const PASS_MARGIN = 1.5;
/** Earth's mean radius, km, and gravitational parameter, km^3/s^2 (WGS-72, as SGP4). */
const EARTH_RADIUS_KM = 6371;
const MU_KM3_PER_S2 = 398_600.8;

/**
 * Expected passes a day of a circular orbit over a station above a mask (see the module comment,
 * "passes"): the time fraction in the visibility cap over the mean pass duration.
 */
export function expectedPassesPerDay(inclinationDeg: number, meanMotionRevPerDay: number, stationLatDeg: number, maskDeg: number): number {
  const rad = Math.PI / 180;
  const n = (meanMotionRevPerDay * 2 * Math.PI) / 86_400;
  const a = Math.cbrt(MU_KM3_PER_S2 / (n * n));
  const eps = maskDeg * rad;
  const psi = Math.acos(Math.min(1, (EARTH_RADIUS_KM * Math.cos(eps)) / a)) - eps;
  if (!(psi > 0)) return 0;
  const phi = stationLatDeg * rad;
  const sinI = Math.sin(inclinationDeg * rad);
  const STEPS = 720;
  let fraction = 0;
  for (let k = 0; k < STEPS; k++) {
    const lat = Math.asin(sinI * Math.sin(((k + 0.5) * 2 * Math.PI) / STEPS));
    // Longitude extent of the cap at this latitude (spherical law of cosines).
    const c = (Math.cos(psi) - Math.sin(phi) * Math.sin(lat)) / (Math.cos(phi) * Math.cos(lat));
    if (c < 1) fraction += (2 * Math.acos(Math.max(-1, c))) / (2 * Math.PI);
  }
  fraction /= STEPS;
  const meanPassS = ((Math.PI / 2) * psi) / n;
  return (fraction * 86_400) / meanPassS;
}

/** Limits on one run. */
export interface RunLimits {
  /** Most events the run may process. */
  readonly maxEvents: number;
  /** Most memory its data may take, MiB. */
  readonly maxMemoryMb: number;
  /** Whose limit it is and how to change it, for messages: `the CLI's limit: --max-events`. */
  readonly source: { readonly name: string; readonly eventsFlag: string; readonly memoryFlag: string };
}

/**
 * The command line's defaults: about an hour of events at the ~60 000 events/s a run of a
 * trusted-relay network processes on one core, and memory about Node's default heap (4 144 MiB here).
 */
export const CLI_RUN_LIMITS: RunLimits = {
  maxEvents: 200_000_000,
  maxMemoryMb: 4096,
  source: { name: 'the limit of qkdsim run', eventsFlag: '--max-events', memoryFlag: '--max-memory-mb' },
};

/**
 * The server's defaults, stricter: a run must end well within the server's 10-minute run timeout
 * (1e7 events is about 3 minutes) and several must fit beside each other in memory.
 */
export const SERVER_RUN_LIMITS: RunLimits = {
  maxEvents: 10_000_000,
  maxMemoryMb: 512,
  source: { name: "the server's limit", eventsFlag: 'qkdsim serve --max-events', memoryFlag: 'qkdsim serve --max-memory-mb' },
};

/** One contributor to a run's size. */
export interface EstimatePart {
  /** What it is, naming the field that sets it: `output.sampleIntervalS 1 s over 7 days: 604801 samples`. */
  readonly what: string;
  /** What to change to make it smaller. */
  readonly shrink: string;
  readonly events: number;
  readonly bytes: number;
}

/** Request checks that cost as much as one event (see the module comment, "waiting"). */
export const CHECKS_PER_EVENT = 100;

/** A run's estimated size. */
export interface RunEstimate {
  readonly events: number;
  /** Requests that may wait at once (each looked at after every event). */
  readonly waiting: number;
  /** Events plus request checks, in events: events x (1 + waiting / CHECKS_PER_EVENT). What the event limit applies to. */
  readonly work: number;
  readonly memoryBytes: number;
  /** The passes expected, taken 1.5 times up. */
  readonly passes: number;
  readonly parts: readonly EstimatePart[];
}

/** `12,345,678`, for counts in messages (exponent form past 1e15). */
const count = (n: number): string => (n >= 1e15 ? n.toExponential(2) : Math.round(n).toLocaleString('en-US'));

/** A Poisson count's mean taken 5 standard deviations up (and at least one more). */
const upperCount = (mean: number): number => Math.ceil(mean + 5 * Math.sqrt(mean) + 1);

/** The pool-level samples of a run: one at the start and one every output.sampleIntervalS. */
export function sampleCount(s: Scenario): number {
  const sampleMs = Math.max(1, Math.round(s.output.sampleIntervalS * 1000));
  return Math.ceil(s.durationMs / sampleMs) + 1;
}

/** How the run is made, where it changes its size. */
export interface EstimateOptions {
  /**
   * Whether the run keeps its pool samples in memory (default true). A run whose samples only
   * stream to pools.csv (a summary report; sim/cli/commands/run.ts decides) keeps none of them.
   */
  readonly keepSeries?: boolean;
}

/** Estimates a loaded scenario's run; see the module comment for the formulas. */
export function estimateRun(s: Scenario, options: EstimateOptions = {}): RunEstimate {
  const D = s.durationMs;
  const days = D / DAY_MS;
  const dayText = `${formatNumber(days)} days`;
  const parts: EstimatePart[] = [];

  const samples = sampleCount(s);
  const keepSeries = options.keepSeries ?? true;
  parts.push({
    what: `output.sampleIntervalS ${formatNumber(s.output.sampleIntervalS)} s over ${dayText}: ${count(samples)} samples of ${s.links.length} pool(s)${keepSeries ? '' : ' (streamed to pools.csv, not kept)'}`,
    shrink: 'raise output.sampleIntervalS',
    events: samples,
    bytes: keepSeries ? samples * (s.links.length + 1) * BYTES.sampledNumber : 0,
  });

  // Passes: each (satellite, station) pair with a downlink, expected ones taken 1.5 times up.
  const satById = new Map(s.satellites.map((x) => [x.id, x.satellite]));
  const stationById = new Map(s.stations.map((x) => [x.id, x]));
  const pairs = new Set<string>();
  let passes = 0;
  // A constellation's satellites share their orbit's shape: one evaluation per (orbit, station latitude).
  const perDayOf = new Map<string, number>();
  const passesPerDay = (inclinationDeg: number, meanMotionRevPerDay: number, latDeg: number): number => {
    const key = `${inclinationDeg}/${meanMotionRevPerDay}/${latDeg}`;
    let perDay = perDayOf.get(key);
    if (perDay === undefined) perDayOf.set(key, (perDay = expectedPassesPerDay(inclinationDeg, meanMotionRevPerDay, latDeg, s.passes.minElevationDeg)));
    return perDay;
  };
  for (const l of s.links) {
    if (l.kind !== 'downlink' || pairs.has(`${l.from}\u0000${l.to}`)) continue;
    pairs.add(`${l.from}\u0000${l.to}`);
    const sat = satById.get(l.from);
    const station = stationById.get(l.to);
    if (!sat || !station) continue;
    const set = sat.sets[0]!;
    const perDay = Math.max(...sat.sets.map((x) => passesPerDay(x.inclinationDeg, x.meanMotionRevPerDay, station.latDeg)));
    passes += Math.ceil(PASS_MARGIN * days * perDay) + (set ? 1 : 0);
  }
  if (pairs.size > 0) {
    parts.push({
      what: `${pairs.size} satellite-station pair(s) with downlinks over ${dayText}: about ${count(passes)} passes`,
      shrink: 'use fewer satellites or stations, or a shorter span',
      events: 2 * passes,
      bytes: passes * BYTES.pass,
    });
  }

  for (const l of s.links) {
    if (l.kind !== 'fiber') continue;
    const random = l.faults ? upperCount(D / (l.faults.mtbfMs + l.faults.mttrMs)) : 0;
    const outages = l.outages.length + random;
    if (outages === 0) continue;
    const faults = l.faults ? `, faults every ${formatNumber(l.faults.mtbfMs / 3_600_000)} h on average` : '';
    parts.push({
      what: `link ${l.id}: ${count(outages)} outage(s)${faults}`,
      shrink: `raise links ${l.id} faults.mtbfH or list fewer outages`,
      events: 2 * outages,
      bytes: outages * BYTES.outage,
    });
  }

  let waiting = 0;
  for (const d of s.demands) {
    if (d.kind === 'constant') {
      parts.push({ what: `demand ${d.id} (constant)`, shrink: 'use fewer demands', events: 2, bytes: 0 });
    } else if (d.kind === 'bulk') {
      parts.push({ what: `demand ${d.id} (bulk)`, shrink: 'use fewer demands', events: 2, bytes: BYTES.request });
      waiting += 1;
    } else {
      const arrivals = upperCount((d.endMs - d.startMs) / (d.meanIntervalS * 1000));
      waiting += Math.min(arrivals, upperCount(d.maxWaitS / d.meanIntervalS));
      parts.push({
        what: `demand ${d.id} (poisson, meanIntervalS ${formatNumber(d.meanIntervalS)} s): up to ${count(arrivals)} requests`,
        shrink: `raise meanIntervalS of demand ${d.id} or shorten its start..end`,
        events: 2 * arrivals,
        bytes: arrivals * BYTES.request,
      });
    }
  }

  // One wake per event that is not a sample (see the module comment).
  const nonSample = parts.slice(1).reduce((a, p) => a + p.events, 0);
  const events = samples + 2 * nonSample;
  const memoryBytes = parts.reduce((a, p) => a + p.bytes, 0);
  const checks = (events * waiting) / CHECKS_PER_EVENT;
  if (checks >= 1) {
    parts.push({
      what: `up to ${count(waiting)} requests waiting at once, each checked after every event (${CHECKS_PER_EVENT} checks counted as one event)`,
      shrink: 'shorten maxWaitS or raise meanIntervalS of the Poisson demands',
      events: checks,
      bytes: 0,
    });
  }
  return { events, waiting, work: events + checks, memoryBytes, passes, parts };
}

const MIB = 1024 * 1024;

/**
 * The issues of a run over its limits (none when it fits): the estimate, the limit and whose it
 * is, and the largest parts with what to change.
 * @param label how the scenario is named (its file)
 */
export function runSizeIssues(s: Scenario, limits: RunLimits, label: string, options: EstimateOptions = {}): InputIssue[] {
  const e = estimateRun(s, options);
  const issues: InputIssue[] = [];
  const biggest = (key: 'events' | 'bytes'): string =>
    [...e.parts]
      .filter((p) => p[key] > 0)
      .sort((a, b) => b[key] - a[key])
      .slice(0, 3)
      .map((p) => `${p.what} (${key === 'events' ? `${count(p.events)} events` : `${count(p.bytes / MIB)} MiB`}; ${p.shrink})`)
      .join('; ');
  if (e.work > limits.maxEvents) {
    issues.push({
      file: label,
      message: `expected a run of at most ${count(limits.maxEvents)} events (${limits.source.name}; ${limits.source.eventsFlag} changes it), got an estimated ${count(e.work)}: ${biggest('events')}`,
    });
  }
  if (e.memoryBytes > limits.maxMemoryMb * MIB) {
    issues.push({
      file: label,
      message: `expected a run needing at most ${count(limits.maxMemoryMb)} MiB (${limits.source.name}; ${limits.source.memoryFlag} changes it), got an estimated ${count(e.memoryBytes / MIB)} MiB: ${biggest('bytes')}`,
    });
  }
  return issues;
}

/**
 * Refuses a run over its limits, before it starts.
 * @throws InputError naming the estimate, the limit, and the parts that make the run big
 */
export function checkRunSize(s: Scenario, limits: RunLimits, label: string, options: EstimateOptions = {}): void {
  const issues = runSizeIssues(s, limits, label, options);
  if (issues.length > 0) throw new InputError(issues);
}
