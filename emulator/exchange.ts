import type { CapturedMessage, Exchange } from './journal.ts';
import { PROVIDER_MODULES } from './providers/index.ts';

/** How much of each body the journal keeps: enough for every console API's request and answer. */
export const EXCHANGE_BODY_LIMIT = 8 * 1024;

/** Headers that carry a credential in any HTTP client or in one of the providers (which name their own). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  ...PROVIDER_MODULES.flatMap((m) => m.secrets?.headers ?? []),
]);
/** Query, form and JSON fields that carry a credential or a signature, in any provider or its own words. */
const SECRET_FIELDS = ['password', 'secret', 'signature', 'token']
  .concat(PROVIDER_MODULES.flatMap((m) => m.secrets?.fields ?? []))
  .join('|');
const SECRET_PAIR = new RegExp(`((?:^|[?&])(?:${SECRET_FIELDS})=)[^&#\\s]*`, 'gi');
const SECRET_JSON = new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const REDACTED = '***';

/** What the journal keeps of an answer, and the response to send in its place. */
export interface Captured {
  exchange: Exchange;
  /** The same status, headers and body as the provider's answer, rebuilt once its body was read. */
  response?: Response;
}

/**
 * Starts recording one request for the journal: its headers now, its body on the side (from a clone, so the
 * provider reads the body as usual). The returned function adds the answer (`undefined` when the connection
 * was broken instead) and never rejects.
 */
export function startCapture(request: Request): (response: Response | undefined) => Promise<Captured> {
  const head = {
    method: request.method,
    url: redactQuery(request.url),
    headers: redactHeaders(request.headers),
  };
  const body = requestBody(request);
  return async (response) => {
    const exchange: Exchange = { request: { ...head, ...(await body) } };
    if (!response) return { exchange };
    // @hono/node-server's Response keeps headers set after construction (an `Allow`, a `Vary`) in a cache that
    // reading the body drops: take the Headers object first and answer with a new Response built from it.
    const { headers, status } = response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    exchange.response = {
      status,
      headers: redactHeaders(headers),
      body: redactBody(
        Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, EXCHANGE_BODY_LIMIT)).toString(
          'utf8',
        ),
        headers.get('content-type'),
      ),
      truncated: bytes.byteLength > EXCHANGE_BODY_LIMIT,
    };
    return { exchange, response: new Response(bytes.byteLength === 0 ? null : bytes, { status, headers }) };
  };
}

/**
 * Only a body that declares a length within the limit is kept: it is read to its end from a clone, so the
 * provider's copy and the connection behave as without the journal. A larger or streamed body is left alone
 * (reading part of it would hold the rest of the upload back from the server's clean-up after the answer).
 */
async function requestBody(request: Request): Promise<Omit<CapturedMessage, 'headers'>> {
  if (request.method === 'GET' || request.method === 'HEAD') return { body: '', truncated: false };
  const length = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!(length <= EXCHANGE_BODY_LIMIT)) return { body: '', truncated: true };
  try {
    const bytes = Buffer.from(await request.clone().arrayBuffer());
    return {
      body: redactBody(bytes.toString('utf8'), request.headers.get('content-type')),
      truncated: false,
    };
  } catch {
    // The client went away mid-body; the provider has seen the same.
    return { body: '', truncated: true };
  }
}

function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    out[name] = SECRET_HEADERS.has(name) ? redactCredential(value) : value;
  }
  return out;
}

/**
 * Keeps what helps debugging and hides what opens the door: the scheme and `Access`/`Credential`/
 * `SignedHeaders` of a signed `Authorization` (`SDK-HMAC-SHA256`, `ACS3-HMAC-SHA256`) stay,
 * the signature goes; any other credential is hidden after its scheme word.
 */
function redactCredential(value: string): string {
  if (/Signature=/.test(value)) return value.replace(/Signature=[^,\s]*/g, `Signature=${REDACTED}`);
  const scheme = /^([A-Za-z][\w-]*) \S/.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

function redactQuery(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : url.slice(0, at) + url.slice(at).replace(SECRET_PAIR, `$1${REDACTED}`);
}

function redactBody(text: string, contentType: string | null): string {
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return text.replace(SECRET_PAIR, `$1${REDACTED}`);
  return text.replace(SECRET_JSON, `$1"${REDACTED}"`);
}
