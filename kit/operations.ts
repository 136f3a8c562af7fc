import { z } from 'zod';
import { aliyunErrors } from '../contracts/aliyun/errors.ts';
import * as aliyun from '../contracts/aliyun/schemas.ts';
import type { CatalogueEntry, ProviderName } from '../contracts/catalogue.ts';
import { hpcErrors } from '../contracts/hpc/errors.ts';
import * as hpc from '../contracts/hpc/schemas.ts';
import { huaweiErrors } from '../contracts/huawei/errors.ts';
import * as huawei from '../contracts/huawei/schemas.ts';

/**
 * Every operation the emulator serves, as data: where it is, what it takes, what it answers and which catalogue
 * errors it can answer with. The schemas and errors are the contracts' own; this table only says which belongs
 * to which operation. The OpenAPI generator, the vitest matchers and `verify` all read it.
 */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: z.ZodType;
}

/** A named schema (the name becomes an OpenAPI component). */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

export interface OperationContract {
  provider: ProviderName;
  /** The provider's own name for the operation, as the journal and fault rules know it. */
  name: string;
  /** `<provider>.<name>`, what `toMatchContract` takes. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An OpenAPI path template; Alibaba RPC actions are told apart by `?Action=` (see openapi/generate.ts). */
  path: string;
  summary: string;
  description?: string;
  /** Alternatives, each a list of scheme names that apply together; empty: no authentication. */
  security: string[][];
  parameters: Parameter[];
  request?: NamedSchema & { contentType: string };
  success: NamedSchema & { status: number; headers?: Record<string, string> };
  errors: CatalogueEntry[];
}

/** How the error body of each catalogue `shape` is checked. */
export const errorBodySchemas: Record<ProviderName, Record<string, NamedSchema>> = {
  huawei: {
    nova: { name: 'NovaFault', schema: huawei.novaFaultBody },
    keystone: { name: 'KeystoneError', schema: huawei.keystoneErrorBody },
    apigw: { name: 'ApiGatewayError', schema: huawei.apigwErrorBody },
    ecs: { name: 'EcsError', schema: huawei.ecsErrorBody },
    webob: { name: 'WebobError', schema: huawei.webobErrorBody },
  },
  aliyun: { rpc: { name: 'RpcError', schema: aliyun.aliyunErrorBody } },
  hpc: {
    envelope: { name: 'ErrorEnvelope', schema: hpc.errorEnvelope },
    envelopeText: { name: 'ErrorEnvelope', schema: hpc.errorEnvelope },
    spring: { name: 'SpringError', schema: hpc.springErrorBody },
  },
};

const str = z.string();

// --- Huawei Cloud / Nova ---

const projectParam: Parameter = {
  name: 'project_id',
  in: 'path',
  required: true,
  description: 'The project (tenant) id; it must be the token’s or AK/SK’s project.',
  schema: huawei.projectId,
};
const serverParam: Parameter = {
  name: 'server_id',
  in: 'path',
  required: true,
  description: 'Server id.',
  schema: str,
};
const microversionParams: Parameter[] = [
  {
    name: 'X-OpenStack-Nova-API-Version',
    in: 'header',
    description: 'Compute microversion (`2.6`, `latest`, …); 2.1 when neither header is sent.',
    schema: str,
  },
  {
    name: 'OpenStack-API-Version',
    in: 'header',
    description: '`compute <microversion>`; takes precedence over `X-OpenStack-Nova-API-Version`.',
    schema: str,
  },
];
const microversionHeaders = {
  'OpenStack-API-Version': '`compute <microversion>` the request was served at.',
  'X-OpenStack-Nova-API-Version': 'The microversion the request was served at.',
  Vary: '`OpenStack-API-Version, X-OpenStack-Nova-API-Version`.',
  'x-compute-request-id': '`req-<uuid>`.',
};
const novaSecurity = [['keystoneToken'], ['akskSignature']];
const e = huaweiErrors;
/** What keystonemiddleware, the gateway and Nova's resource layer answer before any operation runs. */
const novaCommon = [
  e.Unauthorized,
  e['APIGW.0301'],
  e['APIGW.0307'],
  e.InvalidAPIVersionString,
  e.InvalidGlobalAPIVersion,
  e.UnsupportedContentType,
  e.ProjectIdMismatch,
  e.RequestEntityTooLarge,
  e.UnexpectedAPIError,
];
const consoleErrors = [
  e.InstanceNotFound,
  e.PolicyNotAuthorized,
  e.InstanceNotReady,
  e.ConsoleTypeInvalid,
  e.ConsoleTypeUnavailable,
  e.HTTPBadRequest,
  e.NotImplemented,
  e.ValidationError,
  e.MalformedRequestBody,
];
const briefServer = huawei.novaServer.pick({ id: true, name: true, links: true });

