/**
 * Pass records for output: the JSON shape of `qkdsim passes --format json` (and of the passes in a
 * run report), the CSV columns, and the human table.
 * @module
 */
import type { Pass, PassSamples } from '../orbit/index.js';
import { isoUtc } from '../orbit/time.js';
import { formatCsv, formatTable, round, type Column } from './format.js';

/** One pass as printed: ISO 8601 UTC times, degrees, km, seconds. */
export interface PassRecord {
  satellite: string;
  station: string;
  rise: string;
  culmination: string;
  set: string;
  maxElevationDeg: number;
  rangeAtCulminationKm: number;
  riseAzimuthDeg: number;
  setAzimuthDeg: number;
  durationS: number;
  sunElevationAtCulminationDeg: number;
  night: boolean;
  satelliteSunlit: boolean;
  riseClipped: boolean;
  setClipped: boolean;
  /** Every local maximum inside the pass (more than one for some eccentric orbits). */
  culminations: string[];
  /** Part of the pass above the key mask with the Sun below the night threshold. */
  keyWindowStart: string | null;
  keyWindowEnd: string | null;
  tleEpoch: string;
  samples?: { t: string; elevationDeg: number; azimuthDeg: number; rangeKm: number }[];
}

/** Converts a pass to its printed record. Values are rounded: 1e-4 deg, 1 m, 1 ms. */
export function passRecord(p: Pass, samples?: PassSamples): PassRecord {
  const rec: PassRecord = {
    satellite: p.satellite,
    station: p.station,
    rise: isoUtc(p.riseMs),
    culmination: isoUtc(p.culminationMs),
    set: isoUtc(p.setMs),
    maxElevationDeg: round(p.maxElevationDeg, 4),
    rangeAtCulminationKm: round(p.rangeAtCulminationKm, 3),
    riseAzimuthDeg: round(p.riseAzimuthDeg, 4),
    setAzimuthDeg: round(p.setAzimuthDeg, 4),
    durationS: round(p.durationS, 3),
    sunElevationAtCulminationDeg: round(p.sunElevationAtCulminationDeg, 4),
    night: p.night,
    satelliteSunlit: p.satelliteSunlit,
    riseClipped: p.riseClipped,
    setClipped: p.setClipped,
    culminations: p.culminationsMs.map(isoUtc),
    keyWindowStart: p.keyWindow ? isoUtc(p.keyWindow.startMs) : null,
    keyWindowEnd: p.keyWindow ? isoUtc(p.keyWindow.endMs) : null,
    tleEpoch: isoUtc(p.tleEpochMs),
  };
  if (samples) {
    rec.samples = samples.tMs.map((t, i) => ({
      t: isoUtc(t),
      elevationDeg: round(samples.elevationDeg[i]!, 4),
      azimuthDeg: round(samples.azimuthDeg[i]!, 4),
      rangeKm: round(samples.rangeKm[i]!, 3),
    }));
  }
  return rec;
}

/** CSV columns of a pass record (samples are not part of the CSV). */
export const PASS_CSV_KEYS = [
  'satellite', 'station', 'rise', 'culmination', 'set', 'maxElevationDeg', 'rangeAtCulminationKm',
  'riseAzimuthDeg', 'setAzimuthDeg', 'durationS', 'sunElevationAtCulminationDeg', 'night',
  'satelliteSunlit', 'riseClipped', 'setClipped', 'keyWindowStart', 'keyWindowEnd', 'tleEpoch',
] as const satisfies readonly (keyof PassRecord)[];

/** Passes as CSV with a header row (extra columns for key fields when given). */
export function passesCsv<R extends PassRecord>(records: readonly R[], extraKeys: readonly (keyof R & string)[] = []): string {
  return formatCsv(records, [...PASS_CSV_KEYS, ...extraKeys]);
}

/** Key fields added to a pass by `passes --key` (and to run reports). */
export interface PassKeyRecord {
  /** Seconds of the pass inside the key window (above the key mask, in darkness). */
  keyWindowS: number;
  /** Sifted bits over the key window (expected value). */
  siftedBits: number;
  /** Signal QBER over the block, or null without a key window. */
  qber: number | null;
  /** Finite-key secret bits (Lim et al. 2014 on the pass block), whole bits. */
  secretBits: number;
  /** Time integral of the asymptotic key rate, bits (rounded). */
  secretBitsAsymptotic: number;
}

