import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { listen } from '../../emulator/server.ts';
import { useEmulator } from '../helpers.ts';
import { passwordAuthBody } from '../huawei/support.ts';
import { rawExchange } from './support.ts';

/** The security posture of docs/security.md, one case per claim. */
const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const CONTROL_TOKEN = 'control-token-7f3a9c1e5b2d4f60';

describe('binding', () => {
  it('listens on 127.0.0.1 unless told otherwise', async () => {
    const running = await listen({ port: 0 });
    try {
      expect((running.server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await running.close();
    }
  });
});

describe('the control API behind a token (--control-token, controlToken)', () => {
  const emu = useEmulator({ controlToken: CONTROL_TOKEN });
  const control = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${emu.current.url}${path}`, { headers });

  it('refuses a request without the token: 401, the control API’s error shape, WWW-Authenticate', async () => {
    const response = await control('/__emulator/state');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="console-emulator control API"');
    expect(await response.json()).toEqual({
      error: {
        code: 'unauthorized',
        message:
          'the control API needs the control token: Authorization: Bearer <token> or X-Emulator-Token ' +
          '(a browser: open /__emulator/ and enter it)',
      },
    });
  });

  it('refuses a wrong token, a prefix of it, and the token in another scheme', async () => {
    const wrong: Array<Record<string, string>> = [
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${CONTROL_TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${CONTROL_TOKEN}` },
      { 'x-emulator-token': `${CONTROL_TOKEN}x` },
    ];
    for (const headers of wrong) {
      expect((await control('/__emulator/clock', headers)).status).toBe(401);
    }
  });

  it('accepts Authorization: Bearer and X-Emulator-Token', async () => {
    expect((await control('/__emulator/clock', { authorization: `Bearer ${CONTROL_TOKEN}` })).status).toBe(
      200,
    );
    expect((await control('/__emulator/clock', { 'x-emulator-token': CONTROL_TOKEN })).status).toBe(200);
  });

  it('guards every spelling of the control path that reaches it', async () => {
    for (const path of [
      '/__emulator',
      '/__emulator/',
      '/__emulator/state/',
      '/%5F%5Femulator/state',
      '/__emulator/%73tate',
      '/__emulator/nowhere',
    ]) {
      const answer = await rawExchange(emu.current.port, [
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      ]);
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
  });

  it('leaves the providers open (they have their own credentials)', async () => {
    expect((await control('/v2.1/')).status).toBe(200);
  });

  it('leaves the programmatic API open: it is the caller’s own process', () => {
    expect(emu.current.emulator.clock.now()).toBeGreaterThan(0);
  });
});

describe('no path traversal in served console assets', () => {
  const emu = useEmulator();

  it('serves noVNC’s own modules', async () => {
    const response = await fetch(`${emu.current.url}/core/rfb.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside noVNC’s core/ and vendor/, however the path is spelt', async () => {
    for (const path of [
      '/core/../../package.json',
      '/core/../../../package.json',
      '/core/..%2f..%2fpackage.json',
      '/core/..%2F..%2F..%2F..%2Fpackage.json',
      '/vendor/%2e%2e/%2e%2e/package.json',
      '/core/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/core/..%5c..%5cpackage.json',
      '/core/rfb.js%00.html',
      '/core/%252e%252e%252fpackage.json',
      '/vendor/../core/../../../../../../etc/passwd',
      '/core//etc/passwd',
      '/core/%2fetc%2fpasswd',
      '/__emulator/dashboard/..%2f..%2f..%2fpackage.json',
    ]) {
      const answer = await rawExchange(emu.current.port, [
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      ]);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(answer.body).not.toMatch(/"name"|root:/);
    }
  });
});

describe('secrets are never logged', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('stdout and stderr carry none of the control token, tokens, passwords or signatures a run saw', async () => {
    const wrongPassword = 'wrong-password-5e1f0c';
    const secretSk = 'not-the-demo-secret-9b8a';
    child = spawn(process.execPath, [BIN, '--port', '0'], {
      env: { ...process.env, CONSOLE_EMULATOR_CONTROL_TOKEN: CONTROL_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${output}`)), 30_000);
      const check = setInterval(() => {
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          clearInterval(check);
          resolve(url);
        }
      }, 20);
    });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const login = await post('/v3/auth/tokens', passwordAuthBody());
    const iamToken = login.headers.get('x-subject-token') ?? '';
    expect(iamToken).not.toBe('');
    await post('/v3/auth/tokens', passwordAuthBody({ password: wrongPassword }));
    const hpc = await fetch(`${base}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: { user: 'demo', password: 'demo-password', orgId: 'demo-org' },
    });
    const hpcToken = ((await hpc.json()) as { data: Array<{ token: string }> }).data[0]?.token ?? '';
    await fetch(`${base}/hpc/openapi/v2/desktop/vnc`, { headers: { token: hpcToken } });
    const path = '/v1/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d/cloudservers/x/remote_console';
    const signed = signRequest(
      { method: 'POST', url: `${base}${path}`, body: '{}' },
      { accessKeyId: 'DEMOAKHUAWEI00000001', secretAccessKey: secretSk },
      Date.now(),
    );
    await fetch(`${base}${path}`, { method: 'POST', headers: signed, body: '{}' });
    await fetch(`${base}/__emulator/journal`, { headers: { authorization: `Bearer ${CONTROL_TOKEN}` } });
    await fetch(`${base}/__emulator/journal`, { headers: { authorization: 'Bearer guess' } });
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const signature = /Signature=([0-9a-f]+)/.exec(signed.authorization ?? '')?.[1] ?? '';
    expect(output).toContain('SIGTERM: shutting down');
    for (const secret of [CONTROL_TOKEN, iamToken, hpcToken, wrongPassword, secretSk, signature]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(output).not.toContain(secret);
    }
  });
});
