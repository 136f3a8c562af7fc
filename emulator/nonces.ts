import type { Clock } from './clock.ts';

/**
 * The nonces each credential used within its replay window, on the clock given (real time: a nonce belongs to
 * its request's freshness). A signed path remembers one per request and keeps it for minutes, so a store holds
 * 100,000 and more, and nearly every look-up is of a nonce never seen: in a `Map` of them that look-up missed the
 * cache on its bucket, on each entry of the bucket's chain and on each entry's key (a third of a V1 call's
 * gateway checks). Here each credential keeps its nonces in the order they were remembered, their expiries
 * beside them, with an open-addressed index of hashes and positions: a look-up reads one line of the index and
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

const EMPTY = 0;
const MIN_CAPACITY = 64;

/** One credential's nonces, in the order they were remembered (see `NonceStore`). */
class CredentialNonces {
  /** `undefined` where a nonce was swept, or remembered again further on. */
  #nonces: Array<string | undefined> = [];
  #expiries: number[] = [];
  #hashes: number[] = [];
  /** Where the oldest nonce not yet swept is. */
  #oldest = 0;
  #size = 0;
  /**
   * Open addressing with linear probing, at least twice as many slots as positions: each slot is a nonce's hash
   * and its position + 1 (EMPTY when free), side by side, so that a probe reads one cache line.
   */
  #slots = new Int32Array(2 * MIN_CAPACITY);

  /** How many nonces are kept. */
  get size(): number {
    return this.#size;
  }

  /** The nonce's expiry, `undefined` when it is not kept. */
  expiryOf(nonce: string): number | undefined {
    const slot = this.#find(nonce, hashOf(nonce));
    return slot < 0 ? undefined : this.#expiries[(this.#slots[slot + 1] as number) - 1];
  }

  remember(nonce: string, expiry: number): void {
    const hash = hashOf(nonce);
    const slot = this.#find(nonce, hash);
    const at = this.#nonces.length;
    // A nonce used again after its window goes to the end, where its new expiry belongs in the sweep's order.
    if (slot >= 0) {
      this.#nonces[(this.#slots[slot + 1] as number) - 1] = undefined;
      this.#slots[slot + 1] = at + 1;
    } else {
      this.#size++;
      // At most half the slots taken: room is made for as many nonces again as there are positions.
      if (2 * (at + 1) > this.#slots.length / 2) this.#compact(at + 1);
    }
    this.#nonces.push(own(nonce));
    this.#expiries.push(expiry);
    this.#hashes.push(hash);
    if (slot < 0) this.#place(hash, this.#nonces.length - 1);
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

  /** The slot of the nonce's hash and position, or -1. */
  #find(nonce: string, hash: number): number {
    const slots = this.#slots;
    const mask = slots.length - 2;
    for (let slot = (hash << 1) & mask; ; slot = (slot + 2) & mask) {
      const entry = slots[slot + 1] as number;
      if (entry === EMPTY) return -1;
      if (slots[slot] === hash && this.#nonces[entry - 1] === nonce) return slot;
    }
  }

  #place(hash: number, at: number): void {
    const slots = this.#slots;
    const mask = slots.length - 2;
    let slot = (hash << 1) & mask;
    while (slots[slot + 1] !== EMPTY) slot = (slot + 2) & mask;
    slots[slot] = hash;
    slots[slot + 1] = at + 1;
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
    let capacity = MIN_CAPACITY;
    while (capacity < 2 * (kept + needed)) capacity *= 2;
    if (2 * capacity === this.#slots.length) this.#slots.fill(EMPTY);
    else this.#slots = new Int32Array(2 * capacity);
    for (let at = 0; at < kept; at++) this.#place(this.#hashes[at] as number, at);
  }
}

/** FNV-1a over the nonce's characters, its high bits folded into the low ones that linear probing takes. */
function hashOf(nonce: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < nonce.length; i++) hash = Math.imul(hash ^ nonce.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 16);
}

/**
 * `text` as a string of its own: a parameter parsed out of a query is a slice of the whole query, which a nonce
 * kept for minutes would keep alive. Slicing a concatenation cuts from a flat copy of it.
 */
const own = (text: string) => `${text} `.slice(0, -1);
