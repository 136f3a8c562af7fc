import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Catalogue, ProviderName } from '../contracts/catalogue.ts';
import { blames, operationsByName } from '../contracts/operations.ts';
import { type Scenario, type ScenarioInput, scenario as scenarioSchema } from '../contracts/scenario.ts';
import { bodyRead, readBodyFromNode } from './body.ts';
import { type Clock, createClock } from './clock.ts';
import { ConsoleHub, type ConsoleSettingsInput } from './console/hub.ts';
import { consolePages } from './console/pages.ts';
import { type AllowedHosts, controlAccess, controlHeaders } from './control/guard.ts';
import { createControlRoutes } from './control/routes.ts';
import { SnapshotFiles, snapshotFolder } from './control/snapshot-files.ts';
import { requireControlToken } from './control/token.ts';
import { startCapture } from './exchange.ts';
import { ConnectionFault, FaultEngine } from './faults.ts';
import { Journal, type RequestRecord } from './journal.ts';
import { openApiRoutes } from './openapi.ts';
import type { EmulatorContext, Provider, ProviderSummary } from './provider.ts';
import { createProviders, type ProviderStates } from './providers/index.ts';
import { demoScenario } from './scenario.ts';
import { restoreSnapshot, type Snapshot, takeSnapshot } from './snapshot.ts';
import { StateFile } from './state-file.ts';
import { breakConnection, type NodeBindings } from './transport.ts';
import { checkAnswer, judgeRequest, noProvider, OK } from './verdict.ts';

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
  /**
   * Keep the state in this file: restored on start when it exists, saved completely or not at all after every
   * request that changed it (before the answer goes out) and by `persist()`. A change that cannot be saved is
   * undone and its request answered with the provider's "service unavailable". `createEmulator` throws a
   * `StateFileError` when the file cannot be written or does not fit.
   */
  stateFile?: string;
  /** Settings of the live consoles: the hub's tick and the cap on live websockets per console token. */
  consoles?: ConsoleSettingsInput;
  /**
   * Require this token on the control API under `/__emulator/` (`Authorization: Bearer <token>` or
   * `X-Emulator-Token`); open when omitted. Provider paths and the programmatic API never need it.
   */
  controlToken?: string;
  /**
   * Host names (besides `localhost`, `127.0.0.0/8`, `[::1]` and the public URL's host) that requests over
   * HTTP to `/__emulator/` may carry in `Host`, e.g. a container's service name; `'all'` answers any, which
   * leaves DNS rebinding open: set `controlToken` then. `listen()` adds the host it binds to.
   */
  allowedHosts?: AllowedHosts;
  /**
   * The folder `POST /__emulator/snapshot` writes and `snapshot/load` reads `{"file": NAME}` in: the state
   * file's folder when there is one, else `./.console-emulator/snapshots/`.
   */
  snapshotDir?: string;
  /**
   * Keep each request's and answer's headers and first 8 KiB of body, secrets redacted, beside its journal
   * entry (what the dashboard shows): `'watched'` (the default) while something follows the journal live, as
   * an open dashboard does; `true` always; `false` never. Keeping them costs about a third of the throughput.
   */
  journalBodies?: boolean | 'watched';
}

