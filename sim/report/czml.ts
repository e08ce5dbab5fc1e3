/**
 * CZML (Cesium's time-dynamic scene format; CZML Guide and Packet reference, CesiumGS wiki) of a
 * run, as a pure function of a small input ({@link CzmlInput}) so that it does not depend on how a
 * run stores its results (czml-run.ts adapts a run's report to it):
 *
 * - the document packet: name and clock over the run;
 * - a satellite per packet, its Earth-fixed position sampled and interpolated (Lagrange), shown over
 *   the run with a trailing path;
 * - stations, relays and users at their places;
 * - a packet per pass: available from rise to set, its outcome in its properties, and the downlink
 *   drawn (a line from satellite to station) only while it makes key (its key window);
 * - a packet per fibre link: a line coloured by the fill of its key pool over time (red empty,
 *   amber half, green full), the level in bits as a sampled property.
 *
 * Times are ISO 8601 UTC; positions metres. FIXED is Cesium's Earth-fixed frame (ITRF); qkdsim's
 * Earth-fixed frame leaves out polar motion and UT1 - UTC (propagate.ts), a few hundred metres at
 * most at LEO radius: invisible at the scale a scene is viewed.
 * @module
 */

/** A satellite's sampled Earth-fixed positions. */
export interface CzmlSatellite {
  readonly id: string;
  readonly name: string;
  /** Sample times, Unix ms, increasing. */
  readonly tUtcMs: readonly number[];
  /** Positions, metres, [x0, y0, z0, x1, ...] Earth-fixed. */
  readonly posEcfM: readonly number[];
}

/** A placed node. */
export interface CzmlNode {
  readonly id: string;
  readonly kind: 'station' | 'relay' | 'user';
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altM: number;
}

/** A pass of a satellite over a station. */
export interface CzmlPass {
  readonly satelliteId: string;
  readonly stationId: string;
  readonly linkId: string;
  readonly riseUtcMs: number;
  readonly setUtcMs: number;
  /** The key window, or null (daylight, below the key mask). */
  readonly keyWindow: { readonly startUtcMs: number; readonly endUtcMs: number } | null;
  /** keyed, no-key, daylight, below-key-mask, clouded, not-scheduled. */
  readonly outcome: string;
  readonly deliveredBits: number;
}

/** A fibre link's key pool over time. */
export interface CzmlPool {
  readonly linkId: string;
  readonly from: string;
  readonly to: string;
  readonly capacityBits: number;
  readonly tUtcMs: readonly number[];
  readonly levelBits: readonly number[];
}

/** Everything the CZML shows. */
export interface CzmlInput {
  readonly name: string;
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  readonly satellites: readonly CzmlSatellite[];
  readonly nodes: readonly CzmlNode[];
  readonly passes: readonly CzmlPass[];
  readonly pools: readonly CzmlPool[];
}

type Rgba = [number, number, number, number];
const NODE_COLOUR: Readonly<Record<CzmlNode['kind'], Rgba>> = { station: [255, 255, 255, 255], relay: [0, 200, 255, 255], user: [255, 170, 0, 255] };
/** Downlink colour by outcome (only keyed passes draw a line, but every pass packet has one). */
const OUTCOME_COLOUR: Readonly<Record<string, Rgba>> = { keyed: [60, 255, 120, 255], 'no-key': [255, 220, 60, 255] };
const OTHER_OUTCOME: Rgba = [160, 160, 160, 255];

const iso = (utcMs: number): string => new Date(Math.round(utcMs)).toISOString();
const interval = (a: number, b: number): string => `${iso(a)}/${iso(b)}`;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Pool fill 0..1 to a colour: red (0) through amber (0.5) to green (1). */
export function poolColour(fill: number): Rgba {
  const f = Math.min(1, Math.max(0, fill));
  return f < 0.5 ? [255, Math.round(2 * f * 200), 0, 255] : [Math.round(2 * (1 - f) * 255), 200, 0, 255];
}

