import { describe, expect, it } from 'vitest';
import { randomString, randomUuid } from '../../emulator/random.ts';

describe('randomUuid', () => {
  it('writes version 4 UUIDs as crypto.randomUUID does, never the same twice across batches', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const uuid = randomUuid();
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(uuid);
    }
    expect(seen.size).toBe(1000);
  });

  it('uses every hex digit in the random positions', () => {
    const digits = new Set(Array.from({ length: 200 }, () => randomUuid().slice(0, 8)).join(''));
    expect(digits.size).toBe(16);
  });
});

describe('randomString', () => {
  it('writes the bytes asked for in the encoding asked for', () => {
    expect(randomString(16, 'hex')).toMatch(/^[0-9a-f]{32}$/);
    expect(randomString(96, 'base64')).toHaveLength(128);
    expect(() => randomString(16 * 1024 + 1, 'hex')).toThrow(RangeError);
  });
});