export interface Emulator {
  /** The Hono app serving every provider and the control API; transport-agnostic (`app.fetch`). */
  readonly app: Hono<{ Bindings: NodeBindings }>;
  /**
   * Answers a request as the listener does (`env` carries the Node request and response over HTTP); the
   * same answers as `app.fetch`, faster for provider requests.
   */
  readonly fetch: (request: Request, env?: NodeBindings) => Promise<Response>;
  /** Each provider's live state (replaced by `reset()`). */
  readonly state: ProviderStates;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly faults: FaultEngine;
  readonly providers: readonly Provider[];
  /** The live consoles: websocket endpoints, RFB sessions, screens; `closeResource` closes a resource's. */
  readonly consoles: ConsoleHub;
  /** The scenario this emulator was loaded with, validated. */
  readonly scenario: Scenario;
  /** Back to the loaded scenario: resources, credentials and tokens as at start; fault rules cleared. */
  reset(): void;
  /** The whole state (clock, resources, credentials, live tokens) as JSON-ready data. */
  snapshot(): Snapshot;
  /** Loads a snapshot (throws `SnapshotError` when it does not fit this emulator). */
  restore(snapshot: unknown): void;
  /**
   * Saves to the state file now, if there is one and the state changed since the last save; false when it
   * could not be written (the change is then undone and the reason printed on stderr).
   */
  persist(): boolean;
  /** What `npm start` prints: every endpoint, credential and resource. */
  summary(baseUrl: string): ProviderSummary[];
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Builds one emulator: its own clock, state, faults and journal; two emulators share nothing. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock ?? createClock();
  const journal = new Journal(options.journalLimit);
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const scenario = scenarioSchema.parse(options.scenario ?? demoScenario);
  let built: { list: Provider[]; states: ProviderStates };
  const faults = new FaultEngine(
    (name: ProviderName): Catalogue | undefined => built.list.find((p) => p.name === name)?.catalogue,
  );
  const ctx: EmulatorContext = {
    clock,
    publicUrl: (request) => publicUrl ?? new URL(request.url).origin,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    faults,
  };
  built = createProviders(scenario, ctx);

  const consoles = new ConsoleHub(() => built.list, clock, options.consoles, journal);
  const app = new Hono<{ Bindings: NodeBindings }>();
  let dispatch: (request: Request, env: NodeBindings) => Promise<Response>;
  const emulator: Emulator = {
    app,
    fetch: (request, env) => dispatch(request, env),
    get state() {
      return built.states;
    },
    clock,
    journal,
    faults,
    get providers() {
      return built.list;
    },
    scenario,
    consoles,
    reset() {
      faults.clear();
      built = createProviders(scenario, ctx);
    },
    snapshot: () => takeSnapshot(clock, built.list),
    restore: (value) => restoreSnapshot(clock, built.list, value),
    persist: () => stateFile?.save() ?? true,
    summary: (baseUrl) => built.list.map((p) => p.summary(baseUrl)),
  };

  const stateFile = options.stateFile ? StateFile.open(options.stateFile, emulator) : undefined;
  if (stateFile) {
    // Provider requests are settled in `serveRequest`; this covers the control API's changes.
    const settle = createMiddleware(async (c, next) => {
      const mark = stateFile.mark();
      await next();
      if (stateFile.settle(mark)) return;
      // Dropped first, so that none of the refused answer's headers are carried over to the refusal.
      c.res = undefined;
      c.res = Response.json(
        {
          error: {
            code: 'state_not_saved',
            message: `the state file ${stateFile.path} cannot be written; the change was undone`,
          },
        },
        { status: 503 },
      );
    });
    app.use('/__emulator', settle);
    app.use('/__emulator/*', settle);
  }

