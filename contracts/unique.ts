import { z } from 'zod';

/**
 * An array whose entries differ in `keys` (one field, or several taken together): a second entry with the same
 * id is refused with its path, never silently collapsed into the first when the array becomes a map.
 */
export function uniqueBy<T extends z.ZodType>(item: T, ...keys: [string, ...string[]]) {
  return z.array(item).superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const values = keys.map((key) => (entry as Record<string, unknown>)[key]);
      const id = JSON.stringify(values);
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, index);
        return;
      }
      const key = keys[keys.length - 1] as string;
      const what = keys.map((k, i) => `${k} "${String(values[i])}"`).join(', ');
      ctx.addIssue({
        code: 'custom',
        path: [index, key],
        message: `duplicate ${what} (entry ${first} has it)`,
      });
    });
  });
}
