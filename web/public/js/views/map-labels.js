// Node labels that never overlap: placed greedily, the hovered or focused node first, then the
// cities (ground stations and named backbone nodes), then user sites, then numbered relays, each at
// the first of four spots round its marker whose box is free of labels and markers. The cities
// come first, so they keep their labels; relays get one only where there is room (more of them as
// the map is zoomed in) or while hovered or focused.

/** Generous widths for 11 px system fonts (a box too wide only costs a label, never an overlap). */
const CHAR_PX = 6.6;
const PAD_PX = 3;
const LABEL_H = 14;
/** Spots round a marker: text anchor and offset. */
const SPOTS = [
  { dx: 9, dy: -7, anchor: 'start' },
  { dx: -9, dy: -7, anchor: 'end' },
  { dx: 9, dy: 15, anchor: 'start' },
  { dx: -9, dy: 15, anchor: 'end' },
];

const boxOf = (x, y, spot, text) => {
  const w = text.length * CHAR_PX + 2 * PAD_PX;
  const x0 = spot.anchor === 'start' ? x + spot.dx - PAD_PX : x + spot.dx - w + PAD_PX;
  return { x0, y0: y + spot.dy - LABEL_H + 3, x1: x0 + w, y1: y + spot.dy + 4 };
};
const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The label text of a node: its name when short, else its id. */
export const labelText = (d) => (d.name && d.name.length <= 22 ? d.name : d.id);

/**
 * Places labels for nodes [{d, x, y}] (screen positions) inside width x height; `always` is a set
 * of ids labelled whatever (hovered / focused). Returns Map id -> spot or null (hidden).
 */
export function placeLabels(items, width, height, always = new Set()) {
  const taken = [];
  const out = new Map();
  const rank = (d) => (always.has(d.id) ? 0 : d.kind === 'station' || (d.kind === 'relay' && d.name && d.name !== d.id) ? 1 : d.kind === 'user' ? 2 : 3);
  const ordered = [...items].sort((a, b) => rank(a.d) - rank(b.d) || (a.d.id < b.d.id ? -1 : 1));
  // Station markers are obstacles too (a label must not hide a ground station), except a node's own;
  // other markers sit under the labels' white halo.
  for (const { d, x, y } of items) if (d.kind === 'station') taken.push({ x0: x - 6, y0: y - 6, x1: x + 6, y1: y + 6, marker: d.id });
  for (const { d, x, y } of ordered) {
    const text = labelText(d);
    const inside = (b) => b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height;
    let chosen = null;
    for (const spot of SPOTS) {
      const b = boxOf(x, y, spot, text);
      if (inside(b) && !taken.some((t) => t.marker !== d.id && overlaps(t, b))) {
        chosen = { spot, box: b };
        break;
      }
    }
    if (!chosen && rank(d) === 0) chosen = { spot: SPOTS[0], box: boxOf(x, y, SPOTS[0], text) };
    if (chosen) taken.push(chosen.box);
    out.set(d.id, chosen ? chosen.spot : null);
  }
  return out;
}
