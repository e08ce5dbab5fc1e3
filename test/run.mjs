#!/usr/bin/env node
// Runs every uvu test file under test/ (TypeScript through tsx) and ends with the plain line
// `N passed, N failed` that CI reads. Zero tests, a crash while loading a file, or a non-zero
// uvu exit all count as failure. Usage: `npm test` or `npm test -- <regex on file path>`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const uvuBin = join(dirname(require.resolve('uvu')), '..', 'bin.js');
// An optional argument narrows the run to test files whose path matches it (a regular expression).
const filter = process.argv[2];
const pattern = filter ? `^(?=.*(?:${filter})).*\\.test\\.ts$` : '\\.test\\.ts$';
const child = spawn(process.execPath, ['--import', 'tsx', uvuBin, 'test', pattern, '--no-color'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, FORCE_COLOR: '0' },
});
let out = '';
child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
child.stderr.on('data', (chunk) => { out += chunk; process.stderr.write(chunk); });
child.on('close', (code, signal) => {
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  let failed = total - passed - skipped;
  // A file that crashed before uvu could summarise, or a non-zero exit without counted failures.
  if ((code !== 0 || signal) && failed === 0) failed = 1;
  if (total === 0 && failed === 0) {
    console.error('no tests ran: that is a failure');
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
});
