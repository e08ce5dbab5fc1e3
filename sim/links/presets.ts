/**
 * Named parameter sets for links. Every value carries its provenance tag:
 *   [P] published in the cited primary source   [S] secondary source citing it
 *   [U] recalled, not verified                  [A] assumption made here (reason given)
 *   [F] fitted here (procedure and data named; see test/reference/micius-2017-loss-fit.json)
 * Presets are frozen; callers merge overrides into a copy ({ ...preset.params, mu: 0.6 }).
 * @module
 */
import { InputError } from '../errors.js';
import type { DownlinkParams } from './free-space.js';
import type { FiberParams } from './fiber.js';
import type { LinkKind } from './params.js';


/** A named fibre parameter set. */
export interface FiberPreset {
  readonly kind: 'fiber';
  readonly name: string;
  readonly description: string;
  readonly params: FiberParams;
  /** Provenance of each parameter, tagged as in the module comment. */
  readonly provenance: Readonly<Record<keyof FiberParams, string>>;
}

/** A named downlink parameter set. */
export interface DownlinkPreset {
  readonly kind: 'downlink';
  readonly name: string;
  readonly description: string;
  readonly params: DownlinkParams;
  readonly provenance: Readonly<Record<keyof DownlinkParams, string>>;
}

/** Any preset. */
export type LinkPreset = FiberPreset | DownlinkPreset;

const LIAO = 'Liao et al., Nature 549, 43 (2017)';
/** Noise click probability per pulse from a count rate and a detection time window. */
const perPulse = (rateCps: number, gateNs: number) => rateCps * gateNs * 1e-9;

/** Micius decoy-state downlink to Xinglong, as in Liao et al. 2017. */
const MICIUS_2017: DownlinkPreset = {
  kind: 'downlink',
  name: 'micius-2017',
  description: 'Micius decoy BB84 downlink to Xinglong (Liao et al. 2017), losses fitted to its loss-vs-range table',
  params: {
    repRateHz: 100e6,
    wavelengthNm: 848.62,
    mu: 0.8,
    nu: 0.1,
    omega: 0,
    pMu: 0.5,
    pNu: 0.25,
    pOmega: 0.25,
    siftingFactor: 0.5,
    divergenceUrad: 10,
    transmitApertureM: 0.3,
    receiveApertureM: 1.0,
    zenithLossDb: 2.26,
    fixedLossDb: 12.76,
    detectorEfficiency: 0.5,
    darkCountProb: perPulse(100, 2),
    backgroundProb: perPulse(400, 2),
    afterpulseProb: 0,
    misalignment: 0.01,
    ecEfficiency: 1.19,
    decoys: 'vacuum-weak',
    keyMaskDeg: 10,
    sunMaxElevationDeg: -12,
  },
  provenance: {
    repRateHz: `[S] 100 MHz source, ${LIAO}`,
    wavelengthNm: `[S] 848.62 nm, ${LIAO}`,
    mu: `[S] signal 0.8, ${LIAO}`,
    nu: `[S] decoy 0.1, ${LIAO}`,
    omega: `[S] vacuum 0, ${LIAO}`,
    pMu: `[S] 0.5, ${LIAO}`,
    pNu: `[S] 0.25, ${LIAO}`,
    pOmega: `[S] 0.25, ${LIAO}`,
    siftingFactor: `[S] 50/50 basis choice, ${LIAO}`,
    divergenceUrad:
      '[A] 10 urad full angle: Yin et al., Nature 582, 501 (2020) give ~10 urad for Micius transmitters [P]; taken for the QKD transmitter and read as the 1/e^2 full angle',
    transmitApertureM: '[U] 300 mm transmit telescope (recalled); only sets the near-field waist, negligible at 500+ km',
    receiveApertureM: '[U] Xinglong 1.0 m telescope (shared/reference/README.md)',
    zenithLossDb:
      '[F] least squares on the Liao 2017 loss table (645-1200 km) placed on the real pass geometry; an effective value that also absorbs elevation-dependent turbulence and pointing losses',
    fixedLossDb: '[F] same fit: pointing + transmitter and receiver optics, lumped',
    detectorEfficiency: '[A] 0.5: typical Si SPAD at 850 nm; the table excludes it, so it only scales counts',
    darkCountProb: '[A] 100 counts/s over all detectors in a 2 ns detection window = 2e-7 per pulse',
    backgroundProb: '[A] 400 counts/s night-sky background at a 1 m telescope in a 2 ns window = 8e-7 per pulse',
    afterpulseProb: '[A] 0 (not modelled for Si SPADs here)',
    misalignment: '[A] 1 %: gives a signal QBER of about 1-1.5 % over the pass; Liao 2017 reports ~1-2 % [U]',
    ecEfficiency: '[A] 1.19: the value reported for Micius by Yin et al. 2020 [P], borrowed for 2017',
    decoys: '[A] vacuum + weak bounds: the practical estimator for a 0.8/0.1/0 source',
    keyMaskDeg: '[A] 10 deg key mask (the 2017 data span 645-1200 km, i.e. above ~19.5 deg)',
    sunMaxElevationDeg: '[A] -12 deg (nautical twilight): Micius QKD ran at night only',
  },
};

