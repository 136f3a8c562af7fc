import { randomBytes, randomInt } from 'node:crypto';
import { hpcErrors } from '../../../contracts/hpc/errors.ts';
import { encodeMm } from '../../../contracts/hpc/launchurl.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap } from '../../expiring.ts';
import type { Directory } from './model.ts';
import type { Caller } from './tokens.ts';

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

/** A VNC session on one of a cluster's VNC nodes. */
export interface VncSessionState {
  /** `<vncNode>--<computeUser>--<type>--<display>` (docs/providers/hpc.md §5). */
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

/** VNC sessions on the clusters' VNC nodes (§3.2–§3.5) and the launch tokens that open them. */
export class HpcSessions {
  /** Keyed by `<clusterId>/<sessionId>`: session ids are only unique within a cluster. */
  readonly sessions = new Map<string, VncSessionState>();
  readonly launchTokens: ExpiringMap<LaunchToken>;
  /** Each session's launch tokens (keyed as `sessions`), for the per-session bound. */
  readonly #sessionTokens = new Map<string, KeptTokens>();
  readonly #uuid: (ms: number) => string;
  /**
   * No session has been idle long enough to go before this instant (with cleanups at `#idleHour`), so a sweep
   * before it has nothing to do. Activity only moves a session's cleanup later; a session added, or touched at
   * an earlier clock than before, can move it sooner and forgets the instant.
   */
  #idleSweepAt = Number.NEGATIVE_INFINITY;
  #idleHour: number | null = null;

  constructor(
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {
    this.launchTokens = new ExpiringMap(clock);
    this.#uuid = uuidV1Generator();
  }

  /** A session as the scenario or a snapshot has it. */
  add(session: VncSessionState): VncSessionState {
    this.sessions.set(sessionKey(session.clusterId, session.id), session);
    this.#idleSweepAt = Number.NEGATIVE_INFINITY;
    return session;
  }

  /** Back to a snapshot's sessions and launch tokens. */
  restore(sessions: VncSessionState[], launchTokens: LaunchToken[]): void {
    this.sessions.clear();
    for (const session of sessions) this.add(session);
    refill(this.launchTokens, launchTokens, (t) => t.token);
    this.#sessionTokens.clear();
    for (const t of [...launchTokens].sort((a, b) => a.issuedAt - b.issuedAt)) this.#keepToken(t);
  }

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
    const cluster = this.directory.clusters.get(caller.clusterId);
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
    return this.add({
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

  /**
   * Remembers a session's new token and revokes its oldest beyond `MAX_LAUNCH_TOKENS_PER_SESSION`: once the
   * session has that many, the new one takes the oldest one's place in the ring.
   */
  #keepToken(token: LaunchToken): void {
    const key = sessionKey(token.clusterId, token.sessionId);
    let kept = this.#sessionTokens.get(key);
    if (!kept) {
      kept = { tokens: [], oldest: 0 };
      this.#sessionTokens.set(key, kept);
    }
    if (kept.tokens.length < MAX_LAUNCH_TOKENS_PER_SESSION) {
      kept.tokens.push(token.token);
      return;
    }
    this.launchTokens.delete(kept.tokens[kept.oldest] as string);
    kept.tokens[kept.oldest] = token.token;
    kept.oldest = (kept.oldest + 1) % MAX_LAUNCH_TOKENS_PER_SESSION;
  }

  /** Records activity on a session (the live console calls this when a client connects). */
  touchSession(session: VncSessionState): void {
    this.#touch(session, this.clock.now());
  }

  #touch(session: VncSessionState, now: number): void {
    if (now < session.lastActiveAt) this.#idleSweepAt = Number.NEGATIVE_INFINITY;
    session.lastActiveAt = now;
  }

  /** Issues a websockify token for the session; `buildUrl` writes the `novncUrl` around token and `mm`. */
  issueLaunchToken(session: VncSessionState, buildUrl: (token: string, mm: string) => string): LaunchToken {
    const now = this.clock.now();
    this.#touch(session, now);
    const token = this.#uuid(now);
    const mm = encodeMm(session.vncPassword, this.directory.settings.mmKey);
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
        this.directory.settings.launchTokenTtlSeconds === null
          ? Number.MAX_SAFE_INTEGER
          : now + this.directory.settings.launchTokenTtlSeconds * 1000,
    });
    this.#keepToken(issued);
    return issued;
  }

  /**
   * 「每天凌晨1点清理空闲的VNC会话」 (§3.2): at each cleanup hour (CST), a session nothing touched in the 24 h
   * before is removed with its launch tokens. Evaluated lazily, on the emulator clock.
   */
  sweepIdleSessions(): void {
    const hour = this.directory.settings.idleCleanupHour;
    if (hour === null) return;
    const now = this.clock.now();
    if (hour === this.#idleHour && now < this.#idleSweepAt) return;
    let next = Number.POSITIVE_INFINITY;
    for (const session of [...this.sessions.values()]) {
      const cleanup = nextCleanup(session.lastActiveAt + DAY_MS, hour);
      if (cleanup <= now) this.deleteSession(session);
      else if (cleanup < next) next = cleanup;
    }
    this.#idleHour = hour;
    this.#idleSweepAt = next;
  }
}

export const sessionId = (node: string, computeUser: string, type: string, display: number): string =>
  `${node}--${computeUser}--${type}--${display}`;

const sessionKey = (clusterId: string, id: string) => `${clusterId}/${id}`;

/** A session's launch tokens: in the order issued until the bound, then a ring whose `oldest` goes next. */
interface KeptTokens {
  tokens: string[];
  oldest: number;
}

/** The first instant at or after `at` that is `hour`:00 China Standard Time. */
export function nextCleanup(at: number, hour: number): number {
  const localMidnight = Math.floor((at + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
  const candidate = localMidnight + hour * HOUR_MS;
  return candidate >= at ? candidate : candidate + DAY_MS;
}

/** VNC passwords are at most 8 bytes (RFB's DES challenge uses the first 8). */
export function newVncPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * Time-based (version 1) UUIDs for instants of the emulator clock with a `52:54:00` (QEMU/KVM) node, the form of
 * the seed's `94e35e96-a29c-11ed-8bea-525400dc9fc8`: the gateway that mints them is a KVM guest.
 */
function uuidV1Generator(): (ms: number) => string {
  const node = `525400${randomBytes(3).toString('hex')}`;
  const clockSeq = (randomInt(0x4000) | 0x8000).toString(16);
  let lastMs = -1;
  let sub = 0;
  return (ms) => {
    sub = ms === lastMs ? sub + 1 : 0;
    lastMs = ms;
    // 100-ns intervals since 1582-10-15, the UUID epoch (0x01b21dd2_13814000), a 60-bit count: computed in
    // 32-bit halves, each exact in a double, as a BigInt per call costs more than the rest of the id.
    const msHigh = Math.floor(ms / TWO_32);
    const lowSum = (ms - msHigh * TWO_32) * 10_000 + 0x13814000 + (sub % 10_000);
    const carry = Math.floor(lowSum / TWO_32);
    const high32 = msHigh * 10_000 + 0x01b21dd2 + carry;
    const low = (lowSum - carry * TWO_32).toString(16).padStart(8, '0');
    const mid = (high32 & 0xffff).toString(16).padStart(4, '0');
    const high = (((high32 >>> 16) & 0x0fff) | 0x1000).toString(16).padStart(4, '0');
    return `${low}-${mid}-${high}-${clockSeq}-${node}`;
  };
}

const TWO_32 = 2 ** 32;
