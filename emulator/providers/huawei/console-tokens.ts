import type { Clock } from '../../clock.ts';

/** Which API issued a console token; each writes its own URL form. */
export type ConsoleApi = 'remote-consoles' | 'os-getVNCConsole' | 'native';

/** A console URL handed out: the token the live console will check, and its expiry on the emulator clock. */
export interface ConsoleToken {
  token: string;
  serverId: string;
  projectId: string;
  protocol: string;
  type: string;
  url: string;
  api: ConsoleApi;
  issuedAt: number;
  expiresAt: number;
  /** Huawei's tokens are one-time: set when a console first connects with it. */
  usedAt?: number;
}

/**
 * What a token opens, shared by every token issued for the same server and console with the same URL form.
 * The URL is kept as the pieces around the token (`urlParts.join(token)`): it differs between the tokens of a
 * kind only by the token.
 */
export interface ConsoleKind {
  serverId: string;
  projectId: string;
  protocol: string;
  type: string;
  api: ConsoleApi;
  urlParts: readonly string[];
}

const EMPTY = 0;
const MIN_CAPACITY = 64;

/**
 * Nova's console tokens, kept compactly. A bench hands out a token a request and keeps each for ten minutes,
 * so a store holds 100,000 and more: in a `Map` of records each insert hashed the random key, missed the cache
 * in a table that kept growing, and left a record, its key and its URL for the collector to copy into the old
 * generation. Here a token is its string, a shared kind and three numbers in typed arrays, in issue order, with
 * an open-addressed index of positions beside them; records are built when read (rarely: the console proxy,
 * the control API and snapshots). Expired tokens are invisible at once and swept lazily, as `ExpiringMap`'s.
 */
