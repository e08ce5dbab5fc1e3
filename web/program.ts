/**
 * The qkdsim program: the composition root. sim/cli builds the commands of the simulator; the
 * commands that run servers (serve: the dashboard; kme: the key-delivery API) live in web/, which
 * may import sim/ but not the other way round. This file, the only one that sees both, wires them
 * together; the `qkdsim` executable (web/qkdsim.mjs) runs it.
 * @module
 */
import { main } from '../sim/cli/main.js';
import { processIo, type CliIo } from '../sim/cli/io.js';
import type { RegisterCommand } from '../sim/cli/commands/index.js';
import { registerServe } from './serve-command.js';
import { registerKme } from './kme/command.js';

/** The commands web/ adds to sim's. */
export const WEB_COMMANDS: readonly RegisterCommand[] = [registerServe, registerKme];

/** Runs the whole program on an argv (node, script, args...) and returns the exit code. */
export function runProgram(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return main(argv, io, WEB_COMMANDS);
}
