import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ListenOptions, listen } from '../../emulator/server.ts';
import { useBrowser } from '../browser.ts';
import { huaweiConsoleUrl } from '../console/support.ts';
import { useEmulator } from '../helpers.ts';
import { errorCode, send } from './support.ts';

/** Every kind of thing under /__emulator/: the API, a change, the dashboard page and file, the event stream. */
const CONTROL_PATHS = [
  ['GET', '/__emulator/state'],
  ['POST', '/__emulator/clock/advance'],
  ['GET', '/__emulator/'],
  ['GET', '/__emulator/dashboard/main.js'],
  ['GET', '/__emulator/live/journal'],
] as const;

async function withEmulator(options: ListenOptions, run: (port: number) => Promise<void>): Promise<void> {
  const running = await listen({ host: '127.0.0.1', port: 0, ...options });
  try {
    await run(running.port);
  } finally {
    await running.close();
  }
}

describe('DNS rebinding: the control API answers only its own host names', () => {
  const emu = useEmulator();

  it.each(CONTROL_PATHS)('%s %s with Host: attacker.example is 403 forbidden_host', async (method, path) => {
    const port = emu.current.port;
    const answer = await send(port, path, {
      method,
      headers: { Host: `attacker.example:${port}` },
      ...(method === 'POST' ? { body: '{"by":"1h"}' } : {}),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        code: 'forbidden_host',
        message:
          `the control API answers on localhost and this emulator's own host names, not "attacker.example:${port}"` +
          ' (start it with --allowed-host attacker.example to add one)',
      },
    });
  });

  it('the refused request changed nothing and read nothing', async () => {
    const port = emu.current.port;
    const before = emu.current.emulator.clock.now();
    await send(port, '/__emulator/clock/advance', {
      headers: { Host: 'attacker.example' },
      body: '{"by":"1d"}',
    });
    expect(emu.current.emulator.clock.now() - before).toBeLessThan(60_000);
    const state = await send(port, '/__emulator/state', { headers: { Host: 'attacker.example' } });
    expect(state.text).not.toContain('demo-aliyun-secret');
  });

  it.each(['localhost', '127.0.0.1', '127.8.9.10', '[::1]'])(
    'answers Host: %s, with or without a port',
    async (name) => {
      const port = emu.current.port;
      for (const host of [name, `${name}:${port}`]) {
        const answer = await send(port, '/__emulator/state', { headers: { Host: host } });
        expect([host, answer.status]).toEqual([host, 200]);
      }
    },
  );

  it.each(['localhost.attacker.example', '127.0.0.1.nip.io', '128.0.0.1', '[::2]', '[::ffff:7f00:1]'])(
    'refuses Host: %j',
    async (host) => {
      const answer = await send(emu.current.port, '/__emulator/state', { headers: { Host: host } });
      expect([answer.status, errorCode(answer)]).toEqual([403, 'forbidden_host']);
    },
  );

  it('leaves the provider paths and console pages alone: they check their own credentials', async () => {
    const port = emu.current.port;
    const nova = await send(port, '/v2.1', { headers: { Host: `ecs.cn-north-4.myhuaweicloud.com:${port}` } });
    expect(nova.status).toBe(200);
    const page = await send(port, '/vnc_auto.html', { headers: { Host: `portal.example:${port}` } });
    expect(page.status).toBe(200);
  });

  it('answers the --host it listens on, the --public-url host and every allowedHosts name; "all" answers any', async () => {
    await withEmulator(
      {
        host: '0.0.0.0',
        publicUrl: 'https://emulator.example:8443',
        allowedHosts: ['emulator.internal', 'Other.Internal:9400'],
      },
      async (port) => {
        for (const host of [
          '0.0.0.0',
          'emulator.example',
          'emulator.internal:1',
          'other.internal',
          'localhost',
        ]) {
          const answer = await send(port, '/__emulator/clock', { headers: { Host: host } });
          expect([host, answer.status]).toEqual([host, 200]);
        }
        const other = await send(port, '/__emulator/clock', { headers: { Host: 'emulator.invalid' } });
        expect(other.status).toBe(403);
      },
    );
    await withEmulator({ allowedHosts: 'all' }, async (port) => {
      const answer = await send(port, '/__emulator/clock', { headers: { Host: 'anything.example' } });
      expect(answer.status).toBe(200);
    });
  });

  describe('from the command line', () => {
    const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const child of children.splice(0)) child.kill('SIGKILL');
    });
    const start = (args: string[]) =>
      new Promise<{ port: number; output: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, '--port', '0', ...args]);
        children.push(child);
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk;
          const port = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output)?.[1];
          if (port) resolve({ port: Number(port), output });
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });

    it('--allowed-host NAME (repeatable) adds names; --allowed-host all answers any and says to set a token', async () => {
      const named = await start(['--allowed-host', 'emu.internal', '--allowed-host', 'ci-emulator']);
      for (const [host, status] of [
        ['emu.internal', 200],
        ['ci-emulator:9400', 200],
        ['attacker.example', 403],
      ] as const) {
        const answer = await send(named.port, '/__emulator/clock', { headers: { Host: host } });
        expect([host, answer.status]).toEqual([host, status]);
      }
      expect(named.output).not.toContain('--control-token');

      const all = await start(['--allowed-host', 'all']);
      expect((await send(all.port, '/__emulator/clock', { headers: { Host: 'svc' } })).status).toBe(200);
      expect(all.output).toContain('set --control-token');
    });
  });
});

