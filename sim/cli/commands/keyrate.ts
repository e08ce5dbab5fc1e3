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
import { PARAM_RANGES, checkDownlinkParams, checkFiberParams, type ParamIssue } from '../../links/validate.js';
import { formatCsv } from '../../report/format.js';

/** A numeric flag that overrides one parameter. */
interface FlagSpec {
  readonly flag: string;
  readonly key: string;
  readonly help: string;
}

const BB84_FLAGS: readonly FlagSpec[] = [
  { flag: '--rep-rate-hz', key: 'repRateHz', help: 'pulse repetition rate, Hz' },
  { flag: '--mu', key: 'mu', help: 'signal mean photon number' },
  { flag: '--nu', key: 'nu', help: 'weak decoy mean photon number' },
  { flag: '--omega', key: 'omega', help: 'vacuum decoy mean photon number' },
  { flag: '--p-mu', key: 'pMu', help: 'probability of sending a signal' },
  { flag: '--p-nu', key: 'pNu', help: 'probability of sending a weak decoy' },
  { flag: '--p-omega', key: 'pOmega', help: 'probability of sending a vacuum decoy' },
  { flag: '--detector-efficiency', key: 'detectorEfficiency', help: 'detector efficiency incl. receiver optics' },
  { flag: '--dark-count-prob', key: 'darkCountProb', help: 'dark-count probability per pulse (Y0)' },
  { flag: '--misalignment', key: 'misalignment', help: 'misalignment error probability e_d' },
  { flag: '--afterpulse-prob', key: 'afterpulseProb', help: 'afterpulse probability per detection' },
  { flag: '--ec-efficiency', key: 'ecEfficiency', help: 'error-correction inefficiency f' },
  { flag: '--sifting', key: 'siftingFactor', help: 'basis-sifting factor q (1/2 symmetric BB84)' },
];
const FIBER_FLAGS: readonly FlagSpec[] = [
  { flag: '--loss-db-per-km', key: 'lossDbPerKm', help: 'fibre attenuation, dB/km' },
  { flag: '--extra-loss-db', key: 'extraLossDb', help: 'fixed extra loss, dB' },
];
const DOWNLINK_FLAGS: readonly FlagSpec[] = [
  { flag: '--wavelength-nm', key: 'wavelengthNm', help: 'wavelength, nm' },
  { flag: '--divergence-urad', key: 'divergenceUrad', help: 'full-angle beam divergence, urad (0: from transmit aperture)' },
  { flag: '--transmit-aperture-m', key: 'transmitApertureM', help: 'transmit aperture diameter, m' },
  { flag: '--receive-aperture-m', key: 'receiveApertureM', help: 'receive aperture diameter, m' },
  { flag: '--zenith-loss-db', key: 'zenithLossDb', help: 'atmospheric loss at zenith, dB' },
  { flag: '--fixed-loss-db', key: 'fixedLossDb', help: 'pointing + optics loss, dB' },
  { flag: '--background-prob', key: 'backgroundProb', help: 'background click probability per pulse' },
  { flag: '--min-elevation-deg', key: 'minElevationDeg', help: 'key mask, deg' },
  { flag: '--max-sun-elevation-deg', key: 'maxSunElevationDeg', help: 'night threshold (Sun elevation), deg' },
];

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
    const r = PARAM_RANGES[s.key] ?? {};
    const bounds = { min: r.min, max: r.max ?? r.maxExclusive, minExclusive: r.minExclusive };
    const issue = checkNumber(s.flag, raw, bounds);
    if (issue) issues.push(issue);
    else merged[s.key] = Number(raw);
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

/** Turns a parameter-rule problem into a flag-named issue, blaming a flag the user actually gave. */
function flagIssue(problem: ParamIssue, specs: readonly FlagSpec[], opts: Opts, presetName: string): InputIssue {
  const byKey = new Map(specs.map((s) => [s.key, s.flag]));
  const given = problem.involves.find((k) => byKey.has(k) && opts[optName(byKey.get(k)!)] !== undefined);
  const flag = byKey.get(given ?? problem.param) ?? problem.param;
  const rename = (text: string) => text.replace(/\b[a-z][A-Za-z]*\b/g, (w) => byKey.get(w) ?? w);
  const source = given === undefined ? ` (from preset ${presetName})` : '';
  return { file: flag, message: `expected ${rename(problem.expected)}, got ${rename(problem.got)}${source}` };
}

/** Rule problems as flag issues, leaving out rules that involve a flag already reported. */
function ruleIssues(problems: readonly ParamIssue[], specs: readonly FlagSpec[], opts: Opts, presetName: string, already: readonly InputIssue[]): InputIssue[] {
  const reported = new Set(already.map((i) => i.file));
  const flagOf = new Map(specs.map((s) => [s.key, s.flag]));
  return problems.filter((x) => !x.involves.some((k) => reported.has(flagOf.get(k)))).map((x) => flagIssue(x, specs, opts, presetName));
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
  const why = r.inKeyWindow ? '' : `  (outside the key window: mask ${p.minElevationDeg} deg, night below Sun ${p.maxSunElevationDeg} deg)`;
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
