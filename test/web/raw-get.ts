/** HTTP helpers of the web tests. */
import { request as httpRequest } from 'node:http';

/** A raw HTTP GET, so `..` segments and encodings reach the server as sent (fetch would normalise them away). */
export function rawGet(base: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** fetch() with the answer read as text, and parsed as JSON when it is JSON (an empty object otherwise). */
export async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, any>; text: string; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, body, text, headers: res.headers };
}
