/// <reference lib="dom" />
// (The page functions below run in the browser: they are typed with the DOM library.)
/**
 * Shared set-up of the browser tests (test/web/browser*.test.ts): a real server on a loopback port,
 * Chromium from launch-browser.ts, a page that records every page error, console error and window
 * `error` event (the ResizeObserver loop warning arrives only as the last), and small helpers to run
 * a scenario from the run panel and read what is drawn.
 *
 * When no browser starts, `session.launchError` holds the one-line reason and every test of the
 * file fails with it (uvu would hide a failing `before` hook).
 */
import * as assert from 'uvu/assert';
import type { suite } from 'uvu';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startServer, type AppOptions, type RunningServer } from '../../web/server.js';
import { launchBrowser } from './launch-browser.js';

/** A server, a browser and one page, with the errors the page raised. */
export interface BrowserSession {
  server: RunningServer | null;
  browser: Browser | null;
  page: Page;
  errors: string[];
  launchError: string | null;
}

/** The phone the tests use: 390 x 844 CSS px, touch, mobile (an iPhone 12-14 sized screen). */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 1000 } };

/** Registers before / before.each / after hooks on `test` and returns the session they fill. */
export function browserSession(test: ReturnType<typeof suite>, context: BrowserContextOptions = DESKTOP, serverOptions: AppOptions | (() => Promise<AppOptions>) = {}): BrowserSession {
  const s: BrowserSession = { server: null, browser: null, page: null as unknown as Page, errors: [], launchError: null };
  test.before(async () => {
    try {
      s.browser = (await launchBrowser()).browser;
    } catch (error) {
      s.launchError = (error as Error).message;
      console.error(`browser test: ${s.launchError}`);
      return;
    }
    const options = typeof serverOptions === 'function' ? await serverOptions() : serverOptions;
    s.server = await startServer({ port: 0, ...options });
    const ctx = await s.browser.newContext({ ...context, acceptDownloads: true });
    s.page = await ctx.newPage();
    s.page.on('pageerror', (e) => s.errors.push(`page error: ${e.message}`));
    s.page.on('console', (m) => {
      // 400s are expected where a test sends bad input on purpose, and failed fetches where it stops the server.
      if (m.type() === 'error' && !/status of 400|Failed to load resource: net::ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|EventSource/.test(m.text())) s.errors.push(`console: ${m.text()}`);
    });
    await s.page.addInitScript(() => {
      window.addEventListener('error', (e) => {
        document.documentElement.dataset.windowErrors = `${document.documentElement.dataset.windowErrors ?? ''}${e.message};`;
      });
    });
    s.page.setDefaultTimeout(30_000);
  });
  test.before.each(() => {
    if (s.launchError !== null) assert.unreachable(s.launchError);
  });
  test.after(async () => {
    try {
      await s.browser?.close();
    } finally {
      await s.server?.close();
    }
  });
  return s;
}

/** Opens the dashboard and waits until it has loaded. */
export async function openDashboard(s: BrowserSession, hash = ''): Promise<void> {
  await s.page.goto(`${s.server!.url}${hash}`);
  await s.page.waitForSelector('body[data-ready=true]');
}

/** Picks a shipped scenario (and days), runs it from the run panel and waits until its report is drawn. */
export async function runScenario(s: BrowserSession, name: string, days: string = ''): Promise<string> {
  const before = await s.page.getAttribute('body', 'data-run');
  await s.page.selectOption('select[name=scenario]', { value: name });
  await s.page.fill('input[name=days]', days);
  await s.page.click('.run-button');
  await s.page.waitForSelector(before ? `body[data-report=loaded]:not([data-run="${before}"])` : 'body[data-report=loaded][data-run]', { timeout: 60_000 });
  return (await s.page.getAttribute('body', 'data-run'))!;
}

/** The window error events the page raised (ResizeObserver loop warnings among them). */
export async function windowErrors(s: BrowserSession): Promise<string[]> {
  const text = (await s.page.getAttribute('html', 'data-window-errors')) ?? '';
  return text.split(';').filter(Boolean);
}

/** Every error the page raised so far; the test fails when there is one. */
export async function assertNoErrors(s: BrowserSession): Promise<void> {
  assert.equal([...s.errors, ...(await windowErrors(s))], []);
}

/** Text contents of the elements matching a selector. */
export const texts = (s: BrowserSession, selector: string): Promise<string[]> => s.page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

/** Bounding boxes (client px) of the elements matching a selector. */
export const boxes = (s: BrowserSession, selector: string): Promise<{ x: number; y: number; width: number; height: number; id: string | null }[]> =>
  s.page.$$eval(selector, (els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, id: e.getAttribute('data-id') };
  }));

/** Whether two boxes overlap by more than `slack` px each way. */
export const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }, slack = 0.5): boolean =>
  a.x + slack < b.x + b.width && b.x + slack < a.x + a.width && a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;

/** WCAG 2.1 contrast ratio of an rgb()/#rrggbb colour against white, computed here (not by the page). */
export function contrastOnWhite(colour: string): number {
  let rgb: number[];
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(colour);
  if (m) rgb = [m[1], m[2], m[3]].map(Number);
  else rgb = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  const lin = rgb.map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
  return 1.05 / (l + 0.05);
}
