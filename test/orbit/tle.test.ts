import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { Satellite, loadElementSets, parseElementSets, parseTleText, tleChecksum, BUNDLED_TLE_PATH } from '../../sim/orbit/index.js';
import { assertInDelta, fixturePath } from '../helpers.js';

const L1 = '1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993';
const L2 = '2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063';

const checksum = suite('tleChecksum(line)');
checksum('matches the digit in column 69 of the real Micius lines', () => {
  assert.is(tleChecksum(L1), 3);
  assert.is(tleChecksum(L2), 3);
});
checksum('counts minus signs as 1 and ignores letters, spaces and dots', () => {
  assert.is(tleChecksum('1 -A.' + ' '.repeat(64)), 2);
});
checksum.run();

const parse = suite('parseTleText(text, file)');
parse('reads the five bundled Micius sets with their names and epochs', () => {
  const sets = loadElementSets(BUNDLED_TLE_PATH, 'micius.tle');
  assert.is(sets.length, 5);
  assert.equal(sets.map((s) => s.name), ['MICIUS 2016-12-18', 'MICIUS 2018-09-15', 'MICIUS 2021-04-27', 'MICIUS 2024-01-16', 'MICIUS 2025-09-22']);
  assert.ok(sets.every((s) => s.catalogNumber === '41731'));
  // 16353.90152003 = 2016, day 353 + 0.90152003 d = 2016-12-18T21:38:11.331Z
  assertInDelta(sets[0]!.epochUtcMs, Date.UTC(2016, 11, 18, 21, 38, 11, 330) + 0.592, 0.01, "epoch ms");
  assertInDelta(sets[0]!.inclinationDeg, 97.3699, 1e-9, 'inclination');
  assertInDelta(sets[0]!.eccentricity, 0.00132, 1e-12, 'eccentricity');
  assertInDelta(sets[0]!.meanMotionRevPerDay, 15.23915303, 1e-12, 'mean motion');
  assert.is(sets[2]!.source.line, 8);
});
parse('reads 2-line sets without names and names them by catalogue number', () => {
  const sets = parseTleText(`${L1}\n${L2}\n`, 'two.tle');
  assert.is(sets.length, 1);
  assert.is(sets[0]!.name, 'NORAD 41731');
});
parse('accepts a "0 " prefix on name lines, CRLF and trailing blanks', () => {
  const sets = parseTleText(`0 MICIUS\r\n${L1}  \r\n${L2}\r\n\r\n`, 'crlf.tle');
  assert.is(sets[0]!.name, 'MICIUS');
});
parse.run();

const bad = suite('bad element-set files (test/fixtures/bad-tle)');
const cases = JSON.parse(readFileSync(fixturePath('bad-tle', 'cases.json'), 'utf8')) as { file: string; description: string; messages: string[] }[];
for (const c of cases) {
  bad(`${c.file}: ${c.description}`, () => {
    try {
      parseElementSets(readFileSync(fixturePath('bad-tle', c.file), 'utf8'), c.file);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, InputError);
      const lines = (error as Error).message.split('\n');
      assert.is(lines.length, c.messages.length, `messages: ${lines.join(' | ')}`);
      c.messages.forEach((m, i) => assert.ok(lines[i]!.startsWith(m), `expected "${m}", got "${lines[i]}"`));
    }
  });
}
bad.run();

const omm = suite('parseOmmJson(text, file)');
omm('an OMM record propagates to within 1 m of the TLE it was written from', () => {
  const fromOmm = new Satellite(parseElementSets(readFileSync(fixturePath('tle', 'micius-omm.json'), 'utf8'), 'micius-omm.json'));
  const fromTle = new Satellite(parseTleText(`${L1}\n${L2}\n`, 'x.tle'));
  assert.is(fromOmm.name, 'MICIUS');
  for (const hours of [0, 6, 24, 72]) {
    const t = Date.UTC(2016, 11, 18, 21, 38, 11) + hours * 3_600_000;
    const a = fromOmm.stateEcf(t);
    const b = fromTle.stateEcf(t);
    // The OMM epoch is given to the microsecond, the TLE's to 1e-8 day (0.9 ms): 7.6 km/s x 0.5 ms ~ 4 m.
    assertInDelta(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!), 0, 0.005, `position difference at +${hours} h, km`);
  }
});
omm.run();
