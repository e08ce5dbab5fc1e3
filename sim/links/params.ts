/**
 * The link parameters, one table per link kind: each parameter's name (with its unit suffix), unit,
 * valid range, meaning, and the earlier names still accepted. Everything about a parameter is
 * derived from here: its TypeScript type (Bb84Params, FiberParams, DownlinkParams), its range check
 * (validate.ts), the flags of `qkdsim keyrate`, the `params` of a link in the scenario schema (and so
 * the JSON Schema), and the parameter table of sim/links/README.md (a test holds it equal to
 * {@link paramTableMarkdown}). Values and their provenance live in the presets (presets.ts).
 * @module
 */

/** Inclusive / exclusive bounds of one numeric parameter. */
export interface Range {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: number;
  readonly maxExclusive?: number;
}

/** One numeric link parameter. */
export interface ParamSpec {
  readonly name: string;
  /** Unit as printed ('' for a pure number). */
  readonly unit: string;
  readonly range: Range;
  /** What it is, for help texts and the README. */
  readonly help: string;
  /** Earlier names accepted in scenario `params` (and as flags), mapped to this one. */
  readonly aliases?: readonly string[];
}

/**
 * Source, receiver and protocol of decoy-state BB84 (Lim et al. 2014 Sec. II intensities
 * mu > nu + omega, nu > omega >= 0; Ma et al. 2005 channel model).
 */
export const BB84_PARAMS = [
  { name: 'repRateHz', unit: 'Hz', range: { minExclusive: 0, max: 1e11 }, help: 'pulse repetition rate' },
  { name: 'mu', unit: 'photons', range: { minExclusive: 0, max: 100 }, help: 'signal mean photon number per pulse' },
  { name: 'nu', unit: 'photons', range: { minExclusive: 0, max: 100 }, help: 'weak decoy mean photon number per pulse (0 < nu < mu - omega)' },
  { name: 'omega', unit: 'photons', range: { min: 0, max: 100 }, help: 'vacuum (weakest) decoy mean photon number per pulse (0 <= omega < nu)' },
  { name: 'pMu', unit: '', range: { minExclusive: 0, max: 1 }, help: 'probability that a pulse is a signal (pMu + pNu + pOmega = 1)' },
  { name: 'pNu', unit: '', range: { min: 0, max: 1 }, help: 'probability that a pulse is a weak decoy' },
  { name: 'pOmega', unit: '', range: { min: 0, max: 1 }, help: 'probability that a pulse is a vacuum decoy' },
  { name: 'detectorEfficiency', unit: '', range: { minExclusive: 0, max: 1 }, help: "detector efficiency including Bob's internal optics (eta_Bob)" },
  { name: 'darkCountProb', unit: 'per pulse', range: { min: 0, maxExclusive: 1 }, help: 'dark-count probability of the whole receiver (Y0 without background)' },
  { name: 'misalignment', unit: '', range: { min: 0, max: 0.5 }, help: 'optical misalignment error probability e_d' },
  { name: 'afterpulseProb', unit: 'per detection', range: { min: 0, maxExclusive: 1 }, help: 'afterpulse probability (Lim et al. 2014 Sec. IV)' },
  { name: 'ecEfficiency', unit: '', range: { min: 1, max: 10 }, help: 'error-correction inefficiency f (leakage f h(E) per bit)' },
  { name: 'siftingFactor', unit: '', range: { min: 0.5, max: 1 }, help: 'fraction of detections with matching bases: 1/2 symmetric BB84, qx^2 + (1 - qx)^2 with basis bias qx', aliases: ['sifting'] },
] as const satisfies readonly ParamSpec[];

/** The fibre channel. */
export const FIBER_ONLY_PARAMS = [
  { name: 'lossDbPerKm', unit: 'dB/km', range: { min: 0, max: 10 }, help: 'fibre attenuation (0.2 standard SMF-28 at 1550 nm, 0.16 ultra-low-loss)' },
  { name: 'extraLossDb', unit: 'dB', range: { min: 0, max: 100 }, help: "fixed extra loss: connectors, splices, Bob's optics outside detectorEfficiency" },
] as const satisfies readonly ParamSpec[];

