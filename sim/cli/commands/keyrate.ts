/**
 * `qkdsim keyrate fiber|downlink`: decoy-state key rates of a fibre of given length (or a sweep of
 * lengths, with the maximum distance) and of a satellite downlink at one geometry. Parameters start
 * from a preset and any flag overrides one value; every bad value is reported at once, naming the
 * flag, the valid range and the value given (exit code 2).
 * @module
 */
import type { Command } from 'commander';
import { InputError, type InputIssue } from '../../errors.js';
import type { CliIo } from '../io.js';
import { checkNumber, parseChoice } from '../options.js';
import { DECOY_ESTIMATORS, siftedProbPerPulse } from '../../links/bb84-decoy.js';
import { fiberKeyRate, fiberMaxDistanceKm, fiberSweep, type FiberKeyResult, type FiberParams } from '../../links/fiber.js';
import { downlinkRates, type DownlinkParams } from '../../links/free-space.js';
import { DEFAULT_DOWNLINK_PRESET, DEFAULT_FIBER_PRESET, getPreset } from '../../links/presets.js';
import { checkDownlinkParams, checkFiberParams, type ParamIssue } from '../../links/validate.js';
import { BB84_PARAMS, DOWNLINK_ONLY_PARAMS, FIBER_ONLY_PARAMS, describeRange, inRange, paramFlag, type ParamSpec, type Range } from '../../links/params.js';
import { formatCsv } from '../../report/format.js';

/** A numeric flag that overrides one parameter (from the parameter table, links/params.ts). */
interface FlagSpec {
  readonly flag: string;
  readonly key: string;
  readonly help: string;
  readonly range: Range;
}

/** Each parameter's flag (--kebab-name), and its earlier names' flags (--sifting, --min-elevation-deg...). */
function flagsOf(specs: readonly ParamSpec[]): FlagSpec[] {
  return specs.flatMap((s) => [
    { flag: paramFlag(s.name), key: s.name, help: `${s.help}${s.unit ? ` (${s.unit})` : ''}`, range: s.range },
    ...(s.aliases ?? []).map((alias) => ({ flag: paramFlag(alias), key: s.name, help: `earlier name of ${paramFlag(s.name)}`, range: s.range })),
  ]);
}

const BB84_FLAGS = flagsOf(BB84_PARAMS);
const FIBER_FLAGS = flagsOf(FIBER_ONLY_PARAMS);
const DOWNLINK_FLAGS = flagsOf(DOWNLINK_ONLY_PARAMS);

type Opts = Record<string, string | undefined>;
const FORMATS = ['table', 'json', 'csv'] as const;

/** Camel-case name commander gives a long flag (--p-mu -> pMu). */
const optName = (flag: string) => flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function addFlags(cmd: Command, specs: readonly FlagSpec[]): void {
  for (const s of specs) cmd.option(`${s.flag} <value>`, s.help);
  cmd.option('--decoys <estimator>', `single-photon estimator: ${DECOY_ESTIMATORS.join(' | ')}`);
  cmd.option('--format <format>', 'table | json | csv', 'table');
}

/** Merges flag overrides into preset params, collecting every problem (flags named) at once. */
function mergeParams<T extends object>(base: T, specs: readonly FlagSpec[], opts: Opts, issues: InputIssue[]): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const s of specs) {
    const raw = opts[optName(s.flag)];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!inRange(value, s.range)) issues.push({ file: s.flag, message: `expected ${describeRange(s.range)}, got ${JSON.stringify(String(raw))}` });
    else merged[s.key] = value;
  }
  if (opts.decoys !== undefined) {
    try {
      merged.decoys = parseChoice('--decoys', opts.decoys, DECOY_ESTIMATORS);
    } catch (error) {
      issues.push(...(error as InputError).issues);
    }
  }
  return merged as T;
}

/** The flag a user gave for a parameter (its own or an earlier name's), else its own flag, else undefined. */
function flagFor(key: string, specs: readonly FlagSpec[], opts: Opts): { flag: string; given: boolean } | undefined {
  const all = specs.filter((s) => s.key === key);
  const given = all.find((s) => opts[optName(s.flag)] !== undefined);
  return given ? { flag: given.flag, given: true } : all[0] ? { flag: all[0].flag, given: false } : undefined;
}

