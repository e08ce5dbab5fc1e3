/**
 * SGP4 propagation: the only file in qkdsim that imports satellite.js. A {@link Satellite} holds
 * every element set read for one catalogue number and propagates with the set whose epoch is
 * nearest the requested time, returning Earth-fixed position and velocity.
 *
 * Frames: SGP4 gives TEME; TEME -> Earth-fixed is a rotation by GMST (IAU 1982, Vallado 2004
 * eq. 3-45, computed in time.ts from milliseconds) with UT1 = UTC and no polar motion, the convention of the SGP4 reference code
 * (Vallado et al., AIAA 2006-6753, sec. "Coordinate systems"). Velocity adds -omega x r for Earth's
 * rotation (omega = 7.292115146706979e-5 rad/s, Vallado 2004 p. 220).
 * @module
 */
import { json2satrec, sgp4, twoline2satrec, type SatRec } from 'satellite.js';
import { InputError, PropagationError, type InputIssue } from '../errors.js';
import type { ElementSet } from './tle.js';
import { DAY_MS, FIRST_SATELLITE_UTC_MS, MINUTE_MS, gmst1982Rad, isoUtc } from './time.js';

/** Earth's rotation rate, rad/s (Vallado 2004, p. 220; value used by the SGP4 reference code). */
export const EARTH_ROTATION_RAD_PER_S = 7.292115146706979e-5;
/** Gravitational parameter of WGS-72, km^3/s^2 (the constant SGP4 uses). */
export const MU_WGS72_KM3_PER_S2 = 398_600.8;
/** Equatorial radius of WGS-72, km (SGP4's distance unit). */
export const EARTH_RADIUS_WGS72_KM = 6378.135;

/** Names of satellite.js SatRecError codes, for messages. */
const SATREC_ERRORS: Readonly<Record<number, string>> = {
  1: 'mean eccentricity out of range (SGP4 error 1)',
  2: 'mean motion below zero (SGP4 error 2)',
  3: 'perturbed eccentricity out of range (SGP4 error 3)',
  4: 'semi-latus rectum below zero (SGP4 error 4)',
  5: 'epoch elements are sub-orbital (SGP4 error 5)',
  6: 'satellite has decayed (SGP4 error 6)',
};

/** Days from an element set's epoch beyond which a run is warned about (SGP4 error grows with age). */
export const EPOCH_WARNING_DAYS = 14;

/** Orbit facts derived from one element set, used to bound the pass search. */
export interface OrbitBounds {
  /** Anomalistic period from the mean motion, ms. */
  readonly periodMs: number;
  /** Upper bound on geocentric radius (apogee + margin), km. */
  readonly maxRadiusKm: number;
  /** Upper bound on the angular rate of the satellite's direction seen from Earth's centre, Earth-fixed, rad/s. */
  readonly maxAngularRateRadPerS: number;
}

function orbitBounds(set: ElementSet): OrbitBounds {
  const nRadPerS = (set.meanMotionRevPerDay * 2 * Math.PI) / 86_400;
  const aKm = Math.cbrt(MU_WGS72_KM3_PER_S2 / (nRadPerS * nRadPerS));
  const e = set.eccentricity;
  const perigeeKm = aKm * (1 - e);
  // Angular rate at perigee is the largest along a Keplerian ellipse: h / r_p^2.
  const hKm2PerS = Math.sqrt(MU_WGS72_KM3_PER_S2 * aKm * (1 - e * e));
  // Margins cover SGP4's periodic terms and drag over a run (osculating vs mean elements).
  const maxRadiusKm = aKm * (1 + e) * 1.02 + 30;
  const perigeeFloorKm = Math.max(perigeeKm * 0.98 - 30, EARTH_RADIUS_WGS72_KM);
  // The direction to the satellite turns, in the Earth-fixed frame, with angular velocity
  // w h_hat - omega_E z_hat (w = h / r^2, largest at perigee), whose magnitude is
  // sqrt(w^2 + omega_E^2 - 2 w omega_E cos i). The 5 % factor covers SGP4's periodic terms and the
  // 1e-6 rad/s floor the slow precession of the orbit plane (J2: ~2e-7 rad/s for LEO).
  const w = hKm2PerS / (perigeeFloorKm * perigeeFloorKm);
  const cosI = Math.cos((set.inclinationDeg * Math.PI) / 180);
  const relative = Math.sqrt(Math.max(0, w * w + EARTH_ROTATION_RAD_PER_S ** 2 - 2 * w * EARTH_ROTATION_RAD_PER_S * cosI));
  const maxAngularRateRadPerS = relative * 1.05 + 1e-6;
  return { periodMs: (2 * Math.PI * 1000) / nRadPerS, maxRadiusKm, maxAngularRateRadPerS };
}

