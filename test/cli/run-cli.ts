/** Runs the CLI in-process with captured output: `runCli('passes', '--format', 'json')`; `runCliWithInput` also gives standard input. */
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCliWithInput('', ...argv);
}

/** As runCli, with `stdin` as what `-` reads. */
export async function runCliWithInput(stdin: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(process.cwd(), stdin);
  const code = await main(['node', 'qkdsim', ...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}
