/**
 * Where the CLI writes. Commands take a CliIo instead of touching process.stdout, so tests can run
 * a command in-process and read exactly what it printed.
 * @module
 */
import { InputError } from '../errors.js';

/** Output sinks and terminal facts for one CLI invocation. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress bars are shown only then). */
  readonly isTty: boolean;
  /** Current working directory, for resolving relative paths. */
  readonly cwd: string;
  /**
   * Reads all of standard input (for a file argument given as `-`).
   * @throws InputError naming `label` when it holds more than maxBytes
   */
  readStdin(maxBytes: number, label: string): Promise<Buffer>;
}

/** Reads a stream to its end, refusing more than maxBytes (the read stops there). */
export async function readBounded(stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > maxBytes) throw new InputError({ file: label, message: `expected at most ${maxBytes / 1048576} MiB on standard input, got more` });
    chunks.push(b);
  }
  return Buffer.concat(chunks);
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
  readStdin: (maxBytes, label) => readBounded(process.stdin, maxBytes, label),
};

let stdoutGuarded = false;

/**
 * Makes a closed standard output end the program quietly with exit 0, as it does any Unix filter
 * (`qkdsim passes --format csv | head -1`): the reader has all it wanted. Without this, the next
 * write raises EPIPE as an unhandled 'error' event and Node prints a stack trace.
 */
export function endQuietlyOnClosedStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** An in-memory CliIo for tests: everything printed is collected in `stdout` / `stderr`; `stdin` is what `-` reads. */
export function memoryIo(cwd = process.cwd(), stdin = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTty: false,
    cwd,
    readStdin: (maxBytes: number, label: string) => readBounded([Buffer.from(stdin)], maxBytes, label),
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
