import { describe, expect, it } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import type { AliyunScenarioInput } from '../../contracts/aliyun/scenario.ts';
import {
  describeInstancesResponse,
  describeInstanceVncUrlResponse,
  describeRegionsResponse,
  modifyInstanceVncPasswdResponse,
} from '../../contracts/aliyun/schemas.ts';
import type { AliyunModel } from '../../emulator/providers/aliyun/model.ts';
import { useEmulator } from '../helpers.ts';
import { callV1, callV3, expectError, IDS, JSON_TYPE, XML_TYPE, xmlField } from './rpc.ts';

/** The ECS operations: one case per row of the §3.2 / §3.3 tables in docs/providers/aliyun.md, plus the listing calls. */

const STARTING = 'i-bp1demostarting00006';
const STOPPING = 'i-bp1demostopping00007';
const scenario: AliyunScenarioInput = {
  ...aliyunDemo,
  instances: [
    ...(aliyunDemo.instances ?? []),
    { instanceId: STARTING, instanceName: 'test-starting', regionId: 'cn-hangzhou', status: 'Starting' },
    { instanceId: STOPPING, instanceName: 'test-stopping', regionId: 'cn-hangzhou', status: 'Stopping' },
  ],
};
const emulator = useEmulator({ scenario: { aliyun: scenario } });
const model = () => emulator.current.emulator.state.aliyun as AliyunModel;

const vnc = (InstanceId: string | undefined, RegionId = 'cn-hangzhou', Format = 'JSON') =>
  callV1(emulator.current, { Action: 'DescribeInstanceVncUrl', RegionId, InstanceId, Format });

/** The raw token inside a VncUrl: decode the field once, then the `s` parameter. */
function tokenOf(vncUrl: string): { url: URL; token: string } {
  const url = new URL(decodeURIComponent(vncUrl));
  return { url, token: url.searchParams.get('s') as string };
}

