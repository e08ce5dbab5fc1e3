/**
 * A real TLS client for the KME tests and the bench: Node's https with an SAE's client certificate
 * from a certificate folder (or none, or another CA's), keep-alive connections, JSON in and out.
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { certPaths } from '../../web/kme/certs.js';

/** One answer. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  readonly json: any;
}

/** An HTTPS client acting as one SAE (or as a caller without a certificate). */
export class SaeClient {
  readonly agent: Agent;

  /**
   * @param caDir folder whose ca.crt the client trusts for the server
   * @param identity the SAE whose certificate to present, from `certDir` (default caDir); null for none
   */
  constructor(caDir: string, identity: string | null, options: { certDir?: string; maxSockets?: number } = {}) {
    const ca = readFileSync(certPaths(caDir).caCert);
    const own = identity === null ? {} : (() => {
      const p = certPaths(options.certDir ?? caDir).sae(identity);
      return { cert: readFileSync(p.cert), key: readFileSync(p.key) };
    })();
    // Idle connections are closed after 30 s, before the server's 60 s (no race on a closing socket).
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8, timeout: 30_000, ca, ...own });
  }

  /** Sends a request; `body` is sent as is when a string, else as JSON. */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = request(url, { method, agent: this.agent, headers: { ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** GET a JSON document over plain HTTP (the monitor). */
export async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}
