/** `qkdsim serve`: its flags are checked before anything listens; a bad `--run` stops the server again. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runProgram as main } from '../../web/program.js';
import { memoryIo } from '../../sim/cli/io.js';

const serve = suite('qkdsim serve');
serve('refuses bad --port, --max-runs, --max-days and --run values, each on its own line (exit 2)', async () => {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', 'serve', '--port', 'http', '--max-runs', '0', '--max-days', '-1', '--run', '../package'], io);
  assert.is(code, 2);
  const lines = io.stderr.trim().split('\n');
  assert.equal(lines, [
    'qkdsim: --port: expected an integer in [0, 65535], got "http"',
    'qkdsim: --max-runs: expected an integer in [1, 64], got "0"',
    'qkdsim: --max-days: expected a number > 0 and <= 3660, got "-1"',
    'qkdsim: --run: expected a shipped scenario name (lower-case letters, digits, dashes), got "../package"',
  ]);
  assert.is(io.stdout, '');
});
serve('an unknown --run scenario is bad input; the server it started is closed again', async () => {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', 'serve', '--port', '0', '--run', 'no-such-scenario'], io);
  assert.is(code, 2);
  assert.match(io.stdout, /^qkdsim: dashboard at http:\/\/127\.0\.0\.1:\d+\/\n$/);
  assert.match(io.stderr, 'qkdsim: --run: expected the name of a shipped scenario (');
  assert.match(io.stderr, 'micius-2017-xinglong');
});
serve.run();
