/**
 * `qkdsim kme`: registered by the composition root (web/program.ts), its flags checked all at once,
 * `--make-certs` writes a certificate folder and never overwrites one, and the command itself
 * serves a scenario (started as a real process, called with a client certificate, stopped with
 * SIGTERM, which prints the ledger).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, fixturePath } from '../helpers.js';
import { runProgram } from '../../web/program.js';
import { memoryIo } from '../../sim/cli/io.js';
import { SaeClient } from './client.js';
import { CHAIN } from './fixture.js';

const test = suite('qkdsim kme');

/** Runs the whole program in-process with captured output. */
async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runProgram(['node', 'qkdsim', ...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}

test('qkdsim --help lists kme; kme --help shows its own options', async () => {
  const top = await runCli('--help');
  // (Commander wraps the listing at the terminal width: compare with the spaces collapsed.)
  assert.match(top.out.replace(/\s+/g, ' '), / kme \[options\] <file> ETSI GS QKD 014 key managers \(KMEs\) serving a live run /);
  const help = await runCli('kme', '--help');
  assert.is(help.code, 0);
  for (const flag of ['--speed', '--port', '--host', '--certs', '--make-certs', '--from', '--key-lifetime', '--monitor-port', '--monitor-host']) assert.match(help.out, flag);
});

test('bad flags are reported together, exit 2, nothing started', async () => {
  const r = await runCli('kme', CHAIN, '--speed', '0', '--port', '70000', '--key-lifetime', 'x');
  assert.is(r.code, 2);
  assert.equal(r.err.trim().split('\n'), [
    'qkdsim: --speed: expected a number > 0 and <= 10000000, got "0"',
    'qkdsim: --port: expected an integer in [0, 65535], got "70000"',
    'qkdsim: --key-lifetime: expected a number > 0 and <= 316224000, got "x"',
  ]);
  const from = await runCli('kme', CHAIN, '--from', '2021-01-01T00:00:00Z', '--port', '0', '--monitor-port', '0');
  assert.is(from.code, 2);
  assert.match(from.err, /^qkdsim: --from: expected a time within the scenario \(2020-01-01T00:00:00.000Z to 2020-01-02T00:00:00.000Z\)/);
  const noSaes = await runCli('kme', fixturePath('scenarios', 'small.yaml'), '--port', '0');
  assert.is(noSaes.code, 2);
  assert.match(noSaes.err, /small\.yaml: saes: the scenario declares no SAEs/);
  const noCerts = await runCli('kme', CHAIN, '--certs', join(tmpdir(), 'qkdsim-no-such-folder'), '--port', '0', '--monitor-port', '0');
  assert.is(noCerts.code, 2);
  assert.match(noCerts.err, /qkdsim-no-such-folder\/ca\.crt: cannot read it \(make a certificate folder with `qkdsim kme FILE --make-certs DIR`\)/);
});

test('--days and --seed take the bounds of `qkdsim run`, and a run too big for memory is refused before anything starts', async () => {
  const r = await runCli('kme', CHAIN, '--days', '0', '--seed', '-1', '--port', '0');
  assert.is(r.code, 2);
  const lines = r.err.trim().split('\n');
  assert.is(lines.length, 2, r.err);
  assert.match(lines[0]!, /^qkdsim: --seed: expected an integer in \[0, /);
  assert.match(lines[1]!, /^qkdsim: --days: expected a number in \[6\.94e-4, 3660\], got "0"/);
  // Ten years of the chain sampled every second: 316 million samples of its pools.
  const { mkdtempSync: mk, readFileSync, writeFileSync } = await import('node:fs');
  const dir = mk(join(tmpdir(), 'qkdsim-kme-size-'));
  try {
    const text = readFileSync(CHAIN, 'utf8');
    const big = join(dir, 'big.yaml');
    writeFileSync(big, text.replace('sampleIntervalS: 600', 'sampleIntervalS: 1'));
    const size = await runCli('kme', big, '--days', '3650', '--port', '0', '--monitor-port', '0');
    assert.is(size.code, 2, size.err);
    assert.match(size.err, /big\.yaml: expected a run needing at most 4,096 MiB .*output\.sampleIntervalS 1 s over 3650 days: 315,360,001 samples/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--make-certs DIR writes the CA, the server and each SAE certificate; a second time it refuses (exit 2)', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'qkdsim-kme-cli-')), 'certs');
  try {
    const r = await runCli('kme', CHAIN, '--make-certs', dir);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /wrote 10 files to .*: ca\.crt, kme\.crt and kme\.key, and saes\/<id>\.crt and \.key for alice-app, bob-app, relay-app/);
    for (const f of ['ca.crt', 'kme.crt', 'kme.key', 'saes/alice-app.crt', 'saes/relay-app.key']) assert.ok(existsSync(join(dir, f)), f);
    const again = await runCli('kme', CHAIN, '--make-certs', dir);
    assert.is(again.code, 2);
    assert.match(again.err, /already holds certificates/);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('qkdsim kme FILE serves keys to a client certificate and prints the ledger when stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-kme-cli-'));
  assert.is((await runCli('kme', CHAIN, '--make-certs', dir)).code, 0);
  const child = spawn(process.execPath, [join(REPO_ROOT, 'web', 'qkdsim.mjs'), 'kme', CHAIN, '--certs', dir, '--port', '0', '--monitor-port', '0', '--speed', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!/live view at/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, /KME kme-alice \(SAEs alice-app\) at https:\/\/127\.0\.0\.1:\d+\n/, `${out}\n${err}`);
    const url = /KME kme-alice \(SAEs alice-app\) at (\S+)/.exec(out)![1];
    const alice = new SaeClient(dir, 'alice-app');
    const a = await alice.call('POST', `${url}/api/v1/keys/bob-app/enc_keys`, { number: 2, size: 128 });
    alice.close();
    assert.is(a.status, 200, a.text);
    child.kill('SIGTERM');
    assert.is(await exited, 0);
    assert.match(out, /SAE alice-app: 2 keys \(256 bits\) as master, 0 keys \(0 bits\) as slave, 0 bits expired uncollected/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
