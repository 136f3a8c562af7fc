import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { aliyunDemo, aliyunDemoCredentials } from '../../contracts/aliyun/demo.ts';
import { hpcDemo } from '../../contracts/hpc/demo.ts';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { callV1, expectError } from '../aliyun/rpc.ts';
import { useBrowser } from '../browser.ts';
import { useEmulator } from '../helpers.ts';

/**
 * `--tls` end to end, over real sockets: the official SDKs (each in a child process that trusts the emulator's
 * CA through `NODE_EXTRA_CA_CERTS` and nothing else), Python `requests` (`REQUESTS_CA_BUNDLE`) and Chromium
 * (an NSS database holding the CA) reach the emulator over HTTPS, and a console opens over `wss://`. Without
 * the CA each of them refuses the certificate. An Alibaba scenario that requires HTTPS answers plain HTTP with
 * `InvalidProtocol.NeedSsl`.
 */

const run = promisify(execFile);
const CLIENT = new URL('./sdk-client.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'console-emulator-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const requiringHttps = {
  aliyun: { ...aliyunDemo, settings: { requireHttps: true } },
  huawei: huaweiDemo,
  hpc: hpcDemo,
};
const emu = useEmulator({ scenario: requiringHttps, tls: { dir: join(dir, 'tls') } });
const caFile = () => emu.current.tls?.caFile as string;
/** The listener by name, so the certificate's DNS name is what a client checks. */
const base = (running: RunningEmulator) => `https://localhost:${running.port}`;

/** The environment of a client that trusts only what it is given here (never "ignore certificate errors"). */
function clientEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, ...extra };
  for (const name of [
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'NODE_EXTRA_CA_CERTS',
    'REQUESTS_CA_BUNDLE',
    'SSL_CERT_FILE',
  ])
    if (!(name in extra)) delete env[name];
  return env;
}

/** One call of an official SDK in a child process; resolves with its standard output, or its error text. */
async function sdk(name: 'aliyun' | 'huawei', env: NodeJS.ProcessEnv): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLIENT, name, base(emu.current)], {
      env,
      timeout: 60_000,
    });
    return { ok: true, out: stdout.trim() };
  } catch (error) {
    return { ok: false, out: (error as { stderr: string }).stderr };
  }
}

describe('the official SDKs over HTTPS, trusting the emulator CA through NODE_EXTRA_CA_CERTS', () => {
  it('Alibaba @alicloud/ecs20140526 (V3 signing) gets a wss:// VncUrl, though the scenario requires HTTPS', async () => {
    const answer = await sdk('aliyun', clientEnv({ NODE_EXTRA_CA_CERTS: caFile() }));
    expect(answer.ok, answer.out).toBe(true);
    const socket = new URL(decodeURIComponent(answer.out));
    expect(`${socket.protocol}//${socket.host}${socket.pathname}`).toBe(
      `wss://localhost:${emu.current.port}/websockify/`,
    );
  });

  it('Huawei @huaweicloud/huaweicloud-sdk-ecs (AK/SK) gets an https:// remote console URL', async () => {
    const answer = await sdk('huawei', clientEnv({ NODE_EXTRA_CA_CERTS: caFile() }));
    expect(answer.ok, answer.out).toBe(true);
    expect(new URL(answer.out).origin).toBe(base(emu.current));
  });

  it('without the CA, the same call is refused for the certificate', async () => {
    const answer = await sdk('aliyun', clientEnv({}));
    expect(answer.ok).toBe(false);
    // The listener sends its certificate alone, signed by a CA this client does not know.
    expect(answer.out).toMatch(/^UNABLE_TO_VERIFY_LEAF_SIGNATURE /);
  });
});

describe('Python requests (python3-requests) over HTTPS with REQUESTS_CA_BUNDLE', () => {
  const script = [
    'import sys, requests',
    'try:',
    "    r = requests.post(sys.argv[1] + '/ac/openapi/v2/tokens',",
    "                      headers={'user': 'demo', 'password': 'demo-password', 'orgId': 'demo-org'})",
    "    print(r.status_code, r.json()['code'])",
    'except requests.exceptions.SSLError:',
    "    print('SSLError')",
  ].join('\n');
  // Debian's python3-requests lives in the system interpreter's dist-packages.
  const python = async (url: string, env: NodeJS.ProcessEnv) =>
    (await run('/usr/bin/python3', ['-c', script, url], { env, timeout: 60_000 })).stdout.trim();

  it('logs in to HPC at https://127.0.0.1 (an IP name of the certificate)', async () => {
    const url = `https://127.0.0.1:${emu.current.port}`;
    expect(await python(url, clientEnv({ REQUESTS_CA_BUNDLE: caFile() }))).toBe('200 0');
  });

  it('with only the system CAs, refuses the certificate', async () => {
    const env = clientEnv({ REQUESTS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' });
    expect(await python(base(emu.current), env)).toBe('SSLError');
  });
});

describe('a console in Chromium over https:// and wss://, the CA in its NSS database', () => {
  const browser = useBrowser({ trustCa: caFile });

  it('opens the Alibaba console page for an SDK-issued VncUrl and connects', async () => {
    const answer = await sdk('aliyun', clientEnv({ NODE_EXTRA_CA_CERTS: caFile() }));
    expect(answer.ok, answer.out).toBe(true);
    const page = await browser.current.newPage();
    const url = `${base(emu.current)}/aliyun/ecs-console-vnc2/0.0.8/index.html?vncUrl=${answer.out}&instanceId=${
      aliyunDemoCredentials.instances.running
    }&isWindows=false&password=Demo12`;
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    const state = () => page.locator('#status').getAttribute('data-state');
    await expect.poll(state, { timeout: 15_000 }).toBe('connected');
    expect(
      emu.current.emulator.consoles.screen('aliyun', aliyunDemoCredentials.instances.running),
    ).toBeDefined();
    await page.close();
  });
});

describe('Chromium without the CA', () => {
  const browser = useBrowser();

  it('refuses the page', async () => {
    const page = await browser.current.newPage();
    await expect(page.goto(`${base(emu.current)}/__emulator/health`)).rejects.toThrow(
      /ERR_CERT_AUTHORITY_INVALID/,
    );
    await page.close();
  });
});

describe('Alibaba InvalidProtocol.NeedSsl', () => {
  const plain = useEmulator({ scenario: requiringHttps });

  it.each(['JSON', 'XML'] as const)(
    'answers a call over plain HTTP with 404 and the gateway text (%s)',
    async (format) => {
      expect(plain.current.url).toMatch(/^http:/);
      const response = await callV1(plain.current, {
        Action: 'DescribeRegions',
        Format: format,
      });
      await expectError(response, {
        status: 404,
        code: 'InvalidProtocol.NeedSsl',
        message: 'Your request is denied as lack of ssl protect.',
        format,
      });
    },
  );
});
