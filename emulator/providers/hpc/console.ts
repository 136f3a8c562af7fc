import type { Admission, UpgradeRequest } from '../../console/target.ts';
import type { HpcModel } from './model.ts';

/**
 * The gateway's `/vncws?token=<uuid>` (hpc reference §5): the websockify token-plugin pattern, mapping the
 * launch URL's token to the session's VNC node. The token is good while the model keeps it (revoked with its
 * session); the session's VNC password, which `mm` carries to the page, is checked by VNC Authentication. A
 * refused token is dropped after the upgrade, as websockify's token plugin does (`EClose`).
 */
export function admitHpc(current: () => HpcModel | undefined, request: UpgradeRequest): Admission {
  const model = current();
  const token = request.url.searchParams.get('token');
  if (!model || !token) return { refused: 'TokenMissing' };
  const launch = model.launchTokens.get(token);
  const session = launch && model.findSession(launch.clusterId, launch.sessionId);
  if (!launch || !session) return { refused: 'InvalidToken' };
  model.touchSession(session);
  const { clusterId, id } = session;
  return {
    target: {
      provider: 'hpc',
      token,
      resourceId: id,
      screenKey: `hpc/${clusterId}/${id}`,
      identity: {
        title: 'SCNet HPC (Sugon AC)',
        kind: 'session',
        id,
        name: `${session.computeUser} on ${session.node} display :${session.display}`,
      },
      // Xvnc's desktop name, `<host>:<display> (<user>)`.
      desktopName: `${session.node}:${session.display} (${session.computeUser})`,
      password: session.vncPassword,
      // A viewed session is in use, so it never counts as idle for the 01:00 cleanup (§3.2).
      // Touched before the lookup, whose lazy cleanup would otherwise see a jump of the clock as idleness.
      live: () => {
        const now = current();
        now?.touchSession(session);
        return now?.findSession(clusterId, id) !== undefined;
      },
    },
  };
}
