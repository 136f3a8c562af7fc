/**
 * Results of a pure function remembered by key, at most `limit` of them, the oldest forgotten first: for work a
 * client asks for with the same few arguments again and again (a signature, a contract check, a rendering). It
 * never answers anything but what the function would: only how often the function runs changes.
 */
export class Memo<K, V> {
  readonly #results = new Map<K, V>();

  constructor(readonly limit: number) {}

  /** The result for `key`, computed by `compute` when it is not remembered (a throw is not remembered). */
  get(key: K, compute: () => V): V {
    const known = this.#results.get(key);
    if (known !== undefined || this.#results.has(key)) return known as V;
    const value = compute();
    if (this.#results.size >= this.limit) this.#results.delete(this.#results.keys().next().value as K);
    this.#results.set(key, value);
    return value;
  }
}

/**
 * A value built when it is first asked for, then kept: for what only some runs need, so that a start does not
 * build it (a provider's snapshot schema, which only a restore reads: zod builds an object per schema node).
 */
export function onFirstUse<T extends object>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
