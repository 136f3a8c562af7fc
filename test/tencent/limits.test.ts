import { describe, expect, it } from 'vitest';
import { bigHead, rawExchange } from '../hardening/support.ts';
import { useEmulator } from '../helpers.ts';

/** A request head over the listener's limit, answered in the gateway's one shape once the head shows Tencent's. */
describe('request heads over the limit', () => {
  const emu = useEmulator({ maxHeaderBytes: 8 * 1024 });
  const over = 12 * 1024;
  const tooLarge = (body: string) => {
    const parsed = JSON.parse(body) as {
      Response: { Error: { Code: string; Message: string }; RequestId: string };
    };
    expect(parsed.Response.RequestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    return parsed.Response.Error;
  };
  const expected = {
    Code: 'RequestSizeLimitExceeded',
    Message: 'The request size exceeds the limit `8192` bytes.',
  };

  it('a TC3 call (X-TC-Action in its head): RequestSizeLimitExceeded, HTTP 200, application/json', async () => {
    const head = bigHead('POST / HTTP/1.1', over, 'X-TC-Action: DescribeInstanceVncUrl\r\n');
    const answer = await rawExchange(emu.current.port, [head]);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(tooLarge(answer.body)).toEqual(expected);
  });

  it('a legacy GET whose request line is over the limit: found by SecretId and Nonce', async () => {
    const line = `GET /?SecretId=AKIDX&Nonce=1&InstanceId=${'x'.repeat(over)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const answer = await rawExchange(emu.current.port, [line]);
    expect(tooLarge(answer.body)).toEqual(expected);
  });
});
