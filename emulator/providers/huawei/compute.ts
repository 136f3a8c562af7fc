import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import type { HuaweiServer } from '../../../contracts/huawei/scenario.ts';
import { remoteConsoleEnums } from '../../../contracts/huawei/schemas.ts';
import { ProviderError } from '../../errors.ts';
import type { ConsoleApi } from './console-tokens.ts';
import { showVersion } from './discovery.ts';
import { mayOpenConsole } from './iam.ts';
import { atLeast, headersOfVersion, type Microversion, negotiateMicroversion } from './microversion.ts';
import type { Caller } from './model.ts';
import { authorizeServerRead, findVisibleServer, serverViews } from './server-views.ts';
import { enumObject, novaValidationDetail, type Schema, wrapper } from './validation.ts';
import { type HuaweiCall, type HuaweiWire, json, NOVA_PREFIX, parseJson } from './wire.ts';

/** Nova's oslo sizelimit default, `max_request_body_size` (bytes). */
export const NOVA_MAX_BODY_BYTES = 114_688;

const REMOTE_CONSOLE_POLICY = 'os_compute_api:os-remote-consoles';

/** The caller the authentication step found (every Nova operation runs after it). */
const who = (call: HuaweiCall): Caller => call.caller as Caller;

/** The compute API's answers to a console type the host has disabled, or that its protocol has no such type of. */
const unavailable = (type: string) =>
  new ProviderError(huaweiErrors.ConsoleTypeUnavailable, { console_type: type });
const invalid = (type: string) => new ProviderError(huaweiErrors.ConsoleTypeInvalid, { console_type: type });

/** The remote-consoles request schemas, by the microversion that introduced each, built on first use. */
const remoteConsoleSchemas = new Map<keyof typeof remoteConsoleEnums, Schema>();

