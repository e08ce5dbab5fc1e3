/**
 * `qkdsim schema`: prints the JSON Schema of scenario files, so that editors can complete and check
 * them (`# yaml-language-server: $schema=./scenario.schema.json` at the top of a YAML scenario).
 * @module
 */
import type { Command } from 'commander';
import { JSON_SCHEMA_TARGETS, scenarioJsonSchema } from '../../scenario/json-schema.js';
import type { CliIo } from '../io.js';
import { parseChoice } from '../options.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and checking)')
    .option('--target <dialect>', `JSON Schema dialect: ${JSON_SCHEMA_TARGETS.join(' | ')}`, 'draft-7')
    .action((flags: { target: string }) => {
      const target = parseChoice('--target', flags.target, JSON_SCHEMA_TARGETS);
      io.out(`${JSON.stringify(scenarioJsonSchema(target), null, 2)}\n`);
    });
}
