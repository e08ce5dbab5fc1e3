/**
 * Parsing and checking of ETSI GS QKD 014 V1.1.1 requests: Key request (clause 6.2, the body of a
 * POST to enc_keys, or `number` and `size` as query parameters of a GET), and Key IDs (clause 6.4,
 * the body of a POST to dec_keys, or one `key_ID` query parameter of a GET). Every problem becomes
 * a 400 with the spec's error object; messages name the field and what was expected, and never
 * repeat what the caller sent beyond a short excerpt of a field name.
 * @module
 */
import { KME_LIMITS } from './key-service.js';

/** A checked Key request. */
export interface KeyRequest {
  readonly number: number;
  readonly sizeBits: number;
}

/** A request that cannot be served as sent: HTTP 400 with the spec's error object. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly details?: readonly Record<string, unknown>[],
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A field name shown in a message: printable ASCII, at most 40 characters. */
function nameOf(key: string): string {
  const clean = key.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}...` : clean);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function rejectUnknown(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new BadRequest(`${where}: unknown field ${nameOf(unknown[0]!)} (allowed: ${allowed.join(', ')})`);
}

function checkNumber(value: unknown): number {
  const max = KME_LIMITS.maxKeyPerRequest;
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new BadRequest(`number: expected an integer in [1, ${max}] (max_key_per_request), got ${describe(value)}`);
  }
  return value;
}

function checkSize(value: unknown): number {
  const { minKeySizeBits: min, maxKeySizeBits: max } = KME_LIMITS;
  if (!(typeof value === 'number' && Number.isInteger(value))) throw new BadRequest(`size: expected an integer number of bits, got ${describe(value)}`);
  // The spec's own example message for this case (clause 6.2).
  if (value % 8 !== 0) throw new BadRequest('size shall be a multiple of 8', [{ size: value }]);
  if (value < min || value > max) throw new BadRequest(`size: expected bits in [${min}, ${max}] (min_key_size, max_key_size), got ${value}`);
  return value;
}

/** A value described for a message: its type, and the number itself when it is one. */
function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'a non-finite number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A query parameter: one value of digits, or a 400. */
function queryInteger(query: Record<string, unknown>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadRequest(`${name}: expected one value, got ${Array.isArray(raw) ? raw.length : 'several'}`);
  if (!/^\d{1,9}$/.test(raw)) throw new BadRequest(`${name}: expected a whole number`);
  return Number(raw);
}

/** Key request from a GET's query (`number`, `size`). */
export function keyRequestFromQuery(query: Record<string, unknown>): KeyRequest {
  rejectUnknown(query, ['number', 'size'], 'query');
  const number = queryInteger(query, 'number');
  const size = queryInteger(query, 'size');
  return { number: number === undefined ? 1 : checkNumber(number), sizeBits: size === undefined ? KME_LIMITS.keySizeBits : checkSize(size) };
}

/** Key request from a POST body (clause 6.2). An empty body means every default. */
export function keyRequestFromBody(body: unknown): KeyRequest {
  if (body === undefined) return { number: 1, sizeBits: KME_LIMITS.keySizeBits };
  if (!isObject(body)) throw new BadRequest(`request body: expected a JSON object (Key request), got ${describe(body)}`);
  rejectUnknown(body, ['number', 'size', 'additional_slave_SAE_IDs', 'extension_mandatory', 'extension_optional'], 'Key request');
  const extra = body.additional_slave_SAE_IDs;
  if (extra !== undefined) {
    if (!Array.isArray(extra) || !extra.every((x) => typeof x === 'string')) throw new BadRequest('additional_slave_SAE_IDs: expected an array of SAE IDs');
    if (extra.length > KME_LIMITS.maxSaeIdCount) throw new BadRequest(`additional_slave_SAE_IDs: key multicast is not supported (max_SAE_ID_count is ${KME_LIMITS.maxSaeIdCount})`);
  }
  for (const field of ['extension_mandatory', 'extension_optional'] as const) {
    const v = body[field];
    if (v !== undefined && !(Array.isArray(v) && v.every(isObject))) throw new BadRequest(`${field}: expected an array of objects (name/value pairs)`);
  }
  const mandatory = (body.extension_mandatory ?? []) as Record<string, unknown>[];
  if (mandatory.length > 0) {
    // The spec's example message (clause 6.2); no extension is supported.
    const names = mandatory.flatMap((o) => Object.keys(o)).slice(0, 8).map((k) => nameOf(k).slice(1, -1));
    throw new BadRequest('not all extension_mandatory parameters are supported', [{ extension_mandatory_unsupported: names }]);
  }
  return {
    number: body.number === undefined ? 1 : checkNumber(body.number),
    sizeBits: body.size === undefined ? KME_LIMITS.keySizeBits : checkSize(body.size),
  };
}

function checkKeyId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new BadRequest(`${where}: expected a key_ID (UUID such as 550e8400-e29b-41d4-a716-446655440000)`);
  return value.toLowerCase();
}

/** Key IDs from a GET's query (one `key_ID`). */
export function keyIdsFromQuery(query: Record<string, unknown>): string[] {
  rejectUnknown(query, ['key_ID'], 'query');
  const raw = query.key_ID;
  if (raw === undefined) throw new BadRequest('key_ID: required (one key_ID per GET; POST a Key IDs object for several)');
  if (typeof raw !== 'string') throw new BadRequest('key_ID: expected one value (POST a Key IDs object for several)');
  return [checkKeyId(raw, 'key_ID')];
}

/** Key IDs from a POST body (clause 6.4). */
export function keyIdsFromBody(body: unknown): string[] {
  if (!isObject(body)) throw new BadRequest(`request body: expected a JSON object (Key IDs), got ${body === undefined ? 'nothing' : describe(body)}`);
  rejectUnknown(body, ['key_IDs', 'key_IDs_extension'], 'Key IDs');
  const list = body.key_IDs;
  const max = KME_LIMITS.maxKeyPerRequest;
  if (!Array.isArray(list) || list.length < 1 || list.length > max) {
    throw new BadRequest(`key_IDs: expected an array of 1 to ${max} objects, got ${Array.isArray(list) ? `${list.length} items` : describe(list)}`);
  }
  const seen = new Set<string>();
  return list.map((item, i) => {
    if (!isObject(item)) throw new BadRequest(`key_IDs[${i}]: expected an object {key_ID}`);
    rejectUnknown(item, ['key_ID', 'key_ID_extension'], `key_IDs[${i}]`);
    const id = checkKeyId(item.key_ID, `key_IDs[${i}].key_ID`);
    if (seen.has(id)) throw new BadRequest(`key_IDs[${i}].key_ID: the same key_ID twice`);
    seen.add(id);
    return id;
  });
}
