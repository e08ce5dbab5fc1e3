// Pieces the study charts share: tick room and rotation, legends of point status, axis titles and
// the tooltip of a point. `ctx` is the view's state: {svg, legend, note, width, sel, current}.
import { escapeHtml } from '../../format.js';
import { HATCH_ID, MISSING_FILL, num, valueLabel } from './prepare.js';

/** x tick labels: rotated when they do not fit their slot; returns the extra bottom margin. */
export function tickRoom(labels, slot) {
  const longest = 6.6 * (d3.max(labels, (l) => l.length) ?? 1);
  return longest > slot - 6 ? { rotate: true, extra: Math.min(110, longest * 0.62) } : { rotate: false, extra: 0 };
}

export function styleTicks(g, rotate) {
  if (rotate) g.selectAll('.tick text').attr('text-anchor', 'end').attr('transform', 'rotate(-35)').attr('dx', '-0.4em').attr('dy', '0.6em');
}



export function legendItem(ctx, svgHtml, text) {
  const item = ctx.legend.append('span').attr('class', 'legend-item');
  item.html(svgHtml);
  item.append('span').text(text);
  return item;
}

export function statusLegend(ctx, items, line) {
  const count = (s) => items.filter((d) => d.status === s).length;
  const hatch = `url(#${HATCH_ID})`;
  if (line) legendItem(ctx, `<svg ctx.width="14" height="14"><path transform="translate(7,7)" d="${d3.symbol(d3.symbolDiamond, 80)()}" fill="${hatch}" stroke="#0072B2" stroke-width="1.5"/></svg>`, `some runs failed (${count('partial')})`);
  else legendItem(ctx, `<svg ctx.width="16" height="14"><rect ctx.width="16" height="14" fill="#8da0b0"/><path d="M9,0H16V7Z" fill="${hatch}" stroke="#1b1f24" stroke-width="0.6"/></svg>`, `some runs failed (${count('partial')})`);
  legendItem(ctx, `<svg ctx.width="16" height="14"><rect ctx.width="16" height="14" fill="${hatch}" stroke="#8a939d"/></svg>`, `every run failed (${count('failed')})`);
  if (count('no-value') > 0) legendItem(ctx, `<svg ctx.width="16" height="14"><rect ctx.width="16" height="14" fill="${MISSING_FILL}"/></svg>`, `no value for this key (${count('no-value')})`);
  if (count('not-run') > 0) legendItem(ctx, '<svg ctx.width="16" height="14"><rect x="0.5" y="0.5" ctx.width="15" height="13" fill="none" stroke="#8a939d" stroke-dasharray="4 3"/></svg>', `not run yet (${count('not-run')})`);
}

/** An axis title: the dimension's name, and its path when that differs and fits in `room` px. */
export function dimTitle(dim, room) {
  const long = dim.paths.length === 1 && dim.paths[0] !== dim.name ? `${dim.name} (${dim.paths[0]})` : dim.name;
  return long.length * 6.8 <= room ? long : dim.name;
}

export function pointHtml(ctx, d, metric, unit) {
  const { dims } = ctx.current;
  const where = dims.map((dim, j) => (dim.paths.length === 0 ? null : `${escapeHtml(dim.name)} = <b>${escapeHtml(valueLabel(dim.values[d.idx[j]]))}</b>`)).filter(Boolean).join('<br>');
  const head = d.p ? `<b>${escapeHtml(d.p.caseId)}</b>` : '<b>not run yet</b>';
  const v = (x) => `${num(x / unit.factor)} ${escapeHtml(unit.label)}`;
  const lines = [head];
  if (where) lines.push(where);
  lines.push(`<b>${escapeHtml(`${ctx.sel.metric}.${ctx.sel.key}`)}</b>`);
  if (d.stats && ctx.diff) {
    const pct = d.baseMean ? ` (${d.stats.mean >= 0 ? '+' : ''}${num((100 * d.stats.mean) / Math.abs(d.baseMean))} %)` : '';
    lines.push(`difference of means vs ${escapeHtml(ctx.diff.label)}: ${d.stats.mean >= 0 ? '+' : ''}${v(d.stats.mean)}${pct}`, `baseline mean ${v(d.baseMean)}`);
  } else if (d.stats) {
    lines.push(`mean ${v(d.stats.mean)}, sd ${v(d.stats.sd)}`, `min ${v(d.stats.min)}, max ${v(d.stats.max)}`, `n ${d.stats.n} (runs with a value)`);
  } else if (d.status === 'no-value') {
    lines.push('no value: the runs did not produce this key');
  }
  if (d.p) lines.push(`runs ${d.p.n}, failed ${d.p.failed}`);
  if (d.p?.error) lines.push(`<span class="tooltip-error">${escapeHtml(d.p.error.length > 240 ? `${d.p.error.slice(0, 240)}…` : d.p.error)}</span>`);
  return lines.join('<br>');
}
