import { z } from 'zod';
import { huaweiDemo } from '../../../contracts/huawei/demo.ts';
import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { huaweiOperations } from '../../../contracts/huawei/operations.ts';
import {
  type HuaweiScenario,
  huaweiAccessKey,
  huaweiDomain,
  huaweiProject,
  huaweiServer,
  huaweiUser,
} from '../../../contracts/huawei/scenario.ts';
import { uniqueBy } from '../../../contracts/unique.ts';
import { mapCollection } from '../../collections.ts';
import { endpointsOf } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { onFirstUse } from '../../memo.ts';
import type { Answer } from '../../pipeline/answer.ts';
import type { EmulatorContext, OversizedHead, Provider, ProviderModule } from '../../provider.ts';
import { huaweiConsole } from './console.ts';
import { renderHuaweiError, renderHuaweiUnavailable } from './errors.ts';
import { fillHuawei } from './fill.ts';
import { HuaweiModel } from './model.ts';
import { createHuaweiGateway } from './routes.ts';

// Built on the first restore (a state file, a snapshot loaded): a start without one never needs it.
const snapshotSchema = onFirstUse(() =>
  z.object({
    domains: uniqueBy(huaweiDomain, 'id'),
    projects: uniqueBy(huaweiProject, 'id'),
    users: uniqueBy(huaweiUser, 'id'),
    accessKeys: uniqueBy(huaweiAccessKey, 'accessKeyId'),
    servers: uniqueBy(huaweiServer, 'id'),
    authTokens: uniqueBy(
      z.object({
        id: z.string(),
        userId: z.string(),
        projectId: z.string().optional(),
        domainId: z.string().optional(),
        methods: z.array(z.string()),
        issuedAt: z.number(),
        expiresAt: z.number(),
      }),
      'id',
    ),
    consoleTokens: uniqueBy(
      z.object({
        token: z.string(),
        serverId: z.string(),
        projectId: z.string(),
        protocol: z.string(),
        type: z.string(),
        url: z.string(),
        api: z.enum(['remote-consoles', 'os-getVNCConsole', 'native']),
        issuedAt: z.number(),
        expiresAt: z.number(),
        usedAt: z.number().optional(),
      }),
      'token',
    ),
  }),
);

/** The first IAM user, with the domain and a project of it a token is scoped to. */
function quickLogin(model: HuaweiModel): string {
  const [user] = model.users.values();
  if (!user) return '(no IAM user)';
  const project = [...model.projects.values()].find((p) => p.domainId === user.domainId);
  const domain = model.domains.get(user.domainId)?.name ?? user.domainId;
  return `${user.name} / ${user.password}, domain ${domain}${project ? `, project ${project.name}` : ''}`;
}

const OWNED = /^\/($|v2\.1($|\/)|v3($|\/)|v1\/)/;

