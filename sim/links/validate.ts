/**
 * Checks of link parameter sets: ranges of each value and the rules that tie values together
 * (mu > nu + omega, intensity probabilities summing to 1). Returns every problem at once, each naming
 * the parameter, the valid range and the value found; callers (the CLI, scenario loading) turn them
 * into InputErrors with their own labels.
 * @module
 */
import { DECOY_ESTIMATORS, type Bb84Params } from './bb84-decoy.js';
import type { FiberParams } from './fiber.js';
import type { DownlinkParams } from './free-space.js';

/**
 * One problem. `param` is the parameter to blame, `involves` every parameter of the rule (itself
 * included); `expected` and `got` use parameter names, and `message` is "expected ..., got ...".
 */
export interface ParamIssue {
  readonly param: string;
  readonly involves: readonly string[];
  readonly expected: string;
  readonly got: string;
  readonly message: string;
}

function issue(param: string, expected: string, got: string, involves: readonly string[] = [param]): ParamIssue {
  return { param, involves, expected, got, message: `expected ${expected}, got ${got}` };
}

/** Inclusive / exclusive bounds of one numeric parameter. */
interface Range {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: number;
  readonly maxExclusive?: number;
}

/** Valid ranges of every numeric parameter (also used by the CLI to parse flags). */
export const PARAM_RANGES: Readonly<Record<string, Range>> = {
  repRateHz: { minExclusive: 0 },
  mu: { minExclusive: 0 },
  nu: { minExclusive: 0 },
  omega: { min: 0 },
  pMu: { minExclusive: 0, max: 1 },
  pNu: { min: 0, max: 1 },
  pOmega: { min: 0, max: 1 },
  detectorEfficiency: { minExclusive: 0, max: 1 },
  darkCountProb: { min: 0, maxExclusive: 1 },
  misalignment: { min: 0, max: 0.5 },
  afterpulseProb: { min: 0, maxExclusive: 1 },
  ecEfficiency: { min: 1 },
  siftingFactor: { min: 0.5, max: 1 },
  lossDbPerKm: { min: 0 },
  extraLossDb: { min: 0 },
  wavelengthNm: { minExclusive: 0 },
  divergenceUrad: { min: 0 },
  transmitApertureM: { minExclusive: 0 },
  receiveApertureM: { minExclusive: 0 },
  zenithLossDb: { min: 0 },
  fixedLossDb: { min: 0 },
  backgroundProb: { min: 0, maxExclusive: 1 },
  minElevationDeg: { min: 0, max: 90 },
  maxSunElevationDeg: { min: -90, max: 90 },
};

/** "a number > 0 and <= 1" style description of a range. */
export function describeRange(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return `a number in [${r.min}, ${r.max}]`;
  const parts: string[] = [];
  if (r.minExclusive !== undefined) parts.push(`> ${r.minExclusive}`);
  if (r.min !== undefined) parts.push(`>= ${r.min}`);
  if (r.maxExclusive !== undefined) parts.push(`< ${r.maxExclusive}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  return parts.length > 0 ? `a number ${parts.join(' and ')}` : 'a number';
}

function inRange(v: number, r: Range): boolean {
  return (
    Number.isFinite(v) &&
    (r.min === undefined || v >= r.min) &&
    (r.max === undefined || v <= r.max) &&
    (r.minExclusive === undefined || v > r.minExclusive) &&
    (r.maxExclusive === undefined || v < r.maxExclusive)
  );
}

function checkRanges(p: object, keys: readonly string[]): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const key of keys) {
    const value = (p as Record<string, unknown>)[key];
    const range = PARAM_RANGES[key];
    if (range === undefined) continue;
    if (typeof value !== 'number' || !inRange(value, range)) {
      issues.push(issue(key, describeRange(range), String(value)));
    }
  }
  return issues;
}

const BB84_KEYS = [
  'repRateHz', 'mu', 'nu', 'omega', 'pMu', 'pNu', 'pOmega', 'detectorEfficiency', 'darkCountProb',
  'misalignment', 'afterpulseProb', 'ecEfficiency', 'siftingFactor',
] as const;

/** Problems with a BB84 parameter set (empty when valid). */
export function checkBb84Params(p: Bb84Params): ParamIssue[] {
  const issues = checkRanges(p, BB84_KEYS);
  if (!DECOY_ESTIMATORS.includes(p.decoys)) {
    issues.push(issue('decoys', `one of ${DECOY_ESTIMATORS.join(', ')}`, JSON.stringify(p.decoys)));
  }
  if (issues.length > 0) return issues;
  // Intensity order of Lim et al. 2014 Sec. II, needed by the vacuum + weak bounds.
  const intensities = ['mu', 'nu', 'omega'];
  if (!(p.mu > p.nu + p.omega)) {
    issues.push(issue('mu', 'mu > nu + omega', `mu ${p.mu}, nu ${p.nu}, omega ${p.omega}`, intensities));
  }
  if (!(p.nu > p.omega)) issues.push(issue('nu', 'nu > omega', `nu ${p.nu}, omega ${p.omega}`, ['nu', 'omega']));
  const sum = p.pMu + p.pNu + p.pOmega;
  if (Math.abs(sum - 1) > 1e-9) {
    issues.push(issue('pMu', 'pMu + pNu + pOmega = 1', `${p.pMu} + ${p.pNu} + ${p.pOmega} = ${Number(sum.toPrecision(12))}`, ['pMu', 'pNu', 'pOmega']));
  }
  return issues;
}

/** Problems with a fibre parameter set (empty when valid). */
export function checkFiberParams(p: FiberParams): ParamIssue[] {
  return [...checkBb84Params(p), ...checkRanges(p, ['lossDbPerKm', 'extraLossDb'])];
}

/** Problems with a downlink parameter set (empty when valid). */
export function checkDownlinkParams(p: DownlinkParams): ParamIssue[] {
  const keys = [
    'wavelengthNm', 'divergenceUrad', 'transmitApertureM', 'receiveApertureM', 'zenithLossDb', 'fixedLossDb',
    'backgroundProb', 'minElevationDeg', 'maxSunElevationDeg',
  ];
  const issues = [...checkBb84Params(p), ...checkRanges(p, keys)];
  if (issues.length === 0 && !(p.darkCountProb + p.backgroundProb < 1)) {
    const total = p.darkCountProb + p.backgroundProb;
    issues.push(issue('backgroundProb', 'darkCountProb + backgroundProb < 1', String(total), ['darkCountProb', 'backgroundProb']));
  }
  return issues;
}
