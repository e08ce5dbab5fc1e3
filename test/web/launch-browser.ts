/**
 * Starts the headless Chromium the browser tests drive (playwright-core), with nothing installed
 * by hand: a system Chromium when one is present (CHROMIUM_PATH, else /usr/bin/chromium), else the
 * one shipped inside the `@sparticuz/chromium` npm package (extracted to the temporary folder on
 * first use). When no browser can start, the error is one line that says why and what to do.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags every launch gets: no first-run work and no background connections (the network is closed). */
const QUIET_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/**
 * @sparticuz/chromium's own flags, minus the ones that would weaken what the tests check: the page's
 * Content-Security-Policy and same-origin rules must hold as they do in a user's browser.
 */
const DROPPED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/** Which browser was started, for the test log. */
export interface LaunchedBrowser {
  readonly browser: Browser;
  readonly source: string;
}

/** The system Chromium to prefer, or null when there is none. */
function systemChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${JSON.stringify(fromEnv)}, which does not exist: unset it to use the npm-packaged Chromium, or point it at a Chromium binary`);
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

/** Launches Chromium; throws an Error whose message is a single line naming the cause and the fix. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const system = systemChromium();
  if (system) {
    try {
      return { browser: await chromium.launch({ executablePath: system, args: QUIET_ARGS }), source: system };
    } catch (error) {
      throw new Error(`cannot start the system Chromium at ${system} (${firstLine(error)}): repair it, or set CHROMIUM_PATH to another binary`);
    }
  }
  let executablePath: string;
  let args: string[];
  try {
    const packaged = (await import('@sparticuz/chromium')).default;
    executablePath = await packaged.executablePath();
    args = [...packaged.args.filter((a) => !DROPPED_ARGS.has(a)), ...QUIET_ARGS.filter((a) => a !== '--headless')];
  } catch (error) {
    throw new Error(`no Chromium: /usr/bin/chromium is absent and @sparticuz/chromium could not be unpacked (${firstLine(error)}): run npm install, or set CHROMIUM_PATH to a Chromium binary`);
  }
  try {
    return { browser: await chromium.launch({ executablePath, args }), source: `@sparticuz/chromium (${executablePath})` };
  } catch (error) {
    throw new Error(`cannot start the npm-packaged Chromium at ${executablePath} (${firstLine(error)}): set CHROMIUM_PATH to a working Chromium binary`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}
