// The KME's live view: follows /live/events (server-sent `state` events, the JSON of /live/state)
// and shows each pool's level, what has been spent from it, a sparkline of its recent levels, and
// the key each SAE has been handed. Plain DOM and SVG; number formats from the dashboard's format.js.
import { formatBits, formatUtc } from './format.js';

/** Levels kept per pool for the sparkline. */
const HISTORY = 240;
const history = new Map();

const el = (id) => document.getElementById(id);

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  td.textContent = text;
  return td;
}

function bar(fraction) {
  const td = document.createElement('td');
  const outer = document.createElement('div');
  outer.className = 'bar';
  const inner = document.createElement('span');
  inner.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  outer.append(inner);
  td.append(outer);
  return td;
}

function spark(values, max) {
  const td = document.createElement('td');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'spark');
  // The x axis spans the levels seen so far (up to HISTORY), so the line fills the cell from the start.
  svg.setAttribute('viewBox', `0 0 ${Math.max(1, values.length - 1)} 24`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  const top = max > 0 ? max : 1;
  line.setAttribute('points', values.map((v, i) => `${i},${(23 - (v / top) * 22).toFixed(1)}`).join(' '));
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(line);
  td.append(svg);
  return td;
}

function render(state) {
  el('scenario').textContent = state.scenario;
  el('clock').textContent = `${formatUtc(Date.parse(state.utc))} · ×${state.speed}${state.ended ? ' · end of the span reached' : ''}`;
  const pools = el('pools').tBodies[0];
  pools.replaceChildren();
  for (const p of state.pools) {
    const h = history.get(p.link) ?? [];
    h.push(p.levelBits);
    if (h.length > HISTORY) h.shift();
    history.set(p.link, h);
    const tr = document.createElement('tr');
    tr.append(cell(p.link), cell(p.kind), cell(`${formatBits(p.levelBits)} / ${formatBits(p.capacityBits)}`, 'num'), bar(p.levelBits / p.capacityBits), cell(formatBits(p.consumedBits), 'num'), spark(h, Math.max(...h)));
    pools.append(tr);
  }
  const saes = el('saes').tBodies[0];
  saes.replaceChildren();
  for (const s of state.saes) {
    const tr = document.createElement('tr');
    tr.append(cell(s.id), cell(s.kme), cell(`${s.deliveredKeys} keys, ${formatBits(s.deliveredBits)}`, 'num'), cell(`${s.collectedKeys} keys, ${formatBits(s.collectedBits)}`, 'num'), cell(formatBits(s.expiredBits), 'num'));
    saes.append(tr);
  }
  el('held').textContent = `${state.heldKeys} keys held for slave SAEs, not yet collected`;
}

function follow() {
  const source = new EventSource('/live/events');
  source.addEventListener('state', (e) => {
    el('status').textContent = 'live';
    el('status').className = 'muted';
    render(JSON.parse(e.data));
  });
  source.onerror = () => {
    el('status').textContent = 'connection lost, retrying…';
    el('status').className = 'stale';
  };
}

follow();
