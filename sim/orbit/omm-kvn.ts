/**
 * OMM in KVN, "keyword = value" lines (CCSDS 502.0-B-3 sections 4 and 7): one message or several
 * one after the other (as CelesTrak's `FORMAT=KVN` serves a group), each starting with its
 * `CCSDS_OMM_VERS` line. COMMENT and blank lines are skipped; a unit may follow a value in square
 * brackets (`MEAN_MOTION = 1.00273272 [rev/day]`, figure G-9) and must then be the keyword's unit.
 * Each message goes through the shared OMM validation (omm.ts); issues carry the line.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import { checkOmmFields } from './omm.js';
import { ommKeyword, unitProblem } from './omm-keywords.js';
import type { ElementSet } from './tle.js';

/** `KEYWORD = value [unit]` (7.3: blanks around `=` allowed; one assignment per line). */
const KVN_LINE = /^([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*(?:\[([^\]]*)\])?\s*$/;
/** OMM versions written by the issues of 502.0 (B-1: 1.0, B-2: 2.0, B-3: 3.0). */
const VERSION = /^[123]\.\d+$/;

interface Message {
  readonly line: number;
  readonly values: Map<string, string>;
  readonly lines: Map<string, number>;
}

/** True when the first line that is not blank or a comment is `CCSDS_OMM_VERS = ...`. */
export function looksLikeOmmKvn(text: string): boolean {
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('COMMENT'));
  return first !== undefined && /^CCSDS_OMM_VERS\s*=/.test(first);
}

/**
 * Parses OMM KVN text into element sets.
 * @throws InputError with every problem, each at `file:line` and naming the keyword
 */
export function parseOmmKvn(text: string, file: string): ElementSet[] {
  const issues: InputIssue[] = [];
  const messages: Message[] = [];
  let current: Message | null = null;
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line === 'COMMENT' || line.startsWith('COMMENT ')) return;
    const m = KVN_LINE.exec(line);
    if (!m) {
      issues.push({ file, line: lineNo, message: 'expected a line "KEYWORD = value" (CCSDS 502.0-B-3 7.3), a COMMENT or a blank line' });
      return;
    }
    const [, keyword, value, unit] = m as unknown as [string, string, string, string | undefined];
    if (keyword === 'CCSDS_OMM_VERS') {
      current = { line: lineNo, values: new Map(), lines: new Map() };
      messages.push(current);
      if (!VERSION.test(value)) issues.push({ file, line: lineNo, path: keyword, message: `expected a version such as 3.0 but got ${JSON.stringify(value)}` });
      return;
    }
    if (current === null) {
      issues.push({ file, line: lineNo, message: `expected CCSDS_OMM_VERS before ${keyword} (every OMM starts with its version line)` });
      return;
    }
    if (ommKeyword(keyword) === undefined) {
      issues.push({ file, line: lineNo, path: keyword, message: 'not an OMM keyword (CCSDS 502.0-B-3 tables 4-1 to 4-3)' });
      return;
    }
    const msg: Message = current;
    if (msg.values.has(keyword)) {
      issues.push({ file, line: lineNo, path: keyword, message: `given twice in one OMM (first on line ${msg.lines.get(keyword)}; 7.3.8)` });
      return;
    }
    const problem = unit === undefined ? undefined : unitProblem(keyword, unit);
    if (problem) issues.push({ file, line: lineNo, path: keyword, message: problem });
    msg.values.set(keyword, value);
    msg.lines.set(keyword, lineNo);
  });
  const sets: ElementSet[] = [];
  messages.forEach((msg, index) => {
    const at = (keyword: string) => ({ file, line: msg.lines.get(keyword) ?? msg.line, path: keyword });
    const checked = checkOmmFields({ values: msg.values, at, line: msg.line }, file, index);
    if (checked.set) sets.push(checked.set);
    issues.push(...checked.issues);
  });
  if (issues.length > 0) throw new InputError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  if (sets.length === 0) throw new InputError({ file, message: 'expected at least one OMM (a CCSDS_OMM_VERS line) but the file has none' });
  return sets;
}
