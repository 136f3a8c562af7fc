import { describe, expect, it } from 'vitest';
import { hpcDemoCredentials } from '../../contracts/hpc/demo.ts';
import { createEmulator } from '../../emulator/app.ts';

/**
 * `emulator.fetch` answers in-process callers with a Response that reads its body without a stream; it must
 * still be a Response in every way a caller can tell.
 */
describe('the Response of emulator.fetch', () => {
  const HOST = 'https://scnet-demo.accloud.cn';
  const tokenRequest = () =>
    new Request(`${HOST}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: {
        user: hpcDemoCredentials.user,
        password: hpcDemoCredentials.password,
        orgId: hpcDemoCredentials.orgId,
      },
    });

  it('is a Response whose status, headers and body read as a WHATWG one’s, once', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch(tokenRequest());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(response.bodyUsed).toBe(false);
    const body = (await response.json()) as { code: string; data: unknown[] };
    expect(body.code).toBe('0');
    expect(body.data.length).toBeGreaterThan(0);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('streams, clones and gives bytes like the platform’s Response', async () => {
    const emulator = createEmulator();
    const first = await emulator.fetch(tokenRequest());
    const copy = first.clone();
    const text = await first.text();
    expect(await copy.text()).toBe(text);
    expect(first.statusText).toBe('');
    expect(first.type).toBe('default');

    const second = await emulator.fetch(tokenRequest());
    const streamed = await new Response(second.body).text();
    expect(JSON.parse(streamed)).toMatchObject({ code: '0' });
    expect(second.bodyUsed).toBe(true);

    const third = await emulator.fetch(tokenRequest());
    const bytes = new Uint8Array(await third.arrayBuffer());
    expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toMatchObject({ code: '0' });
    expect(await new Response(null, third).text()).toBe('');
    expect(new Response(null, third).status).toBe(200);
  });

  it('answers a HEAD with the headers and no body', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch(
      new Request(`${HOST}/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl`, { method: 'HEAD' }),
    );
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.text()).toBe('');
    expect(response.body).toBeNull();
  });
});
