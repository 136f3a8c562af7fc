import { describe, expect, it } from 'vitest';
import { pyJsonDumps, pyRepr } from './python.ts';

describe('Python renderings Nova leaks onto the wire', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [5, '5'],
    [1.5, '1.5'],
    ['foo', "'foo'"],
    ["it's", '"it\'s"'],
    ['a\nb', "'a\\nb'"],
    [['a', 1], "['a', 1]"],
    [{ protocol: 'vnc', n: null }, "{'protocol': 'vnc', 'n': None}"],
  ])('repr(%j) is %s', (value, expected) => {
    expect(pyRepr(value)).toBe(expected);
  });

  it('json.dumps uses ", " and ": " and escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: [1, 'é'], b: { c: null } })).toBe('{"a": [1, "\\u00e9"], "b": {"c": null}}');
  });
});
