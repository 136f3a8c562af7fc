import { aliyunInstanceStatus } from '../../../contracts/aliyun/scenario.ts';
import type { Clock } from '../../clock.ts';
import { admitOneShot } from '../../console/one-shot.ts';
import type { Admission, ConsoleProxy, UpgradeRequest } from '../../console/target.ts';
import type { AliyunModel } from './model.ts';

/**
 * The page Alibaba serves from `g.alicdn.com/aliyun/ecs-console-vnc2/<version>/index.html` (and the older
 * `ecs-console-vnc`), at the same path here: a portal opens it around `VncUrl` (docs/providers/consoles.md).
 */
const PAGE_PATHS = ['ecs-console-vnc2', 'ecs-console-vnc'].map((p) => `/aliyun/${p}/:version/index.html`);
const CONSOLE_PAGE = '/aliyun/ecs-console-vnc2/0.0.8/index.html';

/**
 * Alibaba's VNC proxy and console page. Its `/websockify/?s=` shares the path with Nova's
 * `/websockify?token=`; the parameter tells them apart, and Alibaba comes first in the dispatch order.
 */
export function aliyunConsole(model: AliyunModel, clock: Clock): ConsoleProxy<AliyunModel> {
  return {
    claims: (url) =>
      (url.pathname === '/' || url.pathname === '/websockify' || url.pathname === '/websockify/') &&
      url.searchParams.has('s'),
    admit: (request, current) => admitAliyun(current, clock, request),
    pages: [
      {
        paths: PAGE_PATHS,
        options: () => ({
          title: 'ECS VNC',
          assetBase: '../../../',
          websocketParam: 'vncUrl',
          caption: ['instanceId', 'isWindows'],
        }),
      },
    ],
    resources: { collection: 'instances', statuses: aliyunInstanceStatus.options },
    tokens: () =>
      model.vncTokens.all().map((t) => {
        const instance = model.instances.get(t.instanceId);
        const query = new URLSearchParams({
          instanceId: t.instanceId,
          isWindows: String(instance?.osType === 'windows'),
          ...(instance?.vncPassword ? { password: instance.vncPassword } : {}),
        });
        return {
          provider: 'aliyun',
          token: t.token,
          resourceId: t.instanceId,
          credential: t.accessKeyId,
          issuedAt: t.issuedAt,
          expiresAt: t.expiresAt,
          ...(t.usedAt !== undefined ? { usedAt: t.usedAt } : {}),
          oneTime: true,
          // `vncUrl` goes in as the API answered it, percent-encoded once, as a portal passes it on.
          open: `${CONSOLE_PAGE}?vncUrl=${t.vncUrl}&${query}`,
        };
      }),
  };
}

/**
 * Alibaba's VNC proxy (`wss://…-vncproxy.aliyun.com/websockify/?s=<token>`, docs/providers/aliyun.md §4): the token
 * opens one connection within its 15 s; more than 30 connections a minute to one instance are refused; a
 * session without interaction for the keepalive (300 s, 60 s in the older docs) is closed. What the proxy
 * answers a refused token is not documented (§4, UNVERIFIED); `/websockify` is websockify, whose token plugin
 * accepts the upgrade and then drops the socket (`EClose` in `top_new_client`), so the emulator does that.
 * The limits are scenario settings, so scenario files and the control API can change them.
 */
export function admitAliyun(
  current: () => AliyunModel | undefined,
  clock: Clock,
  request: UpgradeRequest,
): Admission {
  const model = current();
  if (!model) return { refused: 'TokenMissing' };
  const admitted = admitOneShot({
    credential: request.url.searchParams.get('s'),
    find: (s) => model.vncTokens.get(s),
    running: (id) => {
      const instance = model.instances.get(id);
      return instance?.status === 'Running' ? instance : undefined;
    },
    redeem: (s) => model.redeemVncToken(s) !== undefined,
    connections: model.consoleConnections,
    perMinute: model.settings.consoleConnectionsPerMinute,
    now: clock.now(),
  });
  if ('refused' in admitted) return admitted;
  const { credential: token, instance } = admitted;
  const id = instance.instanceId;
  return {
    target: {
      provider: 'aliyun',
      token,
      resourceId: id,
      screenKey: `aliyun/${id}`,
      identity: { title: 'Alibaba Cloud ECS', kind: 'instance', id, name: instance.instanceName },
      desktopName: id,
      // ModifyInstanceVncPasswd sets it; without one the console is passwordless (docs/providers/aliyun.md §4).
      password: instance.vncPassword,
      idleTimeoutMs: model.settings.consoleKeepaliveSeconds * 1000,
      live: () => current()?.instances.get(id)?.status === 'Running',
    },
  };
}
