import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ServerType } from '@hono/node-server';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.ts';
import { type Answer, jsonAnswer } from './pipeline/answer.ts';
import { Call } from './pipeline/call.ts';
import { deliverPending } from './pipeline/index.ts';
import type { Provider } from './provider.ts';
import type { TlsMaterial, TlsOptions } from './tls.ts';
import type { NodeBindings } from './transport.ts';

export interface ListenOptions extends EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The largest request head (request line and headers) read, bytes; larger ones get each provider's "too large". */
  maxHeaderBytes?: number;
  /** A client must send its request head within this many ms, and its whole request within `requestTimeoutMs`. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms. */
  keepAliveTimeoutMs?: number;
  /**
   * Serve HTTPS: with a leaf from the local CA in `dir` (made on first use; the default is a per-user cache
   * folder), or with the user's own `certFile` and `keyFile`. Console URLs then come out as `https://`/`wss://`.
   */
  tls?: TlsOptions;
}

export interface RunningEmulator {
  readonly emulator: Emulator;
  readonly server: ServerType;
  /** `http://HOST:PORT` of the listener, `https://` with `tls`. */
  readonly url: string;
  /** The certificate served, with `tls`. */
  readonly tls?: TlsMaterial;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9400;
/** Node's default head limit; far above what any provider's SDK sends. */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
/**
 * Shorter than Node's defaults (60 s, 300 s): a client that trickles its request is cut off long before a CI
 * job's own timeout, so it is the emulator that reports the slow client, not the job that hangs.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * On every answer, the providers' included, first: a browser that opens one (a console page, an error body)
 * never runs it as another type than it says. A provider's answer is written with it; the app's answers get it
 * set on the Node response, so no answer's headers are rebuilt for it.
 */
const EVERY_ANSWER = ['X-Content-Type-Options', 'nosniff'] as const;

/**
 * Starts an emulator on HOST:PORT; resolves once it listens, rejects if it cannot (e.g. port in use, or a
 * `TlsError` for a certificate that cannot be read or made).
 */
export async function listen(options: ListenOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  let tls: TlsMaterial | undefined;
  let createHttpsServer: typeof import('node:https').createServer | undefined;
  if (options.tls) {
    // node:https and node-forge are loaded only for a start that asks for HTTPS.
    const secure = await import('./tls.ts');
    tls = secure.tlsMaterial(options.tls, secure.certificateNames(host, options.publicUrl));
    createHttpsServer = secure.createHttpsServer;
  }
  return new Promise((resolve, reject) => {
    // A browser that reached the listener by its bound name sends that name as Host.
    const emulator = createEmulator({
      ...options,
      allowedHosts: options.allowedHosts === 'all' ? 'all' : [...(options.allowedHosts ?? []), host],
    });
    const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
    const serverOptions = {
      maxHeaderSize: maxHeaderBytes,
      headersTimeout,
      requestTimeout,
      // Node checks both timeouts on this interval (30 s by default), which would stretch short ones.
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeout / 4)),
    };
    /**
     * Provider requests are answered straight from Node's message (`serveNode`); the rest (the control API,
     * the console pages, the OpenAPI documents) go to the Hono app through its Node adapter, loaded with the
     * first of them, so that a start that only serves providers never loads it (nor undici, which it needs).
     */
    let appListener: ((incoming: IncomingMessage, outgoing: ServerResponse) => unknown) | undefined;
    const toApp = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
      if (!appListener) {
        const { getRequestListener } = await import('@hono/node-server');
        appListener ??= getRequestListener((request, env) => emulator.fetch(request, env as NodeBindings), {
          hostname: host,
        });
      }
      return appListener(incoming, outgoing);
    };
    const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
      if (emulator.serveNode(incoming, outgoing, EVERY_ANSWER)) return;
      outgoing.setHeader(EVERY_ANSWER[0], EVERY_ANSWER[1]);
      void toApp(incoming, outgoing);
    };
    const server: ServerType = tls
      ? (createHttpsServer as typeof import('node:https').createServer)(
          { ...serverOptions, cert: tls.cert, key: tls.key },
          listener,
        )
      : createServer(serverOptions, listener);
    server.listen(port, host, () => {
      server.off('error', reject);
      const info = server.address() as AddressInfo;
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `${tls ? 'https' : 'http'}://${shownHost}:${info.port}`;
      resolve({
        emulator,
        server,
        url,
        port: info.port,
        ...(tls ? { tls } : {}),
        close: () =>
          new Promise<void>((done) => {
            emulator.consoles.closeAll();
            deliverPending();
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
    if (options.keepAliveTimeoutMs !== undefined && 'keepAliveTimeout' in server)
      server.keepAliveTimeout = options.keepAliveTimeoutMs;
    server.on('clientError', (error: Error, socket: Duplex) =>
      answerClientError(emulator, maxHeaderBytes, error, socket),
    );
    // Console websockets (noVNC) arrive as HTTP upgrades, which the Hono adapter leaves to us.
    server.on('upgrade', (request, socket, head) => emulator.consoles.handleUpgrade(request, socket, head));
  });
}

/**
 * Node answers a request it cannot take with a bare status line. A head over the limit is answered in the
 * owning provider's "too large" shape instead, when its request line shows whose it is; a client too slow to
 * send its request gets Node's 408, anything unparsable a 400, and the connection is closed.
 */
function answerClientError(emulator: Emulator, maxHeaderBytes: number, error: Error, socket: Duplex): void {
  const { code, rawPacket } = error as NodeJS.ErrnoException & { rawPacket?: Buffer };
  if (code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    const answer = headTooLarge(emulator, rawPacket, maxHeaderBytes);
    const body = answer.body === null ? Buffer.alloc(0) : Buffer.from(answer.body);
    const lines = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`];
    for (const [name, value] of new Headers(answer.headers)) lines.push(`${name}: ${value}`);
    lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
    socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
    return;
  }
  const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/**
 * The "too large" answer of the provider whose request this head starts, found from its headers
 * (`ownsHead`) or its request line (`owns`); the control API's JSON error otherwise.
 */
function headTooLarge(emulator: Emulator, raw: Buffer | undefined, limit: number): Answer {
  const text = raw?.toString('latin1') ?? '';
  const [method = 'GET', target = '/'] = /^([A-Z]+) (\/\S*)/.exec(text)?.slice(1) ?? [];
  let url: URL;
  let owner: Provider | undefined;
  try {
    url = new URL(target, 'http://console-emulator.invalid');
    const request = new Request(url, { method: method === 'GET' || method === 'HEAD' ? method : 'POST' });
    const call = Call.of(request, { provider: 'emulator', operation: '' });
    owner =
      emulator.providers.find((p) => p.ownsHead?.(text)) ?? emulator.providers.find((p) => p.owns(call));
  } catch {
    url = new URL('http://console-emulator.invalid/');
  }
  if (owner?.headTooLarge) return owner.headTooLarge({ text, url, limit, requestId: randomUUID() });
  return jsonAnswer(
    { error: { code: 'headers_too_large', message: `request head over ${limit} bytes` } },
    431,
  );
}
