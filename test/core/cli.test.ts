import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AliyunClient } from '../../client/aliyun.ts';
import { HpcClient } from '../../client/hpc.ts';
import { HuaweiClient } from '../../client/huawei.ts';
import { listen, type RunningEmulator } from '../../emulator/server.ts';
import { demoCredentials } from '../../kit/credentials.ts';
import { RfbClient } from '../console/rfb-client.ts';
import { hpc as hpcDemo, hpcLaunchUrl, hpcSocketUrl } from '../console/support.ts';
import { demo, iamToken, nova, passwordAuthBody } from '../huawei/support.ts';

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
    const { url, output } = await start(['--port', '0', '--banner', 'full']);
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
    for (const option of [
      '--host',
      '--port',
      '--public-url',
      '--journal-bodies',
      '--connections-per-token',
      '--help',
    ])
      expect(stdout).toContain(option);
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

describe('--journal-bodies and --connections-per-token', () => {
  /** The kept exchange of the journal's last entry, as the dashboard reads it (null: none kept). */
  async function lastExchange(url: string): Promise<unknown> {
    await fetch(`${url}/v2.1/`);
    const { entries } = (await (await fetch(`${url}/__emulator/journal`)).json()) as {
      entries: Array<{ seq: number }>;
    };
    const seq = entries.at(-1)?.seq;
    return ((await (await fetch(`${url}/__emulator/live/journal/${seq}`)).json()) as { exchange: unknown })
      .exchange;
  }

  it('--journal-bodies on keeps every exchange, off and the default (watched, nobody watching) none', async () => {
    const on = await start(['--port', '0', '--log', 'off', '--journal-bodies', 'on']);
    expect(await lastExchange(on.url)).toMatchObject({ response: { status: 200 } });
    const off = await start(['--port', '0', '--log', 'off', '--journal-bodies', 'off']);
    expect(await lastExchange(off.url)).toBeNull();
    const watched = await start(['--port', '0', '--log', 'off']);
    expect(await lastExchange(watched.url)).toBeNull();
  });

  it('--connections-per-token 1 lets one live console socket per token in and drops the second', async () => {
    const { url } = await start(['--port', '0', '--log', 'off', '--connections-per-token', '1']);
    // The console helpers read only the emulator's address.
    const running = { url } as RunningEmulator;
    const socket = hpcSocketUrl(running, await hpcLaunchUrl(running));
    const first = await RfbClient.open(socket);
    await first.handshake({ password: hpcDemo.password });
    const second = await RfbClient.open(socket);
    expect(await second.closed).toEqual({ code: 1006, reason: '' });
    first.close();
    await first.closed;
  });

  it.each([
    [['--journal-bodies', 'always'], '--journal-bodies must be on, off or watched, got "always"'],
    [['--journal-bodies', 'constructor'], '--journal-bodies must be on, off or watched, got "constructor"'],
    [
      ['--connections-per-token', '0'],
      '--connections-per-token must be a whole number of at least 1, got "0"',
    ],
    [
      ['--connections-per-token', '2.5'],
      '--connections-per-token must be a whole number of at least 1, got "2.5"',
    ],
    [
      ['--connections-per-token', '99999999999999999999'],
      '--connections-per-token must be a whole number of at least 1, got "99999999999999999999"',
    ],
    [
      ['--connections-per-token', 'ten'],
      '--connections-per-token must be a whole number of at least 1, got "ten"',
    ],
  ])('refuses %j with one line and exit status 2', async (args, message) => {
    const failure = await run(process.execPath, [BIN, ...args]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr.split('\n')[0]).toBe(`console-emulator: ${message}`);
  });
});

