/**
 * Ground nodes of a scenario: stations (from the bundled catalogue, inline, or from the catalogue
 * with overrides) and trusted relays / user sites, each declared in the shared node namespace, and
 * the sorted list of every node the network graph is built from.
 * @module
 */
import type { CatalogStation } from './stations.js';
import { compareIds, listOrNone, type ResolveContext } from './context.js';
import type { NetworkNode, NodeKind, ResolvedSatellite, ResolvedStation, StationWeather } from './model.js';
import type { ScenarioDoc, StationDoc, WeatherDoc } from './schema.js';

/**
 * Day-to-day persistence of clear/cloudy nights used with catalogue weather: an assumption [A]
 * (no published per-site value was found; see scenarios/README.md).
 */
export const DEFAULT_PERSISTENCE = 0.3;

/** The weather a station gets, or null (always clear); records an issue when 'catalogue' has none. */
function stationWeather(
  own: WeatherDoc | 'catalogue' | 'clear' | undefined,
  fallback: 'catalogue' | 'clear',
  catalog: CatalogStation | null,
  path: string,
  ctx: ResolveContext,
): StationWeather | null {
  const choice = own ?? fallback;
  if (choice === 'clear') return null;
  if (choice === 'catalogue') {
    if (catalog?.clearNightProbability === undefined) {
      if (own === 'catalogue' || catalog) {
        ctx.issue(`${path}${own === 'catalogue' ? '.weather' : ''}`, `expected clear-night statistics for this station, got none in the catalogue: give weather: {clearProbability: ...}`);
      }
      return null;
    }
    const p = catalog.clearNightProbability;
    return { clearProbabilityByMonth: Array<number>(12).fill(p), persistence: DEFAULT_PERSISTENCE, source: catalog.weatherSource ?? 'catalogue' };
  }
  const byMonth = typeof choice.clearProbability === 'number' ? Array<number>(12).fill(choice.clearProbability) : [...choice.clearProbability];
  return { clearProbabilityByMonth: byMonth, persistence: choice.persistence, source: 'scenario' };
}

/** Key-mask, night-threshold and weather fields of a station entry. */
function extras(doc: StationDoc, catalog: CatalogStation | null, fallback: 'catalogue' | 'clear', path: string, ctx: ResolveContext) {
  const obj: Exclude<StationDoc, string> | { keyMaskDeg?: undefined; nightSunMaxDeg?: undefined; weather?: undefined } = typeof doc === 'string' ? {} : doc;
  return {
    ...(obj.keyMaskDeg !== undefined ? { keyMaskDeg: obj.keyMaskDeg } : {}),
    ...(obj.nightSunMaxDeg !== undefined ? { nightSunMaxDeg: obj.nightSunMaxDeg } : {}),
    weather: stationWeather(obj.weather, fallback, catalog, path, ctx),
  };
}

const POSITION = ['latDeg', 'lonDeg', 'altM'] as const;

/** Ids of the catalogue stations, in catalogue order. */
function catalogIds(ctx: ResolveContext): string[] {
  return ctx.catalog().map((s) => s.id);
}

function fromCatalog(id: string, path: string, ctx: ResolveContext): CatalogStation | null {
  const found = ctx.catalog().find((s) => s.id === id);
  if (!found) ctx.issue(path, `unknown station ${JSON.stringify(id)} in the catalogue (known: ${catalogIds(ctx).join(', ')})`);
  return found ?? null;
}

function resolveStation(doc: StationDoc, path: string, fallback: 'catalogue' | 'clear', ctx: ResolveContext): ResolvedStation | null {
  if (typeof doc === 'string') {
    const c = fromCatalog(doc, path, ctx);
    return c && { id: c.id, name: c.name, latDeg: c.latDeg, lonDeg: c.lonDeg, altM: c.altM, ...aperture(c.receiveApertureM), ...extras(doc, c, fallback, path, ctx) };
  }
  const given = POSITION.filter((k) => doc[k] !== undefined);
  if (given.length === POSITION.length) {
    // Inline stations have no catalogue statistics: scenario-wide 'catalogue' weather leaves them clear.
    const own = extras(doc, null, doc.weather === undefined ? 'clear' : fallback, path, ctx);
    return { id: doc.id, name: doc.name ?? doc.id, latDeg: doc.latDeg!, lonDeg: doc.lonDeg!, altM: doc.altM!, ...aperture(doc.receiveApertureM), ...own };
  }
  if (given.length > 0) {
    const missing = POSITION.filter((k) => doc[k] === undefined);
    ctx.issue(
      `${path}.${missing[0]}`,
      `expected latDeg, lonDeg and altM together (an inline station) or none of them (a catalogue station), got ${given.join(', ')} without ${missing.join(', ')}`,
    );
    return null;
  }
  const c = fromCatalog(doc.id, `${path}.id`, ctx);
  return (
    c && {
      id: c.id,
      name: doc.name ?? c.name,
      latDeg: c.latDeg,
      lonDeg: c.lonDeg,
      altM: c.altM,
      ...aperture(doc.receiveApertureM ?? c.receiveApertureM),
      ...extras(doc, c, fallback, path, ctx),
    }
  );
}

