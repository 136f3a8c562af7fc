import { crc32, deflateSync } from 'node:zlib';

/** The PNG file signature (PNG spec §5.2). */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG of `pixels` (0xRRGGBB, row-major, `width` × `height`). */
export function encodePng(pixels: Uint32Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    // Each row starts with its filter type, 0 (None): the test card's flat areas deflate well as they are.
    let o = y * stride + 1;
    for (let x = 0; x < width; x++) {
      const p = pixels[y * width + x] ?? 0;
      raw[o++] = (p >> 16) & 0xff;
      raw[o++] = (p >> 8) & 0xff;
      raw[o++] = p & 0xff;
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * `pixels` scaled down to `width` columns (never up), each output pixel the average of the source pixels it
 * covers, so that thin text stays visible as a grey smudge instead of vanishing between samples.
 */
export function scaleDown(
  pixels: Uint32Array,
  sourceWidth: number,
  sourceHeight: number,
  width: number,
): { pixels: Uint32Array; width: number; height: number } {
  if (width >= sourceWidth) return { pixels, width: sourceWidth, height: sourceHeight };
  const height = Math.max(1, Math.round((sourceHeight * width) / sourceWidth));
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * sourceHeight) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sourceHeight) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * sourceWidth) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sourceWidth) / width));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const p = pixels[sy * sourceWidth + sx] ?? 0;
          r += (p >> 16) & 0xff;
          g += (p >> 8) & 0xff;
          b += p & 0xff;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      out[y * width + x] = (Math.round(r / n) << 16) | (Math.round(g / n) << 8) | Math.round(b / n);
    }
  }
  return { pixels: out, width, height };
}
