import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { constants, createInflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClock } from '../../emulator/clock.ts';
import { desEncryptBlock, vncAuthResponse } from '../../emulator/console/des.ts';
import { encodePixels } from '../../emulator/console/encodings.ts';
import {
  COLOURS,
  changedRects,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  formatClock,
  Screen,
} from '../../emulator/console/screen.ts';
import { useEmulator } from '../helpers.ts';
import { type Rect, RfbClient } from './rfb-client.ts';
import { aliyun, aliyunSocketUrl, aliyunVncUrl, huawei, huaweiConsoleUrl, wsBase } from './support.ts';

const pixels = (rect: Rect | undefined) => rect?.pixels ?? Buffer.alloc(0);
const clock = () => createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true });
/** The centre of colour bar `i` (the bars span the top eighth of the card). */
const bar = (i: number) => ({ x: Math.floor(((i + 0.5) * DEFAULT_WIDTH) / 7), y: 20 });

describe('DES for VNC Authentication', () => {
  it('encrypts the FIPS 46 worked example', () => {
    const out = desEncryptBlock(
      Buffer.from('133457799bbcdff1', 'hex'),
      Buffer.from('0123456789abcdef', 'hex'),
    );
    expect(Buffer.from(out).toString('hex')).toBe('85e813540f0ab405');
  });

  it("answers a challenge as noVNC's own DES does (mirrored key bits)", async () => {
    // noVNC's DES class takes the password bytes and mirrors them itself, as every VNC client does.
    const desModule = createRequire(import.meta.url)
      .resolve('@novnc/novnc')
      .replace(/rfb\.js$/, 'crypto/des.js');
    const { DESECBCipher } = (await import(desModule)) as {
      DESECBCipher: {
        importKey(key: Uint8Array): Promise<{ encrypt(a: unknown, d: Uint8Array): Uint8Array }>;
      };
    };
    const challenge = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff);
    const cipher = await DESECBCipher.importKey(new TextEncoder().encode('Demo12\0\0'));
    expect(Buffer.from(vncAuthResponse('Demo12', challenge))).toEqual(
      Buffer.from(cipher.encrypt({ name: 'DES-ECB' }, challenge)),
    );
  });
});

describe('the test card', () => {
  const screen = () => new Screen({ title: 'T', kind: 'server', id: 'id-1', name: 'one' }, clock());

  it('turns key presses into text: printable keysyms, Return, Tab, keypad digits, BackSpace; releases ignored', () => {
    const card = screen();
    for (const keysym of [0x48, 0x69, 0xff0d, 0xffb4, 0xffb2, 0xff09, 0x78, 0xff08, 0xffe1, 0xe9])
      card.key(keysym, true);
    card.key(0x41, false);
    expect(card.typed).toBe('Hi\n42    é');
  });

  it('shows the emulator clock and follows it when advanced', () => {
    expect(formatClock(Date.parse('2026-03-02T04:00:00.000Z'))).toBe('2026-03-02 04:00:00 UTC');
    const c = clock();
    const card = new Screen({ title: 'T', kind: 'server', id: 'id-1', name: 'one' }, c);
    const before = Uint32Array.from(card.pixels());
    let changes = 0;
    card.onChange(() => changes++);
    card.tick();
    expect(changes).toBe(0);
    c.advance('1s');
    card.tick();
    expect(changes).toBe(1);
    expect(card.pixels()).not.toEqual(before);
  });

  it('keeps desktop sizes within 64–4096 pixels a side', () => {
    const card = screen();
    expect(card.resize(10, 10)).toBe(false);
    expect(card.resize(5000, 600)).toBe(false);
    expect(card.resize(640, 480)).toBe(true);
    expect(card.pixels()).toHaveLength(640 * 480);
  });
});

describe('changed tiles', () => {
  it('finds a single changed pixel in whichever tile holds it, corners and clipped regions included', () => {
    const [width, height] = [DEFAULT_WIDTH, DEFAULT_HEIGHT];
    const sent = new Uint32Array(width * height).fill(COLOURS.background);
    const regions = [
      { x: 0, y: 0, w: width, h: height },
      { x: 10, y: 5, w: 200, h: 130 },
    ];
    for (const region of regions) {
      const corners = [
        [region.x, region.y],
        [region.x + 63, region.y],
        [region.x + 64, region.y + 63],
        [region.x + 63, region.y + 64],
        [region.x + region.w - 1, region.y + region.h - 1],
      ];
      for (const [x, y] of corners as Array<[number, number]>) {
        const now = Uint32Array.from(sent);
        now[y * width + x] = COLOURS.typed;
        const tx = region.x + Math.floor((x - region.x) / 64) * 64;
        const ty = region.y + Math.floor((y - region.y) / 64) * 64;
        const tile = {
          x: tx,
          y: ty,
          w: Math.min(64, region.x + region.w - tx),
          h: Math.min(64, region.y + region.h - ty),
        };
        expect(changedRects(now, sent, width, region)).toEqual([tile]);
      }
      expect(changedRects(Uint32Array.from(sent), sent, width, region)).toEqual([]);
    }
  });
});