/** A satellite: its element sets (sorted by epoch) and SGP4 records. */
export class Satellite {
  readonly name: string;
  readonly catalogNumber: string;
  readonly sets: readonly ElementSet[];
  readonly bounds: readonly OrbitBounds[];
  private readonly satrecs: readonly SatRec[];
  /** Switch times between sets: set k is used for utcMs in [switchMs[k-1], switchMs[k]). */
  private readonly switchMs: readonly number[];

  /**
   * @param sets element sets of one satellite (same catalogue number); at least one
   * @param name display name; defaults to the words all sets' names share (`MICIUS` for
   *   `MICIUS 2016-12-18` and `MICIUS 2018-09-15`), else the newest set's name
   */
  constructor(sets: readonly ElementSet[], name?: string) {
    if (sets.length === 0) throw new RangeError('a Satellite needs at least one element set');
    const sorted = [...sets].sort((a, b) => a.epochUtcMs - b.epochUtcMs);
    const cat = sorted[0]!.catalogNumber;
    const other = sorted.find((s) => s.catalogNumber !== cat);
    if (other) throw new RangeError(`element sets of different satellites (${cat}, ${other.catalogNumber}) given to one Satellite`);
    this.sets = sorted;
    this.catalogNumber = cat;
    this.name = name ?? commonName(sorted.map((s) => s.name));
    this.satrecs = sorted.map((s) => (s.tle ? twoline2satrec(s.tle.line1, s.tle.line2) : json2satrec(s.omm as never)));
    this.switchMs = sorted.slice(1).map((s, k) => (sorted[k]!.epochUtcMs + s.epochUtcMs) / 2);
    this.bounds = sorted.map(orbitBounds);
    // satellite.js runs SGP4 at the epoch while initialising: its error is the set's error there.
    const issues = sorted.flatMap((set, k) => elementSetIssues(set, this.satrecs[k]!.error));
    if (issues.length > 0) throw new InputError(issues);
  }

  /**
   * Whether set `setIndex` uses SGP4's deep-space branch (SDP4, periods >= 225 min). Its velocity
   * is not the exact derivative of its position (lunar-solar and resonance terms are left out of
   * the velocity), so searches that need a derivative take it from positions instead.
   */
  isDeepSpace(setIndex: number): boolean {
    return (this.satrecs[setIndex] as SatRec & { method?: string }).method === 'd';
  }

  /** Index of the element set whose epoch is nearest `utcMs`. */
  setIndexAt(utcMs: number): number {
    let k = 0;
    while (k < this.switchMs.length && utcMs >= this.switchMs[k]!) k++;
    return k;
  }

  /**
   * The intervals of [startMs, endMs) served by each element set, in time order.
   * Each pass search runs within one segment so that it never mixes two sets' positions.
   */
  segments(startMs: number, endMs: number): { setIndex: number; startMs: number; endMs: number }[] {
    const out: { setIndex: number; startMs: number; endMs: number }[] = [];
    let k = this.setIndexAt(startMs);
    let t = startMs;
    while (t < endMs) {
      const next = Math.min(endMs, this.switchMs[k] ?? Infinity);
      out.push({ setIndex: k, startMs: t, endMs: next });
      t = next;
      k++;
    }
    return out;
  }

  /** Warnings for runs more than {@link EPOCH_WARNING_DAYS} from the epoch of the set they use. */
  epochWarnings(startMs: number, endMs: number): string[] {
    return this.segments(startMs, endMs).flatMap((seg) => {
      const epoch = this.sets[seg.setIndex]!.epochUtcMs;
      const farDays = Math.max(Math.abs(seg.startMs - epoch), Math.abs(seg.endMs - epoch)) / DAY_MS;
      return farDays > EPOCH_WARNING_DAYS
        ? [`${this.name}: propagating up to ${farDays.toFixed(1)} days from the epoch of the element set it uses (${isoUtc(epoch)}); SGP4 error grows with age`]
        : [];
    });
  }

