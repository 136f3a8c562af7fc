import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { ProviderName } from '../../contracts/catalogue.ts';
import type { Clock } from '../clock.ts';
import type { Journal } from '../journal.ts';
import type { Provider } from '../provider.ts';
import { noProvider, OK } from '../verdict.ts';
import { RfbSession } from './rfb.ts';
import { Screen } from './screen.ts';
import type { Admission, ConsoleTarget, Refusal, UpgradeRequest } from './target.ts';

const MiB = 1024 * 1024;

export const consoleSettings = z.object({
  /** How often (real milliseconds) the hub checks clocks, limits and resources of live consoles. */
  tickMs: z.number().int().positive().default(250),
  /**
   * Live websocket connections one console credential (a reusable console token) may hold at once; the
   * next is refused until one closes. No provider documents a cap (an emulator choice): noVNC opens one socket
   * per page, so 10 leaves room for several tabs and reconnects, while a client that leaks sockets hits it.
   */
  connectionsPerToken: z.number().int().positive().default(10),
  /**
   * Bytes one viewer's websocket may hold unsent (written by the emulator, not yet taken by the kernel) before
   * its screen updates are held back; they resume, coalesced into one, once it drains to this.
   */
  viewerUnsentBytes: z.number().int().positive().default(MiB),
  /**
   * Unsent console bytes of the whole process. Past it, the viewers whose sockets have taken nothing for the
   * longest are disconnected until the total is back within it, so clients that stop reading cannot grow the
   * process without bound (64 MiB: a full Raw frame of the default screen is 3 MiB).
   */
  unsentBudgetBytes: z
    .number()
    .int()
    .positive()
    .default(64 * MiB),
  /**
   * A viewer whose websocket holds unsent bytes and has taken none of them for this long (real milliseconds) is
   * disconnected: a client that stopped reading.
   */
  stalledViewerMs: z.number().int().positive().default(30_000),
});
export type ConsoleSettings = z.infer<typeof consoleSettings>;
export type ConsoleSettingsInput = z.input<typeof consoleSettings>;

/** One browser (or other client) connected to a console. */
export interface LiveConsole {
  readonly id: string;
  readonly target: ConsoleTarget;
  readonly openedAt: number;
  /** Last key, pointer or clipboard message, on the emulator clock. */
  lastInteractionAt: number;
  readonly rfb: RfbSession;
}

interface Route {
  provider: ProviderName;
  admit: () => Admission;
}

/** The send side of one viewer's websocket. */
interface Outbox {
  readonly ws: WebSocket;
  /** Bytes given to `ws.send` whose write has not completed (Node still holds them). */
  unsent: number;
  /** Real time (`performance.now()`) the socket last took a message, or got its first unsent byte. */
  movedAt: number;
  /** An update was held back for this viewer; the next drain below the cap sends it. */
  held: boolean;
  closed: boolean;
}

/** The largest websocket message accepted; RFB client messages are small, a 1 MiB clipboard is the worst. */
const MAX_PAYLOAD = 2 * 1024 * 1024;
const credentialOf = (target: ConsoleTarget) => `${target.provider} ${target.token}`;

/** Pieces of an update at least this large are sent as websocket messages of their own rather than copied. */
const SEND_ALONE = 64 * 1024;
/** websockify's close when the VNC server hangs up (`CClose(1000, "Target closed")`). */
const TARGET_CLOSED = 'Target closed';

/**
 * The live consoles of one emulator: the websocket endpoints of every provider's console proxy, one RFB
 * server per connection, one screen per resource, and the limits, checked against the emulator clock on a
 * cheap periodic tick (and by `tick()` in tests, after `clock.advance`).
 */
