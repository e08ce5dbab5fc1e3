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
import { basename, dirname, extname } from 'node:path';
import { InputError, type InputIssue } from '../errors.js';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../validation.js';
import { ANY_FILE, readReferencedFile, type FileAccess } from './file-access.js';
import { ResolveContext } from './context.js';
import { schemaIssues } from './issues.js';
import type { NodeKind, Scenario } from './model.js';
import { resolveDemands } from './resolve-demands.js';
import { resolveLinks } from './resolve-links.js';
import { listNodes, resolveOtherNodes, resolveStations } from './resolve-nodes.js';
import { resolveSaes, type ScenarioWithSaes } from './resolve-saes.js';
import { resolveSatellites } from './resolve-satellites.js';
import { ScenarioSchema, type ScenarioDoc } from './schema.js';
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
  /** What its hash is of: the file's bytes, the source text, or the canonical JSON of a document. */
  readonly source: string | Uint8Array;
  readonly files: FileAccess;
}

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

/** The lists of a scenario whose elements are checked one by one. */
const LISTS = ['satellites', 'stations', 'nodes', 'links', 'demands', 'saes'] as const;
type ListName = (typeof LISTS)[number];

/** A scenario document whose list elements may be missing (undefined: the element failed the schema). */
export type PartialDoc = Omit<ScenarioDoc, ListName> & { readonly [K in ListName]: readonly (ScenarioDoc[K][number] | undefined)[] };

/**
 * Top-level fields that no later check depends on: when one is wrong it is reported and the rest of
 * the document is checked with its default in its place (an unknown node reference is then found in
 * the same round as a bad seed).
 */
const INDEPENDENT_FIELDS: ReadonlySet<string> = new Set(['name', 'description', 'seed', 'routing', 'output']);

/**
 * The document checked against the schema. Problems inside elements of the lists (a satellite, a
 * link...) do not stop the other checks: the broken elements are left out (as undefined, keeping
 * every index) and returned with their issues, so that a run reports every problem at once; nor do
 * problems in the INDEPENDENT_FIELDS. A problem anywhere else (the span, the weather, a list that is
 * not a list) is reported alone, as the checks that follow depend on it.
 * @throws InputError with the schema problems when they cannot be set aside
 */
function checkSchema(input: unknown, label: string, overrides: ScenarioOverrides): { doc: PartialDoc; issues: InputIssue[]; broken: Map<ListName, Set<number>> } {
  const parsed = ScenarioSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { doc: parsed.data, issues: [], broken: new Map() };
  const issues = schemaIssues(parsed.error, label).map((issue) => {
    const overridden = (issue.path === 'seed' && overrides.seed !== undefined) || (issue.path === 'days' && overrides.days !== undefined);
    return overridden ? { ...issue, message: `${issue.message} (the ${issue.path} given to override the file's)` } : issue;
  });
  const broken = new Map<ListName, Set<number>>();
  const setAside = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [list, index] = issue.path;
    if (typeof list === 'string' && INDEPENDENT_FIELDS.has(list)) {
      setAside.add(list);
      continue;
    }
    if (!LISTS.includes(list as ListName) || typeof index !== 'number') throw new InputError(issues);
    const set = broken.get(list as ListName) ?? new Set<number>();
    set.add(index);
    broken.set(list as ListName, set);
  }
  const raw = input as Record<string, unknown>;
  const pruned: Record<string, unknown> = { ...raw };
  for (const field of setAside) delete pruned[field];
  for (const [list, bad] of broken) pruned[list] = (raw[list] as unknown[]).filter((_, i) => !bad.has(i));
  const again = ScenarioSchema.safeParse(pruned);
  if (!again.success) throw new InputError(issues);
  const doc: Record<string, unknown> = { ...again.data };
  for (const [list, bad] of broken) {
    const kept = again.data[list] as unknown[];
    let k = 0;
    doc[list] = (raw[list] as unknown[]).map((_, i) => (bad.has(i) ? undefined : kept[k++]));
  }
  return { doc: doc as PartialDoc, issues, broken };
}

/**
 * Declares the ids of satellites, stations and nodes that failed the schema (when their id can be
 * read), as broken: references to them then stay quiet, their own issues already say what is wrong.
 */
function declareBroken(input: unknown, broken: Map<ListName, Set<number>>, ctx: ResolveContext): void {
  const raw = input as Record<string, unknown[]>;
  const kinds: [ListName, NodeKind][] = [['satellites', 'satellite'], ['stations', 'station'], ['nodes', 'relay']];
  for (const [list, kind] of kinds) {
    for (const i of broken.get(list) ?? []) {
      const element = raw[list]![i];
      const id = typeof element === 'string' ? element : typeof element === 'object' && element !== null ? (element as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && !ctx.nodes.has(id)) ctx.declareNode(id, kind, `${list}[${i}]`, `${list}[${i}].id`, false);
    }
  }
}

function resolve(doc: unknown, origin: Origin, overrides: ScenarioOverrides): ScenarioWithSaes {
  const input = applyOverrides(doc, overrides);
  const checked = checkSchema(input, origin.label, overrides);
  const d = checked.doc;
  const ctx = new ResolveContext(origin.label, origin.baseDir, origin.files);
  const scenarioInput = ctx.recordInput('scenario', origin.label, origin.source);
  ctx.issues.push(...checked.issues);
  declareBroken(input, checked.broken, ctx);
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
    fileHash: scenarioInput.sha256,
    inputFiles: ctx.inputFiles,
    startUtcMs: span.startUtcMs,
    endUtcMs: span.endUtcMs,
    durationMs: span.durationMs,
    seed: d.seed,
    satellites,
    stations,
    nodes: listNodes(stations, d.nodes.filter((n) => n !== undefined), satellites),
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
  const source = options.text ?? JSON.stringify(doc) ?? '';
  return resolve(doc, { label: options.label, baseDir: options.baseDir, file: null, source, files: options.files ?? ANY_FILE }, options);
}

/**
 * Parses and loads scenario text (YAML, or JSON when the label ends in `.json`). The result's
 * `file` is null: the text did not come from a file this process read.
 * @throws InputError (syntax errors carry the line)
 */
export function parseScenarioText(text: string, label: string, baseDir: string, overrides: LoadOptions = {}): ScenarioWithSaes {
  return resolve(parseDocument(text, label), { label, baseDir, file: null, source: text, files: overrides.files ?? ANY_FILE }, overrides);
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
  return resolve(doc, { label, baseDir: dirname(path), file: path, source: bytes, files: ANY_FILE }, options);
}
