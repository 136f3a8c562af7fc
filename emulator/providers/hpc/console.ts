import { decodeMm, parseLaunchUrl } from '../../../contracts/hpc/launchurl.ts';
import type { Admission, ConsoleProxy, UpgradeRequest } from '../../console/target.ts';
import type { HpcModel } from './model.ts';

/**
 * The gateway's websocket proxy and the launch URL's page, `/vnc.html?path=/vncws?token=…&mm=…&resize=remote`,
 * which recovers the session's VNC password from `mm` as Sugon's customised page does (docs/providers/hpc.md).
 */
export function hpcConsole(model: HpcModel): ConsoleProxy<HpcModel> {
  return {
    claims: (url) => url.pathname === '/vncws',
    admit: (request, current) => admitHpc(current, request),
    pages: [
      {
        paths: ['/vnc.html'],
        options: (requestUrl) => {
          const launch = parseLaunchUrl(requestUrl);
          return {
            title: 'noVNC',
            assetBase: './',
            password: launch && decodeMm(launch.mm, model.settings.mmKey),
          };
        },
      },
    ],
    // A VNC session has no status: it lives until it is deleted.
    resources: { collection: 'sessions', statuses: [] },
    tokens: () =>
      model.launchTokens.all().map((t) => ({
        provider: 'hpc',
        token: t.token,
        resourceId: t.sessionId,
        credential: t.user,
        issuedAt: t.issuedAt,
        // The model's "until the session goes" is the largest safe integer.
        expiresAt: t.expiresAt === Number.MAX_SAFE_INTEGER ? null : t.expiresAt,
        oneTime: false,
        open: t.novncUrl,
      })),
  };
}

/**
 * The gateway's `/vncws?token=<uuid>` (docs/providers/hpc.md §5): the websockify token-plugin pattern, mapping the
 * launch URL's token to the session's VNC node. The token is good while the model keeps it (revoked with its
 * session); the session's VNC password, which `mm` carries to the page, is checked by VNC Authentication. A
 * refused token is dropped after the upgrade, as websockify's token plugin does (`EClose`).
 */
export function admitHpc(current: () => HpcModel | undefined, request: UpgradeRequest): Admission {
  const model = current();
  const token = request.url.searchParams.get('token');
  if (!model || !token) return { refused: 'TokenMissing' };
  const launch = model.launchTokens.get(token);
  const session = launch && model.desktop.findSession(launch.clusterId, launch.sessionId);
  if (!launch || !session) return { refused: 'InvalidToken' };
  model.desktop.touchSession(session);
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
        now?.desktop.touchSession(session);
        return now?.desktop.findSession(clusterId, id) !== undefined;
      },
    },
  };
}
