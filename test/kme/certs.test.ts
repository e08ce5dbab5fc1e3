/**
 * Certificates made for the KMEs (@peculiar/x509), checked with node:crypto's X509Certificate (an
 * independent parser and verifier, OpenSSL's): each SAE certificate is signed by the CA, names the
 * SAE in its subject CN and is for client authentication; the server certificate is for server
 * authentication on localhost; private keys are 0600; nothing is ever overwritten.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { certPaths, makeCertificates, readServerCerts, writeCertificates } from '../../web/kme/certs.js';

const test = suite('makeCertificates / writeCertificates');

test('makeCertificates(saeIds, hosts): CA-signed client certificates with CN = SAE id, a server certificate for localhost and the host', async () => {
  const bundle = await makeCertificates(['cas-beijing', 'oeaw.vienna'], ['kme.example', '10.0.0.7']);
  const ca = new X509Certificate(bundle.ca.cert);
  assert.ok(ca.ca);
  for (const id of ['cas-beijing', 'oeaw.vienna']) {
    const c = new X509Certificate(bundle.saes.get(id)!.cert);
    assert.is(c.subject, `CN=${id}`);
    assert.ok(c.checkIssued(ca) && c.verify(ca.publicKey), `${id} signed by the CA`);
    assert.not.ok(c.ca);
    assert.equal(c.keyUsage, ['1.3.6.1.5.5.7.3.2'], 'client authentication only');
    // The private key belongs to the certificate.
    assert.ok(c.checkPrivateKey(createPrivateKey(bundle.saes.get(id)!.key)));
  }
  const server = new X509Certificate(bundle.server.cert);
  assert.ok(server.verify(ca.publicKey));
  assert.equal(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.ok(server.checkHost('localhost') && server.checkHost('kme.example'));
  assert.ok(server.checkIP('127.0.0.1') && server.checkIP('10.0.0.7') && server.checkIP('::1'));
  assert.not.ok(server.checkHost('elsewhere.example'));
  // A second CA does not vouch for the first one's certificates.
  const other = new X509Certificate((await makeCertificates([])).ca.cert);
  assert.not.ok(new X509Certificate(bundle.saes.get('cas-beijing')!.cert).verify(other.publicKey));
});

test('writeCertificates(dir, bundle) writes the layout with private keys 0600, and never overwrites', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-certs-'));
  try {
    const bundle = await makeCertificates(['a']);
    const written = writeCertificates(dir, bundle);
    const p = certPaths(dir);
    assert.equal(written.sort(), [p.caCert, p.caKey, p.serverCert, p.serverKey, p.sae('a').cert, p.sae('a').key].sort());
    for (const key of [p.caKey, p.serverKey, p.sae('a').key]) assert.is(statSync(key).mode & 0o777, 0o600, key);
    assert.is(readFileSync(p.sae('a').cert, 'utf8'), bundle.saes.get('a')!.cert);
    const again = await makeCertificates(['a', 'b']);
    try {
      writeCertificates(dir, again);
      assert.unreachable('expected an InputError');
    } catch (error) {
      assert.instance(error, InputError);
      assert.match((error as InputError).issues[0]!.message, /already holds certificates/);
    }
    // Nothing was replaced, and b's files were not written either.
    assert.is(readFileSync(p.caCert, 'utf8'), bundle.ca.cert);
    assert.throws(() => statSync(p.sae('b').cert));
    assert.equal(readServerCerts(dir), { caCert: bundle.ca.cert, server: bundle.server });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readServerCerts(dir) names every file it cannot read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-certs-'));
  try {
    writeFileSync(join(dir, 'ca.crt'), 'x');
    try {
      readServerCerts(dir);
      assert.unreachable('expected an InputError');
    } catch (error) {
      assert.instance(error, InputError);
      assert.equal((error as InputError).issues.map((i) => i.file), [join(dir, 'kme.crt'), join(dir, 'kme.key')]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
