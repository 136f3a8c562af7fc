import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The platform's access tokens: HS256 JWTs whose claims are all strings, `expireTime` a millisecond epoch
 * (docs/providers/hpc.md §6). The emulator signs and verifies with `signToken` / `verifyToken`; a client only decodes
 * (`decodeToken`) to read `expireTime` and `clusterId`, as it cannot know the platform's key.
 */
export const hpcTokenClaims = z.object({
  computeUser: z.string(),
  accountStatus: z.string(),
  creator: z.string(),
  role: z.string(),
  expireTime: z.string().regex(/^\d+$/),
  clusterId: z.string(),
  invoker: z.string(),
  user: z.string(),
  /** Absent in the AK/SK route's sample tokens (§6). */
  userId: z.string().optional(),
});
export type HpcTokenClaims = z.infer<typeof hpcTokenClaims>;

/** `{"alg":"HS256","typ":"JWT"}` in the byte order of the seed token (its first segment is identical). */
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function hs256(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Claims in the seed token's key order, so emulator tokens decode exactly like the platform's. */
function ordered(claims: HpcTokenClaims): HpcTokenClaims {
  const { computeUser, accountStatus, creator, role, expireTime, clusterId, invoker, user, userId } = claims;
  return {
    computeUser,
    accountStatus,
    creator,
    role,
    expireTime,
    clusterId,
    invoker,
    user,
    ...(userId === undefined ? {} : { userId }),
  };
}

export function signToken(claims: HpcTokenClaims, secret: string): string {
  const signingInput = `${HEADER}.${base64url(JSON.stringify(ordered(claims)))}`;
  return `${signingInput}.${base64url(hs256(secret, signingInput))}`;
}

/** The claims of a well-formed token, signature unchecked; `undefined` for anything else. */
export function decodeToken(token: string): HpcTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const parsed = hpcTokenClaims.safeParse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The claims when the token is an HS256 JWT signed with `secret`; expiry is the caller's business. */
export function verifyToken(token: string, secret: string): HpcTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return undefined;
  }
  if (alg !== 'HS256') return undefined;
  const expected = hs256(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return decodeToken(token);
}

/** `expireTime` as a number of milliseconds since the epoch. */
export const expiresAt = (claims: HpcTokenClaims): number => Number(claims.expireTime);
