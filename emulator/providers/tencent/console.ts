import { tencentInstanceState } from '../../../contracts/tencent/scenario.ts';
import type { Clock } from '../../clock.ts';
import { admitOneShot } from '../../console/one-shot.ts';
import type { Admission, ConsoleProxy, UpgradeRequest } from '../../console/target.ts';
import type { TencentModel } from './model.ts';

/**
 * Tencent's page, `https://img.qcloud.com/qcloud/app/active_vnc/index.html?InstanceVncUrl=<as returned>`, at
 * the same path here (docs/providers/tencent.md, "DescribeInstanceVncUrl").
 */
const CONSOLE_PAGE = '/qcloud/app/active_vnc/index.html';

/** Tencent's VNC proxy (`wss://<region>vnc.qcloud.com:26789/vnc?s=…`) and its console page. */
export function tencentConsole(model: TencentModel, clock: Clock): ConsoleProxy<TencentModel> {
  return {
    claims: (url) => url.pathname === '/vnc' && url.searchParams.has('s'),
    admit: (request, current) => admitTencent(current, clock, request),
    pages: [
      {
        paths: [CONSOLE_PAGE],
        options: () => ({
          title: 'Tencent Cloud VNC',
          assetBase: '../../../',
          websocketParam: 'InstanceVncUrl',
        }),
      },
    ],
    resources: { collection: 'instances', statuses: tencentInstanceState.options },
    tokens: () =>
      model.vncTickets.all().map((t) => ({
        provider: 'tencent',
        token: t.ticket,
        resourceId: t.instanceId,
        credential: t.secretId,
        issuedAt: t.issuedAt,
        expiresAt: t.expiresAt,
        ...(t.usedAt !== undefined ? { usedAt: t.usedAt } : {}),
        oneTime: true,
        // As a portal builds it: the answer's value appended unchanged.
        open: `${CONSOLE_PAGE}?InstanceVncUrl=${t.instanceVncUrl}`,
      })),
  };
}

/**
 * The proxy's rules (docs/providers/tencent.md, "DescribeInstanceVncUrl"): a URL opens one connection within
 * its 15 s, and more than 30 connections a minute to one instance are refused. What the real proxy answers a
 * refused ticket is not documented; like the other proxies, the emulator accepts the upgrade and closes it.
 */
export function admitTencent(
  current: () => TencentModel | undefined,
  clock: Clock,
  request: UpgradeRequest,
): Admission {
  const model = current();
  if (!model) return { refused: 'TokenMissing' };
  const admitted = admitOneShot({
    credential: request.url.searchParams.get('s'),
    find: (s) => model.vncTickets.get(s),
    running: (id) => {
      const instance = model.instances.get(id);
      return instance?.instanceState === 'RUNNING' ? instance : undefined;
    },
    redeem: (s) => model.redeemVncTicket(s) !== undefined,
    connections: model.consoleConnections,
    perMinute: model.settings.consoleConnectionsPerMinute,
    now: clock.now(),
  });
  if ('refused' in admitted) return admitted;
  const { credential: ticket, instance } = admitted;
  const id = instance.instanceId;
  return {
    target: {
      provider: 'tencent',
      token: ticket,
      resourceId: id,
      screenKey: `tencent/${id}`,
      identity: { title: 'Tencent Cloud CVM', kind: 'instance', id, name: instance.instanceName },
      desktopName: id,
      live: () => current()?.instances.get(id)?.instanceState === 'RUNNING',
    },
  };
}
