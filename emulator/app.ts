import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Catalogue, ProviderName } from '../contracts/catalogue.ts';
import { type Scenario, type ScenarioInput, scenario as scenarioSchema } from '../contracts/scenario.ts';
import { type Clock, createClock } from './clock.ts';
import { ConsoleHub, type ConsoleSettingsInput } from './console/hub.ts';
import { consolePages } from './console/pages.ts';
import { type AllowedHosts, controlAccess, controlHeaders } from './control/guard.ts';
import { createControlRoutes } from './control/routes.ts';
import { SnapshotFiles, snapshotFolder } from './control/snapshot-files.ts';
import { requireControlToken } from './control/token.ts';
import { FaultEngine } from './faults.ts';
import { Journal } from './journal.ts';
import { openApiRoutes } from './openapi.ts';
import { createPipeline } from './pipeline/index.ts';
import type { EmulatorContext, Provider, ProviderSummary } from './provider.ts';
import { createProviders, type ProviderStates } from './providers/index.ts';
import { demoScenario } from './scenario.ts';
import { restoreSnapshot, type Snapshot, takeSnapshot } from './snapshot.ts';
import { StateFile } from './state-file.ts';
import type { NodeBindings } from './transport.ts';

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
  /**
   * The HTTP listener's way in: answers a request a provider owns straight from Node's message onto Node's
   * response (the same pipeline as `fetch`, without a WHATWG `Request` or `Response` in between) and returns
   * true; false when the request is the app's to answer (`app.fetch` through the Node adapter). `first`:
   * headers to put first on every answer (name, value, …), as the listener's own.
   */
  readonly serveNode: (
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    first?: readonly string[],
  ) => boolean;
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
  // Parsed once: zod's compiled fast path (generated with new Function, never in the bin's code cache) would
  // cost a start more to build than this one parse gains from it.
  const scenario = scenarioSchema.parse(options.scenario ?? demoScenario, { jitless: true });
  let built: { list: Provider[]; states: ProviderStates };
  const faults = new FaultEngine(
    (name: ProviderName): Catalogue | undefined => built.list.find((p) => p.name === name)?.catalogue,
  );
  const ctx: EmulatorContext = {
    clock,
    publicUrl: (call) => publicUrl ?? call.origin,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    faults,
  };
  built = createProviders(scenario, ctx);

  const consoles = new ConsoleHub(() => built.list, clock, options.consoles, journal);
  const app = new Hono<{ Bindings: NodeBindings }>();
  const pipeline = createPipeline({
    clock,
    journal,
    providers: () => built.list,
    journalBodies: options.journalBodies ?? 'watched',
    app: (request, env) => app.fetch(request, env),
    stateFile: () => stateFile,
  });
  const emulator: Emulator = {
    app,
    fetch: (request, env) => pipeline.fetch(request, env),
    serveNode: (incoming, outgoing, first) => pipeline.serveNode(incoming, outgoing, first),
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

  app.all('*', (c) => pipeline.unrouted(c.req.raw, c.env));

  return emulator;
}
