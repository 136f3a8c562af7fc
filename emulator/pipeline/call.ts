import type { IncomingMessage } from 'node:http';
import { EMPTY, readMessageBody } from '../body.ts';
import type { RequestRecord } from '../journal.ts';
import type { RequestTarget } from '../transport.ts';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One request on its way through a provider's steps: what the pipeline knows of it, and what the steps
 * learn (the matched operation's path parameters, the body once read). A provider's own steps add their
 * fields by extending it (request id, format, caller, …). Over HTTP it is made from Node's message alone:
 * no WHATWG `Request` is built for a request a provider answers.
 */
export class Call {
  readonly method: string;
  /** The URL's path, as `url.pathname` reads it. */
  readonly pathname: string;
  /** The path as routed: percent-decoded the way the routers of the real services decode it. */
  readonly path: string;
  /** The matched operation's path parameters, decoded. */
  params: Readonly<Record<string, string>> = NO_PARAMS;
  /** The operation the route step matched (the operation table's own record of it). */
  matched: unknown = undefined;
  /** The body as read by the body-limit step (empty until then). */
  body: Uint8Array = EMPTY;
  /** The body as read, for the journal's verdict; `undefined` when no step read it. */
  bodyRead: Uint8Array | undefined = undefined;

  constructor(
    method: string,
    /**
     * The request's URL, as the Node adapter builds it over HTTP (`scheme://Host` + the request target): a
     * `URL`, or its text and path, the `URL` then built on first use (most calls only need the path).
     */
    target: RequestTarget,
    /** What the journal will say of this request: the steps fill it in. */
    readonly record: RequestRecord,
    /** Over HTTP, Node's message: headers are read from it rather than from a WHATWG `Headers` built for it. */
    readonly incoming: IncomingMessage | undefined,
    /** In-process, the request as given; over HTTP only when the journal keeps its body (read from a clone). */
    readonly request: Request | undefined,
  ) {
    this.method = method;
    this.pathname = target.pathname;
    this.path = routedPath(target.pathname);
    this.#target = target;
  }

  #target: RequestTarget;

  /** The request's URL. */
  get url(): URL {
    const target = this.#target;
    if (target instanceof URL) return target;
    const url = new URL(target.href);
    this.#target = url;
    return url;
  }

  /** A call for a WHATWG request (`emulator.fetch`, MSW), with Node's message when it came over HTTP. */
  static of(request: Request, record: RequestRecord, incoming?: IncomingMessage): Call {
    return new Call(request.method, webTarget(request.url), record, incoming, request);
  }

  #headers: Map<string, string> | undefined;

  /** A request header (any case). */
  header(name: string): string | undefined {
    if (!this.incoming) return (this.request as Request).headers.get(name) ?? undefined;
    this.#headers ??= headersOf(this.incoming.rawHeaders);
    return this.#headers.get(name.toLowerCase());
  }

  /** The names of the request's headers, lower-case, in no particular order (each is looked for, not listed). */
  headerNames(): Iterable<string> {
    if (!this.incoming) return (this.request as Request).headers.keys();
    this.#headers ??= headersOf(this.incoming.rawHeaders);
    return this.#headers.keys();
  }

  /** A path parameter of the matched operation. */
  param(name: string): string | undefined {
    return this.params[name];
  }

  /** A query parameter (the first of that name). */
  query(name: string): string | undefined {
    return this.searchParams.get(name) ?? undefined;
  }

  #searchParams: URLSearchParams | undefined;

  /**
   * The query's parameters as `url.searchParams` reads them, parsed from the request target without building
   * the `URL` when the query holds nothing `URL` would drop, cut or read otherwise (a control character, space,
   * `#`, a second `?` first).
   */
  get searchParams(): URLSearchParams {
    const target = this.#target;
    if (target instanceof URL) return target.searchParams;
    if (this.#searchParams === undefined) {
      const query = this.rawQuery;
      this.#searchParams = AS_URL_READS_IT.test(query) ? new URLSearchParams(query) : this.url.searchParams;
    }
    return this.#searchParams;
  }

  /** The query as the client sent it, without `?`: URL parsing would re-encode it (`'` becomes `%27`). */
  get rawQuery(): string {
    const target = this.incoming?.url ?? this.request?.url ?? '';
    const question = target.indexOf('?');
    return question < 0 ? '' : target.slice(question + 1);
  }

  /** The origin the client called (scheme, host and port), as links to the emulator are written. */
  get origin(): string {
    return this.#target.origin;
  }

  /**
   * Reads the whole body into `body`, refusing more than `limit` bytes without buffering them (`BodyTooLarge`).
   * A GET or HEAD that declares no body has none, and is answered at once (no promise to wait for).
   */
  readBody(limit: number): Uint8Array | Promise<Uint8Array> {
    const incoming = this.request && !this.#fromNode ? undefined : this.incoming;
    const read = readMessageBody(this.method, incoming, this.request, limit);
    if (read === EMPTY) {
      // A POST that declares no body has an empty one, which the journal's verdict checks; a GET has none.
      if (this.method !== 'GET' && this.method !== 'HEAD') this.bodyRead = EMPTY;
      return EMPTY;
    }
    return (read as Promise<Uint8Array>).then((body) => {
      this.body = body;
      this.bodyRead = body;
      return body;
    });
  }

  #fromNode = false;

  /** Read the body from Node's message even though a WHATWG request is at hand (nothing else reads it). */
  readBodyFromNode(): void {
    this.#fromNode = this.incoming !== undefined;
  }
}

/** Printable ASCII but space and `#`, and anything beyond ASCII; not starting with `?`. */
const AS_URL_READS_IT = /^(?!\?)[!"$-~\u0080-\uffff]*$/;

/**
 * A WHATWG request's URL as a target. Its text is the `URL` the request parsed, written out again, and holds no
 * user name or password (a `Request` refuses them), so an http(s) URL's origin and path are found where they
 * stand: the path from the first `/` after `//` (no host holds one) up to the first `?` or `#` (a path has them
 * percent-encoded), the origin before it. The `URL` is only built again when something asks for more.
 */
function webTarget(href: string): RequestTarget {
  const host = href.startsWith('https://') ? 8 : href.startsWith('http://') ? 7 : -1;
  const start = host < 0 ? -1 : href.indexOf('/', host);
  if (start < 0) return new URL(href);
  const query = href.indexOf('?', start);
  const fragment = href.indexOf('#', start);
  const end = Math.min(query < 0 ? href.length : query, fragment < 0 ? href.length : fragment);
  return { href, origin: href.slice(0, start), pathname: href.slice(start, end) };
}

/**
 * Node's raw headers as a WHATWG `Headers` holds them (names lower-case, repeated ones joined with `, `),
 * without building one: its validation and copies are a good part of a small request's cost.
 */
function headersOf(raw: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    // HTTP/2 pseudo-headers (`:path`) are none of the request's headers, as the Node adapter leaves them out.
    if (name.charCodeAt(0) === 58) continue;
    const value = raw[i + 1] as string;
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return headers;
}

/** `decodeURI` of a path, leaving it as it is when it is not valid percent-encoding. */
function tryDecodeURI(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * The path routes are matched against: `decodeURI`'d (so `%7E` matches `~`), with `%25` kept encoded so that a
 * literal `%` never turns into an escape of its own; parameters are decoded once more when read.
 */
function routedPath(pathname: string): string {
  if (!pathname.includes('%')) return pathname;
  return tryDecodeURI(pathname.includes('%25') ? pathname.replace(/%25/g, '%2525') : pathname);
}
