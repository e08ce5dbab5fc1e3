/**
 * issue-11, studies: sizes and counts are checked before any value is loaded (a study of 10^9 runs
 * is refused without reading its base scenario), oversize study files are refused before they are
 * read, a case whose run would exceed the run-size limits fails without running, and a damaged
 * cases.jsonl (a row cut short by a full disk, or glued to the next one) loses nothing: the broken
 * line is reported, its case runs again, the rows after it are kept, and no row is counted twice.
 * The oracle for the damaged file is the same study run without damage.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_RUN_LIMITS } from '../../sim/scenario/estimate.js';
import { loadStudyDocument, loadStudyFile, readResults, runStudy, type Study } from '../../sim/study/index.js';
import { REPO_ROOT, issuesOf } from '../helpers.js';
import { TWO_SAT_BASE } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'qkdsim-robust-study-'));
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

const size = suite('study sizes are checked first (issue-11)');

size('a study of 10^9 runs is refused from its counts alone (its missing base file is never read)', () => {
  const file = join(root, 'billion.yaml');
  writeFileSync(file, [
    'name: billion',
    'scenario: no-such-base.yaml',
    'replications: 1000',
    'sweep:',
    '  - { path: days, range: { from: 1, to: 100, step: 0.1 } }',
    '  - { path: output.sampleIntervalS, range: { from: 60, to: 1059, step: 1 } }',
    '',
  ].join('\n'));
  assert.equal(issuesOf(() => loadStudyFile(file)), [`${file}: sweep: expected at most 100000 runs (points x replications), got 991 x 1000 points x 1000 replication(s) = 9.91e+8 runs`]);
});

size('more than 10 000 values in all dimensions are refused before any is checked', () => {
  const doc = { name: 'many', scenario: 'missing.yaml', sweep: [{ path: 'days', range: { from: 1, to: 6000, step: 1 } }, { path: 'seed', values: Array.from({ length: 5000 }, (_, i) => i) }] };
  const issues = issuesOf(() => loadStudyDocument(doc, { label: 'many.yaml', baseDir: root }));
  assert.equal(issues[0], 'many.yaml: sweep: expected at most 10000 values in all dimensions together (each is checked by loading the scenario with it), got 11000 (6000 + 5000)');
  assert.match(issues[1]!, /expected at most 100000 runs \(points x replications\), got 6000 x 5000 points x 1 replication\(s\) = 3\.00e\+7 runs/);
});

size('a study file over 8 MiB is refused from its size', () => {
  const file = join(root, 'fat.yaml');
  writeFileSync(file, `name: fat\n# ${'x'.repeat(9 * 1024 * 1024)}\n`);
  assert.equal(issuesOf(() => loadStudyFile(file)), [`${file}: cannot read study file: expected at most 8 MiB, got 9.0 MiB`]);
});

/** Three cases of two replications over one day: cheap, and enough to damage the middle. */
const DOC = { name: 'dmg', seed: 5, replications: 2, base: { ...TWO_SAT_BASE, days: 1 }, sweep: [{ path: 'satellites[0].walker.satellites', values: [1, 2, 4] }], metrics: ['keyBitsPerDay'] };
const study: Study = loadStudyDocument(DOC, { label: 'dmg.yaml', baseDir: REPO_ROOT });
const clean = join(root, 'clean');
await runStudy(study, { outDir: clean, workers: 1 });
/** The rows without wall times, in study order. */
const rowsOf = (dir: string) =>
  readResults(join(dir, 'cases.jsonl'))
    .rows.map(({ caseWallMs: _w, ...r }) => r)
    .sort((a, b) => a.caseIndex - b.caseIndex || a.replication - b.replication);
const DERIVED = ['study.json', 'results.csv', 'summary.csv'];

const rows = suite('cases.jsonl survives damage (issue-11)');

rows('one write per case: the clean file is a header and whole lines, the rows of each case together', () => {
  const lines = read(clean, 'cases.jsonl').split('\n');
  assert.is(lines.pop(), '');
  assert.is(lines.length, 1 + 3 * 2);
  const cases = lines.slice(1).map((l) => JSON.parse(l).caseIndex);
  for (let i = 0; i < cases.length; i += 2) assert.is(cases[i], cases[i + 1]);
});

