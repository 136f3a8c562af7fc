import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  EcsClient,
  GetServerRemoteConsoleOption,
  ShowServerRemoteConsoleRequest,
  ShowServerRemoteConsoleRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatAcsTimestamp } from '../../contracts/aliyun/signer.ts';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { callV1, DEMO, IDS } from '../aliyun/rpc.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo } from '../huawei/support.ts';

/**
 * A request's own freshness (Alibaba's `Timestamp` / `x-acs-date` and nonce, Huawei's `X-Sdk-Date`) is judged
 * on real time, the time the client signed with; what the emulator issues ages on its own clock. So the
 * official SDKs keep working however a test moves the emulator clock, and a request signed 20 minutes ago is
 * still stale (docs/control-plane.md, "What the clock moves").
 */
const ecs = createRequire(import.meta.url)('@alicloud/ecs20140526') as (typeof EcsModule)['default'];
const emulator = useEmulator();

beforeAll(() => {
  // The Huawei SDK writes ~/.huaweicloud/application_id when a client is built: keep it out of the real home.
  process.env.HOME = mkdtempSync(join(tmpdir(), 'huawei-sdk-home-'));
});
afterEach(() => {
  emulator.current.emulator.clock.reset();
});

const aliyunV3 = () =>
  new ecs.default(
    new $OpenApiUtil.Config({
      accessKeyId: DEMO.accessKeyId,
      accessKeySecret: DEMO.accessKeySecret,
      endpoint: `127.0.0.1:${emulator.current.port}`,
      protocol: 'http',
    }),
  ).describeInstanceVncUrl(
    new ecs.DescribeInstanceVncUrlRequest({ regionId: 'cn-hangzhou', instanceId: IDS.running }),
  );

const aliyunV1 = () =>
  new RPCClient({
    accessKeyId: DEMO.accessKeyId,
    accessKeySecret: DEMO.accessKeySecret,
    endpoint: `http://127.0.0.1:${emulator.current.port}`,
    apiVersion: '2014-05-26',
  }).request(
    'DescribeInstanceVncUrl',
    { RegionId: 'cn-hangzhou', InstanceId: IDS.running },
    { method: 'POST' },
  );

const huaweiAkSk = () => {
  const credentials = new BasicCredentials()
    .withAk(demo.accessKeyId)
    .withSk(demo.secretAccessKey)
    .withProjectId(demo.projectId);
  const client = EcsClient.newBuilder()
    .withCredential(credentials)
    .withEndpoint(emulator.current.url)
    .build();
  const option = new GetServerRemoteConsoleOption().withProtocol('vnc').withType('novnc');
  return client.showServerRemoteConsole(
    new ShowServerRemoteConsoleRequest()
      .withServerId(demo.active)
      .withBody(new ShowServerRemoteConsoleRequestBody().withRemoteConsole(option)),
  );
};

/** Each official client's console URL, read from its own answer. */
async function consoleUrls(): Promise<string[]> {
  const v3 = await aliyunV3();
  const v1 = (await aliyunV1()) as { VncUrl: string };
  const huawei = (await huaweiAkSk()) as unknown as { remote_console: { url: string } };
  return [v3.body?.vncUrl ?? '', v1.VncUrl, huawei.remote_console.url];
}

describe('signed calls and the emulator clock', () => {
  it.each([
    ['advanced by an hour', (c: { advance(by: string): number }) => c.advance('1h')],
    [
      'set a day ahead',
      (c: { set(at: number): number; realNow(): number }) => c.set(c.realNow() + 86_400_000),
    ],
    ['frozen', (c: { freeze(): number }) => c.freeze()],
    [
      'set a day ahead and frozen',
      (c: { set(at: number): number; realNow(): number; freeze(): number }) => {
        c.set(c.realNow() + 86_400_000);
        return c.freeze();
      },
    ],
  ])('with the clock %s, the official SDKs still get console URLs', async (_how, move) => {
    move(emulator.current.emulator.clock as never);
    const urls = await consoleUrls();
    expect(urls.every((url) => url.length > 0)).toBe(true);
  });

  it('console URLs still expire on the emulator clock', async () => {
    const v1 = (await aliyunV1()) as { VncUrl: string };
    const token = new URL(decodeURIComponent(v1.VncUrl)).searchParams.get('s') as string;
    const model = emulator.current.emulator.state.aliyun;
    expect(model?.vncTokens.get(token)).toBeDefined();
    emulator.current.emulator.clock.advance('16s');
    expect(model?.vncTokens.get(token)).toBeUndefined();
  });
});

describe('a request dated 20 minutes in the past', () => {
  const stale = () => emulator.current.emulator.clock.realNow() - 20 * 60_000;

  it('is InvalidTimeStamp.Expired on Alibaba, even with the emulator clock set back to its date', async () => {
    emulator.current.emulator.clock.set(stale());
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstanceVncUrl',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.running,
      Timestamp: formatAcsTimestamp(stale()),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      Code: 'InvalidTimeStamp.Expired',
      Message: 'Specified time stamp or date value is expired.',
    });
  });

  it('is APIGW.0301 on Huawei, the answer Huawei documents for an X-Sdk-Date out of its 15 minutes', async () => {
    emulator.current.emulator.clock.set(stale());
    const url = `${emulator.current.url}${consolesPath(demo.active).replace('/v2.1/', '/v1/').replace('servers', 'cloudservers').replace('remote-consoles', 'remote_console')}`;
    const body = JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } });
    const headers = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': demo.projectId },
        body,
      },
      { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
      stale(),
    );
    const response = await fetch(url, { method: 'POST', headers, body });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
    });
  });
});
