/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, exports: the run's passes, pools and demands as CSV and JSON downloads (one row per
 * drawn pass bar, one column per pool), and each chart as SVG (with the drawn marks in it) and as
 * PNG (a real PNG at twice the chart's size, not a blank image).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Download } from 'playwright-core';
import { assertNoErrors, browserSession, openDashboard, runScenario } from './browser-helpers.js';

const test = suite('exports (chromium)');
const s = browserSession(test);

async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([s.page.waitForEvent('download') as Promise<Download>, click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path!) };
}

/** Width, height and whether the pixels vary, from a PNG's IHDR and IDAT chunks (8-bit RGBA, no interlace). */
function pngFacts(png: Buffer): { width: number; height: number; distinctRows: number } {
  assert.equal([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length;) {
    const len = png.readUInt32BE(o);
    const type = png.toString('ascii', o + 4, o + 8);
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = raw.length / height;
  const rows = new Set<string>();
  for (let y = 0; y < height; y += Math.max(1, Math.floor(height / 50))) rows.add(raw.subarray(y * stride + 1, (y + 1) * stride).toString('base64').slice(0, 400));
  return { width, height, distinctRows: rows.size };
}

test('passes, pools and demands download as CSV and JSON', async () => {
  await openDashboard(s);
  await runScenario(s, 'micius-2017-xinglong');
  const bars = await s.page.locator('rect.pass').count();
  const passes = await download(() => s.page.click('.export-passes-csv'));
  assert.match(passes.name, /^micius-2017-xinglong-[0-9a-f]{12}-passes\.csv$/);
  const rows = passes.bytes.toString('utf8').trim().split('\n');
  assert.is(rows.length - 1, bars, 'one row per drawn pass');
  assert.match(rows[0]!, /^satellite,station,rise,/);
  const pools = await download(() => s.page.click('.export-pools-csv'));
  const header = pools.bytes.toString('utf8').split('\n')[0]!.split(',');
  assert.equal(header.slice(1).sort(), await s.page.$$eval('.series-list label.series', (l) => l.map((x) => x.getAttribute('data-id')!).sort()));
  const demands = JSON.parse((await download(() => s.page.click('.export-demands-json'))).bytes.toString('utf8'));
  assert.is(demands.demands.length, await s.page.locator('.demand-table tbody tr').count());
  assert.is(demands.overTime.demands[0].id, 'aes-beijing-xinglong');
});

test('each chart downloads as SVG with its marks and as a PNG at twice its size', async () => {
  const svg = (await download(() => s.page.click('#timeline-heading .export-svg'))).bytes.toString('utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.is((svg.match(/class="pass[ "]/g) ?? []).length, await s.page.locator('rect.pass').count());
  assert.match(svg, /style="fill:rgb\(/, 'styles inlined');
  for (const [heading, chart] of [['#pools-heading', '.pools-svg'], ['#map-heading', '.map-svg'], ['#demand-time-heading', '.demand-time-svg']]) {
    const w = Number(await s.page.getAttribute(chart!, 'width'));
    const h = Number(await s.page.getAttribute(chart!, 'height'));
    const png = await download(() => s.page.click(`${heading} .export-png`));
    assert.match(png.name, /\.png$/);
    const facts = pngFacts(png.bytes);
    assert.is(facts.width, Math.round(w * 2), `${chart} width`);
    assert.is(facts.height, Math.round(h * 2), `${chart} height`);
    assert.ok(facts.distinctRows > 5, `${chart}: the PNG has a picture in it (${facts.distinctRows} distinct rows)`);
  }
  const pools = (await download(() => s.page.click('#pools-heading .export-svg'))).bytes.toString('utf8');
  assert.is((pools.match(/class="pool-line"/g) ?? []).length, await s.page.locator('.pool-line').count());
  await assertNoErrors(s);
});

test.run();
