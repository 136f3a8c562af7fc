import { z } from 'zod';
import { aliyunDemo } from '../../../contracts/aliyun/demo.ts';
import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import { aliyunOperations } from '../../../contracts/aliyun/operations.ts';
import {
  type AliyunScenario,
  aliyunAccessKey,
  aliyunInstance,
  aliyunRegion,
} from '../../../contracts/aliyun/scenario.ts';
import { uniqueBy } from '../../../contracts/unique.ts';
import { mapCollection } from '../../collections.ts';
import { endpointsOf } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { onFirstUse } from '../../memo.ts';
import { type Answer, answerHeader } from '../../pipeline/answer.ts';
import type { Call } from '../../pipeline/call.ts';
import type { EmulatorContext, OversizedHead, Provider, ProviderModule } from '../../provider.ts';
import { aliyunConsole } from './console.ts';
import { renderAliyunError } from './errors.ts';
import { fillAliyun } from './fill.ts';
import { answerFormat } from './gateway.ts';
import { AliyunModel } from './model.ts';
import { createAliyunGateway } from './routes.ts';

// Built on the first restore (a state file, a snapshot loaded): a start without one never needs it.
const snapshotSchema = onFirstUse(() =>
  z.object({
    regions: uniqueBy(aliyunRegion, 'regionId'),
    accessKeys: uniqueBy(aliyunAccessKey, 'accessKeyId'),
    instances: uniqueBy(aliyunInstance, 'instanceId'),
    vncTokens: uniqueBy(
      z.object({
        token: z.string(),
        instanceId: z.string(),
        regionId: z.string(),
        accessKeyId: z.string(),
        vncUrl: z.string(),
        issuedAt: z.number(),
        expiresAt: z.number(),
        usedAt: z.number().optional(),
      }),
      'token',
    ),
    nonces: uniqueBy(z.object({ key: z.string(), expiresAt: z.number() }), 'key'),
  }),
);

/**
 * Whether a request is Alibaba RPC: it is sent to `/` and names an action (`Action` or `x-acs-action`),
 * carries V1 (`Signature`, `AccessKeyId`) or V3 (`ACS3-*`) credentials, or is a form POST. Everything else
 * on `/` is left to the providers after this one (Huawei's version document).
 */
