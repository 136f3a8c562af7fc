import { z } from 'zod';
import { tencentErrors } from '../../../contracts/tencent/errors.ts';
import type { TencentKey } from '../../../contracts/tencent/scenario.ts';
import { CVM_API_VERSION, type TencentAction, tencentActions } from '../../../contracts/tencent/schemas.ts';
import {
  type LegacySignatureMethod,
  legacySignature,
  legacyStringToSign,
  parseTc3Authorization,
  payloadHash,
  scopeDate,
  tc3CanonicalRequest,
  tc3Signature,
  tc3StringToSign,
} from '../../../contracts/tencent/signer.ts';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import type { Call } from '../../pipeline/call.ts';
import type { TencentModel } from './model.ts';

type HeaderOf = (name: string) => string | undefined;

/** One API 3.0 call as the gateway reads it, before any check. */
export interface ApiCall {
  /** `tc3` when the call has an `Authorization` or `X-TC-Action` header; the legacy parameter form otherwise. */
  scheme: 'tc3' | 'legacy';
  method: string;
  /** The query string exactly as sent, without `?`: TC3 signs it raw. */
  rawQuery: string;
  /** The `Host` the client sent (the URL's host in-process, where a request has no `Host` header). */
  host: string;
  header: HeaderOf;
  body: Uint8Array;
  /** Query and form parameters (a form value wins over a query value of the same name). */
  params: Map<string, string>;
  /** The action the call names, if any. */
  action: string | undefined;
}

const isForm = (header: HeaderOf) =>
  (header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/**
 * Whether a request on `/` is Tencent's: a TC3 call always has `X-TC-Action` (or a `TC3-` Authorization); a
 * legacy one has `SecretId` and `Nonce` in its query, or, as a form POST, the `X-TC-*` headers the SDKs add
 * (the Node SDK's `X-TC-TraceId`). Alibaba's RPC calls have none of these (docs/providers/tencent.md,
 * "Telling Tencent from Alibaba on `/`").
 */
export function isTencentCall(call: Call): boolean {
  if (call.pathname !== '/') return false;
  if (call.header('x-tc-action') !== undefined || /^\s*TC3-/.test(call.header('authorization') ?? ''))
    return true;
  if (call.searchParams.has('SecretId') && call.searchParams.has('Nonce')) return true;
  if (call.method !== 'POST' || !isForm((name) => call.header(name))) return false;
  for (const name of call.headerNames()) if (name.startsWith('x-tc-')) return true;
  return false;
}

export function readCall(call: Call): ApiCall {
  const header: HeaderOf = (name) => call.header(name);
  const scheme =
    header('authorization') !== undefined || header('x-tc-action') !== undefined ? 'tc3' : 'legacy';
  const query = [...call.searchParams];
  const form =
    call.method === 'POST' && isForm(header)
      ? [...new URLSearchParams(Buffer.from(call.body).toString('utf8'))]
      : [];
  const params = new Map(query);
  for (const [name, value] of form) params.set(name, value);
  const action = scheme === 'tc3' ? header('x-tc-action') : params.get('Action');
  return {
    scheme,
    method: call.method,
    // TC3 signs the query exactly as sent (docs/providers/tencent.md, "TC3-HMAC-SHA256").
    rawQuery: call.rawQuery,
    host: header('host') ?? call.url.host,
    header,
    body: call.body,
    params,
    action: action || undefined,
  };
}

/** Who a verified call is and what it asks for. */
export interface Caller {
  key: TencentKey;
  action: TencentAction;
  /** `X-TC-Region` or `Region`, if sent. */
  region: string | undefined;
}

const missing = (param: string) => new ProviderError(tencentErrors.MissingParameter, { param });
export const isTencentAction = (value: string | undefined): value is TencentAction =>
  (tencentActions as readonly (string | undefined)[]).includes(value);

function checkActionAndVersion(action: string, version: string): TencentAction {
  if (!isTencentAction(action)) throw new ProviderError(tencentErrors.InvalidAction);
  if (version !== CVM_API_VERSION) throw new ProviderError(tencentErrors.NoSuchVersion, { version, action });
  return action;
}

/** Unix seconds, a decimal integer; anything else is a type error. */
function integerParam(name: string, value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new ProviderError(tencentErrors.InvalidParameter, { param: name });
  return Number(value);
}

/**
 * Within the tolerance (5 minutes) either side of real time, the time the client signed with: moving the
 * emulator clock never makes a fresh call stale (docs/providers/tencent.md, "Time").
 */
function checkTimestamp(model: TencentModel, clock: Clock, seconds: number): void {
  if (Math.abs(clock.realNow() - seconds * 1000) > model.settings.timestampToleranceSeconds * 1000) {
    throw new ProviderError(tencentErrors.SignatureExpire);
  }
}

function findKey(model: TencentModel, secretId: string): TencentKey {
  const key = model.keys.get(secretId);
  if (!key?.enabled) throw new ProviderError(tencentErrors.SecretIdNotFound);
  return key;
}

/** Temporary credentials carry their token; a token on a permanent key, or a wrong one, is refused. */
function checkToken(key: TencentKey, token: string | undefined): void {
  if ((token || undefined) !== key.token) throw new ProviderError(tencentErrors.InvalidToken);
}

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * TC3-HMAC-SHA256 over the request's own `SignedHeaders` (which must include `content-type` and `host`, as
 * every official SDK signs them), keyed with the credential scope's service as signed: the Node SDK signs the
 * endpoint's first DNS label (`127` for `127.0.0.1:PORT`) and the host without its port, the Go and Python SDKs
 * `cvm` and the host with it, so the host is tried as sent, then without the port (docs/providers/tencent.md,
 * "TC3-HMAC-SHA256").
 */
