/**
 * A scenario after loading: every reference resolved, every default applied, times converted to
 * integer milliseconds after the scenario start (`tMs`), link parameters merged from their presets.
 * This is what the network simulation consumes; it never sees the file format.
 * @module
 */
import type { DownlinkParams, FiberParams } from '../links/index.js';
import type { Satellite } from '../orbit/index.js';
import type { ScenarioDoc, SizeDoc } from './schema.js';

/** Kinds of node in the network graph. */
export type NodeKind = 'station' | 'relay' | 'user' | 'satellite';

/** A node of the network: ground station, trusted relay, user site or satellite. */
export interface NetworkNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly name: string;
  /** Position for maps (absent for satellites and unplaced nodes). */
  readonly latDeg?: number;
  readonly lonDeg?: number;
}

/** A ground station with the geometry the pass search needs. */
export interface ResolvedStation {
  readonly id: string;
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altM: number;
  /** The station's own downlink values (stations.ts): they replace a preset's for downlinks to it. */
  readonly receiveApertureM?: number;
  readonly keyMaskDeg?: number;
  readonly sunMaxElevationDeg?: number;
  /** Clear-night model, or null for always clear. */
  readonly weather: StationWeather | null;
}

/** Clear-night statistics of a station. */
export interface StationWeather {
  /** Long-run probability of a clear night, by month (index 0 = January). */
  readonly clearProbabilityByMonth: readonly number[];
  /** Lag-1 correlation of consecutive nights, [0, 1). */
  readonly persistence: number;
  /** Where the numbers come from (catalogue provenance, or "scenario"). */
  readonly source: string;
}

/** A key pool's settings (bits). */
export interface PoolSettings {
  readonly capacityBits: number;
  readonly initialBits: number;
  readonly warningBits: number;
}

/** A link outage: scheduled (from the file) or drawn from the fault model. */
export interface Outage {
  readonly startMs: number;
  readonly endMs: number;
  readonly reason: string;
}

/** A fibre link with its key rate decided. */
export interface ResolvedFiberLink {
  readonly id: string;
  readonly kind: 'fiber';
  readonly from: string;
  readonly to: string;
  readonly lengthKm: number | null;
  /**
   * A measured secret key rate from the file, bit/s, or null: then the link's model gives the rate
   * at lengthKm (links/link-model.ts fiberLinkRateBps, asked by the run).
   */
  readonly measuredRateBps: number | null;
  readonly preset: string;
  /** Merged model parameters (null for a measured rate). */
  readonly params: FiberParams | null;
  readonly pool: PoolSettings;
  /** Scheduled outages, tMs, sorted and within the span. */
  readonly outages: readonly Outage[];
  /** Random failures (mean times, ms), or null. */
  readonly faults: { readonly mtbfMs: number; readonly mttrMs: number } | null;
}

/** A satellite-to-station link: its pool is filled by the key of each pass. */
export interface ResolvedDownlink {
  readonly id: string;
  readonly kind: 'downlink';
  /** Satellite id (the `from` node) and station id (the `to` node). */
  readonly from: string;
  readonly to: string;
  readonly preset: string;
  /** Merged parameters, with the station's receive aperture applied. */
  readonly params: DownlinkParams;
  readonly pool: PoolSettings;
}

export type ResolvedLink = ResolvedFiberLink | ResolvedDownlink;

/** Demand endpoints and id. */
interface DemandBase {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

/** A steady stream of key at rateBps over [startMs, endMs). */
export interface ConstantDemand extends DemandBase {
  readonly kind: 'constant';
  readonly rateBps: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** `bits` of key requested at startMs, needed by deadlineMs. */
export interface BulkDemand extends DemandBase {
  readonly kind: 'bulk';
  readonly bits: number;
  readonly startMs: number;
  readonly deadlineMs: number;
}

/** Poisson arrivals of random-size requests in [startMs, endMs), each dropped after maxWaitS. */
export interface PoissonDemand extends DemandBase {
  readonly kind: 'poisson';
  readonly meanIntervalS: number;
  readonly size: SizeDoc;
  readonly maxWaitS: number;
  readonly startMs: number;
  readonly endMs: number;
}

export type ResolvedDemand = ConstantDemand | BulkDemand | PoissonDemand;

/** How a satellite picks one station when several see it at once. */
export type SchedulingPolicy = 'highest-elevation' | 'first-come' | 'lowest-key';

/** A satellite with its id in the scenario. */
export interface ResolvedSatellite {
  readonly id: string;
  readonly satellite: Satellite;
  /** Total on-board key storage across its stations' stores, bits (null: only each store's own capacity). */
  readonly onboardCapacityBits: number | null;
  /** Stored key expires after this long, ms (null: never). */
  readonly keyLifetimeMs: number | null;
  readonly scheduling: SchedulingPolicy;
}

/** A file a scenario was made from, for provenance (report.json `provenance.inputFiles`). */
export interface InputFile {
  /** The scenario itself, an element-set file it names, or the bundled station catalogue it uses. */
  readonly role: 'scenario' | 'element-set' | 'station-catalogue';
  /** As named in messages: the path as given (or `-`, an upload's name), or its place in the package. */
  readonly name: string;
  /** SHA-256 of its bytes, hex (of the canonical JSON for an in-memory document without text). */
  readonly sha256: string;
  readonly bytes: number;
}

/** A loaded, checked scenario. Times are `tMs`: integer ms after `startUtcMs`. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The file it came from (as given), or null for an in-memory document. */
  readonly file: string | null;
  /** SHA-256 of the file's bytes (or of the canonical JSON of an in-memory document), hex. */
  readonly fileHash: string;
  /** Every file it was made from, the scenario first, with their hashes. */
  readonly inputFiles: readonly InputFile[];
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  /** endUtcMs - startUtcMs. */
  readonly durationMs: number;
  readonly seed: number;
  readonly satellites: readonly ResolvedSatellite[];
  readonly stations: readonly ResolvedStation[];
  /** Every node: stations, relays, users and satellites, sorted by id. */
  readonly nodes: readonly NetworkNode[];
  readonly links: readonly ResolvedLink[];
  readonly demands: readonly ResolvedDemand[];
  readonly routing: ScenarioDoc['routing'];
  readonly passes: ScenarioDoc['passes'];
  readonly output: ScenarioDoc['output'];
  /** Non-fatal remarks for stderr (e.g. element sets far from their epoch). */
  readonly warnings: readonly string[];
}
