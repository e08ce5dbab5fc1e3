/**
 * isoUtc(utcMs) against the oracle it replaces, Date.prototype.toISOString, on instants that cross
 * days, months, leap days, years, the epoch and the ms rounding boundary, and a seeded random sample
 * over years 1 to 9999 (outside which toISOString writes six-digit years, and isoUtc defers to it).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams } from '../../sim/engine/index.js';
import { isoUtc } from '../../sim/orbit/time.js';

const test = suite('isoUtc(utcMs)');

test('equals new Date(Math.round(ms)).toISOString() on edges and a random sample', () => {
  const edges = [
    0, -1, 1, -0.5, 0.5, 0.49999, 999.5, 86_399_999, 86_400_000, -86_400_001, Date.UTC(2016, 1, 29, 23, 59, 59, 999),
    Date.UTC(2000, 1, 29), Date.UTC(1900, 0, 1), Date.UTC(2100, 11, 31, 23, 59, 59, 999.6), Date.UTC(1957, 9, 4, 19, 28, 34),
    Date.UTC(2016, 11, 19, 16, 52, 13, 535), -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, 8.64e15,
  ];
  const rng = new RandomStreams(1).stream('iso');
  const random = Array.from({ length: 20_000 }, () => rng.uniform(-62_135_596_800_000, 253_402_300_799_000));
  for (const ms of [...edges, ...random]) assert.is(isoUtc(ms), new Date(Math.round(ms)).toISOString(), String(ms));
});

test.run();
