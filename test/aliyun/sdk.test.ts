import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import RPCClient from '@alicloud/pop-core';
import { describe, expect, it } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import { describeInstanceVncUrlResponse } from '../../contracts/aliyun/schemas.ts';
import type { AliyunModel } from '../../emulator/providers/aliyun/model.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, encodeParams, IDS, v1Params, XML_TYPE, xmlField } from './rpc.ts';

/**
 * The official SDKs, unchanged, pointed at the emulator as a new user would (docs/providers/aliyun.md §5): each gets a
 * VncUrl for demo-running, and sees a wrong secret, a stopped instance and a replayed request as the
 * real service's errors.
 */

// `@alicloud/ecs20140526` is CommonJS with `exports.default = Client`. Required as CommonJS its types and
// runtime agree; an ESM default import is the module object for TypeScript (NodeNext) but the class at runtime.
const ecs = createRequire(import.meta.url)('@alicloud/ecs20140526') as (typeof EcsModule)['default'];

const emulator = useEmulator({ scenario: { aliyun: aliyunDemo } });
const model = () => emulator.current.emulator.state.aliyun as AliyunModel;

/** What an SDK error carries that the tests look at (both SDKs put `code` on the error). */
interface SdkError {
  code?: string;
  statusCode?: number;
  retryAfter?: number;
  data?: { Code?: string };
  entry?: { response?: { statusCode?: number } };
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

/** The live token a VncUrl carries, as the console will look it up. */
function expectLiveToken(vncUrl: string): void {
  const url = new URL(decodeURIComponent(vncUrl));
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
    `ws://127.0.0.1:${emulator.current.port}/websockify/`,
  );
  expect(model().vncTokens.get(url.searchParams.get('s') as string)?.instanceId).toBe(IDS.running);
}

