import { type Context, Hono } from 'hono';
import type { ProviderName } from '../../contracts/catalogue.ts';
import type { Emulator } from '../app.ts';
import { BodyTooLarge, RequestAborted, readBody, readBodyFromNode } from '../body.ts';
import { CollectionError } from '../collections.ts';
import { FaultRuleError } from '../faults.ts';
import { SnapshotError } from '../snapshot.ts';
import { breakConnection, type NodeBindings } from '../transport.ts';
import { advanceBy, ControlInputError, setTo } from './input.ts';
import { createLiveRoutes } from './live.ts';
import type { SnapshotFiles } from './snapshot-files.ts';

/** A control-API error: `{"error": {"code", "message"}}`, never a stack trace. */
class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 413,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The largest control request body: a scenario-sized snapshot fits, a runaway upload does not. */
export const MAX_CONTROL_BODY = 1024 * 1024;

type ControlContext = Context<{ Bindings: NodeBindings }>;

/**
 * A control request's JSON object, read with the providers' limit: a declared length over it is refused
 * before a byte is read, a streamed body as soon as it passes it, so no client makes the emulator buffer more.
 */
async function jsonBody(c: ControlContext): Promise<Record<string, unknown>> {
  if (c.env?.incoming) readBodyFromNode(c.req.raw, c.env.incoming);
  let bytes: Uint8Array;
  try {
    bytes = await readBody(c.req.raw, MAX_CONTROL_BODY);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      throw new ControlError(413, 'body_too_large', 'request body over 1 MiB');
    throw error;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ControlError(400, 'invalid_json', 'the body must be a JSON object');
}

/**
 * The control API under `/__emulator/`: the same operations as the programmatic API on `createEmulator()`'s
 * result, as JSON over HTTP for scripts, CI steps and other languages.
 */
export function createControlRoutes(
  emulator: Emulator,
  snapshots: SnapshotFiles,
): Hono<{ Bindings: NodeBindings }> {
  const app = new Hono<{ Bindings: NodeBindings }>();
  const clockView = () => {
    const now = emulator.clock.now();
    return { now, iso: new Date(now).toISOString(), frozen: emulator.clock.frozen };
  };
  /** Runs `fn`, answering its refusal of bad input as a 400 (prefixed with the field it concerns). */
  const guard = <T>(fn: () => T, field = ''): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RangeError || error instanceof FaultRuleError || error instanceof SnapshotError) {
        throw new ControlError(400, 'invalid_request', `${field}${error.message}`);
      }
      throw error;
    }
  };

  app.onError((error, c) => {
    // The client went away mid-body: no one is left to answer, which is not the emulator's error.
    if (error instanceof RequestAborted) {
      breakConnection('empty', c.env);
      if (!c.env?.outgoing) return Response.error();
      // Only the app's Node adapter passes `outgoing`, and it has loaded this module. Not imported at the top:
      // the module builds a global Response as it loads, which would load undici at every start.
      return import('@hono/node-server/utils/response').then((m) => m.RESPONSE_ALREADY_SENT);
    }
    if (error instanceof ControlInputError) {
      return c.json({ error: { code: 'invalid_request', message: error.message } }, 400);
    }
    if (error instanceof ControlError) {
      return c.json({ error: { code: error.code, message: error.message } }, error.status);
    }
    if (error instanceof CollectionError) {
      const code = error.status === 404 ? 'not_found' : 'invalid_request';
      return c.json({ error: { code, message: error.message } }, error.status);
    }
    console.error('[control] unexpected error:', error);
    return c.json({ error: { code: 'internal_error', message: String(error) } }, 500);
  });
  app.get('/state', (c) =>
    c.json({ clock: clockView(), providers: JSON.parse(JSON.stringify(emulator.state)) as unknown }),
  );
  app.post('/reset', (c) => {
    emulator.reset();
    return c.json({ reset: true, clock: clockView() });
  });

  const collection = (provider: string, name: string) => {
    const found = emulator.providers.find((p) => p.name === provider);
    if (!found)
      throw new ControlError(404, 'not_found', `this emulator does not serve provider "${provider}"`);
    const named = found.collections?.[name];
    if (!named) {
      const known = Object.keys(found.collections ?? {}).join(', ') || 'none';
      throw new ControlError(404, 'not_found', `${provider} has no collection "${name}" (known: ${known})`);
    }
    return named;
  };
  app.get('/state/:provider/:collection', (c) =>
    c.json({ items: collection(c.req.param('provider'), c.req.param('collection')).list() }),
  );
  app.get('/state/:provider/:collection/:id', (c) => {
    const item = collection(c.req.param('provider'), c.req.param('collection')).get(c.req.param('id'));
    if (item === undefined)
      throw new ControlError(404, 'not_found', `no ${c.req.param('collection')} ${c.req.param('id')}`);
    return c.json(item as object);
  });
  app.put('/state/:provider/:collection/:id', async (c) => {
    const items = collection(c.req.param('provider'), c.req.param('collection'));
    const existed = items.get(c.req.param('id')) !== undefined;
    const item = items.put(c.req.param('id'), await jsonBody(c));
    return c.json(item as object, existed ? 200 : 201);
  });
  /** A resource whose status changes or that goes away takes its live consoles with it (as a real stop does). */
  const closeConsoles = (provider: string, id: string) =>
    emulator.consoles.closeResource(provider as ProviderName, id);
  app.patch('/state/:provider/:collection/:id', async (c) => {
    const items = collection(c.req.param('provider'), c.req.param('collection'));
    const before = items.get(c.req.param('id')) as { status?: unknown } | undefined;
    const after = items.patch(c.req.param('id'), await jsonBody(c)) as { status?: unknown };
    if (before?.status !== after.status) closeConsoles(c.req.param('provider'), c.req.param('id'));
    return c.json(after);
  });
  app.delete('/state/:provider/:collection/:id', (c) => {
    if (!collection(c.req.param('provider'), c.req.param('collection')).remove(c.req.param('id'))) {
      throw new ControlError(404, 'not_found', `no ${c.req.param('collection')} ${c.req.param('id')}`);
    }
    closeConsoles(c.req.param('provider'), c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/snapshot', async (c) => {
    const { file } = await jsonBody(c);
    const snapshot = emulator.snapshot();
    if (file === undefined) return c.json(snapshot);
    return c.json({ written: snapshots.write(file, JSON.stringify(snapshot)) });
  });
  app.post('/snapshot/load', async (c) => {
    const body = await jsonBody(c);
    const snapshot = body.file !== undefined ? snapshots.read(body.file) : body.snapshot;
    if (snapshot === undefined)
      throw new ControlError(400, 'invalid_request', 'give {"file": name} or {"snapshot": {…}}');
    guard(() => emulator.restore(snapshot));
    return c.json({ loaded: true, clock: clockView() });
  });

  app.get('/clock', (c) => c.json(clockView()));
  app.post('/clock/advance', async (c) => {
    const by = advanceBy((await jsonBody(c)).by);
    guard(() => emulator.clock.advance(by), 'by: ');
    return c.json(clockView());
  });
  app.post('/clock/set', async (c) => {
    const to = setTo((await jsonBody(c)).to);
    guard(() => emulator.clock.set(to), 'to: ');
    return c.json(clockView());
  });
  app.post('/clock/freeze', (c) => {
    emulator.clock.freeze();
    return c.json(clockView());
  });
  app.post('/clock/resume', (c) => {
    emulator.clock.resume();
    return c.json(clockView());
  });

  app.get('/faults', (c) => c.json({ faults: emulator.faults.list() }));
  app.post('/faults', async (c) => {
    const body = await jsonBody(c);
    const rules = Array.isArray(body.faults) ? (body.faults as unknown[]) : [body];
    const added = rules.map((rule, i) =>
      guard(() => emulator.faults.add(rule), rules === body.faults ? `faults.${i}: ` : ''),
    );
    return c.json({ faults: added }, 201);
  });
  app.delete('/faults', (c) => {
    emulator.faults.clear();
    return c.json({ faults: [] });
  });
  app.delete('/faults/:id', (c) => {
    if (!emulator.faults.remove(c.req.param('id'))) {
      throw new ControlError(404, 'not_found', `no fault ${c.req.param('id')}`);
    }
    return c.json({ faults: emulator.faults.list() });
  });

  app.get('/journal', (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !/^\d+$/.test(status)) {
      throw new ControlError(400, 'invalid_request', `status must be a number, got "${status}"`);
    }
    const verdict = c.req.query('verdict');
    if (verdict !== undefined && verdict !== 'ok' && verdict !== 'violation') {
      throw new ControlError(400, 'invalid_request', `verdict must be ok or violation, got "${verdict}"`);
    }
    const entries = emulator.journal.list({
      ...(verdict !== undefined ? { verdict } : {}),
      ...(c.req.query('provider') ? { provider: c.req.query('provider') } : {}),
      ...(c.req.query('operation') ? { operation: c.req.query('operation') } : {}),
      ...(c.req.query('code') ? { code: c.req.query('code') } : {}),
      ...(status !== undefined ? { status: Number(status) } : {}),
    });
    return c.json({ entries });
  });
  app.delete('/journal', (c) => {
    emulator.journal.clear();
    return c.json({ entries: [] });
  });

  app.route('/', createLiveRoutes(emulator));

  // Mounted under the emulator's catch-all, so an unknown control path must be answered here.
  app.all('*', (c) =>
    c.json(
      { error: { code: 'not_found', message: `no control operation ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );

  return app;
}
