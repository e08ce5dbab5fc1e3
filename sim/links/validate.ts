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
import { BB84_PARAMS, DOWNLINK_ONLY_PARAMS, FIBER_ONLY_PARAMS, PARAMS_BY_KIND, describeRange, inRange, type Range } from './params.js';


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

/** Valid ranges of every numeric parameter, by name (from the tables of params.ts). */
export const PARAM_RANGES: Readonly<Record<string, Range>> = Object.fromEntries(
  [...PARAMS_BY_KIND.fiber, ...PARAMS_BY_KIND.downlink].map((spec) => [spec.name, spec.range]),
);

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

const BB84_KEYS = BB84_PARAMS.map((spec) => spec.name);

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
  return [...checkBb84Params(p), ...checkRanges(p, FIBER_ONLY_PARAMS.map((spec) => spec.name))];
}

/** Problems with a downlink parameter set (empty when valid). */
export function checkDownlinkParams(p: DownlinkParams): ParamIssue[] {
  const issues = [...checkBb84Params(p), ...checkRanges(p, DOWNLINK_ONLY_PARAMS.map((spec) => spec.name))];
  if (issues.length === 0 && !(p.darkCountProb + p.backgroundProb < 1)) {
    const total = p.darkCountProb + p.backgroundProb;
    issues.push(issue('backgroundProb', 'darkCountProb + backgroundProb < 1', String(total), ['darkCountProb', 'backgroundProb']));
  }
  return issues;
}