describe('the request log (--log)', () => {
  const { huawei, aliyun, hpc } = demoCredentials;

  /**
   * Console URLs from each provider, asked with every kind of secret the demo has (passwords, AK/SK
   * signatures, IAM and HPC tokens); resolves with the secrets and the URLs, none of which may be printed.
   */
  async function exercise(url: string): Promise<string[]> {
    const nova = new HuaweiClient({
      baseUrl: url,
      auth: {
        kind: 'password',
        user: huawei.user,
        password: huawei.password,
        domain: huawei.domain,
        project: { name: huawei.projectName },
      },
    });
    const native = new HuaweiClient({
      baseUrl: url,
      auth: {
        kind: 'aksk',
        accessKeyId: huawei.accessKeyId as string,
        secretAccessKey: huawei.secretAccessKey as string,
        projectId: huawei.projectId,
      },
    });
    const ecs = new AliyunClient({
      baseUrl: url,
      accessKeyId: aliyun.accessKeyId,
      accessKeySecret: aliyun.accessKeySecret,
    });
    const center = new HpcClient({
      baseUrl: url,
      auth: { kind: 'password', user: hpc.user, password: hpc.password, orgId: hpc.orgId },
    });
    const signed = new HpcClient({
      baseUrl: url,
      auth: {
        kind: 'aksk',
        user: hpc.user,
        accessKey: hpc.accessKey as string,
        secretKey: hpc.secretKey as string,
      },
    });
    const server = huawei.servers.active as string;
    const [session] = await center.listSessions();
    return [
      huawei.password,
      huawei.secretAccessKey as string,
      aliyun.accessKeySecret,
      hpc.password,
      hpc.secretKey as string,
      (await nova.token())?.id as string,
      (await nova.remoteConsoles(server)).url,
      (await native.showServerRemoteConsole(server)).url,
      (
        await ecs.describeInstanceVncUrl({
          regionId: aliyun.regionId,
          instanceId: aliyun.instances.running as string,
        })
      ).vncUrl,
      await center.token(),
      await center.launchUrl(session?.sessionId as string),
      await signed.token(),
    ];
  }

  /** The lines printed after `listening on`, once the last one names `path`. */
  async function logLines(output: () => string, path: string): Promise<string[]> {
    for (let waited = 0; ; waited += 20) {
      const lines =
        output()
          .split(/^listening on \S+\n/m)[1]
          ?.split('\n')
          .filter(Boolean) ?? [];
      if (lines.at(-1)?.includes(path) || waited > 10_000) return lines;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('prints a line per request by default, with its operation and time, and never a secret', async () => {
    const { url, output } = await start(['--port', '0']);
    const secrets = await exercise(url);
    await fetch(`${url}/nowhere`);
    const lines = await logLines(output, '/nowhere');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d\d:\d\d:\d\d POST \/v2\.1\/…\/remote-consoles 200 huawei\.remoteConsoles \d+\.\d ms/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d\d:\d\d:\d\d POST \/v1\/…\/remote_console 200 huawei\.showServerRemoteConsole \d+\.\d ms/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/ 200 aliyun\.DescribeInstanceVncUrl \d+\.\d ms/));
    expect(lines).toContainEqual(expect.stringMatching(/ 200 hpc\.\w+ \d+\.\d ms/));
    expect(lines.at(-1)).toMatch(
      /^\d\d:\d\d:\d\d GET \/nowhere 404 emulator\.unknownPath \d+\.\d ms ✗ no provider serves GET \/nowhere$/,
    );
    // The banner above prints the demo's credentials on purpose; the log never does.
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('marks a request that breaks its contract with ✗ and its first violation, a conforming one with ✓', async () => {
    const { url, output } = await start(['--port', '0']);
    const token = await iamToken(url);
    const path = `/v2.1/${demo.projectId}/servers/${demo.active}/remote-consoles`;
    const broken = await nova(url, path, {
      token,
      version: '2.6',
      body: { remote_console: { type: 'novnc' } },
    });
    expect(broken.status).toBe(400);
    const fine = await nova(url, path, {
      token,
      version: '2.6',
      body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
    });
    expect(fine.status).toBe(200);
    const lines = await logLines(output, '/remote-consoles 200');
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d POST \/v2\.1\/…\/remote-consoles 400 huawei\.remoteConsoles badRequest \d+\.\d ms ✗ .*'protocol' is a required property$/,
      ),
      expect.stringMatching(
        /^\d\d:\d\d:\d\d POST \/v2\.1\/…\/remote-consoles 200 huawei\.remoteConsoles \d+\.\d ms ✓$/,
      ),
    ]);
  });

  it('--log json prints one object a line, with the credential and the provider code', async () => {
    const { url, output } = await start(['--port', '0', '--log', 'json']);
    const secrets = await exercise(url);
    const building = await fetch(
      `${url}/v2.1/${huawei.projectId}/servers/${huawei.servers.building}/remote-consoles`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Auth-Token': secrets[5] as string,
          'OpenStack-API-Version': 'compute 2.6',
        },
        body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
      },
    );
    expect(building.status).toBe(409);
    const lines = await logLines(output, `${huawei.servers.building}/remote-consoles`);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.at(-1)).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      method: 'POST',
      path: `/v2.1/${huawei.projectId}/servers/${huawei.servers.building}/remote-consoles`,
      status: 409,
      provider: 'huawei',
      operation: 'remoteConsoles',
      credential: huawei.projectId,
      code: 'conflictingRequest',
      ms: expect.any(Number),
      verdict: { ok: true, violations: [] },
    });
    expect(entries).toContainEqual(
      expect.objectContaining({
        provider: 'aliyun',
        operation: 'DescribeInstanceVncUrl',
        credential: aliyun.accessKeyId,
      }),
    );
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret);
  });

  it('prints every request answered before a SIGTERM, above the shutdown line, though lines wait to go out together', async () => {
    const { child, url, output } = await start(['--port', '0']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let n = 0; n < 5; n++) await fetch(`${url}/nowhere/${n}`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const after =
      output()
        .split(/^listening on \S+\n/m)[1]
        ?.split('\n') ?? [];
    expect(after.slice(0, 5).map((line) => / GET (\S+) 404 /.exec(line)?.[1])).toEqual(
      [0, 1, 2, 3, 4].map((n) => `/nowhere/${n}`),
    );
    expect(after[5]).toBe('SIGTERM: shutting down');
  });

  it('--log off prints nothing after listening on', async () => {
    const { url, output } = await start(['--port', '0', '--log', 'off']);
    await exercise(url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output()).toMatch(/^listening on \S+\n$/m);
    expect(output().split(/^listening on \S+\n/m)[1]).toBe('');
  });

  it('refuses a format it does not know', async () => {
    const failure = await run(process.execPath, [BIN, '--log', 'loud']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--log must be pretty, json or off, got "loud"');
  });
});
