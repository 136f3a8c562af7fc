import { z } from 'zod';
import { uniqueBy } from '../unique.ts';
import { projectId } from './schemas.ts';

/** Nova server statuses a scenario may put a server in (the API's `status`, not vm_state). */
export const huaweiServerStatus = z.enum([
  'ACTIVE',
  'BUILD',
  'SHUTOFF',
  'ERROR',
  'PAUSED',
  'SUSPENDED',
  'REBOOT',
  'RESIZE',
  'SHELVED',
  'SHELVED_OFFLOADED',
]);
export type HuaweiServerStatus = z.infer<typeof huaweiServerStatus>;

export const huaweiServer = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  projectId,
  status: huaweiServerStatus,
  /** The compute host; `null` while scheduling, which makes Nova answer 409 "is not ready". */
  host: z.string().nullable(),
  /** A task in progress; `deleting` and `migrating` make remote-consoles fail (docs/providers/huawei.md §1.3). */
  taskState: z.string().nullable().default(null),
});
export type HuaweiServer = z.infer<typeof huaweiServer>;

export const huaweiProject = z.object({
  id: projectId,
  name: z.string().min(1),
  domainId: z.string().min(1),
});
export const huaweiDomain = z.object({ id: z.string().min(1), name: z.string().min(1) });
export const huaweiUser = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  password: z.string(),
  domainId: z.string().min(1),
  /**
   * Role names the user holds on its own domain's projects (as a role inherited from the domain would); `member`
   * or `admin` pass Nova's default remote-consoles policy, `reader` alone does not.
   */
  roles: z.array(z.string()).default(['member']),
  /** Roles granted on single projects, whatever their domain: Keystone scopes a token by role assignment. */
  grants: z.array(z.object({ projectId, roles: z.array(z.string()).min(1) })).optional(),
});
export const huaweiAccessKey = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  userId: z.string().min(1),
});

export const huaweiSettings = z.object({
  region: z.string().default('cn-north-4'),
  /** The highest microversion advertised; Nova master's by default (docs/providers/huawei.md §2.2). */
  maxMicroversion: z
    .string()
    .regex(/^2\.[1-9]\d*$/)
    .default('2.104'),
  /**
   * `huawei`: `vnc_auto.html?token=<uuid>&lang=EN` as Huawei documents; `nova`: upstream Nova's
   * `vnc_auto.html?path=%3Ftoken%3D<uuid>` (docs/providers/huawei.md §3.1).
   */
  urlStyle: z.enum(['huawei', 'nova']).default('huawei'),
  consoleTokenTtlSeconds: z.number().int().nonnegative().default(600),
  /**
   * `one-time`: a console token opens one connection, as Huawei words it ("contains a one-time token",
   * ecs_02_0208); `reusable`: any number until it expires, as Nova's `console_auth_token_get_valid` does
   * (docs/providers/huawei.md §3.2).
   */
  consoleTokenUse: z.enum(['one-time', 'reusable']).default('one-time'),
  authTokenTtlSeconds: z.number().int().positive().default(86_400),
  /** Which console kinds the emulated compute nodes have enabled (nova.conf `[vnc] enabled` and friends). */
  consoles: z
    .object({
      vnc: z.boolean().default(true),
      spice: z.boolean().default(false),
      serial: z.boolean().default(false),
      mks: z.boolean().default(false),
    })
    .prefault({}),
  /** The native API's `tLength` query parameter, copied from Huawei's documented example URL. */
  nativeTLength: z.number().int().positive().default(70),
});

export const huaweiScenario = z.object({
  settings: huaweiSettings.prefault({}),
  domains: uniqueBy(huaweiDomain, 'id'),
  projects: uniqueBy(huaweiProject, 'id'),
  users: uniqueBy(huaweiUser, 'id'),
  accessKeys: uniqueBy(huaweiAccessKey, 'accessKeyId').default([]),
  servers: uniqueBy(huaweiServer, 'id').default([]),
});
export type HuaweiScenarioInput = z.input<typeof huaweiScenario>;
export type HuaweiScenario = z.infer<typeof huaweiScenario>;
