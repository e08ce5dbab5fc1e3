/**
 * The `--queue` flag shared by `study`, `worker` and `serve`: a postgres:// URL, or `embedded` for
 * the server from npm under runs/postgres/ (started by `study`, joined by `worker` and `serve`).
 * @module
 */
import { join, relative, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { findEmbedded, parseQueueUrl, startEmbedded, type EmbeddedServer, type QueueTarget } from '../../study/queue/index.js';
import type { CliIo } from '../io.js';

/** Where `--queue embedded` keeps its server, relative to the working folder. */
export const EMBEDDED_DIR = join('runs', 'postgres');

/** A resolved `--queue`: the target, and the embedded server when there is one. */
export interface ResolvedQueue {
  readonly target: QueueTarget;
  readonly embedded: EmbeddedServer | null;
}

/**
 * Resolves `--queue`. `embedded` starts the server (start: true) or joins the one running under
 * runs/postgres/ (start: false; an error when none runs).
 */
export async function resolveQueue(value: string, io: CliIo, options: { start: boolean; quiet?: boolean }): Promise<ResolvedQueue> {
  if (value.trim() !== 'embedded') return { target: parseQueueUrl(value), embedded: null };
  const dir = resolve(io.cwd, EMBEDDED_DIR);
  if (!options.start) {
    const running = findEmbedded(dir);
    if (!running) throw new InputError({ file: '--queue', message: `no embedded PostgreSQL runs in ${EMBEDDED_DIR}/ here: start one with \`qkdsim study FILE --queue embedded\`, or give the URL it printed` });
    return { target: running.target, embedded: running };
  }
  const server = await startEmbedded({ dir });
  const shownDir = relative(io.cwd, dir) || '.';
  if (options.quiet) return { target: server.target, embedded: server };
  io.err(`qkdsim: PostgreSQL (embedded, data in ${shownDir}/) ${server.owned ? 'started' : 'already running'} at ${server.joinUrl}\n`);
  io.err(`qkdsim: workers can join from other terminals: PGPASSFILE=${join(shownDir, 'pgpass')} npx qkdsim worker --queue ${server.joinUrl}\n`);
  return { target: server.target, embedded: server };
}
