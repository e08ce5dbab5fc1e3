/**
 * The 2017 Beijing-Vienna video call (Liao et al., PRL 120, 030501, 2018; reference README), made
 * again through the KMEs: scenarios/intercontinental-2018.yaml with its demands left out (the call is
 * made by the applications here) and an SAE at Beijing (CAS) and at Vienna (OeAW), run as a KME at
 * 1000 simulated seconds per wall second from the call's assumed start (2017-09-29 08:00 UTC).
 *
 * Beijing encrypts a generated 75-minute stream (2 KiB per second of call) with AES-128, a new key
 * from Get key for every second of the call (4500 keys of 128 bits, asked for as simulated time
 * reaches each second); Vienna gets each key with Get key with key IDs and decrypts (AES-GCM, so a
 * wrong key cannot pass unnoticed). Checks: the bytes match; every key came from the route
 * Beijing - Xinglong - Micius - Graz - Vienna, so each of its four pools spent exactly
 * 4500 x 128 = 576 000 bits (hand calculation; the published figure is ~560 kbit [S]), the Nanshan
 * store nothing; the KME ledger shows 576 000 bits to each SAE and nothing left over.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenarioDocument } from '../../sim/scenario/index.js';
import { parseDocument } from '../../sim/validation.js';
import { REPO_ROOT } from '../helpers.js';
import { getJson } from './client.js';
import { startTestKme } from './fixture.js';

const test = suite('the 2017 Beijing-Vienna call through the KMEs');

const CALL_S = 75 * 60;
const KEY_BITS = 128;
const SEGMENT_BYTES = 2048;
const SPEED = 1000;
const CALL_START = '2017-09-29T08:00:00Z';

/** scenarios/intercontinental-2018.yaml without its demands, with an SAE at each end. */
function callScenario() {
  const file = join(REPO_ROOT, 'scenarios', 'intercontinental-2018.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'), file) as Record<string, unknown>;
  delete doc.demands;
  doc.saes = [{ id: 'cas-beijing', node: 'beijing' }, { id: 'oeaw-vienna', node: 'vienna' }];
  return loadScenarioDocument(doc, { label: 'intercontinental-2018 (KME variant)', baseDir: join(REPO_ROOT, 'scenarios') });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('Beijing encrypts 75 minutes of stream re-keyed every second, Vienna decrypts it; the pools spent exactly the bits delivered', async () => {
  const scenario = callScenario();
  const fromMs = Date.parse(CALL_START) - scenario.startUtcMs;
  const t = await startTestKme({ scenario, speed: SPEED, fromMs });
  let stopped = false;
  try {
    const beijing = t.client('cas-beijing');
    const vienna = t.client('oeaw-vienna');
    const enc = `${t.urlOf('cas-beijing')}/api/v1/keys/oeaw-vienna/enc_keys`;
    const dec = `${t.urlOf('oeaw-vienna')}/api/v1/keys/cas-beijing/dec_keys`;
    const stream = randomBytes(CALL_S * SEGMENT_BYTES);
    /** What goes over the (unprotected) link from Beijing to Vienna: key_ID, IV, ciphertext, tag. */
    const channel: { second: number; keyId: string; iv: Buffer; data: Buffer; tag: Buffer }[] = [];
    const received: Buffer[] = [];
    const failures: string[] = [];
    const t0 = performance.now();

    const sender = async (): Promise<void> => {
      let next = 0;
      while (next < CALL_S && failures.length === 0) {
        // Seconds of the call begun by now (simulated); each needs its key at its start.
        const due = Math.min(CALL_S, Math.floor(((performance.now() - t0) * SPEED) / 1000) + 1);
        while (next < due) {
          const number = Math.min(128, due - next);
          const a = await beijing.call('POST', enc, { number, size: KEY_BITS });
          if (a.status !== 200) {
            failures.push(`enc_keys at second ${next}: ${a.status} ${a.text}`);
            return;
          }
          for (const k of a.json.keys as { key_ID: string; key: string }[]) {
            const iv = randomBytes(12);
            const cipher = createCipheriv('aes-128-gcm', Buffer.from(k.key, 'base64'), iv);
            const data = Buffer.concat([cipher.update(stream.subarray(next * SEGMENT_BYTES, (next + 1) * SEGMENT_BYTES)), cipher.final()]);
            channel.push({ second: next, keyId: k.key_ID, iv, data, tag: cipher.getAuthTag() });
            next++;
          }
        }
        await sleep(20);
      }
    };
    const receiver = async (): Promise<void> => {
      let done = 0;
      while (done < CALL_S && failures.length === 0 && performance.now() - t0 < 120_000) {
        const batch = channel.slice(done, done + 128);
        if (batch.length === 0) {
          await sleep(20);
          continue;
        }
        const a = await vienna.call('POST', dec, { key_IDs: batch.map((s) => ({ key_ID: s.keyId })) });
        if (a.status !== 200) {
          failures.push(`dec_keys at second ${done}: ${a.status} ${a.text}`);
          return;
        }
        batch.forEach((s, i) => {
          const k = a.json.keys[i] as { key_ID: string; key: string };
          assert.is(k.key_ID, s.keyId);
          const decipher = createDecipheriv('aes-128-gcm', Buffer.from(k.key, 'base64'), s.iv);
          decipher.setAuthTag(s.tag);
          received.push(Buffer.concat([decipher.update(s.data), decipher.final()]));
        });
        done += batch.length;
      }
    };
    await Promise.all([sender(), receiver()]);
    assert.equal(failures, []);
    const out = Buffer.concat(received);
    assert.is(out.length, stream.length);
    assert.ok(out.equals(stream), 'decrypted stream differs');
    assert.is(createHash('sha256').update(out).digest('hex'), createHash('sha256').update(stream).digest('hex'));

    const state = await getJson(`${t.kme.monitorUrl}/live/state`);
    // The last key was asked for when simulated time reached the last second of the call.
    assert.ok(state.tMs >= fromMs + (CALL_S - 1) * 1000, `simulated time ${state.tMs - fromMs} ms into the call`);
    const spent = Object.fromEntries(state.pools.map((p: { link: string; consumedBits: number }) => [p.link, p.consumedBits]));
    assert.equal(spent, {
      'micius-xinglong': CALL_S * KEY_BITS,
      'micius-nanshan': 0,
      'micius-graz': CALL_S * KEY_BITS,
      'beijing-xinglong': CALL_S * KEY_BITS,
      'graz-vienna': CALL_S * KEY_BITS,
    });
    assert.is(CALL_S * KEY_BITS, 576_000);
    const ledger = Object.fromEntries(state.saes.map((s: { id: string }) => [s.id, s]));
    assert.is(ledger['cas-beijing'].deliveredBits, 576_000);
    assert.is(ledger['cas-beijing'].deliveredKeys, 4500);
    assert.is(ledger['oeaw-vienna'].collectedBits, 576_000);
    assert.is(ledger['oeaw-vienna'].expiredBits, 0);
    assert.is(state.heldKeys, 0);

    // The run's own record of outside takes, once it is finished: one pair, the call's bits.
    await t.stop();
    stopped = true;
    const result = t.kme.run.finish();
    assert.equal(result.taken.map((x) => [x.from, x.to, x.bits]), [['beijing', 'vienna', 576_000]]);
    for (const l of result.links) assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, `${l.id} ledger`);
  } finally {
    if (!stopped) await t.stop();
  }
});

test.run();