export class ConsoleHub {
  readonly settings: ConsoleSettings;
  readonly #consoles = new Map<string, LiveConsole>();
  /** Live consoles per credential (`credentialOf`), for the per-token cap. */
  readonly #perCredential = new Map<string, number>();
  readonly #outboxes = new Map<string, Outbox>();
  /** Unsent bytes of every outbox. */
  #unsent = 0;
  readonly #screens = new Map<string, { screen: Screen; provider: ProviderName; resourceId: string }>();
  /**
   * Made with the first console websocket: ws loads node:tls and node:https as it loads, which a start that
   * only answers API calls would pay for nothing.
   */
  #wss: WebSocketServer | undefined;
  #loadingWss: Promise<WebSocketServer> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    /** The providers serving now (a getter: `reset()` replaces them). */
    private readonly providers: () => readonly Provider[],
    private readonly clock: Clock,
    settings: ConsoleSettingsInput = {},
    /** Where each websocket connection is recorded (operation `consoleConnect`), next to the API calls. */
    private readonly journal?: Journal,
  ) {
    // Parsed once: zod's compiled fast path (built with new Function) costs a start more than it gains here.
    this.settings = consoleSettings.parse(settings, { jitless: true });
  }

  #webSocketServer(): Promise<WebSocketServer> {
    this.#loadingWss ??= import('ws').then(({ WebSocketServer }) => {
      // websockify answers with the `binary` subprotocol when the client offers it, and noVNC offers it.
      this.#wss = new WebSocketServer({
        noServer: true,
        maxPayload: MAX_PAYLOAD,
        handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
      });
      return this.#wss;
    });
    return this.#loadingWss;
  }

  /** Live consoles, optionally of one provider or resource. */
  consoles(provider?: ProviderName, resourceId?: string): LiveConsole[] {
    return [...this.#consoles.values()].filter(
      (c) =>
        (provider === undefined || c.target.provider === provider) &&
        (resourceId === undefined || c.target.resourceId === resourceId),
    );
  }

  /** Bytes written to consoles' websockets that Node still holds: one console's, or all of them. */
  unsentBytes(id?: string): number {
    return id === undefined ? this.#unsent : (this.#outboxes.get(id)?.unsent ?? 0);
  }

  /** The screen of a resource, if a console ever opened it (tests read what was typed). */
  screen(provider: ProviderName, resourceId: string): Screen | undefined {
    for (const entry of this.#screens.values()) {
      if (entry.provider === provider && entry.resourceId === resourceId) return entry.screen;
    }
    return undefined;
  }

  /**
   * Closes every live console of a resource and forgets its screen, as stopping or deleting a VM does. The
   * control plane calls this when it changes a resource; the tick also notices on its own. Returns how many
   * consoles were closed.
   */
  closeResource(provider: ProviderName, resourceId: string): number {
    const closing = this.consoles(provider, resourceId);
    for (const c of closing) this.#close(c, TARGET_CLOSED);
    for (const [key, entry] of [...this.#screens]) {
      if (entry.provider === provider && entry.resourceId === resourceId) this.#screens.delete(key);
    }
    return closing.length;
  }

  /** Closes every live console (the server is shutting down). */
  closeAll(): void {
    for (const c of [...this.#consoles.values()]) this.#close(c, 'Server shutting down', 1001);
    for (const socket of this.#wss?.clients ?? []) socket.terminate();
    this.#stopTimer();
  }

  /**
   * The HTTP server's `upgrade` event. Unknown paths get a 404 and a closed socket. On a console path the
   * upgrade is always accepted first, as websockify does, and a refused token then drops the socket without a
   * close frame (the browser sees 1006).
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let route: Route | undefined;
    let path = '';
    try {
      const url = new URL(request.url ?? '/', 'http://console.invalid');
      path = url.pathname;
      route = this.#route({ url, headers: request.headers });
    } catch {
      route = undefined;
    }
    if (!route) {
      this.#record('emulator', path, 404);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    const found = route;
    const upgrade = (wss: WebSocketServer) => {
      try {
        wss.handleUpgrade(request, socket, head, (ws) => this.#accepted(ws, found, path));
      } catch {
        socket.destroy();
      }
    };
    if (this.#wss) upgrade(this.#wss);
    else this.#webSocketServer().then(upgrade, () => socket.destroy());
  }

  /**
   * Checks every live console against the emulator clock and its resource: resources that stopped or went
   * away, idle sessions past their keepalive; disconnects viewers that stopped reading (on real time); and lets
   * screens redraw their clock. Runs on a timer; tests call it after `clock.advance()`.
   */
  tick(): void {
    const stalledBefore = performance.now() - this.settings.stalledViewerMs;
    for (const [id, outbox] of [...this.#outboxes]) {
      if (outbox.unsent > 0 && outbox.movedAt <= stalledBefore) this.#cut(id);
    }
    const now = this.clock.now();
    // Viewers of one screen watch one resource: asked once a tick, however many they are.
    const alive = new Map<string, boolean>();
    for (const c of [...this.#consoles.values()]) {
      const { target } = c;
      let live = alive.get(target.screenKey);
      if (live === undefined) {
        try {
          live = target.live();
        } catch {
          live = false;
        }
        alive.set(target.screenKey, live);
      }
      // A stopped or deleted VM loses its screen with its consoles: it boots to a fresh one.
      if (!live) this.closeResource(target.provider, target.resourceId);
      else if (target.idleTimeoutMs !== undefined && now - c.lastInteractionAt >= target.idleTimeoutMs) {
        this.#close(c, 'keepalive timeout');
      }
    }
    const watched = new Set<string>();
    for (const c of this.#consoles.values()) watched.add(c.target.screenKey);
    for (const key of watched) this.#screens.get(key)?.screen.tick();
  }

  /**
   * Which provider's proxy answers this upgrade, the first in dispatch order that claims it; `undefined` when
   * none (or the provider is not running).
   */
  #route(request: UpgradeRequest): Route | undefined {
    const owner = this.providers().find((p) => p.console?.claims(request.url));
    const proxy = owner?.console;
    if (!owner || !proxy) return undefined;
    const { name } = owner;
    // The provider's state as it is whenever asked: the control plane may reset or reload it meanwhile.
    const current = () => this.providers().find((p) => p.name === name)?.state;
    return { provider: name, admit: () => proxy.admit(request, current) };
  }

  /** A journal entry for a websocket connection: 101 when upgraded, with the refusal as the code. */
  #record(provider: ProviderName | 'emulator', path: string, status: number, code?: Refusal): void {
    this.journal?.add({
      time: this.clock.now(),
      provider,
      operation: 'consoleConnect',
      method: 'GET',
      path,
      status,
      ...(code ? { code } : {}),
      latencyMs: 0,
      // A refused console of a provider is its answer; a websocket path nobody serves is the consumer's.
      verdict: provider === 'emulator' && status >= 400 ? noProvider('GET', path) : OK,
    });
  }

  #accepted(ws: WebSocket, route: Route, path: string): void {
    ws.on('error', () => ws.terminate());
    let admission: Admission;
    try {
      admission = route.admit();
    } catch {
      admission = { refused: 'InternalError' };
    }
    // Counted after the provider's own checks, so an expired or spent token is refused as such: a one-time
    // token opens one connection anyway, so only reusable tokens reach the cap.
    if ('target' in admission && this.#connectionsOf(admission.target) >= this.settings.connectionsPerToken) {
      admission = { refused: 'TooManyConnections' };
    }
    this.#record(route.provider, path, 101, 'refused' in admission ? admission.refused : undefined);
    if ('refused' in admission) {
      // websockify's handler exception path: the socket is closed without a close frame.
      ws.terminate();
      return;
    }
    const { target } = admission;
    const screen = this.#screenFor(target);
    const id = randomUUID();
    const now = this.clock.now();
    const outbox: Outbox = { ws, unsent: 0, movedAt: performance.now(), held: false, closed: false };
    this.#outboxes.set(id, outbox);
    const rfb = new RfbSession(
      {
        send: (data) => this.#send(id, outbox, data),
        ready: () => {
          if (outbox.unsent <= this.settings.viewerUnsentBytes) return true;
          outbox.held = true;
          return false;
        },
        close: () => {
          this.#forget(id);
          // The RFB server hung up (bad input, failed authentication): websockify reports the target closing.
          if (ws.readyState === ws.OPEN) ws.close(1000, TARGET_CLOSED);
        },
      },
      {
        screen,
        desktopName: target.desktopName,
        password: target.password,
        onInteraction: () => {
          const live = this.#consoles.get(id);
          if (live) live.lastInteractionAt = this.clock.now();
        },
        onExclusive: () => {
          for (const other of this.consoles()) {
            if (other.id !== id && other.target.screenKey === target.screenKey)
              this.#close(other, TARGET_CLOSED);
          }
        },
      },
    );
    this.#consoles.set(id, { id, target, openedAt: now, lastInteractionAt: now, rfb });
    this.#perCredential.set(credentialOf(target), this.#connectionsOf(target) + 1);
    // websockify relays the payload of text frames as bytes too; the RFB parser judges them.
    ws.on('message', (data) => {
      if (Buffer.isBuffer(data)) rfb.receive(data);
      else rfb.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data));
    });
    ws.on('close', () => {
      rfb.close('client closed');
      this.#forget(id);
    });
    this.#startTimer();
  }

  /**
   * Hands bytes to the viewer's websocket and counts them until its write completes, which for a client that
   * stopped reading is never: its updates are then held back (`ready`), the process-wide budget sheds the
   * viewers stalled longest, and the tick disconnects one stalled past `stalledViewerMs`.
   */
  #send(id: string, outbox: Outbox, data: readonly Buffer[]): void {
    const { ws } = outbox;
    if (outbox.closed || ws.readyState !== ws.OPEN) return;
    if (outbox.unsent === 0) outbox.movedAt = performance.now();
    const put = (bytes: Buffer) => {
      outbox.unsent += bytes.length;
      this.#unsent += bytes.length;
      ws.send(bytes, { binary: true }, () => this.#written(id, outbox, bytes.length));
    };
    // RFB is a byte stream to websockify's clients, so one message may go as several websocket messages: small
    // pieces are joined, a large one (shared with other viewers) goes as it is, without a copy per viewer.
    let small: Buffer[] = [];
    const putSmall = () => {
      if (small.length > 0) put(small.length === 1 ? (small[0] as Buffer) : Buffer.concat(small));
      small = [];
    };
    for (const piece of data) {
      if (piece.length < SEND_ALONE) small.push(piece);
      else {
        putSmall();
        put(piece);
      }
    }
    putSmall();
    if (this.#unsent > this.settings.unsentBudgetBytes) this.#shed(outbox);
  }

  #written(id: string, outbox: Outbox, length: number): void {
    if (outbox.closed) return;
    outbox.unsent -= length;
    this.#unsent -= length;
    outbox.movedAt = performance.now();
    if (outbox.held && outbox.unsent <= this.settings.viewerUnsentBytes) {
      outbox.held = false;
      this.#consoles.get(id)?.rfb.flush();
    }
  }

  /** Disconnects the viewers whose sockets took nothing for longest until the budget holds; `keep` last of all. */
  #shed(keep: Outbox): void {
    const stalled = [...this.#outboxes]
      .filter(([, outbox]) => outbox !== keep && outbox.unsent > 0)
      .sort(([, a], [, b]) => a.movedAt - b.movedAt);
    for (const [id] of stalled) {
      if (this.#unsent <= this.settings.unsentBudgetBytes) return;
      this.#cut(id);
    }
  }

  /**
   * Drops a viewer that stopped reading: its socket is destroyed at once (a close frame would queue behind
   * what it never read), which frees what Node held for it.
   */
  #cut(id: string): void {
    const outbox = this.#outboxes.get(id);
    const live = this.#consoles.get(id);
    this.#forget(id);
    outbox?.ws.terminate();
    live?.rfb.close('stalled');
  }

  /** Live connections opened with the same credential as this target. */
  #connectionsOf(target: ConsoleTarget): number {
    return this.#perCredential.get(credentialOf(target)) ?? 0;
  }

  #screenFor(target: ConsoleTarget): Screen {
    const known = this.#screens.get(target.screenKey);
    if (known) return known.screen;
    const screen = new Screen(target.identity, this.clock);
    this.#screens.set(target.screenKey, { screen, provider: target.provider, resourceId: target.resourceId });
    return screen;
  }

  #close(c: LiveConsole, reason: string, code = 1000): void {
    const ws = this.#outboxes.get(c.id)?.ws;
    this.#forget(c.id);
    if (ws && ws.readyState === ws.OPEN) ws.close(code, reason);
    c.rfb.close(reason);
  }

  #forget(id: string): void {
    const outbox = this.#outboxes.get(id);
    if (outbox) {
      outbox.closed = true;
      this.#unsent -= outbox.unsent;
      outbox.unsent = 0;
    }
    const live = this.#consoles.get(id);
    if (live) {
      const credential = credentialOf(live.target);
      const left = (this.#perCredential.get(credential) ?? 1) - 1;
      if (left > 0) this.#perCredential.set(credential, left);
      else this.#perCredential.delete(credential);
    }
    this.#consoles.delete(id);
    this.#outboxes.delete(id);
    if (this.#consoles.size === 0) this.#stopTimer();
  }

  #startTimer(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.settings.tickMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
