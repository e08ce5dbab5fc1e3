import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

const run = (...args: string[]) => runCli('schema', ...args);

const TOP_LEVEL = ['name', 'description', 'start', 'days', 'end', 'seed', 'weather', 'satellites', 'stations', 'nodes', 'links', 'demands', 'saes', 'routing', 'passes', 'output'];

const schema = suite('qkdsim schema');

schema('prints a draft-07 JSON Schema of scenario files with a title, description and every top-level field', async () => {
  const r = await run();
  assert.is(r.code, 0, r.err);
  assert.is(r.err, '');
  const s = JSON.parse(r.out);
  assert.is(s.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.is(s.title, 'qkdsim scenario');
  assert.type(s.description, 'string');
  assert.is(s.type, 'object');
  assert.equal(Object.keys(s.properties).sort(), [...TOP_LEVEL].sort());
  // Strict objects: editors flag unknown fields, as the loader does.
  assert.is(s.additionalProperties, false);
  assert.equal(s.required, ['start']);
  assert.ok(r.out.startsWith('{\n  "$schema"'), 'two-space indentation');
});

schema('describes nested objects: link kinds, pool defaults, demand kinds', async () => {
  const s = JSON.parse((await run()).out);
  const text = JSON.stringify(s);
  for (const kind of ['"fiber"', '"downlink"', '"constant"', '"bulk"', '"poisson"', '"uniform"']) assert.ok(text.includes(kind), kind);
  assert.ok(text.includes('"capacityBits"') && text.includes('100000000'));
});

schema('--target draft-2020-12 prints the 2020-12 dialect; an unknown target exits 2', async () => {
  const r = await run('--target', 'draft-2020-12');
  assert.is(r.code, 0);
  assert.is(JSON.parse(r.out).$schema, 'https://json-schema.org/draft/2020-12/schema');
  const bad = await run('--target', 'draft-3');
  assert.is(bad.code, 2);
  assert.is(bad.err, 'qkdsim: --target: expected draft-07 (also draft-7, 7) or draft-2020-12 (also 2020-12), or their $schema URIs, got "draft-3"\n');
});

schema.run();