describe('DescribeInstanceVncUrl', () => {
  it('answers a ws:// VncUrl for a Running instance, percent-encoded once (JSON)', async () => {
    const response = await vnc(IDS.running);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    const body = describeInstanceVncUrlResponse.parse(await response.json());
    expect(body.VncUrl).toMatch(/^ws%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwebsockify%2F%3Fs%3D/);
    const { url, token } = tokenOf(body.VncUrl);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
      `ws://${new URL(emulator.current.url).host}/websockify/`,
    );
    expect(token).toMatch(/^[A-Za-z0-9+/]{64}$/);
  });

  it('answers the XML document when the call names no Format', async () => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstanceVncUrl',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.windows,
      Format: undefined,
    });
    expect(response.headers.get('content-type')).toBe(XML_TYPE);
    const text = await response.text();
    expect(text).toMatch(
      /^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeInstanceVncUrlResponse><RequestId>[0-9A-F-]{36}<\/RequestId><VncUrl>ws%3A%2F%2F[^<]+<\/VncUrl><\/DescribeInstanceVncUrlResponse>$/,
    );
    expect(model().vncTokens.get(tokenOf(xmlField(text, 'VncUrl') as string).token)?.instanceId).toBe(
      IDS.windows,
    );
  });

  it('answers V3 calls in JSON', async () => {
    const response = await callV3(emulator.current, 'DescribeInstanceVncUrl', {
      RegionId: 'cn-qingdao',
      InstanceId: IDS.qingdao,
    });
    expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    expect(describeInstanceVncUrlResponse.parse(await response.json()).VncUrl).toMatch(/^ws%3A%2F%2F/);
  });

  it('stores the token for one connection within 15 seconds on the emulator clock', async () => {
    const { VncUrl } = describeInstanceVncUrlResponse.parse(await (await vnc(IDS.running)).json());
    const { token } = tokenOf(VncUrl);
    const issued = model().vncTokens.get(token);
    expect(issued).toMatchObject({ instanceId: IDS.running, regionId: 'cn-hangzhou', vncUrl: VncUrl });
    expect(issued?.expiresAt).toBe((issued?.issuedAt as number) + 15_000);
    expect(issued?.usedAt).toBeUndefined();

    // Frozen while the token is redeemed, so the instant it records is the one read back.
    const clock = emulator.current.emulator.clock;
    clock.freeze();
    try {
      const first = model().redeemVncToken(token);
      expect(first?.instance.instanceName).toBe('demo-running');
      expect(first?.token.usedAt).toBe(clock.now());
    } finally {
      clock.resume();
    }
    expect(model().redeemVncToken(token)).toBeUndefined();
  });

  it('lets an unused token expire after 15 seconds', async () => {
    const { VncUrl } = describeInstanceVncUrlResponse.parse(await (await vnc(IDS.running)).json());
    const { token } = tokenOf(VncUrl);
    emulator.current.emulator.clock.advance('16s');
    expect(model().vncTokens.get(token)).toBeUndefined();
    expect(model().redeemVncToken(token)).toBeUndefined();
  });

  it('answers MissingRegionId without RegionId', async () => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstanceVncUrl',
      InstanceId: IDS.running,
    });
    await expectError(response, {
      status: 400,
      code: 'MissingRegionId',
      message: 'RegionId is mandatory for this action.',
    });
  });

  it('answers MissingInstanceId without InstanceId', async () => {
    await expectError(await vnc(undefined), {
      status: 400,
      code: 'MissingInstanceId',
      message: 'InstanceId is mandatory for this action.',
    });
  });

  it('answers InvalidRegionId.NotFound for an unknown region', async () => {
    await expectError(await vnc(IDS.running, 'cn-atlantis'), {
      status: 404,
      code: 'InvalidRegionId.NotFound',
      message: 'The specified RegionId does not exist.',
    });
  });

  it('answers InvalidInstanceId.NotFound for an unknown instance', async () => {
    await expectError(await vnc('i-bp1nosuchinstance0000'), {
      status: 404,
      code: 'InvalidInstanceId.NotFound',
      message: 'The specified InstanceId does not exist.',
    });
  });

  it('answers InvalidRegionInstance for an instance of another region', async () => {
    await expectError(await vnc(IDS.qingdao, 'cn-hangzhou'), {
      status: 400,
      code: 'InvalidRegionInstance',
      message: 'The specified InstanceId does not exist in given region.',
    });
  });

  it('answers InstanceNotReady for a Pending instance (being created)', async () => {
    await expectError(await vnc(IDS.pending), {
      status: 403,
      code: 'InstanceNotReady',
      message: 'The specified instance is not ready for use',
    });
  });

  it('answers InstanceNotReady "temporarily unable" for a Starting instance', async () => {
    await expectError(await vnc(STARTING), {
      status: 403,
      code: 'InstanceNotReady',
      message: 'Temporarily unable to connect the specified instance,please try later.',
    });
  });

  it.each([
    ['Stopped', IDS.stopped],
    ['Stopping', STOPPING],
  ])('answers IncorrectInstanceStatus for a %s instance', async (_status, id) => {
    await expectError(await vnc(id), {
      status: 403,
      code: 'IncorrectInstanceStatus',
      message: 'The current status of the resource does not support this operation.',
    });
  });

  it('answers in XML with the same code when asked for XML', async () => {
    await expectError(await vnc(IDS.stopped, 'cn-hangzhou', 'XML'), {
      status: 403,
      code: 'IncorrectInstanceStatus',
      message: 'The current status of the resource does not support this operation.',
      format: 'XML',
    });
  });
});

describe('DescribeInstanceVncUrl behind an https public URL', () => {
  const secure = useEmulator({
    scenario: { aliyun: aliyunDemo },
    publicUrl: 'https://console.example.test:8443',
  });

  it('answers a wss:// VncUrl on the public host', async () => {
    const response = await callV1(secure.current, {
      Action: 'DescribeInstanceVncUrl',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.running,
    });
    const { VncUrl } = describeInstanceVncUrlResponse.parse(await response.json());
    expect(decodeURIComponent(VncUrl)).toMatch(/^wss:\/\/console\.example\.test:8443\/websockify\/\?s=/);
  });
});

