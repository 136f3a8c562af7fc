import { afterEach, describe, expect, it, vi } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import type { AliyunScenarioInput } from '../../contracts/aliyun/scenario.ts';
import {
  formatAcsTimestamp,
  signV3,
  v1StringToSign,
  v3CanonicalRequest,
  v3StringToSign,
} from '../../contracts/aliyun/signer.ts';
import { createClock } from '../../emulator/clock.ts';
import type { AliyunModel } from '../../emulator/providers/aliyun/model.ts';
import { useEmulator } from '../helpers.ts';
import { callV1, callV3, DEMO, expectError, IDS, sendV1, v1Params, XML_TYPE } from './rpc.ts';

/** The RPC gateway in front of every ECS operation: one case per row of the §2.2 table in docs/providers/aliyun.md. */

const VNC = { Action: 'DescribeInstanceVncUrl', RegionId: 'cn-hangzhou', InstanceId: IDS.running };
const INACTIVE = { accessKeyId: 'LTAI5tInactiveKey0000002', accessKeySecret: 'inactive-secret' };
const READ_ONLY = { accessKeyId: 'LTAI5tRegionsOnlyKey0003', accessKeySecret: 'regions-secret' };
const scenario: AliyunScenarioInput = {
  ...aliyunDemo,
  accessKeys: [
    ...aliyunDemo.accessKeys,
    { ...INACTIVE, status: 'Inactive' },
    { ...READ_ONLY, allowedActions: ['DescribeRegions'] },
  ],
};

const emulator = useEmulator({ scenario: { aliyun: scenario }, maxBodyBytes: 4096 });
const model = () => emulator.current.emulator.state.aliyun as AliyunModel;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('routing on the shared listener', () => {
  it('claims / with an Action and answers with a RequestId header', async () => {
    const response = await callV1(emulator.current, VNC);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-acs-request-id')).toMatch(/^[0-9A-F-]{36}$/);
    expect(emulator.current.emulator.journal.last()).toMatchObject({
      provider: 'aliyun',
      operation: 'DescribeInstanceVncUrl',
      credential: DEMO.accessKeyId,
      status: 200,
    });
  });

  it('records the error code in the journal', async () => {
    await callV1(emulator.current, { ...VNC, InstanceId: IDS.stopped });
    expect(emulator.current.emulator.journal.last()).toMatchObject({
      provider: 'aliyun',
      status: 403,
      code: 'IncorrectInstanceStatus',
    });
  });
});

describe('Missing{Param}', () => {
  it.each([
    'Action',
    'Version',
    'AccessKeyId',
    'Signature',
    'SignatureMethod',
    'SignatureVersion',
    'SignatureNonce',
    'Timestamp',
  ])('answers Missing%s when the common parameter is absent', async (param) => {
    const params = v1Params(emulator.current, VNC);
    delete params[param];
    await expectError(await sendV1(emulator.current, params), {
      status: 400,
      code: `Missing${param}`,
      message: `${param} is mandatory for this action.`,
    });
  });

  it('answers MissingAction for a V3 call without x-acs-action', async () => {
    const response = await callV3(
      emulator.current,
      'DescribeInstanceVncUrl',
      {},
      {
        tamper: ({ 'x-acs-action': _, ...rest }) => rest,
      },
    );
    await expectError(response, {
      status: 400,
      code: 'MissingAction',
      message: 'Action is mandatory for this action.',
    });
  });
});

describe('InvalidAction.NotFound', () => {
  it('answers 404 for an action the API does not have', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Action: 'RunInstances' }), {
      status: 404,
      code: 'InvalidAction.NotFound',
      message: 'Specified api is not found, please check your url and method.',
    });
  });

  it('answers it to V3 calls too', async () => {
    await expectError(await callV3(emulator.current, 'DescribeInstanceVncUrlz', {}), {
      status: 404,
      code: 'InvalidAction.NotFound',
      message: 'Specified api is not found, please check your url and method.',
    });
  });
});

describe('InvalidVersion', () => {
  it('answers 400 for another API version', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Version: '2016-03-14' }), {
      status: 400,
      code: 'InvalidVersion',
      message: 'Specified parameter Version is not valid.',
    });
  });
});

