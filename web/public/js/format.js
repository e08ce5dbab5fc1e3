// Shared formatting: key amounts with a unit chosen from the data, UTC times, durations.

const UNITS = [
  { unit: 'Pbit', factor: 1e15 },
  { unit: 'Tbit', factor: 1e12 },
  { unit: 'Gbit', factor: 1e9 },
  { unit: 'Mbit', factor: 1e6 },
  { unit: 'kbit', factor: 1e3 },
];

/** The unit for amounts up to maxBits: {unit, factor}. kbit at least. */
export function bitUnit(maxBits) {
  return UNITS.find((u) => maxBits >= 10 * u.factor) ?? UNITS[2];
}

/** An amount of key with its own unit, three significant digits: "1.84 Mbit", "17.4 Tbit", "128 bit". */
export function formatBits(bits) {
  if (bits === null || bits === undefined || !Number.isFinite(bits)) return '–';
  if (Math.abs(bits) < 1000) return `${Math.round(bits)} bit`;
  const u = UNITS.find((x) => Math.abs(bits) >= x.factor) ?? UNITS[2];
  const v = bits / u.factor;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${u.unit}`;
}

const pad = (n) => String(n).padStart(2, '0');

/** "2016-12-19 16:52:13 UTC". */
export function formatUtc(ms, seconds = true) {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${date} ${time} UTC`;
}

/** "4 min 2 s", "3.2 h", "1.5 d". */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** Escapes text for innerHTML. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Tick labels for UTC time axes: the date at midnight ("Dec 17"), else 24-hour time ("06:00"). */
export function utcTick(date) {
  const d = date instanceof Date ? date : new Date(date);
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return d3.utcFormat('%b %d')(d);
  return d3.utcFormat(d.getUTCSeconds() === 0 ? '%H:%M' : '%H:%M:%S')(d);
}

const dayOf = (d) => Math.floor(+d / 86_400_000);

/**
 * A d3 bottom axis for UTC time whose ticks always say which day they are on, however far it is
 * zoomed: the first tick and every tick on a new day carry the date ("Dec 17 06:00"); the others
 * the time of day. Midnight reads as the date alone.
 */
export function utcAxis(x, widthPx) {
  const values = x.ticks(Math.max(2, Math.floor(widthPx / 100)));
  const format = (d, i) => {
    const midnight = +d % 86_400_000 === 0;
    if (midnight) return d3.utcFormat('%b %d')(d);
    const time = utcTick(d);
    return i === 0 || dayOf(values[i - 1]) !== dayOf(d) ? `${d3.utcFormat('%b %d')(d)} ${time}` : time;
  };
  return d3.axisBottom(x).tickValues(values).tickFormat(format).tickSizeOuter(0);
}

/** A percentage for labels: "99.7 %", "0.02 %". */
export function formatPercent(fraction) {
  if (!Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p.toPrecision(1)} %`;
}

/** Axis numbers without SI prefixes (which would read "100m" for 0.1 Mbit). */
export const axisNumber = d3.format(',~r');
