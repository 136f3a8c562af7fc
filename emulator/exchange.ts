import type { CapturedMessage, Exchange } from './journal.ts';
import type { ProviderSecrets } from './provider.ts';
import { PROVIDER_MODULES } from './providers/index.ts';

/** How much of each body the journal keeps: enough for every console API's request and answer. */
export const EXCHANGE_BODY_LIMIT = 8 * 1024;

/** Headers that carry a credential in any HTTP client, whatever the provider. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
/** A name that says it holds a password or a secret (`VncPassword`, `AccessKeySecret`, …), in any case. */
const PASSWORD_LIKE = /password|secret/i;
const PASSWORD_LIKE_NAME = '[\\w.-]*(?:password|secret)[\\w.-]*';
/** Fields of these exact names carry a credential in any provider's words. */
const SHARED_FIELDS = ['signature', 'token'];
const REDACTED = '***';

/**
 * Hides credentials in what the journal keeps: headers, query, form, JSON and XML fields named like a
 * password or a secret or named by a provider (`ProviderSecrets`), and the credentials inside console URLs
 * wherever such a URL appears (a JSON string, an XML element, a percent-encoded form value, a header).
 */
class Redactor {
  readonly #headers: ReadonlySet<string>;
  readonly #fields: ReadonlySet<string>;
  readonly #pairs: ReadonlySet<string>;
  /** `?name=` or `&name=`, plain or percent-encoded once, then the value up to the next parameter. */
  readonly #urlParam: RegExp;

  constructor(secrets: readonly ProviderSecrets[]) {
    const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());
    this.#headers = new Set([...CREDENTIAL_HEADERS, ...lower(secrets.flatMap((s) => s.headers ?? []))]);
    this.#fields = new Set([...SHARED_FIELDS, ...lower(secrets.flatMap((s) => s.fields ?? []))]);
    const urlParams = lower(secrets.flatMap((s) => s.urlParams ?? []));
    this.#pairs = new Set([...this.#fields, ...urlParams]);
    const names = [...urlParams.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), PASSWORD_LIKE_NAME];
    this.#urlParam = new RegExp(
      `((?:[?&;]|%3F|%26)(?:${names.join('|')})(?:=|%3D))(?:(?!%26)[^&#"'<>\\s\\\\])+`,
      'gi',
    );
  }

  #secretField(name: string): boolean {
    return PASSWORD_LIKE.test(name) || this.#fields.has(name.toLowerCase());
  }

  /** A request's URL: secret query parameters and console credentials. */
  url(url: string): string {
    const at = url.indexOf('?');
    if (at < 0) return url;
    return url.slice(0, at + 1) + this.#inUrls(this.#inPairs(url.slice(at + 1)));
  }

  headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of headers) {
      out[name] =
        this.#headers.has(name) || PASSWORD_LIKE.test(name) ? redactCredential(value) : this.#inUrls(value);
    }
    return out;
  }

  /**
   * A body as text: a form (by its type, or any text that is not JSON or XML), JSON or XML. The console
   * credentials it hid go into `hidden`, percent-decoded, when given.
   */
  body(text: string, contentType: string | null, hidden?: Set<string>): string {
    const first = /\S/.exec(text)?.[0];
    const form =
      contentType?.includes('application/x-www-form-urlencoded') ||
      (first !== undefined && !'{[<'.includes(first));
    const fields = form ? this.#inPairs(text) : this.#inXml(this.#inJson(text));
    return this.#inUrls(fields, hidden);
  }

  #inPairs(text: string): string {
    return text
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const name = decodeName(pair.slice(0, eq));
        return this.#secretField(name) || this.#pairs.has(name.toLowerCase())
          ? `${pair.slice(0, eq)}=${REDACTED}`
          : pair;
      })
      .join('&');
  }

  #inJson(text: string): string {
    return text.replace(
      /"((?:[^"\\]|\\.)*)"(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/g,
      (whole, name: string, colon: string) =>
        this.#secretField(name) ? `"${name}"${colon}"${REDACTED}"` : whole,
    );
  }

  #inXml(text: string): string {
    return text.replace(
      /<([A-Za-z_][\w.-]*)(\s[^>]*)?>(?:<!\[CDATA\[[\s\S]*?\]\]>|[^<]*)<\/\1>/g,
      (whole, name: string, attributes: string | undefined) =>
        this.#secretField(name) ? `<${name}${attributes ?? ''}>${REDACTED}</${name}>` : whole,
    );
  }

  #inUrls(text: string, hidden?: Set<string>): string {
    return text.replace(this.#urlParam, (whole, name: string) => {
      hidden?.add(decodeFully(whole.slice(name.length)));
      return name + REDACTED;
    });
  }
}

/** A value as it was before being percent-encoded (a console URL inside an answer may be encoded twice). */
function decodeFully(value: string): string {
  let decoded = value;
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  return decoded;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** Every registered provider's names, whichever a scenario serves: a name is a credential wherever it appears. */
const redact = new Redactor(PROVIDER_MODULES.map((m) => m.secrets ?? {}));

/** What the journal keeps of an answer, and the response to send in its place. */
export interface Captured {
  exchange: Exchange;
  /** The same status, headers and body as the provider's answer, rebuilt once its body was read. */
  response?: Response;
  /** The console credentials the answer carried (hidden in `exchange`): what the dashboard traces a token by. */
  credentials?: Set<string>;
}

/**
 * Starts recording one request for the journal: its headers now, its body on the side (from a clone, so the
 * provider reads the body as usual). The returned function adds the answer (`undefined` when the connection
 * was broken instead) and never rejects.
 */
export function startCapture(request: Request): (response: Response | undefined) => Promise<Captured> {
  const head = {
    method: request.method,
    url: redact.url(request.url),
    headers: redact.headers(request.headers),
  };
  const body = requestBody(request);
  return async (response) => {
    const exchange: Exchange = { request: { ...head, ...(await body) } };
    if (!response) return { exchange };
    // @hono/node-server's Response keeps headers set after construction (an `Allow`, a `Vary`) in a cache that
    // reading the body drops: take the Headers object first and answer with a new Response built from it.
    const { headers, status } = response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const credentials = new Set<string>();
    exchange.response = {
      status,
      headers: redact.headers(headers),
      body: redact.body(
        Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, EXCHANGE_BODY_LIMIT)).toString(
          'utf8',
        ),
        headers.get('content-type'),
        credentials,
      ),
      truncated: bytes.byteLength > EXCHANGE_BODY_LIMIT,
    };
    return {
      exchange,
      credentials,
      response: new Response(bytes.byteLength === 0 ? null : bytes, { status, headers }),
    };
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
      body: redact.body(bytes.toString('utf8'), request.headers.get('content-type')),
      truncated: false,
    };
  } catch {
    // The client went away mid-body; the provider has seen the same.
    return { body: '', truncated: true };
  }
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
