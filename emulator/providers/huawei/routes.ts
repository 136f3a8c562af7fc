import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { type HuaweiOperationName, huaweiOperations } from '../../../contracts/huawei/operations.ts';
import type { HuaweiServer } from '../../../contracts/huawei/scenario.ts';
import { remoteConsoleEnums } from '../../../contracts/huawei/schemas.ts';
import { BodyTooLarge, readBody } from '../../body.ts';
import { honoPath } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { ConnectionFault } from '../../faults.ts';
import type { RequestRecord } from '../../journal.ts';
import type { EmulatorContext } from '../../provider.ts';
import { renderHuaweiError } from './errors.ts';
import { authenticateCompute, authenticateGateway, mayOpenConsole } from './iam.ts';
import {
  atLeast,
  formatMicroversion,
  type Microversion,
  microversionHeaders,
  negotiateMicroversion,
  parseMicroversion,
} from './microversion.ts';
import type { Caller, ConsoleApi, HuaweiModel } from './model.ts';
import { pyJsonDumps } from './python.ts';
import { authorizeServerRead, findVisibleServer, serverViews } from './server-views.ts';
import { enumObject, novaValidationDetail, type Schema, wrapper } from './validation.ts';

/** Nova's oslo sizelimit default, `max_request_body_size` (bytes). */
export const NOVA_MAX_BODY_BYTES = 114_688;

type Env = {
  Bindings: { record: RequestRecord };
  Variables: { requestId: string; headers: Record<string, string>; body: Uint8Array; caller: Caller };
};
type Ctx = Context<Env>;

const REMOTE_CONSOLE_POLICY = 'os_compute_api:os-remote-consoles';

/** The remote-consoles request schema for a microversion (reference §1.2). */
function remoteConsoleSchema(version: Microversion): Schema {
  const enums = atLeast(version, '2.99')
    ? remoteConsoleEnums['2.99']
    : atLeast(version, '2.8')
      ? remoteConsoleEnums['2.8']
      : remoteConsoleEnums['2.6'];
  return wrapper(
    'remote_console',
    enumObject({ protocol: enums.protocol, type: enums.type }, ['protocol', 'type']),
  );
}

/** The legacy console actions (2.1–2.5), their console types and the protocol each stands for (§1.4). */
const LEGACY_ACTIONS: Record<string, { protocol: string; types: readonly string[] }> = {
  'os-getVNCConsole': { protocol: 'vnc', types: ['novnc', 'xvpvnc'] },
  'os-getSPICEConsole': { protocol: 'spice', types: ['spice-html5'] },
  'os-getRDPConsole': { protocol: 'rdp', types: ['rdp-html5'] },
  'os-getSerialConsole': { protocol: 'serial', types: ['serial'] },
};

