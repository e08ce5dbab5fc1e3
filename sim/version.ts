/**
 * qkdsim's version, read from its package.json (the one place it is written), for `--version`, the
 * server's /api/info and file headers. Found by walking up from this module, so it holds whether
 * the sources run as they are or from a compiled copy in another folder depth.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'qkdsim' && typeof pkg.version === 'string') return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('qkdsim: package.json not found above sim/version.ts');
    dir = up;
  }
}

/** The version in package.json, e.g. `0.1.0`. */
export const QKDSIM_VERSION: string = readVersion();
