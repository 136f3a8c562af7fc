import type { HpcCluster, HpcScenario, HpcSettings, HpcUser } from '../../../contracts/hpc/scenario.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { HpcSessions, newVncPassword, sessionId } from './sessions.ts';
import { type Caller, HpcTokens } from './tokens.ts';

export { CST_OFFSET_MS, MAX_LAUNCH_TOKENS_PER_SESSION, type VncSessionState } from './sessions.ts';
export { type Caller, PLATFORM_CLUSTER } from './tokens.ts';

/** Who the platform knows: what its tokens and sessions read. */
export interface Directory {
  readonly settings: HpcSettings;
  readonly users: ReadonlyMap<string, HpcUser>;
  readonly clusters: ReadonlyMap<string, HpcCluster>;
  readonly accessKeys: ReadonlyMap<string, HpcScenario['accessKeys'][number]>;
  readonly orgIds: ReadonlySet<string>;
}

/**
 * SCNet / Sugon AC state and rules, no HTTP here: users, regions and AccessKeys, with the platform's tokens
 * (`tokens.ts`) and the VNC sessions and their launch tokens (`sessions.ts`).
 */
export class HpcModel implements Directory {
  readonly settings: HpcSettings;
  readonly users = new Map<string, HpcUser>();
  readonly clusters = new Map<string, HpcCluster>();
  readonly accessKeys = new Map<string, HpcScenario['accessKeys'][number]>();
  readonly orgIds: ReadonlySet<string>;
  readonly tokens: HpcTokens;
  readonly desktop: HpcSessions;

  constructor(
    readonly scenario: HpcScenario,
    clock: Clock,
  ) {
    this.settings = structuredClone(scenario.settings);
    this.tokens = new HpcTokens(this, clock);
    this.desktop = new HpcSessions(this, clock);
    this.orgIds = new Set(scenario.orgIds);
    for (const u of scenario.users) this.users.set(u.name, u);
    for (const c of scenario.clusters) this.clusters.set(c.id, structuredClone(c));
    for (const k of scenario.accessKeys) this.accessKeys.set(k.accessKey, k);
    const now = clock.now();
    // The scenario schema has checked that every session's user, cluster and node exist.
    for (const s of scenario.sessions) {
      const user = this.users.get(s.user) as HpcUser;
      this.desktop.add({
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

  /** The VNC sessions, keyed by `<clusterId>/<sessionId>`. */
  get sessions() {
    return this.desktop.sessions;
  }

  get launchTokens() {
    return this.desktop.launchTokens;
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
    this.desktop.restore(data.sessions, data.launchTokens);
  }

  /** What `GET /__emulator/state` shows. */
  toJSON() {
    return this.snapshot();
  }

  clusterOf(caller: Caller): HpcCluster | undefined {
    return this.clusters.get(caller.clusterId);
  }
}
