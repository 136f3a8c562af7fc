import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';

/**
 * Alibaba Cloud RPC request signing, both schemes (docs/providers/aliyun.md §1.2, §1.3). The typed client signs with
 * `signV1` / `signV3`; the emulator verifies by recomputing with the same canonicalisation functions.
 */
export const V1_SIGNATURE_METHOD = 'HMAC-SHA1';
export const V1_SIGNATURE_VERSION = '1.0';
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A request parameter list: names may repeat, order is irrelevant (it is sorted before signing). */
export type ParamList = ReadonlyArray<readonly [string, string]>;

/** One-shot: a `Hash` object per call costs about as much again as the digest of a canonical request. */
const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

/**
 * RFC 3986 percent-encoding as every Alibaba SDK does it: `encodeURIComponent` plus `!'()*`, so `~` stays,
 * `*` is `%2A`, `+` is `%2B` and a space is `%20`, never `+` (docs/providers/aliyun.md §1.2 step 2).
 */
export function percentEncode(value: string): string {
  // Most names and values are unreserved characters only, which every step leaves as they are.
  if (UNRESERVED.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, subDelimEscape) : encoded;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
/** What `encodeURIComponent` leaves but RFC 3986 reserves. */
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;
const subDelimEscape = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/** Every pair but the one named `skip`, each side percent-encoded, sorted by name then value. */
function encodedPairs(params: ParamList, skip?: string): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const [name, value] of params) {
    if (name !== skip) pairs.push([percentEncode(name), percentEncode(value)]);
  }
  return sortedByName(pairs);
}

/** Longer lists (a crafted request's) are left to `sort`, which stays n log n. */
const INSERTION_SORT_MAX = 32;

/**
 * Sorted by name, then value. A call's parameters are a dozen or so, for which an insertion sort, one comparison
 * a step, takes a fifth less time than `sort` calling a comparator for each of its comparisons.
 */
function sortedByName(pairs: Array<readonly [string, string]>): Array<readonly [string, string]> {
  if (pairs.length > INSERTION_SORT_MAX) return pairs.sort(byName);
  for (let i = 1; i < pairs.length; i++) {
    const pair = pairs[i] as readonly [string, string];
    let j = i - 1;
    for (; j >= 0 && follows(pairs[j] as readonly [string, string], pair); j--) {
      pairs[j + 1] = pairs[j] as readonly [string, string];
    }
    pairs[j + 1] = pair;
  }
  return pairs;
}

const follows = (a: readonly [string, string], b: readonly [string, string]) =>
  a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/** `name<assign>value` of every pair joined by `separator`, each side written by `side`. */
function joinPairs(
  pairs: ReadonlyArray<readonly [string, string]>,
  assign: string,
  separator: string,
  side: (encoded: string) => string,
): string {
  let text = '';
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i] as readonly [string, string];
    text += `${i === 0 ? '' : separator}${side(name)}${assign}${side(value)}`;
  }
  return text;
}

const asIs = (encoded: string) => encoded;

/**
 * A percent-encoded name or value encoded a second time: it holds only unreserved characters and `%XX`
 * escapes, so only its `%` signs change.
 */
const encodeAgain = (encoded: string) => (encoded.includes('%') ? encoded.replaceAll('%', '%25') : encoded);

