/**
 * issue-10: the CZML of a run loads in CesiumJS (the `cesium` npm package's browser build, served
 * from node_modules to a page in headless Chromium; Node only serves files, so Cesium's Node engine
 * range plays no part), and Cesium's entities carry what the run says: the satellite's position
 * (against SGP4 computed here), the availability of the run and of every pass, each pass's outcome,
 * the downlink drawn only while keying, and fibre colours following the pool levels.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import express from 'express';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { poolColour } from '../../sim/report/czml.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT, assertInDelta } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';
import { launchBrowser } from './launch-browser.js';

const CESIUM_DIR = join(dirname(fileURLToPath(import.meta.resolve('cesium/package.json'))), 'Build', 'Cesium');
const SCENARIO = join(REPO_ROOT, 'scenarios', 'micius-2017-xinglong.yaml');

// The run, through the CLI as a user runs it: two days of Micius over Xinglong with a fibre to Beijing.
const dir = mkdtempSync(join(tmpdir(), 'qkdsim-czml-'));
const ran = await runCli('run', SCENARIO, '--days', '2', '--out', dir, '--czml', join(dir, 'run.czml'), '--quiet');
const czml = JSON.parse(readFileSync(join(dir, 'run.czml'), 'utf8')) as Record<string, any>[];
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
rmSync(dir, { recursive: true, force: true });

const app = express();
app.use('/cesium', express.static(CESIUM_DIR));
app.get('/', (_req, res) => {
  res.type('html').send('<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script>window.CESIUM_BASE_URL = "/cesium/";</script><script src="/cesium/Cesium.js"></script></head><body></body></html>');
});
const server: Server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

let browser: Browser | null = null;
let launchError: string | null = null;
try {
  browser = (await launchBrowser()).browser;
} catch (error) {
  launchError = (error as Error).message;
  console.error(`czml in cesium: ${launchError}`);
}

/** What Cesium made of the CZML: entity ids, availabilities, and values at the asked times. */
interface Probe {
  readonly ids: string[];
  readonly availability: Record<string, [string, string] | null>;
  readonly values: Record<string, unknown>;
  readonly errors: string[];
  readonly version: string;
}

let page: Page | null = null;
const pageErrors: string[] = [];

/** Loads the CZML with Cesium.CzmlDataSource in the page and evaluates the asked properties. */
async function probe(asks: { key: string; id: string; what: string; time: string }[]): Promise<Probe> {
  // One page for every probe: the npm-packaged Chromium runs as a single process, which ends with
  // its last page.
  if (!page) {
    page = await browser!.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
  }
  const errors = pageErrors;
  const out = await page.evaluate(
    async ({ doc, asks }) => {
      const C = (globalThis as any).Cesium;
      const ds = await C.CzmlDataSource.load(doc);
      const entities = ds.entities.values as any[];
      const availability: Record<string, [string, string] | null> = {};
      for (const e of entities) availability[e.id] = e.availability ? [C.JulianDate.toIso8601(e.availability.start, 3), C.JulianDate.toIso8601(e.availability.stop, 3)] : null;
      const values: Record<string, unknown> = {};
      for (const a of asks) {
        const e = ds.entities.getById(a.id);
        const t = C.JulianDate.fromIso8601(a.time);
        if (a.what === 'position') {
          const p = e.position.getValue(t);
          values[a.key] = p ? [p.x, p.y, p.z] : null;
        } else if (a.what === 'cartographic') {
          const c = C.Cartographic.fromCartesian(e.position.getValue(t));
          values[a.key] = [C.Math.toDegrees(c.longitude), C.Math.toDegrees(c.latitude), c.height];
        } else if (a.what === 'outcome') values[a.key] = e.properties.outcome.getValue(t);
        else if (a.what === 'show') values[a.key] = e.polyline.show.getValue(t);
        else if (a.what === 'colour') {
          const c = e.polyline.material.color.getValue(t);
          values[a.key] = [c.red, c.green, c.blue, c.alpha];
        } else if (a.what === 'available') values[a.key] = e.isAvailable(t);
      }
      return { ids: entities.map((e) => e.id), availability, values, version: C.VERSION as string };
    },
    { doc: czml, asks },
  );
  return { ...out, errors };
}

const test = suite('CZML of a run, loaded in CesiumJS');
test('the run made its CZML', () => {
  assert.is(ran.code, 0, ran.err);
  assert.is(launchError, null, launchError ?? '');
});

