/**
 * `qkdsim worker --queue URL`: takes study cases from a PostgreSQL queue and runs them until
 * stopped (README "Many machines"). SIGINT or SIGTERM: no new cases; running ones get --grace-s to
 * finish, then go back to the queue; a second signal gives them back at once. Exits 0.
 * @module
 */
import type { Command } from 'commander';
import { availableParallelism, hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { WorkerCaseEvent } from '../../study/queue/index.js';
import type { CliIo } from '../io.js';
import { FlagIssues } from '../options.js';

interface WorkerFlags {
  queue?: string;
  concurrency?: string;
  heartbeatS: string;
  graceS: string;
  quiet?: boolean;
}

/** One line for a finished case. */
function caseLine(e: WorkerCaseEvent): string {
  const what = `${e.study} ${e.caseId}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
  switch (e.outcome) {
    case 'done':
      return `${what} done in ${(e.wallMs / 1000).toFixed(2)} s`;
    case 'retry':
      return `${what} failed: ${e.detail} (it will be retried)`;
    case 'failed':
      return `${what} recorded as failed (no retries left)`;
    case 'refused':
      return `${what} refused: ${e.detail}`;
    case 'lost':
      return `${what} finished, but another worker had taken it over: result dropped`;
    case 'released':
      return `${what} given back to the queue`;
  }
}

/** Registers `qkdsim worker`. */
export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('run study cases from a PostgreSQL queue (see `qkdsim study --queue`) until stopped')
    .requiredOption('--queue <url>', 'postgres://user@host:port/db (password from PGPASSWORD or ~/.pgpass), or embedded')
    .option('--concurrency <n>', `cases at once (default: the number of cores, ${availableParallelism()})`)
    .option('--heartbeat-s <s>', 'seconds between heartbeats; a lost worker\'s case is retried about 3x this later', '10')
    .option('--grace-s <s>', 'on SIGINT/SIGTERM, seconds running cases get to finish before they go back to the queue', '30')
    .option('--quiet', 'no line per case')
    .action(async (flags: WorkerFlags) => {
      const flagIssues = new FlagIssues();
      const concurrency = flagIssues.number('--concurrency', flags.concurrency, { integer: true, min: 1, max: 256 }) ?? availableParallelism();
      const heartbeatS = flagIssues.number('--heartbeat-s', flags.heartbeatS, { min: 1, max: 3600 })!;
      const graceS = flagIssues.number('--grace-s', flags.graceS, { min: 0, max: 86_400 })!;
      flagIssues.throwIfAny();
      // The queue (pg, pg-boss) loads only when this command runs: other commands start without it.
      const { QueueDb, QueueWorker } = await import('../../study/queue/index.js');
      const { resolveQueue } = await import('./queue-target.js');
      const { target } = await resolveQueue(flags.queue!, io, { start: false });
      const id = `${hostname()}:${process.pid}`;
      const say = (line: string): void => io.err(`qkdsim: worker ${id}: ${line}\n`);
      const db = await QueueDb.open({ target, applicationName: 'qkdsim-worker', who: id, poolSize: concurrency + 3, log: say });
      const worker = new QueueWorker({
        db,
        id,
        host: hostname(),
        pid: process.pid,
        concurrency,
        heartbeatS,
        now: () => performance.now(),
        onCase: (e) => {
          if (!flags.quiet || (e.outcome !== 'done' && e.outcome !== 'released')) say(caseLine(e));
        },
      });
      let stopping: Promise<{ released: number }> | null = null;
      const onSignal = (signal: string): void => {
        if (stopping) {
          say(`${signal} again: giving the running case(s) back now`);
          worker.releaseNow();
          return;
        }
        say(`${signal}: taking no more cases; ${worker.busy} running case(s) get up to ${graceS} s to finish (signal again to give them back now)`);
        stopping = worker.stop(graceS * 1000);
      };
      const sigint = (): void => onSignal('SIGINT');
      const sigterm = (): void => onSignal('SIGTERM');
      process.on('SIGINT', sigint);
      process.on('SIGTERM', sigterm);
      try {
        await worker.start();
        say(`taking cases from ${target.shown} (${concurrency} at once, heartbeat ${heartbeatS} s)`);
        await worker.finished();
        const { released } = await (stopping ?? worker.stop(0));
        say(`stopped${released > 0 ? ` (${released} case(s) given back to the queue)` : ''}`);
      } finally {
        process.removeListener('SIGINT', sigint);
        process.removeListener('SIGTERM', sigterm);
        await db.close();
      }
    });
}
