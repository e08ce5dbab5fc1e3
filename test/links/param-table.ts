/**
 * The parameter table of sim/links/README.md (section 11), made from sim/links/params.ts with the
 * default presets' values. Run with --write to put it in the README.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramTableMarkdown } from '../../sim/links/params.js';
import { DEFAULT_DOWNLINK_PRESET, DEFAULT_FIBER_PRESET, getPreset } from '../../sim/links/presets.js';
import { REPO_ROOT } from '../helpers.js';

export const LINKS_README = join(REPO_ROOT, 'sim', 'links', 'README.md');
const BEGIN = '<!-- parameter table: generated from sim/links/params.ts, do not edit by hand -->\n';
const END = '<!-- end of parameter table -->';

/** The table as it should be. */
export function expectedTable(): string {
  return paramTableMarkdown({ fiber: getPreset(DEFAULT_FIBER_PRESET, 'fiber'), downlink: getPreset(DEFAULT_DOWNLINK_PRESET, 'downlink') });
}

/** The table between the README's markers (null when the markers are missing). */
export function tableInReadme(text: string): string | null {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  return a < 0 || b < a ? null : text.slice(a + BEGIN.length, b);
}

if (process.argv[1]?.endsWith('param-table.ts') && process.argv.includes('--write')) {
  const text = readFileSync(LINKS_README, 'utf8');
  if (tableInReadme(text) === null) throw new Error(`${LINKS_README}: the table markers are missing`);
  const a = text.indexOf(BEGIN) + BEGIN.length;
  writeFileSync(LINKS_README, text.slice(0, a) + expectedTable() + text.slice(text.indexOf(END)));
}