describe('cross-site requests cannot change the emulator', () => {
  const emu = useEmulator();
  const advance = (headers: Record<string, string>, contentType = 'text/plain') =>
    send(emu.current.port, '/__emulator/clock/advance', {
      headers: { 'Content-Type': contentType, ...headers },
      body: '{"by":"1h"}',
    });

  it.each([
    ['Origin: http://evil.example', { Origin: 'http://evil.example' }],
    ['Origin: null (a sandboxed frame, a file)', { Origin: 'null' }],
    ['Origin on another port of this host', { Origin: 'http://127.0.0.1:1' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another port of localhost)', { 'Sec-Fetch-Site': 'same-site' }],
  ])('%s is 403 cross_origin and nothing changes', async (_label, headers) => {
    const before = emu.current.emulator.clock.now();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
      const answer = await advance(headers, type);
      expect([answer.status, errorCode(answer)]).toEqual([403, 'cross_origin']);
    }
    expect(emu.current.emulator.clock.now() - before).toBeLessThan(60_000);
  });

  it('the issue’s own case: a text/plain snapshot write from another origin is refused', async () => {
    const answer = await send(emu.current.port, '/__emulator/snapshot', {
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: '{"file":"x.json"}',
    });
    expect([answer.status, errorCode(answer)]).toEqual([403, 'cross_origin']);
    expect(JSON.parse(answer.text).error.message).toBe(
      'a POST from another site (Origin http://evil.example) cannot change the emulator; ' +
        'use the dashboard at /__emulator/, a script or an SDK',
    );
  });

  it.each([
    ['no Origin (curl, SDKs)', {}],
    ['its own origin', { Origin: 'ORIGIN', 'Sec-Fetch-Site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed by the user)', { 'Sec-Fetch-Site': 'none' }],
  ])('%s changes it as documented', async (_label, headers) => {
    const own = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [
        k,
        v.replace('ORIGIN', `http://127.0.0.1:${emu.current.port}`),
      ]),
    );
    const answer = await advance(own);
    expect(answer.status).toBe(200);
  });

  it('reading stays open to any origin, and gives no CORS header a page could read it through', async () => {
    const answer = await send(emu.current.port, '/__emulator/state', {
      headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the public URL’s origin counts as the emulator’s own', async () => {
    await withEmulator({ publicUrl: 'https://emulator.example' }, async (port) => {
      const answer = await send(port, '/__emulator/clock/advance', {
        headers: { Origin: 'https://emulator.example' },
        body: '{"by":"1m"}',
      });
      expect(answer.status).toBe(200);
    });
  });
});

describe('headers', () => {
  const emu = useEmulator();
  const CSP =
    "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-ONZt2T1Hvm0r2hMXHa4jWfdE+Z9eDLlmmEDiszAHK14='; " +
    "img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  it.each([...CONTROL_PATHS, ['GET', '/__emulator/nothing'] as const])(
    '%s %s: a CSP with frame-ancestors none, X-Frame-Options DENY, nosniff',
    async (method, path) => {
      const answer = await send(emu.current.port, path, {
        method,
        ...(method === 'POST' ? { body: '{"by":"1s"}' } : {}),
      });
      expect(answer.headers['content-security-policy']).toBe(CSP);
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('refusals carry them too', async () => {
    const answer = await send(emu.current.port, '/__emulator/', { headers: { Host: 'attacker.example' } });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-security-policy']).toBe(CSP);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('provider answers, console pages and noVNC modules: nosniff, and no framing rule (portals frame consoles)', async () => {
    const page = await huaweiConsoleUrl(emu.current);
    for (const path of [
      '/v2.1',
      '/v3',
      `${page.pathname}${page.search}`,
      '/vnc_auto.html',
      '/core/rfb.js',
      '/ac/openapi/v2/tokens',
      '/?Action=DescribeRegions',
      '/no-such-path',
    ]) {
      const answer = await send(emu.current.port, path);
      expect([path, answer.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      expect([path, answer.headers['x-frame-options']]).toEqual([path, undefined]);
      expect([path, answer.headers['content-security-policy']]).toEqual([path, undefined]);
    }
  });

  describe('in headless Chromium', () => {
    const browser = useBrowser();

    it('a portal on another origin frames a console page, but not the dashboard', async () => {
      const page = await browser.current.newPage();
      const consoleUrl = await huaweiConsoleUrl(emu.current);
      // The portal: another origin (localhost is not 127.0.0.1), served by the emulator's 404 for simplicity.
      await page.goto(`http://localhost:${emu.current.port}/portal`);
      await page.setContent(
        `<iframe id="console" src="${consoleUrl}" width="800" height="600"></iframe>` +
          `<iframe id="dashboard" src="${emu.current.url}/__emulator/"></iframe>`,
      );
      const consoleFrame = await (await page.$('#console'))?.contentFrame();
      await expect.poll(() => consoleFrame?.locator('canvas').count()).toBeGreaterThan(0);
      const dashboardFrame = await (await page.$('#dashboard'))?.contentFrame();
      await expect
        .poll(() =>
          dashboardFrame?.evaluate(() => document.querySelector('#journal') !== null).catch(() => false),
        )
        .toBe(false);
      expect(dashboardFrame?.url()).not.toBe(`${emu.current.url}/__emulator/`);
      await page.close();
    });

    it('the dashboard runs under its CSP without a single violation', async () => {
      const page = await browser.current.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${emu.current.url}/__emulator/`);
      await expect.poll(() => page.locator('#journal-live').textContent()).toBe('live');
      const before = emu.current.emulator.clock.now();
      await page.getByRole('button', { name: 'Advance +1 min' }).click();
      await expect.poll(() => emu.current.emulator.clock.now() - before).toBeGreaterThanOrEqual(60_000);
      expect(violations).toEqual([]);
      await page.close();
    });

    it('a page on another site cannot change the emulator, even with a no-cors text/plain POST', async () => {
      const page = await browser.current.newPage();
      await page.goto(`http://localhost:${emu.current.port}/portal`);
      const before = emu.current.emulator.clock.now();
      // The request goes out; its answer is withheld from the page either way (Cross-Origin-Resource-Policy).
      const outcome = await page.evaluate(
        (target) =>
          fetch(`${target}/__emulator/clock/advance`, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'Content-Type': 'text/plain' },
            body: '{"by":"1d"}',
          }).then(
            () => 'answered',
            () => 'blocked',
          ),
        emu.current.url,
      );
      expect(outcome).toBe('blocked');
      expect(emu.current.emulator.clock.now() - before).toBeLessThan(60_000);
      await page.close();
    });
  });
});
