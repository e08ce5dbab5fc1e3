/**
 * Loading a scenario file (YAML or JSON) into a checked {@link Scenario}: the document is validated
 * against the schema, then every reference is resolved (satellites and their element sets,
 * catalogue stations, nodes, link presets and parameters, demand endpoints and times).
 *
 * Every problem is collected and thrown at once in one InputError, each issue naming the file, the
 * field path and `expected X, got Y`. Schema problems are reported alone: the reference checks run
 * only on a document of the right shape, so that one typo never produces a cascade of follow-ups.
 * @module
 */
import { createHash } from 'node:crypto';
import { basename, dirname, extname } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../validation.js';
import { ANY_FILE, readReferencedFile, type FileAccess } from './file-access.js';
import { ResolveContext } from './context.js';
import { schemaIssues } from './issues.js';
import type { Scenario } from './model.js';
import { resolveDemands } from './resolve-demands.js';
import { resolveLinks } from './resolve-links.js';
import { listNodes, resolveOtherNodes, resolveStations } from './resolve-nodes.js';
import { resolveSaes, type ScenarioWithSaes } from './resolve-saes.js';
import { resolveSatellites } from './resolve-satellites.js';
import { ScenarioSchema } from './schema.js';
import { resolveSpan } from './time-span.js';

/** Values that replace the file's (the CLI's `--seed` and `--days`). */
export interface ScenarioOverrides {
  /** Seed of every random stream (an integer >= 0). */
  readonly seed?: number | undefined;
  /** Length of the span, days; replaces the file's `days` or `end`. */
  readonly days?: number | undefined;
}

/** Which files a document may open (default: any; uploads to the server are confined). */
export interface LoadOptions extends ScenarioOverrides {
  readonly files?: FileAccess | undefined;
}

/** Where a document came from. */
interface Origin {
  readonly label: string;
  readonly baseDir: string;
  /** The path as given, or null for an in-memory document. */
  readonly file: string | null;
  readonly fileHash: string;
  readonly files: FileAccess;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The document with the overrides applied (a shallow copy; the caller's object is left alone). */
function applyOverrides(doc: unknown, overrides: ScenarioOverrides): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  const out: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  if (overrides.seed !== undefined) out.seed = overrides.seed;
  if (overrides.days !== undefined) {
    out.days = overrides.days;
    delete out.end;
  }
  return out;
}

function resolve(doc: unknown, origin: Origin, overrides: ScenarioOverrides): ScenarioWithSaes {
  const parsed = ScenarioSchema.safeParse(applyOverrides(doc, overrides), { reportInput: true });
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error, origin.label).map((issue) => {
      const overridden = (issue.path === 'seed' && overrides.seed !== undefined) || (issue.path === 'days' && overrides.days !== undefined);
      return overridden ? { ...issue, message: `${issue.message} (the ${issue.path} given to override the file's)` } : issue;
    });
    throw new InputError(issues);
  }
  const d = parsed.data;
  const ctx = new ResolveContext(origin.label, origin.baseDir, origin.files);
  const span = resolveSpan(d, ctx, overrides.days);
  const satellites = resolveSatellites(d.satellites, span, ctx);
  const stations = resolveStations(d.stations, d.weather, ctx);
  resolveOtherNodes(d.nodes, ctx);
  const links = resolveLinks(d.links, stations, span, ctx);
  const demands = resolveDemands(d.demands, span, ctx);
  const saes = resolveSaes(d.saes, ctx);
  if (ctx.issues.length > 0 || span === null) throw new InputError(ctx.issues);
  return {
    name: d.name ?? basename(origin.label, extname(origin.label)),
    description: d.description ?? '',
    file: origin.file,
    fileHash: origin.fileHash,
    startUtcMs: span.startUtcMs,
    endUtcMs: span.endUtcMs,
    durationMs: span.durationMs,
    seed: d.seed,
    satellites,
    stations,
    nodes: listNodes(stations, d.nodes, satellites),
    links,
    demands,
    routing: d.routing,
    passes: d.passes,
    output: d.output,
    warnings: ctx.warnings,
    saes,
  };
}

/**
 * Loads an already parsed document (e.g. uploaded to the web server).
 * @param options.label how the document is named in messages; its extension gives the default name
 * @param options.baseDir directory relative TLE paths are resolved from
 * @param options.text the document's source text, if any: the hash is of its UTF-8 bytes, else of
 *   JSON.stringify(doc)
 * @throws InputError with every problem found
 */
export function loadScenarioDocument(
  doc: unknown,
  options: { label: string; baseDir: string; text?: string | undefined } & LoadOptions,
): ScenarioWithSaes {
  const fileHash = sha256(options.text ?? JSON.stringify(doc) ?? '');
  return resolve(doc, { label: options.label, baseDir: options.baseDir, file: null, fileHash, files: options.files ?? ANY_FILE }, options);
}

/**
 * Parses and loads scenario text (YAML, or JSON when the label ends in `.json`). The result's
 * `file` is null: the text did not come from a file this process read.
 * @throws InputError (syntax errors carry the line)
 */
export function parseScenarioText(text: string, label: string, baseDir: string, overrides: LoadOptions = {}): ScenarioWithSaes {
  return resolve(parseDocument(text, label), { label, baseDir, file: null, fileHash: sha256(text), files: overrides.files ?? ANY_FILE }, overrides);
}

/**
 * Reads and loads a scenario file. Relative TLE paths are resolved from the file's directory.
 * @param options.label how the file is named in messages (default: the path as given)
 * @throws InputError with every problem found (an unreadable file: `path: cannot read scenario file: ENOENT`)
 */
export function loadScenarioFile(path: string, options: { label?: string } & ScenarioOverrides = {}): ScenarioWithSaes {
  const label = options.label ?? path;
  let bytes: Buffer;
  try {
    // The size is checked on the open file, before it is read.
    bytes = readReferencedFile(path, '.', { label: null, what: 'scenario file', access: ANY_FILE, maxBytes: MAX_DOCUMENT_BYTES });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.issues.map((i) => ({ file: label, message: i.message })));
  }
  const doc = parseDocument(bytes.toString('utf8'), label);
  return resolve(doc, { label, baseDir: dirname(path), file: path, fileHash: sha256(bytes), files: ANY_FILE }, options);
}
