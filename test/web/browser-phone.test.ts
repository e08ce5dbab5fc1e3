/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, keyboard and touch, on a 390 x 844 phone (touch, mobile): nothing wider than the
 * screen (the demand table becomes cards), every control at least 44 px tall, a tap on a thin pass
 * bar opens its details with the elevation against time, demand rows open by tap, and by keyboard
 * alone (Tab, arrows, Enter) the passes and demands can be reached and opened.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import { PHONE, assertNoErrors, boxes, browserSession, openDashboard, runScenario } from './browser-helpers.js';

const test = suite('phone, touch and keyboard (chromium, 390 x 844)');
const s = browserSession(test, PHONE);
const PHONE_SHOT = join(REPO_ROOT, 'test', 'output', 'dashboard-phone.png');

test('nothing is wider than the screen; the demand table is a stack of cards; labels fit their charts', async () => {
  await openDashboard(s);
  await runScenario(s, 'fibre-chain');
  const { scroll, client } = await s.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.is(client, 390);
  assert.ok(scroll <= client, `page ${scroll} px wide on a ${client} px screen`);
  const wrap = await s.page.$eval('.table-wrap', (w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
  assert.ok(wrap.scroll <= wrap.client + 1, `demand table ${wrap.scroll} px in ${wrap.client} px`);
  assert.is(await s.page.$eval('.demand-table tbody tr', (tr) => getComputedStyle(tr).display), 'block', 'rows as cards');
  // The demand axis label and status labels are inside the chart.
  const svg = (await boxes(s, '.demands-svg'))[0]!;
  for (const b of await boxes(s, '.demands-svg .x-label, .demands-svg .status-label, .demands-svg .row-label')) {
    assert.ok(b.x >= svg.x - 0.5 && b.x + b.width <= svg.x + svg.width + 0.5, `a label at ${b.x}..${b.x + b.width} outside ${svg.x}..${svg.x + svg.width}`);
  }
});

test('every button, select and text field is at least 44 px tall', async () => {
  const small = await s.page.$$eval('button, select, input:not([type=checkbox]):not([type=range]):not([type=file]), .export-data', (els) => els
    .filter((e) => (e as HTMLElement).offsetParent !== null)
    .map((e) => ({ what: `${e.tagName.toLowerCase()}.${e.className || (e as HTMLInputElement).name}`, h: e.getBoundingClientRect().height }))
    .filter((x) => x.h < 44 - 0.5));
  assert.equal(small, []);
  const rows = await boxes(s, '.demands-svg g.demand .row-hit');
  assert.ok(rows.every((r) => r.height >= 36), `demand rows ${rows.map((r) => r.height)} px tall`);
});

test('a tap on a pass bar (a few px wide) opens its details with the elevation against time', async () => {
  await runScenario(s, 'micius-2017-xinglong');
  await s.page.locator('.timeline-svg').scrollIntoViewIfNeeded();
  const bar = (await boxes(s, 'rect.pass[data-outcome=keyed]'))[0]!;
  assert.ok(bar.width < 10, `bars are thin on a phone (${bar.width} px)`);
  assert.ok(bar.height >= 30, `rows are tall enough to tap (${bar.height} px)`);
  // Tap beside the bar (10 px right of its edge): the nearest pass within 22 px is picked.
  await s.page.touchscreen.tap(bar.x + bar.width + 10, bar.y + bar.height / 2);
  await s.page.waitForSelector('#details[data-kind=pass]');
  await s.page.waitForSelector('#details .elevation-svg .elevation-line');
  assert.match((await s.page.textContent('#details')) ?? '', /MICIUS over xinglong/i);
  assert.is(await s.page.locator('#details .mask.key-mask').count(), 1);
  assert.is(await s.page.locator('rect.pass.selected').count(), 1);
  mkdirSync(join(REPO_ROOT, 'test', 'output'), { recursive: true });
  await s.page.locator('#details').scrollIntoViewIfNeeded();
  await s.page.screenshot({ path: PHONE_SHOT, fullPage: false });
  if (process.env.QKDSIM_UPDATE_SCREENSHOT === '1') copyFileSync(PHONE_SHOT, join(REPO_ROOT, 'web', 'public', 'screenshot-phone.png'));
  // A tap on a demand row opens it too.
  await s.page.locator('.demand-table tbody tr').first().scrollIntoViewIfNeeded();
  const row = (await boxes(s, '.demand-table tbody tr'))[0]!;
  await s.page.touchscreen.tap(row.x + 20, row.y + 10);
  await s.page.waitForSelector('#details[data-kind=demand]');
});

test('by keyboard alone: Tab reaches the passes and the demands; arrows and Enter open them', async () => {
  await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  for (let i = 0; i < 80 && reached.size < 2; i++) {
    await s.page.keyboard.press('Tab');
    const what = await s.page.evaluate(() => {
      const a = document.activeElement;
      return a?.classList.contains('timeline-svg') ? 'timeline' : a?.closest('.demand-table') ? 'demand' : '';
    });
    if (what === 'timeline' && !reached.has('timeline')) {
      reached.add(what);
      await s.page.keyboard.press('Home');
      await s.page.keyboard.press('ArrowRight');
      await s.page.waitForSelector('#details[data-kind=pass][data-id="1"]');
      await s.page.keyboard.press('Enter');
    } else if (what === 'demand' && !reached.has('demand')) {
      reached.add(what);
      await s.page.keyboard.press('Enter');
      await s.page.waitForSelector('#details[data-kind=demand]');
    }
  }
  assert.equal([...reached].sort(), ['demand', 'timeline']);
  await assertNoErrors(s);
});

test.run();
