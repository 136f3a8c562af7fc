import type { z } from 'zod';
import { describeIssues } from './issues.ts';

/** A named set of resources or credentials a provider lets the control API read and change. */
export interface Collection {
  list(): unknown[];
  get(id: string): unknown;
  /** Adds or replaces; `data` is validated against the collection's schema (throws `CollectionError`). */
  put(id: string, data: unknown): unknown;
  /** Changes some fields of an existing entry (validated as a whole afterwards). */
  patch(id: string, changes: unknown): unknown;
  remove(id: string): boolean;
}

export class CollectionError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new CollectionError(400, `${where}: ${describeIssues(result.error.issues, data)}`);
  }
  return result.data;
}

/** A collection over a Map keyed by the entry's id field, validated with the scenario's zod schema. */
export function mapCollection<S extends z.ZodType<Record<string, unknown>>>(
  name: string,
  map: Map<string, z.infer<S>>,
  schema: S,
  idField: string,
): Collection {
  return {
    list: () => [...map.values()],
    get: (id) => map.get(id),
    put(id, data) {
      const value = validate(schema, { ...(data as object), [idField]: id }, `${name}/${id}`);
      map.set(id, value);
      return value;
    },
    patch(id, changes) {
      const current = map.get(id);
      if (!current) throw new CollectionError(404, `no ${name} ${id}`);
      if (typeof changes !== 'object' || changes === null)
        throw new CollectionError(400, 'changes must be an object');
      const value = validate(schema, { ...current, ...changes, [idField]: id }, `${name}/${id}`);
      map.set(id, value);
      return value;
    },
    remove: (id) => map.delete(id),
  };
}

/** Replaces a map's (or an `ExpiringMap`'s) entries with `values`, keyed by `key` (a snapshot's restore). */
export function refill<V>(
  map: { clear(): void; set(key: string, value: V): unknown },
  values: Iterable<V>,
  key: (value: V) => string,
): void {
  map.clear();
  for (const value of values) map.set(key(value), value);
}
