/**
 * Table-driven bad scenarios: each test/fixtures/bad-scenarios/*.yaml starts with
 * `# description: ...` and one `# expect: ...` line per issue the loader must report, in order
 * (the issue as formatIssue prints it, or a prefix of it). Exactly those issues, no more.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { InputError, formatIssue } from '../../sim/errors.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { fixturePath } from '../helpers.js';

const DIR = 'test/fixtures/bad-scenarios';
const files = readdirSync(fixturePath('bad-scenarios')).filter((f) => f.endsWith('.yaml')).sort();

/** The issue lines reported for a file, named by its repository-relative path. */
function reported(file: string): string[] {
  try {
    loadScenarioFile(fixturePath('bad-scenarios', file), { label: `${DIR}/${file}` });
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}

const bad = suite('loadScenarioFile(bad scenario)');

bad('the table covers at least 20 bad files, each described and expecting at least one issue', () => {
  assert.ok(files.length >= 20, `only ${files.length} files`);
  for (const file of files) {
    const text = readFileSync(fixturePath('bad-scenarios', file), 'utf8');
    assert.match(text, /^# description: \S/, `${file} has no description line`);
    assert.match(text, /^# expect: \S/m, `${file} has no expect line`);
  }
});

for (const file of files) {
  const text = readFileSync(fixturePath('bad-scenarios', file), 'utf8');
  const description = /^# description: (.*)$/m.exec(text)?.[1] ?? file;
  const expected = [...text.matchAll(/^# expect: (.*)$/gm)].map((m) => m[1]!);
  bad(`${file}: ${description}`, () => {
    const got = reported(file);
    assert.is(got.length, expected.length, `expected ${expected.length} issue(s), got ${got.length}:\n${got.join('\n')}`);
    expected.forEach((want, k) => {
      assert.ok(got[k]!.startsWith(want), `issue ${k + 1}:\n  want ${want}\n  got  ${got[k]}`);
    });
    // Bad input never reads as a crash.
    for (const line of got) assert.not.match(line, /\bat .*\.ts:\d+|Error:|undefined|NaN|\[object /);
  });
}

bad.run();
