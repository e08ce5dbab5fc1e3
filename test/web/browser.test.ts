/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core loads the page, runs
 * a shipped scenario from the run panel, and checks that stations, links, pass bars, the satellite
 * and its footprint are drawn, that the time slider moves what the map shows, that bad input
 * appears next to its field, and that the study view draws results of the real study runner
 * (study-fixture.ts) as a heatmap or a line. Saves test/output/dashboard.png; with QKDSIM_UPDATE_SCREENSHOT=1 it
 * also writes web/public/screenshot.png, the README's picture.
 *
 * Chromium comes from npm (launch-browser.ts: a system Chromium if present, else @sparticuz/chromium);
 * when none starts, every test here fails with the one-line reason rather than skipping. The other
 * browser*.test.ts files cover the planner's views (issue 17), one topic each.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import { studyFixture } from './study-fixture.js';
import { assertNoErrors, browserSession } from './browser-helpers.js';

const SHOT = join(REPO_ROOT, 'test', 'output', 'dashboard.png');
const README_SHOT = join(REPO_ROOT, 'web', 'public', 'screenshot.png');

const test = suite('dashboard in chromium');
const session = browserSession(test, { viewport: { width: 1440, height: 1000 } }, async () => {
  const studies = await studyFixture();
  return { studiesDir: studies.studiesDir, studyResultsDir: studies.resultsDir };
});
const server = { get url() { return session.server!.url; } };
let page: typeof session.page;
test.before.each(() => {
  page = session.page;
});

/** Clicks a run button and waits until the new run's report is drawn. */
async function runAndWait(button: string): Promise<void> {
  const before = await page.getAttribute('body', 'data-run');
  await page.click(button);
  // (Selectors rather than page functions: the page's CSP rightly refuses string evaluation.)
  await page.waitForSelector(before ? `body[data-report=loaded]:not([data-run="${before}"])` : 'body[data-report=loaded][data-run]', { timeout: 30_000 });
}

const satTransform = () => page.getAttribute('.satellite[data-id=micius]', 'transform');
const LINK = '.link[data-id=xinglong-beijing] .level';
const linkState = async () => ({ fraction: await page.getAttribute(LINK, 'data-fraction'), stroke: await page.getAttribute(LINK, 'stroke') });

/** Moves the time slider to `hours` after the start, as a user dragging it would (input events). */
async function slideTo(hours: number): Promise<void> {
  await page.fill('.time-slider', String(hours * 3600));
}

/** Waits until the satellite marker has moved from `transform`. */
async function satelliteMoved(transform: string | null): Promise<void> {
  await page.waitForSelector(`.satellite[data-id=micius]:not([transform="${transform}"])`);
}

test('loads, runs micius-2017-xinglong from the run panel and draws the network, passes, pools and demands', async () => {
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]');
  assert.is(await page.locator('select[name=scenario] option[value=micius-2017-xinglong]').count(), 1);
  await page.selectOption('select[name=scenario]', 'micius-2017-xinglong');
  await runAndWait('.run-button');
  assert.is(await page.textContent('#scenario-name'), 'micius-2017-xinglong');
  assert.is(await page.locator('.node.station[data-id=xinglong]').count(), 1);
  assert.is(await page.locator('.node.user[data-id=beijing]').count(), 1);
  assert.is(await page.locator('.link[data-id=xinglong-beijing]').count(), 1);
  const bars = await page.$$eval('rect.pass', (r) => r.map((x) => x.getAttribute('data-outcome')));
  assert.is(bars.length, 23, 'one bar per pass of the week');
  assert.ok(bars.filter((o) => o === 'keyed').length >= 1, `outcomes: ${bars.join()}`);
  assert.ok(bars.some((o) => o !== 'keyed'));
  assert.ok((await page.locator('.pool-line').count()) >= 2);
  assert.is(await page.locator('.demand-table tbody tr').count(), 1);
  // The satellite, its track and footprint come from the track route after the report.
  await page.waitForSelector('.satellite[data-id=micius]');
  const footprint = await page.getAttribute('.footprint[data-id=micius]', 'd');
  assert.ok(footprint && footprint.length > 50, 'footprint drawn');
  assert.is(await page.locator('.node.station.in-pass').count(), 1, 'the page opens on a pass over Xinglong');
  assert.ok((await page.locator('.beam.keying').count()) === 1, 'a downlink beam in the key window');
  mkdirSync(join(REPO_ROOT, 'test', 'output'), { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SHOT, fullPage: true });
  if (process.env.QKDSIM_UPDATE_SCREENSHOT === '1') copyFileSync(SHOT, README_SHOT);
});