/** The CZML document: an array of packets, the document packet first. */
export function buildCzml(input: CzmlInput): Record<string, unknown>[] {
  const epoch = iso(input.startUtcMs);
  const seconds = (utcMs: number): number => r3((utcMs - input.startUtcMs) / 1000);
  const whole = interval(input.startUtcMs, input.endUtcMs);
  const packets: Record<string, unknown>[] = [
    {
      id: 'document',
      name: input.name,
      version: '1.0',
      clock: { interval: whole, currentTime: epoch, multiplier: 60, range: 'LOOP_STOP', step: 'SYSTEM_CLOCK_MULTIPLIER' },
    },
  ];
  for (const sat of input.satellites) {
    const cartesian: number[] = [];
    sat.tUtcMs.forEach((t, i) => cartesian.push(seconds(t), r3(sat.posEcfM[3 * i]!), r3(sat.posEcfM[3 * i + 1]!), r3(sat.posEcfM[3 * i + 2]!)));
    packets.push({
      id: `satellite/${sat.id}`,
      name: sat.name,
      availability: whole,
      properties: { kind: 'satellite' },
      position: { epoch, referenceFrame: 'FIXED', interpolationAlgorithm: 'LAGRANGE', interpolationDegree: 5, cartesian },
      point: { pixelSize: 8, color: { rgba: [255, 255, 0, 255] } },
      label: { text: sat.name, font: '12px sans-serif', pixelOffset: { cartesian2: [10, 0] }, horizontalOrigin: 'LEFT' },
      path: { leadTime: 0, trailTime: 3000, width: 1, material: { solidColor: { color: { rgba: [255, 255, 0, 128] } } } },
    });
  }
  for (const node of input.nodes) {
    packets.push({
      id: `node/${node.id}`,
      name: node.name,
      properties: { kind: node.kind },
      position: { cartographicDegrees: [node.lonDeg, node.latDeg, node.altM] },
      point: { pixelSize: 7, color: { rgba: NODE_COLOUR[node.kind] } },
      label: { text: node.id, font: '11px sans-serif', pixelOffset: { cartesian2: [8, 0] }, horizontalOrigin: 'LEFT' },
    });
  }
  input.passes.forEach((p, i) => {
    const keying = p.keyWindow !== null && p.outcome === 'keyed';
    packets.push({
      id: `pass/${i}`,
      name: `${p.satelliteId} over ${p.stationId}: ${p.outcome}`,
      availability: interval(p.riseUtcMs, p.setUtcMs),
      properties: { kind: 'pass', satellite: p.satelliteId, station: p.stationId, link: p.linkId, outcome: p.outcome, deliveredBits: p.deliveredBits },
      polyline: {
        positions: { references: [`satellite/${p.satelliteId}#position`, `node/${p.stationId}#position`] },
        width: 2,
        arcType: 'NONE',
        material: { solidColor: { color: { rgba: OUTCOME_COLOUR[p.outcome] ?? OTHER_OUTCOME } } },
        // Drawn only while keying: the key window of a pass that delivered key.
        show: keying ? [{ interval: interval(p.riseUtcMs, p.setUtcMs), boolean: false }, { interval: interval(p.keyWindow!.startUtcMs, p.keyWindow!.endUtcMs), boolean: true }] : false,
      },
    });
  });
  const place = new Map(input.nodes.map((n) => [n.id, n]));
  for (const pool of input.pools) {
    const a = place.get(pool.from);
    const b = place.get(pool.to);
    if (!a || !b) continue;
    const rgba: number[] = [];
    const level: number[] = [];
    pool.tUtcMs.forEach((t, i) => {
      const bits = pool.levelBits[i]!;
      rgba.push(seconds(t), ...poolColour(pool.capacityBits > 0 ? bits / pool.capacityBits : 0));
      level.push(seconds(t), bits);
    });
    packets.push({
      id: `link/${pool.linkId}`,
      name: `${pool.from} - ${pool.to}`,
      properties: { kind: 'fiber', from: pool.from, to: pool.to, capacityBits: pool.capacityBits, levelBits: { epoch, number: level } },
      polyline: {
        positions: { cartographicDegrees: [a.lonDeg, a.latDeg, 0, b.lonDeg, b.latDeg, 0] },
        width: 4,
        material: { solidColor: { color: { epoch, rgba } } },
      },
    });
  }
  return packets;
}
