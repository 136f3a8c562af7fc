import { hpcErrors } from '../../../contracts/hpc/errors.ts';
import { novncUrl } from '../../../contracts/hpc/launchurl.ts';
import { type HpcOperationName, hpcOperations } from '../../../contracts/hpc/operations.ts';
import {
  akskTimestamp,
  akskTokenHeaders,
  passwordTokenHeaders,
  type VncSession,
  vncSessionId,
} from '../../../contracts/hpc/schemas.ts';
import { ProviderError } from '../../errors.ts';
import type { Answer } from '../../pipeline/answer.ts';
import { bodyLimit } from '../../pipeline/body-limit.ts';
import type { Call } from '../../pipeline/call.ts';
import { faults } from '../../pipeline/faults.ts';
import { gateway } from '../../pipeline/gateway.ts';
import { Operations } from '../../pipeline/operations.ts';
import type { EmulatorContext } from '../../provider.ts';
import { envelopeResponse, renderHpcError, successJson } from './errors.ts';
import {
  type Caller,
  CST_OFFSET_MS,
  type HpcModel,
  PLATFORM_CLUSTER,
  type VncSessionState,
} from './model.ts';

const ok = (data: unknown) => envelopeResponse('0', 'success', data);

/** How many well-formed session ids `ownSession` remembers (all forgotten when full), and how long at most. */
const WELL_FORMED = 1024;
const WELL_FORMED_LENGTH = 256;

/** `yyyy-MM-dd HH:mm:ss` in China Standard Time, the platform's local time (§6). */
function cstTime(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function sessionView(session: VncSessionState): VncSession {
  return {
    sessionId: session.id,
    hostName: session.node,
    displayNumber: String(session.display),
    port: String(5900 + session.display),
    userName: session.computeUser,
    sessionType: session.type,
    status: 'RUNNING',
    createTime: cstTime(session.createdAt),
  };
}

/** `/hpc/openapi/v2/desktop/vnc/{sessionId}` as a pattern matching it at any other `v<n>` and any session id. */
function versionlessPattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      /^v\d+$/.test(segment)
        ? `(?!${segment}/)v\\d+`
        : /^\{[^}]+\}$/.test(segment)
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The SCNet gateway, in its order: the route (10009 for another API version, a Spring 404, a 405 with
 * `Allow`), the body limit (10012), fault rules, then the operation, which checks the `token` header itself
 * (each operation answers a missing or bad token its own way, §2).
 */
