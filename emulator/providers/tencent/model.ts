import { tencentErrors } from '../../../contracts/tencent/errors.ts';
import {
  type TencentInstance,
  type TencentKey,
  type TencentRegion,
  type TencentScenario,
  tencentInstanceIdPattern,
} from '../../../contracts/tencent/scenario.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap, realTime } from '../../expiring.ts';
import { NonceStore } from '../../nonces.ts';
import { randomString } from '../../random.ts';

/** An `InstanceVncUrl` handed out: the ticket the console checks, its expiry and its one connection. */
export interface VncTicket {
  /** The `s` parameter of the websocket URL. */
  ticket: string;
  instanceId: string;
  region: string;
  secretId: string;
  /** The `InstanceVncUrl` field exactly as answered (percent-encoded once). */
  instanceVncUrl: string;
  issuedAt: number;
  expiresAt: number;
  /** Set when the console first accepts it: each URL is good for one connection (docs/providers/tencent.md). */
  usedAt?: number;
}

export interface InstanceFilter {
  name: string;
  values: readonly string[];
}

export interface InstanceQuery {
  region: string;
  instanceIds?: readonly string[];
  filters?: readonly InstanceFilter[];
  offset: number;
  limit: number;
}

/**
 * The filter names of DescribeInstances the API metadata lists that the emulator knows; those it has no data
 * for (VPCs, tags, …) match no instance.
 */
export const FILTER_NAMES = [
  'zone',
  'project-id',
  'instance-id',
  'instance-name',
  'instance-state',
  'instance-charge-type',
  'instance-type',
  'vpc-id',
  'subnet-id',
  'private-ip-address',
  'public-ip-address',
  'security-group-id',
  'tag-key',
  'tag-value',
] as const;

/** Matches an instance against one filter (any of its values). */
function matches(instance: TencentInstance, filter: InstanceFilter): boolean {
  const field = (() => {
    switch (filter.name) {
      case 'zone':
        return instance.zone;
      case 'project-id':
        return '0';
      case 'instance-id':
        return instance.instanceId;
      case 'instance-name':
        return instance.instanceName;
      case 'instance-state':
        return instance.instanceState;
      case 'instance-charge-type':
        return 'POSTPAID_BY_HOUR';
      case 'instance-type':
        return instance.instanceType;
      case 'private-ip-address':
        return instance.privateIpAddress;
      default:
        return undefined;
    }
  })();
  return field !== undefined && filter.values.includes(field);
}

