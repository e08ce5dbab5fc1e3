/**
 * The one seam between a link's physics and everything that uses it: a model built from a link's
 * parameters (by kind, {@link linkModel}), which the run asks for a fibre's key rate and a pass's key,
 * and `qkdsim keyrate` for the rates at a point. A new kind of link is a new model here and a new
 * parameter table in params.ts; the contract suite (test/links/contract.ts) runs on these models.
 * @module
 */
import type { Observer, Pass, Satellite } from '../orbit/index.js';
import { siftedProbPerPulse } from './bb84-decoy.js';
import { fiberKeyRate, fiberMaxDistanceKm, type FiberKeyResult, type FiberParams } from './fiber.js';
import { downlinkLoss, downlinkRates, type DownlinkLoss, type DownlinkParams, type DownlinkRates } from './free-space.js';
import type { PassKeyOptions, PassKeyResult } from './pass-key.js';
import type { LinkKind } from './params.js';
import { listPresets, type LinkPreset } from './presets.js';
import { keyForPass } from './satellite-pass-key.js';

/**
 * Where a link is evaluated. Fibre: distanceKm is the fibre length (elevation ignored).
 * Downlink: distanceKm is the slant range, elevationDeg the satellite elevation, sunElevationDeg the
 * Sun's (omitted means night).
 */
export interface LinkPoint {
  readonly distanceKm: number;
  readonly elevationDeg?: number;
  readonly sunElevationDeg?: number;
}

/** Rates of a link at one point; every rate is finite and >= 0. */
export interface LinkRates {
  /** Channel loss, detector excluded, dB (0 when the link is closed). */
  readonly lossDb: number;
  /** Overall transmittance including the detector (0 when closed). */
  readonly transmittance: number;
  /** Sifted bits per second (all intensities, matching bases). */
  readonly siftedRateBps: number;
  /** Signal QBER (0 when closed). */
  readonly qber: number;
  /** Asymptotic secret key rate, bit/s. */
  readonly secretKeyRateBps: number;
}

/** What every model answers. */
interface BaseModel {
  readonly kind: LinkKind;
  /** Preset name, or "custom". */
  readonly name: string;
  /** Rates at one point. */
  rates(point: LinkPoint): LinkRates;
  /** Longest distance with a positive key (fibre: length; downlink: slant range at zenith), km. */
  maxDistanceKm(): number;
}

/** A fibre link: continuous key at a rate set by its length. */
export interface FiberLinkModel extends BaseModel {
  readonly kind: 'fiber';
  readonly params: FiberParams;
  /** The asymptotic decoy-state key rate of a fibre of this length (Ma et al. 2005), with its loss and QBER. */
  at(lengthKm: number): FiberKeyResult;
}

/** A satellite-to-ground link: key per pass. */
export interface DownlinkLinkModel extends BaseModel {
  readonly kind: 'downlink';
  readonly params: DownlinkParams;
  /** The key mask, degrees. */
  readonly keyMaskDeg: number;
  /** The loss budget at one geometry (the one loss function: free-space.ts downlinkLoss). */
  loss(rangeKm: number, elevationDeg: number): DownlinkLoss;
  /** The instantaneous rates at one geometry. */
  ratesAt(rangeKm: number, elevationDeg: number, sunElevationDeg?: number): DownlinkRates;
  /** The key of a pass the orbit layer found (null without a key window). */
  passKey(sat: Satellite, observer: Observer, pass: Pass, options?: PassKeyOptions): PassKeyResult | null;
}

export type LinkModel = FiberLinkModel | DownlinkLinkModel;

