/**
 * The package's root folder (the one holding package.json, scenarios/ and web/public/), found from
 * this module's own location so that it is the same whether qkdsim runs from its TypeScript
 * sources (sim/package-root.ts) or from the compiled build (dist/sim/package-root.js). A leaf module.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return dir;
    if (dirname(dir) === dir) throw new Error(`qkdsim: no package root (package.json with scenarios/) above ${start}`);
  }
}

/** Absolute path of the package root. */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Absolute path of a file or folder inside the package, from '/'-separated parts. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** True when this process runs the compiled build (dist/) rather than the sources through tsx. */
export const RUNS_COMPILED = import.meta.url.endsWith('.js');
