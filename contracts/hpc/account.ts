import { z } from 'zod';

/** What `verify` may use against SCNet: a password login, optionally an AK/SK, and the sessions it needs. */
export const hpcAccount = z.object({
  user: z.string(),
  password: z.string(),
  orgId: z.string(),
  accessKey: z.string().optional(),
  secretKey: z.string().optional(),
  sessions: z
    .object({
      /** A session of another user: 10008. */
      otherUser: z.string(),
      /** A well-formed id of a session that does not exist: 815010 on delete, 10004 on launchurl. */
      missing: z.string(),
    })
    .partial()
    .default({}),
});
export type HpcAccount = z.infer<typeof hpcAccount>;

/** The variables a consumer reads (names of ours: SCNet's SDKs read none from the environment). */
export const hpcEnv = {
  baseUrl: 'SCNET_BASE_URL',
  user: 'SCNET_USER',
  password: 'SCNET_PASSWORD',
  orgId: 'SCNET_ORG_ID',
  accessKey: 'SCNET_ACCESS_KEY',
  secretKey: 'SCNET_SECRET_KEY',
} as const;

export function hpcEnvironment(baseUrl: string, account: HpcAccount): Record<string, string> {
  return {
    [hpcEnv.baseUrl]: baseUrl,
    [hpcEnv.user]: account.user,
    [hpcEnv.password]: account.password,
    [hpcEnv.orgId]: account.orgId,
    [hpcEnv.accessKey]: account.accessKey ?? '',
    [hpcEnv.secretKey]: account.secretKey ?? '',
  };
}
