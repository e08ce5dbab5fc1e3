import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { InputError } from '../../sim/errors.js';
import { Satellite, detectElementSetFormat, parseCcsdsTimeMs, parseElementSets, type ElementSet } from '../../sim/orbit/index.js';
import { REPO_ROOT, fixturePath, issuesOf } from '../helpers.js';
import { join } from 'node:path';

const REFERENCE = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'ccsds-omm-examples.json'), 'utf8'));
const read = (name: string): ElementSet[] => parseElementSets(readFileSync(fixturePath('omm', name), 'utf8'), name);
const ENCODINGS = { 'ccsds-g7.kvn': 'omm-kvn', 'ccsds-g9.kvn': 'omm-kvn', 'ccsds-g10.xml': 'omm-xml', 'ccsds-g7.json': 'omm-json' } as const;

const examples = suite('parseElementSets(text, file) on the OMM examples of CCSDS 502.0-B-3 annex G');
for (const [name, format] of Object.entries(ENCODINGS)) {
  examples(`${name} is read as ${format} with the figure's values`, () => {
    assert.is(detectElementSetFormat(readFileSync(fixturePath('omm', name), 'utf8'), name), format);
    const sets = read(name);
    assert.is(sets.length, 1);
    const { omm } = sets[0]!;
    const e = REFERENCE.expected;
    assert.is(sets[0]!.epochUtcMs, Date.parse('2020-03-04T10:34:41.426Z') + 0.4);
    assert.is(omm!.EPOCH, e.epochUtc);
    assert.equal(
      [omm!.MEAN_MOTION, omm!.ECCENTRICITY, omm!.INCLINATION, omm!.RA_OF_ASC_NODE, omm!.ARG_OF_PERICENTER, omm!.MEAN_ANOMALY],
      [e.meanMotionRevPerDay, e.eccentricity, e.inclinationDeg, e.raOfAscNodeDeg, e.argOfPericenterDeg, e.meanAnomalyDeg],
    );
    assert.equal([omm!.NORAD_CAT_ID, omm!.ELEMENT_SET_NO, omm!.REV_AT_EPOCH], [e.noradCatId, e.elementSetNo, e.revAtEpoch]);
    assert.equal([omm!.BSTAR, omm!.MEAN_MOTION_DOT, omm!.MEAN_MOTION_DDOT], [e.bstar, e.meanMotionDot, e.meanMotionDdot]);
    assert.is(sets[0]!.catalogNumber, '23581');
  });
}
examples('the three encodings of figure G-7 give identical SGP4 positions over two days', () => {
  const sats = Object.keys(ENCODINGS).map((name) => new Satellite(read(name)));
  const epoch = sats[0]!.sets[0]!.epochUtcMs;
  for (let h = -24; h <= 48; h += 3) {
    const states = sats.map((s) => Array.from(s.stateEcf(epoch + h * 3_600_000)));
    for (const other of states.slice(1)) assert.equal(other, states[0], `state at ${h} h`);
  }
  // GOES 9 is geostationary (1.0027 rev/day): its radius stays near 42 164 km.
  const r = Math.hypot(...Array.from(sats[0]!.stateEcf(epoch)).slice(0, 3));
  assert.ok(Math.abs(r - 42_164) < 100, `geostationary radius, got ${r} km`);
});
examples.run();

const time = suite('parseCcsdsTimeMs(text)');
time('reads calendar and day-of-year CCSDS times, keeping sub-millisecond digits', () => {
  assert.is(parseCcsdsTimeMs('2020-064T10:34:41.4264'), Date.UTC(2020, 2, 4, 10, 34, 41, 426) + 0.4);
  assert.is(parseCcsdsTimeMs('2021-001T00:00:00Z'), Date.UTC(2021, 0, 1));
  assert.is(parseCcsdsTimeMs('2020-366T00:00:00'), Date.UTC(2020, 11, 31));
  assert.is(parseCcsdsTimeMs('2016-12-18T21:38:11.330592'), Date.UTC(2016, 11, 18, 21, 38, 11, 330) + 0.592);
});
time('refuses days that do not exist and other shapes', () => {
  for (const bad of ['2021-366T00:00:00', '2021-02-29T00:00:00', '2021-000T00:00:00', '2021-01-01', '2021-01-01 00:00:00', '1 Jan 2021']) {
    assert.ok(Number.isNaN(parseCcsdsTimeMs(bad)), bad);
  }
});
time.run();

