import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { ProviderError } from '../../errors.ts';
import type { Answer } from '../../pipeline/answer.ts';
import { authenticate } from '../../pipeline/authenticate.ts';
import { bodyLimit } from '../../pipeline/body-limit.ts';
import type { Call } from '../../pipeline/call.ts';
import { faults } from '../../pipeline/faults.ts';
import { gateway } from '../../pipeline/gateway.ts';
import { assignRequestId } from '../../pipeline/request-id.ts';
import { branch, sequence } from '../../pipeline/steps.ts';
import type { EmulatorContext } from '../../provider.ts';
import { randomUuid } from '../../random.ts';
import { computeRoutes, NOVA_MAX_BODY_BYTES } from './compute.ts';
import { discoveryRoutes } from './discovery.ts';
import { renderHuaweiError } from './errors.ts';
import { authenticateCompute, authenticateGateway } from './iam.ts';
import { identityRoutes } from './identity.ts';
import type { HuaweiModel } from './model.ts';
import { nativeRoutes } from './native.ts';
import { createWire, type HuaweiCall, journalOperation } from './wire.ts';

/** Nova's API below its version document: everything keystonemiddleware stands in front of. */
const isNova = (path: string) => path.startsWith('/v2.1/') && path !== '/v2.1/';

/**
 * Request ids: OpenStack services answer `req-<uuid>` (Nova in two headers, Keystone in one), the gateway and
 * native ECS 32 hex digits.
 */
function start(base: Call): HuaweiCall {
  const openstack = !base.path.startsWith('/v1/');
  const requestId = assignRequestId(base, openstack ? `req-${randomUuid()}` : randomUuid().replace(/-/g, ''));
  const headers: Record<string, string> =
    openstack && base.path.startsWith('/v2.1')
      ? { 'x-openstack-request-id': requestId, 'x-compute-request-id': requestId }
      : openstack && base.path.startsWith('/v3')
        ? { 'x-openstack-request-id': requestId }
        : {};
  const call = base as HuaweiCall;
  call.requestId = requestId;
  call.headers = headers;
  call.caller = undefined;
  return call;
}

/**
 * The Huawei services, each with its gateway's steps in its order after the request id: Nova behind
 * keystonemiddleware (the operation named, body limit, token or AK/SK, faults, then routing: an unknown path is
 * a 404 only for a caller who got in), the native ECS API behind the API gateway (route, body limit, AK/SK or
 * token, faults), and Keystone and version discovery (route, operation). Their operations live in
 * identity, compute, native and discovery files.
 */
export function createHuaweiGateway(
  model: HuaweiModel,
  ctx: EmulatorContext,
): (call: Call) => Answer | Promise<Answer> {
  const w = createWire(model, ctx);
  const { base, operations } = w;
  discoveryRoutes(w);
  identityRoutes(w);
  computeRoutes(w);
  nativeRoutes(w);

  /** What each service answers a path it does not serve. */
  const route = operations.route((call) => {
    call.record.operation ||= 'unknownPath';
    const { path } = call;
    if (path.startsWith('/v1/')) throw new ProviderError(huaweiErrors['APIGW.0101']);
    if (path === '/v3' || path.startsWith('/v3/')) throw new ProviderError(huaweiErrors.KeystoneNotFound);
    throw new ProviderError(huaweiErrors.RouteNotFound);
  });

  const nova = sequence<HuaweiCall>(
    // Authentication runs before routing (as keystonemiddleware does), so the operation is named for the
    // journal now; the route, if one matches, confirms it.
    (call) => {
      call.record.operation = journalOperation(call.method, call.path);
    },
    bodyLimit(NOVA_MAX_BODY_BYTES),
    authenticate((call) => {
      call.caller = authenticateCompute(model, ctx.clock, call);
      return call.caller.credential;
    }),
    faults(ctx, (call) => ({
      provider: 'huawei',
      credential: call.record.credential,
      resource: /\/servers\/([^/]+)/.exec(call.path)?.[1],
    })),
    route,
    operations.answer,
  );

  const native = sequence<HuaweiCall>(
    route,
    bodyLimit(ctx.maxBodyBytes),
    authenticate((call) => {
      call.caller = authenticateGateway(model, ctx.clock, call, call.param('project_id'));
      return call.caller.credential;
    }),
    faults(ctx, (call) => ({
      provider: 'huawei',
      credential: call.record.credential,
      resource: call.param('server_id'),
    })),
    operations.answer,
  );

  const others = sequence<HuaweiCall>(route, operations.answer);

  return gateway<HuaweiCall>({
    provider: 'huawei',
    start,
    steps: [branch((call) => (isNova(call.path) ? nova : call.path.startsWith('/v1/') ? native : others))],
    errors: {
      render: (call, error) =>
        renderHuaweiError(error, {
          requestId: call.requestId,
          headers: call.headers,
          accept: call.header('accept') ?? '',
          wwwAuthenticate: `Keystone uri="${base(call)}/v3"`,
        }),
      tooLarge: () => new ProviderError(huaweiErrors.RequestEntityTooLarge),
      // Nova's faultwrap middleware: anything unexpected is a 500 computeFault, never a stack trace.
      unexpected: (_call, error) =>
        new ProviderError(huaweiErrors.UnexpectedAPIError, {
          exception: (error as Error | undefined)?.name || 'Exception',
        }),
    },
  });
}