describe('InvalidParameter.Format', () => {
  it('answers 400 in XML for a Format that is neither XML nor JSON', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Format: 'yaml' }), {
      status: 400,
      code: 'InvalidParameter.Format',
      message: 'Specified parameter format is not valid.',
      format: 'XML',
    });
  });
});

describe('InvalidSignatureMethod', () => {
  it('answers 400 for a V1 SignatureMethod other than HMAC-SHA1', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, SignatureMethod: 'HMAC-SHA256' }), {
      status: 400,
      code: 'InvalidSignatureMethod',
      message: 'Specified signature method is not valid.',
    });
  });

  it('answers 400 for a V3 algorithm other than ACS3-HMAC-SHA256', async () => {
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, {
      tamper: (h) => ({
        ...h,
        authorization: (h.authorization as string).replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
      }),
    });
    await expectError(response, {
      status: 400,
      code: 'InvalidSignatureMethod',
      message: 'Specified signature method is not valid.',
    });
  });
});

describe('IncompleteSignature', () => {
  it('answers 400 for a V1 SignatureVersion other than 1.0, echoing the string to sign', async () => {
    const params = v1Params(emulator.current, { ...VNC, SignatureVersion: '2.0' });
    const expected = v1StringToSign('GET', Object.entries(params));
    await expectError(await sendV1(emulator.current, params), {
      status: 400,
      code: 'IncompleteSignature',
      message: `The request signature does not conform to Aliyun standards. server string to sign is:${expected}`,
    });
  });

  it('answers 400 for a V3 Authorization without its Signature part', async () => {
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, {
      tamper: (h) => ({ ...h, authorization: (h.authorization as string).replace(/,Signature=.*$/, '') }),
    });
    const body = await expectError(response, {
      status: 400,
      code: 'IncompleteSignature',
      message: expect.stringMatching(
        /^The request signature does not conform to Aliyun standards\. server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/,
      ) as unknown as string,
    });
    expect(body.HostId).toBe(new URL(emulator.current.url).host);
  });

  it('answers 400 when an x-acs-* header is sent but not signed', async () => {
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, {
      tamper: (h) => ({ ...h, 'x-acs-unsigned': 'yes' }),
    });
    await expectError(response, {
      status: 400,
      code: 'IncompleteSignature',
      message: expect.stringContaining('server string to sign is:ACS3-HMAC-SHA256\n') as unknown as string,
    });
  });
});

describe('InvalidAccessKeyId.NotFound', () => {
  const unknown = { accessKeyId: 'LTAI5tNoSuchKey000000009', accessKeySecret: 'x' };
  it('answers 404 for an unknown V1 AccessKeyId', async () => {
    await expectError(await callV1(emulator.current, VNC, { credentials: unknown }), {
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
      message: 'Specified access key is not found.',
    });
  });

  it('answers 404 for an unknown V3 Credential', async () => {
    await expectError(
      await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, { credentials: unknown }),
      {
        status: 404,
        code: 'InvalidAccessKeyId.NotFound',
        message: 'Specified access key is not found.',
      },
    );
  });
});

describe('InvalidAccessKeyId.Inactive', () => {
  it('answers 400 for a disabled AccessKey', async () => {
    await expectError(await callV1(emulator.current, VNC, { credentials: INACTIVE }), {
      status: 400,
      code: 'InvalidAccessKeyId.Inactive',
      message: 'Specified access key is disabled.',
    });
  });
});

describe('InvalidTimeStamp.Format', () => {
  it('answers 400 for a V1 Timestamp that is not yyyy-MM-ddTHH:mm:ssZ', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Timestamp: '2024-01-01 00:00:00' }), {
      status: 400,
      code: 'InvalidTimeStamp.Format',
      message: 'Specified time stamp or date value is not well formatted.',
    });
  });

  it('answers 400 for a V3 x-acs-date that is not a date', async () => {
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, {
      headers: { 'x-acs-date': 'yesterday' },
    });
    await expectError(response, {
      status: 400,
      code: 'InvalidTimeStamp.Format',
      message: 'Specified time stamp or date value is not well formatted.',
    });
  });
});