const huaweiOperations: Omit<OperationContract, 'provider' | 'id'>[] = [
  {
    name: 'listVersions',
    method: 'GET',
    path: '/',
    summary: 'List compute API versions',
    security: [],
    parameters: [],
    success: { status: 200, name: 'NovaVersions', schema: huawei.novaVersionsDocument },
    errors: [],
  },
  {
    name: 'showVersion',
    method: 'GET',
    path: '/v2.1/',
    summary: 'Show the v2.1 compute API version (microversion discovery)',
    security: [],
    parameters: microversionParams,
    success: {
      status: 200,
      name: 'NovaVersion',
      schema: huawei.novaVersionDocument,
      headers: microversionHeaders,
    },
    errors: [e.InvalidAPIVersionString, e.InvalidGlobalAPIVersion],
  },
  {
    name: 'showIdentityVersion',
    method: 'GET',
    path: '/v3',
    summary: 'Show the Identity (Keystone v3) API version',
    security: [],
    parameters: [],
    success: {
      status: 200,
      name: 'IdentityVersion',
      schema: z.object({ version: z.object({ id: str, status: str, links: z.array(z.unknown()) }) }),
    },
    errors: [],
  },
  {
    name: 'createToken',
    method: 'POST',
    path: '/v3/auth/tokens',
    summary: 'Issue an IAM token (password method)',
    description: 'The token comes back in the `X-Subject-Token` header; its catalog points at the emulator.',
    security: [],
    parameters: [],
    request: {
      name: 'AuthTokensRequest',
      schema: huawei.authTokensRequest,
      contentType: 'application/json',
    },
    success: {
      status: 201,
      name: 'AuthTokensResponse',
      schema: huawei.authTokensResponse,
      headers: { 'X-Subject-Token': 'The token, for `X-Auth-Token`.' },
    },
    errors: [e.KeystoneValidationError, e.Unauthorized, e.RequestEntityTooLarge],
  },
  {
    name: 'listServers',
    method: 'GET',
    path: '/v2.1/{project_id}/servers',
    summary: 'List servers (id, name, links)',
    security: novaSecurity,
    parameters: [
      projectParam,
      ...microversionParams,
      { name: 'name', in: 'query', description: 'Exact server name.', schema: str },
    ],
    success: {
      status: 200,
      name: 'NovaServers',
      schema: z.object({ servers: z.array(briefServer) }),
      headers: microversionHeaders,
    },
    errors: novaCommon,
  },
  {
    name: 'listServersDetail',
    method: 'GET',
    path: '/v2.1/{project_id}/servers/detail',
    summary: 'List servers with details',
    security: novaSecurity,
    parameters: [
      projectParam,
      ...microversionParams,
      { name: 'name', in: 'query', description: 'Server name, a regular expression.', schema: str },
      { name: 'status', in: 'query', description: 'Server status, e.g. `ACTIVE`.', schema: str },
    ],
    success: {
      status: 200,
      name: 'NovaServersDetail',
      schema: huawei.novaServersDocument,
      headers: microversionHeaders,
    },
    errors: novaCommon,
  },
  {
    name: 'showServer',
    method: 'GET',
    path: '/v2.1/{project_id}/servers/{server_id}',
    summary: 'Show a server',
    security: novaSecurity,
    parameters: [projectParam, serverParam, ...microversionParams],
    success: {
      status: 200,
      name: 'NovaServer',
      schema: huawei.novaServerDocument,
      headers: microversionHeaders,
    },
    errors: [...novaCommon, e.InstanceNotFound],
  },
  {
    name: 'remoteConsoles',
    method: 'POST',
    path: '/v2.1/{project_id}/servers/{server_id}/remote-consoles',
    summary: 'Create a remote console (microversion 2.6 or later)',
    description:
      'The console URL expires 10 minutes after issue on the emulator clock. Types per microversion: 2.8 adds `mks`/`webmks`, 2.99 `spice-direct`.',
    security: novaSecurity,
    parameters: [projectParam, serverParam, ...microversionParams],
    request: {
      name: 'RemoteConsoleRequest',
      schema: huawei.remoteConsoleRequest,
      contentType: 'application/json',
    },
    success: {
      status: 200,
      name: 'RemoteConsoleResponse',
      schema: huawei.remoteConsoleResponse,
      headers: microversionHeaders,
    },
    errors: [...novaCommon, e.VersionNotFoundForAPIMethod, ...consoleErrors],
  },
  {
    name: 'os-getVNCConsole',
    method: 'POST',
    path: '/v2.1/{project_id}/servers/{server_id}/action',
    summary: 'Get a VNC console (legacy server action, microversions 2.1–2.5)',
    description:
      'The journal names a server action by its key (`os-getVNCConsole`, `os-getSPICEConsole`, …); any other key is `NoSuchAction`.',
    security: novaSecurity,
    parameters: [projectParam, serverParam, ...microversionParams],
    request: {
      name: 'GetVncConsoleAction',
      schema: huawei.getVncConsoleAction,
      contentType: 'application/json',
    },
    success: {
      status: 200,
      name: 'LegacyConsoleResponse',
      schema: huawei.legacyConsoleResponse,
      headers: microversionHeaders,
    },
    errors: [
      ...novaCommon,
      e.VersionNotFoundForAPIMethod,
      e.NoSuchAction,
      e.InstanceInvalidStateConflict,
      ...consoleErrors,
    ],
  },
  {
    name: 'showServerRemoteConsole',
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/{server_id}/remote_console',
    summary: 'Get a remote console (Huawei native ECS API, ShowServerRemoteConsole)',
    security: novaSecurity,
    parameters: [projectParam, serverParam],
    request: {
      name: 'NativeRemoteConsoleRequest',
      schema: huawei.nativeRemoteConsoleRequest,
      contentType: 'application/json',
    },
    success: {
      status: 200,
      name: 'RemoteConsoleResponse',
      schema: huawei.remoteConsoleResponse,
      headers: { 'X-Request-Id': '32 hex digits.' },
    },
    errors: [
      e['APIGW.0301'],
      e['APIGW.0307'],
      e['Ecs.0003'],
      e['Ecs.0005'],
      e['Ecs.0114'],
      e['Ecs.0100'],
      e.RequestEntityTooLarge,
    ],
  },
];