/** Tencent Cloud CVM state and rules: keys, regions, instances, VNC tickets, nonces. No HTTP here. */
export class TencentModel {
  readonly regions = new Map<string, TencentRegion>();
  readonly keys = new Map<string, TencentKey>();
  readonly instances = new Map<string, TencentInstance>();
  /** Issued console URLs by ticket; the console proxy looks them up here. */
  readonly vncTickets: ExpiringMap<VncTicket>;
  /** Legacy `Nonce`s seen, by SecretId and timestamp, while the timestamp is fresh (real time). */
  readonly nonces: NonceStore;
  /** When consoles connected to each instance, for the proxy's per-minute limit (emulator clock). */
  readonly consoleConnections = new Map<string, number[]>();
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly scenario: TencentScenario,
    private readonly clock: Clock,
  ) {
    this.vncTickets = new ExpiringMap(clock);
    this.nonces = new NonceStore(realTime(clock));
    for (const r of scenario.regions) this.regions.set(r.region, r);
    for (const k of scenario.keys) this.keys.set(k.secretId, k);
    for (const i of scenario.instances) this.instances.set(i.instanceId, { ...i });
  }

  get settings(): TencentScenario['settings'] {
    return this.scenario.settings;
  }

  /** Everything that changes at run time, for a snapshot file. */
  snapshot() {
    return {
      regions: [...this.regions.values()],
      keys: [...this.keys.values()],
      instances: [...this.instances.values()],
      vncTickets: this.vncTickets.values(),
      nonces: Array.from(this.nonces.entries(), (n) => ({
        key: `${n.credential}\n${n.nonce}`,
        expiresAt: n.expiresAt,
      })),
    };
  }

  restore(data: ReturnType<TencentModel['snapshot']>): void {
    refill(this.regions, data.regions, (r) => r.region);
    refill(this.keys, data.keys, (k) => k.secretId);
    refill(this.instances, data.instances, (i) => i.instanceId);
    refill(this.vncTickets, data.vncTickets, (t) => t.ticket);
    this.nonces.clear();
    for (const { key, expiresAt } of data.nonces) {
      const newline = key.indexOf('\n');
      this.nonces.remember(key.slice(0, newline), key.slice(newline + 1), expiresAt);
    }
  }

  /** What the control API's `GET /__emulator/state` shows. */
  toJSON() {
    return {
      settings: this.settings,
      regions: [...this.regions.values()],
      keys: [...this.keys.values()],
      instances: [...this.instances.values()],
      vncTickets: this.vncTickets.values(),
      nonces: this.nonces.live(),
    };
  }

  /** Whether a legacy call's `Nonce` was used with this timestamp by this key while it is fresh. */
  nonceSeen(secretId: string, timestamp: number, nonce: string): boolean {
    return this.nonces.seen(secretId, `${timestamp}\n${nonce}`);
  }

  rememberNonce(secretId: string, timestamp: number, nonce: string): void {
    this.nonces.remember(
      secretId,
      `${timestamp}\n${nonce}`,
      this.clock.realNow() + this.settings.timestampToleranceSeconds * 2000,
    );
  }

  /**
   * Calls a second per action and SecretId, in one-second windows on the emulator clock (the action page's
   * frequency limit). Returns the limit when this call is over it.
   */
  overLimit(secretId: string, action: string): number | undefined {
    const limit = this.settings.rateLimitPerSecond[action];
    if (limit === undefined) return undefined;
    const now = this.clock.now();
    const key = `${secretId}\n${action}`;
    let window = this.#windows.get(key);
    if (!window || now >= window.start + 1000) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    return window.count > limit ? limit : undefined;
  }

  region(region: string): TencentRegion {
    const found = this.regions.get(region);
    if (!found) throw new ProviderError(tencentErrors.UnsupportedRegion, { region });
    return found;
  }

  /** The instance a call names in its region; one of another region or account is not found (inferred). */
  instanceIn(region: string, instanceId: string, secretId: string): TencentInstance {
    checkInstanceId(instanceId);
    const instance = this.instances.get(instanceId);
    if (!instance || instance.region !== region || !visibleTo(instance, secretId)) {
      throw new ProviderError(tencentErrors['InvalidInstanceId.NotFound'], { instance_id: instanceId });
    }
    return instance;
  }

  /** Issues `wss://…/vnc?s=<ticket>&password=&isWindows=…&isUbuntu=…`, percent-encoded once. */
  describeInstanceVncUrl(
    region: string,
    instanceId: string,
    secretId: string,
    consoleBase: string,
  ): VncTicket {
    const instance = this.instanceIn(region, instanceId, secretId);
    requireConsole(instance);
    // URL-safe, so that the page's decoding once or twice leaves it alone.
    const ticket = randomString(48, 'base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const query = `s=${ticket}&password=&isWindows=${instance.osType === 'windows'}&isUbuntu=${instance.osType === 'ubuntu'}`;
    const now = this.clock.now();
    return this.vncTickets.set(ticket, {
      ticket,
      instanceId,
      region,
      secretId,
      instanceVncUrl: encodeURIComponent(`${consoleBase}/vnc?${query}`),
      issuedAt: now,
      expiresAt: now + this.settings.vncUrlTtlSeconds * 1000,
    });
  }

  /** Marks a live, unused ticket used; `undefined` for an unknown, expired or used one. */
  redeemVncTicket(ticket: string): { ticket: VncTicket; instance: TencentInstance } | undefined {
    const issued = this.vncTickets.get(ticket);
    const instance = issued && this.instances.get(issued.instanceId);
    if (!issued || !instance || issued.usedAt !== undefined) return undefined;
    issued.usedAt = this.clock.now();
    return { ticket: issued, instance };
  }

  describeInstances(
    query: InstanceQuery,
    secretId: string,
  ): { instances: TencentInstance[]; totalCount: number } {
    const ids = query.instanceIds === undefined ? undefined : new Set(query.instanceIds);
    const matching = [...this.instances.values()].filter(
      (i) =>
        visibleTo(i, secretId) &&
        i.region === query.region &&
        (ids === undefined || ids.has(i.instanceId)) &&
        (query.filters ?? []).every((f) => matches(i, f)),
    );
    return {
      instances: matching.slice(query.offset, query.offset + query.limit),
      totalCount: matching.length,
    };
  }
}

