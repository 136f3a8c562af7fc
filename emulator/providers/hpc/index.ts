import { z } from 'zod';
import { hpcDemo } from '../../../contracts/hpc/demo.ts';
import { hpcErrors } from '../../../contracts/hpc/errors.ts';
import { hpcOperations } from '../../../contracts/hpc/operations.ts';
import {
  type HpcScenario,
  hpcAccessKey,
  hpcCluster,
  hpcSettings,
  hpcUser,
} from '../../../contracts/hpc/scenario.ts';
import { uniqueBy } from '../../../contracts/unique.ts';
import { type Collection, CollectionError, mapCollection } from '../../collections.ts';
import { endpointsOf } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { onFirstUse } from '../../memo.ts';
import type { EmulatorContext, Provider, ProviderModule } from '../../provider.ts';
import { hpcConsole } from './console.ts';
import { renderHpcError } from './errors.ts';
import { fillHpc } from './fill.ts';
import { HpcModel } from './model.ts';
import { createHpcGateway } from './routes.ts';

// Built on the first restore (a state file, a snapshot loaded): a start without one never needs it.
const snapshotSchema = onFirstUse(() =>
  z.object({
    settings: hpcSettings,
    users: uniqueBy(hpcUser, 'name'),
    clusters: uniqueBy(hpcCluster, 'id'),
    accessKeys: uniqueBy(hpcAccessKey, 'accessKey'),
    sessions: uniqueBy(
      z.object({
        id: z.string(),
        clusterId: z.string(),
        user: z.string(),
        computeUser: z.string(),
        node: z.string(),
        display: z.number().int(),
        type: z.string(),
        vncPassword: z.string(),
        createdAt: z.number(),
        lastActiveAt: z.number(),
      }),
      'clusterId',
      'id',
    ),
    launchTokens: uniqueBy(
      z.object({
        token: z.string(),
        sessionId: z.string(),
        clusterId: z.string(),
        user: z.string(),
        vncPassword: z.string(),
        mm: z.string(),
        novncUrl: z.string(),
        issuedAt: z.number(),
        expiresAt: z.number(),
      }),
      'token',
    ),
  }),
);

/** VNC sessions: read and delete here; create them as a user does, with `PUT /hpc/openapi/v2/desktop/vnc`. */
function sessionCollection(model: HpcModel): Collection {
  const find = (id: string) => [...model.sessions.values()].find((s) => s.id === id);
  const refuse = () => {
    throw new CollectionError(
      400,
      'create VNC sessions through PUT /hpc/openapi/v2/desktop/vnc with a user token',
    );
  };
  return {
    list: () => [...model.sessions.values()],
    get: find,
    put: refuse,
    patch: refuse,
    remove(id) {
      const session = find(id);
      if (session) model.desktop.deleteSession(session);
      return session !== undefined;
    },
  };
}

/** `/ac/…` (auth, center), `/hpc/…` (region APIs) and `/api/user/…` (AK/SK tokens), as on SCNet (§1). */
/** The first user, with the orgId its password login sends. */
function quickLogin(model: HpcModel): string {
  const [user] = model.users.values();
  if (!user) return '(no user)';
  const [orgId] = model.orgIds;
  return `${user.name} / ${user.password}${orgId ? `, orgId ${orgId}` : ''}`;
}

const OWNED = /^\/(ac\/|hpc\/|api\/user\/)/;

/** SCNet / Sugon AC OpenAPI v2: tokens, regions and the VNC desktop sessions behind the launch URL. */
export function createHpcProvider(scenario: HpcScenario, ctx: EmulatorContext): Provider<HpcModel> {
  const model = new HpcModel(scenario, ctx.clock);
  const handle = createHpcGateway(model, ctx);
  return {
    name: 'hpc',
    state: model,
    catalogue: hpcErrors,
    collections: {
      users: mapCollection('users', model.users, hpcUser, 'name'),
      clusters: mapCollection('clusters', model.clusters, hpcCluster, 'id'),
      accessKeys: mapCollection('accessKeys', model.accessKeys, hpcAccessKey, 'accessKey'),
      sessions: sessionCollection(model),
    },
    snapshot: () => model.snapshot(),
    restore: (data) => model.restore(snapshotSchema().parse(data)),
    owns: (call) => OWNED.test(call.pathname),
    handle,
    console: hpcConsole(model),
    headTooLarge: ({ url }) =>
      renderHpcError(new ProviderError(hpcErrors.ContentTooLarge), {
        now: ctx.clock.now(),
        path: url.pathname,
      }),
    unavailable(call, record) {
      // The platform documents no 503: 10001 内部错误 is its server error, in the usual HTTP 200 envelope.
      record.code = hpcErrors.InternalError.code;
      return renderHpcError(new ProviderError(hpcErrors.InternalError), {
        now: ctx.clock.now(),
        path: call.pathname,
      });
    },
    summary: (baseUrl) => ({
      title: 'SCNet / Sugon HPC (AC OpenAPI v2)',
      quickStart: { url: baseUrl, login: quickLogin(model) },
      endpoints: endpointsOf(hpcOperations),
      credentials: [
        ...[...model.users.values()].map((u) => ({
          kind: 'user',
          id: `${u.name} / ${u.password}`,
          detail: `computeUser ${u.computeUser}, ${u.accountStatus}, clusters ${u.clusters.join(',')}`,
        })),
        ...[...model.orgIds].map((id) => ({
          kind: 'orgId',
          id,
          detail: 'header orgId of /ac/openapi/v2/tokens',
        })),
        ...[...model.accessKeys.values()].map((k) => ({
          kind: 'AK/SK',
          id: `${k.accessKey} / ${k.secretKey}`,
          detail: `user ${k.user}`,
        })),
        { kind: 'base URL', id: baseUrl, detail: '/ac, /hpc and /api/user on one listener' },
      ],
      resources: [
        ...[...model.clusters.values()].map((c) => ({
          name: c.name,
          id: `cluster ${c.id}`,
          detail: `VNC nodes ${c.vncNodes.map((n) => `${n.name}${n.overloaded ? ' (overloaded)' : ''}`).join(', ')}`,
        })),
        ...[...model.sessions.values()].map((s) => ({
          name: 'VNC session',
          id: s.id,
          detail: `cluster ${s.clusterId}, owner ${s.user}, VNC password ${s.vncPassword}`,
        })),
      ],
    }),
  };
}

export const hpc: ProviderModule<'hpc', HpcModel> = {
  name: 'hpc',
  label: 'HPC',
  help: 'SCNet/Sugon HPC desktop launch URL',
  hosts: [
    // scnet.cn and its gateways, hpccube.com, the demo and AC hosts (docs/providers/hpc.md)
    /^([a-z0-9-]+\.)*scnet\.cn$/,
    /^([a-z0-9-]+\.)*hpccube\.com$/,
    /^scnet-demo\.accloud\.cn$/,
    /^ac\.sugon\.com$/,
  ],
  // One level of subdomain: the gateways the docs name (api., www., zzhpc., cancon., api01.).
  certificateHosts: [
    'scnet.cn',
    '*.scnet.cn',
    'hpccube.com',
    '*.hpccube.com',
    'scnet-demo.accloud.cn',
    'ac.sugon.com',
  ],
  demo: hpcDemo,
  fill: fillHpc,
  secrets: {
    // The platform's credentials travel in plain headers (`token`; `signature` on the AccessKey login).
    headers: ['token', 'signature'],
    // The launch URL's websockify token, and `mm`, the VNC password it carries encrypted.
    urlParams: ['token', 'mm'],
  },
  create: createHpcProvider,
};
