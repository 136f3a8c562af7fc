import type { RequestHandler } from 'msw';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.ts';
import { PROVIDER_MODULES } from './providers/index.ts';

/**
 * msw is an optional peer dependency: the project brings its own (it calls `setupServer`). Without it, this
 * entry point says what to install instead of Node's bare "Cannot find package".
 */
const { http } = await import('msw').catch((error: unknown) => {
  if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String(error).includes("'msw'")) {
    throw error;
  }
  throw new Error(
    'console-emulator/msw needs the msw package (2.x) in your project: npm install --save-dev msw',
    { cause: error },
  );
});

/** The providers' real API hosts, as their SDKs and docs name them. */
export const PROVIDER_HOSTS: readonly RegExp[] = PROVIDER_MODULES.flatMap((m) => m.hosts);

/** Where the control API (and every provider) answers in-process when no real host is wanted. */
export const CONTROL_HOST = 'console-emulator.test';

export interface MswOptions extends EmulatorOptions {
  /** An emulator to serve; a new one (with these options) otherwise. */
  emulator?: Emulator;
  /** More hosts to intercept, e.g. a private gateway. */
  hosts?: ReadonlyArray<string | RegExp>;
}

/**
 * MSW request handlers that answer the providers' real hosts with the very same emulator app, in-process
 * and without a port: `setupServer(...handlers)` and the official SDKs work unchanged. The control API is
 * at `http://console-emulator.test/__emulator/…` (and on every intercepted host).
 */
export function createMswHandlers(options: MswOptions = {}): {
  handlers: RequestHandler[];
  emulator: Emulator;
} {
  const emulator = options.emulator ?? createEmulator(options);
  const hosts = [
    ...PROVIDER_HOSTS,
    new RegExp(`^${CONTROL_HOST.replace(/\./g, '\\.')}$`),
    ...(options.hosts ?? []).map((h) =>
      typeof h === 'string' ? new RegExp(`^${h.replace(/\./g, '\\.')}$`) : h,
    ),
  ];
  const handler = http.all(
    ({ request }) => hosts.some((pattern) => pattern.test(new URL(request.url).hostname)),
    ({ request }) => emulator.fetch(request),
  );
  return { handlers: [handler], emulator };
}