test('moving the time slider moves the satellite and recolours the fibre link by its pool level', async () => {
  const sat0 = await satTransform();
  const link0 = await linkState();
  const label0 = await page.textContent('.time-label');
  await slideTo(1); // one hour in: the Xinglong-Beijing pool is still filling
  await satelliteMoved(sat0);
  const sat1 = await satTransform();
  const link1 = await linkState();
  assert.is.not(sat1, sat0);
  assert.is.not(await page.textContent('.time-label'), label0);
  assert.is(await page.textContent('.time-label'), '2016-12-16 01:00:00 UTC');
  assert.ok(Number(link1.fraction) < Number(link0.fraction), `pool fraction ${link1.fraction} after 1 h vs ${link0.fraction}`);
  assert.is.not(link1.stroke, link0.stroke);
  assert.is(await page.locator('.node.station.in-pass').count(), 0, 'no pass at 01:00');
  // Three days on: the track is fetched again around the new time.
  await slideTo(72);
  await satelliteMoved(sat1);
});

test('play advances the clock and pause stops it', async () => {
  const before = await page.textContent('.time-label');
  await page.click('.time-control .play');
  await page.waitForTimeout(600);
  await page.click('.time-control .play');
  const after = await page.textContent('.time-label');
  assert.is.not(after, before);
  await page.waitForTimeout(300);
  assert.is(await page.textContent('.time-label'), after, 'paused');
});

test('clicking a pass bar moves the time to its culmination', async () => {
  const bar = page.locator('rect.pass[data-outcome=keyed]').last();
  await bar.click({ force: true });
  const label = await page.textContent('.time-label');
  await page.waitForSelector('.node.station.in-pass');
  assert.match(label ?? '', /^2016-12-2\d /);
});

test('a fibre-only scenario runs too, and bad seed / days are shown next to their fields', async () => {
  await page.selectOption('select[name=scenario]', 'fibre-chain');
  await page.fill('input[name=days]', '999');
  await page.click('.run-button');
  await page.waitForSelector('.field-error[data-field=days]:not(:empty)');
  assert.match((await page.textContent('.field-error[data-field=days]')) ?? '', '<= 366');
  assert.is(await page.getAttribute('input[name=days]', 'aria-invalid'), 'true');
  await page.fill('input[name=days]', '0.25');
  await runAndWait('.run-button');
  assert.is(await page.locator('.node.relay').count(), 2);
  assert.is(await page.locator('.link').count(), 3);
  assert.is(await page.locator('rect.pass').count(), 0);
  assert.is(await page.locator('.demand-table tbody tr').count(), 3);
});

test('an uploaded scenario with problems shows each one under the line it concerns', async () => {
  await page.click('details.upload summary');
  await page.fill('textarea[name=document]', 'name: bad\nstart: 2020-01-01T00:00:00Z\ndays: 1\nnodes:\n  - { id: a, kind: user }\n  - { id: b, kind: relay }\nlinks:\n  - { kind: fiber, from: a, to: b, lengthKm: -5 }\n');
  await page.fill('input[name=days]', '');
  await page.click('.run-document');
  await page.waitForSelector('.doc-listing li.issue');
  assert.is(await page.getAttribute('.doc-listing li.has-issue', 'data-line'), '8');
  assert.match((await page.textContent('.doc-listing li.issue')) ?? '', 'links[0].lengthKm: expected a number >= 0, got -5');
  await assertNoErrors(session);
});

/** Picks an option by its value (a bare string would also match another option's label). */
const choose = (select: string, value: string) => page.selectOption(select, { value });
const tooltip = () => page.textContent('.tooltip');

