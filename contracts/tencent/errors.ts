import { defineCatalogue } from '../catalogue.ts';

/**
 * Tencent Cloud CVM error catalogue. Every error has the one API 3.0 shape (`tc3`):
 * `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, always with HTTP 200 — the official SDKs read an
 * error only from a 200 answer (docs/providers/tencent.md, "Errors"). Messages quoted from real answers are
 * marked in `note`; the others are written in the gateway's style.
 */
export const tencentErrors = defineCatalogue('tencent', {
  // --- The API 3.0 gateway, common to every action ---
  UnsupportedProtocol: {
    code: 'UnsupportedProtocol',
    status: 200,
    shape: 'tc3',
    message: 'HTTP(S) request method `{method}` is not supported, only GET and POST are.',
  },
  InvalidAuthorization: {
    code: 'AuthFailure.InvalidAuthorization',
    status: 200,
    shape: 'tc3',
    message: 'Authorization header `{reason}` is invalid.',
  },
  InvalidAction: {
    code: 'InvalidAction',
    status: 200,
    shape: 'tc3',
    message: 'The request `Action` is invalid or not found.',
    note: 'Text seen in real answers.',
  },
  NoSuchVersion: {
    code: 'NoSuchVersion',
    status: 200,
    shape: 'tc3',
    message: 'The requested version `{version}` of API `{action}` does not exist.',
  },
  MissingParameter: {
    code: 'MissingParameter',
    status: 200,
    shape: 'tc3',
    message: 'The request is missing a required parameter `{param}`.',
  },
  UnknownParameter: {
    code: 'UnknownParameter',
    status: 200,
    shape: 'tc3',
    message: 'The parameter `{param}` is not recognized.',
  },
  InvalidParameter: {
    code: 'InvalidParameter',
    status: 200,
    shape: 'tc3',
    message: 'Parameter `{param}` type error.',
    note: 'Text seen in real answers (`Parameter `Nonce` type error.`).',
  },
  InvalidJsonBody: {
    code: 'InvalidParameter',
    status: 200,
    shape: 'tc3',
    message: 'The request body is not a valid JSON object.',
    note: 'The code of a parameter error; the text is the emulator’s.',
  },
  ParametersConflict: {
    code: 'InvalidParameter',
    status: 200,
    shape: 'tc3',
    message: 'The parameters `{first}` and `{second}` cannot be specified at the same time.',
    note: '`InstanceIds` and `Filters` of DescribeInstances are exclusive (API metadata); the code is inferred.',
  },
  InvalidParameterValue: {
    code: 'InvalidParameterValue',
    status: 200,
    shape: 'tc3',
    message: 'The value `{value}` specified in the parameter `{param}` is not valid',
    note: 'Text seen in real CVM answers (no final period).',
  },
  SignatureExpire: {
    code: 'AuthFailure.SignatureExpire',
    status: 200,
    shape: 'tc3',
    message: 'The signature is expired, please request again.',
    note: 'Text seen in real answers; a timestamp more than 5 minutes from the server time.',
  },
  SecretIdNotFound: {
    code: 'AuthFailure.SecretIdNotFound',
    status: 200,
    shape: 'tc3',
    message: 'The SecretId is not found, please ensure that your SecretId is correct.',
    note: 'Text seen in real answers; also a disabled key.',
  },
  SignatureFailure: {
    code: 'AuthFailure.SignatureFailure',
    status: 200,
    shape: 'tc3',
    message: 'The provided credentials could not be validated. Please check your signature is correct.',
    note: 'Text of the documentation’s error-code pages.',
  },
  NonceUsed: {
    code: 'AuthFailure.SignatureFailure',
    status: 200,
    shape: 'tc3',
    message: 'The `Nonce` `{nonce}` has already been used, please request again.',
    note: 'A legacy `Nonce` must not repeat (legacy common-error page); the code a replay gets is inferred.',
  },
  UnsupportedRegion: {
    code: 'UnsupportedRegion',
    status: 200,
    shape: 'tc3',
    message: 'The `Region` `{region}` is not supported.',
  },
  RequestLimitExceeded: {
    code: 'RequestLimitExceeded',
    status: 200,
    shape: 'tc3',
    message:
      'Your current request times equals to `{limit}` in a second, which exceeds the frequency limit `{limit}` for a second. Please reduce the frequency of calls.',
  },
  RequestSizeLimitExceeded: {
    code: 'RequestSizeLimitExceeded',
    status: 200,
    shape: 'tc3',
    message: 'The request size exceeds the limit `{limit}` bytes.',
    note: 'A code of the API 3.0 common error list; the text is the emulator’s.',
  },
  InternalError: {
    code: 'InternalError',
    status: 200,
    shape: 'tc3',
    message: 'An internal error has occurred. Retry your request, but if the problem persists, contact us.',
  },

  // --- DescribeInstanceVncUrl / DescribeInstances ---
  'InvalidInstanceId.NotFound': {
    code: 'InvalidInstanceId.NotFound',
    status: 200,
    shape: 'tc3',
    message: 'The instance `{instance_id}` is not found.',
  },
  'InvalidInstanceId.Malformed': {
    code: 'InvalidInstanceId.Malformed',
    status: 200,
    shape: 'tc3',
    message: 'The instance ID `{instance_id}` is malformed.',
    note: 'An `ins-` id of the wrong length.',
  },
  'InvalidParameterValue.InstanceIdMalformed': {
    code: 'InvalidParameterValue.InstanceIdMalformed',
    status: 200,
    shape: 'tc3',
    message: 'The instance ID `{instance_id}` is malformed, it must look like `ins-xxxxxxxx`.',
  },
  'InvalidParameterValue.LimitExceeded': {
    code: 'InvalidParameterValue.LimitExceeded',
    status: 200,
    shape: 'tc3',
    message: 'The number of values of the parameter `{param}` exceeds the limit `{limit}`.',
  },
  InvalidFilter: {
    code: 'InvalidFilter',
    status: 200,
    shape: 'tc3',
    message: 'The filter `{name}` is not valid.',
  },
  'InvalidFilterValue.LimitExceeded': {
    code: 'InvalidFilterValue.LimitExceeded',
    status: 200,
    shape: 'tc3',
    message: 'The filter `{name}` has more than `{limit}` values.',
  },
  InvalidInstanceState: {
    code: 'InvalidInstanceState',
    status: 200,
    shape: 'tc3',
    message: 'The instance `{instance_id}` state `{state}` does not support this operation.',
  },
  InstanceOperationInProgress: {
    code: 'OperationDenied.InstanceOperationInProgress',
    status: 200,
    shape: 'tc3',
    message: 'An operation is in progress on the instance `{instance_id}`, please try again later.',
  },
  InstanceStateStopped: state('Stopped', 'stopped'),
  InstanceStatePending: state('Pending', 'being created'),
  InstanceStateStarting: state('Starting', 'starting'),
  InstanceStateStopping: state('Stopping', 'stopping'),
  InstanceStateRebooting: state('Rebooting', 'rebooting'),
  InstanceStateShutdown: state('Shutdown', 'isolated (shut down, awaiting destruction)'),
  InstanceStateTerminating: state('Terminating', 'being destroyed'),
  InstanceStateTerminated: state('Terminated', 'destroyed'),
  InstanceStateEnterRescueMode: state('EnterRescueMode', 'entering rescue mode'),
  InstanceStateExitRescueMode: state('ExitRescueMode', 'leaving rescue mode'),
  InstanceStateEnterServiceLiveMigrate: state('EnterServiceLiveMigrate', 'entering a live migration'),
  InstanceStateExitServiceLiveMigrate: state('ExitServiceLiveMigrate', 'leaving a live migration'),
  InstanceStateBanning: {
    code: 'UnsupportedOperation.InstanceStateBanning',
    status: 200,
    shape: 'tc3',
    message: 'The instance `{instance_id}` is banned, the operation is not supported.',
  },
  InstanceReinstallFailed: {
    code: 'UnsupportedOperation.InstanceReinstallFailed',
    status: 200,
    shape: 'tc3',
    message: 'The system of instance `{instance_id}` failed to reinstall, the operation is not supported.',
  },
  SpecialInstanceType: {
    code: 'UnsupportedOperation.SpecialInstanceType',
    status: 200,
    shape: 'tc3',
    message: 'The instance type of `{instance_id}` does not support this operation.',
  },
  StoppedModeStopCharging: {
    code: 'UnsupportedOperation.StoppedModeStopCharging',
    status: 200,
    shape: 'tc3',
    message: 'The instance `{instance_id}` is stopped in no-charge mode, the operation is not supported.',
  },
  InstanceNotSupported: {
    code: 'InvalidInstance.NotSupported',
    status: 200,
    shape: 'tc3',
    message: 'The instance `{instance_id}` does not support this operation.',
  },
  InvalidToken: {
    code: 'UnauthorizedOperation.InvalidToken',
    status: 200,
    shape: 'tc3',
    message: 'The token is invalid, please check the `X-TC-Token` header.',
  },
  MFAExpired: {
    code: 'UnauthorizedOperation.MFAExpired',
    status: 200,
    shape: 'tc3',
    message: 'The MFA verification has expired.',
  },
  MFANotFound: {
    code: 'UnauthorizedOperation.MFANotFound',
    status: 200,
    shape: 'tc3',
    message: 'The MFA verification was not found.',
  },
});

/** `UnsupportedOperation.InstanceState<State>`: one code per state the console refuses. */
function state(name: string, what: string) {
  return {
    code: `UnsupportedOperation.InstanceState${name}`,
    status: 200,
    shape: 'tc3',
    message: `The instance \`{instance_id}\` is ${what}, the operation is not supported.`,
  } as const;
}
