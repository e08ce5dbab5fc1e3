/**
 * The study file format (YAML or JSON), as a zod schema: a base scenario, the sweep dimensions,
 * replications and seeds, candidate ground stations, and the metrics to collect. Unknown fields are
 * errors, as in scenario files. scenarios/README.md ("Studies") documents every field.
 * @module
 */
import { z } from 'zod';
import { DownlinkParamOverrides, PoolSchema } from '../scenario/schema.js';

/** Evenly spaced numbers from `from` to `to` (inclusive, within a rounding error) by `step`. */
export const RangeSchema = z.strictObject({
  from: z.number(),
  to: z.number(),
  step: z.number().positive(),
});

/**
 * One sweep dimension: where its values go (`path`, several `paths` set together, or `stations+`
 * to add a candidate station) and the values (`values`, or a numeric `range`).
 */
export const DimensionSchema = z.strictObject({
  /** Column and axis name (default: the path, or the paths joined by `+`). */
  name: z.string().min(1).optional(),
  /** A dotted path into the scenario document, e.g. `satellites[0].walker.satellites`; or `stations+`. */
  path: z.string().min(1).optional(),
  /** Several paths set together: each value is a list with one entry per path. */
  paths: z.array(z.string().min(1)).min(1).optional(),
  values: z.array(z.unknown()).min(1).optional(),
  range: RangeSchema.optional(),
});

/** The downlink added with each candidate station (its `station` is the candidate). */
export const DownlinkTemplateSchema = z.strictObject({
  /** A satellite id or a Walker group id of the base scenario. */
  satellite: z.string().min(1),
  preset: z.string().optional(),
  params: DownlinkParamOverrides.optional(),
  pool: PoolSchema.partial().optional(),
});

/** Ground stations a `stations+` dimension can add. */
export const CandidatesSchema = z.strictObject({
  /** A station file (same fields as scenarios/stations.yaml) relative to the study file, or an inline list. */
  stations: z.union([z.string().min(1), z.array(z.unknown()).min(1)]).optional(),
  /** Downlinks added to each added station. */
  downlinks: z.array(DownlinkTemplateSchema).min(1),
});

/** A whole study. */
export const StudySchema = z.strictObject({
  /** Short name; default: the file name without extension. Output goes to runs/studies/<name>/. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "-", "_" or ".", starting with a letter or digit').optional(),
  description: z.string().optional(),
  /** The base scenario file, relative to the study file (give this or `base`). */
  scenario: z.string().min(1).optional(),
  /** The base scenario inline (give this or `scenario`). */
  base: z.record(z.string(), z.unknown()).optional(),
  /** Seed of the study: each case's seed is derived from it. */
  seed: z.number().int().min(0).default(1),
  /**
   * `independent`: every case and replication has its own seed. `common`: replication r has the
   * same seed at every parameter point (common random numbers: the same weather for every variant).
   */
  seeds: z.enum(['independent', 'common']).default('independent'),
  /** Runs per parameter point, each with its own seed. */
  replications: z.number().int().min(1).max(1000).default(1),
  sweep: z.array(DimensionSchema).default([]),
  candidates: CandidatesSchema.optional(),
  /** Metrics to collect, by name (`qkdsim study --help` and scenarios/README.md list them). */
  metrics: z.array(z.string()).min(1).default(['keyBitsPerDay']),
  /** Columns of the printed table: metric names or `metric.key` (default: each metric's headline key). */
  table: z.array(z.string()).min(1).optional(),
});

export type StudyDoc = z.infer<typeof StudySchema>;
export type DimensionDoc = z.infer<typeof DimensionSchema>;
export type DownlinkTemplate = z.infer<typeof DownlinkTemplateSchema>;
