/**
 * issue-11: no file leaves the server. Every route and document field that can name a file, tried
 * with duplicate keys (JSON text, YAML text, the request body itself), absolute paths, `..`,
 * percent- and Unicode-encoded dots, NUL bytes, symbolic links inside the scenarios folder that
 * lead out (to a file and through a directory), and files inside the folder that are not element
 * sets. The oracle is independent of the server's code: the answers must not contain any line of
 * the secret files (read here from disk), nor the server's environment, and must be 4xx.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../web/server.js';
import { REPO_ROOT } from '../helpers.js';
import { fetchJson, rawGet as rawGetFrom } from './raw-get.js';

type Json = Record<string, any>;

// A scenarios folder of our own, with links that lead out of it, and a secret file outside it.
const work = mkdtempSync(join(tmpdir(), 'qkdsim-leak-'));
const scenariosDir = join(work, 'scenarios');
cpSync(join(REPO_ROOT, 'scenarios'), scenariosDir, { recursive: true });
const SECRET = 'QKDSIM-SECRET-7f3a9c';
const secretFile = join(work, 'secret.tle');
writeFileSync(secretFile, `${SECRET} line one\n${SECRET} line two\n`);
symlinkSync(secretFile, join(scenariosDir, 'tle', 'evil.tle'));
symlinkSync(work, join(scenariosDir, 'up'));
symlinkSync('/etc', join(scenariosDir, 'etc'));
process.env.QKDSIM_TEST_CANARY = `${SECRET}-env`;

const server: RunningServer = await startServer({ port: 0, host: '127.0.0.1', scenariosDir, maxConcurrentRuns: 4 });
const base = server.url.replace(/\/$/, '');

/** Lines no answer may contain: the secret file's, /etc/passwd's, and this process's environment. */
const FORBIDDEN = [
  SECRET,
  ...readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => l.length > 8),
  ...readFileSync(join(REPO_ROOT, 'web', 'server.ts'), 'utf8').split('\n').filter((l) => l.trim().length > 30).slice(0, 40),
  ...readFileSync(join(scenariosDir, 'stations.yaml'), 'utf8').split('\n').filter((l) => /^\s*(name|id):/.test(l)).slice(0, 10),
];

