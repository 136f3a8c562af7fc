import { constants, inflateSync } from 'node:zlib';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { vncAuthResponse } from '../../emulator/console/des.ts';

export interface Closed {
  code: number;
  reason: string;
}

export interface ServerInit {
  width: number;
  height: number;
  pixelFormat: Buffer;
  name: string;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  encoding: number;
  /** Decoded pixels (Raw or Zlib), 4 bytes each in the client's pixel format; pseudo-encodings have none. */
  pixels?: Buffer;
  /** The body of a pseudo-rectangle (ExtendedDesktopSize). */
  body?: Buffer;
}

/**
 * A minimal RFB client over a websocket, written from RFC 6143 for the tests: it reads exact byte counts, so a
 * test can check every field the server sends.
 */
export class RfbClient {
  #buffer = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  #zlibInput = Buffer.alloc(0);
  #zlibOutput = 0;
  readonly protocol: string;
  readonly closed: Promise<Closed>;
  closedWith: Closed | undefined;

  private constructor(readonly ws: WebSocket) {
    this.protocol = ws.protocol;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    ws.on('message', (data: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, data]);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Opens the websocket; resolves once it is open (or rejects when the upgrade fails). */
  static open(url: string, options: { protocols?: string[]; headers?: Record<string, string> } = {}) {
    return new Promise<RfbClient>((resolve, reject) => {
      const ws = new WebSocket(url, options.protocols ?? ['binary'], { headers: options.headers ?? {} });
      ws.on('error', reject);
      ws.on('open', () => {
        ws.off('error', reject);
        ws.on('error', () => undefined);
        resolve(new RfbClient(ws));
      });
    });
  }

  /** Resolves with exactly `n` bytes; rejects if the connection closes first. */
  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n) {
      if (this.closedWith) throw new Error(`closed (${this.closedWith.code}) while waiting for ${n} bytes`);
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** Bytes received but not read yet. */
  get pending(): number {
    return this.#buffer.length;
  }

  send(bytes: Buffer | number[]): void {
    this.ws.send(Buffer.from(bytes));
  }

  /** Version 3.8 (or another), the offered security type, VNC auth when it is offered, ClientInit. */
  async handshake(
    options: { version?: string; password?: string; shared?: boolean } = {},
  ): Promise<ServerInit> {
    expect((await this.read(12)).toString('latin1')).toBe('RFB 003.008\n');
    const version = options.version ?? '003.008';
    this.send(Buffer.from(`RFB ${version}\n`, 'latin1'));
    let type: number;
    if (version === '003.003') type = (await this.read(4)).readUInt32BE(0);
    else {
      const count = (await this.read(1)).readUInt8(0);
      const types = [...(await this.read(count))];
      type = types[0] as number;
      this.send([type]);
    }
    if (type === 2) {
      const challenge = await this.read(16);
      this.send(Buffer.from(vncAuthResponse(options.password ?? '', challenge)));
      const result = (await this.read(4)).readUInt32BE(0);
      if (result !== 0) {
        const reason =
          version === '003.008' ? (await this.read((await this.read(4)).readUInt32BE(0))).toString() : '';
        throw new Error(`security failure: ${reason}`);
      }
    } else if (version === '003.008') {
      expect((await this.read(4)).readUInt32BE(0)).toBe(0);
    }
    this.send([options.shared === false ? 0 : 1]);
    const head = await this.read(24);
    const name = await this.read(head.readUInt32BE(20));
    return {
      width: head.readUInt16BE(0),
      height: head.readUInt16BE(2),
      pixelFormat: head.subarray(4, 20),
      name: name.toString('utf8'),
    };
  }

  setEncodings(encodings: number[]): void {
    const out = Buffer.alloc(4 + 4 * encodings.length);
    out.writeUInt8(2, 0);
    out.writeUInt16BE(encodings.length, 2);
    encodings.forEach((e, i) => {
      out.writeInt32BE(e, 4 + 4 * i);
    });
    this.send(out);
  }

  requestUpdate(incremental: boolean, x: number, y: number, w: number, h: number): void {
    const out = Buffer.alloc(10);
    out.writeUInt8(3, 0);
    out.writeUInt8(incremental ? 1 : 0, 1);
    out.writeUInt16BE(x, 2);
    out.writeUInt16BE(y, 4);
    out.writeUInt16BE(w, 6);
    out.writeUInt16BE(h, 8);
    this.send(out);
  }

  key(keysym: number, down = true): void {
    const out = Buffer.alloc(8);
    out.writeUInt8(4, 0);
    out.writeUInt8(down ? 1 : 0, 1);
    out.writeUInt32BE(keysym, 4);
    this.send(out);
  }

  type(text: string): void {
    for (const ch of text) {
      this.key(ch.charCodeAt(0), true);
      this.key(ch.charCodeAt(0), false);
    }
  }

  pointer(x: number, y: number, buttons: number): void {
    const out = Buffer.alloc(6);
    out.writeUInt8(5, 0);
    out.writeUInt8(buttons, 1);
    out.writeUInt16BE(x, 2);
    out.writeUInt16BE(y, 4);
    this.send(out);
  }

  /** Reads one FramebufferUpdate, decoding Raw and Zlib rectangles (32 bits per pixel). */
  async readUpdate(): Promise<Rect[]> {
    const head = await this.read(4);
    expect(head.readUInt8(0)).toBe(0);
    const count = head.readUInt16BE(2);
    const rects: Rect[] = [];
    for (let i = 0; i < count; i++) {
      const h = await this.read(12);
      const rect: Rect = {
        x: h.readUInt16BE(0),
        y: h.readUInt16BE(2),
        w: h.readUInt16BE(4),
        h: h.readUInt16BE(6),
        encoding: h.readInt32BE(8),
      };
      if (rect.encoding === 0) rect.pixels = Buffer.from(await this.read(rect.w * rect.h * 4));
      else if (rect.encoding === 6) {
        const data = await this.read((await this.read(4)).readUInt32BE(0));
        // One zlib stream for the connection: inflate all of it, keep what is new.
        this.#zlibInput = Buffer.concat([this.#zlibInput, data]);
        const all = inflateSync(this.#zlibInput, { finishFlush: constants.Z_SYNC_FLUSH });
        rect.pixels = all.subarray(this.#zlibOutput);
        this.#zlibOutput = all.length;
      } else if (rect.encoding === -308) {
        const screens = (await this.read(4)).readUInt8(0);
        rect.body = Buffer.from(await this.read(16 * screens));
      } else if (rect.encoding !== -223) throw new Error(`unexpected encoding ${rect.encoding}`);
      rects.push(rect);
    }
    return rects;
  }

  close(): void {
    this.ws.close();
  }
}
