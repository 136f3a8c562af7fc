import type { Refusal } from './target.ts';

const MINUTE_MS = 60_000;

/** A one-time console credential as a provider's model keeps it. */
interface OneShotCredential {
  instanceId: string;
  usedAt?: number | undefined;
}

/**
 * The admission rules of the VNC proxies that hand out one-time URLs: a credential opens one connection, and
 * more than `perMinute` connections a minute to one instance are refused. A refusal for the rate comes before
 * the credential is spent, so a portal that backs off can still use its URL within the URL's lifetime.
 * Returns the refusal, or the credential and its instance once it is redeemed and the connection counted.
 */
export function admitOneShot<T extends OneShotCredential, R>(rules: {
  credential: string | null;
  find(credential: string): T | undefined;
  /** The instance, when it may be connected to now. */
  running(instanceId: string): R | undefined;
  /** Spends the credential; false when it was spent meanwhile. */
  redeem(credential: string): boolean;
  /** The connection times of the last minute per instance, kept by the provider's model. */
  connections: Map<string, number[]>;
  perMinute: number;
  now: number;
}): { refused: Refusal } | { credential: string; issued: T; instance: R } {
  const { credential, connections, now } = rules;
  if (!credential) return { refused: 'TokenMissing' };
  const issued = rules.find(credential);
  if (!issued) return { refused: 'InvalidToken' };
  if (issued.usedAt !== undefined) return { refused: 'TokenUsed' };
  const recent = (connections.get(issued.instanceId) ?? []).filter((at) => at > now - MINUTE_MS);
  if (recent.length >= rules.perMinute) {
    connections.set(issued.instanceId, recent);
    return { refused: 'RateLimited' };
  }
  const instance = rules.running(issued.instanceId);
  if (instance === undefined) return { refused: 'NotRunning' };
  if (!rules.redeem(credential)) return { refused: 'InvalidToken' };
  connections.set(issued.instanceId, [...recent, now]);
  return { credential, issued, instance };
}