/** The remote-consoles request schema for a microversion (docs/providers/huawei.md §1.2). */
function remoteConsoleSchema(version: Microversion): Schema {
  const since = atLeast(version, '2.99') ? '2.99' : atLeast(version, '2.8') ? '2.8' : '2.6';
  let schema = remoteConsoleSchemas.get(since);
  if (schema === undefined) {
    const enums = remoteConsoleEnums[since];
    schema = wrapper(
      'remote_console',
      enumObject({ protocol: enums.protocol, type: enums.type }, ['protocol', 'type']),
    );
    remoteConsoleSchemas.set(since, schema);
  }
  return schema;
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
  const { op, base, model, maxVersion, serverId } = w;
  /**
   * What `wsgi.Resource` does before the controller's method is looked up, in Nova's order: microversion
   * (400/406; from then on the version headers go on every answer) and Content-Type (415).
   */
  const negotiate = (call: HuaweiCall): Microversion => {
    const version = negotiateMicroversion(call, maxVersion);
    // The call's own headers (made for it by the gateway's start), added to in place rather than copied.
    Object.assign(call.headers, headersOfVersion(version));
    const given = call.header('content-type');
    const contentType = given === 'application/json' ? given : given?.split(';')[0]?.trim().toLowerCase();
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

  /** Then the URL's project against the token's (400); an operation with a body parses it in between. */
  const novaResource = (call: HuaweiCall): Microversion => {
    const version = negotiate(call);
    checkProject(call);
    return version;
  };

  const checkProject = (call: HuaweiCall) => {
    const urlProject = call.param('project_id');
    const caller = who(call);
    if (urlProject !== undefined && urlProject !== caller.projectId) {
      throw new ProviderError(huaweiErrors.ProjectIdMismatch, {
        url_project_id: urlProject,
        context_project_id: caller.projectId ?? 'None',
      });
    }
  };

  const getInstance = (call: HuaweiCall, id: string): HuaweiServer => {
    const server = findVisibleServer(model, who(call), id);
    if (!server) throw new ProviderError(huaweiErrors.InstanceNotFound, { instance_id: id });
    return server;
  };

  const authorize = (call: HuaweiCall) => {
    if (!mayOpenConsole(who(call))) {
      throw new ProviderError(huaweiErrors.PolicyNotAuthorized, { action: REMOTE_CONSOLE_POLICY });
    }
  };

  const ok = (call: HuaweiCall, body: object) => json(body, 200, call.headers);

  const views = (call: HuaweiCall, version: Microversion) =>
    serverViews(model, {
      version,
      caller: who(call),
      urlProject: call.param('project_id') ?? '',
      base: base(call),
    });

  /**
   * compute API `get_*_console` then the compute manager: host check (409), task state, console enabled
   * (400 Unavailable), type check (400 Invalid), driver support (501). `InstanceInvalidState` is answered
   * by the caller, because remote-consoles and the legacy actions differ there (docs/providers/huawei.md §1.3, §1.4).
   */
  const getConsole = (
    call: HuaweiCall,
    server: HuaweiServer,
    protocol: string,
    type: string,
    api: ConsoleApi,
  ) => {
    if (server.host === null)
      throw new ProviderError(huaweiErrors.InstanceNotReady, { instance_id: server.id });
    if (server.taskState === 'deleting' || server.taskState === 'migrating') {
      return { invalidState: server.taskState } as const;
    }
    const enabled = model.settings.consoles;
    switch (protocol) {
      case 'vnc':
        if (!enabled.vnc) throw unavailable(type);
        if (type !== 'novnc') throw invalid(type);
        break;
      case 'spice':
        if (!enabled.spice) throw unavailable(type);
        if (type !== 'spice-html5' && type !== 'spice-direct') throw invalid(type);
        break;
      case 'serial':
        if (!enabled.serial) throw unavailable(type);
        break;
      case 'mks':
        if (!enabled.mks) throw unavailable(type);
        if (type !== 'webmks') throw invalid(type);
        // The emulated hypervisor is libvirt, which has no MKS console.
        throw new ProviderError(huaweiErrors.NotImplemented);
      default:
        throw new ProviderError(huaweiErrors.HTTPBadRequest);
    }
    return { url: model.issueConsoleToken(server, { protocol, type, api }, base(call)) } as const;
  };

  // The version document under the project id too, authenticated as any Nova route.
  op('showVersion', (call) => showVersion(w, call, novaResource(call)), NOVA_PREFIX);

  op('listServersDetail', (call) => {
    const version = novaResource(call);
    authorizeServerRead(who(call), 'detail');
    const name = call.query('name');
    let pattern: RegExp | undefined;
    try {
      pattern = name === undefined ? undefined : new RegExp(name);
    } catch {
      pattern = undefined;
    }
    const servers = model
      .serversOf(who(call).projectId)
      .filter((s) => name === undefined || (pattern ? pattern.test(s.name) : s.name === name))
      .filter((s) => !call.query('status') || s.status === call.query('status')?.toUpperCase());
    return ok(call, views(call, version).detail(servers));
  });

  op('listServers', (call) => {
    const version = novaResource(call);
    authorizeServerRead(who(call), 'index');
    const name = call.query('name');
    const servers = model.serversOf(who(call).projectId).filter((s) => name === undefined || s.name === name);
    return ok(call, views(call, version).index(servers));
  });

  op('showServer', (call) => {
    const version = novaResource(call);
    const server = getInstance(call, serverId(call));
    authorizeServerRead(who(call), 'show');
    return ok(call, views(call, version).show(server));
  });

  op('remoteConsoles', (call) => {
    const version = negotiate(call);
    const parsed = parseJson(call.body);
    if (!parsed.ok) throw new ProviderError(huaweiErrors.MalformedRequestBody);
    checkProject(call);
    const body = parsed.value;
    if (!atLeast(version, '2.6')) throw new ProviderError(huaweiErrors.VersionNotFoundForAPIMethod);
    const detail = novaValidationDetail(body, remoteConsoleSchema(version));
    if (detail !== undefined) throw new ProviderError(huaweiErrors.ValidationError, { detail });
    const server = getInstance(call, serverId(call));
    authorize(call);
    const { protocol, type } = (body as { remote_console: { protocol: string; type: string } })
      .remote_console;
    if (protocol === 'rdp') throw new ProviderError(huaweiErrors.HTTPBadRequest);
    const result = getConsole(call, server, protocol, type, 'remote-consoles');
    if ('invalidState' in result) {
      throw new ProviderError(huaweiErrors.UnexpectedAPIError, { exception: 'InstanceInvalidState' });
    }
    return ok(call, { remote_console: { protocol, type, url: result.url } });
  });

  op('os-getVNCConsole', (call) => {
    const version = negotiate(call);
    // action_peek: the body must be a JSON object with exactly one key, the action's name.
    const parsed = parseJson(call.body);
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
    call.record.operation = action;
    const legacy = LEGACY_ACTIONS[action];
    if (!legacy) throw new ProviderError(huaweiErrors.NoSuchAction, { action });
    checkProject(call);
    if (atLeast(version, '2.6')) throw new ProviderError(huaweiErrors.VersionNotFoundForAPIMethod);
    const detail = novaValidationDetail(body, wrapper(action, enumObject({ type: legacy.types }, ['type'])));
    if (detail !== undefined) throw new ProviderError(huaweiErrors.ValidationError, { detail });
    authorize(call);
    const type = (body as Record<string, { type: string }>)[action]?.type as string;
    const server = getInstance(call, serverId(call));
    if (legacy.protocol === 'rdp') throw new ProviderError(huaweiErrors.HTTPBadRequest);
    const result = getConsole(call, server, legacy.protocol, type, 'os-getVNCConsole');
    if ('invalidState' in result) {
      throw new ProviderError(huaweiErrors.InstanceInvalidStateConflict, {
        action: action === 'os-getVNCConsole' ? 'get_vnc_console' : action,
        server_id: server.id,
        attr: 'task_state',
        state: String(result.invalidState),
      });
    }
    return ok(call, { console: { type, url: result.url } });
  });
}