/** Huawei Cloud ECS / OpenStack Nova, with IAM (Keystone v3) and the API gateway's AK/SK. */
export function createHuaweiProvider(scenario: HuaweiScenario, ctx: EmulatorContext): Provider<HuaweiModel> {
  const model = new HuaweiModel(scenario, ctx.clock);
  const handle = createHuaweiGateway(model, ctx);
  return {
    name: 'huawei',
    state: model,
    catalogue: huaweiErrors,
    collections: {
      servers: mapCollection('servers', model.servers, huaweiServer, 'id'),
      users: mapCollection('users', model.users, huaweiUser, 'id'),
      accessKeys: mapCollection('accessKeys', model.accessKeys, huaweiAccessKey, 'accessKeyId'),
      projects: mapCollection('projects', model.projects, huaweiProject, 'id'),
      domains: mapCollection('domains', model.domains, huaweiDomain, 'id'),
    },
    snapshot: () => model.snapshot(),
    restore: (data) => model.restore(snapshotSchema().parse(data)),
    owns: (call) => OWNED.test(call.pathname),
    handle,
    console: huaweiConsole(model, ctx.clock),
    headTooLarge,
    unavailable(call, record, answer) {
      const { response, code } = renderHuaweiUnavailable(call, record.requestId ?? '', answer);
      record.code = code;
      return response;
    },
    summary: (baseUrl) => ({
      title: 'Huawei Cloud ECS / OpenStack Nova',
      quickStart: { url: `${baseUrl}/v3`, login: quickLogin(model) },
      endpoints: endpointsOf(huaweiOperations),
      credentials: [
        ...model.scenario.users.map((u) => ({
          kind: 'IAM user',
          id: `${u.name} / ${u.password}`,
          detail: `domain ${model.domains.get(u.domainId)?.name ?? u.domainId}, roles ${u.roles.join(',')}`,
        })),
        ...model.scenario.accessKeys.map((k) => ({
          kind: 'AK/SK',
          id: `${k.accessKeyId} / ${k.secretAccessKey}`,
          detail: `user ${k.userId}`,
        })),
        ...model.scenario.projects.map((p) => ({ kind: 'project', id: p.id, detail: `name ${p.name}` })),
        { kind: 'auth URL', id: `${baseUrl}/v3`, detail: `region ${model.settings.region}` },
      ],
      resources: [...model.servers.values()].map((s) => ({
        name: s.name,
        id: s.id,
        status: `${s.status}${s.host === null ? ' (no host)' : ''}${s.taskState ? ` task ${s.taskState}` : ''}`,
        owner: `project ${model.projects.get(s.projectId)?.name ?? s.projectId}`,
      })),
    }),
  };
}

/** The 413 of the service the path names: the gateway's 32-hex request id on `/v1/`, OpenStack's otherwise. */
function headTooLarge({ url, requestId }: OversizedHead): Answer {
  return renderHuaweiError(new ProviderError(huaweiErrors.RequestEntityTooLarge), {
    requestId: url.pathname.startsWith('/v1/') ? requestId.replace(/-/g, '') : `req-${requestId}`,
    headers: {},
    accept: '',
    wwwAuthenticate: '',
  });
}

/** The regions the ECS SDK knows an endpoint for (docs/providers/huawei.md, "Hosts"). */
const HUAWEI_REGIONS = [
  'ae-ad-1',
  'af-north-1',
  'af-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-east-5',
  'cn-north-1',
  'cn-north-11',
  'cn-north-12',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-south-1',
  'cn-south-2',
  'cn-south-4',
  'cn-southwest-2',
  'cn-southwest-3',
  'eu-west-0',
  'eu-west-101',
  'la-north-2',
  'la-south-2',
  'me-east-1',
  'my-kualalumpur-1',
  'na-mexico-1',
  'ru-moscow-1',
  'sa-brazil-1',
  'tr-west-1',
];

export const huawei: ProviderModule<'huawei', HuaweiModel> = {
  name: 'huawei',
  label: 'Huawei',
  help: 'Huawei Cloud ECS / OpenStack Nova remote-consoles',
  example: [
    'openstack --os-auth-url http://127.0.0.1:9400/v3 --os-username demo \\',
    '  --os-password demo-password --os-user-domain-name demo \\',
    '  --os-project-name cn-north-4 --os-project-domain-name demo \\',
    '  console url show --novnc demo-active',
  ].join('\n'),
  hosts: [
    // ecs.<region>.myhuaweicloud.com, iam.<region>.myhuaweicloud.com, iam.myhuaweicloud.com
    /^(ecs|iam)\.[a-z0-9-]+\.myhuaweicloud\.com$/,
    /^iam\.myhuaweicloud\.com$/,
  ],
  certificateHosts: [
    'iam.myhuaweicloud.com',
    ...HUAWEI_REGIONS.flatMap((region) => [
      `ecs.${region}.myhuaweicloud.com`,
      `iam.${region}.myhuaweicloud.com`,
    ]),
  ],
  demo: huaweiDemo,
  fill: fillHuawei,
  secrets: {
    // Keystone's token headers and the gateway's temporary-credential token.
    headers: ['x-auth-token', 'x-subject-token', 'x-security-token'],
    // The console token, in Huawei's `?token=` and in Nova's `?path=%3Ftoken%3D…` alike.
    urlParams: ['token'],
  },
  create: createHuaweiProvider,
};
