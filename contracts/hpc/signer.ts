import { createHmac } from 'node:crypto';

/**
 * The AK/SK token route's signature (docs/providers/hpc.md §2.2): hex HMAC-SHA256 with the SecretKey over the compact
 * JSON `{"accessKey":"…","timestamp":"…","user":"…"}`, keys in exactly that order, `timestamp` in seconds.
 * The typed client signs with `signAkSk`; the emulator recomputes `akskSignature` and compares.
 */
export interface AkSkInput {
  accessKey: string;
  /** Seconds since the epoch, as the decimal string sent in the `timestamp` header. */
  timestamp: string;
  user: string;
}

export function akskStringToSign(input: AkSkInput): string {
  return JSON.stringify({ accessKey: input.accessKey, timestamp: input.timestamp, user: input.user });
}

export function akskSignature(secretKey: string, input: AkSkInput): string {
  return createHmac('sha256', secretKey).update(akskStringToSign(input)).digest('hex');
}

/** The four headers `POST /api/user/v3/tokens` needs, signed at `epochMs`. */
export function signAkSk(
  credentials: { user: string; accessKey: string; secretKey: string },
  epochMs: number,
): { user: string; accessKey: string; signature: string; timestamp: string } {
  const input = {
    accessKey: credentials.accessKey,
    timestamp: String(Math.floor(epochMs / 1000)),
    user: credentials.user,
  };
  return { ...input, signature: akskSignature(credentials.secretKey, input) };
}
