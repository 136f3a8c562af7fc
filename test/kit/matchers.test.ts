import { describe, expect, it } from 'vitest';
import { AliyunClient } from '../../client/aliyun.ts';
import '../../kit/vitest.ts';
import { useEmulator } from '../helpers.ts';

const ALIYUN = { accessKeyId: 'LTAI5tDemoAccessKey00001', accessKeySecret: 'demo-aliyun-secret' };

describe('expect(response).toMatchContract(id)', () => {
  const emu = useEmulator();
  const call = (instanceId: string, options: { format?: 'JSON' | 'XML' } = {}) =>
    new AliyunClient({ baseUrl: emu.current.url, ...ALIYUN, signature: 'v1', ...options }).send(
      'DescribeInstanceVncUrl',
      { RegionId: 'cn-hangzhou', InstanceId: instanceId },
    );

  it('passes a success and a documented error, JSON or XML', async () => {
    await expect(await call('i-bp1demorunning000001')).toMatchContract('aliyun.DescribeInstanceVncUrl');
    await expect(await call('i-bp1demorunning000001', { format: 'XML' })).toMatchContract(
      'aliyun.DescribeInstanceVncUrl',
      'success',
    );
    await expect(await call('i-bp1demostopped000003', { format: 'XML' })).toMatchContract(
      'aliyun.DescribeInstanceVncUrl',
      'IncorrectInstanceStatus',
    );
  });

  it('fails an answer of the wrong shape, naming the field', async () => {
    const wrong = { status: 200, body: { RequestId: 'not-an-id', VncUrl: 'x' } };
    await expect(expect(wrong).toMatchContract('aliyun.DescribeInstanceVncUrl')).rejects.toThrow(
      /expected an answer it documents of aliyun\.DescribeInstanceVncUrl, got 200 .*\n {2}- DescribeInstanceVncUrlResponse: RequestId: Invalid string/,
    );
  });

  it('fails an error the operation does not document, and a different error than asked', async () => {
    const foreign = {
      status: 409,
      body: { conflictingRequest: { code: 409, message: 'Instance x is not ready' } },
    };
    await expect(expect(foreign).toMatchContract('huawei.showServerRemoteConsole')).rejects.toThrow(
      'not an error huawei.showServerRemoteConsole documents',
    );
    await expect(
      expect(await call('i-bp1demostopped000003')).toMatchContract(
        'aliyun.DescribeInstanceVncUrl',
        'InstanceNotReady',
      ),
    ).rejects.toThrow('not InstanceNotReady');
  });

  it('reads HPC’s business errors in HTTP 200 answers', async () => {
    const answer = { status: 200, body: { code: '10008', msg: '权限不足', data: null } };
    await expect(answer).toMatchContract('hpc.getVncLaunchUrl', 'PermissionDenied');
    await expect(expect(answer).toMatchContract('hpc.getVncLaunchUrl', 'success')).rejects.toThrow(
      'an error, not a success',
    );
  });

  it('names the known ids when given an unknown one', async () => {
    await expect(expect({ status: 200, body: {} }).toMatchContract('aliyun.Nope')).rejects.toThrow(
      /no operation "aliyun\.Nope"; known: huawei\.listVersions, /,
    );
  });
});
