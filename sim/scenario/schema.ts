/**
 * The scenario file format (YAML or JSON), as a zod schema: the single source of the field names,
 * types, ranges and defaults. `qkdsim schema` prints it as JSON Schema; scenarios/README.md
 * documents every field. Unknown fields are errors (strict objects): typos must not pass silently.
 *
 * Times are ISO 8601 UTC strings, or numbers meaning seconds after the scenario's start.
 * @module
 */
import { z } from 'zod';
import { DECOY_ESTIMATORS, type DecoyEstimator } from '../links/bb84-decoy.js';
import { PARAMS_BY_KIND, type LinkKind } from '../links/params.js';
import { DEFAULT_DOWNLINK_PRESET, DEFAULT_FIBER_PRESET } from '../links/presets.js';
import { STATION_DOWNLINK, STATION_POSITION } from './stations.js';
import { boundedNumber, rangedNumber } from './bounds.js';

/** Identifiers of nodes, links, satellites and demands: letters, digits, `-`, `_`, `.`. */
export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "-", "_" or ".", starting with a letter or digit');

/** An ISO 8601 UTC time (`2016-12-19T16:00:00Z`, or a date alone for 00:00 UTC). */
export const IsoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/, 'an ISO 8601 UTC time such as 2016-12-19T16:00:00Z');

/** A time: ISO 8601 UTC (`2016-12-19T16:00:00Z`) or seconds after the scenario start. */
export const TimeRef = z.union([IsoTime, z.number().min(0)]);

/** A key pool's size and starting state. */
export const PoolSchema = z.strictObject({
  /** Largest amount of key the pool holds, bits; key beyond it is discarded and counted. */
  capacityBits: boundedNumber('bits', { integer: true }).default(100_000_000),
  /** Key in the pool at the start, bits (<= capacity). */
  initialBits: boundedNumber('poolBits', { integer: true }).default(0),
  /** Below this level the pool is in state WARNING (READY above, EMPTY at 0), bits. */
  warningBits: boundedNumber('poolBits', { integer: true }).default(100_000),
});

/**
 * Overrides of a link preset's parameters: the parameters of the link kind's table (links/params.ts,
 * with their ranges and meanings, and their earlier names as aliases), and the decoy estimator.
 */
