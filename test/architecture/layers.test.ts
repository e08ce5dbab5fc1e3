/**
 * The rooms of sim/ and the one direction of their imports (README "Layout"): each room imports
 * only the rooms listed for it, sim/ never imports web/, and the shared leaves (sim/*.ts) import no
 * room. Read from the import statements of every source file, resolved to the folder they reach.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../helpers.js';

const SIM = join(REPO_ROOT, 'sim');

/** What each room may import (besides itself and the leaves sim/*.ts). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  engine: [],
  orbit: [],
  links: ['orbit'],
  scenario: ['links', 'orbit'],
  environment: ['engine', 'orbit', 'scenario'],
  network: ['engine', 'scenario'],
  operations: ['engine', 'environment', 'links', 'orbit', 'scenario'],
  run: ['engine', 'environment', 'links', 'network', 'operations', 'orbit', 'scenario'],
  report: ['links', 'operations', 'orbit', 'run', 'scenario'],
  study: ['engine', 'environment', 'links', 'network', 'operations', 'orbit', 'report', 'run', 'scenario'],
  cli: ['engine', 'environment', 'links', 'network', 'operations', 'orbit', 'report', 'run', 'scenario', 'study'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mjs|cjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Relative import specifiers of a file (static, dynamic and type-only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

/** The room a path under the repository is in: 'leaf' for sim/*.ts, 'web', or the sim/ folder. */
function roomOf(path: string): string {
  const rel = relative(REPO_ROOT, path).split(sep);
  if (rel[0] !== 'sim') return rel[0]!;
  return rel.length === 2 ? 'leaf' : rel[1]!;
}

const layers = suite('sim/ layers');
layers('every room imports only the rooms below it, and nothing in sim/ imports web/', () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const file of sourceFiles(SIM)) {
    const from = roomOf(file);
    for (const spec of importsOf(file)) {
      const to = roomOf(resolve(dirname(file), spec));
      checked++;
      if (to === from || to === 'leaf') continue;
      const ok = from !== 'leaf' && (ALLOWED[from]?.includes(to) ?? false);
      if (!ok) wrong.push(`${relative(REPO_ROOT, file)} imports ${spec} (${from} -> ${to})`);
    }
  }
  assert.ok(checked > 300, `${checked} imports read`);
  assert.equal(wrong, []);
});
layers('every folder of sim/ is a known room', () => {
  const rooms = readdirSync(SIM, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.equal(rooms, Object.keys(ALLOWED).sort());
});
layers.run();
