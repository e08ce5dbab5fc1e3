/**
 * A command whose implementation is loaded only when it runs (a dynamic import), so that sim/ does
 * not depend on the module that implements it (web/ registers `kme` this way). The placeholder
 * lists the command in `qkdsim --help`; when it runs, the real command is registered on a fresh
 * program that parses the same arguments, so its options, help and errors are exactly its own.
 * @module
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { RegisterCommand } from './index.js';

/** A RegisterCommand for `name` that imports the real one (`load`) when the command runs. */
export function lazyCommand(name: string, description: string, load: () => Promise<RegisterCommand>): RegisterCommand {
  return (program: Command, io: CliIo) => {
    program
      .command(name)
      .description(description)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('<file>')
      .action(async (_file: string, _flags: unknown, command: Command) => {
        const register = await load();
        const inner = new Command(program.name())
          .exitOverride()
          .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
          .showHelpAfterError('(run with --help for usage)');
        register(inner, io);
        for (const c of inner.commands) c.exitOverride();
        await inner.parseAsync([name, ...command.args], { from: 'user' });
      });
  };
}