function paramOverrides(kind: LinkKind): z.ZodType<Partial<Record<string, number | string>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of PARAMS_BY_KIND[kind]) {
    const field = rangedNumber(spec.range);
    const described = field.describe(`${spec.help}${spec.unit ? `, ${spec.unit}` : ''}`).optional();
    shape[spec.name] = described;
    for (const alias of spec.aliases ?? []) shape[alias] = field.describe(`earlier name of ${spec.name}`).optional();
  }
  shape.decoys = z.enum(DECOY_ESTIMATORS as [DecoyEstimator, ...DecoyEstimator[]]).optional().describe('single-photon estimator');
  // A misspelt parameter is named with the parameters the kind has (see validation.ts).
  const known = PARAMS_BY_KIND[kind].map((p) => p.name).join(', ');
  const noun = kind === 'fiber' ? 'fibre' : 'downlink';
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown ${noun} parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (known: ${known}, decoys)` : undefined),
  }) as z.ZodType<Partial<Record<string, number | string>>>;
}
export const FiberParamOverrides = paramOverrides('fiber');
export const DownlinkParamOverrides = paramOverrides('downlink');

/**
 * A Walker-delta constellation i: t/p/f (sim/orbit/walker.ts): t satellites in p equally spaced
 * circular orbital planes, phasing f. Its members are `<id>-<plane>-<slot>` (1-based).
 */
export const WalkerSchema = z.strictObject({
  /** Total satellites t. */
  satellites: z.number().int().min(1).max(1000),
  /** Planes p (must divide t). */
  planes: z.number().int().min(1).max(1000),
  /** Phasing f in [0, p - 1]: plane k's satellites are shifted by 360 f k / t degrees. */
  phasing: z.number().int().min(0).default(0),
  /** Mean altitude above the WGS-72 equatorial radius, km. */
  altitudeKm: z.number().min(150).max(40_000),
  inclinationDeg: z.number().min(0).max(180),
  /** Epoch of the generated elements (ISO 8601 UTC; default: the scenario start). */
  epoch: IsoTime.optional(),
  /** Right ascension of the ascending node of plane 1, degrees. */
  raan0Deg: z.number().min(-360).max(360).default(0),
});

/** A satellite: element sets from a TLE / OMM file, inline TLE lines, or a Walker constellation. */
export const SatelliteSchema = z.strictObject({
  id: Id,
  /** TLE or OMM JSON file, relative to the scenario file; `bundled:micius` is the shipped Micius file. */
  tle: z.string().min(1).optional(),
  /** Inline element set (two TLE lines) instead of a file. */
  lines: z.tuple([z.string(), z.string()]).optional(),
  /** Which satellite of the file: its name or catalogue number (default: the file's only satellite). */
  select: z.union([z.string(), z.number().int()]).optional(),
  /** A generated Walker-delta constellation instead of element sets (one entry, many satellites). */
  walker: WalkerSchema.optional(),
  /** The key stores on board (one per station, shared capacity). */
  onboard: z
    .strictObject({
      /** Total key the satellite can store across all its stations' stores, bits. */
      capacityBits: boundedNumber('bits', { integer: true }).optional(),
      /** Stored key older than this is discarded, s. */
      lifetimeS: boundedNumber('keyLifetimeS').optional(),
    })
    .optional(),
  /** Which station the satellite serves when two see it at once. */
  scheduling: z.enum(['highest-elevation', 'first-come', 'lowest-key']).default('highest-elevation'),
});

/**
 * Clear and cloudy nights at a station: a two-state Markov chain over nights, clear with the
 * month's probability in the long run, each night like the one before with extra probability
 * `persistence` (lag-1 correlation). A clouded night gives no key.
 */
export const WeatherSchema = z.strictObject({
  /** Long-run fraction of clear nights: one number, or twelve (January to December). */
  clearProbability: z.union([z.number().min(0).max(1), z.array(z.number().min(0).max(1)).length(12)]),
  /** Correlation of consecutive nights, in [0, 1). */
  persistence: z.number().min(0).lt(1).default(0.3),
});

/** Weather of a station: explicit, the catalogue's, or always clear. */
export const StationWeatherSchema = z.union([WeatherSchema, z.enum(['catalogue', 'clear'])]);

/** A ground station: a catalogue id, or an inline station, or a catalogue id with overrides. */
export const StationSchema = z.union([
  Id,
  z.strictObject({
    id: Id,
    name: z.string().optional(),
    /** Inline position (all three, or none to take the catalogue's). */
    latDeg: STATION_POSITION.latDeg.optional(),
    lonDeg: STATION_POSITION.lonDeg.optional(),
    altM: STATION_POSITION.altM.optional(),
    /** The station's telescope, key mask and night threshold: the same fields as the catalogue's (stations.ts). */
    ...STATION_DOWNLINK,
    /** This station's weather (default: the scenario's `weather`). */
    weather: StationWeatherSchema.optional(),
  }),
]);

/** A non-station node: a trusted relay or a user site. */
export const NodeSchema = z.strictObject({
  id: Id,
  kind: z.enum(['relay', 'user']),
  name: z.string().optional(),
  latDeg: z.number().min(-90).max(90).optional(),
  lonDeg: z.number().min(-180).lt(360).optional(),
});

/** A fibre QKD link: key rate from the fibre model at its length, or a fixed measured rate. */
export const FiberLinkSchema = z.strictObject({
  id: Id.optional(),
  kind: z.literal('fiber'),
  from: Id,
  to: Id,
  /** Fibre length, km (needed unless rateBps is given). */
  lengthKm: boundedNumber('fiberLengthKm').optional(),
  /** A measured secret key rate, bit/s, used instead of the model. */
  rateBps: boundedNumber('fiberRateBps').optional(),
  /** Fibre parameter preset (`qkdsim keyrate fiber` lists them). */
  preset: z.string().default(DEFAULT_FIBER_PRESET),
  params: FiberParamOverrides.optional(),
  pool: PoolSchema.prefault({}),
  /** Random failures: exponential times between failures and to repair. */
  faults: z.strictObject({ mtbfH: boundedNumber('mtbfH'), mttrH: boundedNumber('mttrH') }).optional(),
  /** Scheduled outages. */
  outages: z.array(z.strictObject({ start: TimeRef, end: TimeRef, reason: z.string().optional() })).default([]),
});

/** A satellite-to-station link: key from each pass over the station. */
export const DownlinkSchema = z.strictObject({
  id: Id.optional(),
  kind: z.literal('downlink'),
  satellite: Id,
  station: Id,
  preset: z.string().default(DEFAULT_DOWNLINK_PRESET),
  params: DownlinkParamOverrides.optional(),
  pool: PoolSchema.prefault({}),
});

export const LinkSchema = z.discriminatedUnion('kind', [FiberLinkSchema, DownlinkSchema]);

const endpoints = { id: Id, from: Id, to: Id };

/** A steady key stream, e.g. AES-128 re-keyed every second = 128 bit/s. */
export const ConstantDemandSchema = z.strictObject({
  ...endpoints,
  kind: z.literal('constant'),
  rateBps: boundedNumber('demandRateBps'),
  /** Default: the scenario start / end. */
  start: TimeRef.optional(),
  end: TimeRef.optional(),
});

/** A one-off amount of key needed before a deadline (e.g. one-time-pad files). */
export const BulkDemandSchema = z.strictObject({
  ...endpoints,
  kind: z.literal('bulk'),
  bits: boundedNumber('bits', { integer: true }),
  /** When the request is made (default: the scenario start). */
  start: TimeRef.optional(),
  /** Latest time it may be served (default: the scenario end). */
  deadline: TimeRef.optional(),
});

/** Size of a random request. */
export const SizeSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('fixed'), bits: boundedNumber('bits', { integer: true }) }),
  z.strictObject({ distribution: z.literal('exponential'), meanBits: boundedNumber('bits') }),
  z.strictObject({ distribution: z.literal('uniform'), minBits: boundedNumber('bits', { integer: true }), maxBits: boundedNumber('bits', { integer: true }) }),
]);

/** Random requests: Poisson arrivals, random sizes, each served or dropped after maxWaitS. */
export const PoissonDemandSchema = z.strictObject({
  ...endpoints,
  kind: z.literal('poisson'),
  meanIntervalS: boundedNumber('poissonMeanIntervalS'),
  size: SizeSchema,
  /** A request not served within this time is dropped, s. */
  maxWaitS: boundedNumber('maxWaitS').default(3600),
  start: TimeRef.optional(),
  end: TimeRef.optional(),
});

export const DemandSchema = z.discriminatedUnion('kind', [ConstantDemandSchema, BulkDemandSchema, PoissonDemandSchema]);

/**
 * A secure application entity (SAE, ETSI GS QKD 014): an application at a ground node that draws
 * the network's key through that node's key management entity (`qkdsim kme`).
 */
export const SaeSchema = z.strictObject({
  /** The SAE id (its client certificate's identity, and the path segment of the KME API). */
  id: Id,
  /** The ground node whose KME serves it. */
  node: Id,
});

/** Trusted-relay path choice. */
export const RoutingSchema = z.strictObject({
  /** `key-aware`: hop weights grow as pools run low; `hops`: fewest hops only. */
  policy: z.enum(['key-aware', 'hops']).default('key-aware'),
  /** Extra weight of a hop whose pool is in WARNING. */
  warningPenalty: boundedNumber('routingPenalty').default(4),
  /** Extra weight of a hop whose pool is EMPTY (usable only at its generation rate). */
  emptyPenalty: boundedNumber('routingPenalty').default(100),
});

/** Pass search settings. */
export const PassSettingsSchema = z.strictObject({
  /** Elevation mask defining a pass, degrees. */
  minElevationDeg: z.number().min(0).max(89).default(10),
});

/** What a run writes. */
export const OutputSchema = z.strictObject({
  /** Pool levels are sampled every this many seconds for the time series. */
  sampleIntervalS: boundedNumber('sampleIntervalS').default(3600),
  /**
   * What report.json holds: `full` also the per-pass records and the pool series, `summary` only the
   * aggregates (the rows stay in passes.csv and pools.csv), `auto` full while the run is small
   * (at most 20 000 passes and 10^6 pool samples x pools).
   */
  detail: z.enum(['auto', 'full', 'summary']).default('auto'),
});

/** A whole scenario. */
export const ScenarioSchema = z
  .strictObject({
    /** Short name; default: the file name without extension. It names the output folder runs/<name>/. */
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^(?!\.+$)[^/\\\u0000-\u001f\u007f]*$/, 'a name without "/", "\\", control characters, and not only dots (it names the output folder runs/<name>/)')
      .optional(),
    description: z.string().optional(),
    /** Start of the simulated span (ISO 8601 UTC). */
    start: TimeRef.refine((v) => typeof v === 'string', 'expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z (the start cannot be in seconds)'),
    /** Length of the span, days (give days or end). */
    days: boundedNumber('spanDays').optional(),
    end: TimeRef.optional(),
    /** Seed of every random stream. */
    seed: boundedNumber('seed', { integer: true }).default(1),
    /** Weather of stations that do not give their own: always clear, or the catalogue's clear-night statistics. */
    weather: z.enum(['clear', 'catalogue']).default('clear'),
    satellites: z.array(SatelliteSchema).default([]),
    stations: z.array(StationSchema).default([]),
    nodes: z.array(NodeSchema).default([]),
    links: z.array(LinkSchema).default([]),
    demands: z.array(DemandSchema).default([]),
    /** Applications that draw key through a node's KME (`qkdsim kme`). */
    saes: z.array(SaeSchema).max(1000).default([]),
    routing: RoutingSchema.prefault({}),
    passes: PassSettingsSchema.prefault({}),
    output: OutputSchema.prefault({}),
  });

/** A scenario as written, after defaults. */
export type ScenarioDoc = z.infer<typeof ScenarioSchema>;
export type FiberLinkDoc = z.infer<typeof FiberLinkSchema>;
export type DownlinkDoc = z.infer<typeof DownlinkSchema>;
export type LinkDoc = z.infer<typeof LinkSchema>;
export type DemandDoc = z.infer<typeof DemandSchema>;
export type PoolDoc = z.infer<typeof PoolSchema>;
export type StationDoc = z.infer<typeof StationSchema>;
export type SizeDoc = z.infer<typeof SizeSchema>;
export type WeatherDoc = z.infer<typeof WeatherSchema>;
export type SatelliteDoc = z.infer<typeof SatelliteSchema>;
export type WalkerDoc = z.infer<typeof WalkerSchema>;
export type SaeDoc = z.infer<typeof SaeSchema>;
