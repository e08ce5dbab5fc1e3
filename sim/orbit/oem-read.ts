/**
 * Reading CCSDS OEM in KVN (CCSDS 502.0-B-3 section 5): the header, then segments of a metadata
 * block (META_START ... META_STOP) and ephemeris data lines `epoch x y z vx vy vz [ax ay az]`
 * (optional covariance blocks are skipped). Written to read back what oem-write.ts writes, and what
 * other tools write in the same format, with every problem reported at its line.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import { parseCcsdsTimeMs } from './omm.js';
import type { OemState } from './oem-write.js';

/** A segment as read: its metadata keywords and states. */
export interface OemReadSegment {
  readonly metadata: Readonly<Record<string, string>>;
  readonly states: readonly OemState[];
  /** Line of its META_START. */
  readonly line: number;
}

/** A message as read. */
export interface OemFile {
  readonly header: Readonly<Record<string, string>>;
  readonly segments: readonly OemReadSegment[];
}

const KVN = /^([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/;
const REQUIRED_METADATA = ['OBJECT_NAME', 'OBJECT_ID', 'CENTER_NAME', 'REF_FRAME', 'TIME_SYSTEM', 'START_TIME', 'STOP_TIME'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses OEM KVN text.
 * @throws InputError with every problem found, each at its line
 */
export function parseOem(text: string, file: string): OemFile {
  const issues: InputIssue[] = [];
  const header: Record<string, string> = {};
  const segments: { metadata: Record<string, string>; states: OemState[]; line: number }[] = [];
  type Mode = 'header' | 'meta' | 'data' | 'covariance';
  let mode = 'header' as Mode;
  let lastMs = -Infinity;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.replace(/\r$/, '').trim();
    const issue = (message: string): void => void issues.push({ file, line: lineNo, message });
    if (line === '' || line === 'COMMENT' || line.startsWith('COMMENT ')) return;
    if (line === 'META_START') {
      if (mode === 'meta' || mode === 'covariance') issue(`expected ${mode === 'meta' ? 'META_STOP' : 'COVARIANCE_STOP'} before META_START`);
      segments.push({ metadata: {}, states: [], line: lineNo });
      mode = 'meta';
      lastMs = -Infinity;
      return;
    }
    const seg = segments[segments.length - 1];
    if (line === 'META_STOP') {
      if (mode !== 'meta') return issue('META_STOP without META_START');
      for (const k of REQUIRED_METADATA) if (seg!.metadata[k] === undefined) issue(`metadata of the segment from line ${seg!.line} lacks ${k} (CCSDS 502.0-B-3 table 5-3)`);
      mode = 'data';
      return;
    }
    if (line === 'COVARIANCE_START') return void (mode = 'covariance');
    if (line === 'COVARIANCE_STOP') return void (mode = 'data');
    if (mode === 'covariance') return;
    if (mode === 'header' || mode === 'meta') {
      const m = KVN.exec(line);
      if (!m) return issue(`expected "KEYWORD = value" in the ${mode === 'header' ? 'header' : 'metadata'}`);
      const target = mode === 'header' ? header : seg!.metadata;
      if (target[m[1]!] !== undefined) return issue(`${m[1]} given twice`);
      target[m[1]!] = m[2]!;
      if (mode === 'header' && Object.keys(header).length === 1 && m[1] !== 'CCSDS_OEM_VERS') issue(`expected CCSDS_OEM_VERS first, got ${m[1]}`);
      return;
    }
    const fields = line.split(/\s+/);
    if (fields.length !== 7 && fields.length !== 10) return issue(`expected an epoch and 6 (or 9) numbers, got ${fields.length} items`);
    const utcMs = parseCcsdsTimeMs(fields[0]!);
    if (!Number.isFinite(utcMs)) return issue(`expected an epoch such as 2016-12-19T00:00:00.000, got ${JSON.stringify(fields[0])}`);
    if (fields.slice(1).some((f) => !NUMBER.test(f))) return issue('expected numbers after the epoch');
    if (utcMs <= lastMs) return issue('expected epochs in increasing order within a segment');
    const start = parseCcsdsTimeMs(seg!.metadata.START_TIME ?? '');
    const stop = parseCcsdsTimeMs(seg!.metadata.STOP_TIME ?? '');
    if (utcMs < start || utcMs > stop) return issue(`epoch ${fields[0]} is outside START_TIME..STOP_TIME of its segment`);
    lastMs = utcMs;
    const n = fields.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    seg!.states.push({ utcMs, posKm: [n[0], n[1], n[2]], velKmPerS: [n[3], n[4], n[5]] });
  });
  if (header.CCSDS_OEM_VERS === undefined) issues.push({ file, message: 'expected an OEM starting with CCSDS_OEM_VERS' });
  if (mode === 'meta' || mode === 'covariance') issues.push({ file, line: lines.length, message: `the file ends inside a ${mode === 'meta' ? 'metadata' : 'covariance'} block` });
  if (issues.length > 0) throw new InputError(issues);
  return { header, segments };
}
