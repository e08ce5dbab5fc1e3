// Colours readable with the common colour-vision deficiencies: the Okabe-Ito palette for
// categories (Okabe & Ito 2008), cividis for pool levels, and shapes or patterns as a second cue.

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
};

/**
 * Line colours for series, in order: Okabe-Ito blue, vermillion and green with darker stand-ins for
 * its light colours (wine, indigo, dark gold, purple), each at least 3:1 against white (WCAG 2.1
 * non-text contrast), black last. Beyond eight series a dash pattern tells repeats apart.
 */
export const SERIES = ['#0072B2', '#D55E00', '#009E73', '#882255', '#332288', '#8C6D00', '#AA4499', '#000000'];
/** Dash patterns combined with SERIES: 24 distinct line styles before one repeats. */
export const SERIES_DASHES = [null, '7 3', '2 2.5'];

/** The colour and dash of the i-th series. */
export function seriesStyle(i) {
  return { colour: SERIES[i % SERIES.length], dash: SERIES_DASHES[Math.floor(i / SERIES.length) % SERIES_DASHES.length] };
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours (relative luminance, sRGB). */
export function contrastRatio(a, b) {
  const lum = (hex) => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Pass outcomes: fill, optional hatch pattern id, label. Unknown outcomes fall back to `other`. */
export const PASS_OUTCOMES = {
  keyed: { fill: OKABE_ITO.blue, label: 'key delivered' },
  'no-key': { fill: OKABE_ITO.vermillion, label: 'key window, no secret key' },
  daylight: { fill: OKABE_ITO.orange, label: 'daylight' },
  'below-key-mask': { fill: '#BBBBBB', label: 'below the key mask' },
  clouded: { fill: '#6E6E6E', pattern: 'hatch-clouded', label: 'clouded' },
  'not-scheduled': { fill: OKABE_ITO.purple, pattern: 'hatch-unscheduled', label: 'not scheduled' },
  other: { fill: OKABE_ITO.yellow, label: 'other' },
};

export function passOutcomeStyle(outcome) {
  return PASS_OUTCOMES[outcome] ?? { ...PASS_OUTCOMES.other, label: String(outcome) };
}

/** Demand status: colour and a symbol, so the status never depends on colour alone. */
export const DEMAND_STATUS = {
  served: { fill: OKABE_ITO.green, symbol: '✓', label: 'served' },
  partial: { fill: OKABE_ITO.orange, symbol: '◐', label: 'partly served' },
  failed: { fill: OKABE_ITO.vermillion, symbol: '✕', label: 'failed' },
};

export function demandStatusStyle(status) {
  return DEMAND_STATUS[status] ?? { fill: '#999999', symbol: '?', label: String(status) };
}

/** Node kinds on the map: fill and d3 symbol. */
export const NODE_KINDS = {
  station: { fill: OKABE_ITO.blue, symbol: 'circle', label: 'ground station' },
  relay: { fill: '#444444', symbol: 'square', label: 'trusted relay' },
  user: { fill: OKABE_ITO.purple, symbol: 'diamond', label: 'user site' },
};

/** Pool level (fraction of capacity, 0..1) to colour: cividis, dark blue (empty) to yellow (full). */
export const poolColour = (fraction) => d3.interpolateCividis(Math.max(0, Math.min(1, fraction)));

/** Adds the hatch patterns the outcome styles refer to into an svg's <defs>. */
export function addPatterns(svg) {
  let defs = svg.select('defs');
  if (defs.empty()) defs = svg.insert('defs', ':first-child');
  for (const [id, outcome] of [['hatch-clouded', 'clouded'], ['hatch-unscheduled', 'not-scheduled']]) {
    if (!defs.select(`#${id}`).empty()) continue;
    const p = defs.append('pattern').attr('id', id).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', PASS_OUTCOMES[outcome].fill);
    p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#fff').attr('stroke-width', 2.5);
  }
}

/** The fill of a pass bar: its hatch pattern if it has one. */
export function passFill(outcome, keyScale, bits) {
  const s = passOutcomeStyle(outcome);
  if (outcome === 'keyed' && keyScale) return keyScale(bits);
  return s.pattern ? `url(#${s.pattern})` : s.fill;
}