/** Turns a parameter-rule problem into a flag-named issue, blaming a flag the user actually gave. */
function flagIssue(problem: ParamIssue, specs: readonly FlagSpec[], opts: Opts, presetName: string): InputIssue {
  const given = problem.involves.find((k) => flagFor(k, specs, opts)?.given === true);
  const flag = flagFor(given ?? problem.param, specs, opts)?.flag ?? problem.param;
  const rename = (text: string) => text.replace(/\b[a-z][A-Za-z]*\b/g, (w) => flagFor(w, specs, opts)?.flag ?? w);
  const source = given === undefined ? ` (from preset ${presetName})` : '';
  return { file: flag, message: `expected ${rename(problem.expected)}, got ${rename(problem.got)}${source}` };
}

/** Rule problems as flag issues, leaving out rules that involve a flag already reported. */
function ruleIssues(problems: readonly ParamIssue[], specs: readonly FlagSpec[], opts: Opts, presetName: string, already: readonly InputIssue[]): InputIssue[] {
  const reported = new Set(already.map((i) => i.file));
  return problems.filter((x) => !x.involves.some((k) => specs.some((s) => s.key === k && reported.has(s.flag)))).map((x) => flagIssue(x, specs, opts, presetName));
}

/** The named preset, or (after recording the problem) the default so other flags still get checked. */
function presetOrDefault<K extends 'fiber' | 'downlink'>(name: string, kind: K, fallback: string, issues: InputIssue[]) {
  try {
    return getPreset(name, kind, '--preset');
  } catch (error) {
    issues.push(...(error as InputError).issues);
    return getPreset(fallback, kind);
  }
}

/** A number for tables: 4 significant digits, exponent form when tiny or huge. */
function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e7 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** Parses FROM:TO:STEP (km). */
function parseSweep(raw: string, issues: InputIssue[]): [number, number, number] | undefined {
  const parts = raw.split(':').map((s) => Number(s.trim()));
  const [from, to, step] = parts as [number, number, number];
  const ok = parts.length === 3 && parts.every(Number.isFinite) && from >= 0 && to >= from && step > 0 && (to - from) / step <= 100_000;
  if (ok) return [from, to, step];
  issues.push({ file: '--sweep-km', message: `expected FROM:TO:STEP with 0 <= FROM <= TO, STEP > 0 and at most 100000 rows, got ${JSON.stringify(raw)}` });
  return undefined;
}

/** CSV columns of `keyrate fiber` (a sweep adds maxDistanceKm). */
const FIBER_CSV_KEYS = ['preset', 'decoys', 'lengthKm', 'lossDb', 'transmittance', 'gain', 'qber', 'y1', 'e1', 'siftedRateBps', 'secretKeyPerPulse', 'secretKeyRateBps'] as const;
/** CSV columns of `keyrate downlink` (the loss terms flattened). */
const DOWNLINK_CSV_KEYS = [
  'preset', 'decoys', 'rangeKm', 'elevationDeg', 'inKeyWindow', 'diffractionLossDb', 'atmosphereLossDb', 'fixedLossDb', 'lossDb',
  'detectorLossDb', 'transmittance', 'siftedRateBps', 'qber', 'y1', 'e1', 'secretKeyRateBps',
] as const;

function fiberRow(r: FiberKeyResult, p: FiberParams) {
  const siftedRateBps = p.repRateHz * siftedProbPerPulse(r.transmittance, p.darkCountProb, p);
  return { lengthKm: r.lengthKm, lossDb: r.lossDb, transmittance: r.transmittance, gain: r.gain, qber: r.qber, y1: r.y1, e1: r.e1, siftedRateBps, secretKeyPerPulse: r.secretKeyPerPulse, secretKeyRateBps: r.secretKeyRateBps };
}

