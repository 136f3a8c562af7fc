import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionFaultKind } from '../contracts/faults.ts';

/** What @hono/node-server passes as `c.env`; absent when the app runs in-process (MSW, `app.fetch`). */
export type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

/**
 * Breaks the connection the way a fault asks, over HTTP. In-process there is no connection: the caller answers
 * `Response.error()`, which fetch and MSW surface as a network error.
 */
export function breakConnection(kind: ConnectionFaultKind, env: NodeBindings): void {
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
      outgoing.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
      outgoing.write('{"truncated":', () => socket.destroy());
      break;
  }
}

/**
 * A request's URL as the Node adapter of Hono builds it (`scheme://Host` + the request target, or an
 * absolute target as it is); `undefined` for a request it refuses with a 400 (no Host, a Host that is not one,
 * a backslash in the path), which is then left to it.
 */
export function nodeRequestUrl(incoming: IncomingMessage): URL | undefined {
  const target = incoming.url ?? '';
  const backslash = target.indexOf('\\');
  if (backslash !== -1) {
    const query = target.indexOf('?');
    if (query === -1 || backslash < query) return undefined;
  }
  try {
    if (target[0] !== '/')
      return target.startsWith('http://') || target.startsWith('https://') ? new URL(target) : undefined;
    const host = incoming.headers.host;
    if (!host) return undefined;
    const url = new URL(
      `${(incoming.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}${target}`,
    );
    if (url.hostname.length !== host.length && url.hostname !== host.replace(/:\d+$/, '')) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

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