export class ConsoleTokens {
  #tokens: string[] = [];
  #kinds: ConsoleKind[] = [];
  #hashes = new Int32Array(MIN_CAPACITY);
  #issuedAt = new Float64Array(MIN_CAPACITY);
  #expiresAt = new Float64Array(MIN_CAPACITY);
  /** NaN until a console connects with the token. */
  #usedAt = new Float64Array(MIN_CAPACITY);
  /**
   * Open addressing with linear probing, twice as many slots as the capacity (at most half full): each slot is a
   * token's hash and its position + 1 (EMPTY when free), side by side so that a probe reads one cache line and
   * compares strings only when the hashes agree.
   */
  #slots = new Int32Array(4 * MIN_CAPACITY);
  #nextSweep = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sweepEveryMs = 60_000,
  ) {}

  /** Every token kept, expired ones too until swept. */
  get size(): number {
    return this.#tokens.length;
  }

  /** Records a token, as a new one or in the place of the same token's record. */
  issue(token: string, kind: ConsoleKind, issuedAt: number, expiresAt: number, usedAt = Number.NaN): void {
    if (this.clock.now() >= this.#nextSweep) this.sweep();
    const hash = hashOf(token);
    let at = this.#find(token, hash);
    if (at < 0) {
      at = this.#tokens.length;
      if (at === this.#issuedAt.length) this.#resize(2 * at);
      this.#tokens.push(token);
      this.#place(hash, at);
    }
    this.#kinds[at] = kind;
    this.#hashes[at] = hash;
    this.#issuedAt[at] = issuedAt;
    this.#expiresAt[at] = expiresAt;
    this.#usedAt[at] = usedAt;
  }

  /** Records a token from its record (a snapshot's restore). */
  set(token: string, value: ConsoleToken): ConsoleToken {
    const { serverId, projectId, protocol, type, api } = value;
    const kind = { serverId, projectId, protocol, type, api, urlParts: value.url.split(token) };
    this.issue(token, kind, value.issuedAt, value.expiresAt, value.usedAt ?? Number.NaN);
    return value;
  }

  /** The live token's record, or `undefined` when unknown or expired. */
  get(token: string): ConsoleToken | undefined {
    const at = this.#find(token, hashOf(token));
    return at >= 0 && (this.#expiresAt[at] as number) > this.clock.now() ? this.#record(at) : undefined;
  }

  /** Marks a token as used at `at`, unless it was already. */
  use(token: string, at: number): void {
    const position = this.#find(token, hashOf(token));
    if (position >= 0 && Number.isNaN(this.#usedAt[position])) this.#usedAt[position] = at;
  }

  /** Live tokens, in issue order. */
  values(): ConsoleToken[] {
    const now = this.clock.now();
    const live: ConsoleToken[] = [];
    for (let at = 0; at < this.#tokens.length; at++) {
      if ((this.#expiresAt[at] as number) > now) live.push(this.#record(at));
    }
    return live;
  }

  /** Every token, expired ones too (until swept). */
  all(): ConsoleToken[] {
    return this.#tokens.map((_, at) => this.#record(at));
  }

  clear(): void {
    this.#tokens = [];
    this.#kinds = [];
    this.#resize(MIN_CAPACITY);
  }

  /** Drops expired tokens, keeping the others in issue order; returns how many went. */
  sweep(): number {
    const now = this.clock.now();
    const tokens = this.#tokens;
    let kept = 0;
    for (let at = 0; at < tokens.length; at++) {
      if ((this.#expiresAt[at] as number) <= now) continue;
      tokens[kept] = tokens[at] as string;
      this.#kinds[kept] = this.#kinds[at] as ConsoleKind;
      this.#hashes[kept] = this.#hashes[at] as number;
      this.#issuedAt[kept] = this.#issuedAt[at] as number;
      this.#expiresAt[kept] = this.#expiresAt[at] as number;
      this.#usedAt[kept] = this.#usedAt[at] as number;
      kept++;
    }
    const removed = tokens.length - kept;
    tokens.length = kept;
    this.#kinds.length = kept;
    // Memory follows what is live: the arrays shrink once a burst of tokens has expired.
    const capacity = Math.max(
      MIN_CAPACITY,
      this.#issuedAt.length >= 4 * kept ? 2 * kept : this.#issuedAt.length,
    );
    this.#resize(2 ** Math.ceil(Math.log2(capacity)));
    this.#nextSweep = now + this.sweepEveryMs;
    return removed;
  }

  #record(at: number): ConsoleToken {
    const token = this.#tokens[at] as string;
    const kind = this.#kinds[at] as ConsoleKind;
    const usedAt = this.#usedAt[at] as number;
    return {
      token,
      serverId: kind.serverId,
      projectId: kind.projectId,
      protocol: kind.protocol,
      type: kind.type,
      url: kind.urlParts.join(token),
      api: kind.api,
      issuedAt: this.#issuedAt[at] as number,
      expiresAt: this.#expiresAt[at] as number,
      ...(Number.isNaN(usedAt) ? {} : { usedAt }),
    };
  }

  /** The token's position, or -1. */
  #find(token: string, hash: number): number {
    const slots = this.#slots;
    const mask = slots.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1] as number;
      if (entry === EMPTY) return -1;
      if (slots[2 * slot] === hash && this.#tokens[entry - 1] === token) return entry - 1;
    }
  }

  #place(hash: number, at: number): void {
    const slots = this.#slots;
    const mask = slots.length / 2 - 1;
    let slot = hash & mask;
    while (slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = at + 1;
  }

  /** Gives the columns room for `capacity` tokens (a power of two) and rebuilds the index for them. */
  #resize(capacity: number): void {
    const kept = this.#tokens.length;
    const moved = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(0, kept));
      return to;
    };
    if (capacity !== this.#issuedAt.length) {
      this.#hashes = moved(this.#hashes, new Int32Array(capacity));
      this.#issuedAt = moved(this.#issuedAt, new Float64Array(capacity));
      this.#expiresAt = moved(this.#expiresAt, new Float64Array(capacity));
      this.#usedAt = moved(this.#usedAt, new Float64Array(capacity));
      this.#slots = new Int32Array(4 * capacity);
    } else this.#slots.fill(EMPTY);
    for (let at = 0; at < kept; at++) this.#place(this.#hashes[at] as number, at);
  }
}

/**
 * FNV-1a over the token's characters. Reading them also flattens a token built by concatenation (a snapshot's
 * may be), which would otherwise be kept, and marked, piece by piece.
 */
function hashOf(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  // Linear probing takes the low bits: fold the high ones in.
  return hash ^ (hash >>> 16);
}
