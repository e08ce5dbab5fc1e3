/**
 * GeoJSON (RFC 7946): antimeridian cuts worked out by hand, footprint rings checked against the
 * spherical distance they must keep from their centre, ring orientation (right-hand rule) and
 * coordinate ranges on every feature of a real scenario.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { footprintGeometry, splitAtAntimeridian, type FeatureCollection, type Position } from '../../sim/orbit/index.js';
import { scenarioGeoJson } from '../../sim/report/geojson.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT, assertInDelta } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

const DEG = Math.PI / 180;
/** Great-circle distance, degrees (haversine). */
function distanceDeg(a: Position, b: Position): number {
  const h = Math.sin(((b[1] - a[1]) * DEG) / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(((b[0] - a[0]) * DEG) / 2) ** 2;
  return (2 * Math.asin(Math.sqrt(h))) / DEG;
}
/** Twice the signed planar area of a closed ring (lon, lat): > 0 for counterclockwise. */
const signedArea2 = (ring: readonly Position[]): number => ring.slice(0, -1).reduce((a, p, i) => a + p[0] * ring[i + 1]![1] - ring[i + 1]![0] * p[1], 0);
const closed = (ring: readonly Position[]): boolean => ring.length >= 4 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];

const split = suite('splitAtAntimeridian(points)');
split('cuts a line crossing 180 deg at the interpolated latitude (hand-worked: 179,10 -> -179,12 crosses at 11)', () => {
  assert.equal(splitAtAntimeridian([[179, 10], [-179, 12]]), [[[179, 10], [180, 11]], [[-180, 11], [-179, 12]]]);
  assert.equal(splitAtAntimeridian([[-178, -5], [178, -7]]), [[[-178, -5], [-180, -6]], [[180, -6], [178, -7]]]);
});
split('leaves a line that does not cross alone, even across the prime meridian', () => {
  assert.equal(splitAtAntimeridian([[-1, 0], [1, 1], [170, 2]]), [[[-1, 0], [1, 1], [170, 2]]]);
});
split.run();

const foot = suite('footprintGeometry(latDeg, lonDeg, halfAngleDeg)');
foot('a footprint away from the antimeridian and poles: one closed counterclockwise ring at the half angle', () => {
  const g = footprintGeometry(30, 10, 14);
  assert.is(g!.type, 'Polygon');
  const ring = (g as { coordinates: Position[][] }).coordinates[0]!;
  assert.ok(closed(ring));
  assert.ok(signedArea2(ring) > 0, 'counterclockwise');
  for (const p of ring) assertInDelta(distanceDeg([10, 30], p), 14, 1e-4, 'distance from the centre, deg');
});
foot('a footprint across the antimeridian: two closed counterclockwise rings meeting at +-180, same total area', () => {
  const g = footprintGeometry(-10, 175, 12);
  assert.is(g!.type, 'MultiPolygon');
  const [west, east] = (g as { coordinates: Position[][][] }).coordinates.map((p) => p[0]!) as [Position[], Position[]];
  for (const ring of [west, east]) {
    assert.ok(closed(ring));
    assert.ok(signedArea2(ring) > 0, 'counterclockwise');
    assert.ok(ring.every((p) => p[0] >= -180 && p[0] <= 180 && Math.abs(p[1]) <= 90));
  }
  // The circle spans 175 +- 12.2 deg of longitude at latitude -10.
  assert.ok(west.every((p) => p[0] >= 162.5) && east.every((p) => p[0] <= -172.5));
  // (A ring's closing vertex repeats its first, which may lie on the edge: compare distinct latitudes.)
  const onEdgeW = [...new Set(west.filter((p) => p[0] === 180).map((p) => p[1]))].sort();
  const onEdgeE = [...new Set(east.filter((p) => p[0] === -180).map((p) => p[1]))].sort();
  assert.is(onEdgeW.length, 2);
  assert.equal(onEdgeW, onEdgeE);
  const whole = footprintGeometry(-10, 5, 12) as { coordinates: Position[][] };
  assertInDelta(signedArea2(west) + signedArea2(east), signedArea2(whole.coordinates[0]!), 1e-3, 'area, deg^2');
});
foot('a footprint holding a pole: one ring closed along the pole, every other vertex at the half angle', () => {
  for (const [lat, pole] of [[84, 90], [-80, -90]] as const) {
    const g = footprintGeometry(lat, 40, 14);
    assert.is(g!.type, 'Polygon');
    const ring = (g as { coordinates: Position[][] }).coordinates[0]!;
    assert.ok(closed(ring));
    assert.ok(signedArea2(ring) > 0, `counterclockwise around ${pole}`);
    assert.ok(ring.some((p) => p[1] === pole));
    for (const p of ring.filter((q) => Math.abs(q[0]) < 180)) assertInDelta(distanceDeg([40, lat], p), 14, 1e-4, 'distance from the centre, deg');
  }
});
foot.run();

