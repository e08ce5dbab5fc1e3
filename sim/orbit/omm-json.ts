/**
 * OMM in JSON: one object or an array of objects with the CCSDS keywords as fields (the CelesTrak
 * `FORMAT=JSON` layout; CCSDS itself defines KVN and XML only). Each record goes through the shared
 * OMM validation (omm.ts); issues name the record's path, e.g. `[1].ECCENTRICITY`.
 * @module
 */
import { InputError, type InputIssue } from '../errors.js';
import { parseJsonText } from '../validation.js';
import { checkOmmFields } from './omm.js';
import type { ElementSet } from './tle.js';

/**
 * Parses OMM JSON (one object or an array of objects) into element sets.
 * @throws InputError naming `[i].FIELD` for each bad or missing field
 */
export function parseOmmJson(text: string, file: string): ElementSet[] {
  // The one JSON parser: line and column on a syntax error, duplicate fields refused.
  const doc = parseJsonText(text, file);
  const records = Array.isArray(doc) ? doc : [doc];
  const sets: ElementSet[] = [];
  const issues: InputIssue[] = [];
  records.forEach((rec: unknown, index) => {
    const prefix = Array.isArray(doc) ? `[${index}]` : '';
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      issues.push({ file, path: prefix || '(root)', message: `expected an OMM object but got ${JSON.stringify(rec)}` });
      return;
    }
    const values = new Map(Object.entries(rec as Record<string, unknown>).filter(([, v]) => v !== null));
    const checked = checkOmmFields({ values, at: (keyword) => ({ file, path: prefix ? `${prefix}.${keyword}` : keyword }) }, file, index);
    if (checked.set) sets.push(checked.set);
    issues.push(...checked.issues);
  });
  if (issues.length > 0) throw new InputError(issues);
  if (sets.length === 0) throw new InputError({ file, message: 'expected at least one OMM record but the file has none' });
  return sets;
}