const CHEN = 'Chen et al., Nature 589, 214 (2021)';
const YIN_2020 = 'Yin et al., Nature 582, 501 (2020)';

/**
 * Micius decoy BB84 downlink after the upgrade reported by Chen et al. 2021 ("a higher clock rate and
 * a more efficient protocol"). Only the abstract of that paper could be read here (47.8 kbit/s average
 * per typical pass [P]); its Methods values were not found (sim/links/README.md, section 6). The
 * on-board optics are those of 2017; one parameter, the clock rate, is fitted to the published
 * 47.8 kbit/s (test/reference/fit-micius-2021.ts, record in test/reference/micius-2021-fit.json).
 */
const MICIUS_2021: DownlinkPreset = {
  kind: 'downlink',
  name: 'micius-2021',
  description: 'Micius decoy BB84 downlink as upgraded for Chen et al. 2021 (biased bases, higher clock); clock rate fitted to the published 47.8 kbit/s per typical pass',
  params: {
    ...MICIUS_2017.params,
    repRateHz: 1.04e9,
    siftingFactor: 0.82,
    fixedLossDb: 9.76,
  },
  provenance: {
    ...MICIUS_2017.provenance,
    repRateHz:
      `[F] effective clock rate fitted to 47.8 kbit/s average per typical pass [P] (${CHEN}, abstract) on the integrated-2021 passes culminating at 40-60 deg; the paper's summaries say only that the clock rate was raised [S]. Key scales with rate x transmittance, so this also absorbs any unpublished receiver gain`,
    wavelengthNm: `[A] the on-board transmitter of 2017 (848.62 nm, ${LIAO} [S]); optics cannot change after launch`,
    mu: `[A] 0.8 as in 2017 (${LIAO} [S]); the 2021 intensities were not found`,
    nu: `[A] 0.1 as in 2017 (${LIAO} [S]); not found for 2021`,
    omega: `[A] vacuum as in 2017 (${LIAO} [S]); not found for 2021`,
    pMu: `[A] 0.5 as in 2017 (${LIAO} [S]); not found for 2021 (optimising pMu, pNu on a grid would raise the typical-pass key by 5.6 %, at 0.6 / 0.2 / 0.2)`,
    pNu: `[A] 0.25 as in 2017 (${LIAO} [S]); not found for 2021`,
    pOmega: `[A] 0.25 as in 2017 (${LIAO} [S]); not found for 2021`,
    siftingFactor:
      `[A] efficient BB84 with biased bases (${CHEN}, per its summaries [S]); the bias was not found: qx = 0.9 (q = qx^2 + (1-qx)^2 = 0.82), the model's finite-key optimum on the typical passes on a 0.05 grid (fit record, basisBiasCheck)`,
    divergenceUrad: `[A] 10 urad as micius-2017 (same on-board transmitter); ${YIN_2020} give ~10 urad for the Micius transmitters [P]`,
    transmitApertureM: '[U] 300 mm transmit telescope as micius-2017 (same on-board transmitter)',
    receiveApertureM: '[U] Xinglong 1.0 m (a scenario replaces it by the station\'s own aperture: Nanshan 1.2 m [P])',
    zenithLossDb: '[F] the micius-2017 fit to the Liao 2017 loss table (test/reference/micius-2017-loss-fit.json), kept: same sky, same transmitter',
    fixedLossDb:
      `[A] micius-2017 fixed loss (12.76 dB [F]) minus 3 dB: ${YIN_2020} report "a 3-dB enhancement in the collection efficiency ... for each satellite-to-ground link" after the 2018-2019 ground-station upgrades (Delingha, Nanshan) [P]; assumed for Xinglong too`,
    detectorEfficiency: '[A] 0.5 as micius-2017 (2021 detectors not found)',
    darkCountProb: '[A] 2e-7 per pulse as micius-2017 (100 counts/s in a 2 ns window; 2021 values not found)',
    backgroundProb: '[A] 8e-7 per pulse as micius-2017 (400 counts/s in a 2 ns window; 2021 values not found)',
    afterpulseProb: '[A] 0 as micius-2017',
    misalignment: '[A] 1 % as micius-2017 (2021 QBER not found)',
    ecEfficiency: `[A] 1.19, the value ${YIN_2020} report for Micius [P]`,
    decoys: '[A] vacuum + weak bounds, as micius-2017',
    keyMaskDeg: '[A] 10 deg key mask: the 2021 links work at channel losses "comparable to ... a geostationary satellite" [P] (abstract), i.e. low elevations too',
    sunMaxElevationDeg: '[A] -12 deg (nautical twilight): night only, as micius-2017',
  },
};