  /**
   * Earth-fixed position (km) and velocity (km/s) at `utcMs`, written into `out` as
   * [x, y, z, vx, vy, vz]. Uses set `setIndex` if given, else the nearest-epoch set.
   * @throws PropagationError naming the satellite, time and SGP4 error
   */
  stateEcf(utcMs: number, out: Float64Array = new Float64Array(6), setIndex = this.setIndexAt(utcMs)): Float64Array {
    const rec = this.satrecs[setIndex]!;
    // Time since epoch from milliseconds, not from Julian dates: a JD in one double is quantised to
    // ~40 us (0.3 m along a LEO orbit), which would make nearby positions step instead of flow.
    const tsinceMin = (utcMs - this.sets[setIndex]!.epochUtcMs) / MINUTE_MS;
    const pv = sgp4(rec, tsinceMin);
    if (!pv || rec.error !== 0) {
      throw new PropagationError(this.name, utcMs, SATREC_ERRORS[rec.error] ?? `SGP4 error ${rec.error}`);
    }
    const g = gmst1982Rad(utcMs);
    const c = Math.cos(g);
    const s = Math.sin(g);
    const p = pv.position;
    const v = pv.velocity;
    const x = c * p.x + s * p.y;
    const y = -s * p.x + c * p.y;
    out[0] = x;
    out[1] = y;
    out[2] = p.z;
    // v_ecf = R v_teme - omega x r_ecf, with omega along +z.
    out[3] = c * v.x + s * v.y + EARTH_ROTATION_RAD_PER_S * y;
    out[4] = -s * v.x + c * v.y - EARTH_ROTATION_RAD_PER_S * x;
    out[5] = v.z;
    return out;
  }
}

/**
 * Why an element set cannot be used, named by its file and line (TLE) or record (OMM): an epoch
 * before the first satellite, or an SGP4 error at the epoch itself (`sgp4Error`, satellite.js's
 * code after initialisation). A set that fails here would fail on its first propagation, far from
 * where it was read.
 */
function elementSetIssues(set: ElementSet, sgp4Error: number): InputIssue[] {
  const where = (message: string): InputIssue =>
    set.source.line !== undefined ? { file: set.source.file, line: set.source.line, message } : { file: set.source.file, message: `element set ${set.source.index + 1}: ${message}` };
  if (set.epochUtcMs < FIRST_SATELLITE_UTC_MS) {
    return [where(`expected an epoch after the first satellite's launch (Sputnik 1, ${isoUtc(FIRST_SATELLITE_UTC_MS)}), got ${isoUtc(set.epochUtcMs)}`)];
  }
  if (sgp4Error !== 0) {
    const reason = SATREC_ERRORS[sgp4Error] ?? `SGP4 error ${sgp4Error}`;
    return [where(`SGP4 cannot propagate this element set even at its epoch (${isoUtc(set.epochUtcMs)}): ${reason}; check the mean motion, eccentricity and drag terms`)];
  }
  return [];
}

/** The leading words shared by every name, or the last name when they share none. */
function commonName(names: readonly string[]): string {
  const words = names.map((n) => n.split(/\s+/));
  const first = words[0]!;
  let k = 0;
  while (k < first.length && words.every((w) => w[k] === first[k])) k++;
  return k > 0 ? first.slice(0, k).join(' ') : names[names.length - 1]!;
}

/**
 * Groups element sets into satellites by catalogue number, in order of first appearance.
 * A satellite's name is the words its sets' names share.
 * @throws InputError naming the file and line of every set SGP4 cannot start from
 */
export function satellitesFromSets(sets: readonly ElementSet[]): Satellite[] {
  const groups = new Map<string, ElementSet[]>();
  for (const s of sets) {
    const list = groups.get(s.catalogNumber);
    if (list) list.push(s);
    else groups.set(s.catalogNumber, [s]);
  }
  // Every satellite's unusable sets are reported together, not only the first satellite's.
  const issues: InputIssue[] = [];
  const out: Satellite[] = [];
  for (const g of groups.values()) {
    try {
      out.push(new Satellite(g));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}
