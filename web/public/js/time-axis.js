// One time axis for every panel: the run's full span and the range in view. The pass timeline,
// the pool chart and the demands-over-time chart draw the range in view and change it (ctrl +
// wheel or pinch to zoom, drag to pan), so they zoom together; the range picker and the reset
// button set it too. A plain wheel scrolls the page: charts never trap it.

/** Shortest range that can be shown, ms. */
const MIN_SPAN_MS = 60_000;

/** The shared axis: full span, range in view, listeners called with (view, source). */
export function timeAxis() {
  let full = [0, 1];
  let view = [0, 1];
  const listeners = new Set();

  const clamp = ([a, b]) => {
    let span = Math.max(MIN_SPAN_MS, Math.min(full[1] - full[0], b - a));
    if (!(span > 0)) span = full[1] - full[0];
    let lo = Math.max(full[0], Math.min(a, full[1] - span));
    return [lo, lo + span];
  };

  const axis = {
    /** Sets the run's span; keeps the view when it still fits (same run), else shows it all. */
    full(a, b, keepView = false) {
      full = [a, b];
      view = keepView ? clamp(view) : [a, b];
      for (const l of listeners) l(view, 'full');
      return axis;
    },
    span: () => full.slice(),
    view: () => view.slice(),
    zoomed: () => view[0] > full[0] || view[1] < full[1],
    /** Shows [a, b] (clamped to the run, at least a minute). */
    set([a, b], source = 'api') {
      const next = clamp([Math.min(a, b), Math.max(a, b)]);
      if (next[0] === view[0] && next[1] === view[1]) return axis;
      view = next;
      for (const l of listeners) l(view, source);
      return axis;
    },
    reset: () => axis.set(full, 'reset'),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return axis;
}

/**
 * Lets a chart zoom and pan the shared axis: d3.zoom on `svg` over the plot's [left, right] pixels,
 * where the zoom transform is derived from the axis (so every chart's transform agrees) and each
 * gesture sets the axis. The wheel zooms only with ctrl or meta held (trackpad pinches send
 * ctrl+wheel); touch pinch and drag always work. Returns `sync()`, to call after a redraw.
 */
export function attachTimeZoom(svg, axis, plot, source) {
  const x0 = () => d3.scaleUtc().domain(axis.span()).range([plot.left(), plot.right()]);
  const zoom = d3.zoom()
    .filter((e) => (e.type === 'wheel' ? e.ctrlKey || e.metaKey : !e.button))
    .scaleExtent([1, Infinity])
    .on('zoom', (e) => {
      if (!e.sourceEvent) return;
      const domain = e.transform.rescaleX(x0()).domain();
      axis.set([+domain[0], +domain[1]], source);
    });
  svg.call(zoom).on('dblclick.zoom', null);
  /** The transform whose rescaleX(x0) shows the axis's view (written without a zoom event). */
  function sync() {
    const base = x0();
    const [v0, v1] = axis.view();
    const r0 = plot.left();
    const r1 = plot.right();
    const k = (r1 - r0) / Math.max(1e-9, base(v1) - base(v0));
    zoom.extent([[r0, 0], [r1, 1]]).translateExtent([[r0, -Infinity], [r1, Infinity]]);
    svg.property('__zoom', d3.zoomIdentity.translate(r0 - k * base(v0), 0).scale(k));
  }
  sync();
  return sync;
}
