import { aliyunErrors } from '../contracts/aliyun/errors.ts';
import type { CatalogueEntry, ProviderName } from '../contracts/catalogue.ts';
import { hpcErrors } from '../contracts/hpc/errors.ts';
import { huaweiErrors } from '../contracts/huawei/errors.ts';
import type { OperationName } from '../contracts/operations.ts';

/**
 * The contract cases, as data: a request, and the answer the contract promises (a success, or one catalogue
 * error). The same lists test the emulator (`test/kit/`) and verify any provider (`console-emulator verify`).
 * Values in `{braces}` are taken from the credentials file (`{servers.active}`, `{projectId}`); a case whose
 * value is not there is skipped. HPC's `{ownSession}` is the user's session, created (or found) at run time. Each documented success is here, and each error a client can provoke with
 * ordinary credentials and resources (not the ones that need a provider-side switch, such as
 * `ServiceUnavailable`).
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

/** How an Alibaba request is signed, and what is wrong with it on purpose. */
export interface AliyunRequest {
  action: string;
  params: Record<string, string>;
  signature: 'v3' | 'v1';
  format?: 'JSON' | 'XML';
  method?: 'GET' | 'POST';
  version?: string;
  tamper?: 'wrong-secret' | 'unknown-key' | 'stale' | 'replay';
}

