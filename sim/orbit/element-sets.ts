/**
 * Element-set files in every format qkdsim reads, told apart by their first characters: TLE
 * (two- or three-line), and CCSDS OMM in JSON, XML and KVN. Anything else is refused as an
 * unrecognised format (rather than with the errors of a TLE reader that was never meant for it).
 * @module
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { parseOmmJson } from './omm-json.js';
import { looksLikeOmmKvn, parseOmmKvn } from './omm-kvn.js';
import { looksLikeXml, parseOmmXml } from './omm-xml.js';
import { parseTleText, type ElementSet } from './tle.js';

/** The formats {@link parseElementSets} reads. */
export type ElementSetFormat = 'tle' | 'omm-json' | 'omm-xml' | 'omm-kvn';

/** Other CCSDS orbit messages, named when one is given where element sets are expected. */
const OTHER_MESSAGES: Readonly<Record<string, string>> = {
  CCSDS_OEM_VERS: 'an OEM (an ephemeris of states)',
  CCSDS_OPM_VERS: 'an OPM (an osculating state)',
  CCSDS_OCM_VERS: 'an OCM',
};

const EXPECTED = 'expected TLE lines ("1 ..." and "2 ...", with or without a name line) or a CCSDS OMM in JSON ({ or [), XML (<omm> or <ndm>) or KVN (CCSDS_OMM_VERS = ...)';

/**
 * The format of element-set text, or an InputError saying why it is none of them.
 * Empty text counts as TLE (whose reader reports that the file has no element sets).
 */
export function detectElementSetFormat(text: string, file: string): ElementSetFormat {
  const head = text.trimStart()[0];
  if (head === undefined) return 'tle';
  if (head === '{' || head === '[') return 'omm-json';
  if (looksLikeXml(text)) return 'omm-xml';
  if (looksLikeOmmKvn(text)) return 'omm-kvn';
  const lines = text.split('\n');
  if (lines.some((l) => /^[12] /.test(l))) return 'tle';
  const first = lines.find((l) => l.trim() !== '')!.trim();
  const other = Object.keys(OTHER_MESSAGES).find((k) => first.startsWith(k));
  const what = other ? `got ${OTHER_MESSAGES[other]}, which holds no mean elements` : 'got none of these';
  throw new InputError({ file, message: `unrecognised element-set format: ${EXPECTED}; ${what}` });
}

/** Parses element sets from text in any format qkdsim reads. @throws InputError */
export function parseElementSets(text: string, file: string): ElementSet[] {
  switch (detectElementSetFormat(text, file)) {
    case 'omm-json':
      return parseOmmJson(text, file);
    case 'omm-xml':
      return parseOmmXml(text, file);
    case 'omm-kvn':
      return parseOmmKvn(text, file);
    case 'tle':
      return parseTleText(text, file);
  }
}

/** Path of the bundled Micius element sets (scenarios/tle/micius.tle). */
export const BUNDLED_TLE_PATH = packagePath('scenarios', 'tle', 'micius.tle');

/**
 * Reads element sets from a file (TLE, or OMM JSON, XML or KVN).
 * @param label how the file is named in messages (default: the path as given)
 * @throws InputError
 */
export function loadElementSets(path: string, label = path): ElementSet[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: label, message: `cannot read element-set file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  return parseElementSets(text, label);
}
