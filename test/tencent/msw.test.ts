import { setupServer } from 'msw/node';
import { cvm } from 'tencentcloud-sdk-nodejs-cvm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import { createClock } from '../../emulator/clock.ts';
import { createMswHandlers } from '../../emulator/msw.ts';
import { DEMO, IDS } from './wire.ts';

/**
 * The official Node SDK, unchanged and with its default endpoint (`https://cvm.tencentcloudapi.com`, or a
 * regional host), answered in-process through MSW: no port, no network.
 */

const sdk = (options: { secretId?: string; secretKey?: string; endpoint?: string; region?: string } = {}) =>
  new cvm.v20170312.Client({
    credential: {
      secretId: options.secretId ?? DEMO.secretId,
      secretKey: options.secretKey ?? DEMO.secretKey,
    },
    region: options.region ?? DEMO.region,
    profile: options.endpoint ? { httpProfile: { endpoint: options.endpoint } } : {},
  });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to fail');
}

describe('tencentcloud-sdk-nodejs-cvm against cvm.tencentcloudapi.com through MSW', () => {
  const { handlers, emulator } = createMswHandlers({ scenario: { tencent: tencentDemo } });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('finds demo-running by name', async () => {
    const answer = await sdk().DescribeInstances({
      Filters: [{ Name: 'instance-name', Values: ['demo-running'] }],
    });
    expect(answer.InstanceSet?.map((i) => i.InstanceId)).toEqual([IDS.running]);
  });

  it('gets an InstanceVncUrl on the real host name, journalled with its SecretId', async () => {
    const answer = await sdk().DescribeInstanceVncUrl({ InstanceId: IDS.running });
    expect(decodeURIComponent(answer.InstanceVncUrl as string)).toMatch(
      /^wss:\/\/cvm\.tencentcloudapi\.com\/vnc\?s=[A-Za-z0-9_-]+&password=&isWindows=false&isUbuntu=false$/,
    );
    const last = emulator.journal.list().at(-1);
    expect({ provider: last?.provider, operation: last?.operation, credential: last?.credential }).toEqual({
      provider: 'tencent',
      operation: 'DescribeInstanceVncUrl',
      credential: DEMO.secretId,
    });
  });

  it('answers on a regional host too', async () => {
    const answer = await sdk({
      endpoint: 'cvm.ap-shanghai.tencentcloudapi.com',
      region: 'ap-shanghai',
    }).DescribeInstances({
      InstanceIds: [IDS.shanghai],
    });
    expect(answer.TotalCount).toBe(1);
  });

  it('surfaces a wrong SecretKey, an unknown SecretId and demo-stopped as the service does', async () => {
    expect(
      await codeOf(sdk({ secretKey: 'wrong' }).DescribeInstanceVncUrl({ InstanceId: IDS.running })),
    ).toBe('AuthFailure.SignatureFailure');
    expect(
      await codeOf(
        sdk({ secretId: 'AKIDUNKNOWN00000000000000000000000001' }).DescribeInstanceVncUrl({
          InstanceId: IDS.running,
        }),
      ),
    ).toBe('AuthFailure.SecretIdNotFound');
    expect(await codeOf(sdk().DescribeInstanceVncUrl({ InstanceId: IDS.stopped }))).toBe(
      'UnsupportedOperation.InstanceStateStopped',
    );
  });
});

describe('a stale timestamp through MSW', () => {
  // The emulator's real time six minutes ahead of the SDK's, as for a client with a slow clock.
  const { handlers } = createMswHandlers({
    scenario: { tencent: tencentDemo },
    clock: createClock({ wall: () => Date.now() + 6 * 60_000 }),
  });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('is AuthFailure.SignatureExpire', async () => {
    expect(await codeOf(sdk().DescribeInstanceVncUrl({ InstanceId: IDS.running }))).toBe(
      'AuthFailure.SignatureExpire',
    );
  });
});
