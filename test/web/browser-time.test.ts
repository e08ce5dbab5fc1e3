/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, one time axis for all panels: ctrl + wheel on the pass timeline zooms the pool chart
 * and the demands over time with it, zoomed ticks carry the date, a plain wheel scrolls the page
 * (no chart traps it), the range picker shows the range and resets it, and the address keeps the
 * run, range, time and selection so that a reloaded page (a shared link) shows the same view.
 * Demands over time: requested and served per demand on that axis, with starvation marked.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoErrors, browserSession, openDashboard, runScenario, texts } from './browser-helpers.js';

const test = suite('one time axis, demands over time (chromium)');
const s = browserSession(test);

/** The [first, last] tick labels of a chart's time axis. */
const ticks = (chart: string) => texts(s, `${chart} .x-axis .tick text`);
/** Time at the left and right ends of the pool chart's axis, read from the range picker's label. */
const rangeLabel = () => s.page.textContent('.range-label');

test('fibre-chain: demands over time show requested and served per demand, the starved one marked', async () => {
  await openDashboard(s);
  await runScenario(s, 'fibre-chain');
  const strips = await s.page.$$eval('.demand-strip', (g) => g.map((x) => x.getAttribute('data-id')));
  assert.equal(strips.sort(), ['otp-file', 'sessions', 'video']);
  for (const id of strips) {
    const served = await s.page.getAttribute(`.demand-strip[data-id="${id}"] .served-area`, 'd');
    const requested = await s.page.getAttribute(`.demand-strip[data-id="${id}"] .requested-line`, 'd');
    assert.ok(served && served.length > 50 && requested && requested.length > 50, `${id}: curves drawn`);
  }
  // The scenario's README: the random sessions ask for more than the chain makes, so some demand is
  // starved or drops requests; a starved constant demand gets red marks under its strip.
  const statuses = await s.page.$$eval('.demand-strip', (g) => g.map((x) => `${x.getAttribute('data-id')}:${x.getAttribute('data-status')}`));
  assert.ok(statuses.some((t) => !t.endsWith(':served')), `statuses ${statuses}`);
  const starvedTable = await s.page.$$eval('.demand-table tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-id')}:${r.querySelector('td[data-label=starved]')?.textContent}`));
  for (const row of starvedTable) {
    const [id, starved] = row.split(':');
    const marks = await s.page.locator(`.demand-strip[data-id="${id}"] .starved-mark`).count();
    if (starved && /^0\.0 s/.test(starved)) assert.is(marks, 0, `${id} never starved: no mark`);
    else if (starved && /\d/.test(starved)) assert.ok(marks > 0, `${id} starved ${starved}: marked`);
  }
  // The totals read as shares: an 11 Mbit and a 4 Gbit demand are both drawn at their % served.
  const widths = await s.page.$$eval('.demands-svg g.demand', (g) => g.map((x) => ({ id: x.getAttribute('data-id'), req: Number(x.querySelector('.requested')!.getAttribute('width')), served: Number(x.querySelector('.served')!.getAttribute('width')) })));
  const full = widths[0]!.req;
  assert.ok(widths.every((w) => Math.abs(w.req - full) < 0.5), 'every request is 100 %');
  assert.ok(widths.every((w) => w.served > 1), `every served share is visible: ${JSON.stringify(widths)}`);
  await s.page.selectOption('.demand-mode', 'log');
  assert.match((await s.page.textContent('.demands-svg .x-label')) ?? '', /log/);
});

test('ctrl + wheel on the timeline zooms the pools and demands too, with dates on the ticks; reset shows the run', async () => {
  await runScenario(s, 'micius-2017-xinglong');
  const before = await rangeLabel();
  assert.is(before, '2016-12-16 00:00 UTC → 2016-12-23 00:00 UTC');
  assert.ok(await s.page.isDisabled('.range-reset'));
  await s.page.locator('.timeline-svg').scrollIntoViewIfNeeded();
  const box = (await s.page.locator('.timeline-svg').boundingBox())!;
  await s.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4);
  await s.page.keyboard.down('Control');
  // d3.zoom: each ctrl+wheel step of 100 px zooms 2^(100 x 0.002 x 10) = 4 times: 3 steps, 64 times.
  for (let i = 0; i < 3; i++) await s.page.mouse.wheel(0, -100);
  await s.page.keyboard.up('Control');
  await s.page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.range-reset')!.disabled);
  const zoomed = (await rangeLabel())!;
  assert.is.not(zoomed, before);
  const [a, b] = zoomed.split(' → ').map((t) => Date.parse(t.replace(' UTC', 'Z').replace(' ', 'T')));
  assert.ok(b! - a! < 6 * 3600_000 && b! - a! > 3600_000, `zoomed to ${zoomed}`);
  // Every time chart shows the same range: their first ticks agree and carry the date.
  const first = [(await ticks('.timeline-svg'))[0], (await ticks('.pools-svg'))[0], (await ticks('.demand-time-svg'))[0]];
  for (const t of first) assert.match(t ?? '', /^Dec \d\d( \d\d:\d\d)?$/, `first tick ${t} carries the date`);
  const pools = await ticks('.pools-svg');
  const timeline = await ticks('.timeline-svg');
  assert.ok(pools.some((t) => /\d\d:\d\d$/.test(t)), `hours on the zoomed pool axis: ${pools}`);
  assert.ok(timeline.some((t) => /\d\d:\d\d$/.test(t)));
  const views = await s.page.$$eval('.timeline-svg, .pools-svg, .demand-time-svg', (svgs) => svgs.map((x) => x.getAttribute('data-view')));
  assert.is(views.length, 3);
  assert.ok(views.every((v) => v === views[0]), `one range in every chart: ${views}`);
  // The picker writes minutes: the spans agree within a minute.
  const span = Number(views[0]!.split('/')[1]) - Number(views[0]!.split('/')[0]);
  assert.ok(Math.abs(span - (b! - a!)) <= 60_000, `span ${span} ms vs the picker's ${b! - a!} ms`);
  // The brush on the range picker shows the zoomed range.
  assert.ok(Number(await s.page.getAttribute('.range-svg .selection', 'width')) > 0);
  // The address keeps the range.
  await s.page.waitForFunction(() => /#run=[0-9a-f]{12}&from=2016-12-\d\dT[\d:]+Z&to=/.test(location.hash));
  await s.page.click('.range-reset');
  assert.is(await rangeLabel(), before);
  assert.match((await ticks('.pools-svg'))[0] ?? '', /^Dec 1[67]/);
});

