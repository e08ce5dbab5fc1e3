/**
 * Cubic Hermite interpolation of an Earth-fixed satellite state between two SGP4 samples, using
 * the positions and velocities at both ends. The pass finder uses it to predict where a rise, set
 * or culmination lies before polishing that time with a few exact SGP4 evaluations.
 *
 * Error bound (de Boor, "A Practical Guide to Splines", ch. II, Hermite interpolation):
 * |r(t) - p(t)| <= h^4 / 384 * max|r''''|. For a circular orbit |r''''| ~ w^4 r, so over a step of
 * 5 % of the period (w h = 0.1 pi) the error is <= 2.5e-5 r: 0.17 km for a 500 km LEO.
 * @module
 */

/** Two bracketing states [x, y, z, vx, vy, vz] (km, km/s) at times ta < tb (ms). */
export class HermiteSegment {
  private readonly a = new Float64Array(6);
  private readonly b = new Float64Array(6);
  private ta = 0;
  private hS = 1;

  /** Sets the segment's end states (copied; each from `offset` in its array, default 0). */
  reset(ta: number, stateA: ArrayLike<number>, tb: number, stateB: ArrayLike<number>, offsetA = 0, offsetB = 0): this {
    this.ta = ta;
    this.hS = (tb - ta) / 1000;
    for (let i = 0; i < 6; i++) {
      this.a[i] = stateA[offsetA + i]!;
      this.b[i] = stateB[offsetB + i]!;
    }
    return this;
  }

  /** Interpolated position only at tMs, into out[0..2]: the same values stateAt writes there, at about half the cost. */
  positionAt(tMs: number, out: Float64Array): Float64Array {
    const h = this.hS;
    const u = (tMs - this.ta) / 1000 / h;
    const u2 = u * u;
    const u3 = u2 * u;
    const h00 = 2 * u3 - 3 * u2 + 1;
    const h10 = u3 - 2 * u2 + u;
    const h01 = -2 * u3 + 3 * u2;
    const h11 = u3 - u2;
    for (let i = 0; i < 3; i++) out[i] = h00 * this.a[i]! + h10 * (this.a[i + 3]! * h) + h01 * this.b[i]! + h11 * (this.b[i + 3]! * h);
    return out;
  }

  /** Interpolated state at tMs, written into out (position from the cubic, velocity its derivative). */
  stateAt(tMs: number, out: Float64Array): Float64Array {
    const h = this.hS;
    const u = (tMs - this.ta) / 1000 / h;
    const u2 = u * u;
    const u3 = u2 * u;
    // Hermite basis functions and their derivatives with respect to u.
    const h00 = 2 * u3 - 3 * u2 + 1;
    const h10 = u3 - 2 * u2 + u;
    const h01 = -2 * u3 + 3 * u2;
    const h11 = u3 - u2;
    const d00 = 6 * u2 - 6 * u;
    const d10 = 3 * u2 - 4 * u + 1;
    const d01 = -6 * u2 + 6 * u;
    const d11 = 3 * u2 - 2 * u;
    for (let i = 0; i < 3; i++) {
      const pa = this.a[i]!;
      const pb = this.b[i]!;
      const va = this.a[i + 3]! * h;
      const vb = this.b[i + 3]! * h;
      out[i] = h00 * pa + h10 * va + h01 * pb + h11 * vb;
      out[i + 3] = (d00 * pa + d10 * va + d01 * pb + d11 * vb) / h;
    }
    return out;
  }
}
