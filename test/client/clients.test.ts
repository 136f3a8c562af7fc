import { describe, expect, it } from 'vitest';
import {
  AliyunClient,
  aliyunConsolePageUrl,
  getConsoleUrl,
  HpcClient,
  HuaweiClient,
  ProviderApiError,
} from '../../client/index.ts';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import { decodeToken } from '../../contracts/hpc/token.ts';
import { demoScenario } from '../../emulator/scenario.ts';
import { useEmulator } from '../helpers.ts';

const HUAWEI = {
  project: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
  active: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61',
  building: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a63',
};
const ALIYUN = {
  accessKeyId: 'LTAI5tDemoAccessKey00001',
  accessKeySecret: 'demo-aliyun-secret',
  running: 'i-bp1demorunning000001',
  stopped: 'i-bp1demostopped000003',
};

async function thrown(promise: Promise<unknown>): Promise<ProviderApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderApiError);
  return error as ProviderApiError;
}

describe('HuaweiClient', () => {
  const emu = useEmulator();
  const password = () =>
    new HuaweiClient({
      baseUrl: emu.current.url,
      auth: {
        kind: 'password',
        user: 'demo',
        password: 'demo-password',
        domain: 'demo',
        project: { name: 'cn-north-4' },
      },
    });
  const aksk = () =>
    new HuaweiClient({
      baseUrl: emu.current.url,
      auth: {
        kind: 'aksk',
        accessKeyId: 'DEMOAKHUAWEI00000001',
        secretAccessKey: 'demo-huawei-secret',
        projectId: HUAWEI.project,
      },
    });

  it('remoteConsoles with an IAM token and with AK/SK', async () => {
    for (const client of [password(), aksk()]) {
      const console = await client.remoteConsoles(HUAWEI.active);
      expect(console).toMatchObject({ protocol: 'vnc', type: 'novnc' });
      expect(console.url).toMatch(
        new RegExp(`^${emu.current.url}/vnc_auto\\.html\\?token=[0-9a-f-]{36}&lang=EN$`),
      );
    }
  });

  it('showServerRemoteConsole (native) and os-getVNCConsole (legacy)', async () => {
    expect((await aksk().showServerRemoteConsole(HUAWEI.active)).url).toContain('&tLength=70');
    expect((await password().getVncConsole(HUAWEI.active)).type).toBe('novnc');
  });

  it('throws ProviderApiError with Nova’s fault name, the status and the request id', async () => {
    const error = await thrown(password().remoteConsoles(HUAWEI.building));
    expect(error).toMatchObject({ provider: 'huawei', status: 409, code: 'conflictingRequest' });
    expect(error.providerMessage).toBe(`Instance ${HUAWEI.building} is not ready`);
    expect(error.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it('reads the gateway’s and native ECS’s shapes', async () => {
    const wrongKey = new HuaweiClient({
      baseUrl: emu.current.url,
      auth: {
        kind: 'aksk',
        accessKeyId: 'DEMOAKHUAWEI00000001',
        secretAccessKey: 'wrong',
        projectId: HUAWEI.project,
      },
    });
    expect(await thrown(wrongKey.showServerRemoteConsole(HUAWEI.active))).toMatchObject({
      status: 401,
      code: 'APIGW.0301',
    });
    expect(await thrown(aksk().showServerRemoteConsole('no-such-server'))).toMatchObject({
      status: 404,
      code: 'Ecs.0114',
    });
  });
});

describe('AliyunClient', () => {
  const emu = useEmulator();
  const client = (options: Partial<ConstructorParameters<typeof AliyunClient>[0]> = {}) =>
    new AliyunClient({ baseUrl: emu.current.url, ...ALIYUN, ...options });

  it.each([
    ['V3', {}],
    ['V1 JSON GET', { signature: 'v1' as const }],
    ['V1 JSON POST', { signature: 'v1' as const, method: 'POST' as const }],
    ['V1 XML GET', { signature: 'v1' as const, format: 'XML' as const }],
  ])('DescribeInstanceVncUrl signed %s', async (_name, options) => {
    const answer = await client(options).describeInstanceVncUrl({
      regionId: 'cn-hangzhou',
      instanceId: ALIYUN.running,
    });
    expect(answer.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(answer.vncUrl).toMatch(/^ws%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwebsockify%2F%3Fs%3D/);
    expect(answer.webSocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/websockify\/\?s=/);
  });

  it('reads XML lists and numbers as the JSON answer has them', async () => {
    const xml = client({ signature: 'v1', format: 'XML' });
    const json = client();
    expect((await xml.describeRegions()).map((r) => r.RegionId)).toEqual(
      (await json.describeRegions()).map((r) => r.RegionId),
    );
    const page = await xml.describeInstances({ regionId: 'cn-hangzhou', instanceIds: [ALIYUN.running] });
    expect(page).toMatchObject({
      TotalCount: 1,
      PageNumber: 1,
      Instances: { Instance: [{ InstanceId: ALIYUN.running }] },
    });
  });

  it.each([{}, { signature: 'v1' as const, format: 'XML' as const }])(
    'throws ProviderApiError with Code, status and RequestId (%o)',
    async (options) => {
      const error = await thrown(
        client(options).describeInstanceVncUrl({ regionId: 'cn-hangzhou', instanceId: ALIYUN.stopped }),
      );
      expect(error).toMatchObject({ provider: 'aliyun', status: 403, code: 'IncorrectInstanceStatus' });
      expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    },
  );

  it('builds the console page URL around VncUrl as answered', () => {
    expect(
      aliyunConsolePageUrl({
        vncUrl: 'ws%3A%2F%2Fh%2Fwebsockify%2F%3Fs%3Dabc',
        instanceId: 'i-1',
        isWindows: true,
        password: 'Ab1234',
      }),
    ).toBe(
      'https://g.alicdn.com/aliyun/ecs-console-vnc2/0.0.8/index.html?vncUrl=ws%3A%2F%2Fh%2Fwebsockify%2F%3Fs%3Dabc&instanceId=i-1&isWindows=true&password=Ab1234',
    );
  });
});

describe('AliyunClient retry after Throttling.*', () => {
  // One call per AccessKey per second: the second call within the second is throttled with x-acs-retry-after.
  const emu = useEmulator({
    scenario: {
      ...demoScenario,
      aliyun: { ...aliyunDemo, settings: { throttling: { requests: 1, perSeconds: 1 } } },
    },
  });

  it('throws Throttling.User without retry, and waits x-acs-retry-after then succeeds with it', async () => {
    const plain = new AliyunClient({ baseUrl: emu.current.url, ...ALIYUN });
    await plain.describeRegions();
    const error = await thrown(plain.describeRegions());
    expect(error).toMatchObject({ status: 400, code: 'Throttling.User' });

    const retrying = new AliyunClient({ baseUrl: emu.current.url, ...ALIYUN, retry: { attempts: 3 } });
    const started = performance.now();
    expect((await retrying.describeRegions()).length).toBeGreaterThan(0);
    const waited = performance.now() - started;
    const throttled = emu.current.emulator.journal.list({ provider: 'aliyun', code: 'Throttling.User' });
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    // It waited about what the gateway asked for: at most the rest of the one-second window.
    expect(waited).toBeGreaterThan(5);
    expect(waited).toBeLessThan(1500);
  });
});

describe('HpcClient', () => {
  const emu = useEmulator();
  const client = (options: Partial<ConstructorParameters<typeof HpcClient>[0]> = {}) =>
    new HpcClient({
      baseUrl: emu.current.url,
      auth: { kind: 'password', user: 'demo', password: 'demo-password', orgId: 'demo-org' },
      now: () => emu.current.emulator.clock.now(),
      ...options,
    });

  it('issues tokens by password and by AK/SK, and finds the region’s hpcUrls', async () => {
    const aksk = client({
      auth: { kind: 'aksk', user: 'demo', accessKey: 'DEMOAKHPC0000000001', secretKey: 'demo-hpc-secret' },
    });
    for (const c of [client(), aksk]) {
      expect((await c.tokens()).map((t) => t.clusterId)).toEqual(['11112', '0']);
      expect(await c.tokenState()).toBe('token is valid');
      expect(await c.hpcUrl()).toBe(`${emu.current.url}/hpc`);
    }
  });

  it('launchUrl() returns the full URL, which opens the console page', async () => {
    const c = client();
    const [session] = await c.listSessions();
    const url = await c.launchUrl(session?.sessionId ?? '');
    expect(url).toMatch(
      new RegExp(
        `^${emu.current.url}/vnc\\.html\\?path=/vncws\\?token=[0-9a-f-]{36}&mm=[^&]+&resize=remote$`,
      ),
    );
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('renews the token before it expires', async () => {
    const c = client();
    const first = await c.token();
    emu.current.emulator.clock.advance('12h');
    const second = await c.token();
    expect(second).not.toBe(first);
    expect(Number(decodeToken(second)?.expireTime)).toBeGreaterThan(Number(decodeToken(first)?.expireTime));
    expect(emu.current.emulator.journal.list({ operation: 'renewToken' }).at(-1)?.status).toBe(200);
    emu.current.emulator.clock.reset();
  });

  it('throws ProviderApiError for a business error answered with HTTP 200', async () => {
    const error = await thrown(client().launchUrl('gv102--demo_other--SIG--1'));
    expect(error).toMatchObject({ provider: 'hpc', status: 200, code: '10008' });
    expect(error.providerMessage).toBe('权限不足');
  });
});

describe('getConsoleUrl', () => {
  const emu = useEmulator();

  it('answers an openable URL for each provider', async () => {
    const huawei = await getConsoleUrl({
      provider: 'huawei',
      client: {
        baseUrl: emu.current.url,
        auth: {
          kind: 'aksk',
          accessKeyId: 'DEMOAKHUAWEI00000001',
          secretAccessKey: 'demo-huawei-secret',
          projectId: HUAWEI.project,
        },
      },
      serverId: HUAWEI.active,
    });
    const aliyun = await getConsoleUrl({
      provider: 'aliyun',
      client: { baseUrl: emu.current.url, ...ALIYUN },
      regionId: 'cn-hangzhou',
      instanceId: ALIYUN.running,
      isWindows: false,
      page: `${emu.current.url}/aliyun/ecs-console-vnc2/0.0.8/index.html`,
    });
    const hpc = await getConsoleUrl({
      provider: 'hpc',
      client: {
        baseUrl: emu.current.url,
        auth: { kind: 'password', user: 'demo', password: 'demo-password', orgId: 'demo-org' },
      },
    });
    expect(aliyun).toContain(`&instanceId=${ALIYUN.running}&isWindows=false`);
    for (const url of [huawei, aliyun, hpc]) {
      expect(url.startsWith(emu.current.url)).toBe(true);
      const page = await fetch(url);
      expect(page.status, url).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    }
  });
});
