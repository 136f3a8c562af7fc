import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const NOUNS: Record<string, string> = { int: 'integer', nan: 'number' };

/** What the value at `path` in `data` is, where there is one (zod's issues do not carry their input). */
function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !(key in value)) return { found: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value };
}

/** One issue in the emulator's words: what the field must be, never zod's own phrasing. */
function problem(issue: Issue, data: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(data, issue.path).found
        ? `must be ${article(NOUNS[issue.expected] ?? issue.expected)}`
        : 'is required';
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? issue.minimum === 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `must have at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'items'}`
        : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'is not in the expected form' : `must be ${article(issue.format)}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return 'is none of the accepted forms';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'holds an invalid entry';
    case 'custom':
      // Our own refinements: their messages are written for users.
      return issue.message;
  }
}

/**
 * Zod issues as `field: problem; …` in the emulator's own words, for answers and messages a user reads; a
 * raw zod error (its JSON dump or its English) never reaches one.
 */
export function describeIssues(issues: readonly Issue[], data?: unknown): string {
  return issues
    .map((issue) => {
      const field = issue.path.map(String).join('.');
      const text = problem(issue, data);
      return field ? `${field}: ${text}` : text;
    })
    .join('; ');
}
