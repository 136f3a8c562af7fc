// Written as an outside project would: only the package's public entry points, the official SDK unchanged.
import { createRequire } from 'node:module';
import type * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { createMswHandlers } from 'console-emulator/msw';
import { useConsoleEmulator } from 'console-emulator/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// CommonJS with `exports.default = Client`: required as CommonJS, its types and runtime agree.
const ecs = createRequire(import.meta.url)('@alicloud/ecs20140526') as (typeof EcsModule)['default'];

async function vncUrl(endpoint: string, protocol: 'http' | 'https'): Promise<string> {
  const client = new ecs.default(
    new $OpenApiUtil.Config({
      accessKeyId: 'LTAI5tDemoAccessKey00001',
      accessKeySecret: 'demo-aliyun-secret',
      endpoint,
      protocol,
    }),
  );
  const response = await client.describeInstanceVncUrl(
    new ecs.DescribeInstanceVncUrlRequest({ regionId: 'cn-hangzhou', instanceId: 'i-bp1demorunning000001' }),
  );
  return response.body?.vncUrl as string;
}

const journalOf = (
  entries: Array<{ provider: string; operation: string; status: number; credential?: string }>,
) =>
  entries.map(({ provider, operation, status, credential }) => ({ provider, operation, status, credential }));

const EXPECTED = [
  {
    provider: 'aliyun',
    operation: 'DescribeInstanceVncUrl',
    status: 200,
    credential: 'LTAI5tDemoAccessKey00001',
  },
];

describe('Alibaba SDK against ecs.aliyuncs.com, in-process through MSW', () => {
  const { handlers, emulator } = createMswHandlers();
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('gets a VncUrl without a port', async () => {
    const url = decodeURIComponent(await vncUrl('ecs.aliyuncs.com', 'https'));
    expect(url).toMatch(/^wss:\/\/ecs\.aliyuncs\.com\/websockify\/\?s=/);
    expect(journalOf(emulator.journal.list())).toEqual(EXPECTED);
  });
});

describe('the same test body against the HTTP emulator', () => {
  const emu = useConsoleEmulator();

  it('gives the same journal', async () => {
    await vncUrl(`127.0.0.1:${emu.current.port}`, 'http');
    expect(journalOf(emu.current.emulator.journal.list())).toEqual(EXPECTED);
  });
});
