import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';
import { parseNumber, parseIsoUtc, parseChoice } from '../../sim/cli/options.js';
import { InputError } from '../../sim/errors.js';

const cli = suite('main(argv)');

cli('an unknown command exits 2 with a message and no stack trace', async () => {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', 'bogus'], io);
  assert.is(code, 2);
  assert.not.match(io.stderr, /at .*\.ts:\d+/);
});

cli('--help exits 0 and lists the program name', async () => {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', '--help'], io);
  assert.is(code, 0);
  assert.match(io.stdout, /Usage: qkdsim/);
});
cli.run();

const opts = suite('options');
opts('parseNumber(flag, raw, bounds) names the flag, the range and the value', () => {
  assert.is(parseNumber('--length-km', '12.5', { min: 0 }), 12.5);
  try {
    parseNumber('--length-km', '-5', { min: 0 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, InputError);
    assert.is((error as Error).message, '--length-km: expected a number >= 0, got "-5"');
  }
  assert.throws(() => parseNumber('--p', '1.5', { min: 0, max: 1 }), /expected a number in \[0, 1\], got "1.5"/);
  assert.throws(() => parseNumber('--n', '2.5', { integer: true }), /expected an integer/);
  assert.throws(() => parseNumber('--n', 'abc'), /expected a number, got "abc"/);
  assert.throws(() => parseNumber('--mu', '0', { minExclusive: 0 }), /expected a number > 0/);
});
opts('parseIsoUtc(flag, raw) accepts dates and times in UTC and rejects others', () => {
  assert.is(parseIsoUtc('--start', '2016-12-19'), Date.UTC(2016, 11, 19));
  assert.is(parseIsoUtc('--start', '2016-12-19T16:52:14.5Z'), Date.UTC(2016, 11, 19, 16, 52, 14, 500));
  assert.throws(() => parseIsoUtc('--start', '19/12/2016'), /--start: expected an ISO 8601 UTC time/);
  assert.throws(() => parseIsoUtc('--start', '2016-12-19T16:52'), /expected an ISO 8601/);
});
opts('parseChoice(flag, raw, choices) lists the choices', () => {
  assert.is(parseChoice('--format', 'json', ['table', 'json']), 'json');
  assert.throws(() => parseChoice('--format', 'xml', ['table', 'json']), /expected one of table, json, got "xml"/);
});
opts.run();
