/**
 * `qkdsim serve`: starts the dashboard (web/server.ts) on host:port and, with `--run NAME`, runs a
 * shipped scenario at once so the page opens on a populated view (`npm start` does this).
 * Registered by the program's composition root (web/program.ts), so sim/ never imports web/; the
 * server module is loaded only when the command runs, keeping every other command's start-up small.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from '../sim/cli/io.js';
import { SERVER_RUN_LIMITS } from '../sim/scenario/estimate.js';
import { FlagIssues, boundOf, runLimitFlags } from '../sim/cli/options.js';

interface ServeFlags {
  port: string;
  host: string;
  run?: string;
  maxRuns: string;
  maxDays: string;
  maxEvents?: string;
  maxMemoryMb?: string;
  queue?: string;
}

/** Registers `qkdsim serve`. */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('serve the dashboard and its JSON API')
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <addr>', 'address to listen on (127.0.0.1: this machine only)', '127.0.0.1')
    .option('--run <name>', 'run this shipped scenario at startup (e.g. micius-2017-xinglong)')
    .option('--max-runs <n>', 'runs going at once; more are refused with HTTP 429', '2')
    .option('--max-days <n>', 'longest run accepted, days', '366')
    .option('--max-events <n>', `refuse runs estimated to take more events (default ${SERVER_RUN_LIMITS.maxEvents})`)
    .option('--max-memory-mb <n>', `refuse runs estimated to need more memory, MiB (default ${SERVER_RUN_LIMITS.maxMemoryMb})`)
    .option('--queue <url>', 'also list the studies of this queue database, with their progress (postgres://…, or embedded)')
    .action(async (flags: ServeFlags) => {
      const flagIssues = new FlagIssues();
      const port = flagIssues.number('--port', flags.port, { integer: true, min: 0, max: 65535 })!;
      const maxRuns = flagIssues.number('--max-runs', flags.maxRuns, { integer: true, min: 1, max: 64 })!;
      const maxDays = flagIssues.number('--max-days', flags.maxDays, boundOf('spanDays'))!;
      const runLimits = runLimitFlags(flagIssues, flags, SERVER_RUN_LIMITS);
      if (flags.run !== undefined && !/^[a-z0-9-]+$/.test(flags.run)) {
        flagIssues.add({ file: '--run', message: `expected a shipped scenario name (lower-case letters, digits, dashes), got ${JSON.stringify(flags.run)}` });
      }
      flagIssues.throwIfAny();
      const web = await import('./server.js');
      // The queue database (read only); sim/study/queue/listing.ts.
      let studyDatabase: import('../sim/study/queue/listing.js').StudyDatabase | undefined;
      if (flags.queue !== undefined) {
        const { StudyDatabase } = await import('../sim/study/queue/listing.js');
        const { resolveQueue } = await import('../sim/cli/commands/queue-target.js');
        const { target } = await resolveQueue(flags.queue, io, { start: false });
        studyDatabase = await StudyDatabase.open(target, (line) => io.err(`qkdsim: queue: ${line}\n`));
        io.out(`qkdsim: listing the studies of ${target.shown} too\n`);
      }
      let running: Awaited<ReturnType<typeof web.startServer>>;
      try {
        running = await web.startServer({ port, host: flags.host, maxConcurrentRuns: maxRuns, maxDays, runLimits, defaultScenario: flags.run, ...(studyDatabase ? { studyDatabase } : {}) });
      } catch (error) {
        await studyDatabase?.close();
        throw error;
      }
      io.out(`qkdsim: dashboard at ${running.url}\n`);
      if (flags.run !== undefined) {
        try {
          const run = web.startShippedRun(running, flags.run);
          io.out(`qkdsim: running ${flags.run} (run ${run.id}); the page shows it when it is done\n`);
        } catch (error) {
          await running.close();
          await studyDatabase?.close();
          throw error;
        }
      }
      const stop = (): void => {
        io.out('qkdsim: stopping\n');
        void running
          .close()
          .then(() => studyDatabase?.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
