import type { Clock } from './clock.ts';
import { hashOf, PositionIndex } from './position-index.ts';

/**
 * The nonces each credential used within its replay window, on the clock given (real time: a nonce belongs to
 * its request's freshness). A signed path remembers one per request and keeps it for minutes, so a store holds
 * 100,000 and more, and nearly every look-up is of a nonce never seen: in a `Map` of them that look-up missed the
 * cache on its bucket, on each entry of the bucket's chain and on each entry's key (a third of a V1 call's
 * gateway checks). Here each credential keeps its nonces in the order they were remembered, their expiries
 * beside them, with an index of their positions (`PositionIndex`): a look-up reads one line of the index and
 * compares strings only when the hashes agree. Nonces are remembered in the order they expire (a window is the
 * same for every call), so the sweep reads each credential's nonces from its oldest and stops at the first live.
 */
export class NonceStore {
  readonly #byCredential = new Map<string, CredentialNonces>();
  /**
   * Expiries are kept relative to this instant: small integers (good for weeks), which an array holds in place,
   * where an epoch in milliseconds would be a number object of its own.
   */
  readonly #base: number;
  #nextSweep: number;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sweepEveryMs = 60_000,
  ) {
    this.#base = clock.now();
    this.#nextSweep = this.#base + sweepEveryMs;
  }

  /** Whether `credential` used `nonce` and its window has not ended. */
  seen(credential: string, nonce: string): boolean {
    const expiry = this.#byCredential.get(credential)?.expiryOf(nonce);
    return expiry !== undefined && expiry + this.#base > this.clock.now();
  }

  /** Remembers `nonce` for `credential` until `expiresAt`. */
  remember(credential: string, nonce: string, expiresAt: number): void {
    const now = this.clock.now();
    if (now >= this.#nextSweep) this.sweep(now);
    let nonces = this.#byCredential.get(credential);
    if (nonces === undefined) {
      nonces = new CredentialNonces();
      this.#byCredential.set(credential, nonces);
    }
    nonces.remember(nonce, expiresAt - this.#base);
  }

  /** Every nonce remembered, expired ones too until swept, with its credential and expiry. */
  *entries(): Generator<{ credential: string; nonce: string; expiresAt: number }> {
    for (const [credential, nonces] of this.#byCredential) {
      for (const [nonce, expiry] of nonces.entries())
        yield { credential, nonce, expiresAt: expiry + this.#base };
    }
  }

  /** How many nonces are within their window. */
  live(): number {
    const now = this.clock.now() - this.#base;
    let count = 0;
    for (const nonces of this.#byCredential.values())
      for (const [, expiry] of nonces.entries()) if (expiry > now) count++;
    return count;
  }

  /** How many nonces are kept, expired ones too until swept. */
  get size(): number {
    let size = 0;
    for (const nonces of this.#byCredential.values()) size += nonces.size;
    return size;
  }

  clear(): void {
    this.#byCredential.clear();
  }

  /** Forgets the nonces whose window has ended, from each credential's oldest on. */
  sweep(now = this.clock.now()): void {
    const at = now - this.#base;
    for (const [credential, nonces] of this.#byCredential) {
      nonces.forgetUntil(at);
      if (nonces.size === 0) this.#byCredential.delete(credential);
    }
    this.#nextSweep = now + this.sweepEveryMs;
  }
}

/** The fewest positions an index has room for. */
const MIN_POSITIONS = 32;

/** One credential's nonces, in the order they were remembered (see `NonceStore`). */
class CredentialNonces {
  /** `undefined` where a nonce was swept, or remembered again further on. */
  #nonces: Array<string | undefined> = [];
  #expiries: number[] = [];
  #hashes: number[] = [];
  /** Where the oldest nonce not yet swept is. */
  #oldest = 0;
  #size = 0;
  #index = new PositionIndex(MIN_POSITIONS);

  /** How many nonces are kept. */
  get size(): number {
    return this.#size;
  }

  /** The nonce's expiry, `undefined` when it is not kept. */
  expiryOf(nonce: string): number | undefined {
    const slot = this.#index.slotOf(nonce, hashOf(nonce), this.#nonces);
    return slot < 0 ? undefined : this.#expiries[this.#index.positionAt(slot)];
  }

  remember(nonce: string, expiry: number): void {
    const hash = hashOf(nonce);
    const slot = this.#index.slotOf(nonce, hash, this.#nonces);
    const at = this.#nonces.length;
    // A nonce used again after its window goes to the end, where its new expiry belongs in the sweep's order.
    if (slot >= 0) {
      this.#nonces[this.#index.positionAt(slot)] = undefined;
      this.#index.move(slot, at);
    } else {
      this.#size++;
      // Room is made for as many nonces again as there are positions.
      if (at + 1 > this.#index.capacity) this.#compact(at + 1);
    }
    this.#nonces.push(own(nonce));
    this.#expiries.push(expiry);
    this.#hashes.push(hash);
    if (slot < 0) this.#index.place(hash, this.#nonces.length - 1);
  }

  *entries(): Generator<[string, number]> {
    for (let at = this.#oldest; at < this.#nonces.length; at++) {
      const nonce = this.#nonces[at];
      if (nonce !== undefined) yield [nonce, this.#expiries[at] as number];
    }
  }

  /** Forgets nonces from the oldest on until the first that expires after `at`. */
  forgetUntil(at: number): void {
    const nonces = this.#nonces;
    let oldest = this.#oldest;
    for (; oldest < nonces.length; oldest++) {
      if (nonces[oldest] === undefined) continue;
      if ((this.#expiries[oldest] as number) > at) break;
      nonces[oldest] = undefined;
      this.#size--;
    }
    this.#oldest = oldest;
    // Positions are given back once half of them are gone: the cost of moving the rest is spread over them.
    if (2 * oldest >= nonces.length) this.#compact(0);
  }

  /**
   * Drops the positions of nonces no longer kept, keeping the others in order, and rebuilds the index with room
   * for `needed` more positions than are kept.
   */
  #compact(needed: number): void {
    let kept = 0;
    for (let at = 0; at < this.#nonces.length; at++) {
      const nonce = this.#nonces[at];
      if (nonce === undefined) continue;
      this.#nonces[kept] = nonce;
      this.#expiries[kept] = this.#expiries[at] as number;
      this.#hashes[kept] = this.#hashes[at] as number;
      kept++;
    }
    this.#nonces.length = kept;
    this.#expiries.length = kept;
    this.#hashes.length = kept;
    this.#oldest = 0;
    let positions = MIN_POSITIONS;
    while (positions < kept + needed) positions *= 2;
    this.#index.reset(positions);
    for (let at = 0; at < kept; at++) this.#index.place(this.#hashes[at] as number, at);
  }
}

/**
 * `text` as a string of its own: a parameter parsed out of a query is a slice of the whole query, which a nonce
 * kept for minutes would keep alive. Slicing a concatenation cuts from a flat copy of it.
 */
const own = (text: string) => `${text} `.slice(0, -1);
