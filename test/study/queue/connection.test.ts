/**
 * The parts of the study queue that need no server: `--queue` URLs checked and masked, secrets
 * redacted from messages, which errors are worth a reconnect, the back-off, and the case hash a
 * worker verifies.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffMs, BACKOFF_FIRST_MS, BACKOFF_MAX_MS, isTransientError, maskUrl, parseQueueUrl, portableDir, localDir, redact, taskSha256, type StudyDefinition } from '../../../sim/study/queue/index.js';
import { REPO_ROOT, issuesOf } from '../../helpers.js';
import { join } from 'node:path';

const url = suite('parseQueueUrl(raw) and maskUrl(raw)');

url('maskUrl(raw) hides the password in the user info and in a password parameter', () => {
  assert.is(maskUrl('postgres://planner:s3cr%40t@db.example:5432/qkdsim?sslmode=require'), 'postgres://planner:****@db.example:5432/qkdsim?sslmode=require');
  assert.is(maskUrl('postgresql://planner@db/qkdsim?password=hunter2&application_name=x'), 'postgresql://planner@db/qkdsim?password=****&application_name=x');
  assert.is(maskUrl('postgres://planner@db/qkdsim'), 'postgres://planner@db/qkdsim');
});

url('parseQueueUrl(raw) keeps the URL, shows it masked and lists the password raw and decoded as secrets', () => {
  const t = parseQueueUrl('postgres://planner:s3cr%40t@db:5432/qkdsim', {});
  assert.is(t.connectionString, 'postgres://planner:s3cr%40t@db:5432/qkdsim');
  assert.is(t.shown, 'postgres://planner:****@db:5432/qkdsim');
  assert.ok(t.secrets.includes('s3cr%40t') && t.secrets.includes('s3cr@t'));
  assert.equal(parseQueueUrl('postgres://db/qkdsim', {}).secrets, []);
  assert.ok(parseQueueUrl('postgres://db/qkdsim', { PGPASSWORD: 'from-env' }).secrets.includes('from-env'));
});

url('parseQueueUrl(raw) refuses what is not a PostgreSQL URL, naming --queue, never echoing a password', () => {
  assert.equal(issuesOf(() => parseQueueUrl('mysql://root:pw@db/x', {})), ['--queue: expected a PostgreSQL URL such as postgres://user@host:5432/qkdsim, or embedded, got "mysql://root:****@db/x"']);
  assert.equal(issuesOf(() => parseQueueUrl('postgres://u:pw@db:99999/x', {})), ['--queue: expected a port in [1, 65535], got "99999"']);
});

url('redact(text, target) replaces the URL by its masked form and every secret by ****', () => {
  const t = parseQueueUrl('postgres://planner:hunter2@db/qkdsim', {});
  assert.is(redact('failed on postgres://planner:hunter2@db/qkdsim: auth hunter2', t), 'failed on postgres://planner:****@db/qkdsim: auth ****');
});

const errors = suite('isTransientError(error) and backoffMs(attempt, who)');

errors('isTransientError(error) is true for a lost or refused connection and a restarting server, false for bad SQL', () => {
  assert.ok(isTransientError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
  assert.ok(isTransientError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(isTransientError(Object.assign(new Error('the database system is starting up'), { code: '57P03' })));
  assert.ok(isTransientError(new Error('Connection terminated unexpectedly')));
  assert.ok(isTransientError(Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]), {})));
  assert.not.ok(isTransientError(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })));
  assert.not.ok(isTransientError(Object.assign(new Error('password authentication failed'), { code: '28P01' })));
});

errors('backoffMs(attempt, who) doubles from 200 ms to a 5 s cap, spread within ±25 %, the same for the same worker', () => {
  for (let a = 0; a < 12; a++) {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** a);
    for (const who of ['w1', 'w2', 'host:123']) {
      const ms = backoffMs(a, who);
      assert.ok(ms >= 0.75 * base - 1 && ms <= 1.25 * base + 1, `attempt ${a}: ${ms} ms outside ${base} ms ± 25 %`);
    }
    assert.is(backoffMs(a, 'w1'), backoffMs(a, 'w1'));
  }
  assert.is.not(backoffMs(3, 'w1'), backoffMs(3, 'w2'));
});

const task = suite('taskSha256(def, case) and portableDir(dir)');

const DEF: StudyDefinition = {
  format: 'qkdsim-study/1', name: 's', description: '', fileHash: 'a'.repeat(64), seed: 1, seeds: 'independent', replications: 1,
  label: 's.yaml: base', baseDir: 'qkdsim:scenarios', metrics: ['keyBitsPerDay'], table: [], dimensions: [],
};
const CASE = { caseIndex: 0, caseId: 'c001', point: { days: 2 }, seeds: [7], doc: { days: 2 } };

task('taskSha256(def, case) changes with the study hash and with any part of the case', () => {
  const h = taskSha256(DEF, CASE);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.is(taskSha256(DEF, { ...CASE }), h);
  assert.is.not(taskSha256({ ...DEF, fileHash: 'b'.repeat(64) }, CASE), h);
  assert.is.not(taskSha256(DEF, { ...CASE, seeds: [8] }), h);
  assert.is.not(taskSha256(DEF, { ...CASE, doc: { days: 3 } }), h);
  assert.is.not(taskSha256({ ...DEF, metrics: ['minPoolBits'] }, CASE), h);
});

task('portableDir(dir) stores folders inside the checkout relative to it, others absolute; localDir reverses it', () => {
  assert.is(portableDir(join(REPO_ROOT, 'scenarios', 'studies')), 'qkdsim:scenarios/studies');
  assert.is(localDir('qkdsim:scenarios/studies'), join(REPO_ROOT, 'scenarios', 'studies'));
  assert.is(portableDir('/srv/studies'), '/srv/studies');
  assert.is(localDir('/srv/studies'), '/srv/studies');
});

url.run();
errors.run();
task.run();
