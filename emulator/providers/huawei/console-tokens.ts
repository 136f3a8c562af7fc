import type { Clock } from '../../clock.ts';
import { hashOf, PositionIndex } from '../../position-index.ts';

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

const MIN_CAPACITY = 64;

/**
 * Nova's console tokens, kept compactly. A bench hands out a token a request and keeps each for ten minutes,
 * so a store holds 100,000 and more: in a `Map` of records each insert hashed the random key, missed the cache
 * in a table that kept growing, and left a record, its key and its URL for the collector to copy into the old
 * generation. Here a token is its string, a shared kind and three numbers in typed arrays, in issue order;
 * records are built when read. Tokens are looked up rarely (a console connecting, the control API, a restore),
 * so the index of their positions (`PositionIndex`) is brought up to date only then: issuing one writes only at
 * the end of the arrays. Expired tokens are invisible at once and swept lazily, as `ExpiringMap`'s.
 */
export class ConsoleTokens {
  #tokens: string[] = [];
  #kinds: ConsoleKind[] = [];
  #issuedAt = new Float64Array(MIN_CAPACITY);
  #expiresAt = new Float64Array(MIN_CAPACITY);
  /** NaN until a console connects with the token. */
  #usedAt = new Float64Array(MIN_CAPACITY);
  /** Room for as many positions as the columns; it holds the tokens before `#indexed`. */
  #index = new PositionIndex(MIN_CAPACITY);
  #indexed = 0;
  #nextSweep = 0;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sweepEveryMs = 60_000,
  ) {}

  /** Every token kept, expired ones too until swept. */
  get size(): number {
    return this.#tokens.length;
  }

  /** Records a new token, one never issued before (a random UUID). */
  issue(token: string, kind: ConsoleKind, issuedAt: number, expiresAt: number): void {
    this.#maybeSweep();
    const at = this.#tokens.length;
    if (at === this.#issuedAt.length) this.#resize(2 * at);
    // Reading the token (as its hash will) flattens one built by concatenation, which would otherwise be
    // kept, and marked by the collector, piece by piece.
    token.charCodeAt(0);
    this.#tokens.push(token);
    this.#kinds.push(kind);
    this.#issuedAt[at] = issuedAt;
    this.#expiresAt[at] = expiresAt;
    this.#usedAt[at] = Number.NaN;
  }

  /** Records a token from its record (a snapshot's restore), in the place of the same token's record if any. */
  set(token: string, value: ConsoleToken): ConsoleToken {
    const { serverId, projectId, protocol, type, api } = value;
    const kind = { serverId, projectId, protocol, type, api, urlParts: value.url.split(token) };
    this.#maybeSweep();
    let at = this.#find(token);
    if (at < 0) {
      this.issue(token, kind, value.issuedAt, value.expiresAt);
      at = this.#tokens.length - 1;
    } else {
      this.#kinds[at] = kind;
      this.#issuedAt[at] = value.issuedAt;
      this.#expiresAt[at] = value.expiresAt;
    }
    this.#usedAt[at] = value.usedAt ?? Number.NaN;
    return value;
  }

  /** The live token's record, or `undefined` when unknown or expired. */
  get(token: string): ConsoleToken | undefined {
    const at = this.#find(token);
    return at >= 0 && (this.#expiresAt[at] as number) > this.clock.now() ? this.#record(at) : undefined;
  }

  /** Marks a token as used at `at`, unless it was already. */
  use(token: string, at: number): void {
    const position = this.#find(token);
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
      this.#issuedAt[kept] = this.#issuedAt[at] as number;
      this.#expiresAt[kept] = this.#expiresAt[at] as number;
      this.#usedAt[kept] = this.#usedAt[at] as number;
      kept++;
    }
    const removed = tokens.length - kept;
    tokens.length = kept;
    this.#kinds.length = kept;
    this.#indexed = 0;
    // Memory follows what is live: the arrays shrink once a burst of tokens has expired.
    if (this.#issuedAt.length >= 4 * kept)
      this.#resize(Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(2 * kept))));
    this.#nextSweep = now + this.sweepEveryMs;
    return removed;
  }

  #maybeSweep(): void {
    if (this.clock.now() >= this.#nextSweep) this.sweep();
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

  /** The token's position, or -1; indexes the tokens issued since the last look-up first. */
  #find(token: string): number {
    const index = this.#index;
    if (this.#indexed === 0) index.reset(index.capacity);
    for (; this.#indexed < this.#tokens.length; this.#indexed++) {
      index.place(hashOf(this.#tokens[this.#indexed] as string), this.#indexed);
    }
    const slot = index.slotOf(token, hashOf(token), this.#tokens);
    return slot < 0 ? -1 : index.positionAt(slot);
  }

  /** Gives the columns room for `capacity` tokens (a power of two); the index is rebuilt at the next look-up. */
  #resize(capacity: number): void {
    const kept = this.#tokens.length;
    const moved = (from: Float64Array) => {
      const to = new Float64Array(capacity);
      to.set(from.subarray(0, kept));
      return to;
    };
    this.#issuedAt = moved(this.#issuedAt);
    this.#expiresAt = moved(this.#expiresAt);
    this.#usedAt = moved(this.#usedAt);
    this.#index.reset(capacity);
    this.#indexed = 0;
  }
}
