/**
 * File arguments that may be `-`, standard input (a scenario, a study or an element-set file piped
 * in, as Unix filters take their input). What is read from standard input is bounded like a file
 * and named `<stdin>` in messages; relative paths inside it start at the working directory.
 * @module
 */
import { InputError } from '../errors.js';
import { BUNDLED_TLE_PATH, loadElementSets, parseElementSets, type ElementSet } from '../orbit/index.js';
import { loadScenarioFile, parseScenarioText, type Scenario, type ScenarioOverrides } from '../scenario/index.js';
import { MAX_ELEMENT_SET_BYTES } from '../scenario/file-access.js';
import { loadStudyDocument, loadStudyFile, type Study } from '../study/index.js';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../validation.js';
import type { CliIo } from './io.js';

/** The file argument meaning standard input. */
export const STDIN_ARG = '-';
/** How standard input is named in messages. */
export const STDIN_LABEL = '<stdin>';

/**
 * Refuses a second `-` in one command (standard input can be read once).
 * @param args flag name -> value as given
 */
export function checkOneStdin(args: Readonly<Record<string, string | undefined>>): void {
  const dashes = Object.entries(args).filter(([, v]) => v === STDIN_ARG).map(([k]) => k);
  if (dashes.length > 1) throw new InputError({ file: dashes[1]!, message: `expected standard input (-) for one file only, but ${dashes.join(' and ')} both ask for it` });
}

/** All of standard input as UTF-8 text, at most maxBytes. */
export async function stdinText(io: CliIo, maxBytes: number): Promise<string> {
  return (await io.readStdin(maxBytes, STDIN_LABEL)).toString('utf8');
}

/** A scenario from a file, or from standard input when `file` is `-`. @throws InputError */
export async function readScenario(io: CliIo, file: string, overrides: ScenarioOverrides): Promise<Scenario> {
  if (file !== STDIN_ARG) return loadScenarioFile(file, overrides);
  return parseScenarioText(await stdinText(io, MAX_DOCUMENT_BYTES), STDIN_LABEL, io.cwd, overrides);
}

/** A study from a file, or from standard input when `file` is `-`. @throws InputError */
export async function readStudy(io: CliIo, file: string): Promise<Study> {
  if (file !== STDIN_ARG) return loadStudyFile(file);
  const text = await stdinText(io, MAX_DOCUMENT_BYTES);
  return loadStudyDocument(parseDocument(text, STDIN_LABEL), { label: STDIN_LABEL, baseDir: io.cwd, text });
}

/** Element sets from a file, from standard input (`-`), or the bundled Micius sets when none is given. @throws InputError */
export async function readElementSets(io: CliIo, file: string | undefined): Promise<ElementSet[]> {
  if (file === undefined) return loadElementSets(BUNDLED_TLE_PATH, 'scenarios/tle/micius.tle');
  if (file !== STDIN_ARG) return loadElementSets(file);
  return parseElementSets(await stdinText(io, MAX_ELEMENT_SET_BYTES), STDIN_LABEL);
}
