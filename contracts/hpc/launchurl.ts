import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * The noVNC launch URL of a VNC session (docs/providers/hpc.md §5):
 * `/vnc.html?path=/vncws?token=<uuid>&mm=<base64>&resize=remote`.
 *
 * `mm` is not a stock noVNC parameter. The seed's value decodes to exactly one 16-byte block and reads like
 * 密码 (mima), so we infer an encrypted VNC password (docs/providers/hpc.md §5). The emulator makes that concrete and
 * checkable: AES-128-ECB with PKCS#7 padding under a per-scenario key, base64. A VNC password is at most
 * 8 bytes, so `mm` is always one block, 24 base64 characters ending in `==`, like the seed's.
 */
export const MM_KEY_BYTES = 16;

function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length !== MM_KEY_BYTES) throw new RangeError(`the mm key must be ${MM_KEY_BYTES} bytes`);
  return bytes;
}

/**
 * ECB under a fixed key is deterministic: each password's `mm` is computed once (a few hundred at most), kept
 * by key, then by password, so that a call looks up the two strings it has rather than building a third.
 */
const encoded = new Map<string, Map<string, string>>();
let encodedCount = 0;
const ENCODED_CACHE = 1024;

export function encodeMm(password: string, key: string): string {
  let byPassword = encoded.get(key);
  const known = byPassword?.get(password);
  if (known !== undefined) return known;
  const cipher = createCipheriv('aes-128-ecb', keyBytes(key), null);
  const mm = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]).toString('base64');
  if (encodedCount >= ENCODED_CACHE) {
    encoded.clear();
    encodedCount = 0;
    byPassword = undefined;
  }
  if (!byPassword) {
    byPassword = new Map();
    encoded.set(key, byPassword);
  }
  byPassword.set(password, mm);
  encodedCount++;
  return mm;
}

/** The password inside `mm`, or `undefined` when it is not a block under `key`. */
export function decodeMm(mm: string, key: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-128-ecb', keyBytes(key), null);
    return Buffer.concat([decipher.update(Buffer.from(mm, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * How `mm` is written into the URL: `raw` as the seed does (its `==` is not encoded, §5), or `percent`
 * (`+`, `/`, `=` percent-encoded), which survives `URLSearchParams` (a raw `+` reads back as a space).
 */
export type MmEncoding = 'raw' | 'percent';

export function novncUrl(token: string, mm: string, encoding: MmEncoding): string {
  const written = encoding === 'percent' ? encodeURIComponent(mm) : mm;
  return `/vnc.html?path=/vncws?token=${token}&mm=${written}&resize=remote`;
}

/**
 * What a client does with `withDomain: false` (§5, inferred): prefix the origin of an enabled `hpcUrls`
 * entry, whose path (`/hpc` in the newer docs) is dropped because `vnc.html` and `/vncws` are served at the
 * gateway's root.
 */
export function joinLaunchUrl(hpcUrl: string, launch: { novncUrl: string; withDomain: boolean }): string {
  return launch.withDomain ? launch.novncUrl : `${new URL(hpcUrl).origin}${launch.novncUrl}`;
}

/** The websockify token and `mm` of a launch URL, read the way noVNC reads its query (up to each `&`). */
export function parseLaunchUrl(url: string): { token: string; mm: string } | undefined {
  const token = /[?&]path=\/vncws\?token=([^&]+)/.exec(url)?.[1];
  const mm = /[?&]mm=([^&]+)/.exec(url)?.[1];
  return token && mm ? { token, mm: decodeURIComponent(mm) } : undefined;
}
