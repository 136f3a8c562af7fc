import type { ContractCase } from '../contract.ts';
import { huaweiErrors } from './errors.ts';
import type { HuaweiOperationName } from './operations.ts';

/**
 * Huawei's contract cases, as data: a request, and the answer the contract promises (a success, or one catalogue
 * error). The same list tests the emulator (`test/kit/`) and verifies the real service (`console-emulator
 * verify`). Values in `{braces}` are taken from the account (`contracts/huawei/account.ts`); a case whose value
 * is not there is skipped. Each documented success is here, and each error a client can provoke with
 * ordinary credentials and resources (not the ones that need a provider-side switch, such as a service outage).
 */

/** How a Huawei request authenticates. */
export type HuaweiAuthMode = 'token' | 'aksk' | 'none' | 'bad-token' | 'wrong-secret';
export interface HuaweiRequest {
  method: 'GET' | 'POST';
  path: string;
  auth: HuaweiAuthMode;
  microversion?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: object | string;
}

export type HuaweiCase = ContractCase<'huawei', HuaweiRequest, HuaweiOperationName>;

const e = huaweiErrors;
const consoleBody = { remote_console: { protocol: 'vnc', type: 'novnc' } };
const rc = (server: string) => `/v2.1/{projectId}/servers/${server}/remote-consoles`;
const huawei = (c: Omit<HuaweiCase, 'provider'>): HuaweiCase => ({ provider: 'huawei', ...c });

