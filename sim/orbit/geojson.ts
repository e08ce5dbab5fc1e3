/**
 * GeoJSON (RFC 7946) for GIS tools: satellite ground tracks, visibility footprints, and the ground
 * network (stations, relays, users as points; fibre links as lines). Longitude first, WGS 84 degrees
 * (RFC 7946 sec. 4), rounded to 1e-5 deg (about 1 m; sec. 11.2).
 *
 * The antimeridian (RFC 7946 sec. 3.1.9): a line or polygon that crosses it is cut in two at
 * +-180 deg, so that no GIS tool draws it the long way round the world. A footprint that holds a
 * pole becomes a polygon closed along the pole's parallel (lat +-90) between -180 and 180.
 * Polygon rings follow the right-hand rule: exterior rings counterclockwise (sec. 3.1.6).
 * @module
 */
import type { Tracks } from './ground-track.js';

/** A [longitude, latitude] position, degrees. */
export type Position = [number, number];

type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** A GeoJSON Feature with its properties. */
export interface Feature {
  type: 'Feature';
  geometry: Geometry;
  properties: Record<string, string | number | boolean | null>;
}

/** A GeoJSON FeatureCollection. */
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** A placed node of the network. */
export interface GeoNode {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
}

/** A link between two nodes (drawn when both ends are placed). */
export interface GeoLink {
  readonly id: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string;
}

/** What {@link networkGeoJson} draws. */
export interface GeoJsonInput {
  readonly tracks: Tracks;
  /** A footprint every this many track samples (0: none). */
  readonly footprintEvery: number;
  readonly nodes: readonly GeoNode[];
  readonly links: readonly GeoLink[];
}

const r5 = (x: number): number => Math.round(x * 1e5) / 1e5;
const pos = (lonDeg: number, latDeg: number): Position => [r5(lonDeg), r5(latDeg)];
const DEG = Math.PI / 180;

/**
 * Cuts a line of (lon, lat) points, each lon in [-180, 180], where consecutive points are more than
 * 180 deg of longitude apart (the shorter way crosses the antimeridian): the line ends at +-180 at
 * the latitude interpolated linearly in longitude, and the next part starts at -+180.
 */
export function splitAtAntimeridian(points: readonly Position[]): Position[][] {
  const parts: Position[][] = [];
  let current: Position[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev && Math.abs(p[0] - prev[0]) > 180) {
      const edge = prev[0] > 0 ? 180 : -180;
      const next = p[0] + (edge > 0 ? 360 : -360);
      const f = (edge - prev[0]) / (next - prev[0]);
      const lat = prev[1] + f * (p[1] - prev[1]);
      current.push(pos(edge, lat));
      parts.push(current);
      current = [pos(-edge, lat)];
    }
    current.push(pos(p[0], p[1]));
  });
  if (current.length > 0) parts.push(current);
  return parts.filter((part) => part.length >= 2);
}

/** Keeps the part of a closed ring on one side of a meridian line (Sutherland-Hodgman, one edge). */
function clipRing(ring: readonly Position[], lonDeg: number, keepEast: boolean): Position[] {
  const inside = (p: Position): boolean => (keepEast ? p[0] >= lonDeg : p[0] <= lonDeg);
  const out: Position[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) out.push([lonDeg, a[1] + ((lonDeg - a[0]) / (b[0] - a[0])) * (b[1] - a[1])]);
  }
  if (out.length > 0) out.push(out[0]!);
  return out;
}

/**
 * The small circle of angular radius halfAngleDeg around (latDeg, lonDeg) on the sphere, as a
 * GeoJSON polygon (cut at the antimeridian, or closed along a pole it holds). `n` vertices.
 */
