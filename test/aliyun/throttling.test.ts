import { describe, expect, it } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import { useEmulator } from '../helpers.ts';
import { callV1, expectError, IDS } from './rpc.ts';

/** The gateway's three throttling codes (docs/providers/aliyun.md §2.2), each with a wait openapi-core reads. */

const VNC = { Action: 'DescribeInstanceVncUrl', RegionId: 'cn-hangzhou', InstanceId: IDS.running };
const THROTTLING = [
  ['Throttling.User', 'Request was denied due to user flow control.'],
  ['Throttling.Api', 'Request was denied due to api flow control.'],
  [
    'Throttling',
    'You have made too many requests within a short time; your request is denied due to request throttling.',
  ],
] as const;

describe('throttling codes as fault rules', () => {
  const emulator = useEmulator();

  it.each(THROTTLING)('%s: 400, its text and x-acs-retry-after', async (code, message) => {
    emulator.current.emulator.faults.add({
      provider: 'aliyun',
      operation: 'DescribeInstanceVncUrl',
      error: code,
      times: 1,
    });
    const response = await callV1(emulator.current, VNC);
    expect(response.headers.get('x-acs-retry-after')).toBe('1000');
    await expectError(response, { status: 400, code, message });
    expect((await callV1(emulator.current, VNC)).status).toBe(200);
  });
});

describe.each(THROTTLING)('settings.throttling.code %s', (code, message) => {
  const emulator = useEmulator({
    scenario: { aliyun: { ...aliyunDemo, settings: { throttling: { requests: 1, perSeconds: 2, code } } } },
  });

  it('answers a call over the limit with that code and the wait left in the window', async () => {
    const clock = emulator.current.emulator.clock;
    clock.freeze();
    try {
      expect((await callV1(emulator.current, VNC)).status).toBe(200);
      const response = await callV1(emulator.current, VNC);
      expect(response.headers.get('x-acs-retry-after')).toBe('2000');
      await expectError(response, { status: 400, code, message });
    } finally {
      clock.resume();
    }
  });
});

describe('openapi/aliyun.json', () => {
  const emulator = useEmulator();

  it('gives every RPC action as GET and POST, with x-acs-request-id on every answer and x-acs-retry-after on 400', async () => {
    const doc = (await (await fetch(`${emulator.current.url}/openapi/aliyun.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; responses: Record<string, { headers?: Record<string, unknown> }> }
        >
      >;
    };
    const actions = Object.keys(doc.paths);
    expect(actions).toContain('/?Action=DescribeInstanceVncUrl');
    for (const action of actions) {
      const item = doc.paths[action] ?? {};
      expect(Object.keys(item).sort()).toEqual(['get', 'post']);
      for (const operation of Object.values(item)) {
        for (const answer of Object.values(operation.responses)) {
          expect(Object.keys(answer.headers ?? {})).toContain('x-acs-request-id');
        }
        expect(Object.keys(operation.responses['400']?.headers ?? {})).toContain('x-acs-retry-after');
      }
    }
    expect(doc.paths['/?Action=DescribeInstanceVncUrl']?.get?.operationId).toBe('DescribeInstanceVncUrlGet');
  });
});
