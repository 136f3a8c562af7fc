import { z } from 'zod';
import type { CatalogueEntry } from '../catalogue.ts';
import {
  blame,
  defineOperations,
  type NamedSchema,
  type OperationSpec,
  type Parameter,
} from '../operation.ts';
import { aliyunErrors } from './errors.ts';
import type { AliyunAction } from './schemas.ts';
import * as aliyun from './schemas.ts';

const str = z.string();

const a = aliyunErrors;
/** The gateway's checks, in its order, before the action runs (docs/providers/aliyun.md, Behaviour). */
const gatewayErrors = [
  a.ServiceUnavailable,
  a.UnsupportedHTTPMethod,
  a['InvalidProtocol.NeedSsl'],
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
  a['Throttling.Api'],
  a.Throttling,
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

type RpcSpec = Omit<OperationSpec, 'method' | 'path' | 'security'>;

/** RPC: every action is on `/`, GET or POST, signed V3 or V1; the generator gives each its own path key. */
function rpc<const T extends Record<AliyunAction, RpcSpec>>(specs: T): { [K in keyof T]: OperationSpec } {
  const out: Record<string, OperationSpec> = {};
  for (const [action, spec] of Object.entries<RpcSpec>(specs)) {
    out[action] = {
      ...spec,
      method: 'POST',
      path: `/?Action=${action}`,
      security: [['acsV3Signature'], ['acsV1Signature']],
      answerHeaders: { 'x-acs-request-id': 'The answer’s `RequestId`, an upper-case UUID.' },
    };
  }
  return out as { [K in keyof T]: OperationSpec };
}

/** Every ECS action the emulator serves, keyed by the action's name. */
export const aliyunOperations = defineOperations(
  'aliyun',
  rpc({
    DescribeInstanceVncUrl: {
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
    ModifyInstanceVncPasswd: {
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
    DescribeRegions: {
      summary: 'List regions',
      parameters: [
        { name: 'AcceptLanguage', in: 'query', description: '`zh-CN` (default) or `en-US`.', schema: str },
      ],
      success: { status: 200, name: 'DescribeRegionsResponse', schema: aliyun.describeRegionsResponse },
      errors: gatewayErrors,
    },
    DescribeInstances: {
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
  }),
);

export type AliyunOperationName = keyof typeof aliyunOperations;

/** The V1 parameters and V3 headers every RPC call carries (docs/providers/aliyun.md §1.2, §1.3). */
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

/** How the error body of each catalogue `shape` is checked. */
export const aliyunErrorBodies: Record<string, NamedSchema> = {
  rpc: { name: 'RpcError', schema: aliyun.aliyunErrorBody },
};

/** Errors of no operation: what an unknown action answers. */
export const aliyunUnmatchedErrors: CatalogueEntry[] = [a['InvalidAction.NotFound']];

/** Which of Alibaba's errors are the consumer's fault, and of what kind (what `console-emulator check` reports). */
export const aliyunBlame = blame(aliyunErrors, {
  'unsigned or mis-signed call': [
    'IncompleteSignature',
    'SignatureDoesNotMatch',
    'InvalidSignatureMethod',
    'InvalidAccessKeyId.NotFound',
    'InvalidTimeStamp.Format',
    'InvalidTimeStamp.Expired',
    'SignatureNonceUsed',
  ],
  'contract violation': [
    'MissingParameter',
    'InvalidParameter',
    'InvalidParameter.Format',
    'InvalidVersion',
    'UnsupportedHTTPMethod',
    'RequestEntityTooLarge',
    'IncorrectVncPassword.Invalid',
    'IncorrectVncPassword.Malformed',
    'InvalidInstanceIds.Malformed',
  ],
  'unknown operation': ['InvalidAction.NotFound'],
});