/** The key fields of a pass from a pass-key result (zeros when the pass has no key window). */
export function passKeyRecord(r: { keyWindowS: number; siftedBits: number; qber: number; secretBits: number; secretBitsAsymptotic: number } | null): PassKeyRecord {
  if (!r || r.keyWindowS === 0) return { keyWindowS: 0, siftedBits: 0, qber: null, secretBits: 0, secretBitsAsymptotic: 0 };
  return {
    keyWindowS: round(r.keyWindowS, 3),
    siftedBits: Math.round(r.siftedBits),
    qber: round(r.qber, 6),
    secretBits: Math.floor(r.secretBits),
    secretBitsAsymptotic: Math.round(r.secretBitsAsymptotic),
  };
}

/** CSV columns of the key fields. */
export const PASS_KEY_CSV_KEYS = ['keyWindowS', 'siftedBits', 'qber', 'secretBits', 'secretBitsAsymptotic'] as const satisfies readonly (keyof PassKeyRecord)[];

/** Table columns of the key fields. */
export function passKeyColumns<R extends PassRecord & PassKeyRecord>(): Column<R>[] {
  return [
    { header: 'key s', value: (r) => r.keyWindowS.toFixed(0), right: true },
    { header: 'sifted kbit', value: (r) => (r.siftedBits / 1000).toFixed(1), right: true },
    { header: 'QBER %', value: (r) => (r.qber === null ? '-' : (r.qber * 100).toFixed(2)), right: true },
    { header: 'secret kbit', value: (r) => (r.secretBits / 1000).toFixed(1), right: true },
    { header: 'asympt. kbit', value: (r) => (r.secretBitsAsymptotic / 1000).toFixed(1), right: true },
  ];
}

/** One line summing the key of all passes. */
export function passKeySummary(records: readonly (PassRecord & PassKeyRecord)[]): string {
  const keyed = records.filter((r) => r.secretBits > 0);
  const total = keyed.reduce((a, r) => a + r.secretBits, 0);
  return `${keyed.length} passes with key, ${(total / 1000).toFixed(1)} kbit secret key in all (finite key)\n`;
}

const hms = (iso: string): string => iso.slice(11, 19);
const mmss = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** Passes as an aligned table for people: UTC date and times, degrees, km, minutes:seconds. */
export function passesTable<R extends PassRecord>(records: readonly R[], extra: readonly Column<R>[] = []): string {
  const columns: Column<R>[] = [
    { header: 'station', value: (r) => r.station },
    { header: 'date (UTC)', value: (r) => r.rise.slice(0, 10) },
    { header: 'rise', value: (r) => hms(r.rise) + (r.riseClipped ? '<' : ' ') },
    { header: 'culm.', value: (r) => hms(r.culmination) },
    { header: 'set', value: (r) => hms(r.set) + (r.setClipped ? '>' : ' ') },
    { header: 'dur.', value: (r) => mmss(r.durationS), right: true },
    { header: 'max el °', value: (r) => r.maxElevationDeg.toFixed(1), right: true },
    { header: 'range km', value: (r) => r.rangeAtCulminationKm.toFixed(0), right: true },
    { header: 'az rise→set °', value: (r) => `${r.riseAzimuthDeg.toFixed(0)}→${r.setAzimuthDeg.toFixed(0)}`, right: true },
    { header: 'sun el °', value: (r) => r.sunElevationAtCulminationDeg.toFixed(1), right: true },
    { header: 'night', value: (r) => (r.night ? 'yes' : 'no') },
    { header: 'sat lit', value: (r) => (r.satelliteSunlit ? 'yes' : 'no') },
    ...extra,
  ];
  const sats = new Set(records.map((r) => r.satellite));
  if (sats.size > 1) columns.unshift({ header: 'satellite', value: (r) => r.satellite });
  return formatTable(records, columns) + '(< rise cut by the window start, > set cut by the window end)\n';
}
