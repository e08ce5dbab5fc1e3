/**
 * The KME's live page in a real browser (Chromium, test/web/launch-browser.ts): it follows the
 * event stream and shows each pool and the key each SAE was handed, updating as an application
 * draws key; no console errors.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../web/launch-browser.js';
import { startTestKme, type TestKme } from './fixture.js';

const test = suite('qkdsim kme: the live page');
let browser: Browser;
let t: TestKme;

test.before(async () => {
  browser = (await launchBrowser()).browser;
  t = await startTestKme();
});
test.after(async () => {
  await browser?.close();
  await t?.stop();
});

test('live.html shows the pools and the SAE ledger, and follows a Get key', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${t.kme.monitorUrl}/live.html`);
  await page.waitForSelector('#pools tbody tr:nth-child(2)');
  assert.is(await page.locator('#pools tbody tr').count(), 2);
  assert.equal(await page.$$eval('#pools tbody tr td:first-child', (tds) => tds.map((td) => td.textContent)), ['alice-relay', 'relay-bob']);
  assert.is(await page.textContent('#scenario'), 'kme-chain');
  const alice = t.client('alice-app');
  const got = await alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`, { number: 4, size: 1024 });
  assert.is(got.status, 200);
  // 4 keys of 1024 bits: "4 keys, 4.10 kbit" in alice-app's master column once the next event arrives.
  await page.waitForSelector('#saes tbody tr:has-text("alice-app"):has-text("4 keys, 4.10 kbit")', { timeout: 10_000 });
  const spent = await page.$$eval('#pools tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent));
  assert.equal(spent, ['4.10 kbit', '4.10 kbit']);
  assert.equal(await page.$$eval('#pools svg.spark polyline', (ls) => ls.length), 2);
  assert.equal(problems, []);
  await page.close();
});

test.run();
