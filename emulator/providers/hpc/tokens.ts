import { hpcErrors } from '../../../contracts/hpc/errors.ts';
import type { HpcCluster, HpcUser } from '../../../contracts/hpc/scenario.ts';
import { akskSignature } from '../../../contracts/hpc/signer.ts';
import { expiresAt, type HpcTokenClaims, signToken, verifyToken } from '../../../contracts/hpc/token.ts';
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap } from '../../expiring.ts';
import type { Directory } from './model.ts';

/** The platform token's region: 「clusterId为0,clusterName为ac的区域信息为平台自身token」 (docs/providers/hpc.md §2.1). */
export const PLATFORM_CLUSTER = { id: '0', name: 'ac' } as const;

/** How many verified token signatures are remembered. */
const VERIFIED_CACHE = 4096;

export interface RegionToken {
  clusterName: string;
  clusterId: string;
  token: string | null;
}

/** Who a request is, once its `token` header has been verified. */
export interface Caller {
  token: string;
  claims: HpcTokenClaims;
  user: HpcUser;
  clusterId: string;
}

interface RateWindow {
  count: number;
  expiresAt: number;
}

/**
 * The platform's tokens (§2): logins with a password or an AccessKey, JWTs signed on the emulator clock,
 * verification, renewal and the per-token rate limit. Tokens are JWTs: they need no state but the caches.
 */
export class HpcTokens {
  readonly #rateWindows: ExpiringMap<RateWindow>;
  readonly #verified = new Map<string, HpcTokenClaims>();
  #verifiedWith: string | undefined;

  constructor(
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {
    this.#rateWindows = new ExpiringMap(clock);
  }

  /** `POST /ac/openapi/v2/tokens`: unknown user 10009 (as the AK/SK route, §2.2), wrong password or orgId 10008. */
  passwordLogin(name: string, password: string, orgId: string): RegionToken[] {
    const user = this.directory.users.get(name);
    if (!user) throw new ProviderError(hpcErrors.UserNotFound);
    if (user.password !== password || !this.directory.orgIds.has(orgId))
      throw new ProviderError(hpcErrors.PermissionDenied);
    return this.regionTokens(user, orgId, true);
  }

  /**
   * `POST /api/user/v3/tokens` (§2.2): an unknown `user` is 10009 用户不存在 and a bad signature
   * 10009 AK/SK签名校验失败 (both observed); a `timestamp` outside the window 10009 校验失败 (inferred).
   */
  akskLogin(headers: {
    user: string;
    accessKey: string;
    signature: string;
    timestamp: string;
  }): RegionToken[] {
    const user = this.directory.users.get(headers.user);
    if (!user) throw new ProviderError(hpcErrors.UserNotFound);
    const key = this.directory.accessKeys.get(headers.accessKey);
    const expected = key && key.user === user.name ? akskSignature(key.secretKey, headers) : undefined;
    if (!key || expected !== headers.signature.toLowerCase())
      throw new ProviderError(hpcErrors.SignatureMismatch);
    const skew = this.directory.settings.akskTimestampSkewSeconds;
    if (skew !== null && Math.abs(this.clock.realNow() / 1000 - Number(headers.timestamp)) > skew) {
      throw new ProviderError(hpcErrors.VerificationFailed);
    }
    // The AK/SK route's sample tokens carry no `userId` (§6).
    return this.regionTokens(user, key.invoker, false);
  }

  /** The user's regions, then the platform's own; `token: null` everywhere for a disabled account (§2.1). */
  regionTokens(user: HpcUser, invoker: string, withUserId: boolean): RegionToken[] {
    const regions = user.clusters
      .map((id) => this.directory.clusters.get(id))
      .filter((c): c is HpcCluster => c !== undefined)
      .map((c) => ({ clusterName: c.name, clusterId: c.id }));
    return [...regions, { clusterName: PLATFORM_CLUSTER.name, clusterId: PLATFORM_CLUSTER.id }].map(
      (region) => ({
        ...region,
        token:
          user.accountStatus === 'Disable'
            ? null
            : this.#issue({
                computeUser: user.computeUser,
                accountStatus: user.accountStatus,
                creator: 'ac',
                role: '1',
                clusterId: region.clusterId,
                invoker,
                user: user.name,
                ...(withUserId ? { userId: user.userId } : {}),
              }),
      }),
    );
  }

  /** Signs `claims` with a fresh `expireTime`, `tokenTtlSeconds` from now on the emulator clock. */
  #issue(claims: Omit<HpcTokenClaims, 'expireTime'>): string {
    const expireTime = String(this.clock.now() + this.directory.settings.tokenTtlSeconds * 1000);
    return signToken({ ...claims, expireTime }, this.directory.settings.jwtSecret);
  }

  /** Claims of a token this emulator signed for a user it knows, expired or not. */
  #claims(token: string): { claims: HpcTokenClaims; user: HpcUser } | undefined {
    const claims = this.#verify(token);
    const user = claims && this.directory.users.get(claims.user);
    return claims && user ? { claims, user } : undefined;
  }

  /**
   * The claims of a token signed with the current key. A signature once checked is remembered (at most
   * `VERIFIED_CACHE` tokens, the oldest forgotten first), as a client presents the same token on every call; forged
   * tokens are never remembered, and a change of key forgets every one.
   */
  #verify(token: string): HpcTokenClaims | undefined {
    if (this.#verifiedWith !== this.directory.settings.jwtSecret) {
      this.#verified.clear();
      this.#verifiedWith = this.directory.settings.jwtSecret;
    }
    const known = this.#verified.get(token);
    if (known) return known;
    const claims = verifyToken(token, this.directory.settings.jwtSecret);
    if (!claims) return undefined;
    if (this.#verified.size >= VERIFIED_CACHE)
      this.#verified.delete(this.#verified.keys().next().value as string);
    this.#verified.set(token, claims);
    return claims;
  }

  /** A live token's caller; an unknown, forged or expired token is 10008 (§4.2). */
  authenticate(token: string): Caller {
    const known = this.#claims(token);
    if (!known || expiresAt(known.claims) <= this.clock.now())
      throw new ProviderError(hpcErrors.PermissionDenied);
    const { claims, user } = known;
    if (claims.clusterId !== PLATFORM_CLUSTER.id && !user.clusters.includes(claims.clusterId)) {
      throw new ProviderError(hpcErrors.PermissionDenied);
    }
    return { token, claims, user, clusterId: claims.clusterId };
  }

  /** `/tokens/next`: a new token for the same region, refused once expired longer than the window (§2.3). */
  renew(token: string): { token: string; regions: RegionToken[] } {
    const known = this.#claims(token);
    const refusedAfter =
      known && expiresAt(known.claims) + this.directory.settings.renewalWindowSeconds * 1000;
    if (!known || refusedAfter === undefined || this.clock.now() > refusedAfter) {
      throw new ProviderError(hpcErrors.PermissionDenied);
    }
    const { claims, user } = known;
    const renewed = this.#issue({ ...claims, accountStatus: user.accountStatus });
    return { token: renewed, regions: this.regionTokens(user, claims.invoker, claims.userId !== undefined) };
  }

  /** 10011 once a token has made more than `rateLimit.requests` calls in the current window. */
  countCall(token: string): void {
    const limit = this.directory.settings.rateLimit;
    if (!limit) return;
    const window = this.#rateWindows.get(token);
    if (!window) {
      this.#rateWindows.set(token, { count: 1, expiresAt: this.clock.now() + limit.windowSeconds * 1000 });
      return;
    }
    window.count++;
    if (window.count > limit.requests) throw new ProviderError(hpcErrors.RateLimited);
  }
}
