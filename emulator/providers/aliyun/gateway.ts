import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import type { AliyunAccessKey } from '../../../contracts/aliyun/scenario.ts';
import { type AliyunAction, aliyunActions, ECS_API_VERSION } from '../../../contracts/aliyun/schemas.ts';
import {
  ACS3_ALGORITHM,
  hashPayload,
  parseAcsTimestamp,
  readAcs3Authorization,
  V1_SIGNATURE_METHOD,
  V1_SIGNATURE_VERSION,
  type V3SignedHeaders,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequestWith,
  v3Signature,
  v3SignedHeaders,
  v3StringToSign,
} from '../../../contracts/aliyun/signer.ts';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import { Memo } from '../../memo.ts';
import type { Call } from '../../pipeline/call.ts';
import type { BodyFormat } from './format.ts';
import type { AliyunModel } from './model.ts';

/** What the gateway reads of an RPC call, before any check (the rest it asks the `Call`). */
export interface RpcCall {
  /** `v3` when `Authorization` carries an `ACS3-*` algorithm, `v1` (the `Signature` parameter) otherwise. */
  scheme: 'v1' | 'v3';
  query: Array<[string, string]>;
  /** Parameters of an `application/x-www-form-urlencoded` body (empty otherwise). */
  form: Array<[string, string]>;
  /** Query and form merged; a form value wins over a query value of the same name. */
  params: Map<string, string>;
  /** The answer's format: V3 is always JSON; V1 follows `Format`, XML by default or when unrecognised. */
  format: BodyFormat;
  /** The action named by `x-acs-action` or `Action`, if any. */
  action: string | undefined;
}

const isForm = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

const isV3 = (authorization: string | undefined) => authorization !== undefined && ACS3.test(authorization);
const ACS3 = /^\s*ACS3-/;

/** V3 is always answered in JSON; V1 in the `Format` asked for, XML by default or when unrecognised. */
export function answerFormat(
  authorization: string | undefined,
  formatParam: string | null | undefined,
): BodyFormat {
  return isV3(authorization) ? 'JSON' : v1Format(formatParam);
}

const v1Format = (formatParam: string | null | undefined): BodyFormat =>
  formatParam?.toUpperCase() === 'JSON' ? 'JSON' : 'XML';

/** The call as the gateway reads it, once its body has been read (the body-limit step). */
export function readCall(call: Call): RpcCall {
  const query: Array<[string, string]> = [];
  const params = new Map<string, string>();
  // Read in place: spreading the parameters, then a map of them, walks them through two iterators.
  call.searchParams.forEach((value, name) => {
    query.push([name, value]);
    params.set(name, value);
  });
  // A GET's parameters are its query (docs/providers/aliyun.md); a body it carries only counts towards the limit.
  const form =
    call.method !== 'GET' && isForm(call.header('content-type'))
      ? [...new URLSearchParams(utf8(call.body))]
      : [];
  for (const [name, value] of form) params.set(name, value);
  const scheme = isV3(call.header('authorization')) ? 'v3' : 'v1';
  const action = (scheme === 'v3' ? call.header('x-acs-action') : undefined) ?? params.get('Action');
  return {
    scheme,
    query,
    form,
    params,
    format: scheme === 'v3' ? 'JSON' : v1Format(params.get('Format')),
    action: action || undefined,
  };
}

/** The body's text, read in place (`Buffer.from` of a `Uint8Array` would copy it first). */
const utf8 = (body: Uint8Array) =>
  Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');

/** Who a verified call is and what it asks for. */
export interface Caller {
  accessKey: AliyunAccessKey;
  action: AliyunAction;
}

const missing = (param: string) => new ProviderError(aliyunErrors.MissingParameter, { param });
const isAction = (value: string): value is AliyunAction =>
  (aliyunActions as readonly string[]).includes(value);

