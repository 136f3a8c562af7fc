import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import {
  type AliyunAccessKey,
  type AliyunInstance,
  type AliyunRegion,
  type AliyunScenario,
  aliyunInstanceStatus,
} from '../../../contracts/aliyun/scenario.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap, realTime } from '../../expiring.ts';
import { NonceStore } from '../../nonces.ts';
import { randomString } from '../../random.ts';

/** A VncUrl handed out: the token the live console will check, its expiry and its one connection. */
export interface VncToken {
  /** The raw token, as the console receives it once `?s=` is decoded. */
  token: string;
  instanceId: string;
  regionId: string;
  accessKeyId: string;
  /** The `VncUrl` field exactly as answered (percent-encoded once). */
  vncUrl: string;
  issuedAt: number;
  expiresAt: number;
  /** Each VncUrl is good for one connection (docs/providers/aliyun.md §4): set when the console first accepts it. */
  usedAt?: number;
}

export interface InstanceQuery {
  regionId: string;
  instanceIds?: readonly string[];
  /** `*` matches any run of characters. */
  instanceName?: string;
  status?: string;
  pageNumber: number;
  pageSize: number;
}

/** Alibaba Cloud ECS state and rules: access keys, regions, instances, VNC tokens, nonces. No HTTP here. */
export class AliyunModel {
  readonly regions = new Map<string, AliyunRegion>();
  readonly accessKeys = new Map<string, AliyunAccessKey>();
  readonly instances = new Map<string, AliyunInstance>();
  /** Issued VncUrls by raw token; the live console looks tokens up here. */
  readonly vncTokens: ExpiringMap<VncToken>;
  /** `SignatureNonce` values seen, by AccessKey, for the replay window. */
  readonly nonces: NonceStore;
  /** When consoles connected to each instance, for the proxy's per-minute limit (emulator clock). */
  readonly consoleConnections = new Map<string, number[]>();
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly scenario: AliyunScenario,
    private readonly clock: Clock,
  ) {
    this.vncTokens = new ExpiringMap(clock);
    // A nonce's window belongs to the request's freshness, which real time judges (docs/providers/aliyun.md §2.2).
    this.nonces = new NonceStore(realTime(clock));
    for (const r of scenario.regions) this.regions.set(r.regionId, r);
    for (const k of scenario.accessKeys) this.accessKeys.set(k.accessKeyId, k);
    for (const i of scenario.instances) this.instances.set(i.instanceId, { ...i });
  }

  /** Everything that changes at run time, for a snapshot file. */
  snapshot() {
    return {
      regions: [...this.regions.values()],
      accessKeys: [...this.accessKeys.values()],
      instances: [...this.instances.values()],
      vncTokens: this.vncTokens.values(),
      nonces: Array.from(this.nonces.entries(), (n) => ({
        key: `${n.credential}\n${n.nonce}`,
        expiresAt: n.expiresAt,
      })),
    };
  }

  restore(data: ReturnType<AliyunModel['snapshot']>): void {
    refill(this.regions, data.regions, (r) => r.regionId);
    refill(this.accessKeys, data.accessKeys, (k) => k.accessKeyId);
    refill(this.instances, data.instances, (i) => i.instanceId);
    refill(this.vncTokens, data.vncTokens, (t) => t.token);
    this.nonces.clear();
    for (const { key, expiresAt } of data.nonces) {
      const newline = key.indexOf('\n');
      this.nonces.remember(key.slice(0, newline), key.slice(newline + 1), expiresAt);
    }
  }

  /** What the control API's `GET /__emulator/state` shows: resources, credentials and live tokens. */
  toJSON() {
    return {
      settings: this.settings,
      regions: [...this.regions.values()],
      accessKeys: [...this.accessKeys.values()],
      instances: [...this.instances.values()],
      vncTokens: this.vncTokens.values(),
      nonces: this.nonces.live(),
    };
  }

  get settings(): AliyunScenario['settings'] {
    return this.scenario.settings;
  }

  /** Whether the AccessKey used this nonce within the replay window. */
  nonceSeen(accessKeyId: string, nonce: string): boolean {
    return this.nonces.seen(accessKeyId, nonce);
  }

  /** Remembers a nonce for the replay window (only once the request's signature has been verified). */
  rememberNonce(accessKeyId: string, nonce: string): void {
    this.nonces.remember(accessKeyId, nonce, this.clock.realNow() + this.settings.nonceWindowSeconds * 1000);
  }

  /**
   * Per-AccessKey flow control in fixed windows on the emulator clock. Returns the milliseconds to wait
   * when the request is over the limit, `undefined` when it may pass (always, while throttling is off).
   */
  throttle(accessKeyId: string): number | undefined {
    const limit = this.settings.throttling;
    if (!limit) return undefined;
    const now = this.clock.now();
    const span = limit.perSeconds * 1000;
    let window = this.#windows.get(accessKeyId);
    if (!window || now >= window.start + span) {
      window = { start: now, count: 0 };
      this.#windows.set(accessKeyId, window);
    }
    window.count++;
    return window.count > limit.requests ? Math.max(1, window.start + span - now) : undefined;
  }

  region(regionId: string): AliyunRegion {
    const region = this.regions.get(regionId);
    if (!region) throw new ProviderError(aliyunErrors['InvalidRegionId.NotFound']);
    return region;
  }

  /**
   * The instance a region-scoped call names. An instance of another region is `InvalidRegionInstance` for
   * DescribeInstanceVncUrl (docs/providers/aliyun.md §3.2) and `NoSuchResource` for ModifyInstanceVncPasswd, whose error
   * table lists only the latter (docs/providers/aliyun.md §3.3).
   */
  instanceIn(
    regionId: string,
    instanceId: string,
    otherRegion: 'InvalidRegionInstance' | 'NoSuchResource',
    accessKeyId: string,
  ): AliyunInstance {
    this.region(regionId);
    const instance = this.instances.get(instanceId);
    if (!instance || !visibleTo(instance, accessKeyId))
      throw new ProviderError(aliyunErrors['InvalidInstanceId.NotFound']);
    if (instance.regionId !== regionId) throw new ProviderError(aliyunErrors[otherRegion]);
    return instance;
  }

  /**
   * Only a Running instance has a console. Pending is "being created"; Starting gets the newer
   * "temporarily unable" text; Stopping and Stopped are the wrong status (docs/providers/aliyun.md §3.2, inferred mapping).
   */
  requireRunning(instance: AliyunInstance): void {
    switch (instance.status) {
      case 'Running':
        return;
      case 'Pending':
        throw new ProviderError(aliyunErrors.InstanceNotReady);
      case 'Starting':
        throw new ProviderError(aliyunErrors['InstanceNotReady.Temporarily']);
      default:
        throw new ProviderError(aliyunErrors.IncorrectInstanceStatus);
    }
  }

  /** Issues a VncUrl for `<consoleBase>/websockify/?s=<token>`, good for one connection within the TTL. */
  describeInstanceVncUrl(
    regionId: string,
    instanceId: string,
    accessKeyId: string,
    consoleBase: string,
  ): VncToken {
    const instance = this.instanceIn(regionId, instanceId, 'InvalidRegionInstance', accessKeyId);
    this.requireRunning(instance);
    // Real tokens are base64 of 48 bytes (`/` and `+` included), hence `%252F` in the doubly encoded field.
    const token = randomString(48, 'base64');
    const now = this.clock.now();
    return this.vncTokens.set(token, {
      token,
      // The instance's own strings, equal to the request's: those are slices of its whole query, kept with them.
      instanceId: instance.instanceId,
      regionId: instance.regionId,
      accessKeyId,
      // encodeURIComponent(base + token) is the two encoded apart; the base's is worked out once.
      vncUrl: this.#vncUrlPrefix(consoleBase) + base64EncodedTwice(token),
      issuedAt: now,
      expiresAt: now + this.settings.vncUrlTtlSeconds * 1000,
    });
  }

  #consoleBase: string | undefined;
  #encodedPrefix = '';

  /** `<consoleBase>/websockify/?s=` percent-encoded, as the VncUrl field starts. */
  #vncUrlPrefix(consoleBase: string): string {
    if (consoleBase !== this.#consoleBase) {
      this.#encodedPrefix = encodeURIComponent(`${consoleBase}/websockify/?s=`);
      this.#consoleBase = consoleBase;
    }
    return this.#encodedPrefix;
  }

  /**
   * Accepts a token for a console connection: live and never used before. Marks it used and returns it
   * with its instance; `undefined` for an unknown, expired or already used token.
   */
  redeemVncToken(token: string): { token: VncToken; instance: AliyunInstance } | undefined {
    const issued = this.vncTokens.get(token);
    const instance = issued && this.instances.get(issued.instanceId);
    if (!issued || !instance || issued.usedAt !== undefined) return undefined;
    issued.usedAt = this.clock.now();
    return { token: issued, instance };
  }

  /**
   * Characters other than letters and digits break the older rule ("is not valid"); letters and digits
   * that are not six long or lack one of the three kinds break the current rule (docs/providers/aliyun.md §3.3).
   */
  modifyInstanceVncPasswd(
    regionId: string,
    instanceId: string,
    password: string,
    accessKeyId: string,
  ): AliyunInstance {
    if (!/^[A-Za-z0-9]*$/.test(password) || password.length === 0) {
      throw new ProviderError(aliyunErrors['IncorrectVncPassword.Invalid']);
    }
    if (!/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]{6}$/.test(password)) {
      throw new ProviderError(aliyunErrors['IncorrectVncPassword.Malformed']);
    }
    const instance = this.instanceIn(regionId, instanceId, 'NoSuchResource', accessKeyId);
    if (instance.status === 'Pending' || instance.status === 'Starting') {
      throw new ProviderError(aliyunErrors['InstanceNotReady.Temporarily']);
    }
    if (instance.status !== 'Running') throw new ProviderError(aliyunErrors.IncorrectInstanceStatus);
    instance.vncPassword = password;
    return instance;
  }

  describeRegions(): AliyunRegion[] {
    return [...this.regions.values()];
  }

  describeInstances(
    query: InstanceQuery,
    accessKeyId: string,
  ): { instances: AliyunInstance[]; totalCount: number } {
    this.region(query.regionId);
    if (query.status !== undefined && !aliyunInstanceStatus.safeParse(query.status).success) {
      throw new ProviderError(aliyunErrors['InvalidStatus.NotFound']);
    }
    const name = query.instanceName === undefined ? undefined : wildcard(query.instanceName);
    const ids = query.instanceIds === undefined ? undefined : new Set(query.instanceIds);
    const matching = [...this.instances.values()].filter(
      (i) =>
        visibleTo(i, accessKeyId) &&
        i.regionId === query.regionId &&
        (ids === undefined || ids.has(i.instanceId)) &&
        (name === undefined || name.test(i.instanceName)) &&
        (query.status === undefined || i.status === query.status),
    );
    const start = (query.pageNumber - 1) * query.pageSize;
    return { instances: matching.slice(start, start + query.pageSize), totalCount: matching.length };
  }
}

/**
 * `encodeURIComponent(encodeURIComponent(token))` of a base64 token, whose only characters to escape are `+`, `/`
 * and `=`: replacing those is half the cost of encoding every character twice.
 */
const base64EncodedTwice = (token: string) =>
  token.replaceAll('+', '%252B').replaceAll('/', '%252F').replaceAll('=', '%253D');

/** An instance with an `owner` is seen by that AccessKey only; one without by every key. */
const visibleTo = (instance: AliyunInstance, accessKeyId: string) =>
  instance.owner === undefined || instance.owner === accessKeyId;

/** `InstanceName` supports `*` as a wildcard; everything else matches literally. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
