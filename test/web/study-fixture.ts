/**
 * Study results for the dashboard tests, made by the real study runner (not written by hand): a
 * temporary studies folder with two small study files, run by `runStudy` into a temporary results
 * folder, plus a study file without results and two files that are not studies.
 *
 * - `tiny-grid`: satellites 1, 2, 3 x planes 1, 2 x days 1, 2 of a Walker group over Xinglong and
 *   Lijiang, 2 replications: 12 points, of which the 4 with 1 or 3 satellites in 2 planes fail
 *   (planes must divide satellites).
 * - `tiny-line`: one dimension, satellites/planes together ([1, 1], [2, 1], [2, 2]), 1 replication.
 * - `no-results`: a study file that has not been run.
 *
 * Both test files import this module; the studies run once per process (about 4 s on 2 cores).
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudyFile, runStudy } from '../../sim/study/index.js';

const BASE = `base:
  start: 2016-12-16T00:00:00Z
  days: 1
  weather: catalogue
  satellites:
    - id: w
      walker: { satellites: 2, planes: 1, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 264 }
  stations: [xinglong, lijiang]
  links:
    - { kind: downlink, satellite: w, station: xinglong }
    - { kind: downlink, satellite: w, station: lijiang }
`;

const FILES: Record<string, string> = {
  'tiny-grid.yaml': `name: tiny-grid
description: Walker groups of 1 to 3 satellites in 1 or 2 planes, over one or two days
seed: 11
replications: 2
${BASE}sweep:
  - { name: satellites, path: "satellites[0].walker.satellites", values: [1, 2, 3] }
  - { name: planes, path: "satellites[0].walker.planes", values: [1, 2] }
  - { path: days, values: [1, 2] }
metrics: [keyBitsPerDay, nightsWithKeyFraction]
`,
  'tiny-line.yaml': `name: tiny-line
description: three Walker patterns, one day
seed: 5
${BASE}sweep:
  - paths: ["satellites[0].walker.satellites", "satellites[0].walker.planes"]
    values: [[1, 1], [2, 1], [2, 2]]
metrics: [keyBitsPerDay]
`,
  'no-results.yaml': `description: a study that has not been run
seed: 3
${BASE}sweep:
  - { path: days, values: [1, 2] }
`,
  // Not studies: a base scenario and a station list, as scenarios/studies/ holds.
  'a-base.yaml': 'name: a-base\nstart: 2016-12-16T00:00:00Z\ndays: 1\nnodes: []\nlinks: []\n',
  'stations.yaml': '- { id: x, name: X, latDeg: 0, lonDeg: 0, altM: 0 }\n',
};

export interface StudyFixture {
  readonly studiesDir: string;
  readonly resultsDir: string;
}

let made: Promise<StudyFixture> | null = null;

/** Makes the folders and runs the two studies, once per process. */
export function studyFixture(): Promise<StudyFixture> {
  made ??= (async () => {
    const root = mkdtempSync(join(tmpdir(), 'qkdsim-web-studies-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    const studiesDir = join(root, 'studies');
    const resultsDir = join(root, 'results');
    mkdirSync(studiesDir);
    mkdirSync(resultsDir);
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(studiesDir, name), text);
    for (const name of ['tiny-grid', 'tiny-line']) {
      const study = loadStudyFile(join(studiesDir, `${name}.yaml`), { label: `${name}.yaml` });
      await runStudy(study, { outDir: join(resultsDir, name), workers: 2 });
    }
    return { studiesDir, resultsDir };
  })();
  return made;
}
