import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ProviderName } from '../../contracts/catalogue.ts';
import type { Emulator } from '../app.ts';
import type { ConsoleToken } from '../console/target.ts';
import { routeDashboardFiles } from '../dashboard/files.ts';
import { encodePng, scaleDown } from '../dashboard/png.ts';
import type { JournalEntry } from '../journal.ts';
import { providerModule } from '../providers/index.ts';

/** The most journal entries an SSE client gets on connecting: the newest, or those after its `Last-Event-ID`. */
const SSE_BACKLOG = 200;
/** Events queued for a client that does not read: past this, it is cut off (it reconnects and catches up). */
const SSE_MAX_QUEUED = 1000;
const SSE_PING_MS = 15_000;
const THUMBNAIL_WIDTH = 320;
/** How far back (emulator clock) the journal is searched for the request that issued a token. */
const ISSUER_WINDOW_MS = 60_000;

/** A console token as the dashboard lists it. */
interface ConsoleTokenView extends ConsoleToken {
  /** The journal entry of the request that issued it, while the journal holds it. */
  issuedBy?: number;
}

/** The live viewers of one resource. */
interface ViewerView {
  provider: ProviderName;
  resourceId: string;
  name: string;
  viewers: number;
  openedAt: number;
  lastInteractionAt: number;
  width: number;
  height: number;
}

const jsonError = (code: string, message: string, status: 400 | 404) =>
  Response.json({ error: { code, message } }, { status });

/**
 * What the dashboard needs beyond the control API: the page itself, one overview to poll (clock, resources,
 * credentials, console tokens, live viewers, fault rules), the journal as server-sent events with each entry's
 * request and answer, screen thumbnails, and the error catalogues for fault rules.
 */
