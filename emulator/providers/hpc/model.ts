import { randomBytes, randomInt } from 'node:crypto';
import { hpcErrors } from '../../../contracts/hpc/errors.ts';
import { encodeMm } from '../../../contracts/hpc/launchurl.ts';
import type { HpcCluster, HpcScenario, HpcSettings, HpcUser } from '../../../contracts/hpc/scenario.ts';
import { akskSignature } from '../../../contracts/hpc/signer.ts';
import { expiresAt, type HpcTokenClaims, signToken, verifyToken } from '../../../contracts/hpc/token.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap } from '../../expiring.ts';

/** The platform token's region: 「clusterId为0,clusterName为ac的区域信息为平台自身token」 (reference §2.1). */
export const PLATFORM_CLUSTER = { id: '0', name: 'ac' } as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The platform runs on China Standard Time (UTC+8): the seed's expiry is 15:35 CST (§6). */
export const CST_OFFSET_MS = 8 * HOUR_MS;
/**
 * Launch tokens kept per session. Without a lifetime (the default) a token lives as long as its session, so a
 * long-lived session asked for URLs again and again would hold every one of them: beyond this many, the
 * oldest is revoked. noVNC reconnects with the URL it was opened with, which is always among the newest.
 */
export const MAX_LAUNCH_TOKENS_PER_SESSION = 100;
/** How many verified token signatures the model remembers. */
const VERIFIED_CACHE = 4096;

export interface RegionToken {
  clusterName: string;
  clusterId: string;
  token: string | null;
}

/** A VNC session on one of a cluster's VNC nodes. */
export interface VncSessionState {
  /** `<vncNode>--<computeUser>--<type>--<display>` (reference §5). */
  id: string;
  clusterId: string;
  /** The platform login name of the owner. */
  user: string;
  computeUser: string;
  node: string;
  display: number;
  type: string;
  /** What `mm` seals; the live console checks it. */
  vncPassword: string;
  createdAt: number;
  /** Last create, launch URL or console activity; idle cleanup looks at it. */
  lastActiveAt: number;
}

/** A launch URL's websockify token (the `token=` inside `path`), valid on the emulator clock. */
export interface LaunchToken {
  token: string;
  sessionId: string;
  clusterId: string;
  user: string;
  vncPassword: string;
  mm: string;
  novncUrl: string;
  issuedAt: number;
  expiresAt: number;
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

/** SCNet / Sugon AC state and rules: users, regions, tokens, VNC sessions. No HTTP here. */
export class HpcModel {
  readonly settings: HpcSettings;
  readonly users = new Map<string, HpcUser>();
  readonly clusters = new Map<string, HpcCluster>();
  readonly accessKeys = new Map<string, HpcScenario['accessKeys'][number]>();
  readonly orgIds: ReadonlySet<string>;
  /** Keyed by `<clusterId>/<sessionId>`: session ids are only unique within a cluster. */
  readonly sessions = new Map<string, VncSessionState>();
  readonly launchTokens: ExpiringMap<LaunchToken>;
  /** Each session's launch tokens, oldest first (keyed as `sessions`), for the per-session bound. */
  readonly #sessionTokens = new Map<string, string[]>();
  readonly #rateWindows: ExpiringMap<RateWindow>;
  readonly #verified = new Map<string, HpcTokenClaims>();
  #verifiedWith: string | undefined;
  readonly #uuid: () => string;

