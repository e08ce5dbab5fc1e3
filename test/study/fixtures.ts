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
