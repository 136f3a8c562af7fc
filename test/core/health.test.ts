import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type RunningEmulator } from '../../emulator/server.ts';

const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

/** A GET as curl sends it: any Host header, no Origin, no token unless given. */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /__emulator/health', () => {
  it('answers 200 {"status":"ok"} as soon as the emulator listens', async () => {
    const emulator = await listen({ port: 0 });
    running.push(emulator);
    const answer = await get(emulator.port, '/__emulator/health');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });

  it('needs neither the control token nor a loopback Host, which the rest of the control API still does', async () => {
    const emulator = await listen({ port: 0, controlToken: 'ci-secret' });
    running.push(emulator);
    const serviceName = { Host: `emulator:${emulator.port}` };
    expect(await get(emulator.port, '/__emulator/health', serviceName)).toMatchObject({
      status: 200,
      body: '{"status":"ok"}',
    });
    expect((await get(emulator.port, '/__emulator/state')).status).toBe(401);
    expect(
      (await get(emulator.port, '/__emulator/state', { ...serviceName, Authorization: 'Bearer ci-secret' }))
        .status,
    ).toBe(403);
    expect(
      (await get(emulator.port, '/__emulator/state', { Authorization: 'Bearer ci-secret' })).status,
    ).toBe(200);
  });
});