describe('InvalidTimeStamp.Expired', () => {
  const at = (offsetMs: number) => formatAcsTimestamp(emulator.current.emulator.clock.realNow() + offsetMs);

  it('answers 400 for a Timestamp more than 15 minutes old', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Timestamp: at(-16 * 60_000) }), {
      status: 400,
      code: 'InvalidTimeStamp.Expired',
      message: 'Specified time stamp or date value is expired.',
    });
  });

  it('answers 400 for a Timestamp more than 15 minutes ahead', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Timestamp: at(16 * 60_000) }), {
      status: 400,
      code: 'InvalidTimeStamp.Expired',
      message: 'Specified time stamp or date value is expired.',
    });
  });

  it('accepts a Timestamp 14 minutes old', async () => {
    expect((await callV1(emulator.current, { ...VNC, Timestamp: at(-14 * 60_000) })).status).toBe(200);
  });

  it('judges a Timestamp on real time, the time the client signed with, not on the emulator clock', async () => {
    const params = v1Params(emulator.current, VNC);
    emulator.current.emulator.clock.advance('16m');
    try {
      expect((await sendV1(emulator.current, params)).status).toBe(200);
    } finally {
      emulator.current.emulator.clock.advance(-16 * 60_000);
    }
  });

  it('answers 400 for a Timestamp 16 minutes old even with the emulator clock set back to it', async () => {
    emulator.current.emulator.clock.advance(-16 * 60_000);
    try {
      await expectError(await callV1(emulator.current, { ...VNC, Timestamp: at(-16 * 60_000) }), {
        status: 400,
        code: 'InvalidTimeStamp.Expired',
        message: 'Specified time stamp or date value is expired.',
      });
    } finally {
      emulator.current.emulator.clock.advance('16m');
    }
  });
});

describe('SignatureNonceUsed', () => {
  it('answers 400 to a replayed V1 request', async () => {
    const params = v1Params(emulator.current, VNC);
    expect((await sendV1(emulator.current, params)).status).toBe(200);
    await expectError(await sendV1(emulator.current, params), {
      status: 400,
      code: 'SignatureNonceUsed',
      message: 'Specified signature nonce was used already.',
    });
  });

  it('answers 400 to a V3 request reusing a nonce', async () => {
    expect(
      (await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, { nonce: 'v3-replayed-nonce' })).status,
    ).toBe(200);
    await expectError(
      await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, { nonce: 'v3-replayed-nonce' }),
      {
        status: 400,
        code: 'SignatureNonceUsed',
        message: 'Specified signature nonce was used already.',
      },
    );
  });

  it('does not burn a nonce on a request whose signature fails', async () => {
    const nonce = 'nonce-of-a-bad-signature';
    const wrong = { ...DEMO, accessKeySecret: 'wrong' };
    expect(
      (await callV1(emulator.current, { ...VNC, SignatureNonce: nonce }, { credentials: wrong })).status,
    ).toBe(400);
    expect((await callV1(emulator.current, { ...VNC, SignatureNonce: nonce })).status).toBe(200);
  });
});