function verifyTc3(model: TencentModel, clock: Clock, call: ApiCall): Caller {
  const { header } = call;
  const authorization = header('authorization') ?? '';
  const parsed = parseTc3Authorization(authorization);
  const signed = parsed?.signedHeaders.map((h) => h.toLowerCase()) ?? [];
  if (!parsed || !signed.includes('content-type') || !signed.includes('host')) {
    throw new ProviderError(tencentErrors.InvalidAuthorization, { reason: authorization });
  }
  const action = header('x-tc-action');
  if (!action) throw missing('X-TC-Action');
  const timestampText = header('x-tc-timestamp');
  if (!timestampText) throw missing('X-TC-Timestamp');
  const version = header('x-tc-version');
  if (!version) throw missing('X-TC-Version');
  const checked = checkActionAndVersion(action, version);
  const timestamp = integerParam('X-TC-Timestamp', timestampText);
  checkTimestamp(model, clock, timestamp);
  const key = findKey(model, parsed.secretId);
  const hashedPayload = payloadHash(
    header('x-tc-content-sha256') === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : call.body,
  );
  const scope = `${parsed.date}/${parsed.service}/tc3_request`;
  const signatureFor = (host: string) => {
    const canonical = tc3CanonicalRequest({
      method: call.method,
      rawQuery: call.rawQuery,
      header: (name) => (name === 'host' ? host : header(name)),
      signedHeaders: signed,
      hashedPayload,
    });
    return tc3Signature(
      key.secretKey,
      parsed.date,
      parsed.service,
      tc3StringToSign(timestamp, scope, canonical),
    );
  };
  const given = parsed.signature.toLowerCase();
  if (parsed.date !== scopeDate(timestamp) || !signedHostMatches(call.host, signatureFor, given)) {
    throw new ProviderError(tencentErrors.SignatureFailure);
  }
  checkToken(key, header('x-tc-token'));
  return { key, action: checked, region: header('x-tc-region') };
}

/**
 * Whether the signature is the one for the host as sent or for the host without its port. Both are tried when
 * the first fails; the form that matched last is tried first, as a client signs every call alike: each miss
 * costs a whole canonical request, its hash and four HMACs.
 */
function signedHostMatches(host: string, signatureFor: (host: string) => string, given: string): boolean {
  const portless = host.replace(PORT, '');
  if (portless === host) return signatureFor(host) === given;
  const first = lastMatchedPortless ? portless : host;
  const second = lastMatchedPortless ? host : portless;
  if (signatureFor(first) === given) return true;
  if (signatureFor(second) !== given) return false;
  lastMatchedPortless = !lastMatchedPortless;
  return true;
}

const PORT = /:\d+$/;
/** Whether the last call whose host form decided its signature was signed without the port (the Node SDK). */
let lastMatchedPortless = false;

/** The legacy common parameters, in the order their absence is reported. */
const LEGACY_REQUIRED = ['Action', 'Version', 'SecretId', 'Timestamp', 'Nonce', 'Signature'];
const SIGNATURE_METHODS: readonly string[] = ['HmacSHA1', 'HmacSHA256'] satisfies LegacySignatureMethod[];

/**
 * The legacy form: every parameter in the query (GET) or a form body (POST), signed as `<METHOD><host>/?` and
 * the sorted raw `name=value` pairs, with the `Host` the client sent (the Node SDK signs its endpoint, port
 * included). `SignatureMethod` defaults to HmacSHA1, as the Go SDK's does (docs/providers/tencent.md, "Legacy").
 */
