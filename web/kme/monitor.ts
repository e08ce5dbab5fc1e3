/**
 * The KME's monitor, a plain-HTTP app apart from the mutual-TLS API (so that Prometheus and a
 * browser reach it without client certificates; it listens on 127.0.0.1 unless told otherwise):
 *
 *   GET /metrics       Prometheus text format (metrics.ts)
 *   GET /live/state    the network now: simulated time, every pool, every SAE's ledger (JSON)
 *   GET /live/events   the same as server-sent events, one `state` event every `intervalMs`
 *   GET /live.html     a page that follows /live/events (web/public/live.html, js/live.js)
 *
 * It shows pool levels and key counts, never key material or key_IDs.
 * @module
 */
import express, { type Express } from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../../sim/package-root.js';
import { KeyService } from './key-service.js';
import type { KmeMetrics } from './metrics.js';

const PUBLIC_DIR = packagePath('web', 'public');

/** Most event-stream clients at once (more are refused with 429). */
export const MAX_STREAM_CLIENTS = 32;

/** The network's state as /live/state and /live/events give it. */
export interface LiveState {
  readonly scenario: string;
  readonly tMs: number;
  readonly utc: string;
  readonly durationMs: number;
  readonly speed: number;
  readonly ended: boolean;
  readonly pools: readonly { link: string; from: string; to: string; kind: string; levelBits: number; capacityBits: number; consumedBits: number }[];
  readonly saes: readonly { id: string; node: string; kme: string; deliveredBits: number; deliveredKeys: number; collectedBits: number; collectedKeys: number; expiredBits: number }[];
  readonly heldKeys: number;
}

/** The state now (moves the run to the wall clock's time first). */
export function liveState(service: KeyService): LiveState {
  const pools = service.poolsNow();
  const tMs = service.run.nowMs;
  const { scenario } = service;
  return {
    scenario: scenario.name,
    tMs,
    utc: new Date(scenario.startUtcMs + tMs).toISOString(),
    durationMs: scenario.durationMs,
    speed: service.pacer.speed,
    ended: service.pacer.ended,
    pools: scenario.links.map((l, i) => ({ link: l.id, from: l.from, to: l.to, kind: l.kind, levelBits: pools[i]!.levelBits, capacityBits: pools[i]!.capacityBits, consumedBits: pools[i]!.consumedBits })),
    saes: [...service.ledger.values()].map((e) => ({ ...e, kme: KeyService.kmeId(e.node) })),
    heldKeys: service.store.size,
  };
}

/** The monitor app; `intervalMs` paces the event stream. */
export function createMonitorApp(service: KeyService, metrics: KmeMetrics, intervalMs = 500): Express & { closeStreams: () => void } {
  const app = express() as Express & { closeStreams: () => void };
  app.disable('x-powered-by');
  const streams = new Set<express.Response>();

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/live/state', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(liveState(service));
  });
  app.get('/live/events', (req, res) => {
    if (streams.size >= MAX_STREAM_CLIENTS) return void res.status(429).json({ message: `at most ${MAX_STREAM_CLIENTS} event streams at once` });
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.flushHeaders();
    const send = (): void => void res.write(`event: state\ndata: ${JSON.stringify(liveState(service))}\n\n`);
    send();
    const timer = setInterval(send, intervalMs);
    streams.add(res);
    req.on('close', () => {
      clearInterval(timer);
      streams.delete(res);
    });
  });
  app.get('/', (_req, res) => res.redirect('/live.html'));
  app.get('/live.html', (_req, res) => res.sendFile(join(PUBLIC_DIR, 'live.html')));
  // The page's script and the dashboard's formatting module it reuses (read-only).
  for (const name of ['live.js', 'format.js']) app.get(`/js/${name}`, (_req, res) => res.type('text/javascript').sendFile(join(PUBLIC_DIR, 'js', name)));
  // format.js uses d3's number formats: serve d3's browser build from node_modules (no CDN).
  app.get('/vendor/d3.min.js', (_req, res) => res.type('text/javascript').sendFile(join(dirname(fileURLToPath(import.meta.resolve('d3'))), 'd3.min.js')));
  app.get('/css/dashboard.css', (_req, res) => res.sendFile(join(PUBLIC_DIR, 'css', 'dashboard.css')));
  app.use((_req, res) => res.status(404).json({ message: 'not found (/metrics, /live/state, /live/events, /live.html)' }));
  app.closeStreams = () => {
    for (const res of streams) res.end();
    streams.clear();
  };
  return app;
}