  constructor(
    readonly scenario: HpcScenario,
    private readonly clock: Clock,
  ) {
    this.settings = structuredClone(scenario.settings);
    this.launchTokens = new ExpiringMap(clock);
    this.#rateWindows = new ExpiringMap(clock);
    this.#uuid = uuidV1Generator(clock);
    this.orgIds = new Set(scenario.orgIds);
    for (const u of scenario.users) this.users.set(u.name, u);
    for (const c of scenario.clusters) this.clusters.set(c.id, structuredClone(c));
    for (const k of scenario.accessKeys) this.accessKeys.set(k.accessKey, k);
    const now = clock.now();
    // The scenario schema has checked that every session's user, cluster and node exist.
    for (const s of scenario.sessions) {
      const user = this.users.get(s.user) as HpcUser;
      this.#addSession({
        id: sessionId(s.node, user.computeUser, s.type, s.display),
        clusterId: s.clusterId,
        user: user.name,
        computeUser: user.computeUser,
        node: s.node,
        display: s.display,
        type: s.type,
        vncPassword: s.vncPassword ?? newVncPassword(),
        createdAt: now,
        lastActiveAt: now,
      });
    }
  }

  // --- Tokens (§2) ---

  /** `POST /ac/openapi/v2/tokens`: unknown user 10009 (as the AK/SK route, §2.2), wrong password or orgId 10008. */
  passwordLogin(name: string, password: string, orgId: string): RegionToken[] {
    const user = this.users.get(name);
    if (!user) throw new ProviderError(hpcErrors.UserNotFound);
    if (user.password !== password || !this.orgIds.has(orgId))
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
    const user = this.users.get(headers.user);
    if (!user) throw new ProviderError(hpcErrors.UserNotFound);
    const key = this.accessKeys.get(headers.accessKey);
    const expected = key && key.user === user.name ? akskSignature(key.secretKey, headers) : undefined;
    if (!key || expected !== headers.signature.toLowerCase())
      throw new ProviderError(hpcErrors.SignatureMismatch);
    const skew = this.settings.akskTimestampSkewSeconds;
    if (skew !== null && Math.abs(this.clock.now() / 1000 - Number(headers.timestamp)) > skew) {
      throw new ProviderError(hpcErrors.VerificationFailed);
    }
    // The AK/SK route's sample tokens carry no `userId` (§6).
    return this.regionTokens(user, key.invoker, false);
  }

  /** The user's regions, then the platform's own; `token: null` everywhere for a disabled account (§2.1). */
  regionTokens(user: HpcUser, invoker: string, withUserId: boolean): RegionToken[] {
    const regions = user.clusters
      .map((id) => this.clusters.get(id))
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
    const expireTime = String(this.clock.now() + this.settings.tokenTtlSeconds * 1000);
    return signToken({ ...claims, expireTime }, this.settings.jwtSecret);
  }

  /** Claims of a token this emulator signed for a user it knows, expired or not. */
  #claims(token: string): { claims: HpcTokenClaims; user: HpcUser } | undefined {
    const claims = this.#verify(token);
    const user = claims && this.users.get(claims.user);
    return claims && user ? { claims, user } : undefined;
  }

  /**
   * The claims of a token signed with the current key. A signature once checked is remembered (at most
   * `VERIFIED_CACHE` tokens, the oldest forgotten first), as a client presents the same token on every call; forged
   * tokens are never remembered, and a change of key forgets every one.
   */
  #verify(token: string): HpcTokenClaims | undefined {
    if (this.#verifiedWith !== this.settings.jwtSecret) {
      this.#verified.clear();
      this.#verifiedWith = this.settings.jwtSecret;
    }
    const known = this.#verified.get(token);
    if (known) return known;
    const claims = verifyToken(token, this.settings.jwtSecret);
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
    const refusedAfter = known && expiresAt(known.claims) + this.settings.renewalWindowSeconds * 1000;
    if (!known || refusedAfter === undefined || this.clock.now() > refusedAfter) {
      throw new ProviderError(hpcErrors.PermissionDenied);
    }
    const { claims, user } = known;
    const renewed = this.#issue({ ...claims, accountStatus: user.accountStatus });
    return { token: renewed, regions: this.regionTokens(user, claims.invoker, claims.userId !== undefined) };
  }

  /** 10011 once a token has made more than `rateLimit.requests` calls in the current window. */
  countCall(token: string): void {
    const limit = this.settings.rateLimit;
    if (!limit) return;
    const window = this.#rateWindows.get(token);
    if (!window) {
      this.#rateWindows.set(token, { count: 1, expiresAt: this.clock.now() + limit.windowSeconds * 1000 });
      return;
    }
    window.count++;
    if (window.count > limit.requests) throw new ProviderError(hpcErrors.RateLimited);
  }

  // --- VNC sessions (§3.2–§3.5) ---

  sessionsOf(caller: Caller): VncSessionState[] {
    this.sweepIdleSessions();
    return [...this.sessions.values()].filter(
      (s) => s.clusterId === caller.clusterId && s.user === caller.user.name,
    );
  }

  /** 「一个用户只能创建一个VNC会话,重复调用接口,返回之前已经创建的VNC会话」 (§3.2). */
  createSession(caller: Caller): VncSessionState {
    const existing = this.sessionsOf(caller)[0];
    if (existing) {
      this.touchSession(existing);
      return existing;
    }
    const cluster = this.clusters.get(caller.clusterId);
    const inCluster = [...this.sessions.values()].filter((s) => s.clusterId === caller.clusterId);
    const node = cluster?.vncNodes
      .filter((n) => !n.overloaded)
      .map((n) => ({ name: n.name, load: inCluster.filter((s) => s.node === n.name).length }))
      .sort((a, b) => a.load - b.load)[0];
    if (!node) throw new ProviderError(hpcErrors.VncNodesOverloaded);
    const used = new Set(inCluster.filter((s) => s.node === node.name).map((s) => s.display));
    let display = 1;
    while (used.has(display)) display++;
    const now = this.clock.now();
    const type = 'SIG';
    return this.#addSession({
      id: sessionId(node.name, caller.user.computeUser, type, display),
      clusterId: caller.clusterId,
      user: caller.user.name,
      computeUser: caller.user.computeUser,
      node: node.name,
      display,
      type,
      vncPassword: newVncPassword(),
      createdAt: now,
      lastActiveAt: now,
    });
  }

  #addSession(session: VncSessionState): VncSessionState {
    this.sessions.set(sessionKey(session.clusterId, session.id), session);
    return session;
  }

  /** Everything that changes at run time, for a snapshot file (tokens are JWTs: they need no state). */
  snapshot() {
    return {
      settings: this.settings,
      users: [...this.users.values()],
      clusters: [...this.clusters.values()],
      accessKeys: [...this.accessKeys.values()],
      sessions: [...this.sessions.values()],
      launchTokens: this.launchTokens.values(),
    };
  }

  restore(data: ReturnType<HpcModel['snapshot']>): void {
    Object.assign(this.settings, data.settings);
    refill(this.users, data.users, (u) => u.name);
    refill(this.clusters, data.clusters, (c) => c.id);
    refill(this.accessKeys, data.accessKeys, (k) => k.accessKey);
    this.sessions.clear();
    for (const session of data.sessions) this.#addSession(session);
    refill(this.launchTokens, data.launchTokens, (t) => t.token);
    this.#sessionTokens.clear();
    for (const t of [...data.launchTokens].sort((a, b) => a.issuedAt - b.issuedAt)) this.#keepToken(t);
  }

  /** What `GET /__emulator/state` shows. */
  toJSON() {
    return this.snapshot();
  }

  findSession(clusterId: string, id: string): VncSessionState | undefined {
    this.sweepIdleSessions();
    return this.sessions.get(sessionKey(clusterId, id));
  }

  deleteSession(session: VncSessionState): void {
    this.sessions.delete(sessionKey(session.clusterId, session.id));
    const revoked = this.launchTokens
      .all()
      .filter((t) => t.sessionId === session.id && t.clusterId === session.clusterId);
    for (const t of revoked) this.launchTokens.delete(t.token);
    this.#sessionTokens.delete(sessionKey(session.clusterId, session.id));
  }

  /** Remembers a session's new token and revokes its oldest beyond `MAX_LAUNCH_TOKENS_PER_SESSION`. */
  #keepToken(token: LaunchToken): void {
    const key = sessionKey(token.clusterId, token.sessionId);
    const tokens = this.#sessionTokens.get(key) ?? [];
    tokens.push(token.token);
    this.#sessionTokens.set(key, tokens);
    while (tokens.length > MAX_LAUNCH_TOKENS_PER_SESSION) this.launchTokens.delete(tokens.shift() as string);
  }

  /** Records activity on a session (the live console calls this when a client connects). */
  touchSession(session: VncSessionState): void {
    session.lastActiveAt = this.clock.now();
  }

  /** Issues a websockify token for the session; `buildUrl` writes the `novncUrl` around token and `mm`. */
  issueLaunchToken(session: VncSessionState, buildUrl: (token: string, mm: string) => string): LaunchToken {
    const now = this.clock.now();
    this.touchSession(session);
    const token = this.#uuid();
    const mm = encodeMm(session.vncPassword, this.settings.mmKey);
    const issued = this.launchTokens.set(token, {
      token,
      sessionId: session.id,
      clusterId: session.clusterId,
      user: session.user,
      vncPassword: session.vncPassword,
      mm,
      novncUrl: buildUrl(token, mm),
      issuedAt: now,
      // Without a lifetime the token lives until its session is deleted (deleteSession revokes it).
      expiresAt:
        this.settings.launchTokenTtlSeconds === null
          ? Number.MAX_SAFE_INTEGER
          : now + this.settings.launchTokenTtlSeconds * 1000,
    });
    this.#keepToken(issued);
    return issued;
  }

  /**
   * 「每天凌晨1点清理空闲的VNC会话」 (§3.2): at each cleanup hour (CST), a session nothing touched in the 24 h
   * before is removed with its launch tokens. Evaluated lazily, on the emulator clock.
   */
  sweepIdleSessions(): void {
    const hour = this.settings.idleCleanupHour;
    if (hour === null) return;
    const now = this.clock.now();
    for (const session of [...this.sessions.values()]) {
      if (nextCleanup(session.lastActiveAt + DAY_MS, hour) <= now) this.deleteSession(session);
    }
  }

  clusterOf(caller: Caller): HpcCluster | undefined {
    return this.clusters.get(caller.clusterId);
  }
}