function checkActionAndVersion(action: string | undefined, version: string | undefined): AliyunAction {
  if (!action) throw missing('Action');
  if (!version) throw missing('Version');
  if (!isAction(action)) throw new ProviderError(aliyunErrors['InvalidAction.NotFound']);
  if (version !== ECS_API_VERSION) throw new ProviderError(aliyunErrors.InvalidVersion);
  return action;
}

function findAccessKey(model: AliyunModel, accessKeyId: string): AliyunAccessKey {
  const key = model.accessKeys.get(accessKeyId);
  if (!key) throw new ProviderError(aliyunErrors['InvalidAccessKeyId.NotFound']);
  if (key.status !== 'Active') throw new ProviderError(aliyunErrors['InvalidAccessKeyId.Inactive']);
  return key;
}

/**
 * `Timestamp` / `x-acs-date` within the tolerance (15 minutes) either side of real time, the time the client
 * signed with: moving the emulator clock never makes a fresh call stale.
 */
function checkTimestamp(model: AliyunModel, clock: Clock, value: string): void {
  const at = parseAcsTimestamp(value);
  if (at === undefined) throw new ProviderError(aliyunErrors['InvalidTimeStamp.Format']);
  if (Math.abs(clock.realNow() - at) > model.settings.timestampToleranceSeconds * 1000) {
    throw new ProviderError(aliyunErrors['InvalidTimeStamp.Expired']);
  }
}

/** The V1 common parameters, in the order their absence is reported (docs/providers/aliyun.md §1.1). */
const V1_REQUIRED = [
  'Action',
  'Version',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
];

/** A parameter as the checks read it: an empty value is a missing one. */
const param = (params: Map<string, string>, name: string) => params.get(name) || undefined;

/** V1: every common parameter present, then the checks in the gateway's order (docs/providers/aliyun.md §6). */
function verifyV1(model: AliyunModel, clock: Clock, call: Call, rpc: RpcCall): Caller {
  const { params } = rpc;
  for (const name of V1_REQUIRED) if (!param(params, name)) throw missing(name);
  const checked = checkActionAndVersion(param(params, 'Action'), param(params, 'Version'));
  const format = param(params, 'Format')?.toUpperCase();
  if (format !== undefined && format !== 'JSON' && format !== 'XML') {
    throw new ProviderError(aliyunErrors['InvalidParameter.Format']);
  }
  if (param(params, 'SignatureMethod') !== V1_SIGNATURE_METHOD)
    throw new ProviderError(aliyunErrors.InvalidSignatureMethod);
  // V1 signs query and form body alike, with the HTTP method actually used (docs/providers/aliyun.md §1.2).
  const stringToSign = v1StringToSign(
    call.method,
    rpc.form.length === 0 ? rpc.query : [...rpc.query, ...rpc.form],
  );
  if (param(params, 'SignatureVersion') !== V1_SIGNATURE_VERSION) {
    throw new ProviderError(aliyunErrors.IncompleteSignature, { string_to_sign: stringToSign });
  }
  const accessKeyId = params.get('AccessKeyId') as string;
  const key = findAccessKey(model, accessKeyId);
  checkTimestamp(model, clock, params.get('Timestamp') as string);
  const nonce = params.get('SignatureNonce') as string;
  if (model.nonceSeen(accessKeyId, nonce)) throw new ProviderError(aliyunErrors.SignatureNonceUsed);
  if (v1Signature(stringToSign, key.accessKeySecret) !== params.get('Signature')) {
    throw new ProviderError(aliyunErrors.SignatureDoesNotMatch, { string_to_sign: stringToSign });
  }
  model.rememberNonce(accessKeyId, nonce);
  return { accessKey: key, action: checked };
}

/** The headers a V3 request must carry and sign (the V3 doc: every common header but Authorization). */
const V3_REQUIRED_HEADERS = ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const ACS3_ALGORITHM_OF = /^\s*(ACS3-[A-Z0-9-]+)/;

const incomplete = (stringToSign: string) =>
  new ProviderError(aliyunErrors.IncompleteSignature, { string_to_sign: stringToSign });

