/**
 * How the files a document names (element-set files) are opened. A document from the command line
 * may name any file its user can read; a document uploaded to the server may name only files inside
 * one folder (the shipped `scenarios/`), and what it learns of them is limited: the check is made on
 * the file actually opened (its descriptor's real path, so `..`, absolute paths and symbolic links
 * that lead out are refused whatever the path text looked like), and no message quotes the content
 * of a file the uploader did not send.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, constants as fsConstants } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** Largest element-set file read, bytes (a whole public catalogue as OMM JSON is ~25 MB). */
export const MAX_ELEMENT_SET_BYTES = 64 * 1024 * 1024;

/**
 * Which files a document may open. `any`: whatever the process can read (the CLI's user's own
 * files). `confined`: regular files inside `root` only, and file content never quoted in messages.
 */
export type FileAccess = { readonly kind: 'any' } | { readonly kind: 'confined'; readonly root: string };

export const ANY_FILE: FileAccess = { kind: 'any' };

/** True when `child` is `dir` or inside it (both absolute, normalised). */
export function isInside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'));
}

/** What is read and how it is named in messages. */
export interface ReadRequest {
  /** How the file is named in messages; null when the caller names it already (the file). */
  readonly label: string | null;
  /** What kind of file, for messages ("element-set file"). */
  readonly what: string;
  readonly access: FileAccess;
  /** Largest size accepted, bytes (checked on the open file, before reading). */
  readonly maxBytes: number;
}

/** Why a confined reference is refused (the message names the rule, never the file's content). */
function refused(req: ReadRequest, why: string): InputError {
  return new InputError({ message: `cannot read ${named(req)}: ${why} (uploaded scenarios may name bundled:<name> or a file inside scenarios/)` });
}

function named(req: ReadRequest): string {
  return req.label === null ? req.what : `${req.what} ${JSON.stringify(req.label)}`;
}

/** The real path of an open descriptor (Linux /proc), or null where the platform cannot tell. */
function descriptorPath(fd: number): string | null {
  try {
    return realpathSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/**
 * Reads a file a document names, under an access policy.
 * @param ref the path as written in the document
 * @param baseDir the folder relative paths start from
 * @throws InputError with a single issue (no file or path set: the caller adds where the reference is)
 */
export function readReferencedFile(ref: string, baseDir: string, req: ReadRequest): Buffer {
  const file = resolve(baseDir, ref);
  const cannot = (why: string): InputError => new InputError({ message: `cannot read ${named(req)}: ${why}` });
  let root: string | null = null;
  if (req.access.kind === 'confined') {
    if (isAbsolute(ref) || /^[a-zA-Z]:/.test(ref) || ref.includes('\0')) throw refused(req, 'an absolute path');
    if (!isInside(resolve(req.access.root), file)) throw refused(req, 'a path outside the folder');
    try {
      root = realpathSync(req.access.root);
    } catch {
      throw refused(req, 'the folder is not available');
    }
  }
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not hang the process.
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw cannot((error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  try {
    const stat = fstatSync(fd);
    if (root !== null) {
      // The descriptor's own path: a symbolic link swapped in after any earlier check changes nothing.
      const real = descriptorPath(fd) ?? realpathSync(file);
      if (!isInside(root, real)) throw refused(req, 'a link that leads outside the folder');
    }
    if (!stat.isFile()) throw cannot('not a regular file');
    if (stat.size > req.maxBytes) throw cannot(`expected at most ${req.maxBytes / 1048576} MiB, got ${(stat.size / 1048576).toFixed(1)} MiB`);
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const n = readSync(fd, buffer, offset, stat.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}
