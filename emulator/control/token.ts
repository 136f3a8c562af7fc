import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The cookie a browser keeps once signed in to the dashboard with the control token. */
export const CONTROL_COOKIE = 'console-emulator-control';

/** The dashboard's own paths: where a browser without the token is shown the sign-in form instead of JSON. */
const DASHBOARD_PAGE = /^\/__emulator\/?(index\.html)?$/;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The sign-in page's only style, inline (the dashboard's files need the token); the CSP allows it by hash. */
export const SIGN_IN_STYLE = `body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
input,button{font:inherit;padding:.4rem .6rem}input{width:100%;box-sizing:border-box;margin:.5rem 0}
.error{color:#b00020}`;

/** The page a browser gets at the dashboard without the token: one field, sent back as `?token=`. */
function signInPage(wrong: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>console-emulator — control token</title>
<style>${SIGN_IN_STYLE}</style></head>
<body><h1>Control token</h1>
<p>This emulator was started with <code>--control-token</code>. Enter that token to open the dashboard;
the browser keeps it in a cookie for this emulator's <code>/__emulator/</code> paths only.</p>
${wrong ? `<p class="error" role="alert">${escapeHtml('That is not the control token.')}</p>` : ''}
<form method="get" action="/__emulator/"><label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<button type="submit">Open the dashboard</button></form></body></html>
`;
}

/**
 * Puts the control API behind a shared token (`--control-token`, `controlToken`): a request must present it as
 * `Authorization: Bearer <token>` or `X-Emulator-Token: <token>`, else 401 in the control API's error shape.
 * Compared in constant time over digests, so neither the token's content nor its length leaks through timing.
 *
 * A browser cannot add headers to the dashboard's page loads and its event stream, so the dashboard signs in
 * instead: `/__emulator/?token=<token>` (the form a browser without it is shown) sets an HttpOnly,
 * `SameSite=Strict` cookie scoped to `/__emulator`, then redirects to the same page without the token in its
 * address; the cookie then counts as the token. Another site cannot send it, so it opens no cross-site door.
 */
export function requireControlToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  const matches = (presented: string | undefined) =>
    presented !== undefined && timingSafeEqual(digest(presented), expected);
  return async (c, next) => {
    const bearer = /^Bearer +(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (matches(c.req.header('x-emulator-token') ?? bearer)) return next();
    const page = c.req.method === 'GET' && DASHBOARD_PAGE.test(c.req.path);
    const offered = page ? c.req.query('token') : undefined;
    if (offered !== undefined && matches(offered)) return signIn(c, token);
    if (matches(getCookie(c, CONTROL_COOKIE))) return next();
    if (page && /text\/html/.test(c.req.header('accept') ?? '')) {
      return c.html(signInPage(offered !== undefined), 401, {
        'WWW-Authenticate': 'Bearer realm="console-emulator control API"',
      });
    }
    return c.json(
      {
        error: {
          code: 'unauthorized',
          message:
            'the control API needs the control token: Authorization: Bearer <token> or X-Emulator-Token ' +
            '(a browser: open /__emulator/ and enter it)',
        },
      },
      401,
      { 'WWW-Authenticate': 'Bearer realm="console-emulator control API"' },
    );
  };
}

/** Keeps the token in the browser's cookie and sends it on to the page without the token in the address. */
function signIn(c: Context, token: string): Response {
  setCookie(c, CONTROL_COOKIE, token, { path: '/__emulator', httpOnly: true, sameSite: 'Strict' });
  return c.body(null, 303, { Location: '/__emulator/', 'Cache-Control': 'no-store' });
}
