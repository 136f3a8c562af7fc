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

/**
 * Reads a request body, refusing more than `limit` bytes without buffering them: a declared
 * `Content-Length` over the limit is refused before reading, a streamed body as soon as it passes it.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
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
