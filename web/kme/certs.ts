/**
 * Certificates for the KMEs' mutual TLS (ETSI GS QKD 014 requires that SAE and KME authenticate
 * each other): a CA, one KME server certificate, and one client certificate per SAE whose subject
 * common name is the SAE id, all issued with @peculiar/x509 (node:crypto alone cannot issue
 * certificates). Keys are ECDSA P-256: fast to make, and a TLS handshake with them costs a
 * fraction of an RSA one.
 *
 * Layout of a certificate folder (what `qkdsim kme FILE --make-certs DIR` writes):
 *   ca.crt  ca.key            the CA (its key signs the others; keep it or delete it)
 *   kme.crt kme.key           the KMEs' server certificate (localhost, 127.0.0.1, ::1 and --host)
 *   saes/<SAE id>.crt .key    one client certificate per SAE (CN = the SAE id)
 * Private keys are written with mode 0600. Existing files are never overwritten.
 * @module
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithms through tsyringe, which needs it
import * as x509 from '@peculiar/x509';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.js';
import { DAY_MS } from '../../sim/orbit/time.js';

// Node's webcrypto is the WebCrypto the library expects; its type (node:crypto's) differs only in name.
x509.cryptoProvider.set(webcrypto as never);

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/** Validity of every certificate made here, days (a simulator's certificates, not a PKI's). */
export const CERT_VALIDITY_DAYS = 825;

/** A certificate and its private key, PEM. */
export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

/** Everything a KME deployment needs. */
export interface CertBundle {
  readonly ca: PemPair;
  readonly server: PemPair;
  /** Client certificate of each SAE, by SAE id. */
  readonly saes: ReadonlyMap<string, PemPair>;
}

/** What the KME server reads from a certificate folder. */
export interface ServerCerts {
  readonly caCert: string;
  readonly server: PemPair;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function keyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A positive 128-bit serial number, hex (RFC 5280 4.1.2.2: unique per CA, at most 20 octets). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function validity(nowMs: number): { notBefore: Date; notAfter: Date } {
  // An hour of slack for clocks that disagree a little.
  return { notBefore: new Date(nowMs - 3_600_000), notAfter: new Date(nowMs + CERT_VALIDITY_DAYS * DAY_MS) };
}

async function issue(
  ca: { cert: x509.X509Certificate; keys: CryptoKeyPair },
  subject: string,
  usage: 'server' | 'client',
  names: { type: 'dns' | 'ip'; value: string }[],
  nowMs: number,
): Promise<PemPair> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.cert.subject,
    ...validity(nowMs),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: keyPem(keys.privateKey) };
}

/**
 * Makes a CA, a KME server certificate valid for localhost, 127.0.0.1, ::1 and `hosts`, and one
 * client certificate per SAE id (subject CN = the id).
 */
export async function makeCertificates(saeIds: readonly string[], hosts: readonly string[] = []): Promise<CertBundle> {
  const nowMs = Date.now(); // wall-clock: certificate validity (web/, not the simulation)
  const caKeys = await keyPair();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=qkdsim KME CA',
    ...validity(nowMs),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const ca = { cert: caCert, keys: caKeys };
  const names = new Map<string, { type: 'dns' | 'ip'; value: string }>();
  for (const h of ['localhost', '127.0.0.1', '::1', ...hosts]) {
    // A wildcard listen address is not a name a client connects to.
    if (h === '' || h === '0.0.0.0' || h === '::') continue;
    names.set(h, { type: isIP(h) ? 'ip' : 'dns', value: h });
  }
  const server = await issue(ca, 'CN=qkdsim KME', 'server', [...names.values()], nowMs);
  const saes = new Map<string, PemPair>();
  for (const id of saeIds) saes.set(id, await issue(ca, `CN=${id}`, 'client', [], nowMs));
  return { ca: { cert: caCert.toString('pem'), key: keyPem(caKeys.privateKey) }, server, saes };
}

/** Paths of the files of a certificate folder. */
export function certPaths(dir: string): { caCert: string; caKey: string; serverCert: string; serverKey: string; sae: (id: string) => { cert: string; key: string } } {
  return {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'kme.crt'),
    serverKey: join(dir, 'kme.key'),
    sae: (id) => ({ cert: join(dir, 'saes', `${id}.crt`), key: join(dir, 'saes', `${id}.key`) }),
  };
}

/**
 * Writes a bundle into `dir` (created if needed). Refuses, writing nothing, when any of the files
 * exists already: certificates someone relies on are never replaced.
 * @throws InputError naming the files that exist
 */
export function writeCertificates(dir: string, bundle: CertBundle): string[] {
  const p = certPaths(dir);
  const files: [string, string, number][] = [
    [p.caCert, bundle.ca.cert, 0o644],
    [p.caKey, bundle.ca.key, 0o600],
    [p.serverCert, bundle.server.cert, 0o644],
    [p.serverKey, bundle.server.key, 0o600],
  ];
  for (const [id, pair] of bundle.saes) {
    const s = p.sae(id);
    files.push([s.cert, pair.cert, 0o644], [s.key, pair.key, 0o600]);
  }
  const existing = files.filter(([path]) => existsSync(path)).map(([path]) => path);
  if (existing.length > 0) {
    throw new InputError({ file: dir, message: `already holds certificates (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', ...' : ''}); choose an empty folder or remove them` });
  }
  mkdirSync(join(dir, 'saes'), { recursive: true });
  for (const [path, text, mode] of files) writeFileSync(path, text, { mode, flag: 'wx' });
  return files.map(([path]) => path);
}

/**
 * Reads what the KME server needs from a certificate folder.
 * @throws InputError naming every missing or unreadable file
 */
export function readServerCerts(dir: string): ServerCerts {
  const p = certPaths(dir);
  const read = (path: string): string | null => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const caCert = read(p.caCert);
  const cert = read(p.serverCert);
  const key = read(p.serverKey);
  const missing = [caCert === null ? p.caCert : null, cert === null ? p.serverCert : null, key === null ? p.serverKey : null].filter((x) => x !== null);
  if (missing.length > 0) {
    throw new InputError(missing.map((path) => ({ file: path, message: 'cannot read it (make a certificate folder with `qkdsim kme FILE --make-certs DIR`)' })));
  }
  return { caCert: caCert!, server: { cert: cert!, key: key! } };
}