/** Errors of no operation: what an unknown path answers. */
export const unmatchedErrors: Record<ProviderName, CatalogueEntry[]> = {
  huawei: [e.RouteNotFound, e.KeystoneNotFound, e['APIGW.0101']],
  aliyun: [aliyunErrors['InvalidAction.NotFound']],
  hpc: [hpcErrors.NotFound, hpcErrors.MethodNotAllowed],
};

// --- Alibaba Cloud ECS (RPC) ---

const a = aliyunErrors;
/** The gateway's checks, in its order, before the action runs (docs/providers/aliyun.md, Behaviour). */
const gatewayErrors = [
  a.ServiceUnavailable,
  a.UnsupportedHTTPMethod,
  a.RequestEntityTooLarge,
  a.MissingParameter,
  a['InvalidAction.NotFound'],
  a.InvalidVersion,
  a['InvalidParameter.Format'],
  a.InvalidSignatureMethod,
  a.IncompleteSignature,
  a['InvalidAccessKeyId.NotFound'],
  a['InvalidAccessKeyId.Inactive'],
  a['InvalidTimeStamp.Format'],
  a['InvalidTimeStamp.Expired'],
  a.SignatureNonceUsed,
  a.SignatureDoesNotMatch,
  a['Forbidden.RAM'],
  a['Throttling.User'],
  a.InternalError,
  a.EcsInternalError,
];
const regionParam: Parameter = {
  name: 'RegionId',
  in: 'query',
  required: true,
  description: 'Region, e.g. `cn-hangzhou`.',
  schema: str,
};
const instanceParam: Parameter = {
  name: 'InstanceId',
  in: 'query',
  required: true,
  description: 'Instance id, e.g. `i-bp1demorunning000001`.',
  schema: str,
};

