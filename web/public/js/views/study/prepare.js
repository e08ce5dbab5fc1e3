// The study view's data: a study.json (format qkdsim-study/1) indexed by parameter point, value
// labels, display units, and the shared constants of its charts.
import { bitUnit } from '../../format.js';
import { OKABE_ITO } from '../../palette.js';

/** The y selection meaning "no second dimension: draw a line". */
export const LINE = -1;
export const HATCH_ID = 'hatch-study-failed';
export const LINE_COLOUR = OKABE_ITO.blue;
export const MISSING_FILL = '#eceff2';
/** A dimension value as a label: lists (several paths) as "12/6/2", anything else as written. */
export function valueLabel(v) {
  if (Array.isArray(v)) return v.map(valueLabel).join('/');
  if (v === null || v === undefined) return '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const valueKey = (v) => JSON.stringify(v ?? null);

/** Numbers in tooltips and cells: four significant digits, trailing zeros dropped. */
export const num = d3.format('.4~r');

/** Display unit of a metric for values up to maxAbs: bit and bit/day scaled to kbit, Mbit, Gbit. */
export function displayUnit(unit, maxAbs) {
  if (/^bit(\/|$)/.test(unit)) {
    const u = bitUnit(maxAbs);
    return { factor: u.factor, label: `${u.unit}${unit.slice(3)}` };
  }
  return { factor: 1, label: unit };
}

/** The study.json, indexed: dimensions (a study without a sweep gets one of one value) and points by value indices. */
export function prepare(doc) {
  const dims = doc.dimensions.length > 0 ? doc.dimensions : [{ name: '(no sweep)', paths: [], values: [null] }];
  const lookup = dims.map((d) => new Map(d.values.map((v, i) => [valueKey(v), i])));
  const errors = new Map();
  for (const c of doc.cases ?? []) {
    if (c.status !== 'ok' && c.error && !errors.has(c.caseId)) errors.set(c.caseId, c.error);
  }
  const points = new Map();
  for (const s of doc.summary) {
    const idx = dims.map((d, j) => {
      if (d.paths.length === 0) return 0;
      const v = d.paths.length === 1 ? s.point[d.paths[0]] : d.paths.map((p) => s.point[p]);
      return lookup[j].get(valueKey(v));
    });
    if (idx.some((i) => i === undefined)) continue;
    points.set(idx.join(','), { ...s, idx, error: errors.get(s.caseId) ?? null });
  }
  // A dimension is drawn on a numeric axis when every value is a number, else as categories.
  const numeric = dims.map((d) => d.values.length > 1 && d.values.every((v) => typeof v === 'number' && Number.isFinite(v)));
  const totalPoints = dims.reduce((a, d) => a * d.values.length, 1);
  const failedRuns = d3.sum(doc.summary, (s) => s.failed);
  const failedPoints = doc.summary.filter((s) => s.failed > 0).length;
  return { doc, dims, points, numeric, totalPoints, failedRuns, failedPoints };
}
