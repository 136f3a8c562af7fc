import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** Where the next `bytes` random bytes of the pool start, refilling it when too few are left. */
function take(bytes: number): number {
  if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += bytes;
  return offset - bytes;
}

/**
 * `bytes` cryptographically random bytes written as `encoding`, drawn from a pool refilled 16 KiB at a time:
 * a console token per request would otherwise pay a call into the system's random source each time.
 */
export function randomString(bytes: number, encoding: 'base64' | 'hex'): string {
  const start = take(bytes);
  return pool.toString(encoding, start, start + bytes);
}

const UUID_BATCH = 128;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const uuidText = Buffer.allocUnsafe(36 * UUID_BATCH);
let uuids = '';
let nextUuid = UUID_BATCH;

/**
 * A random (version 4) UUID, written as `crypto.randomUUID()` writes it. They are made 128 at a time, as one
 * string of which each is a slice: `randomUUID()` joins some twenty pieces per UUID, which are copied into one
 * string again as soon as something reads it (a hash, a write). A slice is read in place.
 */
export function randomUuid(): string {
  if (nextUuid === UUID_BATCH) {
    const start = take(16 * UUID_BATCH);
    let at = 0;
    for (let i = 0; i < 16 * UUID_BATCH; i++) {
      const n = i & 15;
      let byte = pool[start + i] as number;
      if (n === 4 || n === 6 || n === 8 || n === 10) uuidText[at++] = 0x2d;
      // xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx: the version nibble, and the variant's two bits (RFC 9562 §5.4).
      if (n === 6) byte = (byte & 0x0f) | 0x40;
      else if (n === 8) byte = (byte & 0x3f) | 0x80;
      uuidText[at++] = HEX_DIGITS[byte >> 4] as number;
      uuidText[at++] = HEX_DIGITS[byte & 15] as number;
    }
    uuids = uuidText.toString('latin1');
    nextUuid = 0;
  }
  const at = 36 * nextUuid++;
  return uuids.slice(at, at + 36);
}
