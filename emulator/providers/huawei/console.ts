import type { HuaweiServer } from '../../../contracts/huawei/scenario.ts';
import type { Clock } from '../../clock.ts';
import type { Admission, UpgradeRequest } from '../../console/target.ts';
import type { HuaweiModel } from './model.ts';

/**
 * Statuses in which the libvirt domain runs, so QEMU's VNC server answers the proxy. In the others (SHUTOFF,
 * SUSPENDED, SHELVED…) the URL is still handed out but the connection fails at the proxy (reference §1.3).
 */
const RUNNING: ReadonlySet<HuaweiServer['status']> = new Set(['ACTIVE', 'PAUSED', 'REBOOT', 'RESIZE']);

/**
 * nova-novncproxy's `new_websocket_client` (reference §3.3): the token from the query, else from a `token`
 * cookie; the Origin, when sent, must name the host the browser connected to; then the token must be live.
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
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.headers.host)) {
    return { refused: 'OriginMismatch' };
  }
  // A spice or serial token belongs to another proxy, whose port check fails here (`_check_console_port`).
  const issued = model.consoleTokens.get(token);
  if (issued?.protocol !== 'vnc') return { refused: 'InvalidToken' };
  if (issued.usedAt !== undefined && model.settings.consoleTokenUse === 'one-time')
    return { refused: 'TokenUsed' };
  const server = model.servers.get(issued.serverId);
  if (!server || !RUNNING.has(server.status)) return { refused: 'NotRunning' };
  issued.usedAt ??= clock.now();
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

/** nova compares host names only (`urlparse(origin).hostname` against the Host header without port). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).hostname === new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
}