describe.each([
  ['default V3 signing (ACS3-HMAC-SHA256)', undefined],
  ["signatureAlgorithm 'v2' (V1 HMAC-SHA1)", 'v2'],
])('@alicloud/ecs20140526 with %s', (_name, signatureAlgorithm) => {
  const client = (options: { secret?: string; nonce?: string } = {}) =>
    new ecs.default(
      new $OpenApiUtil.Config({
        accessKeyId: DEMO.accessKeyId,
        accessKeySecret: options.secret ?? DEMO.accessKeySecret,
        endpoint: `127.0.0.1:${emulator.current.port}`,
        protocol: 'http',
        ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
        // A fixed nonce, where each scheme carries it, to replay a request (the SDK draws a fresh one otherwise).
        ...(options.nonce
          ? {
              globalParameters: new $OpenApiUtil.GlobalParameters(
                signatureAlgorithm
                  ? { queries: { SignatureNonce: options.nonce } }
                  : { headers: { 'x-acs-signature-nonce': options.nonce } },
              ),
            }
          : {}),
      }),
    );
  const vncRequest = (instanceId: string) =>
    new ecs.DescribeInstanceVncUrlRequest({ regionId: 'cn-hangzhou', instanceId });

  it('gets a VncUrl for demo-running', async () => {
    const response = await client().describeInstanceVncUrl(vncRequest(IDS.running));
    expect(response.statusCode).toBe(200);
    expect(response.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expectLiveToken(response.body?.vncUrl as string);
  });

  it('surfaces a wrong secret as SignatureDoesNotMatch', async () => {
    const error = await failure(
      client({ secret: 'wrong-secret' }).describeInstanceVncUrl(vncRequest(IDS.running)),
    );
    expect({ code: error.code, statusCode: error.statusCode }).toEqual({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
  });

  it('surfaces demo-stopped as IncorrectInstanceStatus with status 403', async () => {
    const error = await failure(client().describeInstanceVncUrl(vncRequest(IDS.stopped)));
    expect({ code: error.code, statusCode: error.statusCode }).toEqual({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
  });

  it('surfaces a replayed request as SignatureNonceUsed', async () => {
    const replaying = client({ nonce: randomUUID() });
    await replaying.describeInstanceVncUrl(vncRequest(IDS.running));
    const error = await failure(replaying.describeInstanceVncUrl(vncRequest(IDS.running)));
    expect({ code: error.code, statusCode: error.statusCode }).toEqual({
      code: 'SignatureNonceUsed',
      statusCode: 400,
    });
  });

  it('lists instances and sets a VNC password', async () => {
    const listed = await client().describeInstances(
      new ecs.DescribeInstancesRequest({
        regionId: 'cn-hangzhou',
        instanceName: 'demo-*',
        status: 'Running',
      }),
    );
    expect(listed.body?.instances?.instance?.map((i) => i.instanceName)).toEqual([
      'demo-running',
      'demo-windows',
    ]);
    const regions = await client().describeRegions(new ecs.DescribeRegionsRequest({}));
    expect(regions.body?.regions?.region?.map((r) => r.regionId)).toEqual(['cn-hangzhou', 'cn-qingdao']);
    await client().modifyInstanceVncPasswd(
      new ecs.ModifyInstanceVncPasswdRequest({
        regionId: 'cn-hangzhou',
        instanceId: IDS.running,
        vncPassword: 'Sdk123',
      }),
    );
    expect(model().instances.get(IDS.running)?.vncPassword).toBe('Sdk123');
  });
});

describe.each(['GET', 'POST'])('@alicloud/pop-core with %s', (method) => {
  const client = (secret = DEMO.accessKeySecret) =>
    new RPCClient({
      accessKeyId: DEMO.accessKeyId,
      accessKeySecret: secret,
      endpoint: emulator.current.url,
      apiVersion: '2014-05-26',
    });
  const vnc = (c: RPCClient, instanceId: string, extra: Record<string, string> = {}) =>
    c.request(
      'DescribeInstanceVncUrl',
      { RegionId: 'cn-hangzhou', InstanceId: instanceId, ...extra },
      { method },
    );

  it('gets a VncUrl for demo-running', async () => {
    const body = describeInstanceVncUrlResponse.parse(await vnc(client(), IDS.running));
    expectLiveToken(body.VncUrl);
  });

  it('surfaces a wrong secret as SignatureDoesNotMatch', async () => {
    const error = await failure(vnc(client('wrong-secret'), IDS.running));
    expect({ code: error.code, statusCode: error.entry?.response?.statusCode }).toEqual({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
  });

  it('surfaces demo-stopped as IncorrectInstanceStatus with status 403', async () => {
    const error = await failure(vnc(client(), IDS.stopped));
    expect({ code: error.code, statusCode: error.entry?.response?.statusCode }).toEqual({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
  });

  it('surfaces a replayed request as SignatureNonceUsed', async () => {
    const nonce = { SignatureNonce: randomUUID() };
    await vnc(client(), IDS.running, nonce);
    const error = await failure(vnc(client(), IDS.running, nonce));
    expect({ code: error.code, statusCode: error.entry?.response?.statusCode }).toEqual({
      code: 'SignatureNonceUsed',
      statusCode: 400,
    });
  });
});

describe('openapi-core flow control', () => {
  const throttled = useEmulator({
    scenario: { aliyun: { ...aliyunDemo, settings: { throttling: { requests: 1, perSeconds: 60 } } } },
  });

  it('surfaces Throttling.User as a ThrottlingError with retryAfter from x-acs-retry-after', async () => {
    const client = new ecs.default(
      new $OpenApiUtil.Config({
        ...DEMO,
        endpoint: `127.0.0.1:${throttled.current.port}`,
        protocol: 'http',
      }),
    );
    const request = new ecs.DescribeRegionsRequest({});
    await client.describeRegions(request);
    const error = await failure(client.describeRegions(request));
    expect(error.code).toBe('Throttling.User');
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.retryAfter).toBeLessThanOrEqual(60_000);
  });
});

describe('curl', () => {
  it('gets the XML body for a V1-signed query without Format', async () => {
    const params = v1Params(emulator.current, {
      Action: 'DescribeInstanceVncUrl',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.running,
      Format: undefined,
    });
    const { stdout } = await promisify(execFile)('curl', [
      '--silent',
      '--show-error',
      '--noproxy',
      '*',
      '--write-out',
      '\n%{http_code} %{content_type}',
      `${emulator.current.url}/?${encodeParams(params)}`,
    ]);
    const [body = '', status] = stdout.split('\n');
    expect(status).toBe(`200 ${XML_TYPE}`);
    expect(body).toMatch(
      /^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeInstanceVncUrlResponse><RequestId>/,
    );
    expectLiveToken(xmlField(body, 'VncUrl') as string);
  });
});