const aliyunOperations: Array<Omit<OperationContract, 'provider' | 'id' | 'method' | 'path' | 'security'>> = [
  {
    name: 'DescribeInstanceVncUrl',
    summary: 'Get the VNC WebSocket URL of an instance',
    description:
      '`VncUrl` is `ws(s)://<host>/websockify/?s=<token>`, percent-encoded once (the token inside it too); valid 15 seconds, once.',
    parameters: [regionParam, instanceParam],
    success: {
      status: 200,
      name: 'DescribeInstanceVncUrlResponse',
      schema: aliyun.describeInstanceVncUrlResponse,
    },
    errors: [
      ...gatewayErrors,
      a['InvalidRegionId.NotFound'],
      a['InvalidInstanceId.NotFound'],
      a.InvalidRegionInstance,
      a.IncorrectInstanceStatus,
      a.InstanceNotReady,
      a['InstanceNotReady.Temporarily'],
    ],
  },
  {
    name: 'ModifyInstanceVncPasswd',
    summary: 'Change the VNC password of an instance',
    parameters: [
      regionParam,
      instanceParam,
      {
        name: 'VncPassword',
        in: 'query',
        required: true,
        description: 'Six letters and digits, with upper case, lower case and a digit.',
        schema: str,
      },
    ],
    success: {
      status: 200,
      name: 'ModifyInstanceVncPasswdResponse',
      schema: aliyun.modifyInstanceVncPasswdResponse,
    },
    errors: [
      ...gatewayErrors,
      a['IncorrectVncPassword.Invalid'],
      a['IncorrectVncPassword.Malformed'],
      a['InvalidRegionId.NotFound'],
      a['InvalidInstanceId.NotFound'],
      a.NoSuchResource,
      a.IncorrectInstanceStatus,
      a['InstanceNotReady.Temporarily'],
    ],
  },
  {
    name: 'DescribeRegions',
    summary: 'List regions',
    parameters: [
      { name: 'AcceptLanguage', in: 'query', description: '`zh-CN` (default) or `en-US`.', schema: str },
    ],
    success: { status: 200, name: 'DescribeRegionsResponse', schema: aliyun.describeRegionsResponse },
    errors: gatewayErrors,
  },
  {
    name: 'DescribeInstances',
    summary: 'List instances',
    parameters: [
      regionParam,
      { name: 'InstanceIds', in: 'query', description: 'A JSON array of up to 100 ids.', schema: str },
      { name: 'InstanceName', in: 'query', description: 'Instance name.', schema: str },
      { name: 'Status', in: 'query', description: '`Running`, `Stopped`, …', schema: str },
      { name: 'PageNumber', in: 'query', description: 'From 1.', schema: str },
      { name: 'PageSize', in: 'query', description: '1–100, 10 by default.', schema: str },
    ],
    success: { status: 200, name: 'DescribeInstancesResponse', schema: aliyun.describeInstancesResponse },
    errors: [
      ...gatewayErrors,
      a.InvalidParameter,
      a['InvalidRegionId.NotFound'],
      a['InvalidInstanceIds.Malformed'],
      a['InvalidStatus.NotFound'],
    ],
  },
];

