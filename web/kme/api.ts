/**
 * One KME's HTTP API, ETSI GS QKD 014 V1.1.1 (2019-02) clause 5, as a plain node:https request
 * handler (three routes do not need a framework, and every request saved from one counts under
 * load), behind an HTTPS server that asks every client for a certificate:
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
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { KME_LIMITS, KeyService } from './key-service.js';
import type { KmeMetrics } from './metrics.js';
import { BadRequest, keyIdsFromBody, keyIdsFromQuery, keyRequestFromBody, keyRequestFromQuery } from './requests.js';

/** Largest request body, bytes (a Key IDs object of 128 ids is about 8 kB). */
export const MAX_BODY_BYTES = 16 * 1024;

const UNAUTHORIZED = "unauthorized: a client certificate issued by this KME network's CA for an SAE served by this KME is required";
const ROUTE = /^\/api\/v1\/keys\/([^/]+)\/(status|enc_keys|dec_keys)$/;
const METHODS: Readonly<Record<string, readonly string[]>> = { status: ['GET'], enc_keys: ['GET', 'POST'], dec_keys: ['GET', 'POST'] };

/** Writes a JSON answer. */
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/** The spec's Error object. */
function sendError(res: ServerResponse, status: 400 | 401 | 404 | 405 | 503, message: string, details?: readonly Record<string, unknown>[], headers?: Record<string, string>): void {
  send(res, status, details && details.length > 0 ? { message, details } : { message }, headers);
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

/** The query as name -> value (or values, when repeated). */
function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** Reads a JSON body of at most MAX_BODY_BYTES; undefined when there is none. */
function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return reject(new BadRequest(`request body larger than ${MAX_BODY_BYTES} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('error', () => reject(new BadRequest('unreadable request body')));
    req.on('end', () => {
      if (over) return reject(new BadRequest(`request body larger than ${MAX_BODY_BYTES} bytes`));
      if (size === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BadRequest('malformed JSON in the request body'));
      }
    });
  });
}

const keyContainer = (keys: readonly { id: string; key: Buffer }[]): unknown => ({ keys: keys.map((k) => ({ key_ID: k.id, key: k.key.toString('base64') })) });

/** The request handler of the KME serving `node`. */
export function createKmeHandler(service: KeyService, node: string, metrics: KmeMetrics, onError: (error: unknown) => void = () => undefined): (req: IncomingMessage, res: ServerResponse) => void {
  const kme = KeyService.kmeId(node);

  /** The other SAE of a pair, named in the path: known, and not the caller. */
  const peer = (raw: string, self: string, role: 'slave' | 'master'): string => {
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      throw new BadRequest(`${role}_SAE_ID: unknown SAE`);
    }
    if (!service.saes.has(id)) throw new BadRequest(`${role}_SAE_ID: unknown SAE`);
    if (id === self) throw new BadRequest(`${role}_SAE_ID: expected another SAE than the caller`);
    return id;
  };

  const status = (res: ServerResponse, master: string, slave: string): void => {
    const cap = service.capacity(master, slave, KME_LIMITS.keySizeBits);
    send(res, 200, {
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

  const handle = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    const socket = req.socket as TLSSocket;
    const cn = typeof socket.getPeerCertificate === 'function' ? peerName(socket) : null;
    const sae = cn === null ? undefined : service.saes.get(cn);
    if (!sae || sae.node !== node) {
      req.resume();
      return sendError(res, 401, UNAUTHORIZED);
    }
    const caller = sae.id;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = ROUTE.exec(path);
    if (!route) {
      req.resume();
      return sendError(res, 404, 'not found (the API is /api/v1/keys/{SAE_ID}/status, /enc_keys, /dec_keys)');
    }
    const allowed = METHODS[method]!;
    if (!allowed.includes(req.method ?? '')) {
      req.resume();
      return sendError(res, 405, `method not allowed (use ${allowed.join(' or ')})`, undefined, { Allow: allowed.join(', ') });
    }
    const query = queryOf(q < 0 ? '' : url.slice(q + 1));
    const post = req.method === 'POST';
    const body = post ? await readBody(req) : (req.resume(), undefined);
    if (post && Object.keys(query).length > 0) throw new BadRequest('query parameters are not allowed with POST (send them in the JSON body)');
    if (method === 'status') return status(res, caller, peer(route[1]!, caller, 'slave'));
    if (method === 'enc_keys') {
      const slave = peer(route[1]!, caller, 'slave');
      const ask = post ? keyRequestFromBody(body) : keyRequestFromQuery(query);
      const got = service.getKeys(caller, slave, ask.number, ask.sizeBits);
      if (!got.ok) return sendError(res, 503, 'keys are not available now', [{ reason: got.reason }]);
      return send(res, 200, keyContainer(got.keys));
    }
    const master = peer(route[1]!, caller, 'master');
    const ids = post ? keyIdsFromBody(body) : keyIdsFromQuery(query);
    const got = service.getKeysWithIds(caller, master, ids);
    if (got.ok) return send(res, 200, keyContainer(got.keys));
    if (got.status === 401) return sendError(res, 401, UNAUTHORIZED);
    // The spec's example message (clause 6.4).
    sendError(res, 400, 'one or more keys specified are not found on KME', got.notFound.map((id) => ({ key_ID_not_found: id })));
  };

  return (req, res) => {
    const t0 = process.hrtime.bigint();
    const method = ROUTE.exec((req.url ?? '/').split('?', 1)[0]!)?.[2] ?? 'other';
    res.on('finish', () => {
      metrics.requests.inc({ kme, method, code: String(res.statusCode) });
      metrics.latency.observe({ method }, Number(process.hrtime.bigint() - t0) / 1e9);
    });
    handle(req, res, method).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BadRequest) return sendError(res, 400, error.message, error.details);
      onError(error);
      sendError(res, 503, 'the KME failed to serve this request');
    });
  };
}
