import type { Clock } from './clock.ts';

/**
 * The nonces each credential used within its replay window, on the clock given (real time: a nonce belongs to
 * its request's freshness). A signed path remembers one per request and keeps it for minutes, so each is kept
 * as small as it can be: its expiry as a number under the nonce, in one map per credential, rather than an
 * entry object under a key built from both. Nonces are remembered in the order they expire (a window is the
 * same for every call), so the sweep reads each map from its oldest entry and stops at the first live one.
 */
export class NonceStore {
  readonly #byCredential = new Map<string, Map<string, number>>();
  /**
   * Expiries are kept relative to this instant: small integers (good for weeks), which a map holds in place,
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
    const expiry = this.#byCredential.get(credential)?.get(nonce);
    return expiry !== undefined && expiry + this.#base > this.clock.now();
  }

  /** Remembers `nonce` for `credential` until `expiresAt`. */
  remember(credential: string, nonce: string, expiresAt: number): void {
    const now = this.clock.now();
    if (now >= this.#nextSweep) this.sweep(now);
    let nonces = this.#byCredential.get(credential);
    if (nonces === undefined) {
      nonces = new Map();
      this.#byCredential.set(credential, nonces);
    }
    // A nonce used again after its window goes to the end, where its new expiry belongs in the sweep's order.
    nonces.delete(nonce);
    nonces.set(own(nonce), expiresAt - this.#base);
  }

  /** Every nonce remembered, expired ones too until swept, with its credential and expiry. */
  *entries(): Generator<{ credential: string; nonce: string; expiresAt: number }> {
    for (const [credential, nonces] of this.#byCredential) {
      for (const [nonce, expiry] of nonces) yield { credential, nonce, expiresAt: expiry + this.#base };
    }
  }

  /** How many nonces are within their window. */
  live(): number {
    const now = this.clock.now() - this.#base;
    let count = 0;
    for (const nonces of this.#byCredential.values())
      for (const expiry of nonces.values()) if (expiry > now) count++;
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
      for (const [nonce, expiry] of nonces) {
        if (expiry > at) break;
        nonces.delete(nonce);
      }
      if (nonces.size === 0) this.#byCredential.delete(credential);
    }
    this.#nextSweep = now + this.sweepEveryMs;
  }
}

/**
 * `text` as a string of its own: a parameter parsed out of a query is a slice of the whole query, which a nonce
 * kept for minutes would keep alive. Slicing a concatenation cuts from a flat copy of it.
 */
const own = (text: string) => `${text} `.slice(0, -1);
