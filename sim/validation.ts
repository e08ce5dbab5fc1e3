/**
 * Turns zod validation failures into qkdsim's InputIssues: one per problem, each with the field path
 * (`links[4].to`) and `expected X, got Y` wording, so every file format reports errors the same way.
 * @module
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
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
      // A schema may state the whole valid range (the link parameters do: scenario/schema.ts).
      if (issue.message.startsWith('expected ')) return `${issue.message}${suffix}`;
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)${suffix}`;
      if (issue.origin === 'string') return `expected at least ${String(issue.minimum)} character(s)${suffix}`;
      return `expected a number ${bound(issue, 'min')}${suffix}`;
    case 'too_big':
      if (issue.message.startsWith('expected ')) return `${issue.message}${suffix}`;
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} item(s)${suffix}`;
      if (issue.origin === 'string') return `expected at most ${String(issue.maximum)} character(s)${suffix}`;
      return `expected a number ${bound(issue, 'max')}${suffix}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${suffix}`;
    case 'unrecognized_keys':
      // A schema may name what it knows (the link parameters do: scenario/schema.ts).
      if (/^unknown .* \(known: /.test(issue.message)) return issue.message;
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

/** Largest document (scenario, study, station catalogue) read or parsed, bytes: checked before parsing. */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
/** Deepest nesting of lists and mappings a document may have (scenarios need about 6). */
export const MAX_DOCUMENT_DEPTH = 64;
/** YAML alias expansions allowed in one document (the yaml package's guard against alias bombs). */
const MAX_YAML_ALIASES = 100;

/** Line (1-based) and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Deepest bracket nesting of JSON text, counted outside strings (exact for JSON). Runs before any
 * parser so that a document nested 100 000 deep is refused without recursing through it.
 * Returns the offset where MAX_DOCUMENT_DEPTH is first exceeded, or -1.
 */
function jsonTooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DOCUMENT_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** The first place a parsed value nests deeper than MAX_DOCUMENT_DEPTH (iterative walk), or null. */
function tooDeepPath(value: unknown): string | null {
  const stack: { v: unknown; depth: number; path: PropertyKey[] }[] = [{ v: value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DOCUMENT_DEPTH) return formatPath(path) || '(root)';
    const entries: [PropertyKey, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of entries) stack.push({ v: x, depth: depth + 1, path: [...path, k] });
  }
  return null;
}

const tooDeep = (file: string, where: { line?: number; path?: string }): InputError =>
  new InputError({ file, ...where, message: `expected lists and mappings nested at most ${MAX_DOCUMENT_DEPTH} deep, got deeper nesting` });

/**
 * Strict JSON: syntax errors with line and column (never the file's text), duplicate keys refused
 * as YAML refuses them (JSON.parse would silently keep the last copy, so that what a check read and
 * what a loader used could differ), depth bounded before parsing.
 */
export function parseJsonText(text: string, file: string): unknown {
  const deepAt = jsonTooDeepAt(text);
  if (deepAt >= 0) throw tooDeep(file, { line: lineColumn(text, deepAt).line });
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    // The first error only: the ones after it are mostly its consequences.
    const { line, column } = lineColumn(text, errors[0]!.offset);
    throw new InputError({ file, line, message: `invalid JSON at column ${column}: ${describeJsonError(printParseErrorCode(errors[0]!.error))}` });
  }
  const duplicates: InputIssue[] = [];
  const walk = (node: JsonNode | undefined, path: PropertyKey[]): void => {
    if (!node) return;
    if (node.type === 'object') {
      const seen = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const keyNode = prop.children?.[0];
        const key = String(keyNode?.value);
        const first = seen.get(key);
        if (first !== undefined) {
          duplicates.push({
            file,
            line: lineColumn(text, keyNode!.offset).line,
            message: `duplicate key ${JSON.stringify(key)} in ${formatPath(path) || 'the top-level mapping'} (first on line ${first}): keys must be unique`,
          });
        } else seen.set(key, lineColumn(text, keyNode!.offset).line);
        walk(prop.children?.[1], [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...path, i]));
    }
  };
  walk(tree, []);
  if (duplicates.length > 0) throw new InputError(duplicates);
  return JSON.parse(text);
}

/** jsonc-parser's error codes ("CloseBraceExpected") in words. */
function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words === 'invalid symbol' ? 'unexpected character' : words;
}

/**
 * Parses a YAML or JSON document (JSON is YAML, but a `.json` file gets JSON's stricter grammar).
 * This is the one parser of every document qkdsim reads (scenarios, studies, the station catalogue,
 * uploads): what is checked is what is loaded. Duplicate keys are refused in both grammars; size,
 * nesting depth and YAML alias expansions are bounded; syntax errors carry the line and never quote
 * the text.
 * @throws InputError
 */
export function parseDocument(text: string, file: string): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new InputError({ file, message: `expected a document of at most ${MAX_DOCUMENT_BYTES / 1048576} MiB, got ${(bytes / 1048576).toFixed(1)} MiB` });
  }
  if (/\.json$/i.test(file)) return parseJsonText(text, file);
  let doc: ReturnType<typeof parseYamlDocument>;
  try {
    doc = parseYamlDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file, {});
    throw error;
  }
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.slice(0, 5).map((e) => {
        const at = e.linePos?.[0];
        return { file, ...(at ? { line: at.line } : {}), message: `invalid YAML: ${yamlReason(e.code, e.message)}` };
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file, {});
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new InputError({ file, message: `expected at most ${MAX_YAML_ALIASES} YAML alias expansions, got more (aliases that expand aliases multiply the document)` });
    }
    throw error;
  }
  const deepPath = tooDeepPath(value);
  if (deepPath !== null) throw tooDeep(file, { path: deepPath });
  return value;
}

/** The yaml package's message for an error code, first line only, without the quoted source line. */
function yamlReason(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: keys of a mapping must be unique';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
