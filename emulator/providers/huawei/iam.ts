import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import {
  canonicalHeaderNames,
  canonicalRequestOf,
  type ParsedAuthorization,
  parseAuthorization,
  parseSdkDate,
  payloadHash,
  SDK_SIGNING_ALGORITHM,
  signatureOf,
} from '../../../contracts/huawei/signer.ts';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import { Memo } from '../../memo.ts';
import type { Call } from '../../pipeline/call.ts';
import type { Caller, HuaweiModel } from './model.ts';

/** `X-Sdk-Date` may differ from the gateway's clock by at most this much (docs/providers/huawei.md §4.3). */
export const SDK_DATE_SKEW_MS = 15 * 60_000;

const apigw = (reason: string) => new ProviderError(huaweiErrors['APIGW.0301'], { reason });

/**
 * What a verified request's canonical request was made of: a request made of the same has the same canonical
 * request, so with the same date and secret it carries the same valid signature.
 */
interface VerifiedRequest {
  method: string;
  pathname: string;
  /** The query as sent (the canonical query is made from it). */
  rawQuery: string;
  /** The signed headers' values as the canonical request reads them, in its order. */
  values: string[];
  /** The payload's hash as the client sent it (`X-Sdk-Content-Sha256`), which stands for the body. */
  contentSha256: string;
  /** Otherwise the body (a copy), whose hash the canonical request holds. */
  body: Uint8Array | undefined;
  sdkDate: string;
  secretKey: string;
}

/** An `Authorization` value as read, with its signed header names in the canonical request's order. */
interface ReadAuthorization extends ParsedAuthorization {
  names: readonly string[];
  /** The names joined with `;`, as the canonical request ends. */
  signedList: string;
  /**
   * The request this value was last found valid for. The scheme has no nonce, so a client may send the same
   * signed request many times; each would cost the canonical request, the body's hash, a hash and an HMAC.
   * One is enough: a signature is valid for one canonical request only.
   */
  verified: VerifiedRequest | undefined;
}

/** How many `Authorization` values keep their reading. */
const AUTHORIZATION_CACHE = 256;

/**
 * `Authorization` values read, malformed ones included: a client sends the same value with every request it
 * signs in the same second for the same request. The oldest is forgotten first.
 */
const authorizations = new Memo<string, ReadAuthorization | undefined>(AUTHORIZATION_CACHE);

function readAuthorization(value: string): ReadAuthorization | undefined {
  return authorizations.get(value, () => {
    const parsed = parseAuthorization(value);
    if (!parsed) return undefined;
    const names = canonicalHeaderNames(parsed.signedHeaders);
    return { ...parsed, names, signedList: names.join(';'), verified: undefined };
  });
}

/** Bodies up to this size are kept to know a repeated request by; a larger one is hashed every time. */
const REMEMBERED_BODY_BYTES = 4096;

/** A signed header's value as the canonical request reads it (`host` from the URL when not sent). */
function signedValue(call: Call, name: string): string {
  return (call.header(name) ?? (name === 'host' ? call.url.host : undefined) ?? '').trim();
}

/** Whether this request is made of what `verified` was, with the same date and secret. */
function isVerified(
  verified: VerifiedRequest | undefined,
  call: Call,
  names: readonly string[],
  contentSha256: string,
  sdkDate: string,
  secretKey: string,
): boolean {
  if (
    verified === undefined ||
    verified.sdkDate !== sdkDate ||
    verified.secretKey !== secretKey ||
    verified.method !== call.method ||
    verified.pathname !== call.pathname ||
    verified.rawQuery !== call.rawQuery ||
    verified.contentSha256 !== contentSha256
  )
    return false;
  if (contentSha256 === '' && (verified.body === undefined || Buffer.compare(verified.body, call.body) !== 0))
    return false;
  for (let i = 0; i < names.length; i++)
    if (verified.values[i] !== signedValue(call, names[i] as string)) return false;
  return true;
}

/**
 * Verifies an `SDK-HMAC-SHA256` request exactly as the gateway does: the canonical request is rebuilt from
 * the request's own `SignedHeaders` and body bytes, never from a fixed header set (the Node SDK signs every
 * header it sends, the Go SDK skips `content-type`).
 */
