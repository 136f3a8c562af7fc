import type { Clock } from '../../clock.ts';
import type { Admission, UpgradeRequest } from '../../console/target.ts';
import type { AliyunModel } from './model.ts';

const MINUTE_MS = 60_000;

export interface AliyunConsoleLimits {
  keepaliveSeconds: number;
  connectionsPerMinute: number;
}

/**
 * Alibaba's VNC proxy (`wss://…-vncproxy.aliyun.com/websockify/?s=<token>`, aliyun reference §4): the token
 * opens one connection within its 15 s; more than 30 connections a minute to one instance are refused; a
 * session without interaction for the keepalive (300 s, 60 s in the older docs) is closed. What the proxy
 * answers a refused token is not documented (§4, UNVERIFIED); `/websockify` is websockify, whose token plugin
 * accepts the upgrade and then drops the socket (`EClose` in `top_new_client`), so the emulator does that.
 */
export function admitAliyun(
  current: () => AliyunModel | undefined,
  clock: Clock,
  connections: Map<string, number[]>,
  limits: AliyunConsoleLimits,
  request: UpgradeRequest,
): Admission {
  const model = current();
  const token = request.url.searchParams.get('s');
  if (!model || !token) return { refused: 'TokenMissing' };
  const issued = model.vncTokens.get(token);
  if (!issued) return { refused: 'InvalidToken' };
  if (issued.usedAt !== undefined) return { refused: 'TokenUsed' };
  const now = clock.now();
  // Refused before the token is spent: a portal that backs off can still use its URL within the 15 s.
  const recent = (connections.get(issued.instanceId) ?? []).filter((at) => at > now - MINUTE_MS);
  if (recent.length >= limits.connectionsPerMinute) {
    connections.set(issued.instanceId, recent);
    return {
      refused: 'RateLimited',
    };
  }
  const instance = model.instances.get(issued.instanceId);
  if (instance?.status !== 'Running') return { refused: 'NotRunning' };
  if (!model.redeemVncToken(token)) return { refused: 'InvalidToken' };
  connections.set(issued.instanceId, [...recent, now]);
  const id = instance.instanceId;
  return {
    target: {
      provider: 'aliyun',
      token,
      resourceId: id,
      screenKey: `aliyun/${id}`,
      identity: { title: 'Alibaba Cloud ECS', kind: 'instance', id, name: instance.instanceName },
      desktopName: id,
      // ModifyInstanceVncPasswd sets it; without one the console is passwordless (reference §4).
      password: instance.vncPassword,
      idleTimeoutMs: limits.keepaliveSeconds * 1000,
      live: () => current()?.instances.get(id)?.status === 'Running',
    },
  };
}
