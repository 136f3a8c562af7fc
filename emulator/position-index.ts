/**
 * An index from strings to their positions in a list its store keeps beside it (`keys`), for the compact
 * stores that hold 100,000s of short-lived strings (console tokens, nonces): in a `Map` each insert
 * or look-up missed the cache on its bucket, on each entry of the bucket's chain and on each entry's key. Open
 * addressing with linear probing, at most half full: each slot is a key's hash and its position + 1 (free when
 * 0), side by side, so that a probe reads one cache line and compares strings only when the hashes agree.
 */
export class PositionIndex {
  #slots: Int32Array;

  /** Room for `positions` positions (a power of two). */
  constructor(positions: number) {
    this.#slots = new Int32Array(4 * positions);
  }

  /** How many positions it has room for. */
  get capacity(): number {
    return this.#slots.length / 4;
  }

  /** Empties it, with room for `positions` positions (a power of two). */
  reset(positions: number): void {
    if (4 * positions === this.#slots.length) this.#slots.fill(FREE);
    else this.#slots = new Int32Array(4 * positions);
  }

  /** Indexes position `at`, whose key hashes to `hash`. */
  place(hash: number, at: number): void {
    const slots = this.#slots;
    const mask = slots.length - 2;
    let slot = (hash << 1) & mask;
    while (slots[slot + 1] !== FREE) slot = (slot + 2) & mask;
    slots[slot] = hash;
    slots[slot + 1] = at + 1;
  }

  /** The slot that holds `key` (its hash `hash`, its text read from `keys` at each candidate position), or -1. */
  slotOf(key: string, hash: number, keys: ArrayLike<string | undefined>): number {
    const slots = this.#slots;
    const mask = slots.length - 2;
    for (let slot = (hash << 1) & mask; ; slot = (slot + 2) & mask) {
      const entry = slots[slot + 1] as number;
      if (entry === FREE) return -1;
      if (slots[slot] === hash && keys[entry - 1] === key) return slot;
    }
  }

  /** The position a slot found by `slotOf` holds. */
  positionAt(slot: number): number {
    return (this.#slots[slot + 1] as number) - 1;
  }

  /** Points a slot found by `slotOf` at another position of the same key. */
  move(slot: number, at: number): void {
    this.#slots[slot + 1] = at + 1;
  }
}

const FREE = 0;

/** FNV-1a over the text's characters, its high bits folded into the low ones that linear probing takes. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 16);
}
