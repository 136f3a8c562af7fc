import { randomBytes, timingSafeEqual } from 'node:crypto';
import { vncAuthResponse } from './des.ts';
import {
  ENCODING,
  extendedDesktopSize,
  PIXEL_ENCODINGS,
  readPixelFormat,
  rectHeader,
  SERVER_PIXEL_FORMAT,
  supportedPixelFormat,
  writePixelFormat,
} from './encodings.ts';
import { type Frame, type Rect, type Screen, TILE } from './screen.ts';
import { encodedRect, type Wanted, withZlibHeader } from './updates.ts';

/** Where an RFB session writes; the websocket endpoint provides it. */
export interface RfbTransport {
  /** One message's bytes, in order; pieces of a screen update may be shared with other viewers: never change them. */
  send(data: readonly Buffer[]): void;
  /**
   * Whether a screen update may be sent now. When not, the update request is held (updates coalesce, as
   * RFB allows a server to answer late) and the transport calls `flush()` once it can take more.
   */
  ready(): boolean;
  /** Ends the connection, as a VNC server closing its TCP socket does. */
  close(reason: string): void;
}

export interface RfbOptions {
  screen: Screen;
  /** The name ServerInit announces (noVNC shows it as the page title). */
  desktopName: string;
  /** When set, the only security type offered is VNC Authentication with this password. */
  password?: string | undefined;
  /** Called on every key, pointer or clipboard message: the user's interaction, which keepalives count. */
  onInteraction?: () => void;
  /** Called when the client asks for an exclusive session (ClientInit shared-flag 0). */
  onExclusive?: () => void;
  /** Called once ServerInit has been sent. */
  onReady?: () => void;
}

const SECURITY = { Invalid: 0, None: 1, VncAuth: 2 } as const;
const CLIENT = {
  SetPixelFormat: 0,
  SetEncodings: 2,
  FramebufferUpdateRequest: 3,
  KeyEvent: 4,
  PointerEvent: 5,
  ClientCutText: 6,
  SetDesktopSize: 251,
} as const;
/** Larger clipboard texts are refused; a sane client never sends one, a broken one must not exhaust memory. */
const MAX_CUT_TEXT = 1024 * 1024;

type Phase = 'version' | 'securityType' | 'vncAuth' | 'clientInit' | 'normal' | 'closed';
interface Request {
  incremental: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}
/** Part of a tile a client got without the rest: what, and of which version. */
interface Partial extends Rect {
  version: number;
}

/** A protocol violation: the session ends (the connection is closed, the process carries on). */
class RfbProtocolError extends Error {}

/**
 * One client of the RFB 3.8 server (RFC 6143), speaking 3.3 and 3.7 too, over any byte transport. It reads
 * client messages from `receive()`, answers update requests from the shared `Screen`, and holds an
 * incremental request until something on the screen changes, as real servers do.
 */
