/**
 * The constellation-scale scenario of issue 13: one Walker entry (planes of equal size, phasing 1,
 * 550 km, 53 deg), stations spread evenly over latitudes -60 to 60 deg and longitudes round the
 * globe (1 m apertures, always clear), one downlink entry per station (so satellites x stations
 * downlinks), default output. Built here, not shipped.
 */

/** Options of {@link constellationDocument}. */
export interface ConstellationOptions {
  readonly satellites: number;
  readonly planes: number;
  readonly stations: number;
  readonly days: number;
}

/** The scenario document. */
export function constellationDocument(o: ConstellationOptions): Record<string, unknown> {
  const stations = Array.from({ length: o.stations }, (_, i) => ({
    id: `gs-${String(i + 1).padStart(3, '0')}`,
    // Latitudes -60..60 in equal steps; longitudes by the golden angle so that no two stations sit
    // on one meridian (they would share every pass).
    latDeg: o.stations === 1 ? 0 : -60 + (120 * i) / (o.stations - 1),
    lonDeg: ((i * 137.508) % 360) - 180,
    altM: 100,
    receiveApertureM: 1,
  }));
  return {
    name: `constellation-${o.satellites}x${o.stations}x${o.days}`,
    start: '2024-03-01T00:00:00Z',
    days: o.days,
    seed: 1,
    satellites: [{ id: 'w', walker: { satellites: o.satellites, planes: o.planes, phasing: 1, altitudeKm: 550, inclinationDeg: 53 } }],
    stations,
    links: stations.map((s) => ({ kind: 'downlink', satellite: 'w', station: s.id })),
  };
}