/** The V1 parameters and V3 headers every RPC call carries (aliyun reference §1.2, §1.3). */
export const aliyunCommonParameters: Parameter[] = [
  { name: 'Action', in: 'query', description: 'V1: the action (V3 sends `x-acs-action`).', schema: str },
  {
    name: 'Version',
    in: 'query',
    description: 'V1: `2014-05-26`.',
    schema: z.literal(aliyun.ECS_API_VERSION),
  },
  { name: 'Format', in: 'query', description: 'V1: `JSON` or `XML` (the default).', schema: str },
  { name: 'AccessKeyId', in: 'query', description: 'V1: the AccessKey id.', schema: str },
  { name: 'SignatureMethod', in: 'query', description: 'V1: `HMAC-SHA1`.', schema: str },
  { name: 'SignatureVersion', in: 'query', description: 'V1: `1.0`.', schema: str },
  { name: 'SignatureNonce', in: 'query', description: 'V1: unique per request (15 minutes).', schema: str },
  {
    name: 'Timestamp',
    in: 'query',
    description: 'V1: `yyyy-MM-ddTHH:mm:ssZ`, within 15 minutes.',
    schema: str,
  },
  { name: 'x-acs-action', in: 'header', description: 'V3: the action.', schema: str },
  { name: 'x-acs-version', in: 'header', description: 'V3: `2014-05-26`.', schema: str },
  { name: 'x-acs-date', in: 'header', description: 'V3: `yyyy-MM-ddTHH:mm:ssZ`.', schema: str },
  { name: 'x-acs-signature-nonce', in: 'header', description: 'V3: unique per request.', schema: str },
  { name: 'x-acs-content-sha256', in: 'header', description: 'V3: hex SHA-256 of the body.', schema: str },
];

// --- SCNet / Sugon HPC ---

const h = hpcErrors;
const hpcCommon = [h.ContentTooLarge, h.InternalError, h.MethodNotAllowed];
const tokenErrors = [h.MissingParameters, h.PermissionDenied, h.RateLimited];
const desktopErrors = [...tokenErrors, h.DesktopServiceError];
const sessionParam: Parameter = {
  name: 'sessionId',
  in: 'path',
  required: true,
  description: '`<vncNode>--<computeUser>--<type>--<display>`, e.g. `gv101--demo--SIG--4`.',
  schema: str,
};
const header = (name: string, description: string): Parameter => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: z.string().min(1),
});

