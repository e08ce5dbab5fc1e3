/** Shared test helpers: tolerance assertions in stated units, paths to fixtures. */
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
