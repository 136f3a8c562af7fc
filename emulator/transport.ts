import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionFaultKind } from '../contracts/faults.ts';

/** What @hono/node-server passes as `c.env`; absent when the app runs in-process (MSW, `app.fetch`). */
export type NodeBindings = { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;

/**
 * Breaks the connection the way a fault asks. Over HTTP it acts on the socket and returns `undefined`
 * (the answer is already "sent"); in-process it returns `Response.error()`, which fetch and MSW surface as a
 * network error.
 */
export function breakConnection(kind: ConnectionFaultKind, env: NodeBindings): Response | undefined {
  const socket = env?.incoming?.socket;
  const outgoing = env?.outgoing;
  if (!socket || !outgoing) return Response.error();
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
  return undefined;
}
