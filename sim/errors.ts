/**
 * Error classes shared by every part of qkdsim. A leaf module: it imports nothing from sim/.
 *
 * Bad user input (files, flags, scenario fields) becomes an {@link InputError} holding every problem
 * found, each naming where it is (file, line or field path) and what was expected versus found.
 * The CLI prints one line per issue and exits with code 2; the server answers HTTP 400.
 * @module
 */

/** One problem in user input. `file` and `line` / `path` say where; `message` what and why. */
export interface InputIssue {
  /** File name as the user gave it (or a label such as `--length-km` for flags). */
  readonly file?: string;
  /** 1-based line number, for line-oriented files such as TLEs. */
  readonly line?: number;
  /** Field path inside a structured document, e.g. `links[4].to`. */
  readonly path?: string;
  /** What is wrong, ideally `expected X, got Y`. */
  readonly message: string;
}

/** Formats an issue as `file:line: message`, `file: path: message` or just the message. */
export function formatIssue(issue: InputIssue): string {
  const where: string[] = [];
  if (issue.file !== undefined) where.push(issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file);
  if (issue.path !== undefined && issue.path !== '') where.push(issue.path);
  return where.length > 0 ? `${where.join(': ')}: ${issue.message}` : issue.message;
}

/** Marks an InputError, in the registry shared by every copy of this module. */
const INPUT_ERROR = Symbol.for('qkdsim.InputError');

/**
 * Bad user input: one or more issues, all reported at once.
 *
 * `instanceof InputError` checks a mark rather than the prototype: a process can load this module
 * twice (once through require and once through a dynamic import, as tsx does under a CommonJS test
 * runner), and an error from one copy must still be recognised as bad input by the other.
 */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[] | InputIssue, options?: { cause?: unknown }) {
    const list = Array.isArray(issues) ? (issues as readonly InputIssue[]) : [issues as InputIssue];
    super(list.map(formatIssue).join('\n'), options);
    this.name = 'InputError';
    this.issues = list;
    Object.defineProperty(this, INPUT_ERROR, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[INPUT_ERROR] === true;
  }
}

/** SGP4 could not propagate a satellite at a time (decay, eccentricity out of range...). */
export class PropagationError extends Error {
  constructor(
    readonly satellite: string,
    readonly utcMs: number,
    readonly reason: string,
  ) {
    super(`propagation of ${satellite} failed at ${new Date(utcMs).toISOString()}: ${reason}`);
    this.name = 'PropagationError';
  }
}
