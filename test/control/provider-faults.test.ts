import { createRequire } from 'node:module';
import type * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';

const ecs = createRequire(import.meta.url)('@alicloud/ecs20140526') as (typeof EcsModule)['default'];
const RUNNING = 'i-bp1demorunning000001';

const control = (base: string, path: string, body?: unknown, method = 'POST') =>
  fetch(`${base}/__emulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('fault rules as the official Alibaba SDK meets them', () => {
  const emu = useEmulator();
  const client = (accessKeyId = 'LTAI5tDemoAccessKey00001', secret = 'demo-aliyun-secret') =>
    new ecs.default(
      new $OpenApiUtil.Config({
        accessKeyId,
        accessKeySecret: secret,
        endpoint: `127.0.0.1:${emu.current.port}`,
        protocol: 'http',
      }),
    );
  const vnc = (instanceId = RUNNING, c = client()) =>
    c.describeInstanceVncUrl(new ecs.DescribeInstanceVncUrlRequest({ regionId: 'cn-hangzhou', instanceId }));
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => ({}) as Record<string, unknown>,
      (e: Record<string, unknown>) => e,
    );

  it('Throttling.User twice, then the request goes through', async () => {
    await control(emu.current.url, '/faults', {
      provider: 'aliyun',
      operation: 'DescribeInstanceVncUrl',
      error: 'Throttling.User',
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      expect(await failure(vnc())).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    }
    expect((await vnc()).body?.vncUrl).toBeTruthy();
  });

  it('a connection reset is a network error to the SDK', async () => {
    await control(emu.current.url, '/faults', { provider: 'aliyun', connection: 'reset', times: 1 });
    const error = await failure(vnc());
    expect(String(error.code ?? error.name)).toMatch(/ECONNRESET|RequestError|socket hang up/);
    expect((await vnc()).body?.vncUrl).toBeTruthy();
  });

  it('two clients on different AccessKeys see disjoint instances', async () => {
    const SECOND = { accessKeyId: 'LTAI5tSecondTenantKey001', accessKeySecret: 'second-secret' };
    await control(emu.current.url, `/state/aliyun/accessKeys/${SECOND.accessKeyId}`, SECOND, 'PUT');
    const own = (id: string, owner: string) =>
      control(
        emu.current.url,
        `/state/aliyun/instances/${id}`,
        { instanceName: id, regionId: 'cn-hangzhou', status: 'Running', owner },
        'PUT',
      );
    await own('i-bp1tenantone0000001', 'LTAI5tDemoAccessKey00001');
    await own('i-bp1tenanttwo0000001', SECOND.accessKeyId);
    const names = async (c: ReturnType<typeof client>) => {
      const response = await c.describeInstances(
        new ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceName: 'i-bp1tenant*' }),
      );
      return response.body?.instances?.instance?.map((i) => i.instanceId) ?? [];
    };
    const [first, second] = await Promise.all([
      names(client()),
      names(client(SECOND.accessKeyId, SECOND.accessKeySecret)),
    ]);
    expect(first).toEqual(['i-bp1tenantone0000001']);
    expect(second).toEqual(['i-bp1tenanttwo0000001']);
    expect(await failure(vnc('i-bp1tenanttwo0000001'))).toMatchObject({ code: 'InvalidInstanceId.NotFound' });
  });
});