export function createLiveRoutes(emulator: Emulator): Hono {
  const app = new Hono();
  /** token → journal seq of its issuing request, for the tokens of the last overview. */
  let issuers = new Map<string, number>();

  app.get('/', (c) => c.redirect(`${c.req.path}/`));
  routeDashboardFiles(app);

  app.get('/live/overview', (c) => {
    const baseUrl = new URL(c.req.url).origin;
    const now = emulator.clock.now();
    const found = new Map<string, number>();
    const tokens = consoleTokens(emulator).map((view) => {
      const known = issuers.get(view.token);
      const issuedBy =
        known !== undefined && emulator.journal.get(known) ? known : findIssuer(emulator, view);
      if (issuedBy === undefined) return view;
      found.set(view.token, issuedBy);
      return { ...view, issuedBy };
    });
    // Newest first; tokens issued at one instant (a frozen clock) in the order their requests came.
    const last = Number.MAX_SAFE_INTEGER;
    tokens.sort((a, b) => b.issuedAt - a.issuedAt || (a.issuedBy ?? last) - (b.issuedBy ?? last));
    issuers = found;
    return c.json({
      clock: { now, iso: new Date(now).toISOString(), frozen: emulator.clock.frozen },
      providers: emulator.providers.map((provider) => {
        const summary = provider.summary(baseUrl);
        // The resources its consoles open, which the dashboard can start, stop and delete.
        const { collection = '', statuses = [] } = provider.console?.resources ?? {};
        const items = provider.collections?.[collection];
        return {
          name: provider.name,
          label: providerModule(provider.name)?.label ?? provider.name,
          title: summary.title,
          credentials: summary.credentials,
          resources: summary.resources.map((fields) => {
            const item = fields.id === undefined ? undefined : (items?.get(fields.id) as object | undefined);
            if (!item) return { fields };
            const status = 'status' in item && typeof item.status === 'string' ? item.status : undefined;
            return { fields, control: { collection, status, statuses: status ? statuses : [] } };
          }),
        };
      }),
      tokens,
      viewers: viewers(emulator),
      faults: emulator.faults.list(),
    });
  });

  app.get('/live/catalogue', (c) =>
    c.json({
      providers: emulator.providers.map((p) => ({
        name: p.name,
        label: providerModule(p.name)?.label ?? p.name,
        errors: Object.values(p.catalogue ?? {})
          .map(({ key, code, status, message }) => ({ key, code, status, message }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      })),
    }),
  );

  app.get('/live/journal', (c) => {
    const last = c.req.header('last-event-id') ?? c.req.query('since');
    const backlog =
      last !== undefined && /^\d+$/.test(last)
        ? emulator.journal.since(Number(last))
        : emulator.journal.list();
    return journalStream(c, emulator, backlog.slice(-SSE_BACKLOG));
  });

  app.get('/live/journal/:seq', (c) => {
    const entry = emulator.journal.get(Number(c.req.param('seq')));
    if (!entry) return jsonError('not_found', `no journal entry ${c.req.param('seq')}`, 404);
    return c.json({ entry, exchange: emulator.journal.exchange(entry) ?? null });
  });

  app.get('/live/screens/:provider/:file', (c) => {
    const resourceId = c.req.param('file').replace(/\.png$/, '');
    const screen = emulator.consoles.screen(c.req.param('provider') as ProviderName, resourceId);
    if (!screen || !c.req.param('file').endsWith('.png')) {
      return jsonError('not_found', `no screen for ${c.req.param('provider')} ${resourceId}`, 404);
    }
    const asked = c.req.query('width');
    const width = asked === undefined ? THUMBNAIL_WIDTH : Number(asked);
    if (!Number.isInteger(width) || width < 16)
      return jsonError('invalid_request', 'width must be an integer of at least 16', 400);
    const scaled = scaleDown(screen.pixels(), screen.width, screen.height, width);
    return new Response(new Uint8Array(encodePng(scaled.pixels, scaled.width, scaled.height)), {
      headers: { 'content-type': 'image/png', 'cache-control': 'no-store' },
    });
  });

  app.delete('/live/consoles/:provider/:resourceId', (c) =>
    c.json({
      closed: emulator.consoles.closeResource(
        c.req.param('provider') as ProviderName,
        c.req.param('resourceId'),
      ),
    }),
  );

  return app;
}

/** Every provider's console tokens, expired ones too until their map sweeps them. */
function consoleTokens(emulator: Emulator): ConsoleTokenView[] {
  return emulator.providers.flatMap((p) => p.console?.tokens() ?? []);
}

/** The newest journal entry, from shortly before the token was issued, whose answer carried the token. */
function findIssuer(emulator: Emulator, token: ConsoleTokenView): number | undefined {
  for (let entry = emulator.journal.last(); entry; entry = emulator.journal.get(entry.seq - 1)) {
    if (entry.time < token.issuedAt - ISSUER_WINDOW_MS) return undefined;
    if (entry.provider === token.provider && emulator.journal.carried(entry, token.token)) return entry.seq;
  }
  return undefined;
}

function viewers(emulator: Emulator): ViewerView[] {
  const byResource = new Map<string, ViewerView>();
  for (const live of emulator.consoles.consoles()) {
    const { provider, resourceId, identity } = live.target;
    const key = `${provider}/${resourceId}`;
    const known = byResource.get(key);
    if (known) {
      known.viewers++;
      known.openedAt = Math.min(known.openedAt, live.openedAt);
      known.lastInteractionAt = Math.max(known.lastInteractionAt, live.lastInteractionAt);
      continue;
    }
    const screen = emulator.consoles.screen(provider, resourceId);
    byResource.set(key, {
      provider,
      resourceId,
      name: identity.name,
      viewers: 1,
      openedAt: live.openedAt,
      lastInteractionAt: live.lastInteractionAt,
      width: screen?.width ?? 0,
      height: screen?.height ?? 0,
    });
  }
  return [...byResource.values()];
}

/**
 * The journal as server-sent events (`hono/streaming`): `entry` events with `id` = seq, so a reconnecting client
 * catches up. A client that stops reading is cut off once SSE_MAX_QUEUED events wait for it (it reconnects and
 * catches up), so a stalled tab never makes the emulator hold the journal twice.
 */
function journalStream(c: Context, emulator: Emulator, backlog: readonly JournalEntry[]): Response {
  const response = streamSSE(c, async (stream) => {
    let queued = 0;
    const send = (write: Promise<unknown>) => {
      queued++;
      void write.finally(() => queued--);
      if (queued > SSE_MAX_QUEUED) stream.abort();
    };
    const entry = (e: JournalEntry) =>
      send(stream.writeSSE({ event: 'entry', id: String(e.seq), data: JSON.stringify(e) }));
    // Written as they are: `writeSSE` would add an empty data line, which a browser dispatches as a message.
    send(stream.write('retry: 2000\n\n'));
    for (const e of backlog) entry(e);
    const unsubscribe = emulator.journal.subscribe(entry);
    const ping = setInterval(() => send(stream.write(': ping\n\n')), SSE_PING_MS);
    ping.unref();
    await new Promise<void>((closed) => stream.onAbort(closed));
    unsubscribe();
    clearInterval(ping);
  });
  response.headers.set('content-type', 'text/event-stream; charset=utf-8');
  response.headers.set('cache-control', 'no-store');
  return response;
}