function runFiber(opts: Opts, io: CliIo): void {
  const issues: InputIssue[] = [];
  const presetName = opts.preset ?? DEFAULT_FIBER_PRESET;
  const preset = presetOrDefault(presetName, 'fiber', DEFAULT_FIBER_PRESET, issues);
  const specs = [...BB84_FLAGS, ...FIBER_FLAGS];
  const p = mergeParams(preset.params, specs, opts, issues);
  const format = opts.format === undefined ? 'table' : tryChoice('--format', opts.format, FORMATS, issues);
  let lengthKm: number | undefined;
  let sweep: [number, number, number] | undefined;
  if (opts.sweepKm !== undefined) sweep = parseSweep(opts.sweepKm, issues);
  else if (opts.lengthKm === undefined) issues.push({ file: '--length-km', message: 'expected a fibre length in km (or --sweep-km FROM:TO:STEP), got nothing' });
  else {
    const issue = checkNumber('--length-km', opts.lengthKm, { min: 0 });
    if (issue) issues.push(issue);
    else lengthKm = Number(opts.lengthKm);
  }
  issues.push(...ruleIssues(checkFiberParams(p), specs, opts, presetName, issues));
  if (issues.length > 0) throw new InputError(issues);
  const head = `keyrate fiber: preset ${presetName}, decoys ${p.decoys}, ${p.lossDbPerKm} dB/km, mu ${p.mu}, nu ${p.nu}\n`;
  if (sweep === undefined) {
    const row = { preset: presetName, decoys: p.decoys, ...fiberRow(fiberKeyRate(lengthKm!, p), p) };
    if (format === 'json') return io.out(`${JSON.stringify(row, null, 2)}\n`);
    if (format === 'csv') return io.out(formatCsv([row], FIBER_CSV_KEYS));
    return io.out(
      head +
        table([
          ['length', `${fmt(row.lengthKm)} km`], ['loss', `${fmt(row.lossDb)} dB`], ['transmittance', `${fmt(row.transmittance)}`],
          ['gain Q_mu', fmt(row.gain)], ['QBER', `${fmt(row.qber * 100)} %`], ['Y1', fmt(row.y1)], ['e1', `${fmt(row.e1 * 100)} %`],
          ['sifted rate', `${fmt(row.siftedRateBps)} bit/s`], ['secret key per pulse', fmt(row.secretKeyPerPulse)], ['secret key rate', `${fmt(row.secretKeyRateBps)} bit/s`],
        ]),
    );
  }
  const maxDistanceKm = fiberMaxDistanceKm(p);
  const rows = fiberSweep(sweep[0], sweep[1], sweep[2], p).map((r) => ({ ...fiberRow(r, p), maxDistanceKm }));
  if (format === 'json') return io.out(`${JSON.stringify(rows, null, 2)}\n`);
  if (format === 'csv') return io.out(formatCsv(rows.map((r) => ({ preset: presetName, decoys: p.decoys, ...r })), [...FIBER_CSV_KEYS, 'maxDistanceKm']));
  const lines = [['length km', 'loss dB', 'QBER %', 'key/pulse', 'key bit/s']];
  for (const r of rows) lines.push([fmt(r.lengthKm), fmt(r.lossDb), fmt(r.qber * 100), fmt(r.secretKeyPerPulse), fmt(r.secretKeyRateBps)]);
  io.out(`${head}${table(lines)}maximum distance with positive key: ${maxDistanceKm.toFixed(2)} km\n`);
}

function tryChoice<T extends string>(flag: string, raw: string, choices: readonly T[], issues: InputIssue[]): T | undefined {
  try {
    return parseChoice(flag, raw, choices);
  } catch (error) {
    issues.push(...(error as InputError).issues);
    return undefined;
  }
}

