/**
 * Scenario schema failures as InputIssues. Most zod issues go through the shared `zodIssues`;
 * unions need more care, because zod reports a failed union as a bare "Invalid input" holding the
 * issues of every branch. Here the branch the value was meant for (the one whose type matches) is
 * reported instead, and a discriminated union with a bad `kind` lists the valid kinds.
 * @module
 */
import { z } from 'zod';
import type { InputIssue } from '../errors.js';
import { describeValue, formatPath, zodIssues } from '../validation.js';

type Issue = z.core.$ZodIssue;

/** What a time field takes, for messages about missing or mistyped times. */
const TIME_EXPECTED = 'an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, or seconds after the start';
const TIME_FIELDS = new Set(['end', 'deadline']);

const ARTICLE: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
  record: 'a mapping of names to values',
  boolean: 'true or false',
};

/** A branch "matches" when its value has the right type and only its contents are wrong. */
function typeMatches(branch: readonly Issue[]): boolean {
  return !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
}

function expectedOf(branch: readonly Issue[]): string | undefined {
  const top = branch.find((i) => i.code === 'invalid_type' && i.path.length === 0);
  return top && top.code === 'invalid_type' ? (ARTICLE[top.expected] ?? top.expected) : undefined;
}

/** The issues of one zod issue, with unions unfolded into the branch meant. */
function convert(issue: Issue, prefix: readonly PropertyKey[], file: string): InputIssue[] {
  const path = [...prefix, ...issue.path];
  const input = (issue as { input?: unknown }).input;
  const at = (message: string): InputIssue => ({ file, path: formatPath(path) || '(root)', message });
  if (issue.code === 'invalid_union') {
    if (issue.discriminator !== undefined) {
      // zod puts the discriminator in the path and the whole object in `input`.
      const options = ('options' in issue ? (issue.options ?? []) : []).map((o) => JSON.stringify(o)).join(', ');
      const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
      if (typeof input !== 'object' || input === null) {
        return [{ file, path: formatPath(path.slice(0, -1)) || '(root)', message: `expected an object, got ${describeValue(input)}` }];
      }
      if (value === undefined) return [at(`missing required field (expected one of ${options})`)];
      return [at(`expected one of ${options}, got ${describeValue(value)}`)];
    }
    const branches = issue.errors;
    const meant = branches.filter(typeMatches).sort((a, b) => a.length - b.length)[0];
    if (meant) return meant.flatMap((i) => convert(i, path, file));
    const last = path[path.length - 1];
    const expected =
      last === 'start' && path.length === 1
        ? 'an ISO 8601 UTC time such as 2016-12-19T16:00:00Z'
        : typeof last === 'string' && (TIME_FIELDS.has(last) || last === 'start')
          ? TIME_EXPECTED
          : branches.map(expectedOf).filter((e) => e !== undefined).join(' or ');
    if (input === undefined) return [at(`missing required field (expected ${expected})`)];
    return [at(`expected ${expected}, got ${describeValue(input)}`)];
  }
  if (issue.code === 'invalid_type') {
    // A number that is not one for zod is NaN or an infinity (YAML .nan / .inf, JSON 1e999).
    const expected = issue.expected === 'number' && typeof input === 'number' ? 'a finite number' : (ARTICLE[issue.expected] ?? issue.expected);
    return [at(input === undefined ? `missing required field (expected ${expected})` : `expected ${expected}, got ${describeValue(input)}`)];
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex' && !/^invalid/i.test(issue.message)) {
    // A pattern with its own description (ids, times): say that rather than print the regex.
    return [at(`expected ${issue.message}, got ${describeValue(input)}`)];
  }
  return zodIssues(new z.ZodError([{ ...issue, path }]), file);
}

/** Every problem of a failed scenario validation, in zod's order, for the file `file`. */
export function schemaIssues(error: z.ZodError, file: string): InputIssue[] {
  return error.issues.flatMap((issue) => convert(issue, [], file));
}