export const huaweiCases: HuaweiCase[] = [
  huawei({
    operation: 'listVersions',
    title: 'version list',
    request: { method: 'GET', path: '/', auth: 'none' },
    expect: 'success',
  }),
  huawei({
    operation: 'showVersion',
    title: 'v2.1 version document',
    request: { method: 'GET', path: '/v2.1/', auth: 'none' },
    expect: 'success',
  }),
  huawei({
    operation: 'showVersion',
    title: 'malformed microversion',
    request: { method: 'GET', path: '/v2.1/', auth: 'none', microversion: '2.x' },
    expect: e.InvalidAPIVersionString,
  }),
  huawei({
    operation: 'showIdentityVersion',
    title: 'identity version',
    request: { method: 'GET', path: '/v3', auth: 'none' },
    expect: 'success',
  }),
  huawei({
    operation: 'createToken',
    title: 'password token',
    request: {
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: '{user}', domain: { name: '{domain}' }, password: '{password}' } },
          },
          scope: { project: { name: '{projectName}', domain: { name: '{domain}' } } },
        },
      },
    },
    expect: 'success',
  }),
  huawei({
    operation: 'createToken',
    title: 'wrong password',
    request: {
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: '{user}', domain: { name: '{domain}' }, password: 'not-the-password' },
            },
          },
        },
      },
    },
    expect: e.Unauthorized,
  }),
  huawei({
    operation: 'createToken',
    title: 'body without auth',
    request: { method: 'POST', path: '/v3/auth/tokens', auth: 'none', body: { identity: {} } },
    expect: e.KeystoneValidationError,
  }),
  huawei({
    operation: 'listServers',
    title: 'servers of the project',
    request: { method: 'GET', path: '/v2.1/{projectId}/servers', auth: 'token' },
    expect: 'success',
  }),
  huawei({
    operation: 'listServersDetail',
    title: 'servers with details',
    request: { method: 'GET', path: '/v2.1/{projectId}/servers/detail', auth: 'token' },
    expect: 'success',
  }),
  huawei({
    operation: 'showServer',
    title: 'one server',
    request: { method: 'GET', path: '/v2.1/{projectId}/servers/{servers.active}', auth: 'token' },
    expect: 'success',
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'noVNC console, IAM token',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: 'success',
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'noVNC console, AK/SK',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'aksk',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: 'success',
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'no token',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'none',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e.Unauthorized,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'invalid token',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'bad-token',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e.Unauthorized,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'AK/SK signed with the wrong secret',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'wrong-secret',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e['APIGW.0301'],
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'microversion 2.1 (before remote-consoles)',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.1',
      body: consoleBody,
    },
    expect: e.VersionNotFoundForAPIMethod,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'microversion above the maximum',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '9.9',
      body: consoleBody,
    },
    expect: e.InvalidGlobalAPIVersion,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'body not JSON',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.6',
      body: '{"remote_console":',
    },
    expect: e.MalformedRequestBody,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'body without protocol',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.6',
      body: { remote_console: { type: 'novnc' } },
    },
    expect: e.ValidationError,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'unsupported Content-Type',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.6',
      headers: { 'Content-Type': 'application/xml' },
      body: '<remote_console/>',
    },
    expect: e.UnsupportedContentType,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'vnc with type spice-html5',
    request: {
      method: 'POST',
      path: rc('{servers.active}'),
      auth: 'token',
      microversion: '2.6',
      body: { remote_console: { protocol: 'vnc', type: 'spice-html5' } },
    },
    expect: e.ConsoleTypeInvalid,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'unknown server',
    request: {
      method: 'POST',
      path: rc('00000000-0000-4000-8000-000000000000'),
      auth: 'token',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e.InstanceNotFound,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'server without a host',
    request: {
      method: 'POST',
      path: rc('{servers.building}'),
      auth: 'token',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e.InstanceNotReady,
  }),
  huawei({
    operation: 'remoteConsoles',
    title: 'project in the URL is not the token’s',
    request: {
      method: 'POST',
      path: '/v2.1/ffffffffffffffffffffffffffffffff/servers/{servers.active}/remote-consoles',
      auth: 'token',
      microversion: '2.6',
      body: consoleBody,
    },
    expect: e.ProjectIdMismatch,
  }),
  huawei({
    operation: 'os-getVNCConsole',
    title: 'legacy action at 2.1',
    request: {
      method: 'POST',
      path: '/v2.1/{projectId}/servers/{servers.active}/action',
      auth: 'token',
      microversion: '2.1',
      body: { 'os-getVNCConsole': { type: 'novnc' } },
    },
    expect: 'success',
  }),
  huawei({
    operation: 'os-getVNCConsole',
    title: 'legacy serial console action, serial consoles off by default',
    request: {
      method: 'POST',
      path: '/v2.1/{projectId}/servers/{servers.active}/action',
      auth: 'token',
      microversion: '2.1',
      body: { 'os-getSerialConsole': { type: 'serial' } },
    },
    expect: e.ConsoleTypeUnavailable,
  }),
  huawei({
    operation: 'os-getVNCConsole',
    title: 'legacy RDP console action, always refused',
    request: {
      method: 'POST',
      path: '/v2.1/{projectId}/servers/{servers.active}/action',
      auth: 'token',
      microversion: '2.1',
      body: { 'os-getRDPConsole': { type: 'rdp-html5' } },
    },
    expect: e.HTTPBadRequest,
  }),
  huawei({
    operation: 'os-getVNCConsole',
    title: 'unknown action',
    request: {
      method: 'POST',
      path: '/v2.1/{projectId}/servers/{servers.active}/action',
      auth: 'token',
      microversion: '2.1',
      body: { 'os-getNoSuchConsole': {} },
    },
    expect: e.NoSuchAction,
  }),
  huawei({
    operation: 'showServerRemoteConsole',
    title: 'native console, AK/SK',
    request: {
      method: 'POST',
      path: '/v1/{projectId}/cloudservers/{servers.active}/remote_console',
      auth: 'aksk',
      body: consoleBody,
    },
    expect: 'success',
  }),
  huawei({
    operation: 'showServerRemoteConsole',
    title: 'native, wrong secret',
    request: {
      method: 'POST',
      path: '/v1/{projectId}/cloudservers/{servers.active}/remote_console',
      auth: 'wrong-secret',
      body: consoleBody,
    },
    expect: e['APIGW.0301'],
  }),
  huawei({
    operation: 'showServerRemoteConsole',
    title: 'native, type other than novnc',
    request: {
      method: 'POST',
      path: '/v1/{projectId}/cloudservers/{servers.active}/remote_console',
      auth: 'aksk',
      body: { remote_console: { protocol: 'vnc', type: 'xvpvnc' } },
    },
    expect: e['Ecs.0005'],
  }),
  huawei({
    operation: 'showServerRemoteConsole',
    title: 'native, unknown server',
    request: {
      method: 'POST',
      path: '/v1/{projectId}/cloudservers/00000000-0000-4000-8000-000000000000/remote_console',
      auth: 'aksk',
      body: consoleBody,
    },
    expect: e['Ecs.0114'],
  }),
];
