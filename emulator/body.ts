import type { IncomingMessage } from 'node:http';
import { ConnectionFault } from './faults.ts';

/** Thrown when a request body is larger than the limit; each provider renders it in its own shape. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * The client went away (or was cut off by the server's request timeout) before its body was complete: there is
 * no one to answer, so it travels as a connection fault, which every provider lets through and the transport
 * ends by closing the socket, instead of an unexpected error logged and answered to nobody.
 */
export class RequestAborted extends ConnectionFault {
  constructor(readonly reason: unknown) {
    super('empty');
  }
}

/** The body of a request that declares none. */
export const EMPTY = new Uint8Array(0);

/**
 * Requests that came over HTTP, with the Node message their body is read from. The app registers a request
 * here when nothing else reads its body (no exchange capture): reading the message directly spares the Node
 * adapter building a WHATWG Request and a web stream around it, most of a small request's cost.
 */
const nodeMessages = new WeakMap<Request, IncomingMessage>();

export function readBodyFromNode(request: Request, incoming: IncomingMessage): void {
  nodeMessages.set(request, incoming);
}

/**
 * Reads a request body, refusing more than `limit` bytes without buffering them: a declared
 * `Content-Length` over the limit is refused before reading, a streamed body as soon as it passes it. A request
 * that declares no body has none, and is answered at once (no promise to wait for).
 */
export function readBody(request: Request, limit: number): Uint8Array | Promise<Uint8Array> {
  return readMessageBody(request.method, nodeMessages.get(request), request, limit);
}

/**
 * `readBody` from Node's message when there is one (over HTTP), else from the WHATWG request. Over HTTP/1.1 a
 * message with neither `Content-Length` nor `Transfer-Encoding` has no body, whatever its method; a WHATWG
 * request's headers do not show its body's length, so there only a GET or HEAD that declares none has none
 * (HTTP allows them a body, only fetch forbids it, and it counts towards the limit like any other). The
 * answer is then `EMPTY`, at once.
 */
export function readMessageBody(
  method: string,
  incoming: IncomingMessage | undefined,
  request: Request | undefined,
  limit: number,
): Uint8Array | Promise<Uint8Array> {
  if (incoming) return nodeDeclaresBody(incoming) ? readNodeBody(incoming, limit) : EMPTY;
  const web = request as Request;
  if ((method === 'GET' || method === 'HEAD') && !declaresBody(web.headers)) return EMPTY;
  return readWebBody(web, limit);
}

/** An HTTP/1.1 message has a body exactly when it sends `Transfer-Encoding` or a non-zero `Content-Length`. */
function declaresBody(headers: Headers): boolean {
  return headers.has('transfer-encoding') || Number(headers.get('content-length') ?? 0) > 0;
}

function nodeDeclaresBody(incoming: IncomingMessage): boolean {
  const { headers } = incoming;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** Reads a WHATWG request's body with the limit of `readBody`. */
async function readWebBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new RequestAborted(error);
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `readBody` for a Node message: the same limits and errors, read from its events. */
function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  if (Number(incoming.headers['content-length'] ?? Number.NaN) > limit)
    return Promise.reject(new BodyTooLarge(limit));
  if (incoming.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (settle: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop here; Node discards the rest of the body once the answer is sent.
      incoming.pause();
      done(() => reject(new BodyTooLarge(limit)));
    };
    const onEnd = () =>
      done(() => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    const onError = (error: unknown) => done(() => reject(new RequestAborted(error)));
    const onClose = () =>
      done(() => reject(new RequestAborted(new Error('request closed before its body ended'))));
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
