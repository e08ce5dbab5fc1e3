// The dashboard's calls to the qkdsim server: one function per route, JSON in and out.
// Errors carry the HTTP status and the server's JSON body (with `issues` for bad input).

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

async function request(method, url, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    // fetch rejects only when no answer came at all ("Failed to fetch"): say what that means.
    throw new ApiError(0, { error: 'unreachable', message: `cannot reach the qkdsim server at ${location.origin}: is \`qkdsim serve\` (npm start) still running? Start it again and reload the page.` });
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const getInfo = () => request('GET', '/api/info');
export const listScenarios = () => request('GET', '/api/scenarios').then((d) => d.scenarios);
export const getScenario = (name) => request('GET', `/api/scenarios/${encodeURIComponent(name)}`);
export const listRuns = () => request('GET', '/api/runs').then((d) => d.runs);
export const getRun = (id) => request('GET', `/api/runs/${encodeURIComponent(id)}`);
export const getReport = (id) => request('GET', `/api/runs/${encodeURIComponent(id)}/report`);
export const cancelRun = (id) => request('DELETE', `/api/runs/${encodeURIComponent(id)}`);
/** The shipped studies, each with `results` (null when `qkdsim study` has not written any). */
export const listStudies = () => request('GET', '/api/studies').then((d) => d.studies);
/** A study's study.json (404 ApiError when it has no results). */
export const getStudy = (name) => request('GET', `/api/studies/${encodeURIComponent(name)}`);

/** Demands over time: {tS, demands: [{id, kind, requestedBits[], servedBits[], starvedS[], droppedBits[]}]}. */
export const getDemandSeries = (id) => request('GET', `/api/runs/${encodeURIComponent(id)}/demand-series`);
/** Elevation, azimuth and range over pass `index` of a run's report. */
export const getElevation = (id, index) => request('GET', `/api/runs/${encodeURIComponent(id)}/passes/${index}/elevation`);

/** Starts a run: {scenario} or {document, label}, with optional seed and days. */
export const startRun = (body) => request('POST', '/api/runs', body);

/** Ground tracks of a run's satellites between two Date values, every stepS seconds. */
export function getTrack(id, from, to, stepS) {
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), stepS: String(stepS) });
  return request('GET', `/api/runs/${encodeURIComponent(id)}/track?${q}`);
}

/**
 * Follows a run's progress over server-sent events. Calls onProgress({progress, stage}) and, once,
 * onEnd(summary). Returns a function that stops listening.
 */
export function followRun(id, { onProgress, onEnd }) {
  const source = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`);
  let ended = false;
  const end = (summary) => {
    if (ended) return;
    ended = true;
    source.close();
    onEnd(summary);
  };
  source.addEventListener('status', (e) => onProgress(JSON.parse(e.data)));
  source.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
  source.addEventListener('end', (e) => end(JSON.parse(e.data)));
  source.onerror = () => {
    // The stream closes after `end`; any other drop: ask for the run's state once.
    if (ended) return;
    getRun(id).then((run) => {
      if (run.status !== 'running') end(run);
    }, () => end({ id, status: 'failed', error: 'lost contact with the server' }));
  };
  return () => {
    ended = true;
    source.close();
  };
}
