import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionFaultKind } from '../contracts/faults.ts';
import { Memo } from './memo.ts';

/** What @hono/node-server passes as `c.env`; absent when the app runs in-process (MSW, `app.fetch`). */
export type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

/**
 * Breaks the connection the way a fault asks, over HTTP (a header written goes after `first`, as in
 * `writeAnswer`). In-process there is no connection: the caller answers
 * `Response.error()`, which fetch and MSW surface as a network error.
 */
export function breakConnection(
  kind: ConnectionFaultKind,
  env: NodeBindings,
  first: readonly string[] = [],
): void {
  const socket = env?.incoming?.socket;
  const outgoing = env?.outgoing;
  if (!socket || !outgoing) return;
  switch (kind) {
    case 'reset':
      socket.resetAndDestroy();
      break;
    case 'empty':
      socket.destroy();
      break;
    case 'close-mid-body':
      // Headers promise more than is sent, then the connection goes: the client sees a truncated body.
      outgoing.writeHead(200, [...first, 'Content-Type', 'application/json', 'Content-Length', '4096']);
      outgoing.write('{"truncated":', () => socket.destroy());
      break;
  }
}

/** Where a request goes: its URL, and the origin and path `URL` reads from it (a `URL` is one). */
export interface RequestTarget {
  readonly href: string;
  readonly origin: string;
  readonly pathname: string;
}

/**
 * A request's URL as the Node adapter of Hono builds it (`scheme://Host` + the request target, or an
 * absolute target as it is); `undefined` for a request it refuses with a 400 (no Host, a Host that is not one,
 * a backslash in the path), which is then left to it. A path that `URL` would read as it is written (the
 * usual case) is taken as it is: the `URL` is only built when something asks for more than the path.
 */
export function nodeRequestUrl(incoming: IncomingMessage): RequestTarget | undefined {
  const target = incoming.url ?? '';
  const backslash = target.indexOf('\\');
  if (backslash !== -1) {
    const query = target.indexOf('?');
    if (query === -1 || backslash < query) return undefined;
  }
  if (target[0] !== '/')
    return target.startsWith('http://') || target.startsWith('https://') ? parsedUrl(target) : undefined;
  const host = incoming.headers.host;
  if (!host) return undefined;
  const written = `${(incoming.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}`;
  const origin = origins.get(written, () => servedOrigin(written, host));
  if (origin === undefined) return undefined;
  const href = written + target;
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  return PLAIN_PATH.test(pathname) && !DOT_SEGMENT.test(pathname)
    ? { href, origin, pathname }
    : parsedUrl(href);
}

function parsedUrl(href: string): URL | undefined {
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}

/**
 * The origin `URL` reads from `scheme://Host`, when it takes the Host as the client wrote it (the adapter
 * refuses a Host that `URL` rewrites). Where the Host ends, what follows it cannot change how it is read: a
 * path starting with `/` gives the same answer as `/` alone. Clients send the same Host again and again, so
 * the answer is remembered.
 */
function servedOrigin(written: string, host: string): string | undefined {
  const url = parsedUrl(`${written}/`);
  if (!url) return undefined;
  return url.hostname.length === host.length || url.hostname === host.replace(/:\d+$/, '')
    ? url.origin
    : undefined;
}
const origins = new Memo<string, string | undefined>(64);

/** A path `URL` leaves as it is: none of the characters it percent-encodes, and no `.` or `..` segment. */
const PLAIN_PATH = /^[!$%&'()*+,\-./0-9:;=@A-Z[\]^_a-z|~]*$/;
const DOT_SEGMENT = /\/\.|%2e/i;

/** How long, and how much of, a body left unread after the answer is read and discarded (as the Node adapter does). */
const DRAIN_TIMEOUT_MS = 500;
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * A body the answer left unread (a "too large" refusal stops reading it) is read and thrown away once the
 * answer is sent, so that the connection can carry the client's next request; one that keeps coming past
 * 64 MiB or 500 ms closes the connection instead.
 */
export function drainAfterAnswer(incoming: IncomingMessage, outgoing: ServerResponse): void {
  if (incoming.method === 'GET' || incoming.method === 'HEAD' || incoming.complete || incoming.destroyed)
    return;
  outgoing.once('finish', () => {
    if (incoming.complete || incoming.destroyed) return;
    let bytes = 0;
    const cleanup = () => {
      clearTimeout(timer);
      incoming.off('data', onData).off('end', cleanup).off('error', cleanup);
    };
    const forceClose = () => {
      cleanup();
      if (!incoming.socket.destroyed) incoming.socket.destroySoon();
    };
    const timer = setTimeout(forceClose, DRAIN_TIMEOUT_MS);
    timer.unref();
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_DRAIN_BYTES) forceClose();
    };
    incoming.on('data', onData).on('end', cleanup).on('error', cleanup);
    incoming.resume();
  });
}
