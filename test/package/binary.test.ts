import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HuaweiClient } from '../../client/index.ts';
import { PROVIDER_MODULES } from '../../emulator/providers/index.ts';
import { RfbClient } from '../console/rfb-client.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

/**
 * The single executable as a CI job of a Python, Java or Go team runs it: built by `npm run build:binary`
 * (into a temporary folder, away from the checkout and its node_modules), started by `env -i` (no PATH, so
 * no node to find, and no other variable), and asked for every provider in the registry, the files it
 * serves and a console.
 */
describe('the single executable, run with an empty environment', () => {
  const work = mkdtempSync(join(tmpdir(), 'console-emulator-sea-'));
  const binary = join(work, 'console-emulator-linux-x64');
  /** `env -i` then the binary: the same process (env execs it) with nothing in its environment. */
  const bare = (args: string[]) => ['/usr/bin/env', ['-i', binary, ...args], { cwd: work }] as const;
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts/binary.mjs'), '--out', binary], {
      maxBuffer: 16 * 1024 * 1024,
    });
    server = spawn(...bare(['--port', '0', '--log', 'off']));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      server?.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      server?.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('is one executable file with an empty environment', () => {
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    expect(readFileSync(`/proc/${server?.pid}/environ`).length).toBe(0);
  });

  it('answers every provider of the registry: its contract cases verified, its OpenAPI document', async () => {
    expect(PROVIDER_MODULES.length).toBeGreaterThanOrEqual(3);
    for (const { name } of PROVIDER_MODULES) {
      const [file, args, options] = bare(['verify', '--provider', name, '--base-url', url]);
      const verified = await run(file, [...args], options).then(
        ({ stdout }) => ({ name, code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ name, code: error.code, stdout: error.stdout }),
      );
      expect(verified).toMatchObject({
        name,
        code: 0,
        stdout: expect.stringMatching(/[1-9]\d* passed, 0 failed/),
      });
      const document = await fetch(`${url}/openapi/${name}.json`);
      expect([name, document.status, ((await document.json()) as { openapi: string }).openapi]).toEqual([
        name,
        200,
        '3.1.0',
      ]);
    }
  });

  it('serves the dashboard and the API reference from inside itself', async () => {
    const page = await fetch(`${url}/__emulator/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('<script type="module" src="dashboard/main.js"></script>');
    const module = await fetch(`${url}/__emulator/dashboard/main.js`);
    expect([module.status, module.headers.get('content-type')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
    ]);
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
    const reference = await docs.text();
    for (const { name } of PROVIDER_MODULES)
      expect([name, reference.includes(`/openapi/${name}.json`)]).toEqual([name, true]);
  });

  it('opens a console: the noVNC page and its modules, then the RFB handshake over the websocket', async () => {
    const client = new HuaweiClient({
      baseUrl: url,
      auth: {
        kind: 'password',
        user: 'demo',
        password: 'demo-password',
        domain: 'demo',
        project: { name: 'cn-north-4' },
      },
    });
    const consoleUrl = new URL((await client.remoteConsoles('3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61')).url);
    const page = await fetch(consoleUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("core/rfb.js'");
    const rfb = await fetch(`${url}/core/rfb.js`);
    expect([rfb.status, rfb.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await fetch(`${url}/vendor/pako/lib/zlib/inflate.js`)).status).toBe(200);
    const socket = await RfbClient.open(
      `${url.replace(/^http/, 'ws')}/websockify?token=${consoleUrl.searchParams.get('token')}`,
    );
    expect((await socket.handshake()).name).toBe('demo-active');
    socket.ws.close();
  });
});
