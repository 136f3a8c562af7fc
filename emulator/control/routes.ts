import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import type { ProviderName } from '../../contracts/catalogue.ts';
import type { Emulator } from '../app.ts';
import { CollectionError } from '../collections.ts';
import { FaultRuleError } from '../faults.ts';
import { SnapshotError, writeFileAtomic } from '../snapshot.ts';
import { createLiveRoutes } from './live.ts';

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

const MAX_CONTROL_BODY = 1024 * 1024;

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.length > MAX_CONTROL_BODY)
    throw new ControlError(413, 'body_too_large', 'request body over 1 MiB');
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
export function createControlRoutes(emulator: Emulator): Hono {
  const app = new Hono();
  const clockView = () => {
    const now = emulator.clock.now();
    return { now, iso: new Date(now).toISOString(), frozen: emulator.clock.frozen };
  };
  const guard = (fn: () => unknown) => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof RangeError || error instanceof FaultRuleError || error instanceof SnapshotError) {
        throw new ControlError(400, 'invalid_request', error.message);
      }
      throw error;
    }
  };

  app.onError((error, c) => {
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
    const item = items.put(c.req.param('id'), await jsonBody(c.req.raw));
    return c.json(item as object, existed ? 200 : 201);
  });
  /** A resource whose status changes or that goes away takes its live consoles with it (as a real stop does). */
  const closeConsoles = (provider: string, id: string) =>
    emulator.consoles.closeResource(provider as ProviderName, id);
  app.patch('/state/:provider/:collection/:id', async (c) => {
    const items = collection(c.req.param('provider'), c.req.param('collection'));
    const before = items.get(c.req.param('id')) as { status?: unknown } | undefined;
    const after = items.patch(c.req.param('id'), await jsonBody(c.req.raw)) as { status?: unknown };
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
    const { file } = await jsonBody(c.req.raw);
    const snapshot = emulator.snapshot();
    if (file === undefined) return c.json(snapshot);
    if (typeof file !== 'string') throw new ControlError(400, 'invalid_request', 'file must be a path');
    writeFileAtomic(file, JSON.stringify(snapshot));
    return c.json({ written: file });
  });
  app.post('/snapshot/load', async (c) => {
    const body = await jsonBody(c.req.raw);
    let snapshot: unknown = body.snapshot;
    if (typeof body.file === 'string') {
      const text = await readFile(body.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new ControlError(
          400,
          'invalid_request',
          `cannot read ${body.file}: ${error.code ?? error.message}`,
        );
      });
      try {
        snapshot = JSON.parse(text);
      } catch {
        throw new ControlError(400, 'invalid_request', `${body.file} is not JSON`);
      }
    }
    if (snapshot === undefined)
      throw new ControlError(400, 'invalid_request', 'give {"file": path} or {"snapshot": {…}}');
    guard(() => emulator.restore(snapshot));
    return c.json({ loaded: true, clock: clockView() });
  });

  app.get('/clock', (c) => c.json(clockView()));
  app.post('/clock/advance', async (c) => {
    const { by } = await jsonBody(c.req.raw);
    if (typeof by !== 'string' && typeof by !== 'number') {
      throw new ControlError(400, 'invalid_request', 'give {"by": "11m"} or {"by": <milliseconds>}');
    }
    guard(() => emulator.clock.advance(by));
    return c.json(clockView());
  });
  app.post('/clock/set', async (c) => {
    const { to } = await jsonBody(c.req.raw);
    if (typeof to !== 'string' && typeof to !== 'number') {
      throw new ControlError(
        400,
        'invalid_request',
        'give {"to": "2030-01-01T00:00:00Z"} or {"to": <epoch ms>}',
      );
    }
    guard(() => emulator.clock.set(to));
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
    const body = await jsonBody(c.req.raw);
    const rules = Array.isArray(body.faults) ? (body.faults as unknown[]) : [body];
    const added = rules.map((rule) => guard(() => emulator.faults.add(rule)));
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
    const entries = emulator.journal.list({
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
