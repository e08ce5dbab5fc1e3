/**
 * Where the CLI writes. Commands take a CliIo instead of touching process.stdout, so tests can run
 * a command in-process and read exactly what it printed.
 * @module
 */

/** Output sinks and terminal facts for one CLI invocation. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress bars are shown only then). */
  readonly isTty: boolean;
  /** Current working directory, for resolving relative paths. */
  readonly cwd: string;
}

/** The real process streams. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get isTty() {
    return Boolean(process.stderr.isTTY);
  },
  get cwd() {
    return process.cwd();
  },
};

/** An in-memory CliIo for tests: everything printed is collected in `stdout` / `stderr`. */
export function memoryIo(cwd = process.cwd()): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    cwd,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
