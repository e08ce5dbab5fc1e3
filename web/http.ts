/**
 * The server's HTTP plumbing shared by every router: the error type handlers throw (HttpError), the
 * issue shape of 400 answers, security headers, reading a JSON body with qkdsim's one document
 * parser, and the error middleware that turns anything thrown into a JSON answer without a stack.
 * @module
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { InputError, formatIssue, type InputIssue } from '../sim/errors.js';
import { parseDocument } from '../sim/validation.js';

/** An issue as the API returns it: the CLI's fields plus `text`, the line the CLI prints. */
export interface ApiIssue {
  readonly file?: string;
  readonly path?: string;
  readonly line?: number;
  readonly message: string;
  readonly text: string;
}

/** A 4xx answer with a JSON body, thrown from handlers and answered by the error middleware. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? status));
    this.name = 'HttpError';
  }
}

/** Issues as the API returns them; `lines` maps field paths to lines of the uploaded text. */
export function apiIssues(issues: readonly InputIssue[], lines?: (path: string) => number | undefined): ApiIssue[] {
  return issues.map((issue) => {
    const line = issue.line ?? (issue.path !== undefined && lines ? lines(issue.path) : undefined);
    return { ...issue, ...(line !== undefined ? { line } : {}), text: formatIssue(issue) };
  });
}

/** A 400 for bad request fields (query, body fields, names in the path). */
export const requestError = (issues: InputIssue[]): HttpError => new HttpError(400, { error: 'invalid request', issues: apiIssues(issues) });

/** Headers every answer carries: no sniffing, no framing, no referrer, a same-origin content policy. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
  });
  next();
};

/** Reads the body as text, up to maxBodyBytes (413 beyond); parse it with {@link parseJsonBody}. */
export const textBody = (maxBodyBytes: number): RequestHandler => express.text({ type: () => true, limit: maxBodyBytes });

/**
 * The request body as a value, parsed by qkdsim's one document parser (duplicate keys refused,
 * depth bounded, syntax errors with a line), never by a second parser with other rules.
 */
export function parseJsonBody(req: Request): unknown {
  const text = typeof req.body === 'string' ? req.body : '';
  try {
    return parseDocument(text, 'request body.json');
  } catch (error) {
    if (error instanceof InputError) throw new HttpError(400, { error: 'invalid JSON', issues: apiIssues(error.issues) });
    throw error;
  }
}

/** Maps errors to JSON answers: HttpError as is, InputError 400, body-parser errors by status, anything else 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof HttpError) {
    res.status(error.status).json(error.body);
    return;
  }
  if (error instanceof InputError) {
    res.status(400).json({ error: 'invalid request', issues: apiIssues(error.issues) });
    return;
  }
  const e = error as { type?: string; status?: number; statusCode?: number; limit?: number };
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: 'request body too large', message: `the body may be at most ${e.limit} bytes` });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid JSON', message: 'the request body is not valid JSON' });
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: status === 404 ? 'not found' : 'bad request', message: `request refused (${e.type ?? 'HTTP ' + status})` });
    return;
  }
  console.error('qkdsim serve: internal error:', error);
  res.status(500).json({ error: 'internal error', message: 'the server failed to answer this request (see the server log)' });
};