function assertNothingLeaked(text: string, what: string): void {
  for (const line of FORBIDDEN) assert.not.ok(text.includes(line.trim()), `${what}: the answer contains ${JSON.stringify(line.slice(0, 40))}`);
  assert.not.match(text, /\n\s+at .+[(:]\d+/, `${what}: a stack trace`);
}

function post(body: string): Promise<{ status: number; body: Json; text: string }> {
  return fetchJson(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

const rawGet = (path: string): Promise<{ status: number; text: string }> => rawGetFrom(base, path);

const scenarioWith = (tle: string) => ({ start: '2016-12-19T00:00:00Z', days: 1, satellites: [{ id: 'm', tle }], stations: ['xinglong'], links: [{ kind: 'downlink', satellite: 'm', station: 'xinglong' }] });

/** Every way of naming a file we could think of. */
const REFERENCES = [
  '/etc/passwd', '/proc/self/environ', '../web/server.ts', '../../etc/passwd', 'tle/../../web/server.ts',
  secretFile, 'tle/evil.tle', 'up/secret.tle', 'etc/passwd', './etc/passwd', 'tle/./../up/secret.tle',
  '%2e%2e/web/server.ts', '..%2fweb%2fserver.ts', '\uff0e\uff0e/web/server.ts', 'tle/micius.tle\u0000/../../x',
  'file:///etc/passwd', '\\\\etc\\passwd', 'C:/Windows/win.ini', 'README.md', 'stations.yaml', 'tle',
  'bundled:../../etc/passwd',
];

const test = suite('issue-11: no file leaves the server');

test('the reported exploit: a duplicated satellites key in a .json document is refused as a duplicate', async () => {
  const document = '{"start":"2016-12-19T00:00:00Z","satellites":[],"satellites":[{"id":"m","tle":"/etc/passwd"}]}';
  const r = await post(JSON.stringify({ label: 'x.json', document }));
  assert.is(r.status, 400);
  assert.match(r.body.issues[0].message, /duplicate key "satellites"/);
  assertNothingLeaked(r.text, 'duplicate satellites');
});

test('duplicate keys are refused in JSON text, YAML text and the request body itself', async () => {
  const yaml = 'start: 2016-12-19T00:00:00Z\nsatellites: []\nsatellites:\n  - { id: m, tle: /etc/passwd }\n';
  const r1 = await post(JSON.stringify({ label: 'x.yaml', document: yaml }));
  assert.is(r1.status, 400);
  assert.match(r1.body.issues[0].message, /duplicate key/);
  const nested = '{"start":"2016-12-19T00:00:00Z","satellites":[{"id":"m","tle":"bundled:micius","tle":"/etc/passwd"}]}';
  const r2 = await post(JSON.stringify({ label: 'x.json', document: nested }));
  assert.is(r2.status, 400);
  assert.match(r2.body.issues[0].message, /duplicate key "tle" in satellites\[0\]/);
  const body = `{"document": ${JSON.stringify(scenarioWith('bundled:micius'))}, "document": ${JSON.stringify(scenarioWith('/etc/passwd'))}}`;
  const r3 = await post(body);
  assert.is(r3.status, 400);
  assert.is(r3.body.error, 'invalid JSON');
  assert.match(r3.body.issues[0].message, /duplicate key "document"/);
  for (const r of [r1, r2, r3]) assertNothingLeaked(r.text, 'duplicates');
});

test('every file reference, sent as an object, as JSON text and as YAML text, is refused without quoting any file', async () => {
  for (const tle of REFERENCES) {
    const doc = scenarioWith(tle);
    const bodies = [
      JSON.stringify({ document: doc }),
      JSON.stringify({ label: 'a.json', document: JSON.stringify(doc) }),
      JSON.stringify({ label: 'a.yaml', document: `start: 2016-12-19T00:00:00Z\ndays: 1\nsatellites:\n  - id: m\n    tle: ${JSON.stringify(tle)}\nstations: [xinglong]\nlinks:\n  - { kind: downlink, satellite: m, station: xinglong }\n` }),
    ];
    for (const body of bodies) {
      const r = await post(body);
      assert.is(r.status, 400, `${JSON.stringify(tle)}: ${r.text.slice(0, 200)}`);
      assertNothingLeaked(r.text, JSON.stringify(tle));
      const issue = r.body.issues?.find((i: Json) => i.path === 'satellites[0].tle');
      assert.ok(issue, `${JSON.stringify(tle)}: no issue at satellites[0].tle in ${r.text.slice(0, 300)}`);
    }
  }
});

test('links that lead out of the folder are refused as such, where the file is opened', async () => {
  for (const tle of ['tle/evil.tle', 'up/secret.tle', 'etc/passwd']) {
    const r = await post(JSON.stringify({ document: scenarioWith(tle) }));
    assert.is(r.status, 400);
    assert.match(r.body.issues[0].message, /a link that leads outside the folder/, tle);
  }
});

test('a file inside the folder that is not an element set is named, never shown', async () => {
  const r = await post(JSON.stringify({ document: scenarioWith('stations.yaml') }));
  assert.is(r.status, 400);
  assert.match(r.body.issues[0].message, /is not one .*content of server files is not shown/);
  assertNothingLeaked(r.text, 'stations.yaml');
});

test('a shipped element-set file inside the folder still loads from an uploaded document', async () => {
  for (const tle of ['tle/micius.tle', './tle/../tle/micius.tle', 'bundled:micius']) {
    const r = await post(JSON.stringify({ document: scenarioWith(tle), days: 0.1 }));
    assert.is(r.status, 202, `${tle}: ${r.text.slice(0, 300)}`);
  }
});

test('routes that take a name never serve a file outside their folder', async () => {
  const paths = [
    '/../package.json', '/%2e%2e/package.json', '/js/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json',
    '/api/scenarios/..%2Fup%2Fsecret', '/api/scenarios/..%2F..%2Fpackage', '/api/scenarios/%2e%2e', '/api/scenarios/up',
    '/api/studies/..%2F..%2Fpackage', '/api/studies/%2e%2e%2fsecret', '/api/runs/..%2F..%2Fpackage',
    '/vendor/..%2f..%2fpackage.json', '/vendor/d3/..%2f..%2f..%2fpackage.json',
  ];
  for (const path of paths) {
    const r = await rawGet(path);
    assert.ok(r.status >= 400 && r.status < 500, `${path}: status ${r.status}`);
    assertNothingLeaked(r.text, path);
    assert.not.match(r.text, /"devDependencies"/, `${path} served package.json`);
  }
});

test('a YAML alias bomb and a document nested 200 000 deep are 400 with a plain reason', async () => {
  const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');
  const r1 = await post(JSON.stringify({ label: 'b.yaml', document: bomb }));
  assert.is(r1.status, 400);
  assert.match(r1.body.issues[0].message, /alias expansions/);
  const deep = `{"start":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
  const r2 = await post(JSON.stringify({ label: 'd.json', document: deep }));
  assert.is(r2.status, 400);
  assert.match(r2.body.issues[0].message, /nested at most 64 deep/);
  const r3 = await post(JSON.stringify({ label: 'd.yaml', document: `start: ${'['.repeat(100_000)}` }));
  assert.is(r3.status, 400);
  const r4 = await post(`{"document": ${'['.repeat(150_000)}${']'.repeat(150_000)}}`);
  assert.is(r4.status, 400);
  for (const r of [r1, r2, r3, r4]) assertNothingLeaked(r.text, 'exhaustion');
});

test.after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

test.run();
