/**
 * Where a study queue lives and how it is named to people: the `--queue` value (a postgres:// URL)
 * checked and turned into node-postgres settings, the URL as shown (password masked), and the
 * redaction every message goes through before it is printed or stored.
 *
 * Settings the URL leaves out come from the usual libpq environment variables (PGHOST, PGPORT,
 * PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGPASSFILE / ~/.pgpass), read by node-postgres itself;
 * `sslmode` in the URL is honoured the same way. So a password can stay out of the command line
 * (where `ps` shows it) altogether: `PGPASSWORD=… qkdsim worker --queue postgres://user@host/db`.
 * @module
 */
import { createRequire } from 'node:module';
import type { ClientConfig } from 'pg';
import { parse } from 'pg-connection-string';
import { InputError } from '../../errors.js';

/** libpq's password file lookup (PGPASSFILE or ~/.pgpass, skipped unless mode 0600), as node-postgres uses it. */
const pgpass = createRequire(import.meta.url)('pgpass') as (info: object, done: (password?: string) => void) => void;

/** The masked stand-in for a password. */
export const MASK = '****';

/** A checked `--queue` URL. */
export interface QueueTarget {
  /** The URL as given (may hold a password: never print it). */
  readonly connectionString: string;
  /** The URL as shown to people: password (in user info or `?password=`) masked. */
  readonly shown: string;
  /** Texts that must never be printed: the password(s), raw and URL-encoded, and the raw URL. */
  readonly secrets: readonly string[];
}

/** The URL with its password masked (user info and a `password` query parameter). */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/([^/@]*):[^/@]*@/, `//$1:${MASK}@`).replace(/([?&]password=)[^&]*/gi, `$1${MASK}`);
  }
  if (url.password !== '') url.password = MASK;
  for (const key of [...url.searchParams.keys()]) if (key.toLowerCase() === 'password') url.searchParams.set(key, MASK);
  // URLSearchParams encodes the mask's asterisks; show them plainly.
  return url.toString().replaceAll('%2A', '*');
}

/** Every password a target carries (user info, query), raw and URL-encoded, plus PGPASSWORD. */
function secretsOf(raw: string, url: URL | null, env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  const add = (s: string | undefined | null): void => {
    if (!s) return;
    out.add(s);
    try {
      out.add(decodeURIComponent(s));
    } catch {
      // a malformed escape: the raw text is still masked
    }
    out.add(encodeURIComponent(s));
  };
  if (url) {
    add(url.password);
    for (const [key, value] of url.searchParams) if (key.toLowerCase() === 'password') add(value);
  }
  add(env.PGPASSWORD);
  if (out.size > 0) out.add(raw);
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Checks a `--queue` URL: `postgres://` or `postgresql://`, with any of user, password, host, port,
 * database and libpq query parameters (`sslmode=require`). Missing parts come from PG* variables.
 * @throws InputError naming `--queue` (the URL in the message is masked)
 */
export function parseQueueUrl(raw: string, env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const text = raw.trim();
  if (!/^postgres(ql)?:\/\//i.test(text)) {
    throw new InputError({ file: '--queue', message: `expected a PostgreSQL URL such as postgres://user@host:5432/qkdsim, or embedded, got ${JSON.stringify(maskUrl(text))}` });
  }
  const port = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?]*):(\d*)(?:[/?]|$)/i.exec(text)?.[1];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) {
    throw new InputError({ file: '--queue', message: `expected a port in [1, 65535], got ${JSON.stringify(port)}` });
  }
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    throw new InputError({ file: '--queue', message: `expected a PostgreSQL URL such as postgres://user@host:5432/qkdsim, got ${JSON.stringify(maskUrl(text))} (not a valid URL)` });
  }
  return { connectionString: text, shown: maskUrl(text), secrets: secretsOf(text, url, env) };
}

/** A target for a server whose password is known but not in the URL (the embedded server). */
export function targetWithPassword(shownUrl: string, password: string): QueueTarget & { readonly password: string } {
  return { connectionString: shownUrl, shown: shownUrl, secrets: [password, encodeURIComponent(password)], password };
}

/**
 * node-postgres settings for a target: the URL's parts (as node-postgres parses them, sslmode
 * included); parts left out fall back to PG* variables inside node-postgres. Without a password in
 * the URL, PGPASSWORD and then the password file are asked at each connection (what node-postgres
 * would do itself, minus its deprecation notice).
 */
export function clientConfig(target: QueueTarget): ClientConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parse(target.connectionString))) {
    if (value !== '' && value !== null && value !== undefined) config[key] = value;
  }
  if (config.password === undefined) {
    config.password = (params: object): Promise<string | undefined> =>
      process.env.PGPASSWORD !== undefined ? Promise.resolve(process.env.PGPASSWORD) : new Promise((done) => pgpass(params, done));
  }
  return config as ClientConfig;
}

/** `text` with every secret of the target replaced by the mask (and the raw URL by the masked one). */
export function redact(text: string, target: Pick<QueueTarget, 'secrets' | 'shown' | 'connectionString'>): string {
  let out = text.split(target.connectionString).join(target.shown);
  for (const s of target.secrets) if (s.length > 0) out = out.split(s).join(MASK);
  return out;
}

/** An error's message (and code) as one redacted line. */
export function describeDbError(error: unknown, target: Pick<QueueTarget, 'secrets' | 'shown' | 'connectionString'>): string {
  const e = error as { message?: unknown; code?: unknown } | null;
  const message = e && typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  const code = e && typeof e.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  return redact(`${message}${code}`.replace(/\s+/g, ' ').trim(), target);
}
