import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { readBody } from '../../body.ts';
import { ProviderError } from '../../errors.ts';
import { authenticateGateway, mayOpenConsole } from './iam.ts';
import { type HuaweiWire, parseJson } from './wire.ts';

/** Huawei's native ECS API behind the API gateway (AK/SK, docs/providers/huawei.md §4.1): `ShowServerRemoteConsole`. */
export function nativeRoutes(w: HuaweiWire): void {
  const { op, model, ctx, consoleUrl, serverId } = w;
  op('showServerRemoteConsole', async (c) => {
    const body = await readBody(c.req.raw, ctx.maxBodyBytes);
    const projectId = c.req.param('project_id');
    const caller = authenticateGateway(model, ctx.clock, c.req.raw, new URL(c.req.url), body, projectId);
    c.env.record.credential = caller.credential;
    await ctx.faults.apply({
      provider: 'huawei',
      operation: 'showServerRemoteConsole',
      credential: caller.credential,
      resource: serverId(c),
    });
    if (caller.projectId !== projectId || !mayOpenConsole(caller))
      throw new ProviderError(huaweiErrors['Ecs.0003']);
    const parsed = parseJson(body);
    const request = parsed.ok
      ? (parsed.value as { remote_console?: { protocol?: unknown; type?: unknown } })
      : undefined;
    const option = request?.remote_console;
    if (option?.protocol !== 'vnc' || option.type !== 'novnc')
      throw new ProviderError(huaweiErrors['Ecs.0005']);
    const id = serverId(c);
    const server = model.findServer(projectId, id);
    if (!server) throw new ProviderError(huaweiErrors['Ecs.0114'], { instance_id: id });
    if (server.host === null || server.taskState !== null) throw new ProviderError(huaweiErrors['Ecs.0100']);
    const issued = model.issueConsoleToken(
      server,
      { protocol: 'vnc', type: 'novnc', api: 'native' },
      consoleUrl(c, 'vnc', 'native'),
    );
    return new Response(
      JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc', url: issued.url } }),
      {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': c.get('requestId') },
      },
    );
  });
}
