/**
 * Satellites of a scenario: element sets read from a TLE / OMM file (relative to the scenario file,
 * or `bundled:micius`) or given inline as two TLE lines, one satellite picked from each by `select`;
 * or a Walker-delta constellation, expanded into its member satellites.
 * Problems inside a TLE file keep their own `file:line` form; everything else is reported at the
 * satellite's field path.
 * @module
 */
import { isAbsolute, join, resolve } from 'node:path';
import { InputError, PropagationError } from '../errors.js';
import { BUNDLED_TLE_PATH, Satellite, parseElementSets, parseTleText, satellitesFromSets, walkerDelta, type ElementSet } from '../orbit/index.js';
import { describeValue } from '../validation.js';
import type { ResolveContext } from './context.js';
import { ANY_FILE, MAX_ELEMENT_SET_BYTES, readReferencedFile } from './file-access.js';
import type { ResolvedSatellite } from './model.js';
import type { ScenarioDoc, WalkerDoc } from './schema.js';
import { badTimeMessage, parseScenarioTime, type Span } from './time-span.js';

type SatelliteDoc = ScenarioDoc['satellites'][number];

/** Element-set files shipped with qkdsim, by the name used after `bundled:`. */
export const BUNDLED_TLES: Readonly<Record<string, { path: string; label: string }>> = {
  micius: { path: BUNDLED_TLE_PATH, label: 'scenarios/tle/micius.tle' },
};

/** A file read once per load: its element sets, or null when it failed (its issues already reported). */
type FileCache = Map<string, ElementSet[] | null>;

/** Reads and parses an element-set file, reporting its problems once however many satellites use it. */
function readSets(doc: SatelliteDoc & { tle: string }, path: string, ctx: ResolveContext, cache: FileCache): ElementSet[] | null {
  let file: string;
  let label: string;
  let bundledPath = false;
  if (doc.tle.startsWith('bundled:')) {
    const bundled = BUNDLED_TLES[doc.tle.slice('bundled:'.length)];
    if (!bundled) {
      const known = Object.keys(BUNDLED_TLES).map((k) => `bundled:${k}`);
      ctx.issue(`${path}.tle`, `unknown bundled element-set file ${JSON.stringify(doc.tle)} (known: ${known.join(', ')})`);
      return null;
    }
    ({ path: file, label } = bundled);
    bundledPath = true;
  } else {
    file = resolve(ctx.baseDir, doc.tle);
    // Name the file as the user would reach it from where the scenario file was named.
    label = isAbsolute(doc.tle) ? doc.tle : join(ctx.labelDir, doc.tle);
  }
  if (cache.has(file)) return cache.get(file)!;
  let text: string;
  try {
    const request = { label, what: 'element-set file', access: bundledPath ? ANY_FILE : ctx.files, maxBytes: MAX_ELEMENT_SET_BYTES };
    const bytes = readReferencedFile(bundledPath ? file : doc.tle, ctx.baseDir, request);
    ctx.recordInput('element-set', label, bytes);
    text = bytes.toString('utf8');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const issue of error.issues) ctx.issue(`${path}.tle`, issue.message);
    cache.set(file, null);
    return null;
  }
  let sets: ElementSet[] | null = null;
  try {
    sets = parseElementSets(text, label);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (ctx.files.kind === 'confined' && !bundledPath) {
      // A file the uploader did not send: say that it is not an element-set file, never what it holds.
      ctx.issue(`${path}.tle`, `expected an element-set file (TLE or OMM), got ${JSON.stringify(label)}, which is not one (${error.issues.length} problem(s); the content of server files is not shown)`);
    } else {
      // The file's own issues, in its own `file:line` form.
      ctx.issues.push(...error.issues);
    }
  }
  cache.set(file, sets);
  return sets;
}

/** Parses inline lines; their issues point at `satellites[i].lines[k]`. */
function inlineSets(lines: readonly [string, string], path: string, ctx: ResolveContext): ElementSet[] | null {
  try {
    return parseTleText(`${lines[0]}\n${lines[1]}`, `${ctx.file}: ${path}.lines`);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const issue of error.issues) {
      const at = issue.line === 1 || issue.line === 2 ? `${path}.lines[${issue.line - 1}]` : `${path}.lines`;
      ctx.issue(at, issue.message);
    }
    return null;
  }
}

/** `MICIUS (41731)` for messages. */
const describeSatellite = (s: Satellite) => `${s.name} (${s.catalogNumber.trim()})`;

/** The satellite `select` names (by name, case-insensitive, or catalogue number), or an issue. */
function pick(sats: readonly Satellite[], doc: SatelliteDoc, path: string, source: string, ctx: ResolveContext): Satellite | null {
  // Uploaded scenarios are not told what a server file holds beyond how many satellites.
  const inFile = ctx.files.kind === 'confined' ? `${sats.length} satellite(s), not listed for uploaded scenarios` : sats.map(describeSatellite).join(', ');
  if (doc.select === undefined) {
    if (sats.length === 1) return sats[0]!;
    ctx.issue(`${path}.select`, `expected a name or catalogue number, got nothing; ${source} holds ${sats.length} satellites: ${inFile}`);
    return null;
  }
  const wanted = String(doc.select).trim();
  const found = sats.find(
    (s) => s.name.toLowerCase() === wanted.toLowerCase() || s.catalogNumber.trim() === wanted || Number(s.catalogNumber) === Number(wanted),
  );
  if (found) return found;
  ctx.issue(`${path}.select`, `expected the name or catalogue number of a satellite in ${source}, got ${describeValue(doc.select)}; it holds ${inFile}`);
  return null;
}

