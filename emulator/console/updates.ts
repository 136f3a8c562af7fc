import {
  deflateBlock,
  ENCODING,
  type PixelFormat,
  rectHeader,
  writeIndexed,
  zlibHeader,
} from './encodings.ts';
import type { Frame, Rect } from './screen.ts';

/** How one viewer wants its rectangles: pixel encoding, zlib level, pixel format. */
export interface Wanted {
  encoding: number;
  level: number;
  format: PixelFormat;
  /** Tells formats apart in the shared store (the format's 16 wire bytes, hex). */
  formatKey: string;
}

/** An encoded rectangle up to this size is kept with its frame; a larger one only while a socket still holds it. */
const KEEP_BYTES = 256 * 1024;
/** What one frame keeps at most, beyond which rectangles too are only held weakly. */
const KEEP_PER_FRAME = 8 * 1024 * 1024;

interface Shelf {
  kept: number;
  rects: Map<string, Buffer | WeakRef<Buffer>>;
}

/** Encoded rectangles of each frame; a frame that is no longer the screen's goes, and its shelf with it. */
const shelves = new WeakMap<Frame, Shelf>();

/**
 * A rectangle of `frame` ready to send, header and data, in the viewer's encoding and pixel format: encoded
 * once per frame, rectangle, encoding and format, then the same bytes for every viewer that asks for them.
 * A Zlib rectangle's data is a shared deflate block (`deflateBlock`); a connection's first one needs the
 * stream header in front (`withZlibHeader`).
 */
export function encodedRect(frame: Frame, rect: Rect, wanted: Wanted): Buffer {
  const key = `${wanted.encoding}/${wanted.level}/${wanted.formatKey}/${rect.x},${rect.y},${rect.w},${rect.h}`;
  let shelf = shelves.get(frame);
  if (shelf === undefined) {
    shelf = { kept: 0, rects: new Map() };
    shelves.set(frame, shelf);
  }
  const found = shelf.rects.get(key);
  const shared = found instanceof WeakRef ? found.deref() : found;
  if (shared) return shared;
  const encoded = encode(frame, rect, wanted);
  if (encoded.length <= KEEP_BYTES && shelf.kept + encoded.length <= KEEP_PER_FRAME) {
    shelf.rects.set(key, encoded);
    shelf.kept += encoded.length;
  } else shelf.rects.set(key, new WeakRef(encoded));
  return encoded;
}

function encode(frame: Frame, rect: Rect, wanted: Wanted): Buffer {
  const size = rect.w * rect.h * (wanted.format.bitsPerPixel / 8);
  const header = rectHeader(rect.x, rect.y, rect.w, rect.h, wanted.encoding);
  if (wanted.encoding === ENCODING.Zlib) {
    const raw = Buffer.allocUnsafeSlow(size);
    writeIndexed(frame, rect, wanted.format, raw, 0);
    const data = deflateBlock(raw, wanted.level);
    const out = Buffer.allocUnsafe(16 + data.length);
    header.copy(out, 0);
    out.writeUInt32BE(data.length, 12);
    data.copy(out, 16);
    return out;
  }
  // Unpooled, so the pixels after the 12-byte header start 4-byte aligned for a 32-bit view.
  const out = Buffer.allocUnsafeSlow(12 + size);
  header.copy(out, 0);
  writeIndexed(frame, rect, wanted.format, out, 12);
  return out;
}

/** A connection's first Zlib rectangle: a shared one with the zlib stream header put in front of its data. */
export function withZlibHeader(shared: Buffer, level: number): Buffer {
  const out = Buffer.allocUnsafe(shared.length + 2);
  shared.copy(out, 0, 0, 12);
  out.writeUInt32BE(shared.length - 16 + 2, 12);
  zlibHeader(level).copy(out, 16);
  shared.copy(out, 18, 16);
  return out;
}
