import { z } from 'zod';

/** What `verify` may use against Huawei: a password login, optionally an AK/SK, and the servers it needs. */
export const huaweiAccount = z.object({
  user: z.string(),
  password: z.string(),
  domain: z.string(),
  /** Project name (Huawei: the region name) for password scope, and its id. */
  projectName: z.string(),
  projectId: z.string(),
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  servers: z
    .object({
      /** A server with a host (running or stopped): consoles are issued. */
      active: z.string(),
      /** A server without a host yet (building, error): 409. */
      building: z.string(),
    })
    .partial()
    .default({}),
});
export type HuaweiAccount = z.infer<typeof huaweiAccount>;

/**
 * The variables a consumer reads: Huawei's SDKs' own `HUAWEICLOUD_SDK_*` credentials, and an endpoint of ours
 * (no SDK reads one from the environment) that a consumer passes on as the SDK's endpoint.
 */
export const huaweiEnv = {
  endpoint: 'HUAWEICLOUD_ENDPOINT',
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
} as const;

/** `check`'s environment: `huaweiEnv`, and the OpenStack CLI's own `OS_*` variables for the password login. */
export function huaweiEnvironment(baseUrl: string, account: HuaweiAccount): Record<string, string> {
  return {
    OS_AUTH_URL: `${baseUrl}/v3`,
    OS_IDENTITY_API_VERSION: '3',
    OS_REGION_NAME: account.projectName,
    OS_USERNAME: account.user,
    OS_PASSWORD: account.password,
    OS_USER_DOMAIN_NAME: account.domain,
    OS_PROJECT_NAME: account.projectName,
    OS_PROJECT_DOMAIN_NAME: account.domain,
    [huaweiEnv.endpoint]: baseUrl,
    [huaweiEnv.ak]: account.accessKeyId ?? '',
    [huaweiEnv.sk]: account.secretAccessKey ?? '',
    [huaweiEnv.projectId]: account.projectId,
  };
}