const g7 = readFileSync(fixturePath('omm', 'ccsds-g7.kvn'), 'utf8');
const g10 = readFileSync(fixturePath('omm', 'ccsds-g10.xml'), 'utf8');
const bad = suite('bad OMM: one message per problem, at its line or element');
bad('KVN: an unknown keyword, a wrong unit and a repeated keyword are named with their lines', () => {
  const text = g7.replace('GM = 398600.8', 'GM = 398600.8\nMEAN_MOTON = 1').replace('INCLINATION = 3.0539', 'INCLINATION = 3.0539 [rad]').replace('BSTAR = 0.0001', 'BSTAR = 0.0001\nBSTAR = 0.0002');
  assert.equal(issuesOf(() => parseElementSets(text, 'g7.kvn')), [
    'g7.kvn:14: INCLINATION: expected the unit [deg] (CCSDS 502.0-B-3 table 4-3) but got [rad]',
    'g7.kvn:19: MEAN_MOTON: not an OMM keyword (CCSDS 502.0-B-3 tables 4-1 to 4-3)',
    'g7.kvn:26: BSTAR: given twice in one OMM (first on line 25; 7.3.8)',
  ]);
});
bad('KVN: elements of another theory or frame are refused where SGP4 would misread them', () => {
  const text = g7.replace('REF_FRAME = TEME', 'REF_FRAME = EME2000').replace('MEAN_ELEMENT_THEORY = SGP/SGP4', 'MEAN_ELEMENT_THEORY = DSST').replace('MEAN_MOTION = 1.00273272', 'SEMI_MAJOR_AXIS = 42164');
  assert.equal(issuesOf(() => parseElementSets(text, 'g7.kvn')), [
    'g7.kvn:1: MEAN_MOTION: missing required field (expected a number in [0.05, 20])',
    'g7.kvn:8: REF_FRAME: expected TEME for SGP4 mean elements (CCSDS 502.0-B-3 4.2.4.6), got "EME2000"',
    'g7.kvn:10: MEAN_ELEMENT_THEORY: expected SGP4 or SGP/SGP4 or SDP4 or SGP4/SDP4 for SGP4 mean elements (CCSDS 502.0-B-3 4.2.4.6), got "DSST"',
    'g7.kvn:12: SEMI_MAJOR_AXIS: not usable by SGP4: expected MEAN_MOTION (SGP4 elements give the mean motion, 502.0-B-3 4.2.4.6)',
  ]);
});
bad('KVN: several messages in one file are read in order; an epoch that does not exist is refused', () => {
  const second = g7.replace('NORAD_CAT_ID = 23581', 'NORAD_CAT_ID = 23582');
  assert.equal(parseElementSets(`${g7}\n${second}`, 'two.kvn').map((s) => s.catalogNumber), ['23581', '23582']);
  assert.equal(issuesOf(() => parseElementSets(g7.replace('2020-064T', '2019-366T'), 'g7.kvn')), [
    'g7.kvn:11: EPOCH: expected a UTC time such as "2016-12-18T21:38:11.330592" or "2020-064T10:34:41.4264" but got "2019-366T10:34:41.4264"',
  ]);
});
bad('XML: a syntax error gives its line; a DOCTYPE is refused; a bad value names its element path', () => {
  assert.equal(issuesOf(() => parseElementSets(g10.replace('</REF_FRAME>', '</REF>'), 'g10.xml')), ['g10.xml:18: invalid XML at column 24: Expected closing tag \'REF_FRAME\' (opened in line 18, col 9) instead of closing tag \'REF\'.']);
  assert.match(issuesOf(() => parseElementSets(`<!DOCTYPE omm [<!ENTITY a "b">]>${g10.slice(g10.indexOf('<omm'))}`, 'g10.xml'))[0]!, /without a DOCTYPE declaration/);
  assert.equal(issuesOf(() => parseElementSets(g10.replace('<ECCENTRICITY>0.0005013', '<ECCENTRICITY>1.5').replace('<INCLINATION>', '<INCLINATION units="rad">'), 'g10.xml')), [
    'g10.xml: omm.body.segment.data.meanElements.INCLINATION: expected the unit [deg] (CCSDS 502.0-B-3 table 4-3) but got [rad]',
    'g10.xml: omm.body.segment.data.meanElements.ECCENTRICITY: expected a number in [0, 1) but got "1.5"',
  ]);
});
bad('XML: an <ndm> with several <omm> is read in order; another root is refused', () => {
  const body = g10.slice(g10.indexOf('<omm'));
  const ndm = `<ndm>${body}${body.replace('<NORAD_CAT_ID>23581', '<NORAD_CAT_ID>23582')}</ndm>`;
  assert.equal(parseElementSets(ndm, 'group.xml').map((s) => s.catalogNumber), ['23581', '23582']);
  assert.equal(issuesOf(() => parseElementSets('<oem><header/></oem>', 'x.xml')), ['x.xml: expected an <omm> or <ndm> root element but got <oem>']);
});
bad('anything else is an unrecognised element-set format, not a TLE error', () => {
  const expected = 'expected TLE lines ("1 ..." and "2 ...", with or without a name line) or a CCSDS OMM in JSON ({ or [), XML (<omm> or <ndm>) or KVN (CCSDS_OMM_VERS = ...)';
  assert.equal(issuesOf(() => parseElementSets('name,lat,lon\nGraz,47.07,15.49\n', 'stations.csv')), [`stations.csv: unrecognised element-set format: ${expected}; got none of these`]);
  assert.equal(issuesOf(() => parseElementSets('CCSDS_OEM_VERS = 3.0\n', 'eph.oem')), [`eph.oem: unrecognised element-set format: ${expected}; got an OEM (an ephemeris of states), which holds no mean elements`]);
});
bad.run();

const err = suite('OMM errors are InputErrors');
err('every reader throws InputError (exit 2 on the command line), never a parser exception', () => {
  for (const text of ['<omm>', '{"OBJECT_NAME": ', 'CCSDS_OMM_VERS = x\n']) {
    try {
      parseElementSets(text, 'f');
      assert.unreachable();
    } catch (error) {
      assert.instance(error, InputError, text);
    }
  }
});
err.run();
