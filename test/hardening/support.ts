import { connect } from 'node:net';

/** What came back on a raw connection: everything the server sent before closing, and how long it took. */
export interface RawAnswer {
  text: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  /** Whether the server closed the connection within the bound. */
  closed: boolean;
}

/**
 * Sends raw bytes to 127.0.0.1:port (optionally more later, as a slow client does) and collects the answer
 * until the server closes the connection or `boundMs` passes.
 */
export function rawExchange(
  port: number,
  parts: Array<string | Buffer>,
  options: { gapMs?: number; boundMs?: number } = {},
): Promise<RawAnswer> {
  const bound = options.boundMs ?? 5_000;
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      for (const t of writes) clearTimeout(t);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({
        text,
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
        ms: performance.now() - started,
        closed,
      });
    };
    const timer = setTimeout(finish, bound);
    const writes: NodeJS.Timeout[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', () => {
      parts.forEach((part, i) => {
        writes.push(
          setTimeout(
            () => {
              if (!socket.destroyed) socket.write(part);
            },
            i * (options.gapMs ?? 0),
          ),
        );
      });
    });
  });
}

/** A request head with `size` bytes of filler in one header. */
export const bigHead = (requestLine: string, size: number, extra = '') =>
  `${requestLine}\r\nHost: 127.0.0.1\r\n${extra}X-Filler: ${'a'.repeat(size)}\r\n\r\n`;