export function footprintGeometry(latDeg: number, lonDeg: number, halfAngleDeg: number, n = 72): Geometry | null {
  if (!(halfAngleDeg > 0)) return null;
  const lat0 = latDeg * DEG;
  const d = halfAngleDeg * DEG;
  // Bearings from north going west (decreasing): a counterclockwise ring on the map.
  const ring: Position[] = [];
  for (let k = 0; k <= n; k++) {
    const theta = (-2 * Math.PI * (k % n)) / n;
    const lat = Math.asin(Math.sin(lat0) * Math.cos(d) + Math.cos(lat0) * Math.sin(d) * Math.cos(theta));
    const dLon = Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(lat0), Math.cos(d) - Math.sin(lat0) * Math.sin(lat));
    ring.push([lonDeg + dLon / DEG, lat / DEG]);
  }
  const round = (r: readonly Position[]): Position[] => r.map((p) => pos(p[0], p[1]));
  if (Math.abs(latDeg) + halfAngleDeg >= 90) return polarCap(ring, latDeg > 0);
  const maxLon = Math.max(...ring.map((p) => p[0]));
  const minLon = Math.min(...ring.map((p) => p[0]));
  if (maxLon <= 180 && minLon >= -180) return { type: 'Polygon', coordinates: [round(ring)] };
  const edge = maxLon > 180 ? 180 : -180;
  const near = clipRing(ring, edge, edge < 0);
  const far = clipRing(ring, edge, edge > 0).map((p): Position => [p[0] - 2 * edge, p[1]]);
  return { type: 'MultiPolygon', coordinates: [[round(near)], [round(far)]] };
}

/** A circle around a pole: its boundary as a function of longitude, closed along lat +-90. */
function polarCap(ring: readonly Position[], north: boolean): Geometry {
  const wrapped = ring.slice(0, -1).map((p): Position => [((((p[0] + 180) % 360) + 360) % 360) - 180, p[1]]);
  wrapped.sort((a, b) => a[0] - b[0]);
  const first = wrapped[0]!;
  const last = wrapped[wrapped.length - 1]!;
  // Latitude where the boundary meets the antimeridian, interpolated across the wrap.
  const span = first[0] + 360 - last[0];
  const latEdge = span > 0 ? last[1] + ((180 - last[0]) / span) * (first[1] - last[1]) : first[1];
  const boundary: Position[] = [[-180, latEdge], ...wrapped, [180, latEdge]];
  const pole = north ? 90 : -90;
  // Counterclockwise: north caps run east along the boundary and back west along the pole;
  // south caps run west along the boundary and back east along the pole.
  const ordered = north ? boundary : [...boundary].reverse();
  const closing: Position[] = north ? [[180, pole], [-180, pole]] : [[-180, pole], [180, pole]];
  const ringOut = [...ordered, ...closing, ordered[0]!].map((p) => pos(p[0], p[1]));
  return { type: 'Polygon', coordinates: [ringOut] };
}

/** Ground tracks, footprints and the ground network as one FeatureCollection. */
export function networkGeoJson(input: GeoJsonInput): FeatureCollection {
  const features: Feature[] = [];
  for (const node of input.nodes) {
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: pos(node.lonDeg, node.latDeg) }, properties: { kind: node.kind, id: node.id, name: node.name } });
  }
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  for (const link of input.links) {
    const a = byId.get(link.from);
    const b = byId.get(link.to);
    if (!a || !b) continue;
    const parts = splitAtAntimeridian([[a.lonDeg, a.latDeg], [b.lonDeg, b.latDeg]]);
    const geometry: Geometry = parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts };
    features.push({ type: 'Feature', geometry, properties: { kind: link.kind, id: link.id, from: link.from, to: link.to } });
  }
  for (const sat of input.tracks.satellites) {
    const parts = splitAtAntimeridian(sat.points.map((p): Position => [p.lonDeg, p.latDeg]));
    if (parts.length > 0) {
      features.push({
        type: 'Feature',
        geometry: { type: 'MultiLineString', coordinates: parts },
        properties: { kind: 'ground-track', satellite: sat.id, name: sat.name, from: input.tracks.from, to: input.tracks.to, stepS: input.tracks.stepS },
      });
    }
    if (input.footprintEvery <= 0) continue;
    sat.points.forEach((p, i) => {
      if (i % input.footprintEvery !== 0) return;
      const geometry = footprintGeometry(p.latDeg, p.lonDeg, p.footprintDeg);
      if (geometry) features.push({ type: 'Feature', geometry, properties: { kind: 'footprint', satellite: sat.id, time: p.t, maskDeg: sat.maskDeg, halfAngleDeg: p.footprintDeg, altKm: p.altKm } });
    });
  }
  return { type: 'FeatureCollection', features };
}
