/** The `saes` of a scenario (issue 16): unique ids at existing ground nodes, all problems at once, blamed on the field. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioDocument, scenarioJsonSchema } from '../../sim/scenario/index.js';
import { issuesOf } from '../helpers.js';

const test = suite('scenario saes');

const doc = (saes: unknown): Record<string, unknown> => ({
  start: '2020-01-01T00:00:00Z',
  days: 1,
  satellites: [{ id: 'sat', walker: { satellites: 1, planes: 1, altitudeKm: 500, inclinationDeg: 97.4 } }],
  nodes: [{ id: 'alice', kind: 'user' }, { id: 'bob', kind: 'user' }],
  links: [{ kind: 'fiber', from: 'alice', to: 'bob', rateBps: 100 }],
  saes,
});
const load = (saes: unknown) => loadScenarioDocument(doc(saes), { label: 'k.yaml', baseDir: '.' });

test('saes load with their nodes; absent means none', () => {
  assert.equal(load([{ id: 'alice-app', node: 'alice' }, { id: 'bob.app', node: 'bob' }]).saes, [{ id: 'alice-app', node: 'alice' }, { id: 'bob.app', node: 'bob' }]);
  const { saes: _, ...rest } = doc([]);
  assert.equal(loadScenarioDocument(rest, { label: 'k.yaml', baseDir: '.' }).saes, []);
});

test('an unknown node, a satellite, a duplicate id and a bad field are each reported at their path', () => {
  assert.equal(
    issuesOf(() => load([{ id: 'x', node: 'carol' }, { id: 'y', node: 'sat-1-1' }, { id: 'x', node: 'bob' }])),
    [
      'k.yaml: saes[0].node: unknown node "carol" (known: alice, bob)',
      'k.yaml: saes[1].node: expected a ground node (station, relay or user), got satellite "sat-1-1" (satellites[0])',
      'k.yaml: saes[2].id: duplicate SAE id "x" (first at saes[0])',
    ],
  );
  const schema = issuesOf(() => load([{ id: 'a b', node: 'alice', port: 1 }]));
  assert.ok(schema.some((l) => l.startsWith('k.yaml: saes[0].id:')), schema.join('\n'));
  assert.ok(schema.some((l) => /saes\[0\].*port/.test(l)), schema.join('\n'));
});

test('the JSON Schema has saes: [{id, node}] and nothing else in an SAE', () => {
  const schema = JSON.stringify(scenarioJsonSchema());
  const saes = (scenarioJsonSchema() as { properties: Record<string, { items: { properties: object; required: string[]; additionalProperties: boolean } }> }).properties.saes!;
  assert.equal(Object.keys(saes.items.properties).sort(), ['id', 'node']);
  assert.equal(saes.items.required.sort(), ['id', 'node']);
  assert.is(saes.items.additionalProperties, false);
  assert.match(schema, '"saes"');
});

test.run();
