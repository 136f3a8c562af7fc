// Written as an outside project would: only the package's public entry points, the official SDK unchanged.
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  EcsClient,
  GetServerRemoteConsoleOption,
  ShowServerRemoteConsoleRequest,
  ShowServerRemoteConsoleRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { createMswHandlers } from 'console-emulator/msw';
import { useConsoleEmulator } from 'console-emulator/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT = '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d';
const DEMO_ACTIVE = '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61';

async function consoleUrl(endpoint: string): Promise<string> {
  const client = EcsClient.newBuilder()
    .withCredential(
      new BasicCredentials()
        .withAk('DEMOAKHUAWEI00000001')
        .withSk('demo-huawei-secret')
        .withProjectId(PROJECT),
    )
    .withEndpoint(endpoint)
    .build();
  const request = new ShowServerRemoteConsoleRequest()
    .withServerId(DEMO_ACTIVE)
    .withBody(
      new ShowServerRemoteConsoleRequestBody().withRemoteConsole(
        new GetServerRemoteConsoleOption().withProtocol('vnc').withType('novnc'),
      ),
    );
  // The SDK resolves with the parsed JSON (wire names).
  const response = (await client.showServerRemoteConsole(request)) as unknown as {
    remote_console: { url: string };
  };
  return response.remote_console.url;
}

const journalOf = (
  entries: Array<{ provider: string; operation: string; status: number; credential?: string }>,
) =>
  entries.map(({ provider, operation, status, credential }) => ({ provider, operation, status, credential }));

describe('Huawei SDK against the real hostname, in-process through MSW', () => {
  const { handlers, emulator } = createMswHandlers();
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('gets a console URL from ecs.cn-north-4.myhuaweicloud.com without a port', async () => {
    const url = await consoleUrl('https://ecs.cn-north-4.myhuaweicloud.com');
    expect(url).toMatch(
      /^https:\/\/ecs\.cn-north-4\.myhuaweicloud\.com\/vnc_auto\.html\?token=[0-9a-f-]{36}&lang=EN&tLength=70$/,
    );
    expect(journalOf(emulator.journal.list())).toEqual([
      {
        provider: 'huawei',
        operation: 'showServerRemoteConsole',
        status: 200,
        credential: 'DEMOAKHUAWEI00000001',
      },
    ]);
  });

  it('reaches the control API through the same object', async () => {
    const response = await fetch('http://console-emulator.test/__emulator/clock/advance', {
      method: 'POST',
      body: JSON.stringify({ by: '11m' }),
    });
    expect(response.status).toBe(200);
  });
});

describe('the same test body against the HTTP emulator', () => {
  const emu = useConsoleEmulator();

  it('gives the same journal', async () => {
    await consoleUrl(emu.current.url);
    expect(journalOf(emu.current.emulator.journal.list())).toEqual([
      {
        provider: 'huawei',
        operation: 'showServerRemoteConsole',
        status: 200,
        credential: 'DEMOAKHUAWEI00000001',
      },
    ]);
  });
});