/** Each client's `SignedHeaders` list, read once: every call of a client signs the same headers. */
const signedHeadersRead = new Memo<string, V3SignedHeaders>(256);
const signedHeadersOf = (list: string) =>
  signedHeadersRead.get(list, () => v3SignedHeaders(list.split(';').filter(Boolean)));

/**
 * V3: the canonical request is rebuilt from the request's own `SignedHeaders` (recent SDKs add
 * `x-acs-credentials-provider`), with the payload hash computed from the body received, so a body that
 * does not match `x-acs-content-sha256` fails the signature (docs/providers/aliyun.md §1.3).
 */
function verifyV3(model: AliyunModel, clock: Clock, call: Call, rpc: RpcCall): Caller {
  const checked = checkActionAndVersion(
    rpc.action,
    call.header('x-acs-version') ?? rpc.params.get('Version'),
  );
  const authorizationHeader = call.header('authorization') ?? '';
  const authorization = readAcs3Authorization(authorizationHeader);
  // An Authorization that parses names its algorithm as the pattern reads it; only one that does not is read again.
  const algorithm = authorization
    ? authorization.algorithm
    : ACS3_ALGORITHM_OF.exec(authorizationHeader)?.[1];
  if (algorithm !== ACS3_ALGORITHM) throw new ProviderError(aliyunErrors.InvalidSignatureMethod);
  const signed = signedHeadersOf(authorization?.signedHeaders ?? '');
  const stringToSign = v3StringToSign(
    v3CanonicalRequestWith(
      {
        method: call.method,
        pathname: call.pathname,
        query: rpc.query,
        header: (name) => call.header(name),
        hashedPayload: hashPayload(call.body),
      },
      signed,
    ),
  );
  if (!authorization) throw incomplete(stringToSign);
  for (const name of V3_REQUIRED_HEADERS) if (call.header(name) === undefined) throw incomplete(stringToSign);
  for (const name of call.headerNames()) {
    if ((name === 'host' || name.startsWith('x-acs-')) && !signed.names.includes(name))
      throw incomplete(stringToSign);
  }
  const key = findAccessKey(model, authorization.accessKeyId);
  checkTimestamp(model, clock, call.header('x-acs-date') as string);
  const nonce = call.header('x-acs-signature-nonce') as string;
  if (model.nonceSeen(key.accessKeyId, nonce)) throw new ProviderError(aliyunErrors.SignatureNonceUsed);
  if (v3Signature(stringToSign, key.accessKeySecret) !== authorization.signature.toLowerCase()) {
    throw new ProviderError(aliyunErrors.SignatureDoesNotMatch, { string_to_sign: stringToSign });
  }
  model.rememberNonce(key.accessKeyId, nonce);
  return { accessKey: key, action: checked };
}

/**
 * Everything the gateway checks before an operation runs: signature (V1 or V3), then RAM, then the
 * per-AccessKey flow control, which answers the scenario's throttling code (`Throttling.User` by default) with `x-acs-retry-after` in milliseconds
 * (what openapi-core 1.0.8 reads as a ThrottlingError's `retryAfter`, docs/providers/aliyun.md §2.2).
 */
export function authenticateCall(model: AliyunModel, clock: Clock, call: Call, rpc: RpcCall): Caller {
  const caller = rpc.scheme === 'v3' ? verifyV3(model, clock, call, rpc) : verifyV1(model, clock, call, rpc);
  const allowed = caller.accessKey.allowedActions;
  if (allowed && !allowed.includes(caller.action)) throw new ProviderError(aliyunErrors['Forbidden.RAM']);
  const wait = model.throttle(caller.accessKey.accessKeyId);
  if (wait !== undefined) {
    const code = model.settings.throttling?.code ?? 'Throttling.User';
    throw new ProviderError(aliyunErrors[code], {}, { 'x-acs-retry-after': String(wait) });
  }
  return caller;
}
