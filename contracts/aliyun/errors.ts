import { defineCatalogue } from '../catalogue.ts';

/**
 * Alibaba Cloud ECS error catalogue. Every error has the one RPC shape (`rpc`): `RequestId`, `HostId`,
 * `Code`, `Message`, `Recommend`, in JSON or XML as the request's `Format` asks (docs/providers/aliyun.md §2.1).
 * Codes and messages may hold `{placeholders}`: the gateway's `Missing{Param}` names the parameter in the code.
 */
/** What makes openapi-core 1.0.8 raise a ThrottlingError with `retryAfter` (docs/providers/aliyun.md §2.2). */
const RETRY_AFTER = { 'x-acs-retry-after': 'Milliseconds to wait before calling again.' };

export const aliyunErrors = defineCatalogue('aliyun', {
  // --- The POP gateway, common to every RPC API (docs/providers/aliyun.md §2.2) ---
  MissingParameter: {
    code: 'Missing{param}',
    status: 400,
    shape: 'rpc',
    message: '{param} is mandatory for this action.',
    note: 'The gateway form (`MissingRegionId`), not the legacy ECS `MissingParameter` (docs/providers/aliyun.md §2.2, UNVERIFIED which ECS emits today).',
  },
  InvalidParameter: {
    code: 'InvalidParameter',
    status: 400,
    shape: 'rpc',
    message: 'The specified parameter {param} is not valid.',
    note: 'A value of the wrong type or out of range, e.g. PageSize=abc (ECS troubleshooting page, masked example).',
  },
  'InvalidAction.NotFound': {
    code: 'InvalidAction.NotFound',
    status: 404,
    shape: 'rpc',
    message: 'Specified api is not found, please check your url and method.',
  },
  InvalidVersion: {
    code: 'InvalidVersion',
    status: 400,
    shape: 'rpc',
    message: 'Specified parameter Version is not valid.',
    note: 'Status inferred from Invalid{Param} = 400 (docs/providers/aliyun.md §2.2).',
  },
  'InvalidAccessKeyId.NotFound': {
    code: 'InvalidAccessKeyId.NotFound',
    status: 404,
    shape: 'rpc',
    message: 'Specified access key is not found.',
  },
  'InvalidAccessKeyId.Inactive': {
    code: 'InvalidAccessKeyId.Inactive',
    status: 400,
    shape: 'rpc',
    message: 'Specified access key is disabled.',
  },
  'InvalidTimeStamp.Format': {
    code: 'InvalidTimeStamp.Format',
    status: 400,
    shape: 'rpc',
    message: 'Specified time stamp or date value is not well formatted.',
  },
  'InvalidTimeStamp.Expired': {
    code: 'InvalidTimeStamp.Expired',
    status: 400,
    shape: 'rpc',
    message: 'Specified time stamp or date value is expired.',
  },
  SignatureNonceUsed: {
    code: 'SignatureNonceUsed',
    status: 400,
    shape: 'rpc',
    message: 'Specified signature nonce was used already.',
  },
  SignatureDoesNotMatch: {
    code: 'SignatureDoesNotMatch',
    status: 400,
    shape: 'rpc',
    message:
      'Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}',
    note: 'The gateway echoes its own StringToSign so a client can diff it (docs/providers/aliyun.md §2.2); the V3 text is UNVERIFIED.',
  },
  IncompleteSignature: {
    code: 'IncompleteSignature',
    status: 400,
    shape: 'rpc',
    message:
      'The request signature does not conform to Aliyun standards. server string to sign is:{string_to_sign}',
  },
  InvalidSignatureMethod: {
    code: 'InvalidSignatureMethod',
    status: 400,
    shape: 'rpc',
    message: 'Specified signature method is not valid.',
  },
  'InvalidParameter.Format': {
    code: 'InvalidParameter.Format',
    status: 400,
    shape: 'rpc',
    message: 'Specified parameter format is not valid.',
  },
  UnsupportedHTTPMethod: {
    code: 'UnsupportedHTTPMethod',
    status: 403,
    shape: 'rpc',
    message: 'This HTTP method is not supported.',
    note: '403 per the ECS doc; the gateway list says 400 (docs/providers/aliyun.md §2.2).',
  },
  'InvalidProtocol.NeedSsl': {
    code: 'InvalidProtocol.NeedSsl',
    status: 404,
    shape: 'rpc',
    message: 'Your request is denied as lack of ssl protect.',
    note: 'An API that requires HTTPS called over plain HTTP; 404 as the gateway list says (docs/providers/aliyun.md §2.2). Answered when the scenario sets `requireHttps`.',
  },
  'Forbidden.RAM': {
    code: 'Forbidden.RAM',
    status: 403,
    shape: 'rpc',
    message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
  },
  'Throttling.User': {
    code: 'Throttling.User',
    status: 400,
    shape: 'rpc',
    message: 'Request was denied due to user flow control.',
    headers: RETRY_AFTER,
  },
  'Throttling.Api': {
    code: 'Throttling.Api',
    status: 400,
    shape: 'rpc',
    message: 'Request was denied due to api flow control.',
    note: 'The gateway’s per-API flow control (docs/providers/aliyun.md §2.2).',
    headers: RETRY_AFTER,
  },
  Throttling: {
    code: 'Throttling',
    status: 400,
    shape: 'rpc',
    message:
      'You have made too many requests within a short time; your request is denied due to request throttling.',
    note: 'The older ECS code (docs/providers/aliyun.md §2.2).',
    headers: RETRY_AFTER,
  },
  RequestEntityTooLarge: {
    code: 'RequestEntityTooLarge',
    status: 413,
    shape: 'rpc',
    message: 'The request body is larger than {limit} bytes.',
    note: 'Not documented: the real front end (Tengine) answers an HTML 413 page; the emulator keeps the RPC shape so SDKs can parse it.',
  },
  InternalError: {
    code: 'InternalError',
    status: 500,
    shape: 'rpc',
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  ServiceUnavailable: {
    code: 'ServiceUnavailable',
    status: 503,
    shape: 'rpc',
    message: 'The request has failed due to a temporary failure of the server.',
  },
  // --- ECS operations (docs/providers/aliyun.md §3.2, §3.3; DescribeInstances from the ECS API reference) ---
  EcsInternalError: {
    code: 'InternalError',
    status: 500,
    shape: 'rpc',
    message: 'The request processing has failed due to some unknown error.',
    note: 'The ECS API pages’ text, used for a failure inside an ECS operation (docs/providers/aliyun.md §3.2).',
  },
  'InvalidRegionId.NotFound': {
    code: 'InvalidRegionId.NotFound',
    status: 404,
    shape: 'rpc',
    message: 'The specified RegionId does not exist.',
  },
  'InvalidInstanceId.NotFound': {
    code: 'InvalidInstanceId.NotFound',
    status: 404,
    shape: 'rpc',
    message: 'The specified InstanceId does not exist.',
  },
  InvalidRegionInstance: {
    code: 'InvalidRegionInstance',
    status: 400,
    shape: 'rpc',
    message: 'The specified InstanceId does not exist in given region.',
  },
  IncorrectInstanceStatus: {
    code: 'IncorrectInstanceStatus',
    status: 403,
    shape: 'rpc',
    message: 'The current status of the resource does not support this operation.',
  },
  InstanceNotReady: {
    code: 'InstanceNotReady',
    status: 403,
    shape: 'rpc',
    message: 'The specified instance is not ready for use',
    note: 'No final period, as documented. Answered for a Pending (being created) instance.',
  },
  'InstanceNotReady.Temporarily': {
    code: 'InstanceNotReady',
    status: 403,
    shape: 'rpc',
    message: 'Temporarily unable to connect the specified instance,please try later.',
    note: 'Sic: no space after the comma (DOC-2024). Answered for a Starting instance.',
  },
  'IncorrectVncPassword.Invalid': {
    code: 'IncorrectVncPassword.Malformed',
    status: 400,
    shape: 'rpc',
    message: 'The specified parameter VncPassword is not valid.',
    note: 'The older rule: characters other than letters and digits (docs/providers/aliyun.md §3.3).',
  },
  'IncorrectVncPassword.Malformed': {
    code: 'IncorrectVncPassword.Malformed',
    status: 400,
    shape: 'rpc',
    message:
      'The specified parameter VncPassword must be 6 characters, including uppercase characters, lowercase characters and numbers.',
    note: 'The current rule: exactly 6 letters and digits with all three kinds present (docs/providers/aliyun.md §3.3).',
  },
  NoSuchResource: {
    code: 'NoSuchResource',
    status: 404,
    shape: 'rpc',
    message: 'The specified resource is not found.',
    note: 'ModifyInstanceVncPasswd lists it but not InvalidRegionInstance; the emulator answers it for an instance of another region.',
  },
  'InvalidInstanceIds.Malformed': {
    code: 'InvalidInstanceIds.Malformed',
    status: 400,
    shape: 'rpc',
    message: 'The specified InstanceIds is not valid.',
  },
  'InvalidStatus.NotFound': {
    code: 'InvalidStatus.NotFound',
    status: 404,
    shape: 'rpc',
    message: 'The specified Status is not found',
  },
});