function json(body: object, status: number, headers: Record<string, string>): Response {
  return new Response(pyJsonDumps(body), {
    status,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Nova serves every route with and without the project id (reference §1.1). */
const NOVA_PREFIX = '/v2.1/{project_id}';
const PATTERNS = { project_id: '[0-9a-f-]+' };

/** The paths an operation answers on: Nova's with and without the project, a version document with and without `/`. */
function routePaths(template: string): string[] {
  if (template.startsWith(`${NOVA_PREFIX}/`))
    return [honoPath(template, PATTERNS), honoPath(`/v2.1${template.slice(NOVA_PREFIX.length)}`, PATTERNS)];
  if (template !== '/' && !template.includes('{'))
    return [template, template.endsWith('/') ? template.slice(0, -1) : `${template}/`];
  return [honoPath(template, PATTERNS)];
}

/**
 * Nova's operations by path, to name the operation before routing (authentication runs first, as
 * keystonemiddleware does): the literal paths before the ones with a parameter that would also match them.
 */
const NOVA_OPERATIONS = Object.values(huaweiOperations)
  .filter((op) => op.path.startsWith(`${NOVA_PREFIX}/`))
  .map((op) => {
    const rest = op.path.slice(NOVA_PREFIX.length).split(/\{[^}]+\}/);
    const pattern = new RegExp(`^/v2\\.1(?:/[0-9a-f-]+)?${rest.map(escapeRegex).join('[^/]+')}$`);
    return { method: op.method, pattern, name: op.name, parameters: rest.length };
  })
  .sort((a, b) => a.parameters - b.parameters);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function journalOperation(method: string, path: string): string {
  return NOVA_OPERATIONS.find((op) => op.method === method && op.pattern.test(path))?.name ?? 'unknownPath';
}

export function createHuaweiRoutes(model: HuaweiModel, ctx: EmulatorContext): Hono<Env> {
  const app = new Hono<Env>();
  const maxVersion = parseMicroversion(model.settings.maxMicroversion) as Microversion;
  const base = (c: Ctx) => ctx.publicUrl(c.req.raw);

  const versionEntry = (c: Ctx) => ({
    id: 'v2.1',
    status: 'CURRENT',
    version: formatMicroversion(maxVersion),
    min_version: '2.1',
    updated: '2013-07-23T11:33:21Z',
    links: [{ href: `${base(c)}/v2.1/`, rel: 'self' }],
  });
  const versionDocument = (c: Ctx) => {
    const entry = versionEntry(c);
    return {
      version: {
        id: entry.id,
        links: [
          ...entry.links,
          { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
        ],
        'media-types': [
          { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
        ],
        status: entry.status,
        version: entry.version,
        min_version: entry.min_version,
        updated: entry.updated,
      },
    };
  };

  /** Registers a contract operation on its paths (or on `at`); the journal knows the request by its name. */
  const op = (name: HuaweiOperationName, handler: (c: Ctx) => Response | Promise<Response>, at?: string) => {
    const contract = huaweiOperations[name];
    for (const path of at ? [honoPath(at, PATTERNS)] : routePaths(contract.path)) {
      app.on(contract.method, path, (c) => {
        c.env.record.operation = name;
        return handler(c);
      });
    }
  };

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

  // --- Version discovery (§2.7) ---
  op('listVersions', (c) => {
    const current = versionEntry(c);
    return json(
      {
        versions: [
          {
            id: 'v2.0',
            links: [{ href: `${base(c)}/v2/`, rel: 'self' }],
            status: 'DEPRECATED',
            version: '',
            min_version: '',
            updated: '2025-07-04T12:00:00Z',
          },
          current,
        ],
      },
      200,
      {},
    );
  });

  const showVersion = (c: Ctx, version: Microversion) =>
    json(versionDocument(c), 200, {
      ...c.get('headers'),
      ...microversionHeaders(formatMicroversion(version)),
    });
  op('showVersion', (c) => showVersion(c, negotiateMicroversion(c.req.raw.headers, maxVersion)));

  // --- Keystone v3 (IAM) ---
  const identityVersion = (c: Ctx) => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base(c)}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });
  op('showIdentityVersion', (c) => json({ version: identityVersion(c) }, 200, c.get('headers')));

  op('createToken', async (c) => {
    await ctx.faults.apply({ provider: 'huawei', operation: 'createToken' });
    const parsed = parseJson(await readBody(c.req.raw, ctx.maxBodyBytes));
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
    c.env.record.credential = result.project?.id ?? result.user.id;
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
              endpoint('compute', 'nova', `${base(c)}/v2.1/${result.project.id}`),
              endpoint('ecs', 'ecs', `${base(c)}/v1/${result.project.id}`),
              endpoint('identity', 'keystone', `${base(c)}/v3`),
            ]
          : [endpoint('identity', 'keystone', `${base(c)}/v3`)],
      },
    };
    return json(body, 201, { ...c.get('headers'), 'X-Subject-Token': result.token.id });
  });

  // --- Nova v2.1 behind keystonemiddleware (and Huawei's gateway for AK/SK) ---
  app.use('/v2.1/*', async (c, next) => {
    if (c.req.path === '/v2.1/' || c.req.path === '/v2.1') return next();
    // Authentication runs before routing (as keystonemiddleware does), so name the operation for the
    // journal now; the route, if one matches, confirms it.
    c.env.record.operation = journalOperation(c.req.method, c.req.path);
    c.set('body', await readBody(c.req.raw, NOVA_MAX_BODY_BYTES));
    const projectInUrl = /^\/v2\.1\/([0-9a-f-]+)(\/|$)/.exec(c.req.path)?.[1];
    const caller = authenticateCompute(
      model,
      ctx.clock,
      c.req.raw,
      new URL(c.req.url),
      c.get('body'),
      projectInUrl,
    );
    c.set('caller', caller);
    c.env.record.credential = caller.credential;
    await ctx.faults.apply({
      provider: 'huawei',
      operation: c.env.record.operation,
      credential: caller.credential,
      resource: /\/servers\/([^/]+)/.exec(c.req.path)?.[1],
    });
    await next();
  });

  /**
   * What `wsgi.Resource` does before the controller's method is looked up, in Nova's order: microversion
   * (400/406; from then on the version headers go on every answer) and Content-Type (415).
   */
  const negotiate = (c: Ctx): Microversion => {
    const version = negotiateMicroversion(c.req.raw.headers, maxVersion);
    c.set('headers', { ...c.get('headers'), ...microversionHeaders(formatMicroversion(version)) });
    const contentType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (
      contentType &&
      contentType !== 'text/plain' &&
      contentType !== 'application/json' &&
      contentType !== 'application/vnd.openstack.compute+json'
    ) {
      throw new ProviderError(huaweiErrors.UnsupportedContentType);
    }
    return version;
  };

  /** Then the body (400 Malformed) and the URL's project against the token's (400). */
  const novaResource = (c: Ctx, options: { parseBody: boolean }) => {
    const version = negotiate(c);
    let body: unknown;
    if (options.parseBody) {
      const parsed = parseJson(c.get('body'));
      if (!parsed.ok) throw new ProviderError(huaweiErrors.MalformedRequestBody);
      body = parsed.value;
    }
    checkProject(c);
    return { version, body };
  };

  const checkProject = (c: Ctx) => {
    const urlProject = c.req.param('project_id');
    const caller = c.get('caller');
    if (urlProject !== undefined && urlProject !== caller.projectId) {
      throw new ProviderError(huaweiErrors.ProjectIdMismatch, {
        url_project_id: urlProject,
        context_project_id: caller.projectId ?? 'None',
      });
    }
  };

  const serverId = (c: Ctx) => c.req.param('server_id') ?? '';

  const getInstance = (c: Ctx, id: string): HuaweiServer => {
    const server = findVisibleServer(model, c.get('caller'), id);
    if (!server) throw new ProviderError(huaweiErrors.InstanceNotFound, { instance_id: id });
    return server;
  };

  const authorize = (c: Ctx) => {
    if (!mayOpenConsole(c.get('caller'))) {
      throw new ProviderError(huaweiErrors.PolicyNotAuthorized, { action: REMOTE_CONSOLE_POLICY });
    }
  };

  const ok = (c: Ctx, body: object) => json(body, 200, c.get('headers'));

  const views = (c: Ctx, version: Microversion) =>
    serverViews(model, {
      version,
      caller: c.get('caller'),
      urlProject: c.req.param('project_id') ?? '',
      base: base(c),
    });

  /** The URL a console token opens, in Huawei's or Nova's form (reference §3.1). */
  const consoleUrl = (c: Ctx, protocol: string, api: ConsoleApi) => (token: string) => {
    const root = base(c);
    if (protocol === 'spice') return `${root}/spice_auto.html?token=${token}`;
    if (protocol === 'serial') return `${root.replace(/^http/, 'ws')}/?token=${token}`;
    if (api === 'native')
      return `${root}/vnc_auto.html?token=${token}&lang=EN&tLength=${model.settings.nativeTLength}`;
    if (model.settings.urlStyle === 'nova')
      return `${root}/vnc_auto.html?path=${encodeURIComponent(`?token=${token}`)}`;
    return `${root}/vnc_auto.html?token=${token}&lang=EN`;
  };

  /**
   * compute API `get_*_console` then the compute manager: host check (409), task state, console enabled
   * (400 Unavailable), type check (400 Invalid), driver support (501). `InstanceInvalidState` is answered
   * by the caller, because remote-consoles and the legacy actions differ there (reference §1.3, §1.4).
   */
  const getConsole = (c: Ctx, server: HuaweiServer, protocol: string, type: string, api: ConsoleApi) => {
    if (server.host === null)
      throw new ProviderError(huaweiErrors.InstanceNotReady, { instance_id: server.id });
    if (server.taskState === 'deleting' || server.taskState === 'migrating') {
      return { invalidState: server.taskState } as const;
    }
    const enabled = model.settings.consoles;
    const unavailable = () => new ProviderError(huaweiErrors.ConsoleTypeUnavailable, { console_type: type });
    const invalid = () => new ProviderError(huaweiErrors.ConsoleTypeInvalid, { console_type: type });
    switch (protocol) {
      case 'vnc':
        if (!enabled.vnc) throw unavailable();
        if (type !== 'novnc') throw invalid();
        break;
      case 'spice':
        if (!enabled.spice) throw unavailable();
        if (type !== 'spice-html5' && type !== 'spice-direct') throw invalid();
        break;
      case 'serial':
        if (!enabled.serial) throw unavailable();
        break;
      case 'mks':
        if (!enabled.mks) throw unavailable();
        if (type !== 'webmks') throw invalid();
        // The emulated hypervisor is libvirt, which has no MKS console.
        throw new ProviderError(huaweiErrors.NotImplemented);
      default:
        throw new ProviderError(huaweiErrors.HTTPBadRequest);
    }
    const issued = model.issueConsoleToken(server, { protocol, type, api }, consoleUrl(c, protocol, api));
    return { url: issued.url } as const;
  };

  // The version document under the project id too, authenticated as any Nova route.
  op('showVersion', (c) => showVersion(c, novaResource(c, { parseBody: false }).version), NOVA_PREFIX);

  op('listServersDetail', (c) => {
    const { version } = novaResource(c, { parseBody: false });
    authorizeServerRead(c.get('caller'), 'detail');
    const name = c.req.query('name');
    let pattern: RegExp | undefined;
    try {
      pattern = name === undefined ? undefined : new RegExp(name);
    } catch {
      pattern = undefined;
    }
    const servers = model
      .serversOf(c.get('caller').projectId)
      .filter((s) => name === undefined || (pattern ? pattern.test(s.name) : s.name === name))
      .filter((s) => !c.req.query('status') || s.status === c.req.query('status')?.toUpperCase());
    return ok(c, views(c, version).detail(servers));
  });

  op('listServers', (c) => {
    const { version } = novaResource(c, { parseBody: false });
    authorizeServerRead(c.get('caller'), 'index');
    const name = c.req.query('name');
    const servers = model
      .serversOf(c.get('caller').projectId)
      .filter((s) => name === undefined || s.name === name);
    return ok(c, views(c, version).index(servers));
  });

  op('showServer', (c) => {
    const { version } = novaResource(c, { parseBody: false });
    const server = getInstance(c, serverId(c));
    authorizeServerRead(c.get('caller'), 'show');
    return ok(c, views(c, version).show(server));
  });

  op('remoteConsoles', (c) => {
    const { version, body } = novaResource(c, { parseBody: true });
    if (!atLeast(version, '2.6')) throw new ProviderError(huaweiErrors.VersionNotFoundForAPIMethod);
    const detail = novaValidationDetail(body, remoteConsoleSchema(version));
    if (detail !== undefined) throw new ProviderError(huaweiErrors.ValidationError, { detail });
    const server = getInstance(c, serverId(c));
    authorize(c);
    const { protocol, type } = (body as { remote_console: { protocol: string; type: string } })
      .remote_console;
    if (protocol === 'rdp') throw new ProviderError(huaweiErrors.HTTPBadRequest);
    const result = getConsole(c, server, protocol, type, 'remote-consoles');
    if ('invalidState' in result) {
      throw new ProviderError(huaweiErrors.UnexpectedAPIError, { exception: 'InstanceInvalidState' });
    }
    return ok(c, { remote_console: { protocol, type, url: result.url } });
  });

  op('os-getVNCConsole', (c) => {
    const version = negotiate(c);
    // action_peek: the body must be a JSON object with exactly one key, the action's name.
    const parsed = parseJson(c.get('body'));
    const body = parsed.ok ? parsed.value : undefined;
    if (
      !parsed.ok ||
      typeof body !== 'object' ||
      body === null ||
      Array.isArray(body) ||
      Object.keys(body).length !== 1
    ) {
      throw new ProviderError(huaweiErrors.MalformedRequestBody);
    }
    const action = Object.keys(body)[0] as string;
    c.env.record.operation = action;
    const legacy = LEGACY_ACTIONS[action];
    if (!legacy) throw new ProviderError(huaweiErrors.NoSuchAction, { action });
    checkProject(c);
    if (atLeast(version, '2.6')) throw new ProviderError(huaweiErrors.VersionNotFoundForAPIMethod);
    const detail = novaValidationDetail(body, wrapper(action, enumObject({ type: legacy.types }, ['type'])));
    if (detail !== undefined) throw new ProviderError(huaweiErrors.ValidationError, { detail });
    authorize(c);
    const type = (body as Record<string, { type: string }>)[action]?.type as string;
    const server = getInstance(c, serverId(c));
    if (legacy.protocol === 'rdp') throw new ProviderError(huaweiErrors.HTTPBadRequest);
    const result = getConsole(c, server, legacy.protocol, type, 'os-getVNCConsole');
    if ('invalidState' in result) {
      throw new ProviderError(huaweiErrors.InstanceInvalidStateConflict, {
        action: action === 'os-getVNCConsole' ? 'get_vnc_console' : action,
        server_id: server.id,
        attr: 'task_state',
        state: String(result.invalidState),
      });
    }
    return ok(c, { console: { type, url: result.url } });
  });

  // --- Huawei native ECS API behind the API gateway (reference §4.1) ---
  op('showServerRemoteConsole', async (c) => {
    const body = await readBody(c.req.raw, ctx.maxBodyBytes);
    const projectId = c.req.param('project_id');
    const caller = authenticateGateway(model, ctx.clock, c.req.raw, new URL(c.req.url), body, projectId);
    c.env.record.credential = caller.credential;
    await ctx.faults.apply({
      provider: 'huawei',
      operation: 'showServerRemoteConsole',
      credential: caller.credential,
      resource: serverId(c),
    });
    if (caller.projectId !== projectId || !mayOpenConsole(caller))
      throw new ProviderError(huaweiErrors['Ecs.0003']);
    const parsed = parseJson(body);
    const request = parsed.ok
      ? (parsed.value as { remote_console?: { protocol?: unknown; type?: unknown } })
      : undefined;
    const option = request?.remote_console;
    if (option?.protocol !== 'vnc' || option.type !== 'novnc')
      throw new ProviderError(huaweiErrors['Ecs.0005']);
    const id = serverId(c);
    const server = model.findServer(projectId, id);
    if (!server) throw new ProviderError(huaweiErrors['Ecs.0114'], { instance_id: id });
    if (server.host === null || server.taskState !== null) throw new ProviderError(huaweiErrors['Ecs.0100']);
    const issued = model.issueConsoleToken(
      server,
      { protocol: 'vnc', type: 'novnc', api: 'native' },
      consoleUrl(c, 'vnc', 'native'),
    );
    return new Response(
      JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc', url: issued.url } }),
      {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': c.get('requestId') },
      },
    );
  });

  return app;
}