test('every packet is an entity; the satellite and the passes are available exactly when the run says', async () => {
  const p = await probe([]);
  assert.equal(p.errors, []);
  assert.equal(p.ids.sort(), czml.slice(1).map((x) => x.id).sort());
  assert.equal(p.availability['satellite/micius'], [report.start, report.end]);
  assert.ok(report.passes.length >= 5);
  report.passes.forEach((pass: any, i: number) => assert.equal(p.availability[`pass/${i}`], [pass.rise, pass.set], `pass ${i}`));
  assert.is(p.availability['node/xinglong'], null);
});

test("the satellite's position: the samples exactly, between them within 1 m of SGP4", async () => {
  const scenario = loadScenarioFile(SCENARIO, { days: 2 });
  const sat = scenario.satellites[0]!.satellite;
  const start = Date.parse(report.start);
  const times = [start, start + 60_000 * 700, start + 60_000 * 700 + 30_000, start + 86_400_000 + 17_345];
  const p = await probe(times.map((t, i) => ({ key: `t${i}`, id: 'satellite/micius', what: 'position', time: new Date(t).toISOString() })));
  times.forEach((t, i) => {
    const ecf = sat.stateEcf(t);
    const got = p.values[`t${i}`] as number[];
    const offM = Math.hypot(got[0]! - ecf[0]! * 1000, got[1]! - ecf[1]! * 1000, got[2]! - ecf[2]! * 1000);
    assert.ok(offM < 1, `position at ${new Date(t).toISOString()} off by ${offM} m`);
  });
});

test('stations at their places; each pass carries its outcome; downlinks drawn only while keying', async () => {
  const keyed = report.passes.map((x: any, i: number) => ({ ...x, i })).filter((x: any) => x.outcome === 'keyed');
  const other = report.passes.map((x: any, i: number) => ({ ...x, i })).find((x: any) => x.outcome !== 'keyed');
  assert.ok(keyed.length >= 1 && other);
  const mid = (a: string, b: string): string => new Date((Date.parse(a) + Date.parse(b)) / 2).toISOString();
  const asks = [
    { key: 'xinglong', id: 'node/xinglong', what: 'cartographic', time: report.start },
    ...keyed.flatMap((k: any) => [
      { key: `outcome${k.i}`, id: `pass/${k.i}`, what: 'outcome', time: k.culmination },
      { key: `keying${k.i}`, id: `pass/${k.i}`, what: 'show', time: mid(k.keyWindowStart, k.keyWindowEnd) },
      { key: `before${k.i}`, id: `pass/${k.i}`, what: 'show', time: new Date(Date.parse(k.keyWindowStart) - 5000).toISOString() },
      { key: `outside${k.i}`, id: `pass/${k.i}`, what: 'available', time: new Date(Date.parse(k.set) + 5000).toISOString() },
    ]),
    { key: 'otherOutcome', id: `pass/${other.i}`, what: 'outcome', time: other.culmination },
    { key: 'otherShow', id: `pass/${other.i}`, what: 'show', time: other.culmination },
  ];
  const p = await probe(asks);
  const xinglong = report.nodes.find((n: any) => n.id === 'xinglong');
  const [lon, lat] = p.values.xinglong as number[];
  assertInDelta(lon!, xinglong.lonDeg, 1e-9, 'Xinglong longitude, deg');
  assertInDelta(lat!, xinglong.latDeg, 1e-9, 'Xinglong latitude, deg');
  for (const k of keyed) {
    assert.is(p.values[`outcome${k.i}`], 'keyed');
    assert.is(p.values[`keying${k.i}`], true, `pass ${k.i} drawn in its key window`);
    assert.is(p.values[`before${k.i}`], false, `pass ${k.i} not drawn before its key window`);
    assert.is(p.values[`outside${k.i}`], false, `pass ${k.i} not available after its set`);
  }
  assert.is(p.values.otherOutcome, other.outcome);
  assert.is(p.values.otherShow, false);
});

test('the fibre is coloured by its pool level at each sample', async () => {
  const levels = report.poolSeries.levels['xinglong-beijing'] as number[];
  const capacity = report.links.find((l: any) => l.id === 'xinglong-beijing').capacityBits as number;
  const picks = [0, Math.floor(levels.length / 2), levels.length - 1];
  const start = Date.parse(report.start);
  const p = await probe(picks.map((k) => ({ key: `c${k}`, id: 'link/xinglong-beijing', what: 'colour', time: new Date(start + report.poolSeries.tS[k] * 1000).toISOString() })));
  for (const k of picks) {
    const expected = poolColour(levels[k]! / capacity).map((x) => x / 255);
    (p.values[`c${k}`] as number[]).forEach((x, j) => assertInDelta(x, expected[j]!, 1e-6, `colour channel ${j} at sample ${k}`));
  }
});

test.after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});
test.run();
