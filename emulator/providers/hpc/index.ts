import { type HpcScenarioInput, hpcScenario } from '../../../contracts/hpc/scenario.ts';
import type { EmulatorContext, Provider } from '../../provider.ts';
import { HpcModel } from './model.ts';
import { createHpcRoutes } from './routes.ts';

/** `/ac/…` (auth, center), `/hpc/…` (region APIs) and `/api/user/…` (AK/SK tokens), as on SCNet (§1). */
const OWNED = /^\/(ac\/|hpc\/|api\/user\/)/;

/** SCNet / Sugon AC OpenAPI v2: tokens, regions and the VNC desktop sessions behind the launch URL. */
export function createHpcProvider(input: HpcScenarioInput, ctx: EmulatorContext): Provider<HpcModel> {
  const model = new HpcModel(hpcScenario.parse(input), ctx.clock);
  const app = createHpcRoutes(model, ctx);
  return {
    name: 'hpc',
    state: model,
    owns: (_request, url) => OWNED.test(url.pathname),
    handle: async (request, record) => app.fetch(request, { record }),
    summary: (baseUrl) => ({
      title: 'SCNet / Sugon HPC (AC OpenAPI v2)',
      endpoints: [
        {
          method: 'POST',
          path: '/ac/openapi/v2/tokens',
          what: 'tokens per region (headers user, password, orgId)',
        },
        { method: 'POST', path: '/api/user/v3/tokens', what: 'tokens per region (AK/SK signature)' },
        { method: 'GET', path: '/ac/openapi/v2/tokens/state', what: 'is this token valid' },
        { method: 'POST', path: '/ac/openapi/v2/tokens/next', what: 'renew a token' },
        { method: 'GET', path: '/ac/openapi/v2/center', what: 'region URLs (hpcUrls, …) for a region token' },
        { method: 'PUT', path: '/hpc/openapi/v2/desktop/vnc', what: 'create the VNC session (one per user)' },
        { method: 'GET', path: '/hpc/openapi/v2/desktop/vnc', what: 'list VNC sessions' },
        {
          method: 'GET',
          path: '/hpc/openapi/v2/desktop/vnc/{sessionId}/launchurl',
          what: 'noVNC launch URL',
        },
        { method: 'DELETE', path: '/hpc/openapi/v2/desktop/vnc/{sessionId}', what: 'delete a VNC session' },
      ],
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
