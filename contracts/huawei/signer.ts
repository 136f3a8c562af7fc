import { createHmac, hash } from 'node:crypto';

/**
 * Huawei Cloud AK/SK request signing, `SDK-HMAC-SHA256` (docs/providers/huawei.md §4.3). The typed client signs with
 * `signRequest`; the emulator verifies with `computeSignature` over the request's own `SignedHeaders`.
 * Both go through the same canonicalisation below.
 */
export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** `X-Sdk-Date` is `YYYYMMDDTHHmmssZ` in UTC. */
export const SDK_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

// The one-shot `hash`: no Hash object per call, which costs more than hashing a small request.
const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');
const hmacHex = (key: string, data: string): string => createHmac('sha256', key).update(data).digest('hex');

/** Percent-encodes everything but `A-Za-z0-9-_.~`, upper-case hex, UTF-8 for non-ASCII. */
export function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A path whose segments decode and encode to themselves: unreserved characters and `/` only. */
const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;

/** Path segments encoded one by one, with a `/` appended when missing. */
export function canonicalUri(pathname: string): string {
  const path = PLAIN_PATH.test(pathname)
    ? pathname
    : pathname
        .split('/')
        .map((segment) => urlEncode(safeDecode(segment)))
        .join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

/** Keys sorted, each `k=v` encoded, several values of one key sorted, joined with `&`. */
export function canonicalQueryString(params: URLSearchParams): string {
  const keys = [...new Set(params.keys())].sort();
  return keys
    .flatMap((key) =>
      params
        .getAll(key)
        .sort()
        .map((value) => `${urlEncode(key)}=${urlEncode(value)}`),
    )
    .join('&');
}

export interface CanonicalInput {
  method: string;
  url: URL;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const names = canonicalHeaderNames(input.signedHeaders);
  return canonicalRequestOf(input, names, names.join(';'));
}

/** `SignedHeaders` as the canonical request lists them: lower-case, sorted. */
export function canonicalHeaderNames(signedHeaders: readonly string[]): string[] {
  return signedHeaders.map((h) => h.toLowerCase()).sort();
}

/**
 * `canonicalRequest` with the signed header names already in canonical order (`canonicalHeaderNames`) and
 * joined with `;`, for a verifier that sees the same `SignedHeaders` again and again.
 */
export function canonicalRequestOf(
  input: Omit<CanonicalInput, 'signedHeaders'>,
  names: readonly string[],
  signedHeaders: string,
): string {
  let headers = '';
  for (const name of names) headers += `${name}:${(input.header(name) ?? '').trim()}\n`;
  const query = input.url.search === '' ? '' : canonicalQueryString(input.url.searchParams);
  return `${input.method.toUpperCase()}\n${canonicalUri(input.url.pathname)}\n${query}\n${headers}\n${signedHeaders}\n${input.payloadHash}`;
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return [SDK_SIGNING_ALGORITHM, sdkDate, sha256Hex(canonical)].join('\n');
}

export function computeSignature(input: CanonicalInput, sdkDate: string, secretKey: string): string {
  return signatureOf(canonicalRequest(input), sdkDate, secretKey);
}

/** The signature of a canonical request: HMAC-SHA256 of the string to sign, keyed with the secret. */
export function signatureOf(canonical: string, sdkDate: string, secretKey: string): string {
  return hmacHex(secretKey, stringToSign(sdkDate, canonical));
}

export function payloadHash(body: string | Uint8Array | undefined, contentSha256?: string): string {
  if (contentSha256) return contentSha256;
  return body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>`; `undefined` when malformed. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match = /^SDK-HMAC-SHA256\s+(.*)$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  // The last of each field counts, and every other field is ignored.
  let accessKeyId: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === 'Access') accessKeyId = part.slice(eq + 1).trim();
    else if (name === 'SignedHeaders') signedHeaders = part.slice(eq + 1).trim();
    else if (name === 'Signature') signature = part.slice(eq + 1).trim();
  }
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}

export function formatSdkDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** The last date parsed: a client signs every request of a second with the same one. */
let lastSdkDate: { value: string; ms: number | undefined } = { value: '', ms: undefined };

export function parseSdkDate(value: string): number | undefined {
  if (value !== lastSdkDate.value) lastSdkDate = { value, ms: sdkDateMs(value) };
  return lastSdkDate.ms;
}

function sdkDateMs(value: string): number | undefined {
  const m = SDK_DATE_PATTERN.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

export interface SignRequestInput {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Signs a request as the Huawei Node SDK does: every header present (plus `host` and `X-Sdk-Date`) is signed.
 * Returns the headers to send, `Authorization` included.
 */
export function signRequest(
  input: SignRequestInput,
  credentials: { accessKeyId: string; secretAccessKey: string },
  epochMs: number,
): Record<string, string> {
  const url = new URL(input.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['x-sdk-date'] ??= formatSdkDate(epochMs);
  headers.host ??= url.host;
  const signedHeaders = Object.keys(headers).sort();
  const signature = computeSignature(
    {
      method: input.method,
      url,
      header: (name) => headers[name],
      signedHeaders,
      payloadHash: payloadHash(input.body, headers['x-sdk-content-sha256']),
    },
    headers['x-sdk-date'],
    credentials.secretAccessKey,
  );
  headers.authorization = `${SDK_SIGNING_ALGORITHM} Access=${credentials.accessKeyId}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return headers;
}
