// Which key pools the pool chart shows, for networks of a few links up to hundreds: a search box,
// all / none (of those matching the search), presets "below warning" (pools that fell below their
// warning threshold during the run) and "most discarded" (the pools that threw away the most key
// at capacity), and the list itself grouped into on-board stores and fibre links, each line with
// its colour, dash and level at the clock's time.
import { escapeHtml, formatBits } from '../format.js';

/** Pools a preset picks at most (more lines than this do not read). */
export const PRESET_MAX = 8;

/** Whether a series ever fell below its warning threshold. */
export const everBelowWarning = (s) => s.warningBits > 0 && s.values.some((v) => v.bits < s.warningBits);

/** The presets: name, label and the ids they select from all series. */
export const PRESETS = {
  critical: {
    label: 'critical',
    title: 'pools below warning first, then those that discarded the most key',
    pick: (series) => {
      const below = series.filter(everBelowWarning).sort((a, b) => minFraction(a) - minFraction(b));
      const discarded = series.filter((s) => s.discardedBits > 0 && !below.includes(s)).sort((a, b) => b.discardedBits - a.discardedBits);
      const picked = [...below, ...discarded].slice(0, PRESET_MAX);
      return picked.length > 0 ? picked : series.slice(0, 6);
    },
  },
  below: { label: 'below warning', title: 'pools that fell below their warning threshold', pick: (series) => series.filter(everBelowWarning).sort((a, b) => minFraction(a) - minFraction(b)).slice(0, PRESET_MAX) },
  discarded: { label: 'most discarded', title: `the ${PRESET_MAX} pools that discarded the most key at capacity`, pick: (series) => series.filter((s) => s.discardedBits > 0).sort((a, b) => b.discardedBits - a.discardedBits).slice(0, PRESET_MAX) },
};

const minFraction = (s) => (s.capacityBits > 0 ? d3.min(s.values, (v) => v.bits) / s.capacityBits : 0);

/** The picker: renders into `root` and calls onChange(selectedSet) after every change. */
export function poolPicker() {
  let root;
  let list;
  let series = [];
  let selected = new Set();
  let query = '';
  let onChange = () => {};

  function picker(container) {
    root = d3.select(container).append('div').attr('class', 'pool-picker');
    const bar = root.append('div').attr('class', 'picker-bar');
    bar.append('input').attr('type', 'search').attr('class', 'pool-search').attr('placeholder', 'search pools').attr('aria-label', 'search pools by id or node')
      .on('input', (e) => {
        query = e.target.value.trim().toLowerCase();
        drawList();
      });
    bar.append('button').attr('type', 'button').attr('class', 'pool-all').text('all').attr('title', 'show every pool matching the search')
      .on('click', () => set(new Set([...selected, ...matching().map((s) => s.id)])));
    bar.append('button').attr('type', 'button').attr('class', 'pool-none').text('none').attr('title', 'hide every pool matching the search')
      .on('click', () => set(new Set([...selected].filter((id) => !matching().some((s) => s.id === id)))));
    for (const [key, p] of Object.entries(PRESETS)) {
      bar.append('button').attr('type', 'button').attr('class', `pool-preset preset-${key}`).attr('data-preset', key).text(p.label).attr('title', p.title)
        .on('click', () => set(new Set(p.pick(series).map((s) => s.id))));
    }
    bar.append('span').attr('class', 'pool-count muted');
    list = root.append('div').attr('class', 'series-list');
  }

  const matching = () => (query === '' ? series : series.filter((s) => `${s.id} ${s.from} ${s.to}`.toLowerCase().includes(query)));

  function set(next) {
    selected = next;
    drawList();
    onChange(selected);
  }

  function drawList() {
    if (!list) return;
    const shown = matching();
    root.select('.pool-count').text(`${selected.size} of ${series.length} shown${query ? `, ${shown.length} match` : ''}`);
    const groups = [
      { title: 'On-board stores (satellite → station)', items: shown.filter((s) => s.kind === 'downlink') },
      { title: 'Fibre links', items: shown.filter((s) => s.kind !== 'downlink') },
    ].filter((g) => g.items.length > 0);
    const groupSel = list.selectAll('fieldset').data(groups, (g) => g.title)
      .join((enter) => {
        const f = enter.append('fieldset');
        f.append('legend').text((g) => g.title);
        return f;
      });
    groupSel.selectAll('label.series').data((g) => g.items, (s) => s.id)
      .join((enter) => {
        const l = enter.append('label').attr('class', 'series');
        l.append('input').attr('type', 'checkbox').on('change', (e, s) => {
          const next = new Set(selected);
          if (e.target.checked) next.add(s.id);
          else next.delete(s.id);
          set(next);
        });
        l.append('svg').attr('class', 'swatch-line').attr('width', 22).attr('height', 8).append('line').attr('x1', 1).attr('x2', 21).attr('y1', 4).attr('y2', 4);
        l.append('span').attr('class', 'series-name');
        l.append('span').attr('class', 'series-value');
        return l;
      })
      .attr('data-id', (s) => s.id)
      .call((l) => {
        l.select('input').property('checked', (s) => selected.has(s.id));
        l.select('.swatch-line line').attr('stroke', (s) => s.colour).attr('stroke-dasharray', (s) => s.dash).attr('stroke-width', 2.5);
        l.select('.series-name').text((s) => s.id).attr('title', (s) => `${s.from} → ${s.to}; capacity ${formatBits(s.capacityBits)}, warning below ${formatBits(s.warningBits)}, discarded ${formatBits(s.discardedBits)}`);
      });
    picker.values(picker.lastValues);
  }

  /** All series [{id, kind, from, to, colour, dash, values, capacityBits, warningBits, discardedBits}] and the selection. */
  picker.data = function (s, initial) {
    series = s;
    selected = new Set(initial);
    query = '';
    root?.select('.pool-search').property('value', '');
    list?.html('');
    drawList();
    return picker;
  };
  picker.selected = () => selected;
  /** Shows each pool's value at the clock's time: valueOf(series) -> bits | null. */
  picker.values = function (valueOf) {
    picker.lastValues = valueOf;
    if (!list || !valueOf) return picker;
    list.selectAll('.series-value').text((s) => {
      const v = valueOf(s);
      return v === null ? '' : formatBits(v);
    });
    return picker;
  };
  picker.onChange = function (_) {
    onChange = _;
    return picker;
  };
  picker.escape = escapeHtml;
  return picker;
}
