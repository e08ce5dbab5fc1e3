/**
 * One KME's HTTP API, ETSI GS QKD 014 V1.1.1 (2019-02) clause 5 (express 5, behind an HTTPS server
 * that asks every client for a certificate):
 *
 *   GET      /api/v1/keys/{slave_SAE_ID}/status     Get status             (clause 5.2, 6.1)
 *   GET|POST /api/v1/keys/{slave_SAE_ID}/enc_keys   Get key                (clause 5.3, 6.2, 6.3)
 *   GET|POST /api/v1/keys/{master_SAE_ID}/dec_keys  Get key with key IDs   (clause 5.4, 6.4, 6.3)
 *
 * Answers: 200 with the spec's JSON objects; errors as the spec's Error object `{message, details?}`
 * (clause 6.5) with 400 (bad request format), 401 (unauthorized) or 503 (error of server side).
 *
 * Authentication comes first, before any body is read: the caller must present a certificate that
 * chains to the KME's CA, whose subject CN is an SAE of the scenario served by this KME's node.
 * Otherwise the answer is 401 with one fixed message, whatever the path (nothing else is said).
 * Unknown paths are 404 and wrong methods 405, JSON, after authentication.
 * @module
 */
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import type { TLSSocket } from 'node:tls';
import { KME_LIMITS, KeyService } from './key-service.js';
import type { KmeMetrics } from './metrics.js';
import { BadRequest, keyIdsFromBody, keyIdsFromQuery, keyRequestFromBody, keyRequestFromQuery } from './requests.js';

/** Largest request body, bytes (a Key IDs object of 128 ids is about 8 kB). */
export const MAX_BODY_BYTES = 16 * 1024;

const UNAUTHORIZED = 'unauthorized: a client certificate issued by this KME network\'s CA for an SAE served by this KME is required';

/** The spec's Error object. */
function sendError(res: Response, status: 400 | 401 | 404 | 405 | 503, message: string, details?: readonly Record<string, unknown>[]): void {
  res.status(status).json(details && details.length > 0 ? { message, details } : { message });
}

/**
 * Subject CN of each connection's verified client certificate (null: none, not verified, or not
 * exactly one CN). A connection's peer certificate is fixed once the handshake is done (the server
 * refuses renegotiation: see server.ts), and reading it builds a large object: once per connection.
 */
const peerNames = new WeakMap<TLSSocket, string | null>();

function peerName(socket: TLSSocket): string | null {
  let name = peerNames.get(socket);
  if (name === undefined) {
    const cn = socket.authorized ? socket.getPeerCertificate().subject?.CN : undefined;
    name = typeof cn === 'string' ? cn : null;
    peerNames.set(socket, name);
  }
  return name;
}

/** The SAE id of an authenticated caller, or null. */
function callerOf(req: Request, service: KeyService, node: string): string | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const cn = peerName(socket);
  const sae = cn === null ? undefined : service.saes.get(cn);
  return sae && sae.node === node ? sae.id : null;
}

