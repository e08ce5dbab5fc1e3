/** The small scenario the study tests sweep: a 2-satellite Walker shell over Xinglong and Lijiang for two days. */
export const TWO_SAT_BASE = {
  start: '2016-12-16T00:00:00Z',
  days: 2,
  weather: 'catalogue',
  satellites: [{ id: 'w', walker: { satellites: 2, planes: 1, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 264 } }],
  stations: ['xinglong', 'lijiang'],
  links: [
    { kind: 'downlink', satellite: 'w', station: 'xinglong' },
    { kind: 'downlink', satellite: 'w', station: 'lijiang' },
  ],
};

/**
 * The tiny study over TWO_SAT_BASE: 6 cases x 2 replications; c002 and c006 cannot be built (planes
 * must divide satellites), so those two cases fail.
 */
export function tinyStudyDoc(name = 'tiny', seed = 11) {
  return {
    name,
    seed,
    replications: 2,
    base: TWO_SAT_BASE,
    sweep: [
      { path: 'satellites[0].walker.satellites', values: [1, 2, 3] },
      { path: 'satellites[0].walker.planes', values: [1, 2] },
    ],
    metrics: ['keyBitsPerDay', 'nightsWithKeyFraction', 'nightsWithPassFraction', 'nightsWithoutKey', 'minPoolBits'],
  };
}
