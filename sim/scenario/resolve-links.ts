/**
 * Links of a scenario: endpoints checked against the node namespace, parameters merged from a
 * preset and checked, the key rate of each fibre decided (the fibre model at its length, or a
 * measured rate), and pool settings checked against their capacity.
 * @module
 */
import { InputError } from '../errors.js';
import {
  checkDownlinkParams,
  checkFiberParams,
  fiberLinkRateBps,
  fiberMaxDistanceKm,
  findParam,
  getPreset,
  listPresets,
  type DownlinkParams,
  type FiberParams,
  type LinkKind,
  type ParamIssue,
} from '../links/index.js';
import { stationDownlinkParams, type StationDownlink } from './stations.js';
import type { ResolveContext } from './context.js';
import type { Outage, PoolSettings, ResolvedLink, ResolvedStation } from './model.js';
import { describeSpan, timeToMs, type Span } from './time-span.js';
import { GROUND_REF, SATELLITE_REF, STATION_REF, checkReference } from './resolve-nodes.js';
import type { DownlinkDoc, FiberLinkDoc, LinkDoc, PoolDoc } from './schema.js';

type Overrides = Readonly<Partial<Record<string, number | string>>>;

/**
 * The preset's parameters with the station's own values (downlinks) and the file's overrides merged
 * over them and checked, or null after recording issues. Earlier parameter names (aliases in the
 * parameter table) are accepted, with a warning naming the current one.
 */
function mergeParams<K extends LinkKind>(
  kind: K,
  doc: { preset: string; params?: Overrides | undefined },
  station: StationDownlink | null,
  path: string,
  ctx: ResolveContext,
): (K extends 'fiber' ? FiberParams : DownlinkParams) | null {
  let preset;
  try {
    preset = getPreset(doc.preset, kind);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const other = listPresets().find((p) => p.name === doc.preset);
    const hint = other ? `; ${JSON.stringify(doc.preset)} is a ${other.kind} preset` : '';
    for (const issue of error.issues) ctx.issue(`${path}.preset`, `${issue.message}${hint}`);
    return null;
  }
  // The file's overrides under the parameters' current names (the schema has checked names and ranges).
  const user: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(doc.params ?? {})) {
    if (value === undefined) continue;
    const found = key === 'decoys' ? null : findParam(kind, key);
    if (found?.alias) ctx.warn(`${path}.params.${key}`, `${JSON.stringify(key)} is the earlier name of ${JSON.stringify(found.spec.name)}: use that`);
    user[found ? found.spec.name : key] = value;
  }
  const merged =
    kind === 'downlink'
      ? stationDownlinkParams(preset.params as DownlinkParams, station, user as Partial<DownlinkParams>)
      : { ...preset.params, ...user };
  const problems: ParamIssue[] =
    kind === 'fiber' ? checkFiberParams(merged as FiberParams) : checkDownlinkParams(merged as DownlinkParams);
  for (const p of problems) {
    // Blame a parameter the file set: a rule such as mu > nu + omega is broken by the value changed.
    const blame = p.involves.find((k) => k in user) ?? p.param;
    ctx.issue(`${path}.params.${blame}`, p.message);
  }
  return problems.length > 0 ? null : (merged as K extends 'fiber' ? FiberParams : DownlinkParams);
}

function checkPool(pool: PoolDoc, path: string, ctx: ResolveContext): PoolSettings {
  for (const key of ['initialBits', 'warningBits'] as const) {
    if (pool[key] > pool.capacityBits) {
      ctx.issue(`${path}.pool.${key}`, `expected at most capacityBits (${pool.capacityBits}), got ${pool[key]}`);
    }
  }
  return { capacityBits: pool.capacityBits, initialBits: pool.initialBits, warningBits: pool.warningBits };
}

/** Scheduled outages as tMs intervals (clipped to the span, sorted); null after recording issues. */
function resolveOutages(doc: FiberLinkDoc, span: Span | null, path: string, ctx: ResolveContext): Outage[] | null {
  if (span === null) return [];
  const out: Outage[] = [];
  let ok = true;
  doc.outages.forEach((o, k) => {
    const at = `${path}.outages[${k}]`;
    const startMs = timeToMs(o.start, span, `${at}.start`, ctx);
    const endMs = timeToMs(o.end, span, `${at}.end`, ctx);
    if (startMs === null || endMs === null) return void (ok = false);
    if (endMs <= startMs) {
      ctx.issue(`${at}.end`, `expected an end after the start, got start ${JSON.stringify(o.start)} and end ${JSON.stringify(o.end)}`);
      return void (ok = false);
    }
    const a = Math.max(0, startMs);
    const b = Math.min(span.durationMs, endMs);
    if (b <= a) {
      ctx.warn(at, `outside the scenario (${describeSpan(span)}): ignored`);
      return;
    }
    out.push({ startMs: a, endMs: b, reason: o.reason ?? 'scheduled outage' });
  });
  return ok ? out.sort((x, y) => x.startMs - y.startMs) : null;
}

