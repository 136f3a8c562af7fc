import { z } from 'zod';
import type { CatalogueEntry } from '../catalogue.ts';
import {
  blame,
  defineOperations,
  type NamedSchema,
  type OperationSpec,
  type Parameter,
} from '../operation.ts';
import { tencentErrors } from './errors.ts';
import type { TencentAction } from './schemas.ts';
import * as tencent from './schemas.ts';

const str = z.string();
const t = tencentErrors;

/** The gateway's checks, in its order, before the action runs (docs/providers/tencent.md, "Errors"). */
const gatewayErrors = [
  t.UnsupportedProtocol,
  t.RequestSizeLimitExceeded,
  t.InvalidAuthorization,
  t.MissingParameter,
  t.InvalidAction,
  t.NoSuchVersion,
  t.InvalidParameter,
  t.SignatureExpire,
  t.SecretIdNotFound,
  t.NonceUsed,
  t.SignatureFailure,
  t.InvalidToken,
  t.UnsupportedRegion,
  t.InvalidJsonBody,
  t.UnknownParameter,
  t.RequestLimitExceeded,
  t.InternalError,
];

/**
 * What a TC3 call carries in headers beside its JSON body. None is required of every call: the legacy form
 * carries the same values as parameters (`Action`, `Version`, `Timestamp`, `Region`, …).
 */
export const tencentCommonParameters: Parameter[] = [
  {
    name: 'X-TC-Action',
    in: 'header',
    description: 'The action, e.g. `DescribeInstanceVncUrl` (TC3; `Action` in the legacy form).',
    schema: str,
  },
  {
    name: 'X-TC-Version',
    in: 'header',
    description: '`2017-03-12` (TC3; `Version` in the legacy form).',
    schema: z.literal(tencent.CVM_API_VERSION),
  },
  {
    name: 'X-TC-Timestamp',
    in: 'header',
    description: 'Unix seconds, within 5 minutes of real time (TC3; `Timestamp` in the legacy form).',
    schema: str,
  },
  { name: 'X-TC-Region', in: 'header', description: 'e.g. `ap-guangzhou`.', schema: str },
  { name: 'X-TC-Token', in: 'header', description: 'Temporary credentials only.', schema: str },
  { name: 'X-TC-Language', in: 'header', description: '`zh-CN` or `en-US`.', schema: str },
];

type RpcSpec = Omit<OperationSpec, 'method' | 'path' | 'security' | 'parameters'> & {
  parameters?: Parameter[];
};

/** Every action is on `/`, POST (JSON body) or GET (dotted query), signed TC3 or legacy. */
function rpc<const T extends Record<TencentAction, RpcSpec>>(specs: T): { [K in keyof T]: OperationSpec } {
  const out: Record<string, OperationSpec> = {};
  for (const [action, spec] of Object.entries<RpcSpec>(specs)) {
    out[action] = {
      ...spec,
      method: 'POST',
      path: `/?Action=${action}`,
      parameters: [...tencentCommonParameters, ...(spec.parameters ?? [])],
      security: [['tc3Signature'], ['legacySignature']],
    };
  }
  return out as { [K in keyof T]: OperationSpec };
}

/** Every CVM action the emulator serves, keyed by the action's name. */
export const tencentOperations = defineOperations(
  'tencent',
  rpc({
    DescribeInstanceVncUrl: {
      summary: 'Get the VNC WebSocket URL of an instance',
      description:
        '`InstanceVncUrl` is `wss://<host>/vnc?s=<ticket>&password=&isWindows=…&isUbuntu=…`, percent-encoded once; valid 15 seconds, once.',
      request: {
        contentType: 'application/json',
        name: 'DescribeInstanceVncUrlRequest',
        schema: tencent.describeInstanceVncUrlRequest,
      },
      success: {
        status: 200,
        name: 'DescribeInstanceVncUrlResponse',
        schema: tencent.describeInstanceVncUrlResponse,
      },
      errors: [
        ...gatewayErrors,
        t['InvalidInstanceId.NotFound'],
        t['InvalidInstanceId.Malformed'],
        t['InvalidParameterValue.InstanceIdMalformed'],
        t.InvalidInstanceState,
        t.InstanceOperationInProgress,
        t.InstanceStateStopped,
        t.InstanceStatePending,
        t.InstanceStateStarting,
        t.InstanceStateStopping,
        t.InstanceStateRebooting,
        t.InstanceStateShutdown,
        t.InstanceStateTerminating,
        t.InstanceStateTerminated,
        t.InstanceStateEnterRescueMode,
        t.InstanceStateExitRescueMode,
        t.InstanceStateEnterServiceLiveMigrate,
        t.InstanceStateExitServiceLiveMigrate,
        t.InstanceStateBanning,
        t.InstanceReinstallFailed,
        t.SpecialInstanceType,
        t.StoppedModeStopCharging,
        t.InstanceNotSupported,
        t.MFAExpired,
        t.MFANotFound,
      ],
    },
    DescribeInstances: {
      summary: 'List instances',
      request: {
        contentType: 'application/json',
        name: 'DescribeInstancesRequest',
        schema: tencent.describeInstancesRequest,
      },
      success: { status: 200, name: 'DescribeInstancesResponse', schema: tencent.describeInstancesResponse },
      errors: [
        ...gatewayErrors,
        t.InvalidParameterValue,
        t.ParametersConflict,
        t['InvalidInstanceId.Malformed'],
        t['InvalidParameterValue.InstanceIdMalformed'],
        t['InvalidParameterValue.LimitExceeded'],
        t.InvalidFilter,
        t['InvalidFilterValue.LimitExceeded'],
      ],
    },
    DescribeRegions: {
      summary: 'List regions',
      request: {
        contentType: 'application/json',
        name: 'DescribeRegionsRequest',
        schema: tencent.describeRegionsRequest,
      },
      success: { status: 200, name: 'DescribeRegionsResponse', schema: tencent.describeRegionsResponse },
      errors: gatewayErrors,
    },
  }),
);

export type TencentOperationName = keyof typeof tencentOperations;

/** How the error body of each catalogue `shape` is checked. */
export const tencentErrorBodies: Record<string, NamedSchema> = {
  tc3: { name: 'ErrorResponse', schema: tencent.tencentErrorBody },
};

/** Errors of no operation: what an unknown action answers. */
export const tencentUnmatchedErrors: CatalogueEntry[] = [t.InvalidAction];

/** Which of Tencent's errors are the consumer's fault, and of what kind. */
export const tencentBlame = blame(tencentErrors, {
  'unsigned or mis-signed call': [
    'InvalidAuthorization',
    'SignatureExpire',
    'SecretIdNotFound',
    'NonceUsed',
    'SignatureFailure',
    'InvalidToken',
  ],
  'contract violation': [
    'UnsupportedProtocol',
    'RequestSizeLimitExceeded',
    'InvalidJsonBody',
    'ParametersConflict',
    'UnsupportedRegion',
    'MissingParameter',
    'InvalidParameter',
    'InvalidParameterValue',
    'UnknownParameter',
    'NoSuchVersion',
    'InvalidParameterValue.InstanceIdMalformed',
    'InvalidInstanceId.Malformed',
    'InvalidParameterValue.LimitExceeded',
    'InvalidFilter',
    'InvalidFilterValue.LimitExceeded',
  ],
  'unknown operation': ['InvalidAction'],
});
