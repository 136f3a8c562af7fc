import { z } from 'zod';
import { tencentDemo } from '../../../contracts/tencent/demo.ts';
import { tencentErrors } from '../../../contracts/tencent/errors.ts';
import { tencentOperations } from '../../../contracts/tencent/operations.ts';
import {
  type TencentScenario,
  tencentInstance,
  tencentKey,
  tencentRegion,
} from '../../../contracts/tencent/scenario.ts';
import { uniqueBy } from '../../../contracts/unique.ts';
import { mapCollection } from '../../collections.ts';
import { endpointsOf } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { onFirstUse } from '../../memo.ts';
import type { Answer } from '../../pipeline/answer.ts';
import type { EmulatorContext, OversizedHead, Provider, ProviderModule } from '../../provider.ts';
import { tencentConsole } from './console.ts';
import { renderTencentError } from './errors.ts';
import { fillTencent } from './fill.ts';
import { isTencentCall } from './gateway.ts';
import { TencentModel } from './model.ts';
import { createTencentGateway } from './routes.ts';

// Built on the first restore (a state file, a snapshot loaded): a start without one never needs it.
const snapshotSchema = onFirstUse(() =>
  z.object({
    regions: uniqueBy(tencentRegion, 'region'),
    keys: uniqueBy(tencentKey, 'secretId'),
    instances: uniqueBy(tencentInstance, 'instanceId'),
    vncTickets: uniqueBy(
      z.object({
        ticket: z.string(),
        instanceId: z.string(),
        region: z.string(),
        secretId: z.string(),
        instanceVncUrl: z.string(),
        issuedAt: z.number(),
        expiresAt: z.number(),
        usedAt: z.number().optional(),
      }),
      'ticket',
    ),
    nonces: uniqueBy(z.object({ key: z.string(), expiresAt: z.number() }), 'key'),
  }),
);

/** Tencent Cloud CVM behind its API 3.0 gateway: TC3 and legacy signatures, JSON answers. */
export function createTencentProvider(
  scenario: TencentScenario,
  ctx: EmulatorContext,
): Provider<TencentModel> {
  const model = new TencentModel(scenario, ctx.clock);
  const handle = createTencentGateway(model, ctx);
  return {
    name: 'tencent',
    state: model,
    catalogue: tencentErrors,
    collections: {
      instances: mapCollection('instances', model.instances, tencentInstance, 'instanceId'),
      keys: mapCollection('keys', model.keys, tencentKey, 'secretId'),
      regions: mapCollection('regions', model.regions, tencentRegion, 'region'),
    },
    snapshot: () => model.snapshot(),
    restore: (data) => model.restore(snapshotSchema().parse(data)),
    owns: isTencentCall,
    handle,
    console: tencentConsole(model, ctx.clock),
    ownsHead: (head) => TC3_HEAD.test(head),
    headTooLarge,
    // A change that could not be saved: the gateway's internal error, with the answer's request id.
    unavailable(_call, record, _answer) {
      const { response, code } = renderTencentError(
        new ProviderError(tencentErrors.InternalError),
        record.requestId ?? '',
      );
      record.code = code;
      return response;
    },
    summary: (baseUrl) => ({
      title: 'Tencent Cloud CVM (API 3.0, version 2017-03-12)',
      quickStart: { url: baseUrl, login: quickLogin(model) },
      endpoints: endpointsOf(tencentOperations, 'GET|POST'),
      credentials: [
        ...model.scenario.keys.map((k) => ({
          kind: 'SecretId',
          id: `${k.secretId} / ${k.secretKey}`,
          detail: k.enabled ? 'enabled' : 'disabled',
        })),
        {
          kind: 'endpoint',
          id: new URL(baseUrl).host,
          detail: 'SDK httpProfile.endpoint (protocol http://)',
        },
      ],
      resources: [...model.instances.values()].map((i) => ({
        name: i.instanceName,
        id: i.instanceId,
        status: i.instanceState,
        owner: `${i.region}, ${i.osType}`,
      })),
    }),
  };
}

/** The first key, and the region of the first instance. */
function quickLogin(model: TencentModel): string {
  const [key] = model.scenario.keys;
  if (!key) return '(no SecretId)';
  const [instance] = model.instances.values();
  return `${key.secretId} / ${key.secretKey}${instance ? `, region ${instance.region}` : ''}`;
}

const TC3_HEAD = /\r\n(x-tc-action|authorization: *TC3-)/i;

/** The gateway's size limit, in its one error shape. */
function headTooLarge({ limit, requestId }: OversizedHead): Answer {
  return renderTencentError(new ProviderError(tencentErrors.RequestSizeLimitExceeded, { limit }), requestId)
    .response;
}

const TENCENT_REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-beijing',
  'ap-hongkong',
  'ap-singapore',
  'na-siliconvalley',
];

export const tencent: ProviderModule<'tencent', TencentModel> = {
  name: 'tencent',
  label: 'Tencent',
  help: 'Tencent Cloud CVM DescribeInstanceVncUrl',
  // cvm.tencentcloudapi.com, cvm.<region>.tencentcloudapi.com (and the international cvm.intl.…)
  hosts: [/^cvm(\.[a-z0-9-]+)?\.tencentcloudapi\.com$/],
  // The global endpoint, the international one and the regional ones of the regions the API metadata names.
  certificateHosts: [
    'cvm.tencentcloudapi.com',
    'cvm.intl.tencentcloudapi.com',
    ...TENCENT_REGIONS.map((region) => `cvm.${region}.tencentcloudapi.com`),
  ],
  demo: tencentDemo,
  fill: fillTencent,
  secrets: {
    // Temporary credentials' token, as TC3 header and legacy parameter (`Signature`, `SecretKey` are hidden anyway).
    headers: ['x-tc-token'],
    fields: ['Token'],
    // The console ticket: `…/vnc?s=<ticket>`, percent-encoded once inside the answer.
    urlParams: ['s'],
  },
  create: createTencentProvider,
};