export class RfbSession {
  #phase: Phase = 'version';
  #minor = 8;
  #input: Buffer = Buffer.alloc(0);
  #challenge: Buffer | undefined;
  #wanted: Wanted = {
    encoding: ENCODING.Raw,
    level: 6,
    format: SERVER_PIXEL_FORMAT,
    formatKey: writePixelFormat(SERVER_PIXEL_FORMAT).toString('hex'),
  };
  /** Whether the connection's zlib stream has begun (its header was sent). */
  #zlibStarted = false;
  #desktopSize = false;
  #extendedDesktopSize = false;
  /** Owed ExtendedDesktopSize rectangle: on first support, or as the answer to SetDesktopSize. */
  #owedExtended: { reason: 0 | 1 | 2; status: 0 | 1 | 2 | 3 } | undefined;
  #request: Request | undefined;
  /**
   * What the client's framebuffer holds: its size, and for each tile the frame version it was last sent whole
   * (`undefined` until a first full update); a tile sent only in part, with the part.
   */
  #clientWidth: number;
  #clientHeight: number;
  #known: Uint32Array | undefined;
  readonly #partial = new Map<number, Partial>();
  readonly #unsubscribe: () => void;
  /** Bytes and rectangles sent, for measurements. */
  readonly stats = { updates: 0, rects: 0, bytes: 0 };

  constructor(
    private readonly transport: RfbTransport,
    private readonly options: RfbOptions,
  ) {
    this.#clientWidth = options.screen.width;
    this.#clientHeight = options.screen.height;
    this.#unsubscribe = options.screen.onChange(() => this.flush());
    this.#write(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** The negotiated protocol version, e.g. `3.8`. */
  get version(): string {
    return `3.${this.#minor}`;
  }

  /** Feeds bytes from the client. Never throws: a violation closes the session. */
  receive(chunk: Buffer): void {
    if (this.#phase === 'closed') return;
    this.#input = this.#input.length === 0 ? chunk : Buffer.concat([this.#input, chunk]);
    try {
      let more = true;
      while (more) more = this.#step();
      if (this.#input.length > MAX_CUT_TEXT + 16) throw new RfbProtocolError('message too large');
    } catch (error) {
      this.close(error instanceof RfbProtocolError ? error.message : 'internal error');
    }
  }

  /** Answers a pending update request if there is anything to send and the transport can take it. */
  flush(): void {
    if (this.#phase !== 'normal' || !this.#request || !this.transport.ready()) return;
    try {
      this.#sendUpdate(this.#request);
    } catch {
      this.close('internal error');
    }
  }

  close(reason: string): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#unsubscribe();
    this.transport.close(reason);
  }

  #write(...data: Buffer[]): void {
    for (const part of data) this.stats.bytes += part.length;
    this.transport.send(data);
  }

  /** Handles one complete message if the input holds one; `false` when more bytes are needed. */
  #step(): boolean {
    const data = this.#input;
    switch (this.#phase) {
      case 'version':
        return this.#consume(12, () => this.#version(data.toString('latin1', 0, 12)));
      case 'securityType':
        return this.#consume(1, () => this.#securityType(data.readUInt8(0)));
      case 'vncAuth':
        return this.#consume(16, () => this.#vncAuth(data.subarray(0, 16)));
      case 'clientInit':
        return this.#consume(1, () => this.#clientInit(data.readUInt8(0) !== 0));
      case 'normal':
        return this.#message(data);
      default:
        return false;
    }
  }

  #consume(length: number, handle: () => void): boolean {
    if (this.#input.length < length) return false;
    handle();
    this.#input = this.#input.subarray(length);
    return true;
  }

  // --- Handshake (RFC 6143 §7.1, §7.2) ---

  #version(text: string): void {
    const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(text);
    if (match?.[1] !== '003') throw new RfbProtocolError(`bad protocol version ${JSON.stringify(text)}`);
    const minor = Number(match[2]);
    // §7.1.1: a server must treat any other 3.x it gets as 3.3 (3.5 was an unofficial variant).
    this.#minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
    const type = this.options.password === undefined ? SECURITY.None : SECURITY.VncAuth;
    if (this.#minor === 3) {
      // 3.3: the server decides the security type and sends it as a 32-bit number.
      const out = Buffer.alloc(4);
      out.writeUInt32BE(type, 0);
      this.#write(out);
      this.#startSecurity(type);
    } else {
      this.#write(Buffer.from([1, type]));
      this.#phase = 'securityType';
    }
  }

  #securityType(chosen: number): void {
    const offered = this.options.password === undefined ? SECURITY.None : SECURITY.VncAuth;
    if (chosen !== offered) {
      this.#securityFailure(`security type ${chosen} was not offered`);
      return;
    }
    this.#startSecurity(chosen);
  }

  #startSecurity(type: number): void {
    if (type === SECURITY.VncAuth) {
      this.#challenge = randomBytes(16);
      this.#write(this.#challenge);
      this.#phase = 'vncAuth';
      return;
    }
    // None: 3.8 sends a SecurityResult; 3.3 and 3.7 go straight to ClientInit (§7.2.1).
    if (this.#minor === 8) this.#write(Buffer.alloc(4));
    this.#phase = 'clientInit';
  }

  #vncAuth(response: Buffer): void {
    const expected = Buffer.from(
      vncAuthResponse(this.options.password ?? '', this.#challenge ?? Buffer.alloc(16)),
    );
    if (!timingSafeEqual(expected, response)) {
      this.#securityFailure('Authentication failed');
      return;
    }
    this.#write(Buffer.alloc(4));
    this.#phase = 'clientInit';
  }

  /** SecurityResult "failed"; 3.8 adds the reason string (§7.1.3). Then the server closes. */
  #securityFailure(reason: string): void {
    const result = Buffer.alloc(4);
    result.writeUInt32BE(1, 0);
    if (this.#minor === 8) {
      const text = Buffer.from(reason, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(text.length, 0);
      this.#write(Buffer.concat([result, length, text]));
    } else this.#write(result);
    this.close(reason);
  }

  #clientInit(shared: boolean): void {
    // QEMU's default share policy (allow-exclusive) and Xvnc's -DisconnectClients both drop the other
    // viewers when a client asks not to share.
    if (!shared) this.options.onExclusive?.();
    const { screen } = this.options;
    const name = Buffer.from(this.options.desktopName, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt16BE(screen.width, 0);
    head.writeUInt16BE(screen.height, 2);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(name.length, 0);
    this.#clientWidth = screen.width;
    this.#clientHeight = screen.height;
    this.#write(Buffer.concat([head, writePixelFormat(SERVER_PIXEL_FORMAT), length, name]));
    this.#phase = 'normal';
    this.options.onReady?.();
  }

  // --- Client-to-server messages (§7.5) ---

  #message(data: Buffer): boolean {
    if (data.length === 0) return false;
    const type = data.readUInt8(0);
    switch (type) {
      case CLIENT.SetPixelFormat:
        return this.#consume(20, () => {
          const format = readPixelFormat(data, 4);
          if (!supportedPixelFormat(format)) throw new RfbProtocolError('unsupported pixel format');
          this.#wanted = { ...this.#wanted, format, formatKey: writePixelFormat(format).toString('hex') };
          this.#forgetSent();
        });
      case CLIENT.SetEncodings: {
        if (data.length < 4) return false;
        const count = data.readUInt16BE(2);
        return this.#consume(4 + 4 * count, () => {
          const list = Array.from({ length: count }, (_, i) => data.readInt32BE(4 + 4 * i));
          this.#setEncodings(list);
        });
      }
      case CLIENT.FramebufferUpdateRequest:
        return this.#consume(10, () => {
          this.#request = {
            incremental: data.readUInt8(1) !== 0,
            x: data.readUInt16BE(2),
            y: data.readUInt16BE(4),
            w: data.readUInt16BE(6),
            h: data.readUInt16BE(8),
          };
          this.flush();
        });
      case CLIENT.KeyEvent:
        return this.#consume(8, () => {
          this.options.onInteraction?.();
          this.options.screen.key(data.readUInt32BE(4), data.readUInt8(1) !== 0);
        });
      case CLIENT.PointerEvent:
        return this.#consume(6, () => {
          this.options.onInteraction?.();
          this.options.screen.pointer(data.readUInt16BE(2), data.readUInt16BE(4), data.readUInt8(1));
        });
      case CLIENT.ClientCutText: {
        if (data.length < 8) return false;
        // A negative length is the extended clipboard, which this server never announced.
        const length = data.readInt32BE(4);
        if (length < 0 || length > MAX_CUT_TEXT) throw new RfbProtocolError('bad ClientCutText length');
        return this.#consume(8 + length, () => this.options.onInteraction?.());
      }
      case CLIENT.SetDesktopSize: {
        if (!this.#extendedDesktopSize)
          throw new RfbProtocolError('SetDesktopSize without ExtendedDesktopSize');
        if (data.length < 8) return false;
        const screens = data.readUInt8(6);
        return this.#consume(8 + 16 * screens, () =>
          this.#setDesktopSize(data.readUInt16BE(2), data.readUInt16BE(4), screens),
        );
      }
      default:
        // Message lengths depend on the type, so an unknown type leaves the stream unreadable.
        throw new RfbProtocolError(`unknown message type ${type}`);
    }
  }

  #setEncodings(list: number[]): void {
    const encoding = list.find((e) => PIXEL_ENCODINGS.includes(e)) ?? ENCODING.Raw;
    const level = list.find((e) => e >= ENCODING.CompressLevel0 && e <= ENCODING.CompressLevel0 + 9);
    this.#wanted = {
      ...this.#wanted,
      encoding,
      ...(level === undefined ? {} : { level: Math.max(1, level - ENCODING.CompressLevel0) }),
    };
    this.#desktopSize = list.includes(ENCODING.DesktopSize);
    const extended = list.includes(ENCODING.ExtendedDesktopSize);
    if (extended && !this.#extendedDesktopSize) this.#owedExtended = { reason: 0, status: 0 };
    this.#extendedDesktopSize = extended;
  }

  #setDesktopSize(width: number, height: number, screens: number): void {
    const ok = screens >= 1 && this.options.screen.resize(width, height);
    // The requester learns the outcome (reason 1); the others see the new size with reason 2 when the
    // screen's change reaches them through their own update.
    this.#owedExtended = { reason: 1, status: ok ? 0 : 3 };
    this.flush();
  }

  // --- Server-to-client updates (§7.6.1) ---

  #sendUpdate(request: Request): void {
    const frame = this.options.screen.frame();
    const { width, height } = frame;
    const parts: Buffer[] = [];
    let count = 0;
    const resized = width !== this.#clientWidth || height !== this.#clientHeight;
    if (resized || this.#owedExtended) {
      if (this.#extendedDesktopSize) {
        const owed = this.#owedExtended ?? { reason: 2 as const, status: 0 as const };
        parts.push(extendedDesktopSize(owed.reason, owed.status, width, height, 0));
        count++;
      } else if (resized && this.#desktopSize) {
        parts.push(rectHeader(0, 0, width, height, ENCODING.DesktopSize));
        count++;
      } else if (resized) {
        throw new RfbProtocolError('the client cannot follow a desktop resize');
      }
      this.#owedExtended = undefined;
      if (resized) {
        this.#clientWidth = width;
        this.#clientHeight = height;
        this.#forgetSent();
      }
    }

    const region = resized ? { x: 0, y: 0, w: width, h: height } : clip(request, width, height);
    let rects: Rect[];
    if (request.incremental && this.#known) rects = this.#staleRects(frame, region);
    else rects = region.w > 0 && region.h > 0 ? [region] : [];
    // Nothing new for an incremental request: hold it until the screen changes (RFC 6143 §7.5.3).
    if (count === 0 && rects.length === 0 && request.incremental) return;
    for (const rect of rects) {
      let encoded = encodedRect(frame, rect, this.#wanted);
      if (this.#wanted.encoding === ENCODING.Zlib && !this.#zlibStarted) {
        encoded = withZlibHeader(encoded, this.#wanted.level);
        this.#zlibStarted = true;
      }
      parts.push(encoded);
      this.#markSent(frame, rect);
      count++;
    }
    const head = Buffer.alloc(4);
    head.writeUInt16BE(count, 2);
    this.#request = undefined;
    this.stats.updates++;
    this.stats.rects += rects.length;
    this.#write(head, ...parts);
  }

  /** The client's framebuffer no longer matches anything sent (new size or pixel format). */
  #forgetSent(): void {
    this.#known = undefined;
    this.#partial.clear();
  }

  /**
   * The tiles of `region` (clipped to it) whose pixels changed since this client was sent them, runs of
   * adjacent tiles in a row merged: the tile versions of the frame against the client's.
   */
  #staleRects(frame: Frame, region: Rect): Rect[] {
    const known = this.#known as Uint32Array;
    const rects: Rect[] = [];
    const right = region.x + region.w;
    const bottom = region.y + region.h;
    for (let ty = region.y - (region.y % TILE); ty < bottom; ty += TILE) {
      let run: Rect | undefined;
      for (let tx = region.x - (region.x % TILE); tx < right; tx += TILE) {
        const tile = (ty / TILE) * frame.columns + tx / TILE;
        const version = frame.tileVersions[tile] as number;
        const part = intersect({ x: tx, y: ty, w: TILE, h: TILE }, region);
        const partial = this.#partial.get(tile);
        if (
          (known[tile] as number) >= version ||
          (partial !== undefined && partial.version >= version && contains(partial, part))
        ) {
          run = undefined;
          continue;
        }
        if (run && run.x + run.w === part.x) run.w += part.w;
        else {
          run = part;
          rects.push(run);
        }
      }
    }
    return rects;
  }

  /** Records that the client now holds `rect` of `frame`: whole tiles by version, parts of tiles as parts. */
  #markSent(frame: Frame, rect: Rect): void {
    this.#known ??= new Uint32Array(frame.tileVersions.length);
    const screen = { x: 0, y: 0, w: frame.width, h: frame.height };
    for (let ty = rect.y - (rect.y % TILE); ty < rect.y + rect.h; ty += TILE) {
      for (let tx = rect.x - (rect.x % TILE); tx < rect.x + rect.w; tx += TILE) {
        const tile = (ty / TILE) * frame.columns + tx / TILE;
        const whole = intersect({ x: tx, y: ty, w: TILE, h: TILE }, screen);
        const part = intersect(whole, rect);
        if (part.w === whole.w && part.h === whole.h) {
          this.#known[tile] = frame.version;
          this.#partial.delete(tile);
        } else this.#partial.set(tile, { ...part, version: frame.version });
      }
    }
  }
}

function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.min(a.x + a.w, b.x + b.w) - x, h: Math.min(a.y + a.h, b.y + b.h) - y };
}

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

function clip(request: Request, width: number, height: number): Rect {
  const x = Math.min(request.x, width);
  const y = Math.min(request.y, height);
  return { x, y, w: Math.min(request.w, width - x), h: Math.min(request.h, height - y) };
}