describe('pixel formats', () => {
  it('writes any true-colour format a client sets, e.g. 16-bit RGB565 big-endian', () => {
    const rgb565 = {
      bitsPerPixel: 16,
      depth: 16,
      bigEndian: true,
      trueColour: true,
      redMax: 31,
      greenMax: 63,
      blueMax: 31,
      redShift: 11,
      greenShift: 5,
      blueShift: 0,
    };
    const pixels = Uint32Array.of(0xbf0000, 0x00bf00, 0x0000bf, 0xffffff);
    const out = encodePixels(pixels, 4, { x: 0, y: 0, w: 4, h: 1 }, rgb565);
    expect(out.toString('hex')).toBe('b80005e00017ffff');
  });
});

/** The Raw pixels of a whole frame, from a fresh viewer. */
async function fullFrame(url: string): Promise<Buffer> {
  const raw = await RfbClient.open(url);
  await raw.handshake();
  raw.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  const [rect] = await raw.readUpdate();
  raw.close();
  return pixels(rect);
}

/** A FramebufferUpdate of Zlib rectangles, each with its compressed data as it came (nothing inflated). */
async function readZlibUpdate(client: RfbClient) {
  const head = await client.read(4);
  const rects: Array<Rect & { data: Buffer }> = [];
  for (let i = 0; i < head.readUInt16BE(2); i++) {
    const h = await client.read(12);
    expect(h.readInt32BE(8)).toBe(6);
    const len = (await client.read(4)).readUInt32BE(0);
    const data = Buffer.from(await client.read(len));
    rects.push({
      x: h.readUInt16BE(0),
      y: h.readUInt16BE(2),
      w: h.readUInt16BE(4),
      h: h.readUInt16BE(6),
      encoding: 6,
      data,
    });
  }
  return rects;
}

