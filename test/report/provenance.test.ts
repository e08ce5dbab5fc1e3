/**
 * report.json's provenance: every file a run was made from with its SHA-256, and the resolved
 * parameters of every link. The oracles are independent of the loader: the hashes are recomputed
 * here from the files' bytes, and the apertures are read from the catalogue with the yaml package.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runScenario } from '../../sim/run/index.js';
import { buildReport, provenanceOf } from '../../sim/report/run-report.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const fileOf = (rel: string): Buffer => readFileSync(join(REPO_ROOT, rel));

const prov = suite('report provenance');

prov('integrated-2021: the scenario, its element-set file and the station catalogue, hashed; every link once', () => {
  const scenario = loadScenarioFile(join(REPO_ROOT, 'scenarios/integrated-2021.yaml'), { label: 'scenarios/integrated-2021.yaml', days: 1 });
  const report = buildReport(runScenario(scenario), { detail: 'summary' });
  const files = report.provenance.inputFiles;
  assert.equal(
    files.map((f) => [f.role, f.name]),
    [
      ['scenario', 'scenarios/integrated-2021.yaml'],
      ['element-set', 'scenarios/tle/micius.tle'],
      ['station-catalogue', 'scenarios/stations.yaml'],
    ],
  );
  for (const f of files) {
    const bytes = fileOf(f.name);
    assert.is(f.sha256, sha256(bytes), f.name);
    assert.is(f.bytes, bytes.length, f.name);
  }
  assert.is(report.scenario.fileHash, files[0]!.sha256);

  const listed = report.provenance.linkParameters.flatMap((g) => g.links).sort();
  assert.equal(listed, scenario.links.map((l) => l.id).sort(), 'each link in exactly one parameter set');

  // The stations' apertures are applied to their downlinks' parameters (catalogue values, read here).
  const catalogue = parseYaml(fileOf('scenarios/stations.yaml').toString('utf8')) as { id: string; receiveApertureM: number }[];
  const apertureOf = (id: string): number => catalogue.find((s) => s.id === id)!.receiveApertureM;
  const paramsOf = (linkId: string): Record<string, unknown> | null => report.provenance.linkParameters.find((g) => g.links.includes(linkId))!.params;
  assert.is(paramsOf('micius-xinglong')!.receiveApertureM, apertureOf('xinglong'));
  assert.is(paramsOf('micius-nanshan')!.receiveApertureM, apertureOf('nanshan'));
  assert.is.not(apertureOf('xinglong'), apertureOf('nanshan'), 'two stations that tell the links apart');
  // A fibre link given a measured rate has no model parameters.
  const measured = scenario.links.find((l) => l.kind === 'fiber' && l.measuredRateBps !== null)!;
  assert.is(paramsOf(measured.id), null);
});

prov('a scenario with inline stations and its own element-set file: no catalogue; editing the file changes its hash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-prov-'));
  try {
    const tle = fileOf('scenarios/tle/micius.tle');
    writeFileSync(join(dir, 'sat.tle'), tle);
    const doc = [
      'start: 2018-01-01T00:00:00Z',
      'days: 1',
      'satellites: [{ id: micius, tle: sat.tle, select: MICIUS }]',
      'stations: [{ id: here, latDeg: 40, lonDeg: 117, altM: 900, receiveApertureM: 0.7 }]',
      'links: [{ id: down, kind: downlink, satellite: micius, station: here, preset: micius-2017 }]',
    ].join('\n');
    writeFileSync(join(dir, 's.yaml'), doc);
    const load = (): ReturnType<typeof loadScenarioFile> => loadScenarioFile(join(dir, 's.yaml'), { label: 's.yaml' });
    const first = provenanceOf(load());
    assert.equal(first.inputFiles.map((f) => f.role), ['scenario', 'element-set']);
    assert.is(first.inputFiles[1]!.sha256, sha256(tle));
    assert.is(first.linkParameters.length, 1);
    assert.is(first.linkParameters[0]!.params!.receiveApertureM, 0.7);
    // The same elements with a trailing newline more: same run, but the report says the file changed.
    writeFileSync(join(dir, 'sat.tle'), Buffer.concat([tle, Buffer.from('\n')]));
    const second = provenanceOf(load());
    assert.is.not(second.inputFiles[1]!.sha256, first.inputFiles[1]!.sha256);
    assert.is(second.inputFiles[0]!.sha256, first.inputFiles[0]!.sha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

prov.run();
