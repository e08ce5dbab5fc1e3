/**
 * Security of the KME API: without a valid client certificate, or for keys that are not the
 * caller's, the answer is 401 and nothing else; a key_ID is delivered once, to its own slave SAE;
 * requests out of bounds or malformed are 400. Every refused request takes nothing from the
 * network and leaks nothing: error bodies are the spec's {message, details?} with no key
 * material, no stack trace and nothing the caller did not send.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificates, writeCertificates } from '../../web/kme/certs.js';
import { type Answer, getJson } from './client.js';
import { startTestKme, type TestKme } from './fixture.js';

const test = suite('qkdsim kme: authentication, authorization and bad requests');
let t: TestKme;
let otherCa: string;
const UNAUTHORIZED = { message: "unauthorized: a client certificate issued by this KME network's CA for an SAE served by this KME is required" };

test.before(async () => {
  t = await startTestKme();
  // Certificates for the same SAE ids from another CA.
  otherCa = mkdtempSync(join(tmpdir(), 'qkdsim-kme-other-ca-'));
  writeCertificates(otherCa, await makeCertificates(t.scenario.saes.map((s) => s.id)));
});
test.after(async () => {
  rmSync(otherCa, { recursive: true, force: true });
  await t.stop();
});

const consumedTotal = async (): Promise<number> => (await getJson(`${t.kme.monitorUrl}/live/state`)).pools.reduce((a: number, p: { consumedBits: number }) => a + p.consumedBits, 0);

/** Nothing in an error body but the spec's fields, no key material, no stack. */
function assertBare(a: Answer, status: number): void {
  assert.is(a.status, status, a.text);
  assert.ok(a.json && typeof a.json.message === 'string', a.text);
  for (const k of Object.keys(a.json)) assert.ok(k === 'message' || k === 'details', `unexpected field ${k}`);
  assert.not.match(a.text, /"keys"|"key"\s*:|\bat .+\.(ts|js):\d+|node_modules|\/work\//);
}

const encUrl = (): string => `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`;

test('no client certificate: 401 on every path, the fixed message only, nothing taken', async () => {
  const before = await consumedTotal();
  const anon = t.client(null);
  for (const [method, path] of [['GET', '/api/v1/keys/bob-app/status'], ['POST', '/api/v1/keys/bob-app/enc_keys'], ['GET', '/api/v1/keys/bob-app/dec_keys?key_ID=x'], ['GET', '/nowhere']] as const) {
    const a = await anon.call(method, `${t.urlOf('alice-app')}${path}`, method === 'POST' ? { number: 1 } : undefined);
    assertBare(a, 401);
    assert.equal(a.json, UNAUTHORIZED);
  }
  assert.is(await consumedTotal(), before);
});

test('a certificate from another CA (same SAE id): 401', async () => {
  const forged = t.client('alice-app', { certDir: otherCa });
  const a = await forged.call('POST', encUrl(), { number: 1 });
  assertBare(a, 401);
  assert.equal(a.json, UNAUTHORIZED);
});

test("another SAE's certificate at this KME (bob-app at alice's KME): 401", async () => {
  const bob = t.client('bob-app');
  const a = await bob.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/relay-app/enc_keys`, { number: 1 });
  assertBare(a, 401);
});

test("another SAE's keys: 401, and the key stays for its own slave; a replayed key_ID: 400", async () => {
  const alice = t.client('alice-app');
  const got = await alice.call('POST', encUrl(), { number: 1, size: 256 });
  assert.is(got.status, 200);
  const id = got.json.keys[0].key_ID;
  // relay-app asks for a key made for bob-app (naming its master correctly).
  const relay = t.client('relay-app');
  const stolen = await relay.call('GET', `${t.urlOf('relay-app')}/api/v1/keys/alice-app/dec_keys?key_ID=${id}`);
  assertBare(stolen, 401);
  assert.equal(stolen.json, UNAUTHORIZED);
  const bob = t.client('bob-app');
  // bob-app naming the wrong master: for that pair the key does not exist.
  const otherPair = await bob.call('GET', `${t.urlOf('bob-app')}/api/v1/keys/relay-app/dec_keys?key_ID=${id}`);
  assertBare(otherPair, 400);
  const mine = await bob.call('GET', `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys?key_ID=${id}`);
  assert.is(mine.status, 200);
  assert.equal(mine.json.keys, got.json.keys);
  const replay = await bob.call('GET', `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys?key_ID=${id}`);
  assertBare(replay, 400);
  assert.equal(replay.json, { message: 'one or more keys specified are not found on KME', details: [{ key_ID_not_found: id }] });
});

test('a request mixing a good key_ID with an unknown one: 400 and the good one is kept (all or nothing)', async () => {
  const alice = t.client('alice-app');
  const got = await alice.call('POST', encUrl(), { number: 1 });
  const id = got.json.keys[0].key_ID;
  const unknown = '00000000-0000-4000-8000-000000000000';
  const bob = t.client('bob-app');
  const url = `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys`;
  const mixed = await bob.call('POST', url, { key_IDs: [{ key_ID: id }, { key_ID: unknown }] });
  assertBare(mixed, 400);
  assert.equal(mixed.json.details, [{ key_ID_not_found: unknown }]);
  assert.is((await bob.call('POST', url, { key_IDs: [{ key_ID: id }] })).status, 200);
});

test('oversized or malformed requests: 400 naming the field, nothing taken', async () => {
  const before = await consumedTotal();
  const alice = t.client('alice-app');
  const bob = t.client('bob-app');
  const dec = `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys`;
  const cases: [Promise<Answer>, RegExp][] = [
    [alice.call('POST', encUrl(), { number: 129 }), /^number: expected an integer in \[1, 128\] \(max_key_per_request\), got 129$/],
    [alice.call('POST', encUrl(), { number: 1e9, size: 256 }), /^number: expected an integer in \[1, 128\]/],
    [alice.call('POST', encUrl(), { number: 0 }), /^number: /],
    [alice.call('POST', encUrl(), { number: 1.5 }), /^number: /],
    [alice.call('POST', encUrl(), { number: '2' }), /^number: expected an integer .* got a string$/],
    [alice.call('POST', encUrl(), { size: 100 }), /^size shall be a multiple of 8$/],
    [alice.call('POST', encUrl(), { size: 8192 }), /^size: expected bits in \[64, 4096\]/],
    [alice.call('POST', encUrl(), { size: 2 ** 40 }), /^size: expected bits in \[64, 4096\]/],
    [alice.call('GET', `${encUrl()}?number=99999999999`), /^number: expected a whole number$/],
    [alice.call('GET', `${encUrl()}?number=1&number=2`), /^number: expected one value/],
    [alice.call('GET', `${encUrl()}?count=2`), /^query: unknown field "count"/],
    [alice.call('POST', `${encUrl()}?number=2`, { number: 1 }), /^query parameters are not allowed with POST/],
    [alice.call('POST', encUrl(), '{"number": 2,'), /^malformed JSON in the request body$/],
    [alice.call('POST', encUrl(), '[1, 2]'), /^request body: expected a JSON object \(Key request\), got an array$/],
    [alice.call('POST', encUrl(), { numbr: 2 }), /^Key request: unknown field "numbr"/],
    [alice.call('POST', encUrl(), { additional_slave_SAE_IDs: ['relay-app'] }), /key multicast is not supported/],
    [alice.call('POST', encUrl(), { extension_mandatory: [{ abc: 1 }] }), /^not all extension_mandatory parameters are supported$/],
    [alice.call('POST', encUrl(), `{"number": 1, "pad": "${'x'.repeat(20_000)}"}`), /^request body larger than 16384 bytes$/],
    [alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/nobody/enc_keys`, { number: 1 }), /^slave_SAE_ID: unknown SAE$/],
    [alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/alice-app/enc_keys`, { number: 1 }), /^slave_SAE_ID: expected another SAE than the caller$/],
    [bob.call('GET', `${dec}?key_ID=not-a-uuid`), /^key_ID: expected a key_ID \(UUID/],
    [bob.call('GET', dec), /^key_ID: required/],
    [bob.call('POST', dec, { key_IDs: [] }), /^key_IDs: expected an array of 1 to 128 objects, got 0 items$/],
    [bob.call('POST', dec, { key_IDs: Array.from({ length: 129 }, () => ({ key_ID: '00000000-0000-4000-8000-000000000000' })) }), /^key_IDs: expected an array of 1 to 128 objects, got 129 items$/],
    [bob.call('POST', dec, { key_IDs: [{ key_ID: '00000000-0000-4000-8000-000000000000' }, { key_ID: '00000000-0000-4000-8000-000000000000' }] }), /the same key_ID twice/],
    [bob.call('POST', dec, '{"key_IDs": [{"key_ID": '), /^malformed JSON in the request body$/],
  ];
  for (const [pending, message] of cases) {
    const a = await pending;
    assertBare(a, 400);
    assert.match(a.json.message, message);
  }
  // The 20 000-character body is refused and not echoed.
  assert.is(await consumedTotal(), before);
});

test('wrong method 405, unknown path 404 (after authentication), JSON both', async () => {
  const alice = t.client('alice-app');
  const del = await alice.call('DELETE', encUrl());
  assertBare(del, 405);
  const put = await alice.call('PUT', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/status`);
  assertBare(put, 405);
  const nowhere = await alice.call('GET', `${t.urlOf('alice-app')}/api/v2/keys`);
  assertBare(nowhere, 404);
});

test.run();