export function createHpcGateway(
  model: HpcModel,
  ctx: EmulatorContext,
): (call: Call) => Answer | Promise<Answer> {
  const { settings } = model;
  const base = (call: Call) => ctx.publicUrl(call);
  const operations = new Operations<HpcOperationName, Call>(hpcOperations);
  const op = operations.op.bind(operations);
  /** Each served path with its version segment and parameters left open. */
  const versionless = [...new Set(Object.values(hpcOperations).map((o) => o.path))].map(versionlessPattern);

  /**
   * Whether a path is one the platform serves but at another API version (`/hpc/openapi/v1/…` for v2,
   * `/api/user/v2/tokens` for v3): the desktop table's 10009 不支持的版本, not a bare 404.
   */
  const servedAtAnotherVersion = (path: string) => versionless.some((pattern) => pattern.test(path));

  /** No operation here: another version's path (10009), another method (405 with `Allow`, §4.1), or 404. */
  const miss = (call: Call, allow: readonly string[]): never => {
    if (allow.length > 0) {
      call.record.operation = 'methodNotAllowed';
      throw new ProviderError(hpcErrors.MethodNotAllowed, {}, { Allow: allow.join(', ') });
    }
    if (servedAtAnotherVersion(call.path)) {
      call.record.operation = 'unsupportedVersion';
      throw new ProviderError(hpcErrors.UnsupportedVersion);
    }
    call.record.operation = 'unknownPath';
    throw new ProviderError(hpcErrors.NotFound);
  };

  /** Fault rules name an HPC user: the `token` header's owner, or the `user` / `accessKey` login header. */
  const faultCredential = (call: Call): string | undefined => {
    const token = call.header('token');
    if (token) {
      try {
        return model.tokens.authenticate(token).user.name;
      } catch {
        return undefined;
      }
    }
    return call.header('user') ?? call.header('accessKey') ?? undefined;
  };

  /** The `token` header's caller: missing 10003, invalid or expired 10008, then the rate limit 10011. */
  const caller = (call: Call): Caller => {
    const token = call.header('token');
    if (!token) throw new ProviderError(hpcErrors.MissingParameters);
    const who = model.tokens.authenticate(token);
    call.record.credential = `${who.user.name}@${who.clusterId}`;
    if (settings.faults.roleMapping.includes(who.user.name))
      throw new ProviderError(hpcErrors.RoleMappingError);
    model.tokens.countCall(token);
    return who;
  };

  /** The platform token 「仅支持调用平台层面接口」 (§2.1): region APIs refuse it with 10008 (inferred). */
  const desktopCaller = (call: Call): Caller => {
    const who = caller(call);
    if (who.clusterId === PLATFORM_CLUSTER.id) throw new ProviderError(hpcErrors.PermissionDenied);
    if (settings.faults.desktopService) throw new ProviderError(hpcErrors.DesktopServiceError);
    return who;
  };

  /** Session ids lately found well-formed: a client asks for the same session's URL again and again. */
  const wellFormed = new Set<string>();

  /**
   * The path's session, the caller's own: a malformed id is 10004; another user's session 10008; a missing
   * one `missing` (815010 for delete as documented; 10004 for launchurl, inferred).
   */
  const ownSession = (
    call: Call,
    who: Caller,
    missing: typeof hpcErrors.InvalidParameter | typeof hpcErrors.VncSessionNotFound,
  ) => {
    const id = call.param('sessionId') ?? '';
    if (!wellFormed.has(id)) {
      if (!vncSessionId.safeParse(id).success) throw new ProviderError(hpcErrors.InvalidParameter);
      if (wellFormed.size >= WELL_FORMED) wellFormed.clear();
      if (id.length <= WELL_FORMED_LENGTH) wellFormed.add(id);
    }
    const session = model.desktop.findSession(who.clusterId, id);
    if (!session) throw new ProviderError(missing);
    if (session.user !== who.user.name) throw new ProviderError(hpcErrors.PermissionDenied);
    return session;
  };

  // --- Authentication (§2) ---
  op('getUserTokens', (call) => {
    const headers = passwordTokenHeaders.safeParse({
      user: call.header('user'),
      password: call.header('password'),
      orgId: call.header('orgId'),
    });
    if (!headers.success) throw new ProviderError(hpcErrors.MissingParameters);
    call.record.credential = headers.data.user;
    return ok(model.tokens.passwordLogin(headers.data.user, headers.data.password, headers.data.orgId));
  });

  op('getUserTokensAkSk', (call) => {
    const headers = akskTokenHeaders.safeParse({
      user: call.header('user'),
      accessKey: call.header('accessKey'),
      signature: call.header('signature'),
      timestamp: call.header('timestamp'),
    });
    if (!headers.success) throw new ProviderError(hpcErrors.MissingParameters);
    if (!akskTimestamp.safeParse(headers.data.timestamp).success)
      throw new ProviderError(hpcErrors.InvalidParameter);
    call.record.credential = headers.data.accessKey;
    return ok(model.tokens.akskLogin(headers.data));
  });

  op('getTokenState', (call) => {
    caller(call);
    return ok('token is valid');
  });

  op('renewToken', (call) => {
    const token = call.header('token');
    if (!token) throw new ProviderError(hpcErrors.MissingParameters);
    const renewed = model.tokens.renew(token);
    return ok(settings.renewResponse === 'token' ? renewed.token : renewed.regions);
  });

  // --- Regions (§3.1) ---
  op('getCenterInfo', (call) => {
    const who = caller(call);
    const cluster = model.clusterOf(who);
    // Observed: the platform token always gets 10001 here, with a string `data` (§3.1).
    if (!cluster) throw new ProviderError(hpcErrors.CenterNeedsRegionToken);
    const root = base(call);
    const suffix = settings.hpcUrlSuffix;
    return ok({
      id: Number(cluster.id),
      name: cluster.name,
      description: cluster.description,
      clusterUserInfo: {
        userName: who.user.computeUser,
        homePath: `/public/home/${who.user.computeUser}`,
      },
      ingressUrls: [{ enable: 'true', isManagerNode: 'true', version: '5.2.2', url: root }],
      efileUrls: [
        {
          nodeName: 'h04r3n07',
          enable: 'true',
          fastTransEnable: 'true',
          udpPort: '65104',
          version: '2.6.1',
          url: `${root}/efile`,
        },
      ],
      eshellUrls: [{ enable: 'true', version: '2.4.3', url: `${root}/eshell` }],
      hpcUrls: [{ enable: 'true', isManagerNode: 'true', version: '5.2.2', url: `${root}${suffix}` }],
      aiUrls: [{ enable: 'true', version: '2.4.3', url: suffix ? `${root}/ai` : root }],
    });
  });

  // --- Desktop (§3.2–§3.5) ---
  op('listVncSessions', (call) => ok(model.desktop.sessionsOf(desktopCaller(call)).map(sessionView)));

  op('createVncSession', (call) => ok(sessionView(model.desktop.createSession(desktopCaller(call)))));

  op('deleteVncSession', (call) => {
    model.desktop.deleteSession(ownSession(call, desktopCaller(call), hpcErrors.VncSessionNotFound));
    return ok({});
  });

  op('getVncLaunchUrl', (call) => {
    const session = ownSession(call, desktopCaller(call), hpcErrors.InvalidParameter);
    const withDomain = settings.launchUrlWithDomain;
    const launch = model.desktop.issueLaunchToken(session, (token, mm) => {
      const relative = novncUrl(token, mm, settings.mmEncoding);
      return withDomain ? `${base(call)}${relative}` : relative;
    });
    // Without the domain the URL is the token (hex), `mm` (base64, or percent-encoded) and fixed text, none of
    // which JSON escapes: quoted as it is, it reads the same as through JSON.stringify, at a tenth of the cost.
    const quoted = withDomain ? JSON.stringify(launch.novncUrl) : `"${launch.novncUrl}"`;
    return successJson(`{"novncUrl":${quoted},"withDomain":${withDomain}}`);
  });

  return gateway<Call>({
    provider: 'hpc',
    start: (call) => call,
    steps: [
      operations.route(miss),
      // No documented operation takes a body (create sends an empty one, §3.2), but every one reads it so that
      // an oversized body gets 10012 and a malformed one is ignored, as a Java handler without a body ignores it.
      bodyLimit(settings.maxBodyBytes ?? ctx.maxBodyBytes),
      faults(ctx, (call) => ({
        provider: 'hpc',
        credential: faultCredential(call),
        resource: call.param('sessionId'),
      })),
      operations.answer,
    ],
    errors: {
      render(call, error) {
        return renderHpcError(error, { now: ctx.clock.now(), path: call.path });
      },
      tooLarge: () => new ProviderError(hpcErrors.ContentTooLarge),
      unexpected: () => new ProviderError(hpcErrors.InternalError),
    },
  });
}
