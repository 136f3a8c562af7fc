import { endianness } from 'node:os';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import type { Frame, Rect } from './screen.ts';

/** RFB encoding numbers (RFC 6143 §7.7, §7.8; the extended desktop size from the community registry). */
export const ENCODING = {
  Raw: 0,
  Zlib: 6,
  DesktopSize: -223,
  ExtendedDesktopSize: -308,
  /** -256 … -247: the client's preferred zlib level 0–9. */
  CompressLevel0: -256,
} as const;

/** The pixel encodings this server can write, in no particular order (the client's list decides). */
export const PIXEL_ENCODINGS: readonly number[] = [ENCODING.Raw, ENCODING.Zlib];

/** RFC 6143 §7.4: PIXEL_FORMAT. */
export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** What ServerInit announces: 32-bit little-endian 0x00RRGGBB, what QEMU's VNC server sends by default. */
export const SERVER_PIXEL_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function writePixelFormat(pf: PixelFormat): Buffer {
  const out = Buffer.alloc(16);
  out.writeUInt8(pf.bitsPerPixel, 0);
  out.writeUInt8(pf.depth, 1);
  out.writeUInt8(pf.bigEndian ? 1 : 0, 2);
  out.writeUInt8(pf.trueColour ? 1 : 0, 3);
  out.writeUInt16BE(pf.redMax, 4);
  out.writeUInt16BE(pf.greenMax, 6);
  out.writeUInt16BE(pf.blueMax, 8);
  out.writeUInt8(pf.redShift, 10);
  out.writeUInt8(pf.greenShift, 11);
  out.writeUInt8(pf.blueShift, 12);
  return out;
}

export function readPixelFormat(data: Buffer, offset: number): PixelFormat {
  return {
    bitsPerPixel: data.readUInt8(offset),
    depth: data.readUInt8(offset + 1),
    bigEndian: data.readUInt8(offset + 2) !== 0,
    trueColour: data.readUInt8(offset + 3) !== 0,
    redMax: data.readUInt16BE(offset + 4),
    greenMax: data.readUInt16BE(offset + 6),
    blueMax: data.readUInt16BE(offset + 8),
    redShift: data.readUInt8(offset + 10),
    greenShift: data.readUInt8(offset + 11),
    blueShift: data.readUInt8(offset + 12),
  };
}

/**
 * Whether this server can write `pf`. Only true colour: colour maps (SetColourMapEntries) are a relic no
 * browser client asks for, and noVNC never does.
 */
export function supportedPixelFormat(pf: PixelFormat): boolean {
  const fits = (max: number, shift: number) =>
    max > 0 && shift < pf.bitsPerPixel && max < 2 ** pf.bitsPerPixel;
  return (
    [8, 16, 32].includes(pf.bitsPerPixel) &&
    pf.trueColour &&
    fits(pf.redMax, pf.redShift) &&
    fits(pf.greenMax, pf.greenShift) &&
    fits(pf.blueMax, pf.blueShift)
  );
}