/** The satellite-to-ground optical channel and the key window. */
export const DOWNLINK_ONLY_PARAMS = [
  { name: 'wavelengthNm', unit: 'nm', range: { minExclusive: 0, max: 100_000 }, help: 'wavelength (sets the divergence only when divergenceUrad is 0)' },
  { name: 'divergenceUrad', unit: 'urad', range: { min: 0, max: 10_000 }, help: 'full-angle 1/e^2 far-field beam divergence; 0: diffraction-limited from transmitApertureM' },
  { name: 'transmitApertureM', unit: 'm', range: { minExclusive: 0, max: 20 }, help: 'transmit aperture diameter (beam waist w0 = D/2)' },
  { name: 'receiveApertureM', unit: 'm', range: { minExclusive: 0, max: 20 }, help: 'receive telescope aperture diameter (a station\'s own aperture replaces the preset\'s)' },
  { name: 'zenithLossDb', unit: 'dB', range: { min: 0, max: 100 }, help: 'atmospheric loss at zenith, scaled by the Kasten & Young (1989) air mass' },
  { name: 'fixedLossDb', unit: 'dB', range: { min: 0, max: 100 }, help: 'pointing, transmitter and receiver optics loss (detector excluded)' },
  { name: 'backgroundProb', unit: 'per pulse', range: { min: 0, maxExclusive: 1 }, help: 'night-sky background click probability (added to darkCountProb)' },
  { name: 'keyMaskDeg', unit: 'deg', range: { min: 0, max: 90 }, help: 'key mask: no key below this elevation', aliases: ['minElevationDeg'] },
  { name: 'sunMaxElevationDeg', unit: 'deg', range: { min: -90, max: 90 }, help: 'night threshold: no key while the Sun is above this elevation at the station', aliases: ['maxSunElevationDeg'] },
] as const satisfies readonly ParamSpec[];

/** Link kinds with parameters. */
export type LinkKind = 'fiber' | 'downlink';

/** Every parameter of a link kind, in table order. */
export const PARAMS_BY_KIND: { readonly [K in LinkKind]: readonly ParamSpec[] } = {
  fiber: [...BB84_PARAMS, ...FIBER_ONLY_PARAMS],
  downlink: [...BB84_PARAMS, ...DOWNLINK_ONLY_PARAMS],
};

/** A record of numbers with the names of a parameter list. */
export type ParamValues<T extends readonly ParamSpec[]> = { readonly [K in T[number]['name']]: number };

/** The spec of a parameter name (or one of its aliases) of a link kind, and its current name. */
export function findParam(kind: LinkKind, name: string): { spec: ParamSpec; alias: boolean } | undefined {
  for (const spec of PARAMS_BY_KIND[kind]) {
    if (spec.name === name) return { spec, alias: false };
    if (spec.aliases?.includes(name)) return { spec, alias: true };
  }
  return undefined;
}

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

/** True when v is a finite number inside the range. */
export function inRange(v: number, r: Range): boolean {
  return (
    Number.isFinite(v) &&
    (r.min === undefined || v >= r.min) &&
    (r.max === undefined || v <= r.max) &&
    (r.minExclusive === undefined || v > r.minExclusive) &&
    (r.maxExclusive === undefined || v < r.maxExclusive)
  );
}

/** The `qkdsim keyrate` flag of a parameter name: --kebab-case. */
export function paramFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The parameter table of sim/links/README.md (Markdown), with each kind's default preset values. */
export function paramTableMarkdown(defaults: { readonly [K in LinkKind]: { readonly name: string; readonly params: object } }): string {
  const row = (kinds: string, s: ParamSpec, value: string): string =>
    `| \`${s.name}\` | ${kinds} | ${s.unit || '-'} | ${describeRange(s.range).replace(/^a number /, '')} | ${value} | ${s.help}${s.aliases ? ` (also accepted: ${s.aliases.map((a) => `\`${a}\``).join(', ')})` : ''} |`;
  // Twelve significant digits: a preset value computed from others (2e-7, not 2.0000000000000002e-7).
  const value = (kind: LinkKind, name: string): string => {
    const v = (defaults[kind].params as Record<string, unknown>)[name];
    return typeof v === 'number' ? String(Number(v.toPrecision(12))) : String(v);
  };
  const lines = [
    `| parameter | links | unit | valid | default (${defaults.fiber.name} / ${defaults.downlink.name}) | meaning |`,
    '|---|---|---|---|---|---|',
    ...BB84_PARAMS.map((s) => row('both', s, `${value('fiber', s.name)} / ${value('downlink', s.name)}`)),
    ...FIBER_ONLY_PARAMS.map((s) => row('fibre', s, value('fiber', s.name))),
    ...DOWNLINK_ONLY_PARAMS.map((s) => row('downlink', s, value('downlink', s.name))),
  ];
  return lines.join('\n') + '\n';
}