function resolveFiber(doc: FiberLinkDoc, id: string, path: string, span: Span | null, ctx: ResolveContext): ResolvedLink | null {
  const fromOk = checkReference(doc.from, GROUND_REF, `${path}.from`, ctx);
  const toOk = checkReference(doc.to, GROUND_REF, `${path}.to`, ctx);
  if (fromOk && toOk && doc.from === doc.to) {
    ctx.issue(`${path}.to`, `expected a node other than from, got ${JSON.stringify(doc.to)} (a link from a node to itself)`);
  }
  const hasRate = doc.lengthKm !== undefined || doc.rateBps !== undefined;
  if (!hasRate) ctx.issue(path, 'expected lengthKm (for the fibre model) or rateBps (a measured key rate), got neither');
  const params = mergeParams('fiber', doc, null, path, ctx);
  const pool = checkPool(doc.pool, path, ctx);
  const outages = resolveOutages(doc, span, path, ctx);
  if (params === null || !fromOk || !toOk || !hasRate || outages === null) return null;
  const faults = doc.faults ? { mtbfMs: doc.faults.mtbfH * 3_600_000, mttrMs: doc.faults.mttrH * 3_600_000 } : null;
  const base = { id, kind: 'fiber' as const, from: doc.from, to: doc.to, lengthKm: doc.lengthKm ?? null, preset: doc.preset, pool, outages, faults };
  if (doc.rateBps !== undefined) {
    if (doc.params !== undefined) ctx.warn(`${path}.params`, 'ignored: rateBps (a measured key rate) is used instead of the fibre model');
    return { ...base, measuredRateBps: doc.rateBps, params: null };
  }
  const link = { ...base, measuredRateBps: null, params };
  // The run asks the same model for the rate (links/link-model.ts); here only to warn early.
  if (fiberLinkRateBps(link) === 0) {
    const maxKm = fiberMaxDistanceKm(params);
    ctx.warn(path, `fibre link ${JSON.stringify(id)} of ${doc.lengthKm} km gives no key with preset ${doc.preset} (longest with key: ${maxKm.toFixed(1)} km)`);
  }
  return link;
}

function resolveDownlink(doc: DownlinkDoc, id: string, path: string, stations: readonly ResolvedStation[], ctx: ResolveContext): ResolvedLink | null {
  const satOk = checkReference(doc.satellite, SATELLITE_REF, `${path}.satellite`, ctx);
  const stationOk = checkReference(doc.station, STATION_REF, `${path}.station`, ctx);
  // The station's telescope, key mask and night threshold replace the preset's, unless the file
  // sets them in this link's params (stations.ts: stationDownlinkParams).
  const station = stations.find((s) => s.id === doc.station) ?? null;
  const params = mergeParams('downlink', doc, station, path, ctx);
  const pool = checkPool(doc.pool, path, ctx);
  if (params === null || !satOk || !stationOk) return null;
  return { id, kind: 'downlink', from: doc.satellite, to: doc.station, preset: doc.preset, params, pool };
}

/**
 * Resolves every link; ids default to `from-to` (fibre) or `satellite-station` (downlink) and must
 * be unique. A downlink whose satellite is a Walker group becomes one downlink per member.
 */
export function resolveLinks(docs: readonly (LinkDoc | undefined)[], stations: readonly ResolvedStation[], span: Span | null, ctx: ResolveContext): ResolvedLink[] {
  const firstAt = new Map<string, string>();
  const out: ResolvedLink[] = [];
  /** Records a link id, reporting a duplicate. */
  const claim = (doc: LinkDoc, id: string, path: string): void => {
    const first = firstAt.get(id);
    if (first !== undefined) {
      const how = doc.id === undefined ? `; this link's id is the default ${doc.kind === 'fiber' ? 'from-to' : 'satellite-station'}: give it an id` : '';
      ctx.issue(doc.id === undefined ? path : `${path}.id`, `duplicate link id ${JSON.stringify(id)} (first at ${first})${how}`);
    } else {
      firstAt.set(id, path);
    }
  };
  docs.forEach((doc, i) => {
    if (doc === undefined) return; // failed the schema: its issues are reported already
    const path = `links[${i}]`;
    const members = doc.kind === 'downlink' ? ctx.walkerGroups.get(doc.satellite) : undefined;
    if (doc.kind === 'downlink' && members !== undefined) {
      out.push(...expandGroupDownlink(doc, members, path, stations, ctx, claim));
      return;
    }
    const id = doc.id ?? (doc.kind === 'fiber' ? `${doc.from}-${doc.to}` : `${doc.satellite}-${doc.station}`);
    claim(doc, id, path);
    const link = doc.kind === 'fiber' ? resolveFiber(doc, id, path, span, ctx) : resolveDownlink(doc, id, path, stations, ctx);
    if (link) out.push(link);
  });
  return out;
}

/**
 * A downlink from a Walker group: one downlink per member, `<member>-<station>`, all with the
 * group link's preset, parameters and pool. The first member's is checked; when it fails, its
 * issues stand for all (reported once, at the group link's path).
 */
function expandGroupDownlink(
  doc: DownlinkDoc,
  members: readonly string[],
  path: string,
  stations: readonly ResolvedStation[],
  ctx: ResolveContext,
  claim: (doc: LinkDoc, id: string, path: string) => void,
): ResolvedLink[] {
  if (doc.id !== undefined) {
    ctx.issue(`${path}.id`, `expected no id on a downlink from Walker group ${JSON.stringify(doc.satellite)} (its links are named <member>-<station>), got ${JSON.stringify(doc.id)}`);
    return [];
  }
  const out: ResolvedLink[] = [];
  for (const member of members) {
    const id = `${member}-${doc.station}`;
    claim(doc, id, path);
    const link = resolveDownlink({ ...doc, satellite: member }, id, path, stations, ctx);
    if (!link) break;
    out.push(link);
  }
  return out;
}
