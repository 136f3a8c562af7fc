import { z } from 'zod';
import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import { aliyunOperations } from '../../../contracts/aliyun/operations.ts';
import {
  type AliyunScenarioInput,
  aliyunAccessKey,
  aliyunInstance,
  aliyunRegion,
  aliyunScenario,
} from '../../../contracts/aliyun/scenario.ts';
import { mapCollection } from '../../collections.ts';
import { endpointsOf } from '../../endpoints.ts';
import type { EmulatorContext, Provider } from '../../provider.ts';
import { AliyunModel } from './model.ts';
import { createAliyunRoutes } from './routes.ts';

const snapshotSchema = z.object({
  regions: z.array(aliyunRegion),
  accessKeys: z.array(aliyunAccessKey),
  instances: z.array(aliyunInstance),
  vncTokens: z.array(
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
  ),
  nonces: z.array(z.object({ key: z.string(), expiresAt: z.number() })),
});

/**
 * Whether a request is Alibaba RPC: it is sent to `/` and names an action (`Action` or `x-acs-action`),
 * carries V1 (`Signature`, `AccessKeyId`) or V3 (`ACS3-*`) credentials, or is a form POST. Everything else
 * on `/` is left to the providers after this one (Huawei's version document).
 */
function isRpc(request: Request, url: URL): boolean {
  if (url.pathname !== '/') return false;
  const q = url.searchParams;
  if (q.has('Action') || q.has('Signature') || q.has('AccessKeyId')) return true;
  if (request.headers.has('x-acs-action')) return true;
  if (/^\s*ACS3-/.test(request.headers.get('authorization') ?? '')) return true;
  const contentType = request.headers.get('content-type') ?? '';
  return (
    request.method === 'POST' && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
  );
}

/** Alibaba Cloud ECS behind its RPC gateway: V1 and V3 signatures, JSON and XML. */
export function createAliyunProvider(
  input: AliyunScenarioInput,
  ctx: EmulatorContext,
): Provider<AliyunModel> {
  const model = new AliyunModel(aliyunScenario.parse(input), ctx.clock);
  const app = createAliyunRoutes(model, ctx);
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
    restore: (data) => model.restore(snapshotSchema.parse(data)),
    owns: isRpc,
    handle: async (request, record) => app.fetch(request, { record }),
    summary: (baseUrl) => ({
      title: 'Alibaba Cloud ECS (RPC, API version 2014-05-26)',
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
