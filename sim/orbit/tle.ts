/**
 * Reading and validating two-line (TLE) and three-line (name + TLE) element sets, and the
 * {@link ElementSet} every element-set reader produces (OMM: omm.ts; choosing the reader:
 * element-sets.ts). satellite.js does not check its input,
 * so every field is checked here and each problem is reported with its file and line (or JSON path),
 * e.g. `micius.tle:3: checksum expected 7 but got 3`.
 *
 * Column layout: CelesTrak "NORAD Two-Line Element Set Format" (Kelso), and Vallado et al.,
 * "Revisiting Spacetrack Report #3", AIAA 2006-6753, Appendix A.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import type { OmmRecord } from './omm.js';
import { tleEpochToUtcMs, tleYear } from './time.js';

export type { OmmRecord } from './omm.js';

/** One validated element set, with where it came from. */
export interface ElementSet {
  /** Satellite name (3-line name, OMM OBJECT_NAME, or `NORAD <n>` when the file has none). */
  readonly name: string;
  /** NORAD catalogue number as written (5 characters for TLEs, Alpha-5 allowed). */
  readonly catalogNumber: string;
  /** Epoch of the elements, Unix ms (may be fractional). */
  readonly epochUtcMs: number;
  readonly inclinationDeg: number;
  readonly eccentricity: number;
  readonly meanMotionRevPerDay: number;
  /** Where the set was read: file label and the 1-based line of its line 1 (TLE) or array index. */
  readonly source: { readonly file: string; readonly line?: number; readonly index: number };
  /** The original lines (TLE) or record (OMM), handed to SGP4 as they are. */
  readonly tle?: { readonly line1: string; readonly line2: string };
  readonly omm?: OmmRecord;
}

const TLE_LINE_LENGTH = 69;

/** TLE checksum: sum of the digits of columns 1-68, plus 1 for each minus sign, modulo 10. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (let i = 0; i < 68 && i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) sum += c - 48;
    else if (c === 45) sum += 1;
  }
  return sum % 10;
}

/** Parses a TLE number with an implied leading decimal point and exponent, e.g. ` 17957-4` = 0.17957e-4. */
function impliedDecimal(field: string): number {
  const m = /^\s*([+-]?)(\d{1,5})([+-]\d)\s*$/.exec(field);
  if (!m) return Number.NaN;
  return Number(`${m[1]}0.${m[2]}e${m[3]}`);
}

interface FieldSpec {
  readonly name: string;
  readonly from: number; // 1-based first column
  readonly to: number; // 1-based last column
  readonly parse: (s: string) => number;
  readonly min?: number;
  readonly max?: number;
  readonly maxExclusive?: number;
  readonly expected: string;
}

const plain = (s: string): number => (/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(s) ? Number(s) : Number.NaN);
const integerField = (s: string): number => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);
const leadingPoint = (s: string): number => (/^\d{7}$/.test(s) ? Number(`0.${s}`) : Number.NaN);
const signedPoint = (s: string): number => (/^\s*[+-]?\.\d+\s*$/.test(s) || /^\s*[+-]?0?\.\d+\s*$/.test(s) ? Number(s) : Number.NaN);

const LINE1_FIELDS: readonly FieldSpec[] = [
  { name: 'epoch year', from: 19, to: 20, parse: (s) => (/^\d{2}$/.test(s) ? Number(s) : Number.NaN), expected: 'two digits' },
  { name: 'epoch day', from: 21, to: 32, parse: plain, min: 1, maxExclusive: 367, expected: 'a day of year in [1, 367)' },
  { name: 'mean motion derivative', from: 34, to: 43, parse: signedPoint, expected: 'a signed decimal such as " .00000364"' },
  { name: 'mean motion second derivative', from: 45, to: 52, parse: impliedDecimal, expected: 'an implied-decimal number such as " 00000-0"' },
  { name: 'BSTAR', from: 54, to: 61, parse: impliedDecimal, expected: 'an implied-decimal number such as " 17957-4"' },
  { name: 'element set number', from: 65, to: 68, parse: integerField, expected: 'an integer' },
];

const LINE2_FIELDS: readonly FieldSpec[] = [
  { name: 'inclination', from: 9, to: 16, parse: plain, min: 0, max: 180, expected: 'degrees in [0, 180]' },
  { name: 'right ascension of the ascending node', from: 18, to: 25, parse: plain, min: 0, maxExclusive: 360, expected: 'degrees in [0, 360)' },
  { name: 'eccentricity', from: 27, to: 33, parse: leadingPoint, min: 0, maxExclusive: 1, expected: 'seven digits (implied leading decimal point)' },
  { name: 'argument of perigee', from: 35, to: 42, parse: plain, min: 0, maxExclusive: 360, expected: 'degrees in [0, 360)' },
  { name: 'mean anomaly', from: 44, to: 51, parse: plain, min: 0, maxExclusive: 360, expected: 'degrees in [0, 360)' },
  { name: 'mean motion', from: 53, to: 63, parse: plain, min: 0.05, max: 20, expected: 'revolutions per day in [0.05, 20]' },
  { name: 'revolution number', from: 64, to: 68, parse: integerField, expected: 'an integer' },
];

