/**
 * issue-11: the one strict date parser. Impossible calendar dates and times are refused with the
 * reason (Date.parse rolls them over silently); real ones give the instant Date.UTC gives. The
 * expected instants are written out by hand as Date.UTC arguments, and the leap-year rule is the
 * Gregorian one (divisible by 4, except centuries not divisible by 400).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FIRST_SATELLITE_UTC_MS, daysInMonth, parseUtc, parseUtcStrict, simulatedRangeProblem } from '../../sim/orbit/time.js';

const strict = suite('parseUtcStrict(text)');

const REFUSED: readonly [string, RegExp][] = [
  ['2023-02-29', /February 2023 has 28 days, got day 29/],
  ['2100-02-29T00:00:00Z', /February 2100 has 28 days/],
  ['2024-02-30', /February 2024 has 29 days, got day 30/],
  ['2022-04-31T12:00:00Z', /April 2022 has 30 days, got day 31/],
  ['2022-06-00', /June 2022 has 30 days, got day 00/],
  ['2022-13-01', /month 13 is not in 01-12/],
  ['2022-00-10', /month 00 is not in 01-12/],
  ['2019-07-04T24:00:00Z', /hour 24 is not in 00-23; write 00:00 of the next day/],
  ['2019-07-04T25:00Z', /hour 25 is not in 00-23/],
  ['2019-07-04T12:60:00Z', /minute 60 is not in 00-59/],
  ['2016-12-31T23:59:60Z', /second 60 is not in 00-59; Unix milliseconds have no leap seconds/],
  ['2019-07-04T12:00:00+24:00', /offset \+24:00 is not a UTC offset/],
  ['2019-07-04T12:00:00', /a time needs Z or an offset/],
  ['2019-7-4', /not in the form YYYY-MM-DD/],
  ['04/07/2019', /not in the form/],
  ['2019-07-04 12:00:00Z', /not in the form/],
  ['', /not in the form/],
];

for (const [text, reason] of REFUSED) {
  strict(`refuses ${JSON.stringify(text)} with the reason`, () => {
    const parsed = parseUtcStrict(text);
    assert.is(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.reason, reason);
    assert.ok(Number.isNaN(parseUtc(text)));
  });
}

strict('accepts real instants: leap days, offsets, fractions, a bare date', () => {
  assert.is(parseUtc('2024-02-29'), Date.UTC(2024, 1, 29));
  assert.is(parseUtc('2000-02-29T06:30Z'), Date.UTC(2000, 1, 29, 6, 30));
  assert.is(parseUtc('2019-07-04T23:59:59.999Z'), Date.UTC(2019, 6, 4, 23, 59, 59, 999));
  // +08:00 is 8 h ahead of UTC: 08:00 there is 00:00 UTC.
  assert.is(parseUtc('2019-07-04T08:00:00+08:00'), Date.UTC(2019, 6, 4));
  assert.is(parseUtc('2019-07-04T00:00:00-0530'), Date.UTC(2019, 6, 4, 5, 30));
  // Microseconds (CelesTrak OMM epochs) are truncated to the millisecond, as Date.parse does.
  assert.is(parseUtc('2016-12-18T21:38:11.331552Z'), Date.UTC(2016, 11, 18, 21, 38, 11, 331));
  assert.is(parseUtc('  2019-07-04  '), Date.UTC(2019, 6, 4));
});

strict('a year below 100 is that year, not 19xx (the Date.UTC pitfall)', () => {
  const ms = parseUtc('0050-03-01');
  assert.is(new Date(ms).getUTCFullYear(), 50);
});

strict('daysInMonth follows the Gregorian leap-year rule', () => {
  assert.equal([1900, 2000, 2023, 2024].map((y) => daysInMonth(y, 2)), [28, 29, 28, 29]);
  assert.equal([1, 4, 6, 9, 11, 12].map((m) => daysInMonth(2023, m)), [31, 30, 30, 30, 30, 31]);
});

strict('simulatedRangeProblem: from the launch of Sputnik 1 to 2200', () => {
  assert.is(FIRST_SATELLITE_UTC_MS, Date.UTC(1957, 9, 4, 19, 28, 34));
  assert.match(simulatedRangeProblem(Date.UTC(1957, 0, 1)) ?? '', /before the first satellite \(Sputnik 1, launched 1957-10-04T19:28:34\.000Z\)/);
  assert.is(simulatedRangeProblem(Date.UTC(1957, 9, 5)), null);
  assert.is(simulatedRangeProblem(Date.UTC(2199, 11, 31)), null);
  assert.match(simulatedRangeProblem(Date.UTC(2200, 0, 1)) ?? '', /at or after 2200-01-01/);
});

strict.run();
