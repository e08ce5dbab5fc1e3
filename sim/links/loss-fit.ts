/**
 * Least-squares calibration of a downlink's elevation-dependent and fixed losses against measured
 * channel loss: the procedure behind the `micius-2017` preset (see sim/links/README.md).
 *
 * Model (dB, detector excluded): loss_i = D(L_i) + A AM(el_i) + B, with D the Gaussian-beam
 * diffraction loss of free-space.ts (its optics are not fitted), AM the Kasten & Young air mass,
 * A = zenith atmospheric loss and B = fixed pointing + optics loss. The model is linear in (A, B), so
 * ordinary least squares has the closed form of a straight-line fit of loss_i - D(L_i) on AM(el_i).
 * @module
 */
import { airMass, diffractionLossDb, type DownlinkParams } from './free-space.js';

/** One measured point: slant range, elevation at that range on the pass, measured loss. */
export interface LossPoint {
  readonly rangeKm: number;
  readonly elevationDeg: number;
  /** Measured channel loss, detector excluded, dB. */
  readonly lossDb: number;
}

/** Result of {@link fitAtmosphereAndFixedLoss}. */
export interface LossFit {
  /** Fitted zenith atmospheric loss A, dB. */
  readonly zenithLossDb: number;
  /** Fitted fixed loss B (pointing + optics), dB. */
  readonly fixedLossDb: number;
  /** Model minus measurement at each point, dB (same order as the input). */
  readonly residualsDb: readonly number[];
  /** Largest |residual|, dB. */
  readonly maxAbsResidualDb: number;
  /** Root-mean-square residual, dB. */
  readonly rmsResidualDb: number;
}

/**
 * Fits A (zenith loss) and B (fixed loss) by ordinary least squares (normal equations of a
 * straight line; e.g. Press et al., Numerical Recipes 3rd ed., Sec. 15.2). Needs at least two points
 * with different air masses (RangeError otherwise).
 */
export function fitAtmosphereAndFixedLoss(
  points: readonly LossPoint[],
  optics: Pick<DownlinkParams, 'divergenceUrad' | 'transmitApertureM' | 'wavelengthNm' | 'receiveApertureM'>,
): LossFit {
  const x = points.map((pt) => airMass(pt.elevationDeg));
  const y = points.map((pt) => pt.lossDb - diffractionLossDb(pt.rangeKm, optics));
  const n = points.length;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - meanY);
  }
  if (!(n >= 2 && sxx > 0)) throw new RangeError(`loss fit needs >= 2 points at different elevations, got ${n}`);
  const zenithLossDb = sxy / sxx;
  const fixedLossDb = meanY - zenithLossDb * meanX;
  const residualsDb = points.map((pt, i) => zenithLossDb * (x[i] as number) + fixedLossDb - (y[i] as number));
  const maxAbsResidualDb = Math.max(...residualsDb.map(Math.abs));
  const rmsResidualDb = Math.sqrt(residualsDb.reduce((s, r) => s + r * r, 0) / n);
  return { zenithLossDb, fixedLossDb, residualsDb, maxAbsResidualDb, rmsResidualDb };
}
