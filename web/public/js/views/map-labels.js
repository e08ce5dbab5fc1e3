// Node labels that never overlap: placed greedily, the hovered or focused node first, then the
// cities (ground stations and named backbone nodes), then user sites, then numbered relays, each at
// the first of four spots round its marker whose box is free of labels and markers. The cities
// come first, so they keep their labels; relays get one only where there is room (more of them as
// the map is zoomed in) or while hovered or focused.

const CHAR_PX = 6.3;
const LABEL_H = 13;
/** Spots round a marker: text anchor and offset. */
const SPOTS = [
  { dx: 9, dy: -7, anchor: 'start' },
  { dx: -9, dy: -7, anchor: 'end' },
  { dx: 9, dy: 15, anchor: 'start' },
  { dx: -9, dy: 15, anchor: 'end' },
];

const boxOf = (x, y, spot, text) => {
  const w = text.length * CHAR_PX;
  const x0 = spot.anchor === 'start' ? x + spot.dx : x + spot.dx - w;
  return { x0, y0: y + spot.dy - LABEL_H + 3, x1: x0 + w, y1: y + spot.dy + 3 };
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
  // The markers themselves are obstacles too (labels must not cover a station).
  for (const { x, y } of items) taken.push({ x0: x - 5, y0: y - 5, x1: x + 5, y1: y + 5 });
  for (const { d, x, y } of ordered) {
    const text = labelText(d);
    const inside = (b) => b.x0 >= 0 && b.x1 <= width && b.y0 >= 0 && b.y1 <= height;
    const own = (b) => b.x0 < x + 5 && x - 5 < b.x1 && b.y0 < y + 5 && y - 5 < b.y1;
    let chosen = null;
    for (const spot of SPOTS) {
      const b = boxOf(x, y, spot, text);
      if (inside(b) && !taken.some((t) => overlaps(t, b) && !own(t))) {
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