describe('SignatureDoesNotMatch', () => {
  const wrong = { ...DEMO, accessKeySecret: 'not-the-secret' };

  it('answers 400 to a wrong V1 secret, echoing the server string to sign', async () => {
    const params = v1Params(emulator.current, VNC, { credentials: wrong });
    await expectError(await sendV1(emulator.current, params), {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `Specified signature is not matched with our calculation. server string to sign is:${v1StringToSign('GET', Object.entries(params))}`,
    });
  });

  it('signs with the method actually used: a GET signature sent as POST fails', async () => {
    const params = v1Params(emulator.current, VNC, { method: 'GET' });
    await expectError(await sendV1(emulator.current, params, 'POST'), {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `Specified signature is not matched with our calculation. server string to sign is:${v1StringToSign('POST', Object.entries(params))}`,
    });
  });

  it('answers 400 in XML when the V1 call asked for no Format', async () => {
    await expectError(await callV1(emulator.current, { ...VNC, Format: undefined }, { credentials: wrong }), {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: expect.stringMatching(
        /^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&AccessKeyId/,
      ) as unknown as string,
      format: 'XML',
    });
  });

  it('answers 400 to a wrong V3 secret with the V3 string to sign', async () => {
    let canonical = '';
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', VNC, {
      credentials: wrong,
      tamper: (h) => {
        const url = new URL(
          `${emulator.current.url}/?InstanceId=${IDS.running}&RegionId=cn-hangzhou&Action=DescribeInstanceVncUrl`,
        );
        const names = /SignedHeaders=([^,]+)/.exec(h.authorization as string)?.[1]?.split(';') ?? [];
        canonical = v3CanonicalRequest({
          method: 'POST',
          pathname: '/',
          query: [...url.searchParams],
          header: (name) => h[name],
          signedHeaders: names,
          hashedPayload: h['x-acs-content-sha256'] as string,
        });
        return h;
      },
    });
    await expectError(response, {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `Specified signature is not matched with our calculation. server string to sign is:${v3StringToSign(canonical)}`,
    });
  });

  it('answers 400 when the body does not match x-acs-content-sha256', async () => {
    const url = `${emulator.current.url}/?${new URLSearchParams(VNC)}`;
    const headers = signV3(
      {
        method: 'POST',
        url,
        action: 'DescribeInstanceVncUrl',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'RegionId=cn-hangzhou',
      },
      DEMO,
      { epochMs: emulator.current.emulator.clock.realNow(), nonce: 'body-swap' },
    );
    await expectError(await fetch(url, { method: 'POST', headers, body: 'RegionId=cn-qingdao' }), {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: expect.stringContaining('server string to sign is:ACS3-HMAC-SHA256\n') as unknown as string,
    });
  });
});

describe('UnsupportedHTTPMethod', () => {
  it.each(['PUT', 'DELETE', 'PATCH'])('answers 403 to %s', async (method) => {
    const params = v1Params(emulator.current, VNC, { method });
    const response = await fetch(`${emulator.current.url}/?${new URLSearchParams(params)}`, { method });
    await expectError(response, {
      status: 403,
      code: 'UnsupportedHTTPMethod',
      message: 'This HTTP method is not supported.',
    });
  });
});

describe('Forbidden.RAM', () => {
  it('answers 403 when the AccessKey may not call the action', async () => {
    await expectError(await callV1(emulator.current, VNC, { credentials: READ_ONLY }), {
      status: 403,
      code: 'Forbidden.RAM',
      message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    });
    expect(
      (await callV1(emulator.current, { Action: 'DescribeRegions' }, { credentials: READ_ONLY })).status,
    ).toBe(200);
  });
});

describe('InternalError', () => {
  it('answers 500 in the gateway’s words when the gateway fails unexpectedly', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(model(), 'nonceSeen').mockImplementation(() => {
      throw new TypeError('boom');
    });
    await expectError(await callV1(emulator.current, VNC), {
      status: 500,
      code: 'InternalError',
      message: 'The request processing has failed due to some unknown error, exception or failure.',
    });
  });

  it('answers 500 in ECS’s words when an operation fails unexpectedly', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(model(), 'describeInstanceVncUrl').mockImplementation(() => {
      throw new TypeError('boom');
    });
    await expectError(await callV1(emulator.current, { ...VNC, Format: 'XML' }), {
      status: 500,
      code: 'InternalError',
      message: 'The request processing has failed due to some unknown error.',
      format: 'XML',
    });
  });
});

describe('ServiceUnavailable', () => {
  it('answers 503 to everything while the scenario says the service is down', async () => {
    model().settings.serviceUnavailable = true;
    try {
      await expectError(await callV1(emulator.current, VNC), {
        status: 503,
        code: 'ServiceUnavailable',
        message: 'The request has failed due to a temporary failure of the server.',
      });
    } finally {
      model().settings.serviceUnavailable = false;
    }
  });
});