export const sessionId = (node: string, computeUser: string, type: string, display: number): string =>
  `${node}--${computeUser}--${type}--${display}`;

const sessionKey = (clusterId: string, id: string) => `${clusterId}/${id}`;

/** The first instant at or after `at` that is `hour`:00 China Standard Time. */
export function nextCleanup(at: number, hour: number): number {
  const localMidnight = Math.floor((at + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
  const candidate = localMidnight + hour * HOUR_MS;
  return candidate >= at ? candidate : candidate + DAY_MS;
}

/** VNC passwords are at most 8 bytes (RFB's DES challenge uses the first 8). */
function newVncPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * Time-based (version 1) UUIDs on the emulator clock with a `52:54:00` (QEMU/KVM) node, the form of the seed's
 * `94e35e96-a29c-11ed-8bea-525400dc9fc8`: the gateway that mints them is a KVM guest.
 */
function uuidV1Generator(clock: Clock): () => string {
  const node = `525400${randomBytes(3).toString('hex')}`;
  const clockSeq = (randomInt(0x4000) | 0x8000).toString(16);
  let lastMs = -1;
  let sub = 0;
  return () => {
    const ms = clock.now();
    sub = ms === lastMs ? sub + 1 : 0;
    lastMs = ms;
    // 100-ns intervals since 1582-10-15, the UUID epoch.
    const t = BigInt(ms) * 10_000n + 0x01b21dd213814000n + BigInt(sub % 10_000);
    const low = (t & 0xffffffffn).toString(16).padStart(8, '0');
    const mid = ((t >> 32n) & 0xffffn).toString(16).padStart(4, '0');
    const high = (((t >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
    return `${low}-${mid}-${high}-${clockSeq}-${node}`;
  };
}
