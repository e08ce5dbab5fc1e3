/**
 * KME load benchmark (issue 16): `qkdsim kme` on the kme-chain fixture as its own process (speed 10,
 * so the pools fill and drain while the load runs), and 200 Get key requests a second (1 key of
 * 256 bits each) for 60 s from one SAE over keep-alive mutual TLS on loopback, at most 200 in
 * flight. Targets: no answer other than 200 or 503 for lack of key; p99 latency <= 50 ms; key bits
 * received = bits each pool on the route spent, to the bit. QKDSIM_KME_BENCH_S shortens the run.
 *
 * Baseline in the same run: the same load on a bare mutual-TLS HTTPS server (node:https, same
 * certificates, a fixed 100-byte JSON answer, no KME work) shows what the machine itself adds to
 * the latency at that moment (on a shared machine, other processes' load dominates the tail).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, writeCertificates } from '../../web/kme/certs.js';
import { REPO_ROOT, fixturePath } from '../helpers.js';
import { SaeClient, getJson } from '../kme/client.js';
import { quantile, runLoad } from '../kme/load.js';
import { report } from './harness.js';

const RATE_PER_S = 200;

/** The baseline server: mutual TLS, a fixed answer; prints its port. */
const BARE_SERVER = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
const dir = process.argv[1];
const body = JSON.stringify({ keys: [{ key_ID: '00000000-0000-4000-8000-000000000000', key: 'A'.repeat(44) }] });
const server = createServer({ key: readFileSync(dir + '/kme.key'), cert: readFileSync(dir + '/kme.crt'), ca: readFileSync(dir + '/ca.crt'), requestCert: true, rejectUnauthorized: true }, (req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

/** p99 of the same load on the bare server, ms. */
async function baselineP99(dir: string, durationS: number): Promise<{ p50: number; p99: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const client = new SaeClient(dir, 'alice-app', { maxSockets: 64 });
  try {
    while (!/port \d+/.test(out)) await new Promise((r) => setTimeout(r, 50));
    const url = `https://127.0.0.1:${/port (\d+)/.exec(out)![1]}/`;
    await runLoad({ client, url, ratePerS: 100, durationS: 1, maxInFlight: 100, body: { number: 1, size: 256 } });
    const r = await runLoad({ client, url, ratePerS: RATE_PER_S, durationS, maxInFlight: 200, body: { number: 1, size: 256 } });
    return { p50: quantile(r.latenciesMs, 0.5), p99: quantile(r.latenciesMs, 0.99) };
  } finally {
    client.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
const P99_TARGET_MS = 50;

export async function benchKme(durationS = Number(process.env.QKDSIM_KME_BENCH_S ?? 60)): Promise<void> {
  const scenario = fixturePath('scenarios', 'kme-chain.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-kme-bench-'));
  writeCertificates(dir, await makeCertificates(['alice-app', 'bob-app', 'relay-app']));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'web', 'qkdsim.mjs'), 'kme', scenario, '--certs', dir, '--port', '0', '--monitor-port', '0', '--speed', '10'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const client = new SaeClient(dir, 'alice-app', { maxSockets: 64 });
  try {
    const t0 = Date.now();
    while (!/live view at/.test(out)) {
      if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`qkdsim kme did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const kme = /KME kme-alice \(SAEs alice-app\) at (\S+)/.exec(out)![1]!;
    const monitor = /live view at (\S+)\/live\.html/.exec(out)![1]!;
    // Warm-up, not counted: the first requests load code paths lazily (body parsing, routing).
    const url = `${kme}/api/v1/keys/bob-app/enc_keys`;
    await runLoad({ client, url, ratePerS: 100, durationS: 1, maxInFlight: 100, body: { number: 1, size: 256 } });
    const before = await getJson(`${monitor}/live/state`);
    const r = await runLoad({ client, url, ratePerS: RATE_PER_S, durationS, maxInFlight: 200, body: { number: 1, size: 256 } });
    const after = await getJson(`${monitor}/live/state`);
    const delivered = after.saes.find((x: { id: string }) => x.id === 'alice-app').deliveredBits - before.saes.find((x: { id: string }) => x.id === 'alice-app').deliveredBits;
    const spent = after.pools.map((p: { consumedBits: number }, i: number) => p.consumedBits - before.pools[i].consumedBits) as number[];
    const p50 = quantile(r.latenciesMs, 0.5);
    const p99 = quantile(r.latenciesMs, 0.99);
    const ok = r.byStatus.get(200) ?? 0;
    report({
      name: `kme: ${RATE_PER_S} enc_keys/s for ${durationS} s, mutual TLS`,
      value: `${r.sent} sent (${(r.sent / r.wallS).toFixed(1)}/s, ${r.skipped} skipped at the in-flight bound), ${ok} served, ${r.shortOfKey} x 503 short of key, ${r.errorCount} other errors`,
      target: { text: '0 errors other than 503 short of key', met: r.errorCount === 0 && r.skipped === 0 },
    });
    report({ name: 'kme: latency of Get key', value: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${r.latenciesMs.at(-1)?.toFixed(2)} ms`, target: { text: `p99 <= ${P99_TARGET_MS} ms`, met: p99 <= P99_TARGET_MS } });
    const bare = await baselineP99(dir, durationS);
    report({ name: 'kme: baseline, bare mutual-TLS server, same load', value: `p50 ${bare.p50.toFixed(2)} ms, p99 ${bare.p99.toFixed(2)} ms (KME p99 / baseline p99 = ${(p99 / bare.p99).toFixed(2)})` });
    report({
      name: 'kme: key delivered vs pool consumption',
      value: `${r.receivedBits} bits received (KME ledger ${delivered}); spent ${after.pools.map((p: { link: string }, i: number) => `${p.link} ${spent[i]}`).join(', ')}`,
      target: { text: 'equal to the bit on every hop', met: delivered === r.receivedBits && spent.every((s) => s === r.receivedBits) },
    });
    if (r.errors.length > 0) console.log(`  first errors: ${r.errors.slice(0, 3).join(' | ')}`);
  } finally {
    client.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `node --import tsx test/bench/kme.bench.ts` (the lead registers it in index.ts).
if (process.argv[1] && /kme\.bench\.ts$/.test(process.argv[1])) await benchKme();