describe('ModifyInstanceVncPasswd', () => {
  const modify = (InstanceId: string, VncPassword: string | undefined, RegionId = 'cn-hangzhou') =>
    callV1(emulator.current, { Action: 'ModifyInstanceVncPasswd', RegionId, InstanceId, VncPassword });

  it('stores the new password on the instance', async () => {
    const response = await modify(IDS.windows, 'Ecs123');
    expect(response.status).toBe(200);
    modifyInstanceVncPasswdResponse.parse(await response.json());
    expect(model().instances.get(IDS.windows)?.vncPassword).toBe('Ecs123');
  });

  it('answers MissingVncPassword without VncPassword', async () => {
    await expectError(await modify(IDS.running, undefined), {
      status: 400,
      code: 'MissingVncPassword',
      message: 'VncPassword is mandatory for this action.',
    });
  });

  it('answers IncorrectVncPassword.Malformed "is not valid" for characters other than letters and digits', async () => {
    await expectError(await modify(IDS.running, 'Ab1!23'), {
      status: 400,
      code: 'IncorrectVncPassword.Malformed',
      message: 'The specified parameter VncPassword is not valid.',
    });
  });

  it.each(['abc123', 'ABC123', 'Abcdef', 'Abc12', 'Abc1234', '123456'])(
    'answers IncorrectVncPassword.Malformed "must be 6 characters" for %s',
    async (password) => {
      await expectError(await modify(IDS.running, password), {
        status: 400,
        code: 'IncorrectVncPassword.Malformed',
        message:
          'The specified parameter VncPassword must be 6 characters, including uppercase characters, lowercase characters and numbers.',
      });
    },
  );

  it('answers IncorrectInstanceStatus for a Stopped instance', async () => {
    await expectError(await modify(IDS.stopped, 'Ecs123'), {
      status: 403,
      code: 'IncorrectInstanceStatus',
      message: 'The current status of the resource does not support this operation.',
    });
  });

  it('answers InstanceNotReady "temporarily unable" for a Pending instance', async () => {
    await expectError(await modify(IDS.pending, 'Ecs123'), {
      status: 403,
      code: 'InstanceNotReady',
      message: 'Temporarily unable to connect the specified instance,please try later.',
    });
  });

  it('answers InvalidInstanceId.NotFound for an unknown instance', async () => {
    await expectError(await modify('i-bp1nosuchinstance0000', 'Ecs123'), {
      status: 404,
      code: 'InvalidInstanceId.NotFound',
      message: 'The specified InstanceId does not exist.',
    });
  });

  it('answers InvalidRegionId.NotFound for an unknown region', async () => {
    await expectError(await modify(IDS.running, 'Ecs123', 'cn-atlantis'), {
      status: 404,
      code: 'InvalidRegionId.NotFound',
      message: 'The specified RegionId does not exist.',
    });
  });

  it('answers NoSuchResource for an instance of another region', async () => {
    await expectError(await modify(IDS.qingdao, 'Ecs123'), {
      status: 404,
      code: 'NoSuchResource',
      message: 'The specified resource is not found.',
    });
  });
});

describe('DescribeRegions', () => {
  it('lists every region with the emulator as RegionEndpoint', async () => {
    const response = await callV1(emulator.current, { Action: 'DescribeRegions' });
    const body = describeRegionsResponse.parse(await response.json());
    const host = new URL(emulator.current.url).host;
    expect(body.Regions.Region).toEqual([
      { RegionId: 'cn-hangzhou', LocalName: '华东1（杭州）', RegionEndpoint: host, Status: 'available' },
      { RegionId: 'cn-qingdao', LocalName: '华北1（青岛）', RegionEndpoint: host, Status: 'available' },
    ]);
  });

  it('names regions in English with AcceptLanguage=en-US', async () => {
    const response = await callV1(emulator.current, { Action: 'DescribeRegions', AcceptLanguage: 'en-US' });
    const body = describeRegionsResponse.parse(await response.json());
    expect(body.Regions.Region.map((r) => r.LocalName)).toEqual(['China (Hangzhou)', 'China (Qingdao)']);
  });

  it('repeats <Region> elements in XML', async () => {
    const response = await callV1(emulator.current, { Action: 'DescribeRegions', Format: 'XML' });
    const text = await response.text();
    expect(text).toMatch(
      /<DescribeRegionsResponse><RequestId>[^<]+<\/RequestId><Regions><Region><RegionId>cn-hangzhou<\/RegionId>/,
    );
    expect(text.match(/<Region>/g)).toHaveLength(2);
  });
});

