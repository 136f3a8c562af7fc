import type { Clock } from './clock.ts';

/** The real-time face of a clock, for what expires with a request's own freshness (nonces). */
export const realTime = (clock: Clock): Pick<Clock, 'now'> => ({ now: () => clock.realNow() });

/**
 * A map whose entries expire on the emulator clock (or, given `realTime(clock)`, on real time): console tokens, identity tokens, nonces. Expired entries are
 * invisible at once and swept lazily, so memory follows what is live.
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  readonly #entries = new Map<string, V>();
  #nextSweep = 0;
  /**
   * The entry last looked up, by its key: a client sends the same token with request after request, and
   * comparing a long key with the last one is cheaper than hashing it again. Forgotten on every change.
   */
  #lastKey: string | undefined;
  #lastValue: V | undefined;

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sweepEveryMs = 60_000,
  ) {}

  set(key: string, value: V): V {
    this.#maybeSweep();
    flatten(key);
    for (const field in value) {
      const text: unknown = value[field];
      if (typeof text === 'string') flatten(text);
    }
    this.#forget();
    this.#entries.set(key, value);
    return value;
  }

  /** The live entry, or `undefined` when unknown or expired. */
  get(key: string): V | undefined {
    const value = this.peek(key);
    return value && value.expiresAt > this.clock.now() ? value : undefined;
  }

  /** The entry even when expired (until swept), to tell "expired" from "unknown". */
  peek(key: string): V | undefined {
    if (key === this.#lastKey) return this.#lastValue;
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#lastKey = key;
      this.#lastValue = value;
    }
    return value;
  }

  delete(key: string): boolean {
    this.#forget();
    return this.#entries.delete(key);
  }

  /** Live entries. */
  values(): V[] {
    const now = this.clock.now();
    return [...this.#entries.values()].filter((v) => v.expiresAt > now);
  }

  /** Every entry with its key, expired ones too (until swept). */
  entries(): IterableIterator<[string, V]> {
    return this.#entries.entries();
  }

  all(): V[] {
    return [...this.#entries.values()];
  }

  clear(): void {
    this.#forget();
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  sweep(): number {
    const now = this.clock.now();
    let removed = 0;
    this.#forget();
    for (const [key, value] of this.#entries) {
      if (value.expiresAt <= now) {
        this.#entries.delete(key);
        removed++;
      }
    }
    this.#nextSweep = now + this.sweepEveryMs;
    return removed;
  }

  #forget(): void {
    this.#lastKey = undefined;
    this.#lastValue = undefined;
  }

  #maybeSweep(): void {
    if (this.clock.now() >= this.#nextSweep) this.sweep();
  }
}

/**
 * A string built by concatenation is a tree of small pieces until something reads it whole (`randomUUID()`
 * alone is a chain of a dozen); an entry kept for minutes would have the collector copy and mark each piece of
 * its key and fields. Reading a character flattens the tree into one string in place, and the pieces go with
 * the next collection.
 */
function flatten(text: string): void {
  text.charCodeAt(0);
}