function runDownlink(opts: Opts, io: CliIo): void {
  const issues: InputIssue[] = [];
  const presetName = opts.preset ?? DEFAULT_DOWNLINK_PRESET;
  const preset = presetOrDefault(presetName, 'downlink', DEFAULT_DOWNLINK_PRESET, issues);
  const specs = [...BB84_FLAGS, ...DOWNLINK_FLAGS];
  const p: DownlinkParams = mergeParams(preset.params, specs, opts, issues);
  const format = opts.format === undefined ? 'table' : tryChoice('--format', opts.format, FORMATS, issues);
  const need = (flag: string, raw: string | undefined, bounds: { min: number; max?: number }, what: string): number => {
    if (raw === undefined) issues.push({ file: flag, message: `expected ${what}, got nothing` });
    const issue = raw === undefined ? undefined : checkNumber(flag, raw, bounds);
    if (issue) issues.push(issue);
    return Number(raw);
  };
  const rangeKm = need('--range-km', opts.rangeKm, { min: 0 }, 'a slant range in km');
  const elevationDeg = need('--elevation-deg', opts.elevationDeg, { min: -90, max: 90 }, 'an elevation in degrees');
  const sunIssue = opts.sunElevationDeg === undefined ? undefined : checkNumber('--sun-elevation-deg', opts.sunElevationDeg, { min: -90, max: 90 });
  if (sunIssue) issues.push(sunIssue);
  issues.push(...ruleIssues(checkDownlinkParams(p), specs, opts, presetName, issues));
  if (issues.length > 0) throw new InputError(issues);
  const sunDeg = opts.sunElevationDeg === undefined ? undefined : Number(opts.sunElevationDeg);
  const r = downlinkRates(rangeKm, elevationDeg, p, sunDeg);
  const out = {
    preset: presetName,
    decoys: p.decoys,
    rangeKm,
    elevationDeg,
    inKeyWindow: r.inKeyWindow,
    lossDb: r.loss.channelDb,
    loss: r.loss,
    transmittance: r.transmittance,
    siftedRateBps: r.siftedRateBps,
    qber: r.qber,
    y1: r.y1,
    e1: r.e1,
    secretKeyRateBps: r.secretKeyRateBps,
  };
  if (format === 'json') return io.out(`${JSON.stringify(out, null, 2)}\n`);
  if (format === 'csv') {
    const flat = { ...out, diffractionLossDb: r.loss.diffractionDb, atmosphereLossDb: r.loss.atmosphereDb, fixedLossDb: r.loss.fixedDb, detectorLossDb: r.loss.detectorDb };
    return io.out(formatCsv([flat], DOWNLINK_CSV_KEYS));
  }
  const why = r.inKeyWindow ? '' : `  (outside the key window: mask ${p.keyMaskDeg} deg, night below Sun ${p.sunMaxElevationDeg} deg)`;
  io.out(
    `keyrate downlink: preset ${presetName}, decoys ${p.decoys}${why}\n` +
      table([
        ['slant range', `${fmt(rangeKm)} km`], ['elevation', `${fmt(elevationDeg)} deg`],
        ['diffraction loss', `${fmt(r.loss.diffractionDb)} dB`], ['atmosphere loss', `${fmt(r.loss.atmosphereDb)} dB`],
        ['pointing + optics loss', `${fmt(r.loss.fixedDb)} dB`], ['channel loss (no detector)', `${fmt(r.loss.channelDb)} dB`],
        ['detector loss', `${fmt(r.loss.detectorDb)} dB`], ['sifted rate', `${fmt(r.siftedRateBps)} bit/s`], ['QBER', `${fmt(r.qber * 100)} %`],
        ['Y1', fmt(r.y1)], ['e1', `${fmt(r.e1 * 100)} %`], ['secret key rate (asymptotic)', `${fmt(r.secretKeyRateBps)} bit/s`],
      ]),
  );
}

/** Registers `keyrate fiber` and `keyrate downlink`. */
export function registerKeyrate(program: Command, io: CliIo): void {
  const keyrate = program.command('keyrate').description('decoy-state BB84 key rates of fibre and satellite downlinks');
  const fiber = keyrate
    .command('fiber')
    .description('key rate of a fibre link (one length, or a sweep with the maximum distance)')
    .option('--preset <name>', `fibre parameter set (default ${DEFAULT_FIBER_PRESET})`)
    .option('--length-km <km>', 'fibre length, km')
    .option('--sweep-km <from:to:step>', 'sweep of lengths, km');
  addFlags(fiber, [...FIBER_FLAGS, ...BB84_FLAGS]);
  fiber.action((opts: Opts) => runFiber(opts, io));
  const downlink = keyrate
    .command('downlink')
    .description('instantaneous rates of a satellite downlink at one geometry')
    .option('--preset <name>', `downlink parameter set (default ${DEFAULT_DOWNLINK_PRESET})`)
    .option('--range-km <km>', 'slant range, km')
    .option('--elevation-deg <deg>', 'satellite elevation, deg')
    .option('--sun-elevation-deg <deg>', 'Sun elevation at the station, deg (omitted: night)');
  addFlags(downlink, [...DOWNLINK_FLAGS, ...BB84_FLAGS]);
  downlink.action((opts: Opts) => runDownlink(opts, io));
}