/** Checks the fields of one TLE line; returns the parsed values by name and any issues. */
function checkFields(line: string, specs: readonly FieldSpec[], at: (message: string) => InputIssue): { values: Map<string, number>; issues: InputIssue[] } {
  const values = new Map<string, number>();
  const issues: InputIssue[] = [];
  for (const spec of specs) {
    const raw = line.slice(spec.from - 1, spec.to);
    const value = spec.parse(raw);
    const outOfRange =
      (spec.min !== undefined && value < spec.min) ||
      (spec.max !== undefined && value > spec.max) ||
      (spec.maxExclusive !== undefined && value >= spec.maxExclusive);
    if (!Number.isFinite(value) || outOfRange) {
      issues.push(at(`${spec.name} (columns ${spec.from}-${spec.to}) expected ${spec.expected} but got ${JSON.stringify(raw)}`));
    } else {
      values.set(spec.name, value);
    }
  }
  return { values, issues };
}

/** Checks one TLE line's length, line number and checksum. */
function checkLineShape(line: string, lineNumber: 1 | 2, at: (message: string) => InputIssue): InputIssue[] {
  if (line.length !== TLE_LINE_LENGTH) {
    return [at(`TLE line ${lineNumber} must be ${TLE_LINE_LENGTH} characters long but is ${line.length}`)];
  }
  if (line[0] !== String(lineNumber) || line[1] !== ' ') {
    return [at(`expected TLE line ${lineNumber} (starting "${lineNumber} ") but got ${JSON.stringify(line.slice(0, 2))}`)];
  }
  const expected = tleChecksum(line);
  const got = line[68] ?? '';
  if (got !== String(expected)) return [at(`checksum expected ${expected} but got ${got}`)];
  return [];
}

const CATALOG = /^[0-9A-HJ-NP-Z][0-9]{4}$/;

/** Parses one TLE pair (already split into lines) into an ElementSet, or returns its issues. */
function parsePair(
  file: string,
  name: string | undefined,
  line1: string,
  line1No: number,
  line2: string,
  index: number,
): { set?: ElementSet; issues: InputIssue[] } {
  const at1 = (message: string): InputIssue => ({ file, line: line1No, message });
  const at2 = (message: string): InputIssue => ({ file, line: line1No + 1, message });
  const shape = [...checkLineShape(line1, 1, at1), ...checkLineShape(line2, 2, at2)];
  if (shape.length > 0) return { issues: shape };
  const issues: InputIssue[] = [];
  const cat1 = line1.slice(2, 7);
  const cat2 = line2.slice(2, 7);
  if (!CATALOG.test(cat1)) issues.push(at1(`catalogue number (columns 3-7) expected 5 digits (or Alpha-5) but got ${JSON.stringify(cat1)}`));
  if (cat1 !== cat2) issues.push(at2(`catalogue number expected ${JSON.stringify(cat1)} (as on line 1) but got ${JSON.stringify(cat2)}`));
  const f1 = checkFields(line1, LINE1_FIELDS, at1);
  const f2 = checkFields(line2, LINE2_FIELDS, at2);
  issues.push(...f1.issues, ...f2.issues);
  if (issues.length > 0) return { issues };
  const year = tleYear(f1.values.get('epoch year')!);
  const set: ElementSet = {
    name: name ?? `NORAD ${cat1.trim()}`,
    catalogNumber: cat1,
    epochUtcMs: tleEpochToUtcMs(year, f1.values.get('epoch day')!),
    inclinationDeg: f2.values.get('inclination')!,
    eccentricity: f2.values.get('eccentricity')!,
    meanMotionRevPerDay: f2.values.get('mean motion')!,
    source: { file, line: line1No, index },
    tle: { line1, line2 },
  };
  return { set, issues: [] };
}

/**
 * Parses TLE text with one or many element sets, each with or without a name line (a name line may
 * start with `0 `). Blank lines are ignored; trailing white space and CR are trimmed.
 * @param file label used in messages (usually the path as the user typed it)
 * @throws InputError with every problem found
 */
export function parseTleText(text: string, file: string): ElementSet[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const sets: ElementSet[] = [];
  const issues: InputIssue[] = [];
  let name: string | undefined;
  let nameLineNo = 0;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (line.startsWith('1 ')) {
      const next = lines[i + 1];
      if (next === undefined || next.trim() === '') {
        issues.push({ file, line: i + 2, message: 'expected TLE line 2 after line 1 but the set ends here' });
        i += 1;
      } else {
        const { set, issues: found } = parsePair(file, name, line, i + 1, next, sets.length);
        if (set) sets.push(set);
        issues.push(...found);
        i += 2;
      }
      name = undefined;
      continue;
    }
    if (line.startsWith('2 ')) {
      issues.push({ file, line: i + 1, message: 'TLE line 2 without a line 1 before it' });
      i++;
      name = undefined;
      continue;
    }
    if (name !== undefined) {
      issues.push({ file, line: nameLineNo, message: `name line ${JSON.stringify(name)} is not followed by TLE line 1` });
    }
    name = line.replace(/^0 /, '').trim();
    nameLineNo = i + 1;
    if (name.length > 69) issues.push({ file, line: i + 1, message: `expected a name line of at most 69 characters but got ${name.length}` });
    i++;
  }
  if (name !== undefined) issues.push({ file, line: nameLineNo, message: `name line ${JSON.stringify(name)} is not followed by TLE line 1` });
  if (issues.length > 0) throw new InputError(issues);
  if (sets.length === 0) throw new InputError({ file, message: 'expected at least one element set but the file has none' });
  return sets;
}