/** One viewer's zlib stream, as an RFB client keeps it: fed each rectangle's data, giving its pixels. */
function inflater() {
  const stream = createInflate();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return async (data: Buffer | undefined): Promise<Buffer> => {
    stream.write(data ?? Buffer.alloc(0));
    await new Promise<void>((resolve) => stream.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(chunks.splice(0));
  };
}

describe('RFB over the websocket, by hand', () => {
  const emu = useEmulator({ clock: clock() });
  const huaweiSocket = async () => {
    const url = await huaweiConsoleUrl(emu.current);
    return `${wsBase(emu.current)}/websockify?token=${url.searchParams.get('token')}`;
  };

  describe('handshake', () => {
    it('3.8 with security None: types [1], SecurityResult 0, ServerInit with size, pixel format and name', async () => {
      const ws = await RfbClient.open(await huaweiSocket());
      expect(ws.protocol).toBe('binary');
      expect((await ws.read(12)).toString('latin1')).toBe('RFB 003.008\n');
      ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
      expect([...(await ws.read(2))]).toEqual([1, 1]);
      ws.send([1]);
      expect((await ws.read(4)).readUInt32BE(0)).toBe(0);
      ws.send([1]);
      const init = await ws.read(24);
      expect(init.readUInt16BE(0)).toBe(DEFAULT_WIDTH);
      expect(init.readUInt16BE(2)).toBe(DEFAULT_HEIGHT);
      expect([...init.subarray(4, 17)]).toEqual([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0]);
      expect((await ws.read(init.readUInt32BE(20))).toString()).toBe('demo-active');
      ws.close();
    });

    it('3.7 with None goes straight to ClientInit; 3.3 gets the type as a 32-bit number', async () => {
      const v37 = await RfbClient.open(await huaweiSocket());
      expect((await v37.handshake({ version: '003.007' })).width).toBe(DEFAULT_WIDTH);
      v37.close();
      const v33 = await RfbClient.open(await huaweiSocket());
      expect((await v33.handshake({ version: '003.003' })).name).toBe('demo-active');
      v33.close();
    });

    it('VNC Authentication with the right password: challenge, SecurityResult 0, ServerInit', async () => {
      const ws = await RfbClient.open(aliyunSocketUrl(await aliyunVncUrl(emu.current)));
      const init = await ws.handshake({ password: aliyun.password });
      expect(init.name).toBe(aliyun.running);
      ws.close();
    });

    it('VNC Authentication with a wrong password: SecurityResult 1, the 3.8 reason, then the connection closes', async () => {
      const ws = await RfbClient.open(aliyunSocketUrl(await aliyunVncUrl(emu.current)));
      await ws.read(12);
      ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
      expect([...(await ws.read(2))]).toEqual([1, 2]);
      ws.send([2]);
      ws.send(Buffer.from(vncAuthResponse('Wrong1', await ws.read(16))));
      expect((await ws.read(4)).readUInt32BE(0)).toBe(1);
      const length = (await ws.read(4)).readUInt32BE(0);
      expect((await ws.read(length)).toString()).toBe('Authentication failed');
      expect(await ws.closed).toEqual({ code: 1000, reason: 'Target closed' });
    });

    it('3.3 with a wrong password gets SecurityResult 1 without a reason', async () => {
      const ws = await RfbClient.open(aliyunSocketUrl(await aliyunVncUrl(emu.current)));
      await ws.read(12);
      ws.send(Buffer.from('RFB 003.003\n', 'latin1'));
      expect((await ws.read(4)).readUInt32BE(0)).toBe(2);
      ws.send(Buffer.from(vncAuthResponse('Wrong1', await ws.read(16))));
      expect((await ws.read(4)).readUInt32BE(0)).toBe(1);
      expect((await ws.closed).code).toBe(1000);
      expect(ws.pending).toBe(0);
    });
  });

  describe('framebuffer updates', () => {
    it('answers a full request with Raw: the colour bars of the test card', async () => {
      const ws = await RfbClient.open(await huaweiSocket());
      await ws.handshake();
      ws.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const [rect] = await ws.readUpdate();
      expect(rect).toMatchObject({ x: 0, y: 0, w: DEFAULT_WIDTH, h: DEFAULT_HEIGHT, encoding: 0 });
      COLOURS.bars.forEach((colour, i) => {
        const { x, y } = bar(i);
        expect(pixels(rect).readUInt32LE((y * DEFAULT_WIDTH + x) * 4) & 0xffffff).toBe(colour);
      });
      ws.close();
    });

    it('uses Zlib when the client prefers it, one stream across rectangles, same pixels as Raw', async () => {
      const raw = await RfbClient.open(await huaweiSocket());
      await raw.handshake();
      raw.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const [plain] = await raw.readUpdate();
      const ws = await RfbClient.open(await huaweiSocket());
      await ws.handshake();
      ws.setEncodings([6, 0]);
      ws.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const [zlib] = await ws.readUpdate();
      expect(zlib?.encoding).toBe(6);
      expect(pixels(zlib).equals(pixels(plain))).toBe(true);
      // A second rectangle continues the same zlib stream.
      ws.requestUpdate(false, 0, 0, 64, 64);
      const [again] = await ws.readUpdate();
      expect(
        again?.pixels?.equals(
          Buffer.concat(
            [...Array(64)].map((_, row) =>
              pixels(plain).subarray(row * DEFAULT_WIDTH * 4, row * DEFAULT_WIDTH * 4 + 256),
            ),
          ),
        ),
      ).toBe(true);
      raw.close();
      ws.close();
    });

    it('shares Zlib blocks between viewers: a later viewer gets the same bytes, its first with the zlib header, and its own inflate stream reads them', async () => {
      const bUrl = await huaweiSocket();
      const expected = await fullFrame(await huaweiSocket());
      const a = await RfbClient.open(await huaweiSocket());
      await a.handshake();
      a.setEncodings([6, 0]);
      const aInflate = inflater();
      a.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const [aFrame] = await readZlibUpdate(a);
      expect((await aInflate(aFrame?.data)).equals(expected)).toBe(true);
      a.requestUpdate(false, 0, 0, 64, 64);
      const [aTile] = await readZlibUpdate(a);

      const b = await RfbClient.open(bUrl);
      await b.handshake();
      b.setEncodings([6, 0]);
      const bInflate = inflater();
      b.requestUpdate(false, 0, 0, 64, 64);
      const [bTile] = await readZlibUpdate(b);
      // b's stream starts here: the zlib header (level 6), then the very block a got mid-stream.
      expect(bTile?.data.subarray(0, 2)).toEqual(Buffer.from([0x78, 0x9c]));
      expect(bTile?.data.subarray(2)).toEqual(aTile?.data);
      const tile = Buffer.concat(
        [...Array(64)].map((_, row) =>
          expected.subarray(row * DEFAULT_WIDTH * 4, row * DEFAULT_WIDTH * 4 + 256),
        ),
      );
      expect((await aInflate(aTile?.data)).equals(tile)).toBe(true);
      expect((await bInflate(bTile?.data)).equals(tile)).toBe(true);

      b.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const [bFrame] = await readZlibUpdate(b);
      expect(bFrame?.data.equals(aFrame?.data.subarray(2) ?? Buffer.alloc(0))).toBe(true);
      expect((await bInflate(bFrame?.data)).equals(expected)).toBe(true);

      // A change reaches both as the same blocks, each read on from where its own stream is.
      for (const c of [a, b]) c.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      a.pointer(100, 700, 1);
      const [aRects, bRects] = await Promise.all([readZlibUpdate(a), readZlibUpdate(b)]);
      expect(bRects.map((r) => r.data)).toEqual(aRects.map((r) => r.data));
      expect(aRects.length).toBeGreaterThan(0);
      const now =
        emu.current.emulator.consoles.screen('huawei', huawei.active)?.pixels() ?? new Uint32Array();
      const screen = Buffer.from(now.buffer, now.byteOffset, now.byteLength);
      for (const rect of aRects) {
        const shown = Buffer.concat(
          [...Array(rect.h)].map((_, row) => {
            const start = ((rect.y + row) * DEFAULT_WIDTH + rect.x) * 4;
            return screen.subarray(start, start + rect.w * 4);
          }),
        );
        expect((await aInflate(rect.data)).equals(shown)).toBe(true);
        expect((await bInflate(rect.data)).equals(shown)).toBe(true);
      }
      a.close();
      b.close();
    });

    it('holds an incremental request until something changes, then sends only the changed tiles', async () => {
      const ws = await RfbClient.open(await huaweiSocket());
      await ws.handshake();
      ws.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      await ws.readUpdate();
      ws.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      ws.type('hi');
      const rects = await ws.readUpdate();
      expect(rects.length).toBeGreaterThan(0);
      for (const r of rects) expect(r.w * r.h).toBeLessThan(DEFAULT_WIDTH * DEFAULT_HEIGHT);
      await expect
        .poll(() => emu.current.emulator.consoles.screen('huawei', huawei.active)?.typed)
        .toBe('hi');
      ws.close();
    });

    it('redraws the emulator clock when it ticks over a second', async () => {
      const ws = await RfbClient.open(await huaweiSocket());
      await ws.handshake();
      ws.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      await ws.readUpdate();
      ws.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      emu.current.emulator.clock.advance('1s');
      emu.current.emulator.consoles.tick();
      const rects = await ws.readUpdate();
      expect(rects.length).toBeGreaterThan(0);
      ws.close();
    });

    it('two viewers of one server share its screen; the pointer leaves a mark both see', async () => {
      const a = await RfbClient.open(await huaweiSocket());
      const b = await RfbClient.open(await huaweiSocket());
      await a.handshake();
      await b.handshake();
      b.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      await b.readUpdate();
      b.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      a.pointer(700, 600, 1);
      a.pointer(700, 600, 0);
      const rects = await b.readUpdate();
      const hit = rects.find((r) => r.x <= 700 && 700 < r.x + r.w && r.y <= 600 && 600 < r.y + r.h);
      expect(hit).toBeDefined();
      const offset = ((600 - (hit?.y ?? 0)) * (hit?.w ?? 0) + (700 - (hit?.x ?? 0))) * 4;
      expect(pixels(hit).readUInt32LE(offset) & 0xffffff).toBe(COLOURS.mark);
      a.close();
      b.close();
    });

    it('an exclusive ClientInit (shared-flag 0) disconnects the other viewers', async () => {
      const a = await RfbClient.open(await huaweiSocket());
      await a.handshake();
      const b = await RfbClient.open(await huaweiSocket());
      await b.handshake({ shared: false });
      expect((await a.closed).code).toBe(1000);
      b.close();
    });

    it('resizes on SetDesktopSize once ExtendedDesktopSize was announced; other viewers learn it with reason 2', async () => {
      const a = await RfbClient.open(await huaweiSocket());
      const b = await RfbClient.open(await huaweiSocket());
      await a.handshake();
      await b.handshake();
      for (const c of [a, b]) {
        c.setEncodings([0, -223, -308]);
        c.requestUpdate(false, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        const [announce] = await c.readUpdate();
        expect(announce).toMatchObject({ x: 0, y: 0, w: DEFAULT_WIDTH, h: DEFAULT_HEIGHT, encoding: -308 });
      }
      b.requestUpdate(true, 0, 0, DEFAULT_WIDTH, DEFAULT_HEIGHT);
      const resize = (w: number, h: number) => {
        const msg = Buffer.alloc(24);
        msg.writeUInt8(251, 0);
        msg.writeUInt16BE(w, 2);
        msg.writeUInt16BE(h, 4);
        msg.writeUInt8(1, 6);
        msg.writeUInt16BE(w, 16);
        msg.writeUInt16BE(h, 18);
        a.send(msg);
        a.requestUpdate(true, 0, 0, w, h);
      };
      resize(10, 10);
      expect((await a.readUpdate())[0]).toMatchObject({ x: 1, y: 3, w: DEFAULT_WIDTH, h: DEFAULT_HEIGHT });
      resize(800, 600);
      const mine = await a.readUpdate();
      expect(mine[0]).toMatchObject({ x: 1, y: 0, w: 800, h: 600, encoding: -308 });
      expect(mine[1]).toMatchObject({ x: 0, y: 0, w: 800, h: 600, encoding: 0 });
      const theirs = await b.readUpdate();
      expect(theirs[0]).toMatchObject({ x: 2, y: 0, w: 800, h: 600, encoding: -308 });
      emu.current.emulator.consoles.screen('huawei', huawei.active)?.resize(DEFAULT_WIDTH, DEFAULT_HEIGHT);
      a.close();
      b.close();
    });
  });

  describe('bad input never crashes the process: the socket is closed', () => {
    const expectStillServing = async () =>
      expect((await fetch(`${emu.current.url}/vnc_auto.html`)).status).toBe(200);

    it('an unknown websocket path gets 404 on the upgrade', async () => {
      await expect(RfbClient.open(`${wsBase(emu.current)}/nowhere?token=x`)).rejects.toThrow(/404/);
      await expectStillServing();
    });

    it('a garbage or unsupported protocol version', async () => {
      for (const version of ['HELLO WORLD!', 'RFB 004.000\n', '\0\0\0\0\0\0\0\0\0\0\0\0']) {
        const ws = await RfbClient.open(await huaweiSocket());
        await ws.read(12);
        ws.send(Buffer.from(version, 'latin1'));
        expect(await ws.closed).toEqual({ code: 1000, reason: 'Target closed' });
      }
      await expectStillServing();
    });

    it('an unknown message type, a security type not offered, an absurd clipboard, text frames', async () => {
      const unknown = await RfbClient.open(await huaweiSocket());
      await unknown.handshake();
      unknown.send([99, 1, 2, 3]);
      expect((await unknown.closed).code).toBe(1000);

      const notOffered = await RfbClient.open(await huaweiSocket());
      await notOffered.read(12);
      notOffered.send(Buffer.from('RFB 003.008\n', 'latin1'));
      await notOffered.read(2);
      notOffered.send([2]);
      expect((await notOffered.read(4)).readUInt32BE(0)).toBe(1);
      expect((await notOffered.closed).code).toBe(1000);

      const clipboard = await RfbClient.open(await huaweiSocket());
      await clipboard.handshake();
      clipboard.send([6, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
      expect((await clipboard.closed).code).toBe(1000);

      const text = await RfbClient.open(await huaweiSocket());
      await text.read(12);
      text.ws.send('garbage that is not RFB');
      expect((await text.closed).code).toBe(1000);
      await expectStillServing();
    });

    it('random bytes after the handshake (seeded): each connection ends or carries on, the server stays up', async () => {
      let seed = 42;
      const random = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x80000000;
      };
      for (let round = 0; round < 20; round++) {
        const ws = await RfbClient.open(await huaweiSocket());
        await ws.handshake();
        const length = 1 + Math.floor(random() * 64);
        ws.send(Array.from({ length }, () => Math.floor(random() * 256)));
        ws.requestUpdate(false, 0, 0, 1, 1);
        await Promise.race([ws.closed, ws.read(4).catch(() => undefined)]);
        ws.close();
      }
      await expectStillServing();
    });

    it('a client that never speaks does not block others; a raw non-websocket upgrade is refused', async () => {
      const silent = new WebSocket(await huaweiSocket());
      await new Promise((resolve) => silent.once('open', resolve));
      const ws = await RfbClient.open(await huaweiSocket());
      await ws.handshake();
      ws.close();
      silent.terminate();
      // An upgrade without Sec-WebSocket-Key, on a raw socket: ws answers 400 and closes.
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(emu.current.port, '127.0.0.1', () =>
          socket.write(
            'GET /websockify?token=x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
          ),
        );
        let text = '';
        socket.on('data', (d) => {
          text += d.toString();
        });
        socket.on('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      await expectStillServing();
    });
  });
});