/**
 * The members of a Walker group, `<id>-<plane>-<slot>`, each propagated from its generated OMM
 * elements. The group id is declared too (downlinks may name it: resolve-links.ts expands them),
 * and recorded with its members in `ctx.walkerGroups`. Generated elements are exact at any distance
 * from their epoch (no drag, no fitted TLE), so no epoch warnings are given.
 */
function resolveWalker(doc: SatelliteDoc, walker: WalkerDoc, path: string, span: Span | null, ctx: ResolveContext): ResolvedSatellite[] {
  const at = `${path}.walker`;
  const before = ctx.issues.length;
  if (doc.select !== undefined) ctx.issue(`${path}.select`, `expected no select with walker (select picks a satellite of a tle file), got ${describeValue(doc.select)}`);
  if (walker.satellites % walker.planes !== 0) {
    ctx.issue(`${at}.planes`, `expected a divisor of satellites (${walker.satellites}), got ${walker.planes}`);
  } else if (walker.phasing >= walker.planes) {
    ctx.issue(`${at}.phasing`, `expected an integer in [0, ${walker.planes - 1}] (below planes), got ${walker.phasing}`);
  }
  let epochUtcMs = span?.startUtcMs ?? Number.NaN;
  if (walker.epoch !== undefined) {
    epochUtcMs = parseScenarioTime(walker.epoch);
    if (!Number.isFinite(epochUtcMs)) ctx.issue(`${at}.epoch`, badTimeMessage(walker.epoch, false));
  }
  const ok = ctx.issues.length === before && Number.isFinite(epochUtcMs);
  ctx.declareNode(doc.id, 'satellite', path, `${path}.id`, ok);
  if (!ok) return [];
  const { epoch: _epoch, ...pattern } = walker;
  const sets = walkerDelta({ ...pattern, epochUtcMs, namePrefix: doc.id });
  const members = sets.map((set): ResolvedSatellite => {
    ctx.declareNode(set.name, 'satellite', path, `${path}.id`);
    return {
      id: set.name,
      satellite: new Satellite([set], set.name),
      onboardCapacityBits: doc.onboard?.capacityBits ?? null,
      keyLifetimeMs: doc.onboard?.lifetimeS !== undefined ? Math.round(doc.onboard.lifetimeS * 1000) : null,
      scheduling: doc.scheduling,
    };
  });
  ctx.walkerGroups.set(doc.id, members.map((m) => m.id));
  return members;
}

/**
 * Resolves every satellite, declaring its id in the node namespace (even when broken, so that links
 * to it are not reported twice). Epoch warnings are added when the span is known.
 */
export function resolveSatellites(docs: readonly (SatelliteDoc | undefined)[], span: Span | null, ctx: ResolveContext): ResolvedSatellite[] {
  const cache: FileCache = new Map();
  const out: ResolvedSatellite[] = [];
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `satellites[${i}]`;
    let satellite: Satellite | null = null;
    const given = (['tle', 'lines', 'walker'] as const).filter((k) => doc[k] !== undefined);
    if (given.length === 1 && doc.walker !== undefined) {
      out.push(...resolveWalker(doc, doc.walker, path, span, ctx));
      return;
    }
    if (given.length !== 1) {
      const got = given.length === 0 ? 'neither' : given.join(' and ');
      ctx.issue(path, `expected exactly one of tle (a file), lines (two TLE lines) or walker (a constellation), got ${got}`);
    } else {
      const sets = doc.tle !== undefined ? readSets({ ...doc, tle: doc.tle }, path, ctx, cache) : inlineSets(doc.lines!, path, ctx);
      const source = doc.tle !== undefined ? JSON.stringify(doc.tle) : 'the inline lines';
      try {
        // Inline lines carry no name: the scenario id is the best one there is.
        const sats = sets === null ? null : doc.lines !== undefined ? [new Satellite(sets, doc.id)] : satellitesFromSets(sets);
        satellite = sats === null ? null : pick(sats, doc, path, source, ctx);
      } catch (error) {
        // A set SGP4 cannot start from: its own file:line issues (they quote no content).
        if (error instanceof InputError) {
          if (doc.lines !== undefined) for (const issue of error.issues) ctx.issue(`${path}.lines`, issue.message);
          else ctx.issues.push(...error.issues);
        }
        else if (error instanceof PropagationError || error instanceof RangeError) ctx.issue(path, `cannot use the element sets of ${source}: ${error.message}`);
        else throw error;
      }
    }
    ctx.declareNode(doc.id, 'satellite', path, `${path}.id`, satellite !== null);
    if (satellite === null) return;
    out.push({
      id: doc.id,
      satellite,
      onboardCapacityBits: doc.onboard?.capacityBits ?? null,
      keyLifetimeMs: doc.onboard?.lifetimeS !== undefined ? Math.round(doc.onboard.lifetimeS * 1000) : null,
      scheduling: doc.scheduling,
    });
    if (span) for (const w of satellite.epochWarnings(span.startUtcMs, span.endUtcMs)) ctx.warn(path, w);
  });
  return out;
}
