/**
 * `qkdsim schema`: prints the JSON Schema of scenario files, so that editors can complete and check
 * them (`# yaml-language-server: $schema=./scenario.schema.json` at the top of a YAML scenario).
 * `--target` takes a dialect by any of the names people write for it: `draft-07`, `draft-7`,
 * `draft7`, `7`, or its `$schema` URI; likewise for 2020-12.
 * @module
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { JSON_SCHEMA_TARGETS, scenarioJsonSchema, type JsonSchemaTarget } from '../../scenario/json-schema.js';
import type { CliIo } from '../io.js';

/** Names of each dialect, lower case, without the URI's scheme and trailing `#` (see {@link parseTarget}). */
const TARGET_NAMES: Readonly<Record<JsonSchemaTarget, readonly string[]>> = {
  'draft-7': ['draft-07', 'draft-7', 'draft07', 'draft7', '07', '7', 'json-schema.org/draft-07/schema'],
  'draft-2020-12': ['draft-2020-12', 'draft2020-12', '2020-12', 'json-schema.org/draft/2020-12/schema'],
};

/** The dialect a `--target` value names, or an InputError listing the accepted names. */
export function parseTarget(raw: string): JsonSchemaTarget {
  const key = raw.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/#$/, '');
  const found = JSON_SCHEMA_TARGETS.find((t) => TARGET_NAMES[t].includes(key));
  if (found) return found;
  throw new InputError({ file: '--target', message: `expected draft-07 (also draft-7, 7) or draft-2020-12 (also 2020-12), or their $schema URIs, got ${JSON.stringify(raw)}` });
}

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and checking)')
    .option('--target <dialect>', 'JSON Schema dialect: draft-07 | draft-2020-12', 'draft-07')
    .action((flags: { target: string }) => {
      io.out(`${JSON.stringify(scenarioJsonSchema(parseTarget(flags.target)), null, 2)}\n`);
    });
}
