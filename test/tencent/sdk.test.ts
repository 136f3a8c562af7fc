import { cvm } from 'tencentcloud-sdk-nodejs-cvm';
import { describe, expect, it } from 'vitest';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import { createClock } from '../../emulator/clock.ts';
import type { TencentModel } from '../../emulator/providers/tencent/model.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, IDS } from './wire.ts';

/**
 * The official Node SDK, unchanged, pointed at the emulator as a new user would
 * (`profile.httpProfile.endpoint` = `127.0.0.1:PORT`, `protocol: "http://"`; docs/providers/tencent.md,
 * "The official SDKs against the emulator"), with each signing method it offers.
 */

const emulator = useEmulator({ scenario: { tencent: tencentDemo } });
const model = () => emulator.current.emulator.state.tencent as TencentModel;

type SignMethod = 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256';

function client(
  port: number,
  options: {
    secretId?: string;
    secretKey?: string;
    signMethod?: SignMethod;
    reqMethod?: 'GET' | 'POST';
  } = {},
) {
  return new cvm.v20170312.Client({
    credential: {
      secretId: options.secretId ?? DEMO.secretId,
      secretKey: options.secretKey ?? DEMO.secretKey,
    },
    region: DEMO.region,
    profile: {
      signMethod: options.signMethod ?? 'TC3-HMAC-SHA256',
      httpProfile: {
        endpoint: `127.0.0.1:${port}`,
        protocol: 'http://',
        reqMethod: options.reqMethod ?? 'POST',
      },
    },
  });
}

/** What the SDK's `TencentCloudSDKHttpException` carries that the tests look at. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; requestId?: string; httpCode?: number }> {
  try {
    await promise;
  } catch (error) {
    const { code, requestId, httpCode } = error as { code?: string; requestId?: string; httpCode?: number };
    return { code, requestId, httpCode };
  }
  throw new Error('expected the call to fail');
}

describe.each([
  ['TC3-HMAC-SHA256', 'POST'],
  ['TC3-HMAC-SHA256', 'GET'],
  ['HmacSHA256', 'POST'],
  ['HmacSHA1', 'GET'],
] as const)('tencentcloud-sdk-nodejs-cvm signing %s with %s', (signMethod, reqMethod) => {
  const sdk = (options: { secretId?: string; secretKey?: string } = {}) =>
    client(emulator.current.port, { signMethod, reqMethod, ...options });

  it('finds demo-running by name with DescribeInstances', async () => {
    const answer = await sdk().DescribeInstances({
      Filters: [{ Name: 'instance-name', Values: ['demo-running'] }],
    });
    expect(answer.TotalCount).toBe(1);
    expect(answer.InstanceSet?.map((i) => [i.InstanceId, i.InstanceState])).toEqual([
      [IDS.running, 'RUNNING'],
    ]);
    expect(answer.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const entry = emulator.current.emulator.journal.list().at(-1);
    expect({ operation: entry?.operation, credential: entry?.credential, ok: entry?.verdict.ok }).toEqual({
      operation: 'DescribeInstances',
      credential: DEMO.secretId,
      ok: true,
    });
  });

  it('gets an InstanceVncUrl for demo-running, percent-encoded once', async () => {
    const answer = await sdk().DescribeInstanceVncUrl({ InstanceId: IDS.running });
    const url = new URL(decodeURIComponent(answer.InstanceVncUrl as string));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`ws://127.0.0.1:${emulator.current.port}/vnc`);
    expect([...url.searchParams.keys()]).toEqual(['s', 'password', 'isWindows', 'isUbuntu']);
    expect(model().vncTickets.get(url.searchParams.get('s') as string)?.instanceId).toBe(IDS.running);
  });

  it('surfaces a wrong SecretKey as AuthFailure.SignatureFailure', async () => {
    const error = await failure(
      sdk({ secretKey: 'wrong-secret' }).DescribeInstanceVncUrl({ InstanceId: IDS.running }),
    );
    expect(error.code).toBe('AuthFailure.SignatureFailure');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('surfaces an unknown SecretId as AuthFailure.SecretIdNotFound', async () => {
    const error = await failure(
      sdk({ secretId: 'AKIDUNKNOWN00000000000000000000000001' }).DescribeInstanceVncUrl({
        InstanceId: IDS.running,
      }),
    );
    expect(error.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('surfaces demo-stopped as UnsupportedOperation.InstanceStateStopped', async () => {
    const error = await failure(sdk().DescribeInstanceVncUrl({ InstanceId: IDS.stopped }));
    expect(error.code).toBe('UnsupportedOperation.InstanceStateStopped');
  });

  it('lists the regions', async () => {
    const answer = await sdk().DescribeRegions();
    expect(answer.RegionSet?.map((r) => r.Region)).toEqual(['ap-guangzhou', 'ap-shanghai']);
  });
});

describe('a client whose clock is six minutes behind', () => {
  // The emulator's real time runs ahead of the SDK's, as a server's does for a client with a slow clock.
  const ahead = useEmulator({
    scenario: { tencent: tencentDemo },
    clock: createClock({ wall: () => Date.now() + 6 * 60_000 }),
  });

  it.each(['TC3-HMAC-SHA256', 'HmacSHA256'] as const)(
    'is AuthFailure.SignatureExpire with %s',
    async (signMethod) => {
      const error = await failure(
        client(ahead.current.port, { signMethod }).DescribeInstanceVncUrl({ InstanceId: IDS.running }),
      );
      expect(error.code).toBe('AuthFailure.SignatureExpire');
    },
  );
});
