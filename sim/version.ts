/**
 * qkdsim's version, read from its package.json (the one place it is written), for `--version` and
 * the server's /api/info. The package root is found the same way from the sources and the build.
 * @module
 */
import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** The version in package.json, e.g. `0.1.0`. */
export const QKDSIM_VERSION: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
