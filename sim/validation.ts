/**
 * Turns zod validation failures into qkdsim's InputIssues: one per problem, each with the field path
 * (`links[4].to`) and `expected X, got Y` wording, so every file format reports errors the same way.
 * @module
 */
import { parseDocument as parseYamlDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputIssue } from './errors.js';

/** Formats a path such as ['links', 4, 'to'] as `links[4].to`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A short rendering of a found value for messages (long values are cut). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function bound(issue: { inclusive?: boolean; minimum?: unknown; maximum?: unknown }, side: 'min' | 'max'): string {
  const value = side === 'min' ? issue.minimum : issue.maximum;
  const op = side === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${op} ${String(value)}`;
}

/** One zod issue as a message in qkdsim's wording. */
function message(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue ? describeValue(issue.input) : undefined;
  const suffix = got !== undefined ? `, got ${got}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (!('input' in issue) || issue.input === undefined) return `missing required field (expected ${issue.expected})`;
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}${suffix}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)${suffix}`;
      if (issue.origin === 'string') return `expected at least ${String(issue.minimum)} character(s)${suffix}`;
      return `expected a number ${bound(issue, 'min')}${suffix}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} item(s)${suffix}`;
      if (issue.origin === 'string') return `expected at most ${String(issue.maximum)} character(s)${suffix}`;
      return `expected a number ${bound(issue, 'max')}${suffix}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${suffix}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling)`;
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${String((issue as { pattern?: unknown }).pattern)}` : issue.format}${suffix}`;
    case 'invalid_union':
      return `${issue.message}${suffix}`;
    default:
      return `${issue.message}${suffix}`;
  }
}

/**
 * Converts a zod error into InputIssues for a file. Unknown-key issues get the key in the path so
 * the message points at the typo itself.
 */
export function zodIssues(error: z.ZodError, file: string | undefined, pathPrefix: ReadonlyArray<PropertyKey> = []): InputIssue[] {
  return error.issues.map((issue) => {
    const path = [...pathPrefix, ...issue.path];
    const full = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...path, issue.keys[0]!] : path;
    const out: InputIssue = { path: formatPath(full) || '(root)', message: message(issue) };
    return file === undefined ? out : { file, ...out };
  });
}

/**
 * Parses a YAML or JSON document (JSON is YAML, but a `.json` file gets JSON's stricter parser).
 * Syntax errors become an InputIssue with the line number.
 * @throws InputError
 */
export function parseDocument(text: string, file: string): unknown {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const msg = (error as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new InputError({ file, ...(line !== undefined ? { line } : {}), message: `invalid JSON: ${msg}` });
    }
  }
  const doc = parseYamlDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => ({ file, ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}), message: `invalid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  return doc.toJS();
}
