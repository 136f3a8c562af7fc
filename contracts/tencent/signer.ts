import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API request signing, both schemes (docs/providers/tencent.md, "Signing"). The typed client
 * signs with `signTc3` / `signLegacy`; the emulator verifies by recomputing with the same functions.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export type LegacySignatureMethod = 'HmacSHA1' | 'HmacSHA256';

const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

export interface Credentials {
  secretId: string;
  secretKey: string;
}

/** The UTC calendar date of a Unix timestamp in seconds, `YYYY-MM-DD`: the date of the credential scope. */
export function scopeDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

// --- TC3-HMAC-SHA256 ---

export interface Tc3CanonicalInput {
  method: string;
  /** The query string exactly as sent, without `?` (empty for POST): Tencent signs it raw, never re-encoded. */
  rawQuery: string;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  /** The names listed in `SignedHeaders`, as sent (every official SDK signs `content-type;host`). */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body bytes as received (or of `UNSIGNED-PAYLOAD`). */
  hashedPayload: string;
}

/** Method, `/`, the raw query, the signed headers (`name:value\n` each), their names, the payload hash. */
export function tc3CanonicalRequest(input: Tc3CanonicalInput): string {
  const names = input.signedHeaders.map((h) => h.toLowerCase());
  const headers = names.map((name) => `${name}:${(input.header(name) ?? '').trim()}\n`).join('');
  return [
    input.method.toUpperCase(),
    '/',
    input.rawQuery,
    headers,
    names.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export function tc3StringToSign(timestampSeconds: number, scope: string, canonicalRequest: string): string {
  return `${TC3_ALGORITHM}\n${timestampSeconds}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** HMAC chain `TC3`+key → date → service → `tc3_request`, then hex HMAC of the string to sign. */
export function tc3Signature(secretKey: string, date: string, service: string, stringToSign: string): string {
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

export function payloadHash(body: string | Uint8Array): string {
  return sha256Hex(body);
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`;
 * undefined when the header is not of that form.
 */
export function parseTc3Authorization(value: string): Tc3Authorization | undefined {
  const match = /^TC3-HMAC-SHA256\s+(.*)$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential?.length !== 4 || credential[3] !== 'tc3_request') return undefined;
  const [secretId = '', date = '', service = ''] = credential;
  if (!secretId || !date || !service || !signedHeaders || !signature) return undefined;
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}

export interface Tc3Request {
  method: 'GET' | 'POST';
  /** The host as the official Node SDK signs it: the endpoint's hostname, without a port. */
  host: string;
  /** The credential scope's service: the SDK takes the endpoint's first DNS label (`cvm`, or `127` for an IP). */
  service: string;
  contentType: string;
  rawQuery: string;
  body: string;
  timestampSeconds: number;
}

/** The `Authorization` header value for a request, as the official SDKs build it. */
export function signTc3(request: Tc3Request, credentials: Credentials): string {
  const date = scopeDate(request.timestampSeconds);
  const scope = `${date}/${request.service}/tc3_request`;
  const headers: Record<string, string> = { 'content-type': request.contentType, host: request.host };
  const canonical = tc3CanonicalRequest({
    method: request.method,
    rawQuery: request.rawQuery,
    header: (name) => headers[name],
    signedHeaders: ['content-type', 'host'],
    hashedPayload: payloadHash(request.body),
  });
  const signature = tc3Signature(
    credentials.secretKey,
    date,
    request.service,
    tc3StringToSign(request.timestampSeconds, scope, canonical),
  );
  return `${TC3_ALGORITHM} Credential=${credentials.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

// --- Legacy HmacSHA1 / HmacSHA256 ---

/**
 * `<METHOD><host><path>?` then every parameter but `Signature`, sorted by name, as raw `name=value` joined by
 * `&`: the legacy scheme signs the values un-encoded.
 */
export function legacyStringToSign(
  method: string,
  hostAndPath: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const sorted = params
    .filter(([name]) => name !== 'Signature')
    .slice()
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()}${hostAndPath}?${sorted.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

export function legacySignature(
  secretKey: string,
  method: LegacySignatureMethod,
  stringToSign: string,
): string {
  return createHmac(method === 'HmacSHA1' ? 'sha1' : 'sha256', secretKey)
    .update(stringToSign, 'utf8')
    .digest('base64');
}

/** The common legacy parameters plus `Signature`: put them in the query (GET) or a form body (POST). */
export function signLegacy(
  request: { method: 'GET' | 'POST'; host: string; action: string; version: string; region?: string },
  params: Readonly<Record<string, string>>,
  credentials: Credentials,
  options: { timestampSeconds: number; nonce: number; signatureMethod: LegacySignatureMethod },
): Record<string, string> {
  const all: Record<string, string> = {
    ...params,
    Action: request.action,
    Nonce: String(options.nonce),
    Timestamp: String(options.timestampSeconds),
    Version: request.version,
    SecretId: credentials.secretId,
    ...(request.region ? { Region: request.region } : {}),
    SignatureMethod: options.signatureMethod,
  };
  const toSign = legacyStringToSign(request.method, `${request.host}/`, Object.entries(all));
  return { ...all, Signature: legacySignature(credentials.secretKey, options.signatureMethod, toSign) };
}
