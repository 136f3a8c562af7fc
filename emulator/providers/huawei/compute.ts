import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import type { HuaweiServer } from '../../../contracts/huawei/scenario.ts';
import { remoteConsoleEnums } from '../../../contracts/huawei/schemas.ts';
import { readBody } from '../../body.ts';
import { ProviderError } from '../../errors.ts';
import { showVersion } from './discovery.ts';
import { authenticateCompute, mayOpenConsole } from './iam.ts';
import {
  atLeast,
  formatMicroversion,
  type Microversion,
  microversionHeaders,
  negotiateMicroversion,
} from './microversion.ts';
import type { ConsoleApi } from './model.ts';
import { authorizeServerRead, findVisibleServer, serverViews } from './server-views.ts';
import { enumObject, novaValidationDetail, type Schema, wrapper } from './validation.ts';
import { type Ctx, type HuaweiWire, journalOperation, json, NOVA_PREFIX, parseJson } from './wire.ts';

/** Nova's oslo sizelimit default, `max_request_body_size` (bytes). */
export const NOVA_MAX_BODY_BYTES = 114_688;

const REMOTE_CONSOLE_POLICY = 'os_compute_api:os-remote-consoles';

/** The remote-consoles request schema for a microversion (docs/providers/huawei.md §1.2). */
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

/** Nova v2.1 behind keystonemiddleware (and Huawei's gateway for AK/SK): servers and their consoles. */
export function computeRoutes(w: HuaweiWire): void {
  const { app, op, base, model, ctx, maxVersion, consoleUrl, serverId } = w;
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

  /**
   * compute API `get_*_console` then the compute manager: host check (409), task state, console enabled
   * (400 Unavailable), type check (400 Invalid), driver support (501). `InstanceInvalidState` is answered
   * by the caller, because remote-consoles and the legacy actions differ there (docs/providers/huawei.md §1.3, §1.4).
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
  op('showVersion', (c) => showVersion(w, c, novaResource(c, { parseBody: false }).version), NOVA_PREFIX);

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
}
