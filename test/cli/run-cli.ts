/** Runs the CLI in-process with captured output: `runCli('passes', '--format', 'json')`. */
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', ...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}
