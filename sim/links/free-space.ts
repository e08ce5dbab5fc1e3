/**
 * Satellite-to-ground (downlink) free-space channel: Gaussian-beam diffraction into a circular
 * receive aperture, atmospheric extinction scaled by air mass, a fixed pointing + optics loss, the
 * detector efficiency, and night-sky background as a noise click probability per pulse. Feeds the
 * decoy-state model of bb84-decoy.ts to give instantaneous sifted and secret key rates.
 * @module
 */
import { decoyKeyRate, siftedProbPerPulse, type Bb84Params } from './bb84-decoy.js';
import type { DOWNLINK_ONLY_PARAMS, ParamValues } from './params.js';

/**
 * Parameters of a downlink: the BB84 source/receiver plus the optical channel and the key window
 * (DOWNLINK_ONLY_PARAMS in params.ts: divergence as the 1/e^2 full angle, 0 meaning
 * diffraction-limited from the transmit aperture; losses in dB; the key mask and night threshold).
 */
export interface DownlinkParams extends Bb84Params, ParamValues<typeof DOWNLINK_ONLY_PARAMS> {}

/** Loss budget of one downlink geometry, dB (all >= 0). */
export interface DownlinkLoss {
  /** Beam spreading: power outside the receive aperture. */
  readonly diffractionDb: number;
  /** Atmospheric extinction at this elevation. */
  readonly atmosphereDb: number;
  /** Pointing and optics (fixed). */
  readonly fixedDb: number;
  /** Channel loss, detector excluded: what Liao et al. 2017 tabulate. */
  readonly channelDb: number;
  /** Detector efficiency as a loss. */
  readonly detectorDb: number;
  /** Everything: channel + detector. */
  readonly totalDb: number;
}

/** Instantaneous rates of a downlink at one geometry. */
export interface DownlinkRates {
  /** False below the key mask or in daylight: transmittance and every rate are then 0. */
  readonly inKeyWindow: boolean;
  readonly loss: DownlinkLoss;
  /** Overall transmittance including the detector, in [0, 1]. */
  readonly transmittance: number;
  /** Sifted bits per second: detections of all intensities with matching bases. */
  readonly siftedRateBps: number;
  /** Signal QBER (0 outside the key window). */
  readonly qber: number;
  /** Single-photon yield and error rate from the chosen estimator. */
  readonly y1: number;
  readonly e1: number;
  /** Asymptotic (GLLP) secret key rate, bit/s, >= 0. */
  readonly secretKeyRateBps: number;
}

/** Converts a loss in dB to a transmittance: 10^(-dB/10). */
export function dbToTransmittance(lossDb: number): number {
  return Math.pow(10, -lossDb / 10);
}

/** Converts a transmittance in (0, 1] to a loss in dB (Infinity for 0). */
export function transmittanceToDb(transmittance: number): number {
  return -10 * Math.log10(transmittance);
}

/**
 * Gaussian beam radius (1/e^2 intensity) at a slant range, m: w(L) = sqrt(w0^2 + (theta L)^2), with
 * w0 = D_T / 2 and theta the half-angle divergence. When divergenceUrad is 0 the beam is
 * diffraction-limited: theta = lambda / (pi w0) (Gaussian beam width and divergence: Saleh & Teich,
 * Fundamentals of Photonics, Sec. 3.1).
 * @param rangeKm slant range, km (>= 0)
 */
export function beamRadiusM(rangeKm: number, p: Pick<DownlinkParams, 'divergenceUrad' | 'transmitApertureM' | 'wavelengthNm'>): number {
  const waistM = p.transmitApertureM / 2;
  const halfAngleRad = p.divergenceUrad > 0 ? (p.divergenceUrad * 1e-6) / 2 : (p.wavelengthNm * 1e-9) / (Math.PI * waistM);
  const spreadM = halfAngleRad * rangeKm * 1000;
  return Math.sqrt(waistM * waistM + spreadM * spreadM);
}

/**
 * Diffraction loss, dB: the fraction of a centred Gaussian beam of radius w that a circular aperture
 * of radius a collects is 1 - exp(-2 a^2 / w^2) (the Gaussian intensity profile integrated over the disc,
 * Saleh & Teich Sec. 3.1, "power confinement").
 * Far from the satellite this is ~ 2a^2/w^2, i.e. the 1/L^2 law.
 * @param rangeKm slant range, km (>= 0)
 */
export function diffractionLossDb(
  rangeKm: number,
  p: Pick<DownlinkParams, 'divergenceUrad' | 'transmitApertureM' | 'wavelengthNm' | 'receiveApertureM'>,
): number {
  const w = beamRadiusM(rangeKm, p);
  const a = p.receiveApertureM / 2;
  return transmittanceToDb(-Math.expm1((-2 * a * a) / (w * w)));
}

