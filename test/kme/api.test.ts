/**
 * The ETSI GS QKD 014 API of `qkdsim kme`, over real mutual TLS: Get status, Get key and Get key
 * with key IDs answer with the spec's fields; keys reach the slave identical and once; every bit
 * handed out is taken from every pool on the route, so the ledgers match the keys to the bit; a
 * route short of key gives 503 with the reason and takes nothing.
 *
 * kme-chain (test/fixtures/scenarios/kme-chain.yaml): alice -(alice-relay)- relay -(relay-bob)- bob,
 * each pool starting with 2 000 000 bits and making 2000 / 1500 bit/s; speed 1, so a test of a few
 * seconds adds at most a few tens of kbit.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getJson } from './client.js';
import { startTestKme, type TestKme } from './fixture.js';

const test = suite('qkdsim kme: the ETSI GS QKD 014 API');
let t: TestKme;

test.before(async () => {
  t = await startTestKme();
});
test.after(async () => {
  await t.stop();
});

const consumed = async (): Promise<Record<string, number>> => {
  const state = await getJson(`${t.kme.monitorUrl}/live/state`);
  return Object.fromEntries(state.pools.map((p: { link: string; consumedBits: number }) => [p.link, p.consumedBits]));
};

test('GET status gives every field of the Status object (clause 6.1) for the caller and the slave', async () => {
  const alice = t.client('alice-app');
  const a = await alice.call('GET', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/status`);
  assert.is(a.status, 200);
  assert.equal(Object.keys(a.json).sort(), [
    'key_size', 'master_SAE_ID', 'max_SAE_ID_count', 'max_key_count', 'max_key_per_request', 'max_key_size', 'min_key_size', 'slave_SAE_ID', 'source_KME_ID', 'stored_key_count', 'target_KME_ID',
  ]);
  assert.is(a.json.source_KME_ID, 'kme-alice');
  assert.is(a.json.target_KME_ID, 'kme-bob');
  assert.is(a.json.master_SAE_ID, 'alice-app');
  assert.is(a.json.slave_SAE_ID, 'bob-app');
  assert.is(a.json.key_size, 256);
  assert.is(a.json.max_SAE_ID_count, 0);
  // Capacity 50 000 000 bits / 256 = 195 312 keys at most; held: the weaker pool's level / 256, at
  // least 2 000 000 / 256 = 7812 (minus nothing: no key taken yet), at most 7812 + 1500 bit/s x 60 s / 256.
  assert.is(a.json.max_key_count, 195_312);
  assert.ok(a.json.stored_key_count >= 7812 && a.json.stored_key_count <= 7812 + 352, `stored_key_count ${a.json.stored_key_count}`);
});

test('Get key (GET and POST) hands the master keys that the slave then gets identical, once', async () => {
  const alice = t.client('alice-app');
  const bob = t.client('bob-app');
  const before = await consumed();
  const g = await alice.call('GET', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys?number=2&size=128`);
  assert.is(g.status, 200);
  const p = await alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`, { number: 3, size: 512 });
  assert.is(p.status, 200);
  const d = await alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`); // all defaults: 1 key of key_size
  assert.is(d.status, 200);
  const issued = [...g.json.keys, ...p.json.keys, ...d.json.keys];
  assert.equal(issued.map((k: { key: string }) => Buffer.from(k.key, 'base64').length * 8), [128, 128, 512, 512, 512, 256]);
  for (const k of issued) assert.match(k.key_ID, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // 2 x 128 + 3 x 512 + 256 = 2048 bits from each hop, and nothing else.
  const after = await consumed();
  assert.is(after['alice-relay']! - before['alice-relay']!, 2048);
  assert.is(after['relay-bob']! - before['relay-bob']!, 2048);

  // The slave, at its own KME: one by GET, the rest in one POST (in the order asked).
  const one = await bob.call('GET', `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys?key_ID=${issued[0].key_ID}`);
  assert.is(one.status, 200);
  assert.equal(one.json.keys, [issued[0]]);
  const rest = issued.slice(1).reverse();
  const many = await bob.call('POST', `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys`, { key_IDs: rest.map((k: { key_ID: string }) => ({ key_ID: k.key_ID })) });
  assert.is(many.status, 200);
  assert.equal(many.json.keys, rest);
  // Gone after delivery.
  const again = await bob.call('GET', `${t.urlOf('bob-app')}/api/v1/keys/alice-app/dec_keys?key_ID=${issued[0].key_ID}`);
  assert.is(again.status, 400);
  assert.equal(again.json, { message: 'one or more keys specified are not found on KME', details: [{ key_ID_not_found: issued[0].key_ID }] });
});

test('a pair one hop apart spends only that hop; the ledger and /metrics show the bits per SAE', async () => {
  const before = await consumed();
  const alice = t.client('alice-app');
  const a = await alice.call('POST', `${t.urlOf('alice-app')}/api/v1/keys/relay-app/enc_keys`, { number: 4, size: 1024 });
  assert.is(a.status, 200);
  const after = await consumed();
  assert.is(after['alice-relay']! - before['alice-relay']!, 4096);
  assert.is(after['relay-bob']! - before['relay-bob']!, 0);
  const state = await getJson(`${t.kme.monitorUrl}/live/state`);
  const ledger = Object.fromEntries(state.saes.map((s: { id: string }) => [s.id, s]));
  // alice-app so far: 2048 (previous test) + 4096 bits as master; bob-app collected the 2048.
  assert.is(ledger['alice-app'].deliveredBits, 2048 + 4096);
  assert.is(ledger['bob-app'].collectedBits, 2048);
  const metrics = await (await fetch(`${t.kme.monitorUrl}/metrics`)).text();
  assert.match(metrics, /qkdsim_kme_key_bits_total\{sae="alice-app",role="master"\} 6144\n/);
  assert.match(metrics, /qkdsim_kme_key_bits_total\{sae="bob-app",role="slave"\} 2048\n/);
  assert.match(metrics, new RegExp(`qkdsim_pool_consumed_bits\\{link="alice-relay"\\} ${after['alice-relay']}\\n`));
  assert.match(metrics, /qkdsim_pool_level_bits\{link="relay-bob"\} \d+\n/);
});

test('a route short of key: 503 with the weakest hop named, nothing taken; the bits delivered equal the pools\' consumption', async () => {
  const alice = t.client('alice-app');
  const url = `${t.urlOf('alice-app')}/api/v1/keys/bob-app/enc_keys`;
  const before = await consumed();
  // 128 keys of 4096 bits = 524 288 bits a request; each pool holds 2 000 000 bits less what the
  // tests before took (6144 and 2048) plus a few kbit made since: the fourth request cannot be served.
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await alice.call('POST', url, { number: 128, size: 4096 }));
  assert.equal(answers.map((a) => a.status), [200, 200, 200, 503]);
  assert.is(answers[3]!.json.message, 'keys are not available now');
  // The weakest hop of the route is named (which one depends on the seconds elapsed: alice-relay
  // makes 2000 bit/s but has given 4096 bits more).
  const reason = /^short of key on link (alice-relay|relay-bob) \((\d+) bits held, 524288 needed\)$/.exec(answers[3]!.json.details[0].reason);
  assert.ok(reason, answers[3]!.json.details[0].reason);
  assert.ok(Number(reason![2]) < 524_288);
  const after = await consumed();
  const delivered = answers.slice(0, 3).reduce((sum, a) => sum + a.json.keys.reduce((s: number, k: { key: string }) => s + Buffer.from(k.key, 'base64').length * 8, 0), 0);
  assert.is(delivered, 3 * 524_288);
  assert.is(after['alice-relay']! - before['alice-relay']!, delivered);
  assert.is(after['relay-bob']! - before['relay-bob']!, delivered);
});

test('live view: /live/state, one server-sent event, and the page with its script', async () => {
  const state = await getJson(`${t.kme.monitorUrl}/live/state`);
  assert.is(state.scenario, 'kme-chain');
  assert.equal(state.pools.map((p: { link: string }) => p.link), ['alice-relay', 'relay-bob']);
  const res = await fetch(`${t.kme.monitorUrl}/live/events`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  assert.match(text, /^event: state\ndata: \{"scenario":"kme-chain"/);
  const page = await fetch(`${t.kme.monitorUrl}/live.html`);
  assert.match(await page.text(), /<script type="module" src="\/js\/live.js">/);
  for (const path of ['/js/live.js', '/js/format.js', '/vendor/d3.min.js', '/css/dashboard.css']) assert.is((await fetch(`${t.kme.monitorUrl}${path}`)).status, 200, path);
});

test.run();
