/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Issue 17, warnings, errors and runs that end early: the run's warnings are on the page (demands
 * cut by the span, element-set age), every problem of an upload is listed at once, results stay on
 * screen while a new run goes and after Stop, resizing raises no ResizeObserver error event, large
 * amounts read in Tbit, and a server that has gone away is reported in words, not "Failed to fetch".
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoErrors, browserSession, openDashboard, runScenario, windowErrors } from './browser-helpers.js';

const test = suite('warnings, errors, stop (chromium)');
const s = browserSession(test);

test('intercontinental-2018 for 2 days: the warnings the CLI prints are on the page', async () => {
  await openDashboard(s);
  await runScenario(s, 'intercontinental-2018', '2');
  await s.page.waitForSelector('.run-warnings:not([hidden])');
  const items = await s.page.$$eval('.run-warnings li', (li) => li.map((x) => x.textContent ?? ''));
  assert.is(items.length, 3);
  assert.match(items[0]!, /propagating up to 258\.\d days from the epoch/);
  assert.ok(items.filter((t) => /demands\[\d\]: starts after the end of the run/.test(t)).length === 2, items.join('\n'));
  assert.match((await s.page.textContent('.demand-time-note, #demands .empty')) ?? '', /no demands/i);
});

test('an upload with several problems lists every one of them at once, each under its line', async () => {
  // Shape errors and a reference to an unknown node in one upload: all four in the first round.
  await s.page.click('details.upload summary');
  await s.page.fill('textarea[name=document]', [
    'name: bad', 'start: 2020-01-01T00:00:00Z', 'days: 1', 'seed: -3', 'nodes:', '  - { id: a, kind: user }', '  - { id: b, kind: relay }',
    'links:', '  - { kind: fiber, from: a, to: b, lengthKm: -5 }', '  - { kind: fiber, from: a, to: b, lengthKm: 5, pool: { capacityBits: -1 } }',
    '  - { kind: fiber, from: b, to: nowhere, lengthKm: 5 }', '',
  ].join('\n'));
  await s.page.fill('input[name=days]', '');
  await s.page.click('.run-document');
  await s.page.waitForSelector('.doc-listing li.issue');
  assert.match((await s.page.textContent('.doc-issues .error-title')) ?? '', /^4 problems/);
  const lines = await s.page.$$eval('.doc-listing li.issue', (li) => li.map((x) => x.getAttribute('data-line')));
  assert.equal(lines, ['4', '9', '10', '11']);
  assert.match((await s.page.textContent('.doc-listing li.issue[data-line="11"]')) ?? '', /nowhere/);
});

test('results stay on screen while another run goes and after Stop', async () => {
  await runScenario(s, 'micius-2017-xinglong');
  const bars = await s.page.locator('rect.pass').count();
  const lines = await s.page.locator('.pool-line').count();
  assert.is(bars, 23);
  const shown = await s.page.getAttribute('body', 'data-run');
  await s.page.selectOption('select[name=scenario]', { value: 'integrated-2021' });
  await s.page.fill('input[name=days]', '300');
  await s.page.click('.run-button');
  await s.page.waitForSelector('body[data-following]');
  assert.is(await s.page.locator('rect.pass').count(), bars, 'the pass bars of the shown run stay while the new one goes');
  assert.match((await s.page.textContent('.run-status')) ?? '', /the results of micius-2017-xinglong stay until it is done/);
  await s.page.click('.cancel-button');
  await s.page.waitForSelector('body:not([data-following])');
  assert.match((await s.page.textContent('.run-status')) ?? '', /integrated-2021: stopped; the results of micius-2017-xinglong stay on screen/);
  assert.is(await s.page.getAttribute('body', 'data-run'), shown);
  assert.is(await s.page.locator('rect.pass').count(), bars);
  assert.is(await s.page.locator('.pool-line').count(), lines);
  assert.is(await s.page.textContent('#scenario-name'), 'micius-2017-xinglong');
  // The clock still drives what is drawn.
  const t0 = await s.page.textContent('.time-label');
  await s.page.fill('.time-slider', String(3600));
  assert.is.not(await s.page.textContent('.time-label'), t0);
});

test('resizing the window raises no ResizeObserver loop error event', async () => {
  for (const width of [1200, 900, 700, 1440]) {
    await s.page.setViewportSize({ width, height: 1000 });
    await s.page.waitForTimeout(250);
  }
  assert.equal(await windowErrors(s), []);
});

test('large key amounts read in Tbit and Pbit', async () => {
  const text = await s.page.evaluate(async () => {
    const module = '/js/format.js';
    const f = await import(module);
    return [f.formatBits(17425e9), f.formatBits(2.5e15), f.formatBits(999), f.formatBits(1.84e6)];
  });
  assert.equal(text, ['17.4 Tbit', '2.50 Pbit', '999 bit', '1.84 Mbit']);
  await assertNoErrors(s);
});

test('when the server has gone away, the page says so in words', async () => {
  await s.server!.close();
  await s.page.selectOption('select[name=scenario]', { value: 'fibre-chain' });
  await s.page.fill('input[name=days]', '');
  await s.page.click('.run-button');
  await s.page.waitForSelector('#server-banner:not([hidden])');
  const text = (await s.page.textContent('#server-banner')) ?? '';
  assert.match(text, /cannot reach the qkdsim server at http:\/\/127\.0\.0\.1:\d+: is `qkdsim serve` \(npm start\) still running\?/);
  assert.not.match(text, /Failed to fetch/);
  assert.not.match((await s.page.textContent('.form-errors')) ?? '', /Failed to fetch/);
  s.server = null;
});

test.run();
