import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { BodyTooLarge } from '../../body.ts';
import { ProviderError } from '../../errors.ts';
import { ConnectionFault } from '../../faults.ts';
import type { EmulatorContext } from '../../provider.ts';
import { computeRoutes } from './compute.ts';
import { discoveryRoutes } from './discovery.ts';
import { renderHuaweiError } from './errors.ts';
import { identityRoutes } from './identity.ts';
import type { HuaweiModel } from './model.ts';
import { nativeRoutes } from './native.ts';
import { type Ctx, createWire, type Env } from './wire.ts';

/**
 * The Huawei wire: request ids and error rendering shared by every route, then version discovery, Keystone,
 * Nova and the native ECS API (one file each), registered in the order the real services route.
 */
export function createHuaweiRoutes(model: HuaweiModel, ctx: EmulatorContext): Hono<Env> {
  const app = new Hono<Env>();
  const w = createWire(app, model, ctx);
  const { base } = w;

  const render = (c: Ctx, error: ProviderError) => {
    c.env.record.code = error.entry.code;
    c.env.record.error = error;
    return renderHuaweiError(error, {
      requestId: c.get('requestId') ?? randomUUID().replace(/-/g, ''),
      headers: c.get('headers') ?? {},
      accept: c.req.header('accept') ?? '',
      wwwAuthenticate: `Keystone uri="${base(c)}/v3"`,
    });
  };

  app.onError((err, c) => {
    if (err instanceof ProviderError) return render(c, err);
    if (err instanceof ConnectionFault) throw err;
    if (err instanceof BodyTooLarge) return render(c, new ProviderError(huaweiErrors.RequestEntityTooLarge));
    // Nova's faultwrap middleware: anything unexpected is a 500 computeFault, never a stack trace.
    console.error('[huawei] unexpected error:', err);
    return render(
      c,
      new ProviderError(huaweiErrors.UnexpectedAPIError, { exception: err.name || 'Exception' }),
    );
  });

  app.notFound((c) => {
    c.env.record.operation ||= 'unknownPath';
    const path = c.req.path;
    if (path.startsWith('/v1/')) return render(c, new ProviderError(huaweiErrors['APIGW.0101']));
    if (path === '/v3' || path.startsWith('/v3/'))
      return render(c, new ProviderError(huaweiErrors.KeystoneNotFound));
    return render(c, new ProviderError(huaweiErrors.RouteNotFound));
  });

  // Request ids: OpenStack services answer `req-<uuid>`, the gateway and native ECS 32 hex digits.
  app.use('*', async (c, next) => {
    const openstack = !c.req.path.startsWith('/v1/');
    const requestId = openstack ? `req-${randomUUID()}` : randomUUID().replace(/-/g, '');
    c.set('requestId', requestId);
    c.env.record.requestId = requestId;
    if (openstack && c.req.path.startsWith('/v2.1')) {
      c.set('headers', { 'x-openstack-request-id': requestId, 'x-compute-request-id': requestId });
    } else if (openstack && c.req.path.startsWith('/v3')) {
      c.set('headers', { 'x-openstack-request-id': requestId });
    } else c.set('headers', {});
    await next();
  });

  discoveryRoutes(w);
  identityRoutes(w);
  computeRoutes(w);
  nativeRoutes(w);
  return app;
}
