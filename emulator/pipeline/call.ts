import type { IncomingMessage } from 'node:http';
import type { RequestRecord } from '../journal.ts';

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY = new Uint8Array(0);

/**
 * One request on its way through a provider's steps: what the pipeline knows of it, and what the steps
 * learn (the matched operation's path parameters, the body once read). A provider's own steps add their
 * fields by extending it (request id, format, caller, …).
 */
export class Call {
  readonly method: string;
  /** The path as routed: percent-decoded the way the routers of the real services decode it. */
  readonly path: string;
  /** The matched operation's path parameters, decoded. */
  params: Readonly<Record<string, string>> = NO_PARAMS;
  /** The operation the route step matched (the operation table's own record of it). */
  matched: unknown = undefined;
  /** The body as read by the body-limit step (empty until then). */
  body: Uint8Array = EMPTY;

  constructor(
    readonly request: Request,
    readonly url: URL,
    /** What the journal will say of this request: the steps fill it in. */
    readonly record: RequestRecord,
    /** Over HTTP, Node's message: headers are read from it rather than from a WHATWG `Headers` built for it. */
    readonly incoming?: IncomingMessage,
  ) {
    this.method = request.method;
    this.path = routedPath(url.pathname);
  }

  #headers: Map<string, string> | undefined;

  /** A request header (any case). */
  header(name: string): string | undefined {
    if (!this.incoming) return this.request.headers.get(name) ?? undefined;
    this.#headers ??= headersOf(this.incoming.rawHeaders);
    return this.#headers.get(name.toLowerCase());
  }

  /** The names of the request's headers, lower-case and sorted, as `Headers` lists them. */
  headerNames(): string[] {
    if (!this.incoming) return [...this.request.headers.keys()];
    this.#headers ??= headersOf(this.incoming.rawHeaders);
    return [...this.#headers.keys()].sort();
  }

  /** A path parameter of the matched operation. */
  param(name: string): string | undefined {
    return this.params[name];
  }

  /** A query parameter (the first of that name). */
  query(name: string): string | undefined {
    return this.url.searchParams.get(name) ?? undefined;
  }
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
