import { type HuaweiServer, huaweiServerStatus } from '../../../contracts/huawei/scenario.ts';
import type { Clock } from '../../clock.ts';
import type { Admission, ConsoleProxy, UpgradeRequest } from '../../console/target.ts';
import type { HuaweiModel } from './model.ts';

/**
 * Statuses in which the libvirt domain runs, so QEMU's VNC server answers the proxy. In the others (SHUTOFF,
 * SUSPENDED, SHELVED…) the URL is still handed out but the connection fails at the proxy (docs/providers/huawei.md §1.3).
 */
const RUNNING: ReadonlySet<HuaweiServer['status']> = new Set(['ACTIVE', 'PAUSED', 'REBOOT', 'RESIZE']);

/**
 * nova-novncproxy and its pages. The proxy ignores the path (noVNC's `path` decides it: `/websockify` or `/`).
 * The pages, `/vnc_auto.html` and Huawei's documented `/vnc.auto.html`, are static files of nova-novncproxy:
 * 200 whatever the token, which is checked on the websocket (docs/providers/consoles.md).
 */
export function huaweiConsole(model: HuaweiModel, clock: Clock): ConsoleProxy<HuaweiModel> {
  return {
    claims: (url) =>
      url.pathname === '/' || url.pathname === '/websockify' || url.pathname === '/websockify/',
    admit: (request, current) => admitHuawei(current, clock, request),
    pages: [
      { paths: ['/vnc_auto.html', '/vnc.auto.html'], options: () => ({ title: 'noVNC', assetBase: './' }) },
    ],
    resources: { collection: 'servers', statuses: huaweiServerStatus.options },
    tokens: () =>
      model.consoleTokens.all().map((t) => ({
        provider: 'huawei',
        token: t.token,
        resourceId: t.serverId,
        credential: t.projectId,
        issuedAt: t.issuedAt,
        expiresAt: t.expiresAt,
        ...(t.usedAt !== undefined ? { usedAt: t.usedAt } : {}),
        oneTime: model.settings.consoleTokenUse === 'one-time',
        // Only VNC has a page here; serial and SPICE URLs are for their own clients.
        ...(t.protocol === 'vnc' ? { open: t.url } : {}),
      })),
  };
}

/**
 * nova-novncproxy's `new_websocket_client` (`nova/console/websocketproxy.py`): the token from the query, else from a `token`
 * cookie; the token must be live; then the Origin, when sent, must name the host and scheme the browser used.
 * Every refusal happens after the upgrade, so the caller drops the socket without a close frame.
 */
export function admitHuawei(
  current: () => HuaweiModel | undefined,
  clock: Clock,
  request: UpgradeRequest,
): Admission {
  const model = current();
  if (!model) return { refused: 'InternalError' };
  const token = request.url.searchParams.get('token') ?? cookie(request.headers.cookie, 'token');
  if (!token) return { refused: 'TokenMissing' };
  // A spice or serial token belongs to another proxy, whose port check fails here (`_check_console_port`).
  const issued = model.consoleTokens.get(token);
  if (issued?.protocol !== 'vnc') return { refused: 'InvalidToken' };
  if (issued.usedAt !== undefined && model.settings.consoleTokenUse === 'one-time')
    return { refused: 'TokenUsed' };
  const server = model.servers.get(issued.serverId);
  if (!server || !RUNNING.has(server.status)) return { refused: 'NotRunning' };
  // Nova checks the Origin after the token, as here; a refused Origin leaves a one-time token unspent.
  if (!originAllowed(request.headers, issued.url)) return { refused: 'OriginMismatch' };
  model.consoleTokens.use(token, clock.now());
  return {
    target: {
      provider: 'huawei',
      token,
      resourceId: server.id,
      screenKey: `huawei/${server.id}`,
      identity: { title: 'Huawei Cloud ECS (Nova)', kind: 'server', id: server.id, name: server.name },
      desktopName: server.name,
      // The current model: the control plane may have reset or reloaded the state since.
      live: () => {
        const now = current()?.servers.get(server.id);
        return now !== undefined && RUNNING.has(now.status);
      },
    },
  };
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * nova-novncproxy's Origin check (`new_websocket_client`, `verify_origin_proto`): no Origin is a non-browser
 * client and passes; otherwise its host name must be the Host header's (ports are not compared) and its scheme,
 * or `X-Forwarded-Proto` when a TLS proxy in front sets it, the console URL's (`http` or `https`). An Origin
 * without a host (`null`, from a sandboxed frame or a `file:` page) is refused too.
 */
function originAllowed(headers: UpgradeRequest['headers'], consoleUrl: string): boolean {
  const { origin, host } = headers;
  if (origin === undefined) return true;
  try {
    const from = new URL(origin);
    const forwarded = headers['x-forwarded-proto'];
    const scheme = typeof forwarded === 'string' ? `${forwarded.trim().toLowerCase()}:` : from.protocol;
    return (
      host !== undefined &&
      from.hostname !== '' &&
      from.hostname === new URL(`http://${host}`).hostname &&
      scheme === new URL(consoleUrl).protocol
    );
  } catch {
    return false;
  }
}
