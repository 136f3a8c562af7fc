import { describe, expect, it } from 'vitest';
import { parseJson } from '../../emulator/providers/huawei/wire.ts';

describe('parseJson', () => {
  it('reads a body again from its bytes as they are now, when the buffer that held it is written over', () => {
    const buffer = Buffer.from('{"a": 1}');
    expect(parseJson(buffer)).toEqual({ ok: true, value: { a: 1 } });
    buffer.write('{"b": 2}');
    expect(parseJson(buffer)).toEqual({ ok: true, value: { b: 2 } });
    expect(parseJson(Buffer.from('{"a": 1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('hands out the same read-only value for the same body, a malformed one as malformed', () => {
    const first = parseJson(Buffer.from('{"remote_console": {"protocol": "vnc"}}'));
    expect(parseJson(Buffer.from('{"remote_console": {"protocol": "vnc"}}'))).toBe(first);
    expect(Object.isFrozen((first as { value: object }).value)).toBe(true);
    expect(parseJson(Buffer.from('{"a":'))).toEqual({ ok: false });
    expect(parseJson(Buffer.from('{"a":'))).toEqual({ ok: false });
    expect(parseJson(new Uint8Array(0))).toEqual({ ok: true, value: undefined });
  });
});
