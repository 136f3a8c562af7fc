import { Hono } from 'hono';
import type { ScenarioInput } from '../contracts/scenario.ts';
import { type Clock, createClock } from './clock.ts';
import { Journal, type RequestRecord } from './journal.ts';
import type { EmulatorContext, Provider, ProviderSummary } from './provider.ts';
import { createProviders, type ProviderStates } from './providers/index.ts';
import { demoScenario } from './scenario.ts';

export interface EmulatorOptions {
  /** What to serve; the built-in demo scenario when omitted. */
  scenario?: ScenarioInput;
  /** The base URL written into links and console URLs; the request's own origin when omitted. */
  publicUrl?: string;
  /** Inject a clock (e.g. frozen at a fixed instant); a real-time clock otherwise. */
  clock?: Clock;
  /** How many requests the journal keeps (oldest dropped first). */
  journalLimit?: number;
  /** The largest request body read (bytes); larger bodies get each provider's own "too large" answer. */
  maxBodyBytes?: number;
}

export interface Emulator {
  /** The Hono app serving every provider; transport-agnostic (`app.fetch`). */
  readonly app: Hono;
  readonly fetch: (request: Request) => Promise<Response>;
  readonly state: ProviderStates;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly providers: readonly Provider[];
  /** What `npm start` prints: every endpoint, credential and resource. */
  summary(baseUrl: string): ProviderSummary[];
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Builds one emulator: its own clock, state and journal; two emulators share nothing. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock ?? createClock();
  const journal = new Journal(options.journalLimit);
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const ctx: EmulatorContext = {
    clock,
    publicUrl: (request) => publicUrl ?? new URL(request.url).origin,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  const { list: providers, states } = createProviders(options.scenario ?? demoScenario, ctx);

  const app = new Hono();
  app.all('*', async (c) => {
    const started = performance.now();
    const time = clock.now();
    const request = c.req.raw;
    const url = new URL(request.url);
    const provider = providers.find((p) => p.owns(request, url));
    const record: RequestRecord = { provider: provider?.name ?? 'emulator', operation: '' };
    let response: Response;
    if (provider) {
      response = await provider.handle(request, record);
    } else {
      record.operation = 'unknownPath';
      response = Response.json(
        { error: 'not_found', message: `No provider serves ${request.method} ${url.pathname}` },
        { status: 404 },
      );
    }
    journal.add({
      time,
      provider: record.provider,
      operation: record.operation || 'unknown',
      method: request.method,
      path: url.pathname,
      ...(record.credential ? { credential: record.credential } : {}),
      status: response.status,
      ...(response.status >= 400 && record.code ? { code: record.code } : {}),
      ...(record.requestId ? { requestId: record.requestId } : {}),
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return response;
  });

  return {
    app,
    fetch: async (request) => app.fetch(request),
    state: states,
    clock,
    journal,
    providers,
    summary: (baseUrl) => providers.map((p) => p.summary(baseUrl)),
  };
}
