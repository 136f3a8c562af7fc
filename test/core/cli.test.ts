import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../emulator/server.ts';
import { passwordAuthBody } from '../huawei/support.ts';

const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const run = promisify(execFile);
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts the bin and resolves with its output once it prints `listening on …`. */
function start(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args]);
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening on (http:\/\/\S+)$/m.exec(output);
      if (match) resolve({ child, url: match[1] as string, output: () => output });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

describe('console-emulator (the bin)', () => {
  it('--port 0 picks a free port, prints endpoints, credentials and resources, then listens', async () => {
    const { url, output } = await start(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const expected of [
      '/v2.1/{project_id}/servers/{server_id}/remote-consoles',
      'demo / demo-password',
      'DEMOAKHUAWEI00000001 / demo-huawei-secret',
      'demo-active',
      'demo-shutoff',
      'demo-building',
      'demo-error',
      'cn-north-4',
    ]) {
      expect(output()).toContain(expected);
    }
    expect((await fetch(`${url}/v2.1`)).status).toBe(200);
  });

  it('writes --public-url into console URLs and shuts down cleanly on SIGTERM', async () => {
    const { child, url } = await start([
      '--port',
      '0',
      '--public-url',
      'https://consoles.example.test:8443/',
    ]);
    const response = await fetch(`${url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordAuthBody()),
    });
    const body = (await response.json()) as {
      token: { catalog: Array<{ type: string; endpoints: Array<{ url: string }> }> };
    };
    const compute = body.token.catalog.find((s) => s.type === 'compute')?.endpoints[0]?.url;
    expect(compute).toMatch(/^https:\/\/consoles\.example\.test:8443\/v2\.1\/[0-9a-f]{32}$/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--help explains every option', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    for (const option of ['--host', '--port', '--public-url', '--help']) expect(stdout).toContain(option);
  });

  it.each([
    [['--port', 'abc'], '--port must be an integer 0–65535, got "abc"'],
    [['--public-url', 'ftp://x'], '--public-url must be an http(s) URL, got "ftp://x"'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a clear message and exit status 2', async (args, message) => {
    const failure = await run(process.execPath, [BIN, ...args]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(message);
  });

  it('says so when the port is taken', async () => {
    const taken = await listen({ port: 0 });
    try {
      const failure = await run(process.execPath, [BIN, '--port', String(taken.port)]).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure).toMatchObject({ code: 2 });
      expect((failure as { stderr: string }).stderr).toContain(
        `port ${taken.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await taken.close();
    }
  });
});