/** The GYS 2004 system as used by Ma, Qi, Zhao, Lo 2005 and Lo, Ma, Chen 2005. */
const GYS_2004: FiberPreset = {
  kind: 'fiber',
  name: 'gys-2004',
  description: 'Gobby-Yuan-Shields 2004 fibre system, the parameter set of Ma et al. 2005 / Lo-Ma-Chen 2005',
  params: {
    repRateHz: 2e6,
    mu: 0.48,
    nu: 0.1,
    omega: 0,
    pMu: 1,
    pNu: 0,
    pOmega: 0,
    siftingFactor: 0.5,
    lossDbPerKm: 0.21,
    extraLossDb: 0,
    detectorEfficiency: 0.045,
    darkCountProb: 1.7e-6,
    afterpulseProb: 0,
    misalignment: 0.033,
    ecEfficiency: 1.22,
    decoys: 'infinite',
  },
  provenance: {
    repRateHz: '[U] 2 MHz GYS clock (recalled); only scales bit/s',
    mu: '[A] 0.48, near the optimum for these parameters (see test/links/theory.test.ts)',
    nu: '[A] 0.1 weak decoy',
    omega: '[A] vacuum decoy',
    pMu: '[A] 1: asymptotic convention of Ma et al. 2005 (decoys a vanishing fraction of pulses)',
    pNu: '[A] 0 (asymptotic convention)',
    pOmega: '[A] 0 (asymptotic convention)',
    siftingFactor: '[S] 1/2, symmetric BB84 (Ma et al. 2005)',
    lossDbPerKm: '[S] 0.21 dB/km (GYS 2004 as quoted by Ma et al. 2005)',
    extraLossDb: '[A] 0',
    detectorEfficiency: '[S] eta_Bob = 4.5 % (GYS 2004 as quoted by Ma et al. 2005)',
    darkCountProb: '[S] Y0 = 1.7e-6 (GYS 2004 as quoted by Ma et al. 2005)',
    afterpulseProb: '[A] 0 (not in the Ma et al. model)',
    misalignment: '[S] e_detector = 3.3 % (GYS 2004 as quoted by Ma et al. 2005)',
    ecEfficiency: '[S] f(e) = 1.22 (Ma et al. 2005)',
    decoys: '[A] infinite-decoy limit (Lo, Ma, Chen 2005)',
  },
};