rows('a row cut in the middle and glued to the next: reported, its case runs again, the rows after it kept, no duplicates', async () => {
  const dir = join(root, 'glued');
  const [header, ...body] = read(clean, 'cases.jsonl').trim().split('\n');
  // Line 3 (the first case's second row) loses its second half and the next row (the second
  // case's first) is glued onto it, as an append after a cut write did before issue-11. The third
  // case's rows come after the damage and are whole.
  const damaged = [header, body[0], body[1]!.slice(0, 40) + body[2]!, ...body.slice(3)].join('\n') + '\n';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cases.jsonl'), damaged);
  const warnings: string[] = [];
  const outcome = await runStudy(study, { outDir: dir, workers: 1, resume: true, onWarning: (w) => warnings.push(w) });
  const path = join(dir, 'cases.jsonl');
  assert.equal(warnings, [
    `${path}:3: a broken line (cut short, or two rows glued together): left out; its case runs again on resume`,
    `${path}: case c001 has 1 of 2 replication(s) (the rest were lost): it runs again on resume`,
    `${path}: case c002 has 1 of 2 replication(s) (the rest were lost): it runs again on resume`,
  ]);
  // The third case, after the damage, is kept; the two damaged ones run again.
  assert.equal([outcome.skipped, outcome.ran, outcome.complete], [1, 2, true]);
  assert.equal(rowsOf(dir), rowsOf(clean));
  for (const name of DERIVED) assert.is(read(dir, name), read(clean, name), name);
  // The file was rewritten without the broken line: every (case, replication) once, all lines whole.
  const again = readResults(join(dir, 'cases.jsonl'));
  assert.equal(again.problems, []);
  const keys = read(dir, 'cases.jsonl').trim().split('\n').slice(1).map((l) => { const r = JSON.parse(l); return `${r.caseIndex}:${r.replication}`; });
  assert.is(new Set(keys).size, keys.length);
  assert.is(keys.length, 6);
});

rows('a last row cut short (disk full): reported, its case runs again, later appends start on a fresh line', async () => {
  const dir = join(root, 'cut');
  mkdirSync(dir, { recursive: true });
  const text = read(clean, 'cases.jsonl');
  writeFileSync(join(dir, 'cases.jsonl'), text.slice(0, text.length - 25));
  const outcome = await runStudy(study, { outDir: dir, workers: 1, resume: true });
  assert.is(outcome.warnings.length, 2);
  assert.match(outcome.warnings[0]!, /cases\.jsonl:7: the last line is cut short: left out; its case runs again on resume$/);
  assert.equal([outcome.skipped, outcome.ran], [2, 1]);
  assert.equal(rowsOf(dir), rowsOf(clean));
  assert.ok(read(dir, 'cases.jsonl').endsWith('}\n'));
  assert.equal(readResults(join(dir, 'cases.jsonl')).problems, []);
});

rows('rows that are not rows of this study (a case beyond the study, a bad status) are reported and left out', () => {
  const path = join(root, 'alien.jsonl');
  const [header, first, second] = read(clean, 'cases.jsonl').split('\n');
  writeFileSync(path, [header, first, second, '{"caseId":"c099","caseIndex":98,"replication":0,"status":"ok"}', '{"caseId":"c001","caseIndex":0,"replication":0,"status":"maybe"}', '[1,2]', ''].join('\n'));
  const r = readResults(path);
  assert.is(r.rows.length, 2);
  assert.equal(r.problems.map((p) => p.line), [4, 5, 6]);
  assert.match(r.problems[0]!.message, /caseIndex 98 is not a case of the study \(0 to 2\)/);
});

const limits = suite('study cases over the run-size limits (issue-11)');

limits('a case whose run is estimated over the limit fails without running; the others run', async () => {
  const doc = { ...DOC, name: 'lim', replications: 1, sweep: [{ path: 'output.sampleIntervalS', values: [86400, 1] }] };
  const s = loadStudyDocument(doc, { label: 'lim.yaml', baseDir: REPO_ROOT });
  const out = await runStudy(s, { outDir: join(root, 'lim'), workers: 1, limits: { ...CLI_RUN_LIMITS, maxEvents: 5000 } });
  const [ok, big] = [...out.rows].sort((a, b) => a.caseIndex - b.caseIndex);
  assert.is(ok!.status, 'ok', ok!.error ?? '');
  assert.is(big!.status, 'failed');
  assert.match(big!.error!, /^case c002: expected a run of at most 5,000 events \(the limit of qkdsim run; --max-events changes it\), got an estimated [\d,]+: output\.sampleIntervalS 1 s over 1 days: 86,401 samples/);
});

size.run();
rows.run();
limits.run();