/** `{receiveApertureM}` when defined: the model's field is optional, never `undefined`-valued. */
const aperture = (m: number | undefined): { receiveApertureM?: number } => (m === undefined ? {} : { receiveApertureM: m });

/** Resolves the stations, declaring each id (broken ones too, so references to them stay quiet). */
export function resolveStations(docs: readonly (StationDoc | undefined)[], weather: 'catalogue' | 'clear', ctx: ResolveContext): ResolvedStation[] {
  const out: ResolvedStation[] = [];
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `stations[${i}]`;
    const station = resolveStation(doc, path, weather, ctx);
    const id = typeof doc === 'string' ? doc : doc.id;
    ctx.declareNode(id, 'station', path, typeof doc === 'string' ? path : `${path}.id`, station !== null);
    if (station) out.push(station);
  });
  return out;
}

/** Checks relays and user sites and declares them. */
export function resolveOtherNodes(docs: readonly (ScenarioDoc['nodes'][number] | undefined)[], ctx: ResolveContext): void {
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `nodes[${i}]`;
    let ok = true;
    if ((doc.latDeg === undefined) !== (doc.lonDeg === undefined)) {
      const missing = doc.latDeg === undefined ? 'latDeg' : 'lonDeg';
      const given = doc.latDeg === undefined ? 'lonDeg' : 'latDeg';
      ctx.issue(`${path}.${missing}`, `expected latDeg and lonDeg together or neither, got ${given} without ${missing}`);
      ok = false;
    }
    ctx.declareNode(doc.id, doc.kind, path, `${path}.id`, ok);
  });
}

/** Every node (stations, relays, users, satellites), sorted by id. Call only when resolution succeeded. */
export function listNodes(
  stations: readonly ResolvedStation[],
  others: ScenarioDoc['nodes'],
  satellites: readonly ResolvedSatellite[],
): NetworkNode[] {
  const nodes: NetworkNode[] = [
    ...stations.map((s): NetworkNode => ({ id: s.id, kind: 'station', name: s.name, latDeg: s.latDeg, lonDeg: s.lonDeg })),
    ...others.map(
      (n): NetworkNode => ({
        id: n.id,
        kind: n.kind,
        name: n.name ?? n.id,
        ...(n.latDeg !== undefined && n.lonDeg !== undefined ? { latDeg: n.latDeg, lonDeg: n.lonDeg } : {}),
      }),
    ),
    ...satellites.map((s): NetworkNode => ({ id: s.id, kind: 'satellite', name: s.satellite.name })),
  ];
  return nodes.sort((a, b) => compareIds(a.id, b.id));
}

/** Ground node kinds: fibre endpoints and demand endpoints must be one of these. */
export const GROUND_KINDS: readonly NodeKind[] = ['station', 'relay', 'user'];

/** What a reference may point at, for messages: `node` / `a ground node (station, relay or user)`. */
export interface RefKind {
  readonly kinds: readonly NodeKind[];
  /** Noun after "unknown". */
  readonly noun: string;
  /** What was expected when the id names a node of another kind. */
  readonly expected: string;
}

export const GROUND_REF: RefKind = { kinds: GROUND_KINDS, noun: 'node', expected: 'a ground node (station, relay or user)' };
export const SATELLITE_REF: RefKind = { kinds: ['satellite'], noun: 'satellite', expected: 'a satellite' };
export const STATION_REF: RefKind = { kinds: ['station'], noun: 'station', expected: 'a station' };

/**
 * Checks a reference to a node; true when it names a good node of an allowed kind. An unknown id
 * lists the known ids of the right kinds; an id of a broken node is not reported again.
 */
export function checkReference(id: string, ref: RefKind, path: string, ctx: ResolveContext): boolean {
  const entry = ctx.nodes.get(id);
  if (!entry) {
    const known = ctx.idsOf(ref.kinds);
    const hint =
      ref.kinds.includes('station') && catalogIds(ctx).includes(id) ? `; "${id}" is in the station catalogue: add it to stations` : '';
    ctx.issue(path, `unknown ${ref.noun} ${JSON.stringify(id)} (known: ${listOrNone(known)})${hint}`);
    return false;
  }
  if (!ref.kinds.includes(entry.kind)) {
    ctx.issue(path, `expected ${ref.expected}, got ${entry.kind} ${JSON.stringify(id)} (${entry.path})`);
    return false;
  }
  return entry.ok;
}
