import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import {
  canonicalRequest,
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

/** How many computed signatures are remembered. */
const SIGNATURE_CACHE = 256;

/**
 * Signatures computed, by everything a signature depends on (secret, date, canonical request): the scheme has
 * no nonce, so a client may send the same signed request many times, and each would cost a hash and an HMAC.
 * A request still has its own canonical request built and compared, so a wrong signature is refused as before.
 * The oldest is forgotten first.
 */
const signatures = new Memo<string, string>(SIGNATURE_CACHE);

function expectedSignature(canonical: string, sdkDate: string, secretKey: string): string {
  // Lengths first, so that no two different triples make the same key.
  const key = `${sdkDate.length}:${sdkDate}${secretKey.length}:${secretKey}${canonical}`;
  return signatures.get(key, () => signatureOf(canonical, sdkDate, secretKey));
}

/**
 * Verifies an `SDK-HMAC-SHA256` request exactly as the gateway does: the canonical request is rebuilt from
 * the request's own `SignedHeaders` and body bytes, never from a fixed header set (the Node SDK signs every
 * header it sends, the Go SDK skips `content-type`).
 */
function verifyAkSk(model: HuaweiModel, clock: Clock, call: Call, urlProjectId: string | undefined): Caller {
  const { url } = call;
  const authorization = parseAuthorization(call.header('authorization') ?? '');
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
  const header = (name: string) => call.header(name) ?? (name === 'host' ? url.host : undefined);
  const canonical = canonicalRequest({
    method: call.method,
    url,
    header,
    signedHeaders: authorization.signedHeaders,
    payloadHash: payloadHash(call.body, call.header('x-sdk-content-sha256')),
  });
  const expected = expectedSignature(canonical, sdkDate, key.secretAccessKey);
  if (expected !== authorization.signature) throw apigw('verify aksk signature fail');
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