describe('bad input of any kind gets the RPC shape', () => {
  it('answers a body over the size limit with 413 RequestEntityTooLarge', async () => {
    const response = await fetch(`${emulator.current.url}/?Action=DescribeRegions&Format=JSON`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Padding=${'x'.repeat(10_000)}`,
    });
    await expectError(response, {
      status: 413,
      code: 'RequestEntityTooLarge',
      message: 'The request body is larger than 4096 bytes.',
    });
  });

  it('answers a garbled form body with the first missing parameter, in XML', async () => {
    const response = await fetch(`${emulator.current.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from([0x25, 0x25, 0xff, 0xfe, 0x3d, 0x26, 0x26, 0x3d, 0x25, 0x5a]),
    });
    await expectError(response, {
      status: 400,
      code: 'MissingAction',
      message: 'Action is mandatory for this action.',
      format: 'XML',
    });
  });

  it('ignores a body that is not a form (V1 signs the query only then)', async () => {
    const params = v1Params(emulator.current, VNC, { method: 'POST' });
    const response = await fetch(`${emulator.current.url}/?${new URLSearchParams(params)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"InstanceId": "i-other"}',
    });
    expect(response.status).toBe(200);
  });

  it('leaves / without an Action to the next provider (the Nova version document)', async () => {
    const response = await fetch(`${emulator.current.url}/`);
    expect(response.headers.get('content-type')).not.toBe(XML_TYPE);
  });
});

describe('Throttling.User', () => {
  const throttled = useEmulator({
    scenario: { aliyun: { ...aliyunDemo, settings: { throttling: { requests: 2, perSeconds: 1 } } } },
  });

  it('answers 400 with x-acs-retry-after (ms) over the per-AccessKey limit, and passes again after the window', async () => {
    const clock = throttled.current.emulator.clock;
    clock.freeze();
    try {
      expect((await callV1(throttled.current, VNC)).status).toBe(200);
      expect((await callV1(throttled.current, VNC)).status).toBe(200);
      const response = await callV1(throttled.current, VNC);
      expect(response.headers.get('x-acs-retry-after')).toBe('1000');
      await expectError(response, {
        status: 400,
        code: 'Throttling.User',
        message: 'Request was denied due to user flow control.',
      });
      clock.advance('1s');
      expect((await callV1(throttled.current, VNC)).status).toBe(200);
    } finally {
      clock.resume();
    }
  });

  it('is off by default', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => callV1(emulator.current, { Action: 'DescribeRegions' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
  });
});

describe('fault rules from the control plane', () => {
  it('answers a catalogue error in the RPC shape once the call is authenticated', async () => {
    emulator.current.emulator.faults.add({
      provider: 'aliyun',
      operation: 'DescribeInstanceVncUrl',
      resource: IDS.running,
      error: 'InstanceNotReady.Temporarily',
      times: 1,
    });
    await expectError(await callV1(emulator.current, { ...VNC, Format: 'XML' }), {
      status: 403,
      code: 'InstanceNotReady',
      message: 'Temporarily unable to connect the specified instance,please try later.',
      format: 'XML',
    });
    expect((await callV1(emulator.current, VNC)).status).toBe(200);
  });
});

describe('the nonce window, in real time', () => {
  // Real time is the host's; this emulator reads it from a wall the test moves, as hours passing would.
  let wall = Date.parse('2026-01-01T00:00:00Z');
  const timed = useEmulator({ scenario: { aliyun: scenario }, clock: createClock({ wall: () => wall }) });
  const refused = {
    status: 400,
    code: 'SignatureNonceUsed',
    message: 'Specified signature nonce was used already.',
  };

  it('refuses a nonce again 2 s and 14 min later, and takes it once more than 15 min have passed', async () => {
    const call = () => callV1(timed.current, { ...VNC, SignatureNonce: 'nonce-within-the-window' });
    expect((await call()).status).toBe(200);
    wall += 2_000;
    await expectError(await call(), refused);
    wall += 14 * 60_000 - 2_000;
    await expectError(await call(), refused);
    wall += 61_000;
    expect((await call()).status).toBe(200);
  });

  it('is not moved by the emulator clock: a nonce stays used however far the clock is advanced', async () => {
    const call = () => callV1(timed.current, { ...VNC, SignatureNonce: 'nonce-and-the-emulator-clock' });
    expect((await call()).status).toBe(200);
    timed.current.emulator.clock.advance('1d');
    try {
      await expectError(await call(), refused);
    } finally {
      timed.current.emulator.clock.reset();
    }
  });
});
