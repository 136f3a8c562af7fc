import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.ts';
import { formatTable } from './table.ts';

export interface ListenOptions extends EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningEmulator {
  readonly emulator: Emulator;
  readonly server: ServerType;
  /** `http://HOST:PORT` of the listener. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9400;

/** Starts an emulator on HOST:PORT; resolves once it listens, rejects if it cannot (e.g. port in use). */
export function listen(options: ListenOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  return new Promise((resolve, reject) => {
    const emulator = createEmulator(options);
    const server = serve({ fetch: emulator.app.fetch, hostname: host, port }, (info: AddressInfo) => {
      server.off('error', reject);
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${shownHost}:${info.port}`;
      resolve({
        emulator,
        server,
        url,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            emulator.consoles.closeAll();
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
    // Console websockets (noVNC) arrive as HTTP upgrades, which the Hono adapter leaves to us.
    server.on('upgrade', (request, socket, head) => emulator.consoles.handleUpgrade(request, socket, head));
  });
}

/** The start-up banner: every endpoint, the demo credentials and resources, then the listening line. */
export function banner(running: RunningEmulator, publicUrl: string): string {
  const parts: string[] = [
    `console-emulator — console URLs of three clouds, offline (public URL ${publicUrl})`,
    '',
  ];
  for (const summary of running.emulator.summary(publicUrl)) {
    parts.push(`== ${summary.title} ==`, '', 'Endpoints:', formatTable(summary.endpoints), '');
    parts.push('Credentials:', formatTable(summary.credentials), '');
    parts.push('Resources:', formatTable(summary.resources), '');
  }
  parts.push(`listening on ${running.url}`);
  return parts.join('\n');
}
