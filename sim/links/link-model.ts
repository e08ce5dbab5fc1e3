/**
 * The LinkModel interface: one way to ask any link "what are your rates at this point?", and the
 * registry that builds a model from a preset or parameters by link type. The network layer holds
 * LinkModels; the contract suite (test/links/contract.ts) runs against every one.
 * @module
 */
import { siftedProbPerPulse } from './bb84-decoy.js';
import { fiberKeyRate, fiberMaxDistanceKm, type FiberParams } from './fiber.js';
import { downlinkRates, type DownlinkParams } from './free-space.js';
import { listPresets, type LinkKind, type LinkPreset } from './presets.js';

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

/** A link of one type with fixed parameters. */
export interface LinkModel {
  readonly type: LinkKind;
  /** Preset name, or "custom". */
  readonly name: string;
  /** Key mask for downlinks, degrees; undefined for fibre. */
  readonly minElevationDeg: number | undefined;
  /** Rates at one point. */
  rates(point: LinkPoint): LinkRates;
  /** Longest distance with a positive key (fibre: length; downlink: slant range at zenith), km. */
  maxDistanceKm(): number;
}

/** A fibre link model (see fiber.ts). */
export function fiberLinkModel(params: FiberParams, name = 'custom'): LinkModel {
  return {
    type: 'fiber',
    name,
    minElevationDeg: undefined,
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

/** A satellite downlink model (see free-space.ts). */
export function downlinkLinkModel(params: DownlinkParams, name = 'custom'): LinkModel {
  const rates = (point: LinkPoint): LinkRates => {
    const r = downlinkRates(point.distanceKm, point.elevationDeg ?? 90, params, point.sunElevationDeg);
    return { lossDb: r.loss.channelDb, transmittance: r.transmittance, siftedRateBps: r.siftedRateBps, qber: r.qber, secretKeyRateBps: r.secretKeyRateBps };
  };
  return {
    type: 'downlink',
    name,
    minElevationDeg: params.minElevationDeg,
    rates,
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

/** Builds the model of a preset (the registry by link type). */
export function linkModelFromPreset(preset: LinkPreset): LinkModel {
  return preset.kind === 'fiber' ? fiberLinkModel(preset.params, preset.name) : downlinkLinkModel(preset.params, preset.name);
}

/** One model per preset, for the contract suite and for listings. */
export function allPresetModels(): LinkModel[] {
  return listPresets().map(linkModelFromPreset);
}