const byName = (a: readonly [string, string], b: readonly [string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

// --- V1: HMAC-SHA1 over the sorted parameters (docs/providers/aliyun.md §1.2) ---

/**
 * `METHOD&%2F&` + the canonicalized query (every parameter but `Signature`, sorted by name, `name=value`
 * percent-encoded, joined by `&`) encoded a second time (so `:` becomes `%253A`), written pair by pair: its `=`
 * and `&` as `%3D` and `%26`, each name and value encoded again.
 */
export function v1StringToSign(method: string, params: ParamList): string {
  const query = joinPairs(encodedPairs(params, 'Signature'), '%3D', '%26', encodeAgain);
  return `${method.toUpperCase()}&%2F&${query}`;
}

/** Base64 HMAC-SHA1 keyed with the secret plus `&`. */
export function v1Signature(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', v1Key.of(accessKeySecret)).update(stringToSign, 'utf8').digest('base64');
}

/**
 * The HMAC key of the secret signed with last, kept as a key object: given the secret as a string, `createHmac`
 * would encode it and build that object on every call, and a client signs every call with the same secret.
 */
class LastKey {
  #secret: string | undefined;
  #key: KeyObject | undefined;

  constructor(private readonly keyText: (secret: string) => string) {}

  of(secret: string): KeyObject {
    if (secret !== this.#secret || this.#key === undefined) {
      this.#key = createSecretKey(Buffer.from(this.keyText(secret), 'utf8'));
      this.#secret = secret;
    }
    return this.#key;
  }
}

const v1Key = new LastKey((secret) => `${secret}&`);
const v3Key = new LastKey((secret) => secret);

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * The common V1 parameters plus `Signature` for an RPC call, as pop-core builds them: put the result in the
 * query (GET) or a form body (POST).
 */
export function signV1(
  method: string,
  params: Readonly<Record<string, string>>,
  credentials: Credentials,
  options: { epochMs: number; nonce: string; version?: string; format?: 'JSON' | 'XML' },
): Record<string, string> {
  const all: Record<string, string> = {
    Format: options.format ?? 'JSON',
    Version: options.version ?? '2014-05-26',
    Timestamp: formatAcsTimestamp(options.epochMs),
    SignatureMethod: V1_SIGNATURE_METHOD,
    SignatureVersion: V1_SIGNATURE_VERSION,
    SignatureNonce: options.nonce,
    AccessKeyId: credentials.accessKeyId,
    ...params,
  };
  const signature = v1Signature(v1StringToSign(method, Object.entries(all)), credentials.accessKeySecret);
  return { ...all, Signature: signature };
}

// --- V3: ACS3-HMAC-SHA256 over a canonical request (docs/providers/aliyun.md §1.3) ---

/** The path with `+`, `*` and `%7E` fixed as `getAuthorization` does. */
export function v3CanonicalUri(pathname: string): string {
  if (!/[+*%]/.test(pathname)) return pathname || '/';
  return pathname.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
}

/** Query parameters sorted by name, `name=value` with the value RFC 3986-encoded. */
export function v3CanonicalQueryString(query: ParamList): string {
  return joinPairs(encodedPairs(query), '=', '&', asIs);
}

export interface V3CanonicalInput {
  method: string;
  pathname: string;
  query: ParamList;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  /** The names listed in `SignedHeaders`, in any case. */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body. */
  hashedPayload: string;
}

export function v3CanonicalRequest(input: V3CanonicalInput): string {
  return v3CanonicalRequestWith(input, v3SignedHeaders(input.signedHeaders));
}

/**
 * A `SignedHeaders` list as the canonical request reads it: lower-case, sorted, each name once, and those names
 * joined by `;` (the canonical request's signed-headers line).
 */
export interface V3SignedHeaders {
  names: readonly string[];
  line: string;
}

export function v3SignedHeaders(signedHeaders: readonly string[]): V3SignedHeaders {
  const sorted = signedHeaders.map((h) => h.toLowerCase()).sort();
  // Sorted, a repeated name follows itself.
  const names = sorted.filter((name, i) => i === 0 || name !== sorted[i - 1]);
  return { names, line: names.join(';') };
}

/**
 * `v3CanonicalRequest` with its `SignedHeaders` read already: a verifier reads each client's list once, where
 * lower-casing, sorting and joining it again for every request is a good part of building the request.
 */
export function v3CanonicalRequestWith(
  input: Omit<V3CanonicalInput, 'signedHeaders'>,
  signed: V3SignedHeaders,
): string {
  let headers = '';
  for (const name of signed.names) headers += `${name}:${(input.header(name) ?? '').trim()}\n`;
  const uri = v3CanonicalUri(input.pathname);
  const query = v3CanonicalQueryString(input.query);
  return `${input.method.toUpperCase()}\n${uri}\n${query}\n${headers}\n${signed.line}\n${input.hashedPayload}`;
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Hex HMAC-SHA256 keyed with the raw secret (no `&`, unlike V1). */
export function v3Signature(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha256', v3Key.of(accessKeySecret)).update(stringToSign, 'utf8').digest('hex');
}

export function hashPayload(body: Uint8Array | string | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

export interface Acs3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `<algorithm> Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>`; `undefined` when a part is
 * missing. The algorithm is returned as sent so that the caller can refuse other `ACS3-*` methods.
 */
export function parseAcs3Authorization(value: string): Acs3Authorization | undefined {
  const read = readAcs3Authorization(value);
  return read && { ...read, signedHeaders: read.signedHeaders.split(';').filter(Boolean) };
}

/** `parseAcs3Authorization` with `SignedHeaders` as sent (`h1;h2`): a verifier reads each client's list once. */
export function readAcs3Authorization(
  value: string,
): (Omit<Acs3Authorization, 'signedHeaders'> & { signedHeaders: string }) | undefined {
  const match = ACS3_AUTHORIZATION.exec(value.trim());
  if (!match?.[1] || match[2] === undefined) return undefined;
  const fields = match[2];
  // The last of a repeated field counts. Fields are cut out where they stand: no list of parts is built.
  let accessKeyId: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (let start = 0; start <= fields.length; ) {
    let end = fields.indexOf(',', start);
    if (end < 0) end = fields.length;
    const eq = fields.indexOf('=', start);
    if (eq > start && eq < end) {
      const field = fields.slice(start, eq).trim();
      if (field === 'Credential') accessKeyId = fields.slice(eq + 1, end).trim();
      else if (field === 'SignedHeaders') signedHeaders = fields.slice(eq + 1, end).trim();
      else if (field === 'Signature') signature = fields.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { algorithm: match[1], accessKeyId, signedHeaders, signature };
}

const ACS3_AUTHORIZATION = /^(ACS3-[A-Z0-9-]+)\s+(.*)$/;

export interface SignV3Input {
  method: string;
  url: string | URL;
  action: string;
  version?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * Signs an RPC call as `@alicloud/openapi-core` does: `host`, `content-type` and every `x-acs-*` header are
 * signed. Returns the headers to send, `authorization` included.
 */
export function signV3(
  input: SignV3Input,
  credentials: Credentials,
  options: { epochMs: number; nonce: string },
): Record<string, string> {
  const url = new URL(input.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.host ??= url.host;
  headers['x-acs-action'] = input.action;
  headers['x-acs-version'] = input.version ?? '2014-05-26';
  headers['x-acs-date'] ??= formatAcsTimestamp(options.epochMs);
  headers['x-acs-signature-nonce'] ??= options.nonce;
  headers['x-acs-content-sha256'] = hashPayload(input.body);
  const signedHeaders = Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
  const canonical = v3CanonicalRequest({
    method: input.method,
    pathname: url.pathname,
    query: [...url.searchParams],
    header: (name) => headers[name],
    signedHeaders,
    hashedPayload: headers['x-acs-content-sha256'],
  });
  const signature = v3Signature(v3StringToSign(canonical), credentials.accessKeySecret);
  headers.authorization = `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return headers;
}

// --- Timestamps: `yyyy-MM-ddTHH:mm:ssZ` in UTC for both schemes ---

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

export function formatAcsTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** The last timestamp parsed and its result: the calls of a second all carry the same one. */
let lastTimestamp = '';
let lastParsed: number | undefined;

/** Milliseconds since the epoch, or `undefined` when not an ISO 8601 UTC time of a real date. */
export function parseAcsTimestamp(value: string): number | undefined {
  if (value !== lastTimestamp) {
    lastParsed = parseTimestamp(value);
    lastTimestamp = value;
  }
  return lastParsed;
}

function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '0').padEnd(3, '0')));
  const back = new Date(ms);
  const valid =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return valid ? ms : undefined;
}
