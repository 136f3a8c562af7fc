import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One request to 127.0.0.1:port with exactly these headers (a `Host` of our choosing included, which fetch
 * would not send), as a browser or an attacker's page would send it.
 */
export function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers: {
          Host: `127.0.0.1:${port}`,
          // Node frames a DELETE's or OPTIONS' body only when told its length.
          ...(options.body !== undefined
            ? { 'Content-Length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        // An event stream never ends: its head and first bytes are all a test needs.
        const stream = /event-stream/.test(String(incoming.headers['content-type']));
        incoming.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (stream) incoming.destroy();
        });
        const done = () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        incoming.on('end', done);
        incoming.on('close', done);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The `{"error": {"code"}}` of a control answer. */
export const errorCode = (response: RawResponse) =>
  (JSON.parse(response.text) as { error?: { code?: string } }).error?.code;
