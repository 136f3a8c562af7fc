import { z } from 'zod';
import { uniqueBy } from '../unique.ts';
import { MM_KEY_BYTES } from './launchurl.ts';

/** A VNC node of a cluster's desktop service; `overloaded` nodes take no new sessions (815201, §4.3). */
export const hpcVncNode = z.object({
  name: z.string().regex(/^[A-Za-z0-9._]+$/),
  overloaded: z.boolean().default(false),
});

/** A computing region (区域): what `/tokens` lists and `/center` describes (docs/providers/hpc.md §2.1, §3.1). */
export const hpcCluster = z.object({
  id: z.string().regex(/^[1-9]\d*$/),
  name: z.string().min(1),
  description: z.string().default(''),
  vncNodes: z
    .array(hpcVncNode)
    .min(1)
    .default([{ name: 'gv101', overloaded: false }]),
});
export type HpcCluster = z.infer<typeof hpcCluster>;

export const hpcUser = z.object({
  userId: z.string().min(1),
  /** The platform login name (`user` header and claim). */
  name: z.string().min(1),
  password: z.string().min(1),
  /** The cluster account (`computeUser` claim, second field of a session id, §6); no `--`, the id's separator. */
  computeUser: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .refine((name) => !name.includes('--'), 'must not contain "--"'),
  /** `Trial`, `Owe` or `Disable` seen (§6); `Disable` gets the region list with `token: null` (§2.1). */
  accountStatus: z.string().default('Trial'),
  /** Ids of the regions this user may use. */
  clusters: z.array(z.string()),
});
export type HpcUser = z.infer<typeof hpcUser>;

export const hpcAccessKey = z.object({
  accessKey: z.string().min(1),
  secretKey: z.string().min(1),
  /** The platform login name the key belongs to. */
  user: z.string().min(1),
  /** The `invoker` claim of the tokens it gets (the AK/SK samples show `xxyyagea`, §6). */
  invoker: z.string().min(1),
});

/** A VNC session already running when the emulator starts. */
export const hpcSession = z.object({
  clusterId: z.string(),
  /** The platform login name of its owner. */
  user: z.string(),
  node: z.string(),
  display: z.number().int().positive(),
  type: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .default('SIG'),
  /** The VNC password that `mm` carries; random when omitted. At most 8 bytes, as VNC passwords are. */
  vncPassword: z.string().min(1).max(8).optional(),
});

export const hpcRateLimit = z.object({
  requests: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
});

export const hpcSettings = z.object({
  /** The HS256 key of access tokens. */
  jwtSecret: z.string().min(1).default('console-emulator-hpc-jwt-secret'),
  /** Token lifetime: not documented (§2.4); 12 h, the longest cache a public client relies on. */
  tokenTtlSeconds: z.number().int().positive().default(43_200),
  /** `/tokens/next` refuses tokens expired longer than this (「过期…(24小时)后,不可以再续约」, §2.3). */
  renewalWindowSeconds: z.number().int().nonnegative().default(86_400),
  /** `data` of `/tokens/next`: the new token string (`token`) or the region list like `/tokens` (`list`). */
  renewResponse: z.enum(['token', 'list']).default('token'),
  /** How far an AK/SK `timestamp` may be from real time (what the client signed with); `null` accepts any (§2.2 is silent). */
  akskTimestampSkewSeconds: z.number().int().positive().nullable().default(300),
  /** Path of the `hpcUrls` / `aiUrls` entries: the newer docs show `{hpcUrls}/hpc`, older ones none (§3.1). */
  hpcUrlSuffix: z.enum(['/hpc', '']).default('/hpc'),
  /** `withDomain` of launch URLs: `false` (relative, joined to `hpcUrls`) as the seed shows. */
  launchUrlWithDomain: z.boolean().default(false),
  /**
   * How long a launch URL's websockify token stays valid; `null` (the default): as long as its session, as
   * the platform's websockify token file lives with the session (not documented; see docs/providers/hpc.md).
   */
  launchTokenTtlSeconds: z.number().int().positive().nullable().default(null),
  /** The AES-128 key that seals the VNC password into `mm`. */
  mmKey: z
    .string()
    .refine((key) => Buffer.byteLength(key, 'utf8') === MM_KEY_BYTES, `must be ${MM_KEY_BYTES} bytes`)
    .default('console-emulator'),
  mmEncoding: z.enum(['raw', 'percent']).default('raw'),
  /** Per-token request limit answered with 10011; `null` (the default) means unlimited. */
  rateLimit: hpcRateLimit.nullable().default(null),
  /** Largest body read before answering 10012; the emulator-wide limit when omitted. */
  maxBodyBytes: z.number().int().positive().optional(),
  /**
   * Hour (China Standard Time) at which idle sessions are removed (「每天凌晨1点清理空闲的VNC会话」, §3.2); `null`
   * never. A session is idle when nothing opened it (create, launch URL, console) in the 24 h before.
   */
  idleCleanupHour: z.number().int().min(0).max(23).nullable().default(1),
  faults: z
    .object({
      /** Every desktop operation answers 815008 (桌面服务异常). */
      desktopService: z.boolean().default(false),
      /** Platform login names whose every call with a token answers 10010 (角色映射错误). */
      roleMapping: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
});
export type HpcSettings = z.infer<typeof hpcSettings>;

export const hpcScenario = z
  .object({
    settings: hpcSettings.prefault({}),
    /** The marks issued offline to third parties (`orgId` header, `invoker` claim, §2.1). */
    orgIds: z.array(z.string().min(1)).min(1),
    clusters: uniqueBy(hpcCluster, 'id').min(1),
    users: uniqueBy(hpcUser, 'name'),
    accessKeys: uniqueBy(hpcAccessKey, 'accessKey').default([]),
    sessions: z.array(hpcSession).default([]),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const clusters = new Map(s.clusters.map((c) => [c.id, c]));
    const users = new Map(s.users.map((u) => [u.name, u]));
    s.users.forEach((u, i) => {
      u.clusters.forEach((id, j) => {
        if (!clusters.has(id)) issue(['users', i, 'clusters', j], `unknown cluster ${id}`);
      });
    });
    s.accessKeys.forEach((k, i) => {
      if (!users.has(k.user)) issue(['accessKeys', i, 'user'], `unknown user ${k.user}`);
    });
    const owners = new Set<string>();
    const displays = new Set<string>();
    s.sessions.forEach((session, i) => {
      const user = users.get(session.user);
      if (!user) issue(['sessions', i, 'user'], `unknown user ${session.user}`);
      else if (!user.clusters.includes(session.clusterId)) {
        issue(['sessions', i, 'clusterId'], `user ${session.user} may not use cluster ${session.clusterId}`);
      }
      if (!clusters.get(session.clusterId)?.vncNodes.some((n) => n.name === session.node)) {
        issue(['sessions', i, 'node'], `cluster ${session.clusterId} has no VNC node ${session.node}`);
      }
      // 「一个用户只能创建一个VNC会话」 (§3.2), and one X display per node.
      const owner = `${session.clusterId}/${session.user}`;
      const display = `${session.clusterId}/${session.node}/${session.display}`;
      if (owners.has(owner))
        issue(['sessions', i], `user ${session.user} already has a session in ${session.clusterId}`);
      if (displays.has(display))
        issue(['sessions', i, 'display'], `display ${session.display} of ${session.node} is taken`);
      owners.add(owner);
      displays.add(display);
    });
  });
export type HpcScenarioInput = z.input<typeof hpcScenario>;
export type HpcScenario = z.infer<typeof hpcScenario>;
