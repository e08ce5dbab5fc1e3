// The range picker: the whole run as a strip with the range in view as a brush (drag it, or drag
// a new one), the range written out, and a reset button. It sets the shared time axis, which the
// pass timeline, pool chart and demand chart draw.
import { formatUtc, utcAxis } from '../format.js';

const M = { left: 34, right: 34 };
const H = 44;

export function rangePicker(axis) {
  let width = 600;
  let svg;
  let brush;
  let label;
  let reset;
  let moving = false;

  function picker(container) {
    const root = d3.select(container).attr('class', 'range-picker');
    const bar = root.append('div').attr('class', 'range-bar');
    label = bar.append('span').attr('class', 'range-label').attr('aria-live', 'polite');
    reset = bar.append('button').attr('type', 'button').attr('class', 'range-reset').text('show the whole run').on('click', () => axis.reset());
    svg = root.append('svg').attr('class', 'range-svg').attr('aria-label', 'time range in view: drag to choose');
    svg.append('g').attr('class', 'x-axis');
    brush = d3.brushX().on('brush end', (e) => {
      if (!e.sourceEvent || moving) return;
      const x = scale();
      if (!e.selection) return axis.reset();
      axis.set(e.selection.map((px) => +x.invert(px)), 'picker');
    });
    svg.append('g').attr('class', 'brush');
    axis.on(() => draw());
    draw();
  }

  const scale = () => d3.scaleUtc().domain(axis.span()).range([M.left, width - M.right]);

  function draw() {
    if (!svg) return;
    svg.attr('viewBox', `0 0 ${width} ${H}`).attr('width', width).attr('height', H);
    const x = scale();
    svg.select('.x-axis').attr('transform', `translate(0,${H - 20})`).call(utcAxis(x, width - M.left - M.right));
    brush.extent([[M.left, 2], [width - M.right, H - 20]]);
    const g = svg.select('.brush').call(brush);
    moving = true;
    g.call(brush.move, axis.zoomed() ? axis.view().map((t) => x(t)) : null);
    moving = false;
    const [a, b] = axis.view();
    label.text(`${formatUtc(a, false)} → ${formatUtc(b, false)}`);
    reset.property('disabled', !axis.zoomed());
  }

  picker.width = function (_) {
    if (!arguments.length) return width;
    width = Math.max(280, Math.round(_));
    draw();
    return picker;
  };
  return picker;
}
