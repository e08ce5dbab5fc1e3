/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, key pools for 50+ links (integrated-2021): the critical pools are shown first, search
 * narrows the list, all / none act on what matches, the "below warning" and "most discarded"
 * presets pick from the report, each line has a direct label, capacity and warning lines have a
 * legend, tooltips speak the chart's unit (% in percent mode), and every line colour has at least
 * 3:1 contrast against white (computed here from the drawn strokes, WCAG 2.1).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoErrors, browserSession, contrastOnWhite, openDashboard, runScenario } from './browser-helpers.js';

const test = suite('key pools for many links (chromium)');
const s = browserSession(test);

type Report = { links: { id: string; discardedBits: number; capacityBits: number }[]; poolSeries: { levels: Record<string, number[]> } };
let report: Report;
const shownLines = () => s.page.$$eval('.pool-line', (p) => p.map((x) => x.getAttribute('data-id')!).sort());

test('integrated-2021: dozens of pools; the critical ones are shown first, each with a direct label', async () => {
  await openDashboard(s);
  const run = await runScenario(s, 'integrated-2021', '2');
  report = await (await fetch(`${s.server!.url}api/runs/${run}/report`)).json() as Report;
  assert.ok(report.links.length >= 50, `${report.links.length} pools`);
  assert.is(await s.page.locator('.series-list label.series').count(), report.links.length);
  const lines = await shownLines();
  assert.ok(lines.length >= 1 && lines.length <= 8, `${lines.length} shown at first`);
  // The first picks: pools that discarded key at capacity, most first (none of the 2 days' pools
  // fell below its warning level unless the report says so).
  const run1 = (await (await fetch(`${s.server!.url}api/runs/${run}`)).json()) as { network: { links: { id: string; warningBits: number }[] } };
  const warn = new Map(run1.network.links.map((l) => [l.id, l.warningBits]));
  const below = report.links.filter((l) => (report.poolSeries.levels[l.id] ?? []).some((b) => b < (warn.get(l.id) ?? 0))).map((l) => l.id);
  const discarded = report.links.filter((l) => l.discardedBits > 0 && !below.includes(l.id)).sort((a, b) => b.discardedBits - a.discardedBits).map((l) => l.id);
  assert.equal(lines, [...below, ...discarded].slice(0, 8).sort());
  assert.equal(await s.page.$$eval('.direct-label', (t) => t.map((x) => x.getAttribute('data-id')!).sort()), lines, 'one direct label per line');
  assert.match((await s.page.textContent('.pool-legend')) ?? '', /capacity.*warning threshold/);
});

test('search, all and none act on the matching pools; presets pick from the report', async () => {
  await s.page.fill('.pool-search', 'relay-2');
  const matching = report.links.filter((l) => l.id.includes('relay-2')).map((l) => l.id);
  assert.ok(matching.length >= 2);
  assert.is(await s.page.locator('.series-list label.series').count(), matching.length, 'the list shows the matches only');
  await s.page.click('.pool-none');
  await s.page.click('.pool-all');
  const lines = await shownLines();
  for (const id of matching) assert.ok(lines.includes(id), `${id} shown after all`);
  await s.page.click('.pool-none');
  for (const id of await shownLines()) assert.not.ok(matching.includes(id), `${id} hidden after none`);
  await s.page.fill('.pool-search', '');
  await s.page.click('.pool-preset[data-preset=discarded]');
  const most = report.links.filter((l) => l.discardedBits > 0).sort((a, b) => b.discardedBits - a.discardedBits).slice(0, 8).map((l) => l.id).sort();
  assert.equal(await shownLines(), most);
  await s.page.click('.pool-preset[data-preset=below]');
  assert.ok((await s.page.locator('.pool-line').count()) <= 8);
  assert.match((await s.page.textContent('.pool-count')) ?? '', new RegExp(`of ${report.links.length} shown`));
});

test('tooltips give values in the chart\'s unit: % of capacity in percent mode', async () => {
  await s.page.click('.pool-preset[data-preset=discarded]');
  await s.page.selectOption('.pool-mode', 'percent');
  assert.match((await s.page.textContent('.pools-svg .y-label')) ?? '', '% of capacity');
  const box = (await s.page.locator('.pools-svg .hover-surface').boundingBox())!;
  await s.page.locator('.pools-svg').scrollIntoViewIfNeeded();
  const b2 = (await s.page.locator('.pools-svg .hover-surface').boundingBox())!;
  await s.page.mouse.move(b2.x + b2.width * 0.6, b2.y + b2.height / 2);
  const tip = (await s.page.textContent('.tooltip')) ?? '';
  assert.match(tip, /[\d.]+ % of capacity \([\d.]+ [kMGT]?bit\)/);
  assert.ok(box.width > 0);
  await s.page.selectOption('.pool-mode', 'linear');
  await s.page.mouse.move(b2.x + b2.width * 0.6, b2.y + b2.height / 2 + 1);
  assert.not.match((await s.page.textContent('.tooltip')) ?? '', /% of capacity/);
});

test('every pool line colour has at least 3:1 contrast on white; repeats differ by dash', async () => {
  await s.page.click('.pool-all');
  const styles = await s.page.$$eval('.pool-line', (p) => p.map((x) => `${getComputedStyle(x).stroke}|${x.getAttribute('stroke-dasharray') ?? ''}`));
  assert.ok(styles.length >= 50);
  for (const st of new Set(styles.map((x) => x.split('|')[0]!))) assert.ok(contrastOnWhite(st) >= 3, `${st}: ${contrastOnWhite(st).toFixed(2)}:1`);
  const distinct = new Set(styles).size;
  assert.ok(distinct >= Math.min(24, styles.length), `${distinct} distinct line styles for ${styles.length} pools`);
  await assertNoErrors(s);
});

test.run();