const hpcOperations: Omit<OperationContract, 'provider' | 'id'>[] = [
  {
    name: 'getUserTokens',
    method: 'POST',
    path: '/ac/openapi/v2/tokens',
    summary: 'Issue tokens with user name and password (one per region, plus the platform’s)',
    security: [],
    parameters: [
      header('user', 'User name.'),
      header('password', 'Password.'),
      header('orgId', 'Organisation id.'),
    ],
    success: { status: 200, name: 'TokensResponse', schema: hpc.tokensResponse },
    errors: [h.MissingParameters, h.UserNotFound, h.PermissionDenied, ...hpcCommon],
  },
  {
    name: 'getUserTokensAkSk',
    method: 'POST',
    path: '/api/user/v3/tokens',
    summary: 'Issue tokens with an AccessKey (HMAC-SHA256 signature)',
    security: [],
    parameters: [
      header('user', 'User name.'),
      header('accessKey', 'AccessKey.'),
      header('timestamp', 'Seconds since the epoch, within 300 s.'),
      header('signature', 'Hex HMAC-SHA256 of `{"accessKey","timestamp","user"}` keyed with the SecretKey.'),
    ],
    success: { status: 200, name: 'TokensResponse', schema: hpc.tokensResponse },
    errors: [
      h.MissingParameters,
      h.InvalidParameter,
      h.UserNotFound,
      h.SignatureMismatch,
      h.VerificationFailed,
      ...hpcCommon,
    ],
  },
  {
    name: 'getTokenState',
    method: 'GET',
    path: '/ac/openapi/v2/tokens/state',
    summary: 'Check that a token is valid',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'TokenStateResponse', schema: hpc.tokenStateResponse },
    errors: [...tokenErrors, ...hpcCommon],
  },
  {
    name: 'renewToken',
    method: 'POST',
    path: '/ac/openapi/v2/tokens/next',
    summary: 'Renew a token (up to 24 h after it expired)',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'RenewTokenResponse', schema: hpc.renewTokenResponse },
    errors: [h.MissingParameters, h.PermissionDenied, ...hpcCommon],
  },
  {
    name: 'getCenterInfo',
    method: 'GET',
    path: '/ac/openapi/v2/center',
    summary: 'The region’s URLs (`hpcUrls`, …) for a region token',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'CenterResponse', schema: hpc.centerResponse },
    errors: [...tokenErrors, h.CenterNeedsRegionToken, ...hpcCommon],
  },
  {
    name: 'listVncSessions',
    method: 'GET',
    path: '/hpc/openapi/v2/desktop/vnc',
    summary: 'List the caller’s VNC sessions',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'ListVncSessionsResponse', schema: hpc.listVncSessionsResponse },
    errors: [...desktopErrors, ...hpcCommon],
  },
  {
    name: 'createVncSession',
    method: 'PUT',
    path: '/hpc/openapi/v2/desktop/vnc',
    summary: 'Create the caller’s VNC session (one per user: answers the existing one)',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'CreateVncSessionResponse', schema: hpc.createVncSessionResponse },
    errors: [...desktopErrors, h.VncNodesOverloaded, ...hpcCommon],
  },
  {
    name: 'deleteVncSession',
    method: 'DELETE',
    path: '/hpc/openapi/v2/desktop/vnc/{sessionId}',
    summary: 'Delete a VNC session',
    security: [['hpcToken']],
    parameters: [sessionParam],
    success: { status: 200, name: 'DeleteVncSessionResponse', schema: hpc.deleteVncSessionResponse },
    errors: [...desktopErrors, h.InvalidParameter, h.VncSessionNotFound, ...hpcCommon],
  },
  {
    name: 'getVncLaunchUrl',
    method: 'GET',
    path: '/hpc/openapi/v2/desktop/vnc/{sessionId}/launchurl',
    summary: 'The noVNC launch URL of a session',
    description:
      'With `withDomain: false` the URL has no host: join the origin of an enabled `hpcUrls` entry (without `/hpc`).',
    security: [['hpcToken']],
    parameters: [sessionParam],
    success: { status: 200, name: 'LaunchUrlResponse', schema: hpc.launchUrlResponse },
    errors: [...desktopErrors, h.InvalidParameter, ...hpcCommon],
  },
];

const withId =
  (provider: ProviderName) =>
  (op: Omit<OperationContract, 'provider' | 'id'>): OperationContract => ({
    ...op,
    provider,
    id: `${provider}.${op.name}`,
  });

export const operations: Record<ProviderName, readonly OperationContract[]> = {
  huawei: huaweiOperations.map(withId('huawei')),
  aliyun: aliyunOperations.map((op) =>
    withId('aliyun')({
      ...op,
      // RPC: every action is on `/`, GET or POST; the generator gives each its own path key.
      method: 'POST',
      path: `/?Action=${op.name}`,
      security: [['acsV3Signature'], ['acsV1Signature']],
    }),
  ),
  hpc: hpcOperations.map(withId('hpc')),
};

export const allOperations: readonly OperationContract[] = Object.values(operations).flat();

/** The operation of an id such as `aliyun.DescribeInstanceVncUrl`; throws with the known ids otherwise. */
export function operation(id: string): OperationContract {
  const found = allOperations.find((op) => op.id === id);
  if (!found) {
    throw new Error(`no operation "${id}"; known: ${allOperations.map((op) => op.id).join(', ')}`);
  }
  return found;
}
