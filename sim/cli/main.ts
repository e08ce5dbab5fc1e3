/**
 * The qkdsim command-line program: builds the commander program, runs it, and turns every error
 * into a one-line-per-problem message and an exit code (0 ok, 1 internal failure, 2 bad input:
 * commander's usage errors and qkdsim's own alike, both printed as `qkdsim: ...`).
 * @module
 */
import { Command, CommanderError } from 'commander';
import { InputError, PropagationError, formatIssue } from '../errors.js';
import { QKDSIM_VERSION } from '../version.js';
import { endQuietlyOnClosedStdout, processIo, type CliIo } from './io.js';
import { COMMANDS, type RegisterCommand } from './commands/index.js';

/** Exit code for bad input (flags, files, scenarios). */
export const EXIT_BAD_INPUT = 2;

/**
 * Builds the program with every command registered, writing through `io`.
 * @param extra commands registered after sim's own (the composition root adds serve and kme, which need web/)
 */
export function buildProgram(io: CliIo, extra: readonly RegisterCommand[] = []): Command {
  const program = new Command('qkdsim')
    .description('Discrete-event simulator of space-ground quantum key distribution networks')
    .version(QKDSIM_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // Commander's own errors in qkdsim's style: `qkdsim: unknown option '--x'`, not `error: ...`.
      outputError: (s, write) => write(`qkdsim: ${s.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('qkdsim: run with --help for usage');
  for (const register of [...COMMANDS, ...extra]) register(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI on an argv (as process.argv: node, script, args...) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, extra: readonly RegisterCommand[] = []): Promise<number> {
  if (io === processIo) endQuietlyOnClosedStdout();
  const program = buildProgram(io, extra);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error the way users should see it (never a stack trace for bad input). */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputError) {
    for (const issue of error.issues) io.err(`qkdsim: ${formatIssue(issue)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof PropagationError) {
    io.err(`qkdsim: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`qkdsim: internal error: ${message}\n`);
  if (process.env.QKDSIM_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 1;
}