test('the study view: a heatmap of two dimensions with failed cells hatched, a line of one, the rest fixed', async () => {
  await page.locator('.area-studies').scrollIntoViewIfNeeded();
  // The first study with results opens: tiny-grid, satellites x planes, days fixed at its first value.
  await page.waitForSelector('#studies[data-state=loaded][data-study=tiny-grid]');
  assert.equal(await page.$$eval('select[name=study] option', (o) => o.map((x) => x.textContent)), ['no-results (no results yet)', 'tiny-grid', 'tiny-line']);
  assert.is(await page.getAttribute('.study-svg', 'data-kind'), 'heatmap');
  assert.is(await page.inputValue('select[name=metric]'), 'keyBitsPerDay');
  assert.is(await page.inputValue('select[name=metric-key]'), 'total');
  assert.is(await page.locator('.study-cell').count(), 6);
  assert.is(await page.locator('.study-cell[data-status=failed]').count(), 2, 'satellites 1 and 3 in 2 planes');
  assert.is(await page.locator('.study-cell[data-status=ok]').count(), 4);
  assert.is(await page.getAttribute('.study-cell[data-status=failed] .cell', 'fill'), 'url(#hatch-study-failed)');
  assert.match((await page.textContent('.study-legend')) ?? '', /kbit\/day.*every run failed \(2\)/);
  assert.match((await page.textContent('.study-note')) ?? '', 'fixed: days = 1');
  await page.hover('.study-cell[data-x="1"][data-y="0"]');
  const ok = (await tooltip()) ?? '';
  assert.match(ok, 'satellites = 2');
  assert.match(ok, /mean [\d.]+ kbit\/day, sd/);
  assert.match(ok, 'runs 2, failed 0');
  await page.hover('.study-cell[data-status=failed] >> nth=0');
  assert.match((await tooltip()) ?? '', /runs 2, failed 2.*divisor of satellites/);
  // One dimension as a line, planes fixed at 2: satellites 1 and 3 failed.
  await choose('select[name=study-y]', '-1');
  assert.is(await page.getAttribute('.study-svg', 'data-kind'), 'line');
  assert.is(await page.locator('.study-point').count(), 3);
  assert.is(await page.locator('.study-point[data-status=failed]').count(), 0);
  await choose('select[name=study-fix-1]', '1');
  assert.equal(await page.$$eval('.study-point', (g) => g.map((x) => x.getAttribute('data-status'))), ['failed', 'ok', 'failed']);
  assert.is(await page.locator('.study-point[data-status=failed] rect.column').count(), 2);
  // Another metric: its headline key, and its unit on the axis.
  await choose('select[name=metric]', 'nightsWithKeyFraction');
  assert.is(await page.inputValue('select[name=metric-key]'), 'network');
  assert.is(await page.textContent('.study-svg .y-label'), 'nightsWithKeyFraction.network (fraction)');
  // A study of one dimension (two paths set together): a line over categories.
  await choose('select[name=study]', 'tiny-line');
  await page.waitForSelector('#studies[data-state=loaded][data-study=tiny-line]');
  assert.is(await page.getAttribute('.study-svg', 'data-kind'), 'line');
  assert.is(await page.locator('.study-point[data-status=ok]').count(), 3);
  assert.equal(await page.$$eval('.study-svg .x-axis .tick text', (t) => t.map((x) => x.textContent)), ['1/1', '2/1', '2/2']);
  assert.is(await page.locator('.study-point .error-bar').count(), 0, 'one replication: no spread');
  assert.is(await page.locator('.study-svg .study-line').count(), 0, 'categories (lists of values) are not joined by a line');
  // Against the baseline case: each point minus the first (1/1); the baseline itself is 0.
  const means = await page.$$eval('.study-point circle.mean', (c) => c.map((x) => Number(x.getAttribute('cy'))));
  await choose('select[name=study-compare]', 'diff:0');
  assert.is(await page.getAttribute('.study-svg', 'data-compare'), 'diff');
  assert.match((await page.textContent('.study-svg .y-label')) ?? '', /^Δ keyBitsPerDay\.total vs satellites\/planes = 1\/1/);
  const zero = Number(await page.getAttribute('.study-svg .zero-line', 'y1'));
  const baseline = Number(await page.getAttribute('.study-point[data-index="0"] circle.mean', 'cy'));
  assert.ok(Math.abs(baseline - zero) < 0.5, `the baseline point sits on the zero line (${baseline} vs ${zero})`);
  assert.ok(means.length === 3);
  await page.hover('.study-point[data-index="2"] .hit');
  assert.match((await tooltip()) ?? '', /difference of means vs satellites\/planes = 1\/1: [+-][\d.]+ kbit\/day \([+-][\d.]+ %\)/);
  await choose('select[name=study-compare]', 'abs');
  // A study without results says how to make them.
  await choose('select[name=study]', 'no-results');
  await page.waitForSelector('#studies[data-state=no-results][data-study=no-results]');
  assert.match((await page.textContent('.study-message')) ?? '', 'npx qkdsim study studies/no-results.yaml');
  assert.is(await page.locator('.study-svg:visible').count(), 0);
  await assertNoErrors(session);
});

test.run();
