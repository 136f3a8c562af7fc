import type { ContractCase } from '../contract.ts';
import { tencentErrors } from './errors.ts';
import type { TencentOperationName } from './operations.ts';

/**
 * Tencent's contract cases, as data: a request, and the answer the contract promises (a success, or one catalogue
 * error). The same list tests the emulator (`test/kit/`) and verifies the real service (`console-emulator
 * verify`). Values in `{braces}` are taken from the account (`contracts/tencent/account.ts`); a case whose value
 * is not there is skipped. Each documented success is here, and each error a client can provoke with ordinary
 * credentials and resources.
 */

/** How a Tencent request is signed and sent, and what is wrong with it on purpose. */
export interface TencentRequest {
  action: string;
  /** The action's parameters: the JSON body of a TC3 POST, flattened into the query or form otherwise. */
  params: Record<string, unknown>;
  signMethod: 'TC3-HMAC-SHA256' | 'HmacSHA1' | 'HmacSHA256';
  method?: 'GET' | 'POST';
  /** `{region}` (the account's) unless given. */
  region?: string;
  version?: string;
  tamper?: 'wrong-secret' | 'unknown-key' | 'stale';
}

export type TencentCase = ContractCase<'tencent', TencentRequest, TencentOperationName>;

const t = tencentErrors;
const TC3 = 'TC3-HMAC-SHA256';
const running = { InstanceId: '{instances.running}' };
const tencent = (c: Omit<TencentCase, 'provider'>): TencentCase => ({ provider: 'tencent', ...c });
const vnc = (title: string, request: Partial<TencentRequest>, expect: TencentCase['expect']): TencentCase =>
  tencent({
    operation: 'DescribeInstanceVncUrl',
    title,
    request: { action: 'DescribeInstanceVncUrl', params: running, signMethod: TC3, ...request },
    expect,
  });

export const tencentCases: TencentCase[] = [
  vnc('running instance, TC3, POST', {}, 'success'),
  vnc('running instance, TC3, GET', { method: 'GET' }, 'success'),
  vnc('running instance, HmacSHA256, POST', { signMethod: 'HmacSHA256', method: 'POST' }, 'success'),
  vnc('running instance, HmacSHA1, GET', { signMethod: 'HmacSHA1', method: 'GET' }, 'success'),
  vnc('no InstanceId', { params: {} }, t.MissingParameter),
  vnc('InstanceId not a string', { params: { InstanceId: 42 } }, t.InvalidParameter),
  vnc('an unknown parameter', { params: { ...running, Force: true } }, t.UnknownParameter),
  vnc('signed with the wrong secret', { tamper: 'wrong-secret' }, t.SignatureFailure),
  vnc('unknown SecretId', { tamper: 'unknown-key' }, t.SecretIdNotFound),
  vnc('timestamp 10 minutes old', { tamper: 'stale' }, t.SignatureExpire),
  vnc('legacy timestamp 10 minutes old', { signMethod: 'HmacSHA256', tamper: 'stale' }, t.SignatureExpire),
  vnc('unknown Version', { version: '2099-01-01' }, t.NoSuchVersion),
  vnc('unknown region', { region: 'xx-nowhere-1' }, t.UnsupportedRegion),
  vnc('unknown instance', { params: { InstanceId: 'ins-zz000000' } }, t['InvalidInstanceId.NotFound']),
  vnc(
    'instance of another region',
    { params: { InstanceId: '{instances.otherRegion}' } },
    t['InvalidInstanceId.NotFound'],
  ),
  vnc(
    'an ins- id of the wrong length',
    { params: { InstanceId: 'ins-1122' } },
    t['InvalidInstanceId.Malformed'],
  ),
  vnc(
    'an id not of the ins- form',
    { params: { InstanceId: 'i-bp1demo' } },
    t['InvalidParameterValue.InstanceIdMalformed'],
  ),
  vnc('stopped instance', { params: { InstanceId: '{instances.stopped}' } }, t.InstanceStateStopped),
  vnc('pending instance', { params: { InstanceId: '{instances.pending}' } }, t.InstanceStatePending),
  vnc('unknown action', { action: 'DescribeNoSuchThing', params: {} }, t.InvalidAction),
  tencent({
    operation: 'DescribeInstances',
    title: 'instances of the region',
    request: { action: 'DescribeInstances', params: {}, signMethod: TC3 },
    expect: 'success',
  }),
  tencent({
    operation: 'DescribeInstances',
    title: 'the running instance by id, GET',
    request: {
      action: 'DescribeInstances',
      params: { InstanceIds: ['{instances.running}'] },
      signMethod: TC3,
      method: 'GET',
    },
    expect: 'success',
  }),
  tencent({
    operation: 'DescribeInstances',
    title: 'Limit over 100',
    request: { action: 'DescribeInstances', params: { Limit: 101 }, signMethod: TC3 },
    expect: t['InvalidParameterValue.LimitExceeded'],
  }),
  tencent({
    operation: 'DescribeInstances',
    title: 'a filter CVM does not know',
    request: {
      action: 'DescribeInstances',
      params: { Filters: [{ Name: 'colour', Values: ['red'] }] },
      signMethod: TC3,
    },
    expect: t.InvalidFilter,
  }),
  tencent({
    operation: 'DescribeRegions',
    title: 'regions, TC3',
    request: { action: 'DescribeRegions', params: {}, signMethod: TC3 },
    expect: 'success',
  }),
  tencent({
    operation: 'DescribeRegions',
    title: 'regions, HmacSHA1, GET',
    request: { action: 'DescribeRegions', params: {}, signMethod: 'HmacSHA1', method: 'GET' },
    expect: 'success',
  }),
];