  const access = controlAccess({ allowedHosts: options.allowedHosts, publicUrl });
  app.use('/__emulator', controlHeaders);
  app.use('/__emulator/*', controlHeaders);
  // Answered before the Host check and the control token: it reads nothing and changes nothing, so neither a
  // rebinding page nor a missing token gains anything, and a CI job polls it with plain curl, often by a
  // container's service name. The providers are all built before the listener opens, so answering means ready.
  app.get('/__emulator/health', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }));
  app.use('/__emulator', access);
  app.use('/__emulator/*', access);
  if (options.controlToken) {
    const guard = requireControlToken(options.controlToken);
    app.use('/__emulator', guard);
    app.use('/__emulator/*', guard);
  }
  app.route('/__emulator', createControlRoutes(emulator, new SnapshotFiles(snapshotFolder(options))));
  app.route(
    '/',
    consolePages(() => built.list),
  );
  // The generated OpenAPI documents and the reference page (`/openapi/<provider>.json`, `/docs`).
  app.route('/', openApiRoutes());

  /** Answers a request a provider owns (or the 404 of a path nobody serves) and journals it. */
  const serveRequest = async (
    request: Request,
    env: NodeBindings,
    url: URL,
    provider: Provider | undefined,
  ): Promise<Response> => {
    const started = performance.now();
    const time = clock.now();
    const record: RequestRecord = { provider: provider?.name ?? 'emulator', operation: '' };
    const keep = options.journalBodies ?? 'watched';
    const capture =
      keep === true || (keep === 'watched' && journal.watched) ? startCapture(request) : undefined;
    const mark = stateFile?.mark() ?? 0;
    // The capture leaves a GET's or HEAD's body alone, and the Node adapter's Request has none: read it directly.
    if (env?.incoming && (!capture || request.method === 'GET' || request.method === 'HEAD'))
      readBodyFromNode(request, env.incoming);
    let response: Response;
    let status: number;
    try {
      if (provider) {
        response = await provider.handle(request, record);
      } else {
        record.operation = 'unknownPath';
        response = Response.json(
          { error: 'not_found', message: `No provider serves ${request.method} ${url.pathname}` },
          { status: 404 },
        );
      }
      status = response.status;
    } catch (error) {
      if (!(error instanceof ConnectionFault)) throw error;
      record.code = `connection:${error.kind}`;
      status = 0;
      response = breakConnection(error.kind, env) ?? RESPONSE_ALREADY_SENT;
    }
    // Nothing is acknowledged that is not saved (a broken connection acknowledges nothing either way).
    if (provider && stateFile && !stateFile.settle(mark) && status !== 0) {
      await response.body?.cancel();
      response = provider.unavailable(request, record, response);
      status = response.status;
    }
    const operation = record.operation || 'unknown';
    const contract = provider ? operationsByName[provider.name][operation] : undefined;
    const entry = journal.add({
      time,
      provider: record.provider,
      operation,
      method: request.method,
      path: url.pathname,
      ...(record.credential ? { credential: record.credential } : {}),
      status,
      // Some providers answer business errors with HTTP 200, so the code is journalled whatever the status.
      ...(record.code ? { code: record.code } : {}),
      ...(record.requestId ? { requestId: record.requestId } : {}),
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      verdict: !provider
        ? noProvider(request.method, url.pathname)
        : status === 0
          ? OK
          : judgeRequest({
              contract,
              operation,
              method: request.method,
              path: url.pathname,
              headers: request.headers,
              body: bodyRead(request),
              error: record.error,
              credential: record.credential !== undefined,
              blame: blames[provider.name],
            }),
    });
    if (capture) {
      const captured = await capture(status === 0 ? undefined : response);
      const answer = captured.exchange.response;
      // An error is no success to check, whatever its status (some providers answer errors with 200).
      if (answer && !record.error) {
        entry.verdict = checkAnswer(
          contract,
          answer.status,
          {
            text: answer.body,
            truncated: answer.truncated,
            json: /json/i.test(answer.headers['content-type'] ?? ''),
          },
          entry.verdict,
        );
      }
      journal.attach(entry, captured.exchange, captured.credentials);
      response = captured.response ?? response;
    }
    return response;
  };
  const ownerOf = (request: Request, url: URL) => built.list.find((p) => p.owns(request, url));

  app.all('*', (c) => {
    const url = new URL(c.req.url);
    return serveRequest(c.req.raw, c.env, url, ownerOf(c.req.raw, url));
  });

  /**
   * What `fetch` and the HTTP listener call. A request a provider owns goes straight to it: no provider owns a
   * path of the control API, the console pages or the OpenAPI documents, so the app's router would only have
   * passed it on to the catch-all above, at a fifth of a small request's cost. Everything else goes through
   * the app.
   */
  dispatch = async (request, env) => {
    const url = new URL(request.url);
    const provider = ownerOf(request, url);
    if (!provider) return app.fetch(request, env);
    let response: Response;
    try {
      response = await serveRequest(request, env, url, provider);
    } catch (error) {
      // What the app's default error handler does; providers answer their own errors, so this is a bug.
      console.error(error);
      response = new Response('Internal Server Error', { status: 500 });
    }
    return response;
  };

  return emulator;
}
