import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AliyunClient, HpcClient, HuaweiClient, ProviderApiError } from '../../client/index.ts';
import { createMswHandlers } from '../../emulator/msw.ts';
import { useEmulator } from '../helpers.ts';

const HUAWEI_ACTIVE = '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61';
const HUAWEI_PASSWORD = {
  kind: 'password',
  user: 'demo',
  password: 'demo-password',
  domain: 'demo',
  project: { name: 'cn-north-4' },
} as const;
const HPC_PASSWORD = {
  kind: 'password',
  user: 'demo',
  password: 'demo-password',
  orgId: 'demo-org',
} as const;

const statuses = (entries: Array<{ operation: string; status: number; code?: string | undefined }>) =>
  entries.map(({ operation, status, code }) => `${operation} ${status}${code ? ` ${code}` : ''}`);

describe('clients without `now`, after the emulator clock moved past their tokens (real HTTP)', () => {
  const emu = useEmulator();
  afterEach(() => {
    emu.current.emulator.clock.reset();
    emu.current.emulator.journal.clear();
  });

  it('HpcClient logs in again on the 10008 of its expired token and retries once', async () => {
    const client = new HpcClient({ baseUrl: emu.current.url, auth: HPC_PASSWORD });
    const [session] = await client.listSessions();
    const before = await client.token();
    emu.current.emulator.clock.advance('13h');
    expect(await client.launchUrl(session?.sessionId ?? '')).toContain('/vnc.html?path=/vncws?token=');
    expect(await client.token()).not.toBe(before);
    expect(statuses(emu.current.emulator.journal.list()).slice(3)).toEqual([
      'getVncLaunchUrl 200 10008',
      'getUserTokens 200',
      'getVncLaunchUrl 200',
    ]);
  });

  it('HpcClient still throws a 10008 that a fresh token gets too (another user’s session)', async () => {
    const client = new HpcClient({ baseUrl: emu.current.url, auth: HPC_PASSWORD });
    await client.listSessions();
    const error = await client.launchUrl('gv102--demo_other--SIG--1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ provider: 'hpc', code: '10008' });
    expect(statuses(emu.current.emulator.journal.list()).slice(3)).toEqual([
      'getVncLaunchUrl 200 10008',
      'getUserTokens 200',
      'getVncLaunchUrl 200 10008',
    ]);
  });

  it('HuaweiClient asks IAM for a new token on the 401 of its expired one, on Nova and the native API', async () => {
    const client = new HuaweiClient({ baseUrl: emu.current.url, auth: HUAWEI_PASSWORD });
    await client.remoteConsoles(HUAWEI_ACTIVE);
    emu.current.emulator.clock.advance('25h');
    expect((await client.remoteConsoles(HUAWEI_ACTIVE)).type).toBe('novnc');
    emu.current.emulator.clock.advance('25h');
    expect((await client.showServerRemoteConsole(HUAWEI_ACTIVE)).type).toBe('novnc');
    expect(statuses(emu.current.emulator.journal.list())).toEqual([
      'createToken 201',
      'remoteConsoles 200',
      'remoteConsoles 401 401',
      'createToken 201',
      'remoteConsoles 200',
      'showServerRemoteConsole 401 APIGW.0307',
      'createToken 201',
      'showServerRemoteConsole 200',
    ]);
  });

  it('HuaweiClient does not ask twice when a fresh token is refused', async () => {
    const client = new HuaweiClient({
      baseUrl: emu.current.url,
      auth: { ...HUAWEI_PASSWORD, password: 'wrong' },
    });
    const error = await client.remoteConsoles(HUAWEI_ACTIVE).catch((e: unknown) => e);
    expect(error).toMatchObject({ provider: 'huawei', status: 401 });
    expect(statuses(emu.current.emulator.journal.list())).toEqual(['createToken 401 401']);
  });
});

describe('vitest fake timers with the emulator in-process through MSW', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  afterEach(() => {
    vi.useRealTimers();
    server.resetHandlers();
  });

  it.each([
    ['Date only', { toFake: ['Date'] as const }],
    ['vitest’s default set', {}],
  ])(
    '%s: setSystemTime moves the emulator clock, the clients’ signatures and their tokens together',
    async (_, fake) => {
      const { handlers, emulator } = createMswHandlers();
      server.use(...handlers);
      vi.useFakeTimers(fake as Parameters<typeof vi.useFakeTimers>[0]);
      const baseUrl = 'http://console-emulator.test';
      const hpc = new HpcClient({ baseUrl, auth: HPC_PASSWORD });
      const huawei = new HuaweiClient({ baseUrl, auth: HUAWEI_PASSWORD });
      const aliyun = new AliyunClient({
        baseUrl,
        accessKeyId: 'LTAI5tDemoAccessKey00001',
        accessKeySecret: 'demo-aliyun-secret',
      });
      const [session] = await hpc.listSessions();
      await huawei.remoteConsoles(HUAWEI_ACTIVE);
      const started = emulator.clock.now();

      vi.setSystemTime(Date.now() + 25 * 3_600_000);

      expect(emulator.clock.now() - started).toBeGreaterThanOrEqual(25 * 3_600_000);
      expect(await hpc.launchUrl(session?.sessionId ?? '')).toContain('/vnc.html?path=/vncws?token=');
      expect((await huawei.remoteConsoles(HUAWEI_ACTIVE)).type).toBe('novnc');
      const vnc = await aliyun.describeInstanceVncUrl({
        regionId: 'cn-hangzhou',
        instanceId: 'i-bp1demorunning000001',
      });
      expect(vnc.webSocketUrl).toMatch(/^ws:\/\/console-emulator\.test\//);
      expect(statuses(emulator.journal.list())).toEqual([
        'getUserTokens 200',
        'getCenterInfo 200',
        'listVncSessions 200',
        'createToken 201',
        'remoteConsoles 200',
        'renewToken 200',
        'getVncLaunchUrl 200',
        'createToken 201',
        'remoteConsoles 200',
        'DescribeInstanceVncUrl 200',
      ]);
    },
  );
});
