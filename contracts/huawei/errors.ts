import { defineCatalogue } from '../catalogue.ts';

/**
 * Huawei Cloud ECS / OpenStack Nova error catalogue. Five body shapes meet a Huawei client:
 * - `nova`: a Nova fault, `{"<faultName>": {"code": <int>, "message": "..."}}` (docs/providers/huawei.md §2.5);
 * - `keystone`: keystonemiddleware / Keystone, `{"error": {"code": <int>, "title": "...", "message": "..."}}`;
 * - `apigw`: the API gateway in front of every Huawei API, `{"error_msg", "error_code", "request_id"}` (§4.3);
 * - `ecs`: the native ECS API, `{"error": {"code": "Ecs.xxxx", "message": "..."}}` (§4.5);
 * - `webob`: a bare webob exception for unmatched Nova routes (§2.6), not a Nova fault.
 */
export const huaweiErrors = defineCatalogue('huawei', {
  // --- Nova microversions (§2.3) ---
  InvalidAPIVersionString: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message: 'API Version String {version} is of invalid format. Must be of format MajorNum.MinorNum.',
  },
  InvalidGlobalAPIVersion: {
    code: 'computeFault',
    status: 406,
    shape: 'nova',
    message:
      'Version {version} is not supported by the API. Minimum is {min_version} and maximum is {max_version}.',
    note: '406 is not in Nova’s fault-name map, so the fault is named computeFault.',
  },
  VersionNotFoundForAPIMethod: {
    code: 'itemNotFound',
    status: 404,
    shape: 'nova',
    message: 'The resource could not be found.',
  },
  // --- Nova request handling (§1.3, §1.4) ---
  UnsupportedContentType: {
    code: 'badMediaType',
    status: 415,
    shape: 'nova',
    message: 'Unsupported Content-Type',
  },
  MalformedRequestBody: { code: 'badRequest', status: 400, shape: 'nova', message: 'Malformed request body' },
  NoSuchAction: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message: 'There is no such action: {action}',
  },
  ValidationError: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message: '{detail}',
    note: 'JSON-schema failure, formatted as nova/api/validation/validators.py does.',
  },
  ProjectIdMismatch: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message:
      "Malformed request URL: URL's project_id '{url_project_id}' doesn't match Context's project_id '{context_project_id}'",
  },
  PolicyNotAuthorized: {
    code: 'forbidden',
    status: 403,
    shape: 'nova',
    message: "Policy doesn't allow {action} to be performed.",
  },
  InstanceNotFound: {
    code: 'itemNotFound',
    status: 404,
    shape: 'nova',
    message: 'Instance {instance_id} could not be found.',
  },
  InstanceNotReady: {
    code: 'conflictingRequest',
    status: 409,
    shape: 'nova',
    message: 'Instance {instance_id} is not ready',
  },
  InstanceInvalidStateConflict: {
    code: 'conflictingRequest',
    status: 409,
    shape: 'nova',
    message: "Cannot '{action}' instance {server_id} while it is in {attr} {state}",
    note: 'The legacy os-get*Console actions catch InstanceInvalidState.',
  },
  UnexpectedAPIError: {
    code: 'computeFault',
    status: 500,
    shape: 'nova',
    message: "Unexpected API Error. Please contact the administrator\n<class 'nova.exception.{exception}'>",
    note: 'remote-consoles does not catch InstanceInvalidState (task_state deleting/migrating): expected_errors turns it into a 500.',
  },
  ConsoleTypeInvalid: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message: 'Invalid console type {console_type}',
  },
  ConsoleTypeUnavailable: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message: 'Unavailable console type {console_type}.',
  },
  HTTPBadRequest: {
    code: 'badRequest',
    status: 400,
    shape: 'nova',
    message:
      'The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n',
    note: 'rdp: the text goes into webob’s detail, not its explanation, so the default explanation is shown.',
  },
  NotImplemented: {
    code: 'notImplemented',
    status: 501,
    shape: 'nova',
    message: 'The requested functionality is not supported.',
  },
  ServiceUnavailable: {
    code: 'serviceUnavailable',
    status: 503,
    shape: 'nova',
    message: 'The server is currently unavailable. Please try again at a later time.',
    note: 'webob HTTPServiceUnavailable’s explanation in a Nova fault; answered when the emulator cannot save its state file.',
  },
  // --- Unmatched routes and oversized bodies: plain webob, no fault wrapper, no version headers (§2.6) ---
  RouteNotFound: {
    code: '404 Not Found',
    status: 404,
    shape: 'webob',
    message: 'The resource could not be found.',
  },
  RequestEntityTooLarge: {
    code: '413 Request Entity Too Large',
    status: 413,
    shape: 'webob',
    message: 'Request is too large.',
    note: 'oslo.middleware sizelimit, max_request_body_size 114688 bytes by default.',
  },
  // --- Keystone (IAM) ---
  Unauthorized: {
    code: '401',
    status: 401,
    shape: 'keystone',
    message: 'The request you have made requires authentication.',
  },
  KeystoneValidationError: {
    code: '400',
    status: 400,
    shape: 'keystone',
    message:
      'Expecting to find {attribute} in {target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  },
  KeystoneNotFound: {
    code: '404',
    status: 404,
    shape: 'keystone',
    message: 'The resource could not be found.',
  },
  KeystoneServiceUnavailable: {
    code: '503',
    status: 503,
    shape: 'keystone',
    message: 'The server is currently unavailable. Please try again at a later time.',
    note: 'Keystone has no 503 of its own; Huawei IAM lists 503 for its APIs (iam_30_0001). Answered when the emulator cannot save its state file.',
  },
  // --- API gateway (AK/SK) ---
  'APIGW.0301': {
    code: 'APIGW.0301',
    status: 401,
    shape: 'apigw',
    message: 'Incorrect IAM authentication information: {reason}',
    note: 'The gateway names its reason (docs/providers/huawei.md): a bad or missing AK/SK signature, an unknown AccessKey, a token it cannot read or none.',
    examples: {
      signature: { reason: 'verify aksk signature fail' },
      unknownAccessKey: { reason: 'Get secretKey failed,ak:UNKNOWNAK0000000000,err:ak not exist' },
      badToken: { reason: 'decrypt token fail' },
      noToken: { reason: 'x-auth-token not found' },
    },
  },
  'APIGW.0307': {
    code: 'APIGW.0307',
    status: 401,
    shape: 'apigw',
    message: 'The token must be updated.',
    note: 'An IAM token that has expired, presented to a gateway-fronted API.',
  },
  'APIGW.0201': {
    code: 'APIGW.0201',
    status: 502,
    shape: 'apigw',
    message: 'Backend unavailable.',
    note: 'The gateway’s answer when the service behind it is unavailable (API Gateway error codes); answered when the emulator cannot save its state file.',
  },
  'APIGW.0101': {
    code: 'APIGW.0101',
    status: 404,
    shape: 'apigw',
    message: 'The API does not exist or has not been published in the environment',
  },
  // --- Native ECS API (ecs_02_0208, error code appendix) ---
  'Ecs.0005': { code: 'Ecs.0005', status: 400, shape: 'ecs', message: 'request body is illegal.' },
  'Ecs.0003': {
    code: 'Ecs.0003',
    status: 403,
    shape: 'ecs',
    message:
      'You do not have permission to perform this operation. Contact customer service to obtain permission.',
    note: 'Inferred: the project in the URL is not the credential’s project, or the caller’s roles do not pass Nova’s console policy.',
  },
  'Ecs.0100': {
    code: 'Ecs.0100',
    status: 400,
    shape: 'ecs',
    message: 'The ECS status does not meet requirements. Make the ECS in the required status and try again.',
    note: 'The appendix’s code for a server whose status does not allow the operation; used for a server without a host.',
  },
  'Ecs.0114': {
    code: 'Ecs.0114',
    status: 404,
    shape: 'ecs',
    message: 'Instance[{instance_id}] could not be found.',
  },
});

/** Nova's `wsgi.Fault` name map (§2.5); any other status is a `computeFault`. */
export const novaFaultNames: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export const keystoneTitles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