/** A fibre link model (see fiber.ts). */
export function fiberLinkModel(params: FiberParams, name = 'custom'): FiberLinkModel {
  return {
    kind: 'fiber',
    name,
    params,
    at: (lengthKm) => fiberKeyRate(lengthKm, params),
    rates(point) {
      const r = fiberKeyRate(point.distanceKm, params);
      return {
        lossDb: r.lossDb,
        transmittance: r.transmittance,
        siftedRateBps: params.repRateHz * siftedProbPerPulse(r.transmittance, params.darkCountProb, params),
        qber: r.qber,
        secretKeyRateBps: r.secretKeyRateBps,
      };
    },
    maxDistanceKm: () => fiberMaxDistanceKm(params),
  };
}

/** A satellite downlink model (see free-space.ts and pass-key.ts). */
export function downlinkLinkModel(params: DownlinkParams, name = 'custom'): DownlinkLinkModel {
  const ratesAt = (rangeKm: number, elevationDeg: number, sunElevationDeg?: number): DownlinkRates => downlinkRates(rangeKm, elevationDeg, params, sunElevationDeg);
  const rates = (point: LinkPoint): LinkRates => {
    const r = ratesAt(point.distanceKm, point.elevationDeg ?? 90, point.sunElevationDeg);
    return { lossDb: r.loss.channelDb, transmittance: r.transmittance, siftedRateBps: r.siftedRateBps, qber: r.qber, secretKeyRateBps: r.secretKeyRateBps };
  };
  return {
    kind: 'downlink',
    name,
    params,
    keyMaskDeg: params.keyMaskDeg,
    loss: (rangeKm, elevationDeg) => downlinkLoss(rangeKm, elevationDeg, params),
    ratesAt,
    rates,
    passKey: (sat, observer, pass, options) => keyForPass(sat, observer, pass, params, options),
    maxDistanceKm() {
      // Bisection on the zenith slant range; the key falls monotonically with range.
      const positive = (km: number) => rates({ distanceKm: km, elevationDeg: 90 }).secretKeyRateBps > 0;
      if (!positive(0)) return 0;
      let lo = 0;
      let hi = 1000;
      while (positive(hi) && hi < 1e9) [lo, hi] = [hi, hi * 2];
      while (hi - lo > 1e-3 * hi) {
        const mid = (lo + hi) / 2;
        if (positive(mid)) lo = mid;
        else hi = mid;
      }
      return lo;
    },
  };
}

/** The model of a link kind from its (complete, checked) parameters: the registry by kind. */
export function linkModel(spec: { readonly kind: 'fiber'; readonly params: FiberParams; readonly name?: string }): FiberLinkModel;
export function linkModel(spec: { readonly kind: 'downlink'; readonly params: DownlinkParams; readonly name?: string }): DownlinkLinkModel;
export function linkModel(spec: LinkPreset | { readonly kind: LinkKind; readonly params: FiberParams | DownlinkParams; readonly name?: string }): LinkModel;
export function linkModel(spec: { readonly kind: LinkKind; readonly params: FiberParams | DownlinkParams; readonly name?: string }): LinkModel {
  return spec.kind === 'fiber' ? fiberLinkModel(spec.params as FiberParams, spec.name) : downlinkLinkModel(spec.params as DownlinkParams, spec.name);
}

/** Builds the model of a preset. */
export function linkModelFromPreset(preset: LinkPreset): LinkModel {
  return linkModel(preset);
}

/** One model per preset, for the contract suite and for listings. */
export function allPresetModels(): LinkModel[] {
  return listPresets().map(linkModelFromPreset);
}

/**
 * The key rate of a resolved fibre link while it is up, bit/s: a measured rate when the scenario
 * gives one, else its model at its length.
 */
export function fiberLinkRateBps(link: { readonly params: FiberParams | null; readonly lengthKm: number | null; readonly measuredRateBps: number | null }): number {
  if (link.measuredRateBps !== null) return link.measuredRateBps;
  if (link.params === null || link.lengthKm === null) throw new RangeError('a fibre link needs a measured rate, or parameters and a length');
  return fiberLinkModel(link.params).at(link.lengthKm).secretKeyRateBps;
}
