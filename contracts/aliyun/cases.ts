import type { ContractCase } from '../contract.ts';
import { aliyunErrors } from './errors.ts';
import type { AliyunOperationName } from './operations.ts';

/**
 * Alibaba's contract cases, as data: a request, and the answer the contract promises (a success, or one catalogue
 * error). The same list tests the emulator (`test/kit/`) and verifies the real service (`console-emulator
 * verify`). Values in `{braces}` are taken from the account (`contracts/aliyun/account.ts`); a case whose value
 * is not there is skipped. Each documented success is here, and each error a client can provoke with
 * ordinary credentials and resources (not the ones that need a provider-side switch, such as a service outage).
 */

/** How an Alibaba request is signed, and what is wrong with it on purpose. */
export interface AliyunRequest {
  action: string;
  params: Record<string, string>;
  signature: 'v3' | 'v1';
  format?: 'JSON' | 'XML';
  method?: 'GET' | 'POST';
  version?: string;
  tamper?: 'wrong-secret' | 'unknown-key' | 'stale' | 'replay';
}

export type AliyunCase = ContractCase<'aliyun', AliyunRequest, AliyunOperationName>;

const a = aliyunErrors;
const vnc = { RegionId: '{regionId}', InstanceId: '{instances.running}' };
const aliyun = (c: Omit<AliyunCase, 'provider'>): AliyunCase => ({ provider: 'aliyun', ...c });

export const aliyunCases: AliyunCase[] = [
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V3',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V1 JSON, GET',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'running instance, V1 XML, POST',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: vnc,
      signature: 'v1',
      format: 'XML',
      method: 'POST',
    },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'no InstanceId',
    request: { action: 'DescribeInstanceVncUrl', params: { RegionId: '{regionId}' }, signature: 'v3' },
    expect: a.MissingParameter,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'signed with the wrong secret',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'wrong-secret' },
    expect: a.SignatureDoesNotMatch,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown AccessKey',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v3', tamper: 'unknown-key' },
    expect: a['InvalidAccessKeyId.NotFound'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'Timestamp 20 minutes old',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'stale' },
    expect: a['InvalidTimeStamp.Expired'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'nonce used twice',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', tamper: 'replay' },
    expect: a.SignatureNonceUsed,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown Version',
    request: { action: 'DescribeInstanceVncUrl', params: vnc, signature: 'v1', version: '2099-01-01' },
    expect: a.InvalidVersion,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: 'i-doesnotexist0000000' },
      signature: 'v3',
    },
    expect: a['InvalidInstanceId.NotFound'],
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'stopped instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.stopped}' },
      signature: 'v3',
    },
    expect: a.IncorrectInstanceStatus,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'pending instance',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.pending}' },
      signature: 'v3',
    },
    expect: a.InstanceNotReady,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'instance of another region',
    request: {
      action: 'DescribeInstanceVncUrl',
      params: { RegionId: '{regionId}', InstanceId: '{instances.otherRegion}' },
      signature: 'v3',
    },
    expect: a.InvalidRegionInstance,
  }),
  aliyun({
    operation: 'DescribeInstanceVncUrl',
    title: 'unknown action',
    request: { action: 'DescribeNoSuchThing', params: {}, signature: 'v3' },
    expect: a['InvalidAction.NotFound'],
  }),
  aliyun({
    operation: 'ModifyInstanceVncPasswd',
    title: 'password of the wrong form',
    request: {
      action: 'ModifyInstanceVncPasswd',
      params: { ...vnc, VncPassword: 'abcdef' },
      signature: 'v3',
    },
    expect: a['IncorrectVncPassword.Malformed'],
  }),
  aliyun({
    operation: 'DescribeRegions',
    title: 'regions, V3',
    request: { action: 'DescribeRegions', params: {}, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeRegions',
    title: 'regions, V1 XML',
    request: { action: 'DescribeRegions', params: {}, signature: 'v1', format: 'XML' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstances',
    title: 'instances of the region',
    request: { action: 'DescribeInstances', params: { RegionId: '{regionId}' }, signature: 'v3' },
    expect: 'success',
  }),
  aliyun({
    operation: 'DescribeInstances',
    title: 'PageSize not a number',
    request: {
      action: 'DescribeInstances',
      params: { RegionId: '{regionId}', PageSize: 'abc' },
      signature: 'v3',
    },
    expect: a.InvalidParameter,
  }),
];