/** An instance with an `owner` is seen by that SecretId only; one without by every key. */
const visibleTo = (instance: TencentInstance, secretId: string) =>
  instance.owner === undefined || instance.owner === secretId;

/**
 * Not `ins-` and eight lower-case letters or digits. An `ins-` id of the wrong length is
 * `InvalidInstanceId.Malformed` (the Go SDK's example is `ins-1122`); anything else that is not of the form is
 * `InvalidParameterValue.InstanceIdMalformed` (docs/providers/tencent.md, "DescribeInstanceVncUrl").
 */
export function checkInstanceId(instanceId: string): void {
  if (tencentInstanceIdPattern.test(instanceId)) return;
  const entry =
    instanceId.startsWith('ins-') && instanceId.length !== 12
      ? tencentErrors['InvalidInstanceId.Malformed']
      : tencentErrors['InvalidParameterValue.InstanceIdMalformed'];
  throw new ProviderError(entry, { instance_id: instanceId });
}

const REFUSED_STATES = {
  PENDING: tencentErrors.InstanceStatePending,
  STARTING: tencentErrors.InstanceStateStarting,
  STOPPING: tencentErrors.InstanceStateStopping,
  STOPPED: tencentErrors.InstanceStateStopped,
  REBOOTING: tencentErrors.InstanceStateRebooting,
  SHUTDOWN: tencentErrors.InstanceStateShutdown,
  TERMINATING: tencentErrors.InstanceStateTerminating,
  ENTER_RESCUE_MODE: tencentErrors.InstanceStateEnterRescueMode,
  EXIT_RESCUE_MODE: tencentErrors.InstanceStateExitRescueMode,
  ENTER_SERVICE_LIVE_MIGRATE: tencentErrors.InstanceStateEnterServiceLiveMigrate,
  EXIT_SERVICE_LIVE_MIGRATE: tencentErrors.InstanceStateExitServiceLiveMigrate,
} as const;

/**
 * Only a RUNNING instance has a console (docs/providers/tencent.md, "DescribeInstanceVncUrl": STOPPED is
 * documented, the rest is inferred from the action's error list). Restrictions first (banned, an operation in
 * progress, a failed reinstall), then the state's own code; STOPPED in no-charge mode has its own.
 */
function requireConsole(instance: TencentInstance): void {
  const params = { instance_id: instance.instanceId, state: instance.instanceState };
  if (instance.restrictState === 'PROTECTIVELY_ISOLATED') {
    throw new ProviderError(tencentErrors.InstanceStateBanning, params);
  }
  if (instance.latestOperationState === 'OPERATING') {
    throw new ProviderError(tencentErrors.InstanceOperationInProgress, params);
  }
  if (instance.latestOperation === 'ResetInstance' && instance.latestOperationState === 'FAILED') {
    throw new ProviderError(tencentErrors.InstanceReinstallFailed, params);
  }
  const state = instance.instanceState;
  if (state === 'RUNNING') return;
  if (state === 'STOPPED' && instance.stopChargingMode === 'STOP_CHARGING') {
    throw new ProviderError(tencentErrors.StoppedModeStopCharging, params);
  }
  const entry = state in REFUSED_STATES ? REFUSED_STATES[state as keyof typeof REFUSED_STATES] : undefined;
  // LAUNCH_FAILED, RESCUE_MODE and SERVICE_LIVE_MIGRATE have no code of their own.
  throw new ProviderError(entry ?? tencentErrors.InvalidInstanceState, params);
}
