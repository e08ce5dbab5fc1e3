/**
 * issue-10: the server's file-format routes on a real server: /api/info's version is package.json's,
 * GET /api/runs/:id/geojson (RFC 7946, the same window rules as /track) and GET /api/runs/:id/czml
 * (a download of a finished run).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../web/server.js';
import { REPO_ROOT } from '../helpers.js';

const server = await startServer({ port: 0, host: '127.0.0.1' });
const base = server.url.replace(/\/$/, '');
const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) };
};

/** Starts a shipped run and waits for its end. */
async function finishedRun(scenario: string, days: number): Promise<string> {
  const res = await fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, days }) });
  const { id } = (await res.json()) as { id: string };
  for (let k = 0; k < 600; k++) {
    const r = await get(`/api/runs/${id}`);
    if (r.body.status !== 'running') return id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('run did not finish');
}

const routes = suite('format routes');
routes('GET /api/info gives the version in package.json', async () => {
  const r = await get('/api/info');
  assert.is(r.body.version, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
});
routes('GET /api/runs/:id/geojson: a FeatureCollection of the /track window; bad windows are 400 as for /track', async () => {
  const id = await finishedRun('micius-2017-xinglong', 1);
  const r = await get(`/api/runs/${id}/geojson?stepS=120`);
  assert.is(r.status, 200);
  assert.match(r.headers.get('content-type')!, /^application\/geo\+json/);
  assert.is(r.body.type, 'FeatureCollection');
  const track = r.body.features.find((f: any) => f.properties.kind === 'ground-track');
  const t = await get(`/api/runs/${id}/track?stepS=120`);
  // The same points as /track (GeoJSON rounds to 1e-5 deg and adds +-180 vertices at crossings).
  const first = t.body.satellites[0].points[0];
  assert.equal(track.geometry.coordinates[0][0], [first.lonDeg, first.latDeg]);
  const bad = await get(`/api/runs/${id}/geojson?stepS=0`);
  assert.is(bad.status, 400);
  assert.is(bad.body.issues[0].text, 'stepS: expected a number of seconds in [1, 3600], got "0"');
  const czml = await get(`/api/runs/${id}/czml`);
  assert.is(czml.status, 200);
  assert.match(czml.headers.get('content-disposition')!, /attachment; filename="micius-2017-xinglong-[0-9a-f]{12}\.czml"/);
  assert.is(czml.body[0].id, 'document');
  assert.ok(czml.body.some((p: any) => p.id === 'satellite/micius'));
  const badStep = await get(`/api/runs/${id}/czml?stepS=abc`);
  assert.is(badStep.status, 400);
});
routes.after(async () => {
  await server.close();
});
routes.run();