/** Every position of every geometry. */
function positions(fc: FeatureCollection): Position[][] {
  return fc.features.flatMap((f) => {
    const g = f.geometry;
    if (g.type === 'Point') return [[g.coordinates]];
    if (g.type === 'LineString') return [g.coordinates];
    if (g.type === 'MultiLineString' || g.type === 'Polygon') return g.coordinates;
    return g.coordinates.flat();
  });
}

const scenario = suite('scenarioGeoJson(scenario, window) and qkdsim geojson');
scenario('the Micius scenario: tracks cut at the antimeridian, rings closed, every position in range', () => {
  const s = loadScenarioFile(join(REPO_ROOT, 'scenarios', 'micius-2017-xinglong.yaml'));
  const fc = scenarioGeoJson(s, { fromMs: s.startUtcMs, toMs: s.startUtcMs + 12 * 3_600_000, stepMs: 60_000, footprintEvery: 20 });
  const kinds = fc.features.map((f) => f.properties.kind);
  assert.ok(kinds.includes('ground-track') && kinds.includes('footprint') && kinds.includes('station') && kinds.includes('fiber'));
  for (const line of positions(fc)) {
    for (const p of line) assert.ok(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90, `position ${p}`);
  }
  // Lines never take the long way round (polygons may: a polar cap closes along its pole, -180 to 180).
  for (const f of fc.features.filter((x) => x.geometry.type === 'MultiLineString' || x.geometry.type === 'LineString')) {
    const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates as Position[]] : (f.geometry.coordinates as Position[][]);
    for (const line of lines) for (let i = 1; i < line.length; i++) assert.ok(Math.abs(line[i]![0] - line[i - 1]![0]) <= 180, 'no segment the long way round');
  }
  for (const f of fc.features.filter((x) => x.geometry.type === 'Polygon' || x.geometry.type === 'MultiPolygon')) {
    const rings = f.geometry.type === 'Polygon' ? (f.geometry.coordinates as Position[][]) : (f.geometry.coordinates as Position[][][]).flat();
    for (const ring of rings) assert.ok(closed(ring) && signedArea2(ring) > 0, 'closed counterclockwise ring');
  }
  const track = fc.features.find((f) => f.properties.kind === 'ground-track')!;
  // 12 h of LEO crosses the antimeridian about 8 times: the track is in several parts.
  assert.ok((track.geometry as { coordinates: Position[][] }).coordinates.length >= 6);
  assert.is((track.geometry as { coordinates: Position[][] }).coordinates.flat().length - 2 * ((track.geometry as { coordinates: Position[][] }).coordinates.length - 1), 721);
});
scenario('qkdsim geojson prints a FeatureCollection; bad flags exit 2', async () => {
  const r = await runCli('geojson', join(REPO_ROOT, 'scenarios', 'fibre-chain.yaml'), '--hours', '1');
  assert.is(r.code, 0, r.err);
  const fc = JSON.parse(r.out) as FeatureCollection;
  assert.is(fc.type, 'FeatureCollection');
  assert.ok(fc.features.some((f) => f.properties.kind === 'fiber'));
  const bad = await runCli('geojson', join(REPO_ROOT, 'scenarios', 'fibre-chain.yaml'), '--step', '0', '--hours', '1', '--to', '2020-01-01T00:00:00Z');
  assert.is(bad.code, 2);
  assert.is(bad.err, 'qkdsim: --step: expected a number in [1, 3600], got "0"\nqkdsim: --hours: give either --hours or --to, not both\n');
});
scenario.run();
