import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { NodeBindings } from '../transport.ts';
import { SIGN_IN_STYLE } from './token.ts';

/** Names a Host header may carry besides the loopback ones; `'all'` turns the Host check off. */
export type AllowedHosts = readonly string[] | 'all';

export interface ControlAccess {
  /** `--allowed-host`, plus the `--host` the listener binds to (added by `listen()`). */
  allowedHosts?: AllowedHosts | undefined;
  /** `--public-url`: its host is allowed, and its origin counts as the emulator's own. */
  publicUrl?: string | undefined;
}

/** A Host header's name: no port, no IPv6 brackets, lower case, no trailing dot. */
export function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_V4 = new RegExp(`^127(\\.${OCTET}){3}$`);

/** Names that always reach this machine: a page on another site cannot be served from them by DNS rebinding. */
const isLoopback = (name: string) => name === 'localhost' || name === '::1' || LOOPBACK_V4.test(name);

/** Methods that only read: a cross-site page can send them but, without CORS, never read the answer. */
const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

const refuse = (c: Context, code: 'forbidden_host' | 'cross_origin', message: string) =>
  c.json({ error: { code, message } }, 403);

/**
 * Guards everything under `/__emulator/` against a web page, which a developer's browser may open while the
 * emulator runs. Two attacks, two checks, over HTTP only (in-process callers are the caller's own code):
 *
 * - DNS rebinding: a page on `attacker.example` re-points its name at 127.0.0.1 and then reads the control
 *   API as same-origin. Its requests carry `Host: attacker.example`, so only loopback names, the listener's
 *   own host, the public URL's host and `--allowed-host` names are answered.
 * - Cross-site requests: a form or a `text/plain` fetch needs no CORS preflight, so another site could change
 *   the state blind. A request that changes state and that a browser marks as coming from elsewhere (an
 *   `Origin` that is not the emulator's own, or `Sec-Fetch-Site: cross-site`/`same-site`) is refused.
 *   Scripts and SDKs send neither header and keep working as documented. Hono's `csrf()` is not used: it
 *   checks form and text content types only and lets either header vouch alone; here any content type is
 *   refused and both headers must agree.
 */
export function controlAccess(options: ControlAccess): MiddlewareHandler<{ Bindings: NodeBindings }> {
  const allowed =
    options.allowedHosts === 'all' ? undefined : new Set((options.allowedHosts ?? []).map(hostName));
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  if (publicOrigin) allowed?.add(hostName(new URL(publicOrigin).host));
  return async (c, next) => {
    if (!c.env?.incoming) return next();
    const host = c.req.header('host') ?? '';
    if (allowed) {
      const name = hostName(host);
      if (!isLoopback(name) && !allowed.has(name)) {
        return refuse(
          c,
          'forbidden_host',
          `the control API answers on localhost and this emulator's own host names, not "${host}"` +
            ` (start it with --allowed-host ${name || 'NAME'} to add one)`,
        );
      }
    }
    if (!SAFE_METHOD.test(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const foreign = origin !== undefined && origin !== new URL(c.req.url).origin && origin !== publicOrigin;
      if (foreign || site === 'cross-site' || site === 'same-site') {
        return refuse(
          c,
          'cross_origin',
          `a ${c.req.method} from another site (${origin ? `Origin ${origin}` : `Sec-Fetch-Site ${site}`}) ` +
            'cannot change the emulator; use the dashboard at /__emulator/, a script or an SDK',
        );
      }
    }
    return next();
  };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Headers of every answer under `/__emulator/`: nothing may frame the dashboard (clickjacking its buttons),
 * it runs only its own files (no inline script; the sign-in form's one inline style by its hash), and no
 * answer is sniffed into another type. The console pages are not under this path: portals frame them.
 */
export const controlHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", sha256(SIGN_IN_STYLE)],
    // Thumbnails are fetched and shown as `blob:` URLs (no flicker between frames); the empty image is `data:,`.
    imgSrc: ["'self'", 'blob:', 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  // Plain HTTP on a developer's machine: HSTS would only confuse other servers on localhost.
  strictTransportSecurity: false,
});
