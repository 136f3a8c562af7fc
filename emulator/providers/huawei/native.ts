import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { ProviderError } from '../../errors.ts';
import { answer } from '../../pipeline/answer.ts';
import { mayOpenConsole } from './iam.ts';
import type { Caller } from './model.ts';
import { type HuaweiWire, parseJson } from './wire.ts';

const NATIVE_CONSOLE = { protocol: 'vnc', type: 'novnc', api: 'native' } as const;

/**
 * Huawei's native ECS API behind the API gateway (AK/SK, docs/providers/huawei.md §4.1):
 * `ShowServerRemoteConsole`, once the gateway's steps (body limit, authentication, faults) let the call in.
 */
export function nativeRoutes(w: HuaweiWire): void {
  const { op, model, base, serverId } = w;
  op('showServerRemoteConsole', (call) => {
    const projectId = call.param('project_id') ?? '';
    const caller = call.caller as Caller;
    if (caller.projectId !== projectId || !mayOpenConsole(caller))
      throw new ProviderError(huaweiErrors['Ecs.0003']);
    const parsed = parseJson(call.body);
    const request = parsed.ok
      ? (parsed.value as { remote_console?: { protocol?: unknown; type?: unknown } })
      : undefined;
    const option = request?.remote_console;
    if (option?.protocol !== 'vnc' || option.type !== 'novnc')
      throw new ProviderError(huaweiErrors['Ecs.0005']);
    const id = serverId(call);
    const server = model.findServer(projectId, id);
    if (!server) throw new ProviderError(huaweiErrors['Ecs.0114'], { instance_id: id });
    if (server.host === null || server.taskState !== null) throw new ProviderError(huaweiErrors['Ecs.0100']);
    const url = model.issueConsoleToken(server, NATIVE_CONSOLE, base(call));
    return answer(JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc', url } }), 200, {
      'Content-Type': 'application/json',
      'X-Request-Id': call.requestId,
    });
  });
}