function verifyLegacy(model: TencentModel, clock: Clock, call: ApiCall): Caller {
  const p = (name: string) => call.params.get(name) || undefined;
  for (const name of LEGACY_REQUIRED) if (!p(name)) throw missing(name);
  const checked = checkActionAndVersion(p('Action') as string, p('Version') as string);
  const method = p('SignatureMethod') ?? 'HmacSHA1';
  if (!SIGNATURE_METHODS.includes(method)) {
    throw new ProviderError(tencentErrors.InvalidParameterValue, { value: method, param: 'SignatureMethod' });
  }
  const timestamp = integerParam('Timestamp', p('Timestamp') as string);
  const nonce = String(integerParam('Nonce', p('Nonce') as string));
  checkTimestamp(model, clock, timestamp);
  const key = findKey(model, p('SecretId') as string);
  if (model.nonceSeen(key.secretId, timestamp, nonce))
    throw new ProviderError(tencentErrors.NonceUsed, { nonce });
  const stringToSign = legacyStringToSign(call.method, `${call.host}/`, [...call.params]);
  if (legacySignature(key.secretKey, method as LegacySignatureMethod, stringToSign) !== p('Signature')) {
    throw new ProviderError(tencentErrors.SignatureFailure);
  }
  model.rememberNonce(key.secretId, timestamp, nonce);
  checkToken(key, p('Token'));
  return { key, action: checked, region: p('Region') };
}

/** The parameters of the legacy form that are the gateway's, not the action's. */
const LEGACY_COMMON = new Set([
  'Action',
  'Version',
  'SecretId',
  'Timestamp',
  'Nonce',
  'Signature',
  'SignatureMethod',
  'Region',
  'Token',
  'Language',
  'RequestClient',
]);

/** Everything the gateway checks of the caller, in its order (docs/providers/tencent.md, "Errors"). */
export function authenticate(model: TencentModel, clock: Clock, call: ApiCall): Caller {
  return call.scheme === 'tc3' ? verifyTc3(model, clock, call) : verifyLegacy(model, clock, call);
}

/**
 * The action's parameters as one value: a TC3 POST's JSON body; otherwise the dotted parameters of the query
 * or form (`Filters.0.Values.1=…`) rebuilt into objects and arrays, strings where the schema wants numbers
 * read as numbers.
 */
export function actionParams(call: ApiCall, schema: z.ZodType): unknown {
  if (call.scheme === 'tc3' && call.method === 'POST' && !isForm(call.header)) {
    const text = Buffer.from(call.body).toString('utf8').trim();
    if (text === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ProviderError(tencentErrors.InvalidJsonBody);
    }
    return parsed;
  }
  const pairs = [...call.params].filter(([name]) => call.scheme === 'tc3' || !LEGACY_COMMON.has(name));
  return coerce(schema, unflatten(pairs));
}

type Tree = { [key: string]: Tree | string };

function unflatten(pairs: ReadonlyArray<readonly [string, string]>): Tree {
  const root: Tree = {};
  for (const [name, value] of pairs) {
    const path = name.split('.');
    let node = root;
    for (const [i, segment] of path.entries()) {
      if (i === path.length - 1) {
        node[segment] = value;
        break;
      }
      const next = node[segment];
      if (typeof next === 'object') node = next;
      else node = node[segment] = {};
    }
  }
  return root;
}

/** Reads a dotted-parameter tree as the schema's types: `{0: …, 1: …}` as arrays, decimal strings as numbers. */
function coerce(schema: z.ZodType, value: unknown): unknown {
  if (schema instanceof z.ZodOptional) return coerce(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodNumber && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (schema instanceof z.ZodArray && typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (!entries.every(([index]) => /^\d+$/.test(index))) return value;
    return entries
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => coerce(schema.element as z.ZodType, item));
  }
  if (schema instanceof z.ZodObject && typeof value === 'object' && value !== null) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, shape[name] ? coerce(shape[name], item) : item]),
    );
  }
  return value;
}

/** Zod's first complaint as the gateway's: an unknown name, a missing one, or a value of the wrong type. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = (issue?.path ?? []).map(String);
  if (issue?.code === 'unrecognized_keys') {
    throw new ProviderError(tencentErrors.UnknownParameter, { param: [...at, issue.keys[0]].join('.') });
  }
  const param = at.join('.');
  const given = at.reduce<unknown>(
    (node, name) =>
      typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[name] : undefined,
    value,
  );
  if (given === undefined) throw missing(param);
  throw new ProviderError(tencentErrors.InvalidParameter, { param });
}
