// Tooltip and details-pane text of the map's nodes and links.
import { NODE_KINDS } from '../palette.js';
import { escapeHtml, formatBits } from '../format.js';

/** A node: name, kind, id, position; whether a pass is in progress over it. */
export function nodeHtml(d, inPass) {
  return `<b>${escapeHtml(d.name || d.id)}</b><br>${escapeHtml((NODE_KINDS[d.kind] ?? { label: d.kind }).label)} <code>${escapeHtml(d.id)}</code><br>${d.latDeg.toFixed(3)}° ${d.lonDeg.toFixed(3)}°`
    + (inPass ? '<br><b>satellite pass in progress</b>' : '');
}

/** Tooltip and details text of a link with its pool level now. */
export function linkHtml(d, level) {
  return `<b>${escapeHtml(d.id)}</b> (${d.kind === 'downlink' ? 'satellite downlink' : 'fibre'})<br>${escapeHtml(d.from)} – ${escapeHtml(d.to)}`
    + (level ? `<br>pool ${formatBits(level.bits)} of ${formatBits(d.capacityBits)} (${(level.fraction * 100).toFixed(1)} %)${level.belowWarning ? '<br><b>below the warning threshold</b>' : ''}` : '')
    + `<br>warning at ${formatBits(d.warningBits)}`
    + (d.keyMaskDeg !== undefined ? `<br>key mask ${d.keyMaskDeg}°, key only with the Sun below ${d.sunMaxElevationDeg}°` : '')
    + (level?.down ? `<br><b>down: ${escapeHtml(level.down)}</b>` : '');
}
