/** Shared test helpers: tolerance assertions in stated units, paths to fixtures. */
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { InputError, formatIssue } from '../sim/errors.js';

/** Absolute path of the repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Path of a file under test/fixtures/. */
export function fixturePath(...parts: string[]): string {
  return join(REPO_ROOT, 'test', 'fixtures', ...parts);
}

/** Asserts |actual - expected| <= delta, naming the quantity and its unit on failure. */
export function assertInDelta(actual: number, expected: number, delta: number, what = 'value'): void {
  const ok = Number.isFinite(actual) && Math.abs(actual - expected) <= delta;
  assert.ok(ok, `${what}: expected ${expected} ± ${delta}, got ${actual} (off by ${actual - expected})`);
}

/** The issue lines (as the CLI prints them) of the InputError `fn` throws; fails if it throws none. */
export function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  assert.unreachable('expected an InputError');
  return [];
}
