import type { ServerResponse } from 'node:http';

/**
 * An answer as the pipeline carries it: status, headers and body, nothing more. Every transport turns it into
 * what it speaks only at its edge: the HTTP listener writes it to Node's response as it is, `emulator.fetch` and
 * MSW get a `Response` (`toResponse`). Building a WHATWG `Response` for every answer, and having the HTTP
 * adapter take it apart again, cost more than most operations themselves.
 */
export interface Answer {
  readonly status: number;
  /**
   * The headers in the order and case they go on the wire: as the provider wrote them, or (from a `Headers`)
   * lower-case and sorted, as `Headers` lists them. `Content-Length` is added when written.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** `null` for an answer without a body (HEAD). */
  readonly body: string | Uint8Array | null;
}

/**
 * An answer of `body` with these headers (a `Headers` is taken as it lists its entries). A `Headers` is told
 * from a record by being iterable, not by `instanceof`: reading the global `Headers` loads undici, which an
 * answer over HTTP never needs.
 */
export function answer(
  body: string | Uint8Array | null,
  status: number,
  headers: Readonly<Record<string, string>> | Headers,
): Answer {
  return {
    status,
    headers: Symbol.iterator in headers ? Object.fromEntries(headers as Headers) : headers,
    body,
  };
}

/** A JSON answer, as `Response.json` builds it. */
export function jsonAnswer(value: unknown, status: number): Answer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** The same answer without its body, as a HEAD request is answered. */
export function headOf(answered: Answer): Answer {
  return { status: answered.status, headers: listedAsHeaders(answered.headers), body: null };
}

/**
 * Headers as a WHATWG `Headers` lists them (names lower-case and sorted, values trimmed, a name given twice
 * joined with `, `), as the HTTP adapter wrote an answer without a body; without building one.
 */
function listedAsHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const joined = new Map<string, string>();
  for (const name in headers) {
    const key = name.toLowerCase();
    const value = (headers[name] as string).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    const before = joined.get(key);
    joined.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  const listed: Record<string, string> = {};
  for (const key of [...joined.keys()].sort()) listed[key] = joined.get(key) as string;
  return listed;
}

/** A header of the answer (any case). */
export function answerHeader(answered: Answer, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key in answered.headers) if (key.toLowerCase() === wanted) return answered.headers[key];
  return undefined;
}

/** The answer as a WHATWG `Response`, for `emulator.fetch`, MSW and the app's routes. */
export function toResponse(answered: Answer): Response {
  // A body of bytes is always a Buffer or a Uint8Array over an ArrayBuffer of its own (never shared memory).
  const body = answered.body as string | Uint8Array<ArrayBuffer> | null;
  return new Response(body, { status: answered.status, headers: answered.headers });
}

/**
 * Writes the answer to Node's response: `first` (the listener's headers on every answer), then the headers as
 * the answer has them and its `Content-Length` (unless it has one), in one write with the body. Given as a
 * list to a response with no header set yet, Node validates each header once and writes them as they are;
 * headers set on the response before would make it pass every one through `setHeader` first.
 */
export function writeAnswer(outgoing: ServerResponse, answered: Answer, first: readonly string[] = []): void {
  const { body, headers } = answered;
  const head: Array<string | number> = first.slice();
  let sized = false;
  for (const name in headers) {
    head.push(name, headers[name] as string);
    if (name.length === 14 && name.toLowerCase() === 'content-length') sized = true;
  }
  if (body === null) {
    outgoing.writeHead(answered.status, head);
    outgoing.end();
    return;
  }
  if (!sized)
    head.push('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  outgoing.writeHead(answered.status, head);
  outgoing.end(body);
}

const materialize = Symbol('materialize');

/**
 * The platform's own `Response` (undici's), looked up on first use: touching the global loads undici, which a
 * start that serves providers over HTTP never needs; and when the Node adapter has put its own lightweight
 * `Response` in the global's place, that one's prototype leads back to the platform's.
 */
let platform: typeof Response | undefined;
function platformResponse(): typeof Response {
  if (platform) return platform;
  let proto = globalThis.Response.prototype as object;
  for (let up = Object.getPrototypeOf(proto); up && up !== Object.prototype; up = Object.getPrototypeOf(up))
    proto = up;
  platform = (proto as { constructor: typeof Response }).constructor;
  inheritTheRest(platform);
  return platform;
}

/**
 * A `Response` for in-process callers (`emulator.fetch`, MSW) that reads its body without a stream: `text()`,
 * `json()` and `arrayBuffer()` answer from the answer's own string or bytes, at a fraction of the cost of a
 * WHATWG body (whose stream machinery cost more than most operations). Anything else (`body`, `clone()`,
 * `blob()`, …) is answered by a real `Response` built from the same answer on first use, so the object
 * behaves as a `Response` in every way, `instanceof Response` included.
 */
class AnswerResponse {
  readonly #answer: Answer;
  #headers: Headers | undefined;
  #used = false;
  #native: Response | undefined;

  constructor(answered: Answer) {
    this.#answer = answered;
  }

  [materialize](): Response {
    if (!this.#native) {
      const { body, status } = this.#answer;
      this.#native = new (platformResponse())(body as string | Uint8Array<ArrayBuffer> | null, {
        status,
        headers: this.#headers ?? this.#answer.headers,
      });
      // A body already read stays read: the real one is consumed too, so it is as disturbed as it should be.
      if (this.#used) void this.#native.arrayBuffer().catch(() => undefined);
    }
    return this.#native;
  }

  get status(): number {
    return this.#answer.status;
  }

  get ok(): boolean {
    return this.#answer.status >= 200 && this.#answer.status < 300;
  }

  get headers(): Headers {
    if (this.#native) return this.#native.headers;
    this.#headers ??= new Headers(this.#answer.headers);
    return this.#headers;
  }

  get bodyUsed(): boolean {
    return this.#native ? this.#native.bodyUsed : this.#used;
  }

  /** The body as it is kept, once; a second read fails as a WHATWG body's does. */
  #take(): string | Uint8Array | null {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#answer.body;
  }

  text(): Promise<string> {
    if (this.#native) return this.#native.text();
    try {
      const body = this.#take();
      return Promise.resolve(
        body === null ? '' : typeof body === 'string' ? body : Buffer.from(body).toString('utf8'),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#native) return this.#native.arrayBuffer();
    try {
      const body = this.#take();
      const bytes = body === null ? new Uint8Array(0) : typeof body === 'string' ? Buffer.from(body) : body;
      return Promise.resolve(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** Everything else a Response has is the real Response's, built on first use. */
function inheritTheRest(native: typeof Response): void {
  for (const name of Object.getOwnPropertyNames(native.prototype)) {
    if (name === 'constructor' || Object.hasOwn(AnswerResponse.prototype, name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(native.prototype, name);
    if (descriptor?.get)
      Object.defineProperty(AnswerResponse.prototype, name, {
        get(this: AnswerResponse) {
          return Reflect.get(this[materialize](), name);
        },
      });
    else if (typeof descriptor?.value === 'function')
      Object.defineProperty(AnswerResponse.prototype, name, {
        value(this: AnswerResponse, ...args: unknown[]) {
          const native = this[materialize]();
          return (Reflect.get(native, name) as (...a: unknown[]) => unknown).apply(native, args);
        },
      });
  }
  Object.setPrototypeOf(AnswerResponse.prototype, native.prototype);
}

/** The answer as a `Response` for an in-process caller (see `AnswerResponse`). */
export function inProcessResponse(answered: Answer): Response {
  platformResponse();
  return new AnswerResponse(answered) as unknown as Response;
}
