// The details pane: what was picked (a pass, a demand, a node or a link) by click, tap or keyboard,
// in full, for every input device (hover tooltips are only a shortcut). A pass shows its elevation
// against time; a demand its path, which the map colours.
import { escapeHtml, formatBits, formatUtc } from '../format.js';
import { passHtml } from './timeline.js';
import { demandHtml, distinctPaths } from './demands.js';
import { linkHtml } from './map.js';
import { drawElevation } from './elevation.js';
import { NODE_KINDS } from '../palette.js';

export function detailsPane() {
  let root;
  let body;
  let onClose = () => {};

  function pane(container) {
    root = d3.select(container).attr('hidden', true);
    const head = root.append('div').attr('class', 'details-head');
    head.append('h2').attr('id', 'details-heading').text('Details');
    head.append('button').attr('type', 'button').attr('class', 'details-close').attr('aria-label', 'close the details').text('×')
      .on('click', () => {
        pane.clear();
        onClose();
      });
    body = root.append('div').attr('class', 'details-body').attr('aria-live', 'polite');
  }

  function show(kind, id, html) {
    root.attr('hidden', null).attr('data-kind', kind).attr('data-id', id);
    body.html(html);
  }

  /** A pass and, once fetched, its elevation: elevation is a promise of the route's answer. */
  pane.pass = function (p, elevation) {
    show('pass', String(p.key ?? p.index), `<p>${passHtml(p)}</p><div class="elevation" aria-busy="true"><p class="muted">elevation…</p></div>`);
    elevation?.then((data) => {
      if (root.attr('data-kind') !== 'pass' || root.attr('data-id') !== String(p.key ?? p.index)) return;
      const box = body.select('.elevation').attr('aria-busy', null).node();
      drawElevation(box, data, box.clientWidth || 320);
    }, (error) => body.select('.elevation').attr('aria-busy', null).html(`<p class="error-title">no elevation: ${escapeHtml(error.message)}</p>`));
    return pane;
  };
  pane.demand = function (d) {
    const paths = distinctPaths(d);
    show('demand', d.id, `<p>${demandHtml(d)}</p><p><b>path${paths.length === 1 ? '' : 's'}</b> (coloured on the map):</p><ol class="path-list">${paths.map((p) => `<li>${p.nodes.map(escapeHtml).join(' → ') || '<i>no route</i>'}${paths.length > 1 ? ` <span class="muted">from ${formatUtc(Date.parse(p.from), false)}</span>` : ''}</li>`).join('') || '<li><i>none</i></li>'}</ol>`);
    return pane;
  };
  pane.node = function (n, links) {
    const mine = links.filter((l) => l.from === n.id || l.to === n.id);
    show('node', n.id, `<p><b>${escapeHtml(n.name || n.id)}</b><br>${escapeHtml((NODE_KINDS[n.kind] ?? { label: n.kind }).label)} <code>${escapeHtml(n.id)}</code><br>${n.latDeg.toFixed(3)}° ${n.lonDeg.toFixed(3)}°</p>`
      + `<p>${mine.length} link${mine.length === 1 ? '' : 's'}:</p><ul>${mine.map((l) => `<li>${escapeHtml(l.id)} (${l.kind === 'downlink' ? 'downlink' : 'fibre'}, capacity ${formatBits(l.capacityBits)})</li>`).join('')}</ul>`);
    return pane;
  };
  pane.link = function (l, level) {
    show('link', l.id, `<p>${linkHtml(l, level)}</p>`);
    return pane;
  };
  pane.clear = function () {
    root?.attr('hidden', true).attr('data-kind', null).attr('data-id', null);
    body?.html('');
    return pane;
  };
  pane.onClose = function (_) {
    onClose = _;
    return pane;
  };
  return pane;
}
