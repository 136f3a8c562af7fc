import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { ProviderError } from '../../errors.ts';
import type { Call } from '../../pipeline/call.ts';
import { type HuaweiWire, json, parseJson } from './wire.ts';

/** Keystone v3 (IAM): its version document and password tokens whose catalog points at the emulator. */
export function identityRoutes(w: HuaweiWire): void {
  const { op, base, model, ctx } = w;
  const identityVersion = (call: Call) => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base(call)}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });
  op('showIdentityVersion', (call) => json({ version: identityVersion(call) }, 200, call.headers));

  op('createToken', async (call) => {
    await ctx.faults.apply({ provider: 'huawei', operation: 'createToken' });
    const parsed = parseJson(await call.readBody(ctx.maxBodyBytes));
    const invalid = (attribute: string, target: string) =>
      new ProviderError(huaweiErrors.KeystoneValidationError, { attribute, target });
    if (!parsed.ok) throw invalid('valid JSON', 'request body');
    const auth = (parsed.value as { auth?: unknown } | undefined)?.auth as
      | Record<string, unknown>
      | undefined;
    if (typeof auth !== 'object' || auth === null) throw invalid('auth', 'request body');
    const identity = auth.identity as Record<string, unknown> | undefined;
    if (typeof identity !== 'object' || identity === null) throw invalid('identity', 'auth');
    const methods = identity.methods;
    if (!Array.isArray(methods) || !methods.includes('password')) throw invalid('methods', 'identity');
    const password = identity.password as { user?: Record<string, unknown> } | undefined;
    const user = password?.user;
    if (typeof user !== 'object' || user === null) throw invalid('user', 'password');
    if (typeof user.password !== 'string') throw invalid('password', 'user');
    const scope = (auth.scope ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const ref = (v: unknown) => {
      const o = (v ?? {}) as Record<string, unknown>;
      return {
        id: typeof o.id === 'string' ? o.id : undefined,
        name: typeof o.name === 'string' ? o.name : undefined,
        domain: (o.domain ?? undefined) as { id?: string; name?: string } | undefined,
      };
    };
    const result = model.authenticate({
      user: ref(user),
      password: user.password,
      ...(scope.project ? { project: ref(scope.project) } : {}),
      ...(scope.domain ? { domain: ref(scope.domain) } : {}),
    });
    call.record.credential = result.project?.id ?? result.user.id;
    const userDomain = model.domains.get(result.user.domainId);
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, -1)}000Z`;
    const region = model.settings.region;
    const endpoint = (type: string, name: string, url: string) => ({
      type,
      name,
      id: `${name}-${region}`,
      endpoints: [{ id: `${name}-public`, interface: 'public', region, region_id: region, url }],
    });
    const projectDomain = result.project ? model.domains.get(result.project.domainId) : undefined;
    const body = {
      token: {
        expires_at: iso(result.token.expiresAt),
        issued_at: iso(result.token.issuedAt),
        methods: ['password'],
        user: {
          id: result.user.id,
          name: result.user.name,
          domain: { id: result.user.domainId, name: userDomain?.name ?? result.user.domainId },
          password_expires_at: null,
        },
        ...(result.project
          ? {
              project: {
                id: result.project.id,
                name: result.project.name,
                domain: { id: result.project.domainId, name: projectDomain?.name ?? result.project.domainId },
              },
            }
          : {}),
        ...(result.domain ? { domain: { id: result.domain.id, name: result.domain.name } } : {}),
        roles: result.roles.map((name) => ({ id: `role-${name}`, name })),
        catalog: result.project
          ? [
              endpoint('compute', 'nova', `${base(call)}/v2.1/${result.project.id}`),
              endpoint('ecs', 'ecs', `${base(call)}/v1/${result.project.id}`),
              endpoint('identity', 'keystone', `${base(call)}/v3`),
            ]
          : [endpoint('identity', 'keystone', `${base(call)}/v3`)],
      },
    };
    return json(body, 201, { ...call.headers, 'X-Subject-Token': result.token.id });
  });
}