function verifyAkSk(model: HuaweiModel, clock: Clock, call: Call, urlProjectId: string | undefined): Caller {
  const authorization = readAuthorization(call.header('authorization') ?? '');
  if (!authorization) throw apigw('verify aksk signature fail');
  const key = model.accessKeys.get(authorization.accessKeyId);
  if (!key) {
    throw apigw(`Get secretKey failed,ak:${authorization.accessKeyId},err:ak not exist`);
  }
  const sdkDate = call.header('x-sdk-date') ?? '';
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined || Math.abs(clock.realNow() - signedAt) > SDK_DATE_SKEW_MS) {
    throw apigw('verify aksk signature fail');
  }
  const { names } = authorization;
  const contentSha256 = call.header('x-sdk-content-sha256') ?? '';
  const secretKey = key.secretAccessKey;
  if (!isVerified(authorization.verified, call, names, contentSha256, sdkDate, secretKey)) {
    const canonical = canonicalRequestOf(
      {
        method: call.method,
        url: call.url,
        header: (name) => call.header(name) ?? (name === 'host' ? call.url.host : undefined),
        payloadHash: payloadHash(call.body, contentSha256),
      },
      names,
      authorization.signedList,
    );
    if (signatureOf(canonical, sdkDate, secretKey) !== authorization.signature)
      throw apigw('verify aksk signature fail');
    if (contentSha256 !== '' || call.body.length <= REMEMBERED_BODY_BYTES) {
      authorization.verified = {
        method: call.method,
        pathname: call.pathname,
        rawQuery: call.rawQuery,
        values: names.map((name) => signedValue(call, name)),
        contentSha256,
        body: contentSha256 === '' ? new Uint8Array(call.body) : undefined,
        sdkDate,
        secretKey,
      };
    }
  }
  const user = model.users.get(key.userId);
  if (!user) throw apigw(`Get secretKey failed,ak:${authorization.accessKeyId},err:ak not exist`);
  const credential = authorization.accessKeyId;
  const projectId = call.header('x-project-id') ?? urlProjectId;
  if (projectId === undefined) return { userId: user.id, roles: user.roles, credential };
  // Scoped as Keystone scopes a token: to a project the user holds a role on, whatever its domain. Without
  // one the request has no project, which each API answers as a project mismatch.
  const roles = model.rolesOn(user, projectId);
  return roles.length > 0
    ? { userId: user.id, projectId, roles, credential }
    : { userId: user.id, roles, credential };
}

/**
 * Nova's default `os_compute_api:os-remote-consoles` rule (`PROJECT_MEMBER_OR_ADMIN`,
 * nova/policies/remote_consoles.py): a `member` or `admin` role on the project. Huawei's native console API
 * refuses the same callers.
 */
export const mayOpenConsole = (caller: Caller): boolean =>
  caller.roles.includes('member') || caller.roles.includes('admin');

const isAkSkRequest = (call: Call): boolean =>
  (call.header('authorization') ?? '').trimStart().startsWith(SDK_SIGNING_ALGORITHM);

/** The project id of a Nova path, before routing has found the operation. */
const NOVA_PROJECT_IN_URL = /^\/v2\.1\/([0-9a-f-]+)(\/|$)/;

/**
 * Authentication in front of the Nova-compatible API: AK/SK through the gateway, otherwise an IAM token
 * checked as keystonemiddleware does (401 for a missing, unknown or expired token).
 */
export function authenticateCompute(model: HuaweiModel, clock: Clock, call: Call): Caller {
  if (isAkSkRequest(call)) return verifyAkSk(model, clock, call, NOVA_PROJECT_IN_URL.exec(call.path)?.[1]);
  const token = call.header('x-auth-token');
  const caller = token ? model.callerForToken(token) : undefined;
  if (!caller) throw new ProviderError(huaweiErrors.Unauthorized);
  return caller;
}

/** Authentication in front of the native ECS API: everything is the gateway's, in its own shape. */
export function authenticateGateway(
  model: HuaweiModel,
  clock: Clock,
  call: Call,
  urlProjectId: string | undefined,
): Caller {
  if (isAkSkRequest(call)) return verifyAkSk(model, clock, call, urlProjectId);
  const token = call.header('x-auth-token');
  if (!token) throw apigw('x-auth-token not found');
  const caller = model.callerForToken(token);
  if (caller) return caller;
  if (model.authTokens.peek(token)) throw new ProviderError(huaweiErrors['APIGW.0307']);
  throw apigw('decrypt token fail');
}