/** How an HPC request authenticates. */
export interface HpcRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/hpc/…` paths go to the region's `hpcUrls` origin, the others to the platform. */
  path: string;
  auth: 'region-token' | 'platform-token' | 'none' | 'bad-token' | 'password' | 'aksk';
  /** Header values replacing (or, when `null`, removing) the login headers. */
  login?: Record<string, string | null>;
}

interface CaseBase<E> {
  /** The operation's name, as in `contracts/<provider>/operations.ts`. */
  operation: OperationName;
  title: string;
  /** `success`, or the catalogue entry the answer must be. */
  expect: 'success' | E;
}
export type HuaweiCase = CaseBase<CatalogueEntry> & { provider: 'huawei'; request: HuaweiRequest };
export type AliyunCase = CaseBase<CatalogueEntry> & { provider: 'aliyun'; request: AliyunRequest };
export type HpcCase = CaseBase<CatalogueEntry> & { provider: 'hpc'; request: HpcRequest };
export type ContractCase = HuaweiCase | AliyunCase | HpcCase;

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

const a = aliyunErrors;
const vnc = { RegionId: '{regionId}', InstanceId: '{instances.running}' };
const aliyun = (c: Omit<AliyunCase, 'provider'>): AliyunCase => ({ provider: 'aliyun', ...c });

export const aliyunCases: AliyunCase[] = [
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V3',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V1 JSON, GET',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V1 XML, POST',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: vnc,
      signature: 'v1',
      format: 'XML',
      method: 'POST',
    },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'no InstanceId',
    request: { action: 'DescribeInstanceVncUrl', params: { RegionId: '{regionId}' }, signature: 'v3' },
    expect: a.MissingParameter,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'signed with the wrong secret',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'wrong-secret' },
    expect: a.SignatureDoesNotMatch,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown AccessKey',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v3', tamper: 'unknown-key' },
    expect: a['InvalidAccessKeyId.NotFound'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'Timestamp 20 minutes old',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'stale' },
    expect: a['InvalidTimeStamp.Expired'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'nonce used twice',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'replay' },
    expect: a.SignatureNonceUsed,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown Version',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', version: '2099-01-01' },
    expect: a.InvalidVersion,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: 'i-doesnotexist0000000' },
      signature: 'v3',
    },
    expect: a['InvalidInstanceId.NotFound'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'stopped instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.stopped}' },
      signature: 'v3',
    },
    expect: a.IncorrectInstanceStatus,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'pending instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.pending}' },
      signature: 'v3',
    },
    expect: a.InstanceNotReady,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'instance of another region',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.otherRegion}' },
      signature: 'v3',
    },
    expect: a.InvalidRegionInstance,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown action',
    request: { action: 'DescribeNoSuchThing', params: {}, signature: 'v3' },
    expect: a['InvalidAction.NotFound'],
  }),
  aliyun({
    operation: 'ModifyInstanceVncPasswd',
    title: 'password of the wrong form',
    request: {
      action: 'ModifyInstanceVncPasswd',
      params: { ...vnc, VncPassword: 'abcdef' },
      signature: 'v3',
    },
    expect: a['IncorrectVncPassword.Malformed'],
  }),
  aliyun({
    operation: 'DescribeRegions',
    title: 'regions, V3',
    request: { action: 'DescribeRegions', params: {}, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeRegions',
    title: 'regions, V1 XML',
    request: { action: 'DescribeRegions', params: {}, signature: 'v1', format: 'XML' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstances',
    title: 'instances of the region',
    request: { action: 'DescribeInstances', params: { RegionId: '{regionId}' }, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstances',
    title: 'PageSize not a number',
    request: {
      action: 'DescribeInstances',
      params: { RegionId: '{regionId}', PageSize: 'abc' },
      signature: 'v3',
    },
    expect: a.InvalidParameter,
  }),
];

const h = hpcErrors;
const hpc = (c: Omit<HpcCase, 'provider'>): HpcCase => ({ provider: 'hpc', ...c });

export const hpcCases: HpcCase[] = [
  hpc({
    operation: 'getUserTokens',
    title: 'tokens by password',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens', auth: 'password' },
    expect: 'success',
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'wrong password',
    request: {
      method: 'POST',
      path: '/ac/openapi/v2/tokens',
      auth: 'password',
      login: { password: 'not-it' },
    },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'no orgId',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens', auth: 'password', login: { orgId: null } },
    expect: h.MissingParameters,
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'wrong method',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens', auth: 'password' },
    expect: h.MethodNotAllowed,
  }),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'tokens by AK/SK',
    request: { method: 'POST', path: '/api/user/v3/tokens', auth: 'aksk' },
    expect: 'success',
  }),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'AK/SK, wrong signature',
    request: { method: 'POST', path: '/api/user/v3/tokens', auth: 'aksk', login: { signature: '00' } },
    expect: h.SignatureMismatch,
  }),
  hpc({
    operation: 'getTokenState',
    title: 'valid token',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getTokenState',
    title: 'no token header',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'none' },
    expect: h.MissingParameters,
  }),
  hpc({
    operation: 'getTokenState',
    title: 'forged token',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'bad-token' },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'renewToken',
    title: 'renewal',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens/next', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getCenterInfo',
    title: 'region URLs, region token',
    request: { method: 'GET', path: '/ac/openapi/v2/center', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getCenterInfo',
    title: 'platform token',
    request: { method: 'GET', path: '/ac/openapi/v2/center', auth: 'platform-token' },
    expect: h.CenterNeedsRegionToken,
  }),
  hpc({
    operation: 'listVncSessions',
    title: 'sessions of the user',
    request: { method: 'GET', path: '/hpc/openapi/v2/desktop/vnc', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'listVncSessions',
    title: 'platform token on a region API',
    request: { method: 'GET', path: '/hpc/openapi/v2/desktop/vnc', auth: 'platform-token' },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'createVncSession',
    title: 'the user’s session',
    request: { method: 'PUT', path: '/hpc/openapi/v2/desktop/vnc', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'launch URL of the user’s session',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{ownSession}/launchurl',
      auth: 'region-token',
    },
    expect: 'success',
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'malformed session id',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/not-a-session/launchurl',
      auth: 'region-token',
    },
    expect: h.InvalidParameter,
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'another user’s session',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.otherUser}/launchurl',
      auth: 'region-token',
    },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'session that does not exist',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.missing}/launchurl',
      auth: 'region-token',
    },
    expect: h.InvalidParameter,
  }),
  ...['v1', 'v3'].map((version) =>
    hpc({
      operation: 'getVncLaunchUrl',
      title: `launch URL at API version ${version}`,
      request: {
        method: 'GET',
        path: `/hpc/openapi/${version}/desktop/vnc/{ownSession}/launchurl`,
        auth: 'region-token',
      },
      expect: h.UnsupportedVersion,
    }),
  ),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'AK/SK tokens at API version v2',
    request: { method: 'POST', path: '/api/user/v2/tokens', auth: 'aksk' },
    expect: h.UnsupportedVersion,
  }),
  hpc({
    operation: 'deleteVncSession',
    title: 'delete a session that does not exist',
    request: {
      method: 'DELETE',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.missing}',
      auth: 'region-token',
    },
    expect: h.VncSessionNotFound,
  }),
];

export const contractCases: Record<ProviderName, readonly ContractCase[]> = {
  huawei: huaweiCases,
  aliyun: aliyunCases,
  hpc: hpcCases,
};
