import { z } from 'zod';
import type { CatalogueEntry } from '../catalogue.ts';
import { blame, defineOperations, type NamedSchema, type Parameter } from '../operation.ts';
import { huaweiErrors } from './errors.ts';
import * as huawei from './schemas.ts';

const str = z.string();

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
};
/** The request ids each API answers with, errors included. */
const novaRequestIds = {
  'x-openstack-request-id': '`req-<uuid>`.',
  'x-compute-request-id':
    'The same `req-<uuid>`; Nova’s own answers only, not the 401 of the token check in front of it.',
};
const keystoneRequestIds = { 'x-openstack-request-id': '`req-<uuid>`.' };
const gatewayRequestIds = { 'X-Request-Id': '32 hex digits.' };
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
  e.ServiceUnavailable,
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

/** Every Huawei operation the emulator serves: Nova's version discovery and console APIs, Keystone, native ECS. */
export const huaweiOperations = defineOperations('huawei', {
  listVersions: {
    method: 'GET',
    path: '/',
    summary: 'List compute API versions',
    security: [],
    parameters: [],
    success: { status: 200, name: 'NovaVersions', schema: huawei.novaVersionsDocument },
    errors: [],
  },
  showVersion: {
    method: 'GET',
    path: '/v2.1/',
    answerHeaders: novaRequestIds,
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
  showIdentityVersion: {
    method: 'GET',
    path: '/v3',
    answerHeaders: keystoneRequestIds,
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
  createToken: {
    method: 'POST',
    path: '/v3/auth/tokens',
    answerHeaders: keystoneRequestIds,
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
    errors: [
      e.KeystoneValidationError,
      e.Unauthorized,
      e.RequestEntityTooLarge,
      e.KeystoneServiceUnavailable,
    ],
  },
  listServers: {
    method: 'GET',
    path: '/v2.1/{project_id}/servers',
    answerHeaders: novaRequestIds,
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
  listServersDetail: {
    method: 'GET',
    path: '/v2.1/{project_id}/servers/detail',
    answerHeaders: novaRequestIds,
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
  showServer: {
    method: 'GET',
    path: '/v2.1/{project_id}/servers/{server_id}',
    answerHeaders: novaRequestIds,
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
  remoteConsoles: {
    method: 'POST',
    path: '/v2.1/{project_id}/servers/{server_id}/remote-consoles',
    answerHeaders: novaRequestIds,
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
  'os-getVNCConsole': {
    method: 'POST',
    path: '/v2.1/{project_id}/servers/{server_id}/action',
    answerHeaders: novaRequestIds,
    summary: 'Get a VNC console (legacy server action, microversions 2.1–2.5)',
    description:
      'The journal names a server action by its key (`os-getVNCConsole`, `os-getSPICEConsole`, …); any other key is `NoSuchAction`.',
    security: novaSecurity,
    parameters: [projectParam, serverParam, ...microversionParams],
    request: {
      name: 'ConsoleAction',
      schema: huawei.consoleAction,
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
  showServerRemoteConsole: {
    method: 'POST',
    path: '/v1/{project_id}/cloudservers/{server_id}/remote_console',
    answerHeaders: gatewayRequestIds,
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
    },
    errors: [
      e['APIGW.0301'],
      e['APIGW.0307'],
      e['Ecs.0003'],
      e['Ecs.0005'],
      e['Ecs.0114'],
      e['Ecs.0100'],
      e.RequestEntityTooLarge,
      e['APIGW.0201'],
    ],
  },
});

export type HuaweiOperationName = keyof typeof huaweiOperations;

/** How the error body of each catalogue `shape` is checked. */
export const huaweiErrorBodies: Record<string, NamedSchema> = {
  nova: { name: 'NovaFault', schema: huawei.novaFaultBody },
  keystone: { name: 'KeystoneError', schema: huawei.keystoneErrorBody },
  apigw: { name: 'ApiGatewayError', schema: huawei.apigwErrorBody },
  ecs: { name: 'EcsError', schema: huawei.ecsErrorBody },
  webob: { name: 'WebobError', schema: huawei.webobErrorBody },
};

/** Errors of no operation: what an unknown path answers. */
export const huaweiUnmatchedErrors: CatalogueEntry[] = [e.RouteNotFound, e.KeystoneNotFound, e['APIGW.0101']];

/** Which of Huawei's errors are the consumer's fault, and of what kind (what `console-emulator check` reports). */
export const huaweiBlame = blame(huaweiErrors, {
  'unsigned or mis-signed call': ['Unauthorized', 'APIGW.0301', 'APIGW.0307'],
  'contract violation': [
    'InvalidAPIVersionString',
    'InvalidGlobalAPIVersion',
    'VersionNotFoundForAPIMethod',
    'UnsupportedContentType',
    'MalformedRequestBody',
    'NoSuchAction',
    'ValidationError',
    'ProjectIdMismatch',
    'ConsoleTypeInvalid',
    'KeystoneValidationError',
    'RequestEntityTooLarge',
    'Ecs.0005',
  ],
  'unknown operation': ['RouteNotFound', 'KeystoneNotFound', 'APIGW.0101'],
});
