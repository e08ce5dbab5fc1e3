/**
 * The scenario format as JSON Schema, for editors: with it the YAML language server (VS Code's YAML
 * extension, and others) completes field names and flags typos and bad values while a scenario is
 * written. Generated from the zod schema, so it never drifts from what the loader accepts; the
 * loader still checks what a schema cannot (references, presets, times against the span).
 * @module
 */
import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

/**
 * JSON Schema dialects offered. Draft 7 is the default because the YAML language server validates
 * with draft 7 (its support for 2019-09 / 2020-12 is partial).
 */
export const JSON_SCHEMA_TARGETS = ['draft-7', 'draft-2020-12'] as const;
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/** The input format of scenario files (defaults optional) as a JSON Schema object. */
export function scenarioJsonSchema(target: JsonSchemaTarget = 'draft-7'): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ScenarioSchema, { io: 'input', target }) as Record<string, unknown>;
  return {
    $schema,
    title: 'qkdsim scenario',
    description:
      'A qkdsim scenario: satellites, ground stations, trusted relays and users, fibre and downlink QKD links with key pools, ' +
      'and key demands over a time span. Every field is documented in scenarios/README.md.',
    ...rest,
  };
}
