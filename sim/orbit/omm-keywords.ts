/**
 * The OMM keywords of CCSDS 502.0-B-3 (tables 4-1 header, 4-2 metadata, 4-3 data), with the XML
 * block each sits in (section 8) and its unit where it has one (7.5 / table 4-3). Readers refuse a
 * keyword not listed here ("only those keywords ... shall be used", 4.2.2.2, 4.2.3.2, 4.2.4.2), so a
 * misspelt keyword is reported instead of silently missing.
 * @module
 */

/** Where a keyword sits in the XML encoding. */
export type OmmBlock = 'header' | 'metadata' | 'meanElements' | 'spacecraftParameters' | 'tleParameters' | 'covarianceMatrix' | 'userDefinedParameters';

/** A keyword's block and unit (as written in KVN `[unit]` or an XML `units` attribute). */
export interface OmmKeyword {
  readonly block: OmmBlock;
  readonly unit?: string;
}

const COVARIANCE = [
  'COV_REF_FRAME', 'CX_X', 'CY_X', 'CY_Y', 'CZ_X', 'CZ_Y', 'CZ_Z', 'CX_DOT_X', 'CX_DOT_Y', 'CX_DOT_Z', 'CX_DOT_X_DOT',
  'CY_DOT_X', 'CY_DOT_Y', 'CY_DOT_Z', 'CY_DOT_X_DOT', 'CY_DOT_Y_DOT', 'CZ_DOT_X', 'CZ_DOT_Y', 'CZ_DOT_Z', 'CZ_DOT_X_DOT',
  'CZ_DOT_Y_DOT', 'CZ_DOT_Z_DOT',
];

/** Every OMM keyword but COMMENT and USER_DEFINED_x (see {@link ommKeyword}). */
export const OMM_KEYWORDS: Readonly<Record<string, OmmKeyword>> = {
  CCSDS_OMM_VERS: { block: 'header' },
  CLASSIFICATION: { block: 'header' },
  CREATION_DATE: { block: 'header' },
  ORIGINATOR: { block: 'header' },
  MESSAGE_ID: { block: 'header' },
  OBJECT_NAME: { block: 'metadata' },
  OBJECT_ID: { block: 'metadata' },
  CENTER_NAME: { block: 'metadata' },
  REF_FRAME: { block: 'metadata' },
  REF_FRAME_EPOCH: { block: 'metadata' },
  TIME_SYSTEM: { block: 'metadata' },
  MEAN_ELEMENT_THEORY: { block: 'metadata' },
  EPOCH: { block: 'meanElements' },
  SEMI_MAJOR_AXIS: { block: 'meanElements', unit: 'km' },
  MEAN_MOTION: { block: 'meanElements', unit: 'rev/day' },
  ECCENTRICITY: { block: 'meanElements' },
  INCLINATION: { block: 'meanElements', unit: 'deg' },
  RA_OF_ASC_NODE: { block: 'meanElements', unit: 'deg' },
  ARG_OF_PERICENTER: { block: 'meanElements', unit: 'deg' },
  MEAN_ANOMALY: { block: 'meanElements', unit: 'deg' },
  GM: { block: 'meanElements', unit: 'km**3/s**2' },
  MASS: { block: 'spacecraftParameters', unit: 'kg' },
  SOLAR_RAD_AREA: { block: 'spacecraftParameters', unit: 'm**2' },
  SOLAR_RAD_COEFF: { block: 'spacecraftParameters' },
  DRAG_AREA: { block: 'spacecraftParameters', unit: 'm**2' },
  DRAG_COEFF: { block: 'spacecraftParameters' },
  EPHEMERIS_TYPE: { block: 'tleParameters' },
  CLASSIFICATION_TYPE: { block: 'tleParameters' },
  NORAD_CAT_ID: { block: 'tleParameters' },
  ELEMENT_SET_NO: { block: 'tleParameters' },
  REV_AT_EPOCH: { block: 'tleParameters' },
  BSTAR: { block: 'tleParameters', unit: '1/ER' },
  BTERM: { block: 'tleParameters', unit: 'm**2/kg' },
  MEAN_MOTION_DOT: { block: 'tleParameters', unit: 'rev/day**2' },
  MEAN_MOTION_DDOT: { block: 'tleParameters', unit: 'rev/day**3' },
  AGOM: { block: 'tleParameters', unit: 'm**2/kg' },
  ...Object.fromEntries(COVARIANCE.map((k) => [k, { block: 'covarianceMatrix' as const }])),
};

const USER_DEFINED: OmmKeyword = { block: 'userDefinedParameters' };

/** The keyword's description, or undefined when OMM has no such keyword. */
export function ommKeyword(keyword: string): OmmKeyword | undefined {
  if (Object.hasOwn(OMM_KEYWORDS, keyword)) return OMM_KEYWORDS[keyword];
  return /^USER_DEFINED_[A-Z0-9_]+$/.test(keyword) ? USER_DEFINED : undefined;
}

/**
 * The issue message for a unit written next to a value, or undefined when it is the keyword's unit
 * (compared without case: `[DEG]` and `[deg]` are the same unit).
 */
export function unitProblem(keyword: string, unit: string): string | undefined {
  const known = ommKeyword(keyword);
  if (known === undefined || known.block === 'userDefinedParameters') return undefined;
  const expected = known.unit;
  if (expected === undefined) return `expected no unit (${keyword} is dimensionless or text) but got [${unit}]`;
  return expected.toLowerCase() === unit.trim().toLowerCase() ? undefined : `expected the unit [${expected}] (CCSDS 502.0-B-3 table 4-3) but got [${unit}]`;
}
