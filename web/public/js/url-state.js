// What the page's address keeps, so a view can be shared: the run, the time range in view, the
// clock's time, what is selected (a pass, a demand, a node or a link) and the pools shown.
//   #run=9d09fa1df9c5&from=2016-12-19T16:00:00Z&to=2016-12-19T18:00:00Z&t=2016-12-19T16:52:00Z&sel=pass:12&pools=a,b

// Whole seconds: enough for a view, and an address people can read.
const iso = (ms) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The state in location.hash: {run, fromMs, toMs, tMs, sel: {type, id} | null, pools: string[] | null}. */
export function readHash(hash = location.hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const time = (k) => {
    const v = q.get(k);
    const ms = v ? Date.parse(v) : NaN;
    return Number.isFinite(ms) ? ms : null;
  };
  const sel = /^(pass|demand|node|link):(.+)$/.exec(q.get('sel') ?? '');
  const run = q.get('run');
  return {
    run: run && /^[0-9a-f]{12}$/.test(run) ? run : null,
    fromMs: time('from'),
    toMs: time('to'),
    tMs: time('t'),
    sel: sel ? { type: sel[1], id: sel[2] } : null,
    pools: q.has('pools') ? q.get('pools').split(',').filter(Boolean) : null,
  };
}

/** Writes the state into the address (replacing the history entry: no back-button trail). */
export function writeHash({ run, view, full, tMs, sel, pools }) {
  const q = new URLSearchParams();
  if (run) q.set('run', run);
  if (view && full && (view[0] > full[0] || view[1] < full[1])) {
    q.set('from', iso(view[0]));
    q.set('to', iso(view[1]));
  }
  if (tMs !== null && tMs !== undefined) q.set('t', iso(tMs));
  if (sel) q.set('sel', `${sel.type}:${sel.id}`);
  if (pools) q.set('pools', pools.join(','));
  const text = `#${q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')}`;
  if (text !== location.hash) history.replaceState(null, '', text);
}
