import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Puts the control API behind a shared token (`--control-token`, `controlToken`): a request must present it as
 * `Authorization: Bearer <token>` or `X-Emulator-Token: <token>`, else 401 in the control API's error shape.
 * Compared in constant time over digests, so neither the token's content nor its length leaks through timing.
 */
export function requireControlToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const bearer = /^Bearer +(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const presented = c.req.header('x-emulator-token') ?? bearer;
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return next();
    return c.json(
      {
        error: {
          code: 'unauthorized',
          message:
            'the control API needs the control token: Authorization: Bearer <token> or X-Emulator-Token',
        },
      },
      401,
      { 'WWW-Authenticate': 'Bearer realm="console-emulator control API"' },
    );
  };
}
