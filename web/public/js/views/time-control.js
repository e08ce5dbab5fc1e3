// The dashboard clock: a time slider over the run, play / pause at a chosen pace of simulated time
// per second, and jumps to the previous or next pass. Everything else follows its onTime callback.
import { formatUtc } from '../format.js';

const SPEEDS = [
  { label: '1 min / s', sPerS: 60 },
  { label: '10 min / s', sPerS: 600 },
  { label: '1 h / s', sPerS: 3600 },
  { label: '6 h / s', sPerS: 21600 },
];
const STEP_S = 10;
const PLAY = '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M2 1 L11 6 L2 11 Z" fill="currentColor"/></svg>';
const PAUSE = '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect x="2" y="1" width="3" height="10" fill="currentColor"/><rect x="7" y="1" width="3" height="10" fill="currentColor"/></svg>';

export function timeControl() {
  let startMs = 0;
  let endMs = 1;
  let timeMs = 0;
  let onTime = () => {};
  let events = [];
  let playing = false;
  let speed = SPEEDS[1].sPerS;
  let frame = null;
  let last = null;
  let root;

  function control(container) {
    root = d3.select(container);
    root.html(`
      <div class="time-control">
        <button type="button" class="play" aria-label="play">${PLAY}</button>
        <button type="button" class="prev-pass" title="previous pass">‹ pass</button>
        <button type="button" class="next-pass" title="next pass">pass ›</button>
        <input type="range" class="time-slider" min="0" max="1" step="${STEP_S}" value="0" aria-label="simulation time (seconds after the start)">
        <output class="time-label" aria-live="off"></output>
        <label class="speed">pace <select aria-label="playback pace"></select></label>
      </div>`);
    root.select('select').selectAll('option').data(SPEEDS).join('option').attr('value', (d) => d.sPerS).text((d) => d.label);
    root.select('select').property('value', speed).on('change', (e) => (speed = Number(e.target.value)));
    root.select('.time-slider').on('input', (e) => set(startMs + Number(e.target.value) * 1000, true));
    root.select('.play').on('click', () => (playing ? pause() : play()));
    root.select('.next-pass').on('click', () => {
      const next = events.find((t) => t > timeMs + 1000);
      if (next !== undefined) set(next, true);
    });
    root.select('.prev-pass').on('click', () => {
      const prev = [...events].reverse().find((t) => t < timeMs - 1000);
      if (prev !== undefined) set(prev, true);
    });
    disable(true);
  }

  function disable(off) {
    root.selectAll('button, input, select').property('disabled', off);
  }

  function set(t, notify) {
    timeMs = Math.max(startMs, Math.min(endMs, t));
    root.select('.time-slider').property('value', Math.round((timeMs - startMs) / 1000));
    root.select('.time-label').text(formatUtc(timeMs));
    if (notify) onTime(timeMs);
  }

  function tick(now) {
    if (!playing) return;
    if (last !== null) {
      const next = timeMs + ((now - last) / 1000) * speed * 1000;
      set(next, true);
      if (timeMs >= endMs) {
        pause();
        return;
      }
    }
    last = now;
    frame = requestAnimationFrame(tick);
  }

  function play() {
    if (timeMs >= endMs) set(startMs, true);
    playing = true;
    last = null;
    root.select('.play').html(PAUSE).attr('aria-label', 'pause');
    frame = requestAnimationFrame(tick);
  }

  function pause() {
    playing = false;
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    root.select('.play').html(PLAY).attr('aria-label', 'play');
  }

  control.range = function (a, b) {
    pause();
    startMs = a;
    endMs = b;
    root.select('.time-slider').attr('max', Math.round((b - a) / 1000));
    disable(false);
    return control;
  };
  /** Times the previous / next buttons jump to (e.g. pass culminations), ascending. */
  control.events = function (_) {
    events = [..._].sort((a, b) => a - b);
    root.selectAll('.prev-pass, .next-pass').attr('hidden', events.length ? null : true);
    return control;
  };
  control.time = function (_) {
    if (!arguments.length) return timeMs;
    set(_, false);
    return control;
  };
  control.onTime = function (_) {
    onTime = _;
    return control;
  };
  control.pause = pause;
  return control;
}
