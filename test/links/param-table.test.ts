/** sim/links/README.md's parameter table is the one params.ts makes (a stale table fails here). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { BB84_PARAMS, DOWNLINK_ONLY_PARAMS, FIBER_ONLY_PARAMS } from '../../sim/links/params.js';
import { LINKS_README, expectedTable, tableInReadme } from './param-table.js';

const table = suite('sim/links/README.md parameter table');
table('equals paramTableMarkdown with the default presets (regenerate: node --import tsx test/links/param-table.ts --write)', () => {
  const inReadme = tableInReadme(readFileSync(LINKS_README, 'utf8'));
  assert.ok(inReadme !== null, 'the table markers are in the README');
  assert.fixture(inReadme!, expectedTable());
});
table('has one row per parameter, each under its own name', () => {
  const rows = expectedTable().trim().split('\n').slice(2);
  const names = [...BB84_PARAMS, ...FIBER_ONLY_PARAMS, ...DOWNLINK_ONLY_PARAMS].map((s) => s.name);
  assert.is(rows.length, names.length);
  rows.forEach((row, i) => assert.ok(row.startsWith(`| \`${names[i]}\` |`), row));
});
table.run();