test('a plain wheel over the map or the timeline scrolls the page and zooms nothing', async () => {
  await s.page.evaluate(() => window.scrollTo(0, 0));
  const label = await rangeLabel();
  const mapTransform = await s.page.getAttribute('.map-svg .world', 'transform');
  for (const sel of ['.map-svg', '.timeline-svg']) {
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.page.locator(sel).scrollIntoViewIfNeeded();
    const box = (await s.page.locator(sel).boundingBox())!;
    const y0 = await s.page.evaluate(() => window.scrollY);
    await s.page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
    await s.page.mouse.wheel(0, 300);
    await s.page.waitForFunction((y) => window.scrollY > y, y0);
  }
  assert.is(await rangeLabel(), label);
  assert.is(await s.page.getAttribute('.map-svg .world', 'transform'), mapTransform);
});

test('the address keeps run, range, time and selection: a reloaded page shows the same view', async () => {
  await s.page.evaluate(() => window.scrollTo(0, 0));
  // Pick a keyed pass (its details open) and zoom with the range picker's brush.
  await s.page.locator('.timeline-svg').focus();
  await s.page.keyboard.press('End');
  await s.page.waitForSelector('#details[data-kind=pass]');
  const passId = await s.page.getAttribute('#details', 'data-id');
  await s.page.locator('.range-svg').scrollIntoViewIfNeeded();
  const brush = (await s.page.locator('.range-svg').boundingBox())!;
  await s.page.mouse.move(brush.x + brush.width * 0.55, brush.y + 10);
  await s.page.mouse.down();
  await s.page.mouse.move(brush.x + brush.width * 0.7, brush.y + 10, { steps: 4 });
  await s.page.mouse.up();
  const label = await rangeLabel();
  assert.ok(!(await s.page.isDisabled('.range-reset')));
  await s.page.waitForFunction(() => /sel=pass:/.test(location.hash) && /from=/.test(location.hash));
  // The address is written 150 ms after the last change (the brush sends many while dragged).
  await s.page.waitForTimeout(600);
  const url = s.page.url();
  const time = await s.page.textContent('.time-label');
  await s.page.goto('about:blank');
  await s.page.goto(url);
  await s.page.waitForSelector('body[data-report=loaded]');
  assert.is(await rangeLabel(), label);
  assert.is(await s.page.textContent('.time-label'), time);
  await s.page.waitForSelector('#details[data-kind=pass]');
  assert.is(await s.page.getAttribute('#details', 'data-id'), passId);
  await assertNoErrors(s);
});

test.run();