/** Express app of the KME serving `node`. */
export function createKmeApp(service: KeyService, node: string, metrics: KmeMetrics, onError: (error: unknown) => void = () => undefined): Express {
  const app = express();
  const kme = KeyService.kmeId(node);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // Metrics of every answer, by API method.
  app.use((req, res, next) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      const method = /\/(status|enc_keys|dec_keys)$/.exec(req.path)?.[1] ?? 'other';
      metrics.requests.inc({ kme, method, code: String(res.statusCode) });
      metrics.latency.observe({ method }, Number(process.hrtime.bigint() - t0) / 1e9);
    });
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.use((req, res, next) => {
    const caller = callerOf(req, service, node);
    if (caller === null) return sendError(res, 401, UNAUTHORIZED);
    res.locals.sae = caller;
    next();
  });
  app.use(express.json({ limit: MAX_BODY_BYTES, strict: false, type: () => true }));

  /** The other SAE of a pair, named in the path: known, and not the caller. */
  const peer = (req: Request, res: Response, role: 'slave' | 'master'): string => {
    const id = String(req.params.sae);
    const self = res.locals.sae as string;
    if (!service.saes.has(id)) throw new BadRequest(`${role}_SAE_ID: unknown SAE`);
    if (id === self) throw new BadRequest(`${role}_SAE_ID: expected another SAE than the caller`);
    return id;
  };

  const status: RequestHandler = (req, res) => {
    const master = res.locals.sae as string;
    const slave = peer(req, res, 'slave');
    const cap = service.capacity(master, slave, KME_LIMITS.keySizeBits);
    res.json({
      source_KME_ID: kme,
      target_KME_ID: KeyService.kmeId(service.saes.get(slave)!.node),
      master_SAE_ID: master,
      slave_SAE_ID: slave,
      key_size: KME_LIMITS.keySizeBits,
      stored_key_count: Math.min(cap.storedKeyCount, cap.maxKeyCount),
      max_key_count: cap.maxKeyCount,
      max_key_per_request: KME_LIMITS.maxKeyPerRequest,
      max_key_size: KME_LIMITS.maxKeySizeBits,
      min_key_size: KME_LIMITS.minKeySizeBits,
      max_SAE_ID_count: KME_LIMITS.maxSaeIdCount,
    });
  };

  const encKeys: RequestHandler = (req, res) => {
    const master = res.locals.sae as string;
    const slave = peer(req, res, 'slave');
    const ask = req.method === 'GET' ? keyRequestFromQuery(req.query as Record<string, unknown>) : keyRequestFromBody(req.body);
    if (req.method === 'POST') checkNoQuery(req);
    const got = service.getKeys(master, slave, ask.number, ask.sizeBits);
    if (!got.ok) return sendError(res, 503, 'keys are not available now', [{ reason: got.reason }]);
    res.json({ keys: got.keys.map((k) => ({ key_ID: k.id, key: k.key.toString('base64') })) });
  };

  const decKeys: RequestHandler = (req, res) => {
    const slave = res.locals.sae as string;
    const master = peer(req, res, 'master');
    const ids = req.method === 'GET' ? keyIdsFromQuery(req.query as Record<string, unknown>) : keyIdsFromBody(req.body);
    if (req.method === 'POST') checkNoQuery(req);
    const got = service.getKeysWithIds(slave, master, ids);
    if (got.ok) return void res.json({ keys: got.keys.map((k) => ({ key_ID: k.id, key: k.key.toString('base64') })) });
    if (got.status === 401) return sendError(res, 401, UNAUTHORIZED);
    // The spec's example message (clause 6.4).
    sendError(res, 400, 'one or more keys specified are not found on KME', got.notFound.slice(0, KME_LIMITS.maxKeyPerRequest).map((id) => ({ key_ID_not_found: id })));
  };

  const only =
    (methods: readonly string[], handler: RequestHandler): RequestHandler =>
    (req, res, next) => {
      if (!methods.includes(req.method)) {
        res.set('Allow', methods.join(', '));
        return sendError(res, 405, `method not allowed (use ${methods.join(' or ')})`);
      }
      return handler(req, res, next);
    };
  app.all('/api/v1/keys/:sae/status', only(['GET'], status));
  app.all('/api/v1/keys/:sae/enc_keys', only(['GET', 'POST'], encKeys));
  app.all('/api/v1/keys/:sae/dec_keys', only(['GET', 'POST'], decKeys));
  app.use((_req, res) => sendError(res, 404, 'not found (the API is /api/v1/keys/{SAE_ID}/status, /enc_keys, /dec_keys)'));

  const errors: ErrorRequestHandler = (error, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof BadRequest) return sendError(res, 400, error.message, error.details);
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.parse.failed') return sendError(res, 400, 'malformed JSON in the request body');
    if (type === 'entity.too.large') return sendError(res, 400, `request body larger than ${MAX_BODY_BYTES} bytes`);
    if (typeof type === 'string' && type.startsWith('encoding.') || type === 'charset.unsupported' || type === 'request.aborted') {
      return sendError(res, 400, 'unreadable request body');
    }
    onError(error);
    sendError(res, 503, 'the KME failed to serve this request');
  };
  app.use(errors);
  return app;
}

/** A POST carries its parameters in the body only. */
function checkNoQuery(req: Request): void {
  if (Object.keys(req.query as object).length > 0) throw new BadRequest('query parameters are not allowed with POST (send them in the JSON body)');
}