function isRpc(call: Call): boolean {
  if (call.pathname !== '/') return false;
  const q = call.searchParams;
  if (q.has('Action') || q.has('Signature') || q.has('AccessKeyId')) return true;
  if (call.header('x-acs-action') !== undefined) return true;
  if (/^\s*ACS3-/.test(call.header('authorization') ?? '')) return true;
  const contentType = call.header('content-type') ?? '';
  return call.method === 'POST' && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Alibaba Cloud ECS behind its RPC gateway: V1 and V3 signatures, JSON and XML. */
export function createAliyunProvider(scenario: AliyunScenario, ctx: EmulatorContext): Provider<AliyunModel> {
  const model = new AliyunModel(scenario, ctx.clock);
  const handle = createAliyunGateway(model, ctx);
  return {
    name: 'aliyun',
    state: model,
    catalogue: aliyunErrors,
    collections: {
      instances: mapCollection('instances', model.instances, aliyunInstance, 'instanceId'),
      accessKeys: mapCollection('accessKeys', model.accessKeys, aliyunAccessKey, 'accessKeyId'),
      regions: mapCollection('regions', model.regions, aliyunRegion, 'regionId'),
    },
    snapshot: () => model.snapshot(),
    restore: (data) => model.restore(snapshotSchema().parse(data)),
    owns: isRpc,
    handle,
    console: aliyunConsole(model, ctx.clock),
    // A V3 call's head shows itself by its headers; a V1 call's request line is enough for `owns`.
    ownsHead: (head) => V3_HEAD.test(head),
    headTooLarge,
    unavailable(call, record, answer) {
      // The answer's own headers (request id, CORS) and format: a form body's `Format` is read by now.
      const headers: Record<string, string> = {};
      for (const [name, value] of new Headers(answer.headers))
        if (!name.startsWith('content-')) headers[name] = value;
      const { response, code } = renderAliyunError(new ProviderError(aliyunErrors.ServiceUnavailable), {
        requestId: record.requestId ?? '',
        hostId: model.settings.hostId ?? call.header('host') ?? call.url.host,
        format: answerHeader(answer, 'content-type')?.includes('xml') ? 'XML' : 'JSON',
        headers,
      });
      record.code = code;
      return response;
    },
    summary: (baseUrl) => ({
      title: 'Alibaba Cloud ECS (RPC, API version 2014-05-26)',
      quickStart: { url: baseUrl, login: quickLogin(model) },
      endpoints: endpointsOf(aliyunOperations, 'GET|POST'),
      credentials: [
        ...model.scenario.accessKeys.map((k) => ({
          kind: 'AccessKey',
          id: `${k.accessKeyId} / ${k.accessKeySecret}`,
          detail: k.status === 'Active' ? 'active' : 'inactive',
        })),
        { kind: 'endpoint', id: new URL(baseUrl).host, detail: 'SDK endpoint (protocol http)' },
      ],
      resources: [...model.instances.values()].map((i) => ({
        name: i.instanceName,
        id: i.instanceId,
        status: i.status,
        owner: `${i.regionId}, ${i.osType}${i.vncPassword ? `, VNC password ${i.vncPassword}` : ''}`,
      })),
    }),
  };
}

/** The first AccessKey, and the region of the first instance. */
function quickLogin(model: AliyunModel): string {
  const [key] = model.scenario.accessKeys;
  if (!key) return '(no AccessKey)';
  const [instance] = model.instances.values();
  return `${key.accessKeyId} / ${key.accessKeySecret}${instance ? `, region ${instance.regionId}` : ''}`;
}

const V3_HEAD = /\r\nx-acs-|\r\nauthorization: *ACS3-/i;

/** The gateway's 413, in JSON for a V3 call and in the `Format` the query asks for otherwise. */
function headTooLarge({ text, url, limit, requestId }: OversizedHead): Answer {
  const id = requestId.toUpperCase();
  return renderAliyunError(new ProviderError(aliyunErrors.RequestEntityTooLarge, { limit }), {
    requestId: id,
    hostId: '',
    format: /\r\nauthorization: *ACS3-/i.test(text)
      ? 'JSON'
      : answerFormat(undefined, url.searchParams.get('Format')),
    headers: { 'x-acs-request-id': id },
  }).response;
}

/** ECS's public regions, whose endpoints are `ecs.<region>.aliyuncs.com` (docs/providers/aliyun.md, "Hosts"). */
const ALIYUN_REGIONS = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-wuhan-lr',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'us-east-1',
  'us-west-1',
  'na-south-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
];

export const aliyun: ProviderModule<'aliyun', AliyunModel> = {
  name: 'aliyun',
  label: 'Alibaba',
  help: 'Alibaba Cloud ECS DescribeInstanceVncUrl',
  // ecs.aliyuncs.com, ecs.<region>.aliyuncs.com, ecs-<region>.aliyuncs.com
  hosts: [/^ecs(\.[a-z0-9-]+|-[a-z0-9-]+)?\.aliyuncs\.com$/],
  certificateHosts: [
    'ecs.aliyuncs.com',
    'ecs-cn-hangzhou.aliyuncs.com',
    ...ALIYUN_REGIONS.map((region) => `ecs.${region}.aliyuncs.com`),
  ],
  demo: aliyunDemo,
  fill: fillAliyun,
  secrets: {
    // An STS token as V3 header or RPC parameter (`Signature` and `AccessKeySecret` are the usual names).
    headers: ['x-acs-security-token'],
    fields: ['SecurityToken'],
    // The VncUrl's token: `…/websockify/?s=<token>`, percent-encoded once inside the answer.
    urlParams: ['s'],
  },
  create: createAliyunProvider,
};
