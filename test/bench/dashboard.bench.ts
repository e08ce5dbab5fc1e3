/**
 * Dashboard benchmark (issue 17): for each shipped scenario, in Chromium (launch-browser.ts) against
 * a real server,
 * - first render: from opening the page with the run's address (#run=<id>) to its report drawn
 *   (`body[data-report=loaded]`), the run already finished on the server;
 * - run to drawn: from pressing "Run scenario" to the new run's report drawn, on a warm worker
 *   (web/worker-pool.ts), and the same on a cold one (the pool switched off) as the baseline;
 * and the bytes the first page load transfers, gzipped (as served) and not, for the last scenario.
 * The median of 3 is kept. QKDSIM_BENCH_SCENARIOS=a,b limits the scenarios.
 *
 * Run alone with `node --import tsx test/bench/dashboard.bench.ts`, or from test/bench/index.ts
 * through `benchDashboard()`.
 */
import { performance } from 'node:perf_hooks';
import { get as httpGet } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../web/server.js';
import { RunManager } from '../../web/runs.js';
import { launchBrowser } from '../web/launch-browser.js';
import { report } from './harness.js';

const SCENARIOS = (process.env.QKDSIM_BENCH_SCENARIOS ?? 'micius-2017-xinglong,fibre-chain,intercontinental-2018,integrated-2021').split(',');
const REPS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function runToDrawn(page: Page, url: string, scenario: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]');
  const before = await page.getAttribute('body', 'data-run');
  await page.selectOption('select[name=scenario]', { value: scenario });
  const t0 = performance.now();
  await page.click('.run-button');
  await page.waitForSelector(before ? `body[data-report=loaded]:not([data-run="${before}"])` : 'body[data-report=loaded][data-run]', { timeout: 120_000 });
  return performance.now() - t0;
}

/** Waits until the server has a loaded worker waiting (so each warm run really starts warm). */
async function warm(server: RunningServer): Promise<void> {
  for (let i = 0; i < 600 && server.runs.warmReady < 1; i++) await new Promise((ok) => setTimeout(ok, 50));
}

/** Bytes of one GET as sent with and without `Accept-Encoding: gzip`. */
function fetchBytes(url: string, gzip: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => resolve(n));
    });
    req.on('error', reject);
  });
}

/**
 * Bytes of the page's first load: the URLs the page fetched (the event stream left out), each
 * fetched again from Node with and without gzip, so both sizes are exact.
 */
async function transfer(page: Page, url: string): Promise<{ wire: number; plain: number; urls: string[] }> {
  const urls: string[] = [];
  const onResponse = (res: import('playwright-core').Response): void => {
    if (res.request().method() === 'GET' && !/\/events$/.test(res.url())) urls.push(res.url());
  };
  await page.goto('about:blank');
  page.on('response', onResponse);
  await page.goto(url);
  await page.waitForSelector('body[data-report=loaded]');
  await page.waitForTimeout(800);
  page.off('response', onResponse);
  let wire = 0;
  let plain = 0;
  for (const u of urls) {
    wire += await fetchBytes(u, true);
    plain += await fetchBytes(u, false);
  }
  return { wire, plain, urls };
}

export async function benchDashboard(): Promise<void> {
  const { browser, source } = await launchBrowser();
  console.log(`dashboard: ${source}`);
  const servers = { warm: await startServer({ port: 0 }), cold: await startServer({ port: 0, runs: new RunManager({ warmWorkers: 0 }) }) };
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(120_000);
    for (const scenario of SCENARIOS) {
      const warmMs: number[] = [];
      const coldMs: number[] = [];
      for (let i = 0; i < REPS; i++) {
        await warm(servers.warm);
        warmMs.push(await runToDrawn(page, servers.warm.url, scenario));
        coldMs.push(await runToDrawn(page, servers.cold.url, scenario));
      }
      const run = (await page.getAttribute('body', 'data-run'))!;
      const firstMs: number[] = [];
      for (let i = 0; i < REPS; i++) {
        const t0 = performance.now();
        await page.goto('about:blank');
        await page.goto(`${servers.cold.url}#run=${run}`);
        await page.waitForSelector(`body[data-report=loaded][data-run="${run}"]`);
        firstMs.push(performance.now() - t0);
      }
      report({ name: `dashboard ${scenario}: first render`, value: `${median(firstMs).toFixed(0)} ms` });
      const w = median(warmMs);
      const c = median(coldMs);
      report({ name: `dashboard ${scenario}: run to drawn (warm worker)`, value: `${w.toFixed(0)} ms (cold worker ${c.toFixed(0)} ms, ${(c / w).toFixed(2)}x)`, target: { text: 'warm faster than cold', met: w < c } });
    }
    const run = (await page.getAttribute('body', 'data-run'))!;
    const bytes = await transfer(page, `${servers.cold.url}#run=${run}`);
    // What the page loaded before this issue: the 50m basemap (756 kB), ungzipped.
    const old50m = readFileSync(fileURLToPath(import.meta.resolve('world-atlas/countries-50m.json'))).length;
    const old110m = readFileSync(fileURLToPath(import.meta.resolve('world-atlas/countries-110m.json'))).length;
    const before = bytes.plain - old110m + old50m;
    report({ name: `dashboard first load (${SCENARIOS.at(-1)}), bytes`, value: `${(bytes.wire / 1024).toFixed(0)} KiB gzipped (${bytes.urls.length} requests, 110m basemap); ${(bytes.plain / 1024).toFixed(0)} KiB without gzip; ${(before / 1024).toFixed(0)} KiB without gzip with the 50m basemap (before)` });
  } finally {
    await browser.close();
    await servers.warm.close();
    await servers.cold.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchDashboard();