describe('DescribeInstances', () => {
  const list = async (params: Record<string, string>) => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      ...params,
    });
    expect(response.status).toBe(200);
    return describeInstancesResponse.parse(await response.json());
  };
  const names = (body: { Instances: { Instance: Array<{ InstanceName: string }> } }) =>
    body.Instances.Instance.map((i) => i.InstanceName);

  it('lists the instances of a region, 10 a page by default', async () => {
    const body = await list({});
    expect(body).toMatchObject({ TotalCount: 6, PageNumber: 1, PageSize: 10 });
    expect(names(body)).toEqual([
      'demo-running',
      'demo-windows',
      'demo-stopped',
      'demo-pending',
      'test-starting',
      'test-stopping',
    ]);
    expect(body.Instances.Instance[1]).toMatchObject({
      InstanceId: IDS.windows,
      OSType: 'windows',
      Status: 'Running',
    });
  });

  it('filters by InstanceIds (a JSON array)', async () => {
    expect(names(await list({ InstanceIds: JSON.stringify([IDS.stopped, IDS.qingdao]) }))).toEqual([
      'demo-stopped',
    ]);
  });

  it('filters by InstanceName with * as a wildcard', async () => {
    expect(names(await list({ InstanceName: 'demo-running' }))).toEqual(['demo-running']);
    expect(names(await list({ InstanceName: 'demo-*n*' }))).toEqual([
      'demo-running',
      'demo-windows',
      'demo-pending',
    ]);
  });

  it('filters by Status', async () => {
    expect(names(await list({ Status: 'Running' }))).toEqual(['demo-running', 'demo-windows']);
  });

  it('pages with PageNumber and PageSize', async () => {
    const body = await list({ PageNumber: '2', PageSize: '4' });
    expect(body).toMatchObject({ TotalCount: 6, PageNumber: 2, PageSize: 4 });
    expect(names(body)).toEqual(['test-starting', 'test-stopping']);
  });

  it.each([
    ['PageSize', 'abc'],
    ['PageSize', '101'],
    ['PageNumber', '0'],
  ])('answers InvalidParameter for %s=%s', async (param, value) => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      [param]: value,
    });
    await expectError(response, {
      status: 400,
      code: 'InvalidParameter',
      message: `The specified parameter ${param} is not valid.`,
    });
  });

  it.each([
    'i-bp1demorunning000001',
    '{"a":1}',
    JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`)),
  ])('answers InvalidInstanceIds.Malformed for InstanceIds=%s', async (value) => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      InstanceIds: value,
    });
    await expectError(response, {
      status: 400,
      code: 'InvalidInstanceIds.Malformed',
      message: 'The specified InstanceIds is not valid.',
    });
  });

  it('answers InvalidStatus.NotFound for an unknown Status', async () => {
    const response = await callV1(emulator.current, {
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      Status: 'Sleeping',
    });
    await expectError(response, {
      status: 404,
      code: 'InvalidStatus.NotFound',
      message: 'The specified Status is not found',
    });
  });

  it('answers MissingRegionId without RegionId', async () => {
    const response = await callV1(emulator.current, { Action: 'DescribeInstances' });
    await expectError(response, {
      status: 400,
      code: 'MissingRegionId',
      message: 'RegionId is mandatory for this action.',
    });
  });

  it('answers InvalidRegionId.NotFound for an unknown region', async () => {
    const response = await callV1(emulator.current, { Action: 'DescribeInstances', RegionId: 'cn-atlantis' });
    await expectError(response, {
      status: 404,
      code: 'InvalidRegionId.NotFound',
      message: 'The specified RegionId does not exist.',
    });
  });
});