/**
 * Relative air mass at an apparent elevation (the interpolation formula of Kasten & Young,
 * Appl. Opt. 28, 4735 (1989)):
 * AM = 1 / (cos z + 0.50572 (96.07995 - z)^-1.6364), z = 90 - elevation in degrees. 1 at zenith,
 * about 38 at the horizon; it departs from the plane-parallel sec z by < 1 % above 15 deg elevation.
 * @param elevationDeg in [0, 90] (RangeError outside)
 */
export function airMass(elevationDeg: number): number {
  if (!(elevationDeg >= 0 && elevationDeg <= 90)) throw new RangeError(`elevation must be in [0, 90] deg, got ${elevationDeg}`);
  const zenithDeg = 90 - elevationDeg;
  return 1 / (Math.cos((zenithDeg * Math.PI) / 180) + 0.50572 * Math.pow(96.07995 - zenithDeg, -1.6364));
}

/** Atmospheric extinction at an elevation, dB: zenith loss x air mass (Beer-Lambert in dB). */
export function atmosphereLossDb(elevationDeg: number, zenithLossDb: number): number {
  return zenithLossDb * airMass(elevationDeg);
}

/**
 * Loss budget of a downlink at one geometry (see {@link DownlinkLoss}).
 * @param rangeKm slant range, km (>= 0)
 * @param elevationDeg elevation, degrees in [0, 90]
 */
export function downlinkLoss(rangeKm: number, elevationDeg: number, p: DownlinkParams): DownlinkLoss {
  if (!(rangeKm >= 0)) throw new RangeError(`range must be >= 0 km, got ${rangeKm}`);
  const diffractionDb = diffractionLossDb(rangeKm, p);
  const atmosphereDb = atmosphereLossDb(elevationDeg, p.zenithLossDb);
  const channelDb = diffractionDb + atmosphereDb + p.fixedLossDb;
  const detectorDb = transmittanceToDb(p.detectorEfficiency);
  return { diffractionDb, atmosphereDb, fixedDb: p.fixedLossDb, channelDb, detectorDb, totalDb: channelDb + detectorDb };
}

/**
 * The overall transmittance 10^(-totalDb/10) of {@link downlinkLoss} at one geometry, without the
 * budget object: the same sums in the same order, for the pass integrator's inner loop.
 * @param detectorDb transmittanceToDb(p.detectorEfficiency), made once per link by the caller
 */
export function downlinkTransmittance(rangeKm: number, elevationDeg: number, p: DownlinkParams, detectorDb: number): number {
  if (!(rangeKm >= 0)) throw new RangeError(`range must be >= 0 km, got ${rangeKm}`);
  const channelDb = diffractionLossDb(rangeKm, p) + atmosphereLossDb(elevationDeg, p.zenithLossDb) + p.fixedLossDb;
  return dbToTransmittance(channelDb + detectorDb);
}

const CLOSED: DownlinkLoss = { diffractionDb: 0, atmosphereDb: 0, fixedDb: 0, channelDb: 0, detectorDb: 0, totalDb: 0 };

/**
 * Instantaneous rates of a downlink at one geometry: sifted rate, signal QBER and the asymptotic
 * decoy-state secret key rate (Ma et al. 2005 Eq. (1)). Outside the key window (elevation below
 * keyMaskDeg, or sunElevationDeg above sunMaxElevationDeg) every rate is 0.
 * @param rangeKm slant range, km (>= 0)
 * @param elevationDeg elevation, degrees (any value; below the mask gives zeros)
 * @param sunElevationDeg Sun elevation at the station, degrees; omitted means night
 */
export function downlinkRates(rangeKm: number, elevationDeg: number, p: DownlinkParams, sunElevationDeg?: number): DownlinkRates {
  const night = sunElevationDeg === undefined || sunElevationDeg <= p.sunMaxElevationDeg;
  if (!(elevationDeg >= p.keyMaskDeg) || elevationDeg > 90 || !night) {
    // Closed: no key. The loss budget is still reported while the satellite is above the horizon.
    const loss = elevationDeg >= 0 && elevationDeg <= 90 && rangeKm >= 0 ? downlinkLoss(rangeKm, elevationDeg, p) : CLOSED;
    return { inKeyWindow: false, loss, transmittance: 0, siftedRateBps: 0, qber: 0, y1: 0, e1: 0.5, secretKeyRateBps: 0 };
  }
  const loss = downlinkLoss(rangeKm, elevationDeg, p);
  const eta = dbToTransmittance(loss.totalDb);
  const noiseProb = p.darkCountProb + p.backgroundProb;
  const key = decoyKeyRate(eta, noiseProb, p);
  return {
    inKeyWindow: true,
    loss,
    transmittance: eta,
    siftedRateBps: p.repRateHz * siftedProbPerPulse(eta, noiseProb, p),
    qber: key.qber,
    y1: key.y1,
    e1: key.e1,
    secretKeyRateBps: key.secretKeyRateBps,
  };
}
