/**
 * issue-11: `qkdsim serve`, run as users run it (its own process), answers 30 concurrent malformed
 * and oversize submissions each with a 4xx JSON error (never a 5xx, never a stack trace), keeps
 * answering while they arrive, and its memory stays bounded: its peak resident set (VmHWM, read
 * from /proc) is checked against a bound and printed. The inputs are new ones of every class of the
 * issue: oversize bodies, bombs, impossible dates, rates and intervals beyond their bounds, runs too
 * large for the server, and requests that are not JSON at all.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';

/** Peak resident memory allowed to the server process, MiB: its start (~100 MiB) plus the answers. */
const MAX_PEAK_RSS_MIB = 700;

const load = suite('qkdsim serve under 30 concurrent bad submissions (issue-11)');

let child: ChildProcess;
let base = '';

load.before(async () => {
  child = spawn(process.execPath, [join(REPO_ROOT, 'web', 'qkdsim.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`qkdsim serve did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /dashboard at (http:\/\/\S+?)\/?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`qkdsim serve exited with ${code}: ${out}`)));
  });
});

load.after(() => {
  child.kill('SIGTERM');
});

/** A scenario document as YAML text, with `extra` lines and a fibre link between two users. */
const yamlDoc = (extra: string, start = '2020-03-01T00:00:00Z'): string =>
  `name: load\nstart: ${start}\ndays: 30\nnodes: [{ id: a, kind: user }, { id: z, kind: user }]\nlinks: [{ kind: fiber, from: a, to: z, lengthKm: 20 }]\n${extra}`;
const upload = (document: string, label = 'load.yaml'): string => JSON.stringify({ label, document });
const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');

interface Submission {
  readonly what: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}
const json = { 'content-type': 'application/json' };

const SUBMISSIONS: readonly Submission[] = [
  { what: 'a 20 MB body', body: upload('x'.repeat(20 * 1024 * 1024)) },
  { what: 'a 2 MB body', body: upload(`# ${'y'.repeat(2 * 1024 * 1024)}\n`) },
  { what: 'plain text', body: 'run fibre-chain please', headers: { 'content-type': 'text/plain' } },
  { what: 'a charset nobody has', body: '{"scenario":"fibre-chain"}', headers: { 'content-type': 'application/json; charset=klingon' } },
  { what: 'gzip that is not gzip', body: 'this is not gzip at all', headers: { ...json, 'content-encoding': 'gzip' } },
  { what: 'JSON cut short', body: '{"scenario": "fibre-chain", "days":' },
  { what: 'a body nested 150 000 deep', body: deepJson(150_000) },
  { what: 'a document nested 150 000 deep', body: upload(deepJson(150_000), 'deep.json') },
  { what: 'a YAML alias bomb', body: upload(aliasBomb) },
  { what: 'duplicate keys in the body', body: '{"scenario":"fibre-chain","scenario":"integrated-2021"}' },
  { what: 'a list for a body', body: '[{"scenario":"fibre-chain"}]' },
  { what: 'an empty body', body: '' },
  { what: 'an unknown field', body: '{"scenario":"fibre-chain","priority":"high"}' },
  { what: 'days overflowing to Infinity', body: '{"scenario":"fibre-chain","days":1e999}' },
  { what: 'a nanosecond of days', body: '{"scenario":"fibre-chain","days":1e-9}' },
  { what: 'a fractional seed', body: '{"scenario":"fibre-chain","seed":1.5}' },
  { what: 'a shipped name that climbs out', body: '{"scenario":"../../package"}' },
  { what: 'samples every nanosecond', body: upload(yamlDoc('output: { sampleIntervalS: 1.0e-9 }\n')) },
  { what: 'Poisson arrivals every picosecond', body: upload(yamlDoc('demands: [{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 1.0e-12, size: { distribution: fixed, bits: 8 } }]\n')) },
  { what: 'a run too large for the server (arrivals every 10 ms for 30 days)', body: upload(yamlDoc('demands: [{ id: d, kind: poisson, from: a, to: z, meanIntervalS: 0.01, size: { distribution: fixed, bits: 8 } }]\n')) },
  { what: 'a run too large for the server (samples every second of 30 days, 200 links)', body: upload(`name: wide\nstart: 2020-03-01T00:00:00Z\ndays: 30\nnodes: [${Array.from({ length: 201 }, (_, i) => `{ id: n${i}, kind: relay }`).join(', ')}]\nlinks: [${Array.from({ length: 200 }, (_, i) => `{ kind: fiber, from: n${i}, to: n${i + 1}, lengthKm: 20 }`).join(', ')}]\noutput: { sampleIntervalS: 1 }\n`) },
  { what: 'a demand of 1e308 bit/s', body: upload(yamlDoc('demands: [{ id: d, kind: constant, from: a, to: z, rateBps: 1.0e308 }]\n')) },
  { what: 'a start on 30 February', body: upload(yamlDoc('', '2021-02-30T00:00:00Z')) },
  { what: 'a start at 24:00', body: upload(yamlDoc('', '2021-03-01T24:00:00Z')) },
  { what: 'a start before Sputnik', body: upload(yamlDoc('', '1901-01-01T00:00:00Z')) },
  { what: 'NaN as a sample interval', body: upload(yamlDoc('output: { sampleIntervalS: .nan }\n')) },
  { what: 'a name that climbs out of runs/', body: upload(yamlDoc('').replace('name: load', 'name: ../../../tmp/x')) },
  { what: 'an element-set file outside the server folder', body: upload(yamlDoc('satellites: [{ id: m, tle: /etc/passwd }]\n')) },
  { what: 'a document that is a list', body: JSON.stringify({ document: [1, 2, 3] }) },
  { what: 'a Walker constellation of 1000 satellites over 5 stations for a year', body: upload('name: big\nstart: 2020-03-01T00:00:00Z\ndays: 366\nsatellites: [{ id: w, walker: { satellites: 1000, planes: 20, altitudeKm: 550, inclinationDeg: 53 } }]\nstations: [xinglong, graz, nanshan, delingha, lijiang]\nlinks: [' + ['xinglong', 'graz', 'nanshan', 'delingha', 'lijiang'].map((s) => `{ kind: downlink, satellite: w, station: ${s} }`).join(', ') + ']\n') },
];

/** VmHWM (peak resident set) of a process, MiB, from /proc; null where /proc is not there. */
function peakRssMib(pid: number): number | null {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return null;
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

load('30 concurrent bad submissions: every answer a 4xx JSON error naming the problem; the server keeps answering; peak memory bounded', async () => {
  assert.is(SUBMISSIONS.length, 30);
  const answers = SUBMISSIONS.map(async (s) => {
    const res = await fetch(`${base}/api/runs`, { method: 'POST', headers: s.headers ?? json, body: s.body });
    const text = await res.text();
    return { s, status: res.status, type: res.headers.get('content-type') ?? '', text };
  });
  // The server answers other requests while the 30 are in flight.
  const info = fetch(`${base}/api/info`).then((r) => r.status);
  const results = await Promise.all(answers);
  assert.is(await info, 200);
  for (const r of results) {
    assert.ok(r.status >= 400 && r.status < 500, `${r.s.what}: expected a 4xx answer, got ${r.status}: ${r.text.slice(0, 300)}`);
    assert.match(r.type, /application\/json/, `${r.s.what}: a JSON answer`);
    const body = JSON.parse(r.text) as { error?: unknown };
    assert.type(body.error, 'string', `${r.s.what}: an error field`);
    assert.not.match(r.text, /\bat \S+ \(\S+:\d+:\d+\)|\n\s+at /, `${r.s.what}: a stack trace`);
    assert.not.match(r.text, /root:x:0:0/, `${r.s.what}: a server file`);
  }
  // Spot checks that each class is refused for its own reason.
  const of = (what: string) => results.find((r) => r.s.what === what)!;
  assert.is(of('a 20 MB body').status, 413);
  assert.match(of('Poisson arrivals every picosecond').text, /meanIntervalS: expected a number >= 0\.01, got 1e-12/);
  assert.match(of('a run too large for the server (arrivals every 10 ms for 30 days)').text, /expected a run of at most 10,000,000 events \(the server's limit/);
  assert.match(of('a run too large for the server (samples every second of 30 days, 200 links)').text, /output\.sampleIntervalS 1 s over 30 days/);
  assert.match(of('a Walker constellation of 1000 satellites over 5 stations for a year').text, /satellite-station pair\(s\) with downlinks/);
  assert.match(of('a start on 30 February').text, /February 2021 has 28 days, got day 30/);
  assert.match(of('days overflowing to Infinity').text, /got Infinity/);
  // Still answering after the burst, with no run started by any of it.
  const after = await fetch(`${base}/api/runs`);
  assert.is(after.status, 200);
  assert.equal((await after.json() as { runs: unknown[] }).runs, []);
  const peak = peakRssMib(child.pid!);
  if (peak !== null) {
    console.log(`  peak RSS of qkdsim serve through 30 concurrent bad submissions: ${peak.toFixed(0)} MiB (bound ${MAX_PEAK_RSS_MIB} MiB)`);
    assert.ok(peak < MAX_PEAK_RSS_MIB, `peak RSS ${peak.toFixed(0)} MiB over ${MAX_PEAK_RSS_MIB} MiB`);
  }
});

load.run();
