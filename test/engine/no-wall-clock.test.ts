/**
 * Enforces "no Math.random or wall-clock reads inside sim/": every source file under sim/ except
 * sim/cli/ (which may show wall-clock progress) must not call Math.random, Date.now,
 * performance.now or `new Date()` without arguments. Randomness comes from engine/rng.ts streams and
 * time from the simulation clock, so a run depends only on its scenario and seed.
 *
 * Comments are blanked before matching, so documentation may name the banned calls; strings are
 * still scanned (a banned call in a string is odd enough to flag).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../helpers.js';

/** What is banned, with a pattern that tolerates whitespace around the dot. */
const BANNED: readonly { what: string; pattern: RegExp }[] = [
  { what: 'Math.random', pattern: /\bMath\s*\.\s*random\b/ },
  { what: 'Date.now', pattern: /\bDate\s*\.\s*now\b/ },
  { what: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/ },
  { what: 'new Date() without arguments', pattern: /\bnew\s+Date\s*\(\s*\)/ },
  // `new Date;` is legal JavaScript and also reads the wall clock.
  { what: 'new Date without arguments', pattern: /\bnew\s+Date\b(?!\s*\()/ },
];

const SOURCE_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Relative to the repository root, with forward slashes. */
const EXEMPT_PREFIX = 'sim/cli/';

/**
 * Replaces the text of // and /* *\/ comments with spaces, keeping newlines, so line numbers and
 * columns survive. Tracks ' " and ` strings (with ${} nesting) so a "//" inside a string is not
 * taken for a comment. Regex literals are not tracked: a quote inside one can at worst hide the
 * rest of that line, because strings here end at a newline.
 */
function blankComments(source: string): string {
  const out = source.split('');
  type Mode = 'code' | 'line' | 'block' | "'" | '"' | '`';
  let mode: Mode = 'code';
  let depth = 0;
  const templateDepths: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    if (mode === 'code') {
      if (c === '/' && (next === '/' || next === '*')) {
        mode = next === '/' ? 'line' : 'block';
        out[i] = ' ';
        out[++i] = ' ';
      } else if (c === "'" || c === '"' || c === '`') {
        mode = c;
      } else if (c === '{') {
        depth++;
      } else if (c === '}') {
        if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
          templateDepths.pop();
          mode = '`';
        } else {
          depth--;
        }
      }
    } else if (mode === 'line') {
      if (c === '\n') mode = 'code';
      else out[i] = ' ';
    } else if (mode === 'block') {
      if (c === '*' && next === '/') {
        out[i] = ' ';
        out[++i] = ' ';
        mode = 'code';
      } else if (c !== '\n') {
        out[i] = ' ';
      }
    } else if (c === '\\') {
      i++;
    } else if (mode === '`') {
      if (c === '`') mode = 'code';
      else if (c === '$' && next === '{') {
        templateDepths.push(depth);
        mode = 'code';
        i++;
      }
    } else if (c === mode || c === '\n') {
      mode = 'code';
    }
  }
  return out.join('');
}

/** Every banned call in a source text, as 1-based line numbers with what was found. */
function findWallClockReads(source: string): { line: number; what: string }[] {
  const found: { line: number; what: string }[] = [];
  blankComments(source)
    .split('\n')
    .forEach((text, index) => {
      for (const { what, pattern } of BANNED) if (pattern.test(text)) found.push({ line: index + 1, what });
    });
  return found;
}

function listSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(path));
    else if (SOURCE_EXTENSIONS.test(entry.name)) files.push(path);
  }
  return files.sort();
}

const scan = suite('sim/ sources');

scan('every source under sim/ except sim/cli/ is free of Math.random, Date.now, performance.now, new Date()', () => {
  const files = listSources(join(REPO_ROOT, 'sim'))
    .map((path) => relative(REPO_ROOT, path).split(sep).join('/'))
    .filter((path) => !path.startsWith(EXEMPT_PREFIX));
  assert.ok(files.includes('sim/engine/simulation.ts'), 'the scan must see the engine itself');
  const offences = files.flatMap((path) =>
    findWallClockReads(readFileSync(join(REPO_ROOT, path), 'utf8')).map(({ line, what }) => `${path}:${line}: ${what}`),
  );
  assert.equal(offences, [], `wall-clock or unseeded random reads in sim/:\n${offences.join('\n')}`);
});

const finder = suite('findWallClockReads');

finder('findWallClockReads(source) reports each banned call with its line', () => {
  const source = ['const a = 1;', 'const u = Math.random();', 'const t = Date.now(), p = performance.now();', 'const d = new Date();', 'const e = new Date;'].join('\n');
  assert.equal(findWallClockReads(source), [
    { line: 2, what: 'Math.random' },
    { line: 3, what: 'Date.now' },
    { line: 3, what: 'performance.now' },
    { line: 4, what: 'new Date() without arguments' },
    { line: 5, what: 'new Date without arguments' },
  ]);
});

finder('findWallClockReads(source) allows new Date(x) and names inside comments', () => {
  const source = [
    'const d = new Date(epochMs + tMs);',
    '// never use Math.random here',
    '/* Date.now() would break',
    '   determinism, as would new Date() */ const ok = 1;',
    'const s = "http://x"; const r = Math.random();',
    'const t = `${a /* Date.now() */}` + `//`; const q = performance.now();',
  ].join('\n');
  assert.equal(findWallClockReads(source), [
    { line: 5, what: 'Math.random' },
    { line: 6, what: 'performance.now' },
  ]);
});

finder('blankComments(source) keeps length and newlines so lines and columns stay put', () => {
  const source = 'a // x\n/* y\nz */ b';
  const blanked = blankComments(source);
  assert.is(blanked.length, source.length);
  assert.is(blanked, 'a     \n    \n     b');
});

scan.run();
finder.run();