/** Standard 0.2 dB/km fibre with the InGaAs receiver of Lim et al. 2014 Sec. IV. */
const LIM_2014: FiberPreset = {
  kind: 'fiber',
  name: 'lim-2014',
  description: 'standard 0.2 dB/km fibre with the receiver model of Lim et al. 2014 Sec. IV (default for keyrate fiber)',
  params: {
    repRateHz: 100e6,
    mu: 0.5,
    nu: 0.1,
    omega: 0,
    pMu: 0.8,
    pNu: 0.1,
    pOmega: 0.1,
    siftingFactor: 0.5,
    lossDbPerKm: 0.2,
    extraLossDb: 0,
    detectorEfficiency: 0.1,
    darkCountProb: 1.2e-6,
    afterpulseProb: 0.04,
    misalignment: 0.005,
    ecEfficiency: 1.16,
    decoys: 'vacuum-weak',
  },
  provenance: {
    repRateHz: '[A] 100 MHz (Lim et al. give rates per pulse only)',
    mu: '[A] 0.5 (Lim et al. optimise it per point)',
    nu: '[A] 0.1 (Lim et al. optimise it per point)',
    omega: '[A] 0 (Lim et al. use 2e-4)',
    pMu: '[A] 0.8 (optimised per point in Lim et al.)',
    pNu: '[A] 0.1',
    pOmega: '[A] 0.1',
    siftingFactor: '[A] 1/2 (Lim et al. optimise the basis bias)',
    lossDbPerKm: '[P] 0.2 dB/km, Lim et al. 2014 Sec. IV',
    extraLossDb: '[A] 0',
    detectorEfficiency: '[P] eta_Bob = 10 %, Lim et al. 2014 Sec. IV',
    darkCountProb: '[P] p_dc = 6e-7 per detector, two detectors: Y0 = 1.2e-6 (Lim et al. 2014 Sec. IV)',
    afterpulseProb: '[P] p_ap = 4e-2, Lim et al. 2014 Sec. IV',
    misalignment: '[P] e_mis = 5e-3, Lim et al. 2014 Sec. IV',
    ecEfficiency: '[P] f_EC = 1.16, Lim et al. 2014 Sec. IV',
    decoys: '[A] vacuum + weak bounds',
  },
};

const PRESETS: readonly LinkPreset[] = [MICIUS_2017, MICIUS_2021, GYS_2004, LIM_2014];

/** Name of the preset `keyrate fiber` uses when none is given. */
export const DEFAULT_FIBER_PRESET = 'lim-2014';
/** Name of the preset `keyrate downlink` uses when none is given. */
export const DEFAULT_DOWNLINK_PRESET = 'micius-2017';

/** All presets, or those of one kind, in a fixed order. */
export function listPresets(kind?: LinkKind): readonly LinkPreset[] {
  return kind === undefined ? PRESETS : PRESETS.filter((p) => p.kind === kind);
}

/**
 * The preset with this name (and kind, when given). Throws an InputError naming the known presets
 * of that kind otherwise; `flag` labels the issue (e.g. "--preset").
 */
export function getPreset<K extends LinkKind>(name: string, kind: K, flag = 'preset'): Extract<LinkPreset, { kind: K }> {
  const found = PRESETS.find((p) => p.name === name && p.kind === kind);
  if (found) return found as Extract<LinkPreset, { kind: K }>;
  const known = listPresets(kind).map((p) => p.name);
  throw new InputError({ file: flag, message: `unknown ${kind} preset ${JSON.stringify(name)} (known: ${known.join(', ')})` });
}
