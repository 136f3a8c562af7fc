import { type Context, Hono } from 'hono';
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
import { BodyTooLarge, readBody } from '../../body.ts';
import { honoPath } from '../../endpoints.ts';
import { ProviderError } from '../../errors.ts';
import { ConnectionFault } from '../../faults.ts';
import type { RequestRecord } from '../../journal.ts';
import type { EmulatorContext } from '../../provider.ts';
import { envelopeResponse, renderHpcError } from './errors.ts';
import {
  type Caller,
  CST_OFFSET_MS,
  type HpcModel,
  PLATFORM_CLUSTER,
  type VncSessionState,
} from './model.ts';

type Env = { Bindings: { record: RequestRecord } };
type Ctx = Context<Env>;
interface Operation {
  name: HpcOperationName;
  handle: (c: Ctx) => Response | Promise<Response>;
}

const ok = (data: unknown) => envelopeResponse('0', 'success', data);

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

export function createHpcRoutes(model: HpcModel, ctx: EmulatorContext): Hono<Env> {
  const app = new Hono<Env>();
  const { settings } = model;
  const base = (c: Ctx) => ctx.publicUrl(c.req.raw);
  const bodyLimit = settings.maxBodyBytes ?? ctx.maxBodyBytes;

  const render = (c: Ctx, error: ProviderError) => {
    c.env.record.code = error.entry.code;
    c.env.record.error = error;
    return renderHpcError(error, { now: ctx.clock.now(), path: c.req.path });
  };

  app.onError((err, c) => {
    if (err instanceof ProviderError) return render(c, err);
    if (err instanceof ConnectionFault) throw err;
    if (err instanceof BodyTooLarge) return render(c, new ProviderError(hpcErrors.ContentTooLarge));
    console.error('[hpc] unexpected error:', err);
    return render(c, new ProviderError(hpcErrors.InternalError));
  });

  app.notFound((c) => {
    if (!c.env.record.operation && servedAtAnotherVersion(c.req.path)) {
      c.env.record.operation = 'unsupportedVersion';
      return render(c, new ProviderError(hpcErrors.UnsupportedVersion));
    }
    c.env.record.operation ||= 'unknownPath';
    return render(c, new ProviderError(hpcErrors.NotFound));
  });

  /**
   * Whether a path is one the platform serves but at another API version (`/hpc/openapi/v1/…` for v2,
   * `/api/user/v2/tokens` for v3): the desktop table's 10009 不支持的版本, not a bare 404.
   */
  const servedAtAnotherVersion = (path: string) => versionless.some((pattern) => pattern.test(path));

  /** One path, its operations by method; another method is a real 405 with `Allow` (§4.1). */
  const route = (path: string, operations: Readonly<Record<string, Operation>>) => {
    app.all(honoPath(path), async (c) => {
      const operation = operations[c.req.method === 'HEAD' ? 'GET' : c.req.method];
      if (!operation) {
        c.env.record.operation = 'methodNotAllowed';
        throw new ProviderError(
          hpcErrors.MethodNotAllowed,
          {},
          { Allow: Object.keys(operations).join(', ') },
        );
      }
      c.env.record.operation = operation.name;
      // No documented operation takes a body (create sends an empty one, §3.2), but every one reads it so that
      // an oversized body gets 10012 and a malformed one is ignored, as a Java handler without a body ignores it.
      await readBody(c.req.raw, bodyLimit);
      if (ctx.faults.armed)
        await ctx.faults.apply({
          provider: 'hpc',
          operation: operation.name,
          credential: faultCredential(c),
          resource: c.req.param('sessionId'),
        });
      return operation.handle(c);
    });
  };

  const paths = new Map<string, Record<string, Operation>>();
  /** Each served path with its version segment and parameters left open. */
  const versionless: RegExp[] = [];
  /** Registers a contract operation on its path and method; the journal knows the request by its name. */
  const op = (name: HpcOperationName, handle: Operation['handle']) => {
    const { path, method } = hpcOperations[name];
    let operations = paths.get(path);
    if (!operations) {
      operations = {};
      paths.set(path, operations);
      route(path, operations);
      versionless.push(versionlessPattern(path));
    }
    operations[method] = { name, handle };
  };

  /** Fault rules name an HPC user: the `token` header's owner, or the `user` / `accessKey` login header. */
  const faultCredential = (c: Ctx): string | undefined => {
    const token = c.req.header('token');
    if (token) {
      try {
        return model.tokens.authenticate(token).user.name;
      } catch {
        return undefined;
      }
    }
    return c.req.header('user') ?? c.req.header('accessKey') ?? undefined;
  };

  /** The `token` header's caller: missing 10003, invalid or expired 10008, then the rate limit 10011. */
  const caller = (c: Ctx): Caller => {
    const token = c.req.header('token');
    if (!token) throw new ProviderError(hpcErrors.MissingParameters);
    const who = model.tokens.authenticate(token);
    c.env.record.credential = `${who.user.name}@${who.clusterId}`;
    if (settings.faults.roleMapping.includes(who.user.name))
      throw new ProviderError(hpcErrors.RoleMappingError);
    model.tokens.countCall(token);
    return who;
  };

  /** The platform token 「仅支持调用平台层面接口」 (§2.1): region APIs refuse it with 10008 (inferred). */
  const desktopCaller = (c: Ctx): Caller => {
    const who = caller(c);
    if (who.clusterId === PLATFORM_CLUSTER.id) throw new ProviderError(hpcErrors.PermissionDenied);
    if (settings.faults.desktopService) throw new ProviderError(hpcErrors.DesktopServiceError);
    return who;
  };

  /**
   * The path's session, the caller's own: a malformed id is 10004; another user's session 10008; a missing
   * one `missing` (815010 for delete as documented; 10004 for launchurl, inferred).
   */
  const ownSession = (
    c: Ctx,
    who: Caller,
    missing: typeof hpcErrors.InvalidParameter | typeof hpcErrors.VncSessionNotFound,
  ) => {
    const id = c.req.param('sessionId') ?? '';
    if (!vncSessionId.safeParse(id).success) throw new ProviderError(hpcErrors.InvalidParameter);
    const session = model.desktop.findSession(who.clusterId, id);
    if (!session) throw new ProviderError(missing);
    if (session.user !== who.user.name) throw new ProviderError(hpcErrors.PermissionDenied);
    return session;
  };

  // --- Authentication (§2) ---
  op('getUserTokens', (c) => {
    const headers = passwordTokenHeaders.safeParse({
      user: c.req.header('user'),
      password: c.req.header('password'),
      orgId: c.req.header('orgId'),
    });
    if (!headers.success) throw new ProviderError(hpcErrors.MissingParameters);
    c.env.record.credential = headers.data.user;
    return ok(model.tokens.passwordLogin(headers.data.user, headers.data.password, headers.data.orgId));
  });

  op('getUserTokensAkSk', (c) => {
    const headers = akskTokenHeaders.safeParse({
      user: c.req.header('user'),
      accessKey: c.req.header('accessKey'),
      signature: c.req.header('signature'),
      timestamp: c.req.header('timestamp'),
    });
    if (!headers.success) throw new ProviderError(hpcErrors.MissingParameters);
    if (!akskTimestamp.safeParse(headers.data.timestamp).success)
      throw new ProviderError(hpcErrors.InvalidParameter);
    c.env.record.credential = headers.data.accessKey;
    return ok(model.tokens.akskLogin(headers.data));
  });

  op('getTokenState', (c) => {
    caller(c);
    return ok('token is valid');
  });

  op('renewToken', (c) => {
    const token = c.req.header('token');
    if (!token) throw new ProviderError(hpcErrors.MissingParameters);
    const renewed = model.tokens.renew(token);
    return ok(settings.renewResponse === 'token' ? renewed.token : renewed.regions);
  });

  // --- Regions (§3.1) ---
  op('getCenterInfo', (c) => {
    const who = caller(c);
    const cluster = model.clusterOf(who);
    // Observed: the platform token always gets 10001 here, with a string `data` (§3.1).
    if (!cluster) throw new ProviderError(hpcErrors.CenterNeedsRegionToken);
    const root = base(c);
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
  op('listVncSessions', (c) => ok(model.desktop.sessionsOf(desktopCaller(c)).map(sessionView)));

  op('createVncSession', (c) => ok(sessionView(model.desktop.createSession(desktopCaller(c)))));

  op('deleteVncSession', (c) => {
    model.desktop.deleteSession(ownSession(c, desktopCaller(c), hpcErrors.VncSessionNotFound));
    return ok({});
  });

  op('getVncLaunchUrl', (c) => {
    const session = ownSession(c, desktopCaller(c), hpcErrors.InvalidParameter);
    const withDomain = settings.launchUrlWithDomain;
    const launch = model.desktop.issueLaunchToken(session, (token, mm) => {
      const relative = novncUrl(token, mm, settings.mmEncoding);
      return withDomain ? `${base(c)}${relative}` : relative;
    });
    return ok({ novncUrl: launch.novncUrl, withDomain });
  });

  return app;
}