/** The pixels of a rectangle of a 0xRRGGBB framebuffer in the client's pixel format, row by row (Raw). */
export function encodePixels(
  pixels: Uint32Array,
  stride: number,
  rect: { x: number; y: number; w: number; h: number },
  pf: PixelFormat,
): Buffer {
  const bytes = pf.bitsPerPixel / 8;
  const plain8 = pf.redMax === 255 && pf.greenMax === 255 && pf.blueMax === 255;
  if (bytes === 4 && plain8 && !pf.bigEndian && LITTLE_ENDIAN_HOST) return encode32(pixels, stride, rect, pf);
  const out = Buffer.allocUnsafe(rect.w * rect.h * bytes);
  let o = 0;
  for (let row = rect.y; row < rect.y + rect.h; row++) {
    const start = row * stride + rect.x;
    for (let i = start; i < start + rect.w; i++) {
      const p = pixels[i] as number;
      let r = (p >> 16) & 0xff;
      let g = (p >> 8) & 0xff;
      let b = p & 0xff;
      if (!plain8) {
        r = Math.round((r * pf.redMax) / 255);
        g = Math.round((g * pf.greenMax) / 255);
        b = Math.round((b * pf.blueMax) / 255);
      }
      const value = ((r << pf.redShift) | (g << pf.greenShift) | (b << pf.blueShift)) >>> 0;
      if (bytes === 4) {
        if (pf.bigEndian) out.writeUInt32BE(value, o);
        else out.writeUInt32LE(value, o);
      } else if (bytes === 2) {
        if (pf.bigEndian) out.writeUInt16BE(value & 0xffff, o);
        else out.writeUInt16LE(value & 0xffff, o);
      } else out[o] = value & 0xff;
      o += bytes;
    }
  }
  return out;
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** The common case (noVNC's 32-bit little-endian true colour), written through a 32-bit view: 7× faster. */
function encode32(
  pixels: Uint32Array,
  stride: number,
  rect: { x: number; y: number; w: number; h: number },
  pf: PixelFormat,
): Buffer {
  // An unpooled buffer starts at offset 0, so a Uint32Array can view it.
  const out = Buffer.allocUnsafeSlow(rect.w * rect.h * 4);
  if (pf.redShift === 16 && pf.greenShift === 8 && pf.blueShift === 0) {
    // The framebuffer's own layout (0x00RRGGBB), what ServerInit offers: rows are copied as they are.
    const source = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    for (let row = 0; row < rect.h; row++) {
      const start = ((rect.y + row) * stride + rect.x) * 4;
      source.copy(out, row * rect.w * 4, start, start + rect.w * 4);
    }
    return out;
  }
  const view = new Uint32Array(out.buffer, out.byteOffset, rect.w * rect.h);
  let o = 0;
  for (let row = rect.y; row < rect.y + rect.h; row++) {
    const start = row * stride + rect.x;
    for (let i = start; i < start + rect.w; i++) {
      const p = pixels[i] as number;
      view[o++] =
        (((p >> 16) & 0xff) << pf.redShift) |
        (((p >> 8) & 0xff) << pf.greenShift) |
        ((p & 0xff) << pf.blueShift);
    }
  }
  return out;
}

/**
 * The pixels of a rectangle of a frame in the client's pixel format (Raw), written into `out` from `at`: each
 * palette colour is converted once, then every pixel is a table look-up.
 */
export function writeIndexed(frame: Frame, rect: Rect, pf: PixelFormat, out: Buffer, at: number): void {
  const { indices, palette, width } = frame;
  const bytes = pf.bitsPerPixel / 8;
  const table = encodePixels(palette, palette.length, { x: 0, y: 0, w: palette.length, h: 1 }, pf);
  if (bytes === 4 && (out.byteOffset + at) % 4 === 0) {
    const colours = new Uint32Array(palette.length);
    Buffer.from(colours.buffer).set(table);
    const view = new Uint32Array(out.buffer, out.byteOffset + at, rect.w * rect.h);
    let o = 0;
    for (let row = rect.y; row < rect.y + rect.h; row++) {
      const start = row * width + rect.x;
      for (let i = start; i < start + rect.w; i++) view[o++] = colours[indices[i] as number] as number;
    }
    return;
  }
  let o = at;
  for (let row = rect.y; row < rect.y + rect.h; row++) {
    const start = row * width + rect.x;
    for (let i = start; i < start + rect.w; i++) {
      const from = (indices[i] as number) * bytes;
      for (let b = 0; b < bytes; b++) out[o++] = table[from + b] as number;
    }
  }
}

/**
 * Zlib-encoding data (RFC 6143 §7.7.3 lists it; the format is the RealVNC one) that any viewer can take: RFB
 * keeps ONE zlib stream per connection, but a raw deflate block from a fresh compressor refers to nothing
 * before it, and a full flush ends it byte-aligned and unfinished, so the same bytes continue every client's
 * inflater wherever its stream is. Only a connection's first Zlib rectangle is different: it starts with the
 * stream's 2-byte header (`zlibHeader`).
 */
export function deflateBlock(raw: Buffer, level: number): Buffer {
  return deflateRawSync(raw, { level, finishFlush: constants.Z_FULL_FLUSH });
}

const headers = new Map<number, Buffer>();

/** The 2-byte zlib stream header for a compression level (its FLEVEL bits differ). */
export function zlibHeader(level: number): Buffer {
  let header = headers.get(level);
  if (header === undefined) {
    header = deflateSync(Buffer.alloc(0), { level }).subarray(0, 2);
    headers.set(level, header);
  }
  return header;
}

/** A rectangle header (RFC 6143 §7.6.1). */
export function rectHeader(x: number, y: number, w: number, h: number, encoding: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(x, 0);
  out.writeUInt16BE(y, 2);
  out.writeUInt16BE(w, 4);
  out.writeUInt16BE(h, 6);
  out.writeInt32BE(encoding, 8);
  return out;
}

/**
 * The ExtendedDesktopSize pseudo-rectangle: `x` says why (0 server, 1 this client asked, 2 another client),
 * `y` is the status of a SetDesktopSize (0 ok, 1 prohibited, 2 out of resources, 3 invalid layout); one screen.
 * Receiving it is what lets noVNC send SetDesktopSize, i.e. what makes `resize=remote` work.
 */
export function extendedDesktopSize(
  reason: 0 | 1 | 2,
  status: 0 | 1 | 2 | 3,
  width: number,
  height: number,
  screenId: number,
): Buffer {
  const body = Buffer.alloc(4 + 16);
  body.writeUInt8(1, 0);
  body.writeUInt32BE(screenId, 4);
  body.writeUInt16BE(width, 12);
  body.writeUInt16BE(height, 14);
  return Buffer.concat([rectHeader(reason, status, width, height, ENCODING.ExtendedDesktopSize), body]);
}
