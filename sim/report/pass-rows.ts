/**
 * A pass of a run as a report row: the record report.json holds (in full detail) and the line
 * passes.csv holds, built from one function so the two never disagree. The CSV line is assembled
 * directly (no intermediate objects beyond the record): a constellation run writes hundreds of
 * thousands of them, and this is where their cost goes.
 * @module
 */
import type { PlannedPass, RunPassOutcome } from '../operations/index.js';
import { isoUtc } from '../orbit/time.js';
import { csvField, roundText } from './format.js';
import { PASS_CSV_KEYS, PASS_KEY_CSV_KEYS, passKeyRecord, passRecord, type PassKeyRecord, type PassRecord } from './passes.js';

/** A pass in the run report: the pass, its key, and what happened to it. */
export type ReportPass = PassRecord &
  PassKeyRecord & {
    link: string;
    /** keyed, no-key (finite key 0), daylight, below-key-mask, clouded, not-scheduled. */
    outcome: RunPassOutcome;
    /** When the key entered the pool (end of the key window), or null. */
    distilled: string | null;
    /** Bits that entered the pool (less than secretBits when the pool was full). */
    deliveredBits: number;
  };

/** Columns of passes.csv, in order. */
export const RUN_PASS_CSV_KEYS = [...PASS_CSV_KEYS, ...PASS_KEY_CSV_KEYS, 'link', 'outcome', 'distilled', 'deliveredBits'] as const satisfies readonly (keyof ReportPass)[];

/** The report record of one pass. */
export function reportPass(p: PlannedPass, outcome: RunPassOutcome, deliveredBits: number, startUtcMs: number): ReportPass {
  const record = passRecord(p.pass) as ReportPass;
  const key = passKeyRecord(p.key);
  record.keyWindowS = key.keyWindowS;
  record.siftedBits = key.siftedBits;
  record.qber = key.qber;
  record.secretBits = key.secretBits;
  record.secretBitsAsymptotic = key.secretBitsAsymptotic;
  record.link = p.linkId;
  record.outcome = outcome;
  record.distilled = deliveredBits > 0 && p.distilledMs !== null ? isoUtc(startUtcMs + p.distilledMs) : null;
  record.deliveredBits = deliveredBits;
  return record;
}

/** The passes.csv line of a record (no line break), as formatCsv writes it. */
export function passCsvLine(r: ReportPass): string {
  let line = '';
  for (let i = 0; i < RUN_PASS_CSV_KEYS.length; i++) {
    const v = r[RUN_PASS_CSV_KEYS[i]!] as string | number | boolean | null;
    line += (i === 0 ? '' : ',') + csvField(v);
  }
  return line;
}

/**
 * The passes.csv line of a pass straight from the pass (no record object): the line
 * passCsvLine(reportPass(...)) gives, field for field (test/report/pass-rows.test.ts holds them
 * equal on real runs). The streamed passes.csv is written with this.
 */
export function passCsvLineOf(p: PlannedPass, outcome: RunPassOutcome, deliveredBits: number, startUtcMs: number): string {
  const x = p.pass;
  const w = x.keyWindow;
  const k = p.key;
  // The key fields as passKeyRecord rounds them (empty window: zeros and no QBER).
  const keyText = !k || k.keyWindowS === 0
    ? '0,0,,0,0'
    : `${roundText(k.keyWindowS, 3)},${Math.round(k.siftedBits)},${roundText(k.qber, 6)},${Math.floor(k.secretBits)},${Math.round(k.secretBitsAsymptotic)}`;
  const distilled = deliveredBits > 0 && p.distilledMs !== null ? isoUtc(startUtcMs + p.distilledMs) : '';
  return (
    `${csvField(x.satellite)},${csvField(x.station)},${isoUtc(x.riseMs)},${isoUtc(x.culminationMs)},${isoUtc(x.setMs)},` +
    `${roundText(x.maxElevationDeg, 4)},${roundText(x.rangeAtCulminationKm, 3)},${roundText(x.riseAzimuthDeg, 4)},${roundText(x.setAzimuthDeg, 4)},` +
    `${roundText(x.durationS, 3)},${roundText(x.sunElevationAtCulminationDeg, 4)},${x.night},${x.satelliteSunlit},${x.riseClipped},${x.setClipped},` +
    `${w ? isoUtc(w.startMs) : ''},${w ? isoUtc(w.endMs) : ''},${isoUtc(x.tleEpochMs)},${keyText},` +
    `${csvField(p.linkId)},${outcome},${distilled},${deliveredBits}`
  );
}
