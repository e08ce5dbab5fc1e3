/**
 * Starts the KMEs of a scenario: one HTTPS listener per node that has SAEs (mutual TLS, the ETSI
 * GS QKD 014 API of api.ts), all drawing on one live run paced by the wall clock (key-service.ts),
 * and the plain-HTTP monitor (monitor.ts: /metrics, /live/*, the live page).
 *
 * Ports: the KMEs take `port`, `port + 1`, ... in node id order; 0 lets the system pick each.
 * The server asks every client for a certificate but completes the TLS handshake without one, so
 * that a caller without a valid certificate gets the spec's 401 answer rather than a bare TLS
 * alert. TLS 1.2 at least; no renegotiation (a connection's identity is the one of its handshake).
 * @module
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRun, type LiveRun } from '../../sim/run/index.js';
import type { ScenarioWithSaes } from '../../sim/scenario/index.js';
import { createKmeHandler } from './api.js';
import type { ServerCerts } from './certs.js';
import { KeyService } from './key-service.js';
import { KmeMetrics } from './metrics.js';
import { createMonitorApp } from './monitor.js';

/** Options of {@link startKme}. */
export interface KmeOptions {
  readonly scenario: ScenarioWithSaes;
  readonly certs: ServerCerts;
  /** Simulated seconds per wall second. */
  readonly speed: number;
  /** Simulated time to start at, ms after the scenario start. Default 0. */
  readonly fromMs?: number;
  /** Lifetime of uncollected keys when no pool on their route has one, simulated ms. */
  readonly keyLifetimeMs: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** First KME port (0: any free port for each). */
  readonly port: number;
  /** Monitor port (0: any free port). */
  readonly monitorPort: number;
  /** Address the monitor listens on (default 127.0.0.1: it has no authentication). */
  readonly monitorHost?: string;
  /** Most keys held for one SAE pair. */
  readonly maxPendingPerPair?: number;
  /** Wall-clock period of the pacing tick, ms (the run moves on even with no request). Default 100. */
  readonly tickMs?: number;
  /** Where unexpected errors go (default stderr, one line each). */
  readonly onError?: (error: unknown) => void;
}

/** One KME listener. */
export interface KmeEndpoint {
  readonly id: string;
  readonly node: string;
  readonly saes: readonly string[];
  readonly url: string;
}

/** The running KMEs. */
export interface RunningKme {
  readonly kmes: readonly KmeEndpoint[];
  readonly monitorUrl: string;
  readonly service: KeyService;
  readonly run: LiveRun;
  close(): Promise<void>;
}

function listen(server: HttpsServer | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: HttpsServer | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** How long an idle keep-alive connection is kept open, ms. */
export const KEEP_ALIVE_MS = 60_000;

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host);

/** Starts the KMEs and the monitor. Rejects (closing what it opened) if a port cannot be had. */
export async function startKme(options: KmeOptions): Promise<RunningKme> {
  const { scenario } = options;
  if (scenario.saes.length === 0) throw new RangeError('startKme: the scenario declares no SAEs');
  const host = options.host ?? '127.0.0.1';
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`qkdsim kme: ${e instanceof Error ? e.message : String(e)}\n`));
  const run = startRun(scenario);
  let service: KeyService | null = null;
  const metrics = new KmeMetrics(() => service);
  service = new KeyService(run, scenario, { speed: options.speed, fromMs: options.fromMs ?? 0, keyLifetimeMs: options.keyLifetimeMs, ...(options.maxPendingPerPair ? { maxPendingPerPair: options.maxPendingPerPair } : {}) }, metrics.events());
  const svc = service;

  const nodes = [...new Set(scenario.saes.map((s) => s.node))].sort();
  const servers: (HttpsServer | HttpServer)[] = [];
  const kmes: KmeEndpoint[] = [];
  const monitorApp = createMonitorApp(svc, metrics);
  const timer = setInterval(() => {
    try {
      svc.tick();
    } catch (error) {
      onError(error);
    }
  }, options.tickMs ?? 100);
  timer.unref();
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    monitorApp.closeStreams();
    await Promise.all(servers.map(close));
  };
  try {
    for (const [i, node] of nodes.entries()) {
      const server = createHttpsServer(
        { key: options.certs.server.key, cert: options.certs.server.cert, ca: [options.certs.caCert], requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
        createKmeHandler(svc, node, metrics, onError),
      );
      // A connection's client identity is fixed at the handshake (api.ts caches it per connection).
      server.on('secureConnection', (socket) => socket.disableRenegotiation());
      // Idle keep-alive connections are kept a minute (Node's default, 5 s, makes clients that keep
      // a pool of connections race the server's close and see ECONNRESET).
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      server.headersTimeout = KEEP_ALIVE_MS + 5000;
      servers.push(server);
      const port = await listen(server, options.port === 0 ? 0 : options.port + i, host);
      kmes.push({ id: KeyService.kmeId(node), node, saes: scenario.saes.filter((s) => s.node === node).map((s) => s.id), url: `https://${urlHost(host)}:${port}` });
    }
    const monitor = createHttpServer(monitorApp);
    servers.push(monitor);
    const monitorHost = options.monitorHost ?? '127.0.0.1';
    const monitorPort = await listen(monitor, options.monitorPort, monitorHost);
    return { kmes, monitorUrl: `http://${urlHost(monitorHost)}:${monitorPort}`, service: svc, run, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
