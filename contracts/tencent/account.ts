import { z } from 'zod';

/** What `verify` may use against Tencent Cloud: an API key, a region and the instances it needs. */
export const tencentAccount = z.object({
  secretId: z.string(),
  secretKey: z.string(),
  region: z.string(),
  instances: z
    .object({
      running: z.string(),
      stopped: z.string(),
      pending: z.string(),
      /** A running instance in another region than `region`. */
      otherRegion: z.string(),
    })
    .partial()
    .default({}),
});
export type TencentAccount = z.infer<typeof tencentAccount>;

/**
 * The variables a consumer reads: the official SDKs' and tccli's own `TENCENTCLOUD_SECRET_ID`,
 * `TENCENTCLOUD_SECRET_KEY` and `TENCENTCLOUD_REGION`, and an endpoint of ours (no SDK reads one from the
 * environment) that a consumer passes on as `profile.httpProfile.endpoint`.
 */
export const tencentEnv = {
  /** `host:port` without a scheme, as the SDKs' `httpProfile.endpoint` wants it (with `protocol: "http://"`). */
  endpoint: 'TENCENTCLOUD_CVM_ENDPOINT',
  secretId: 'TENCENTCLOUD_SECRET_ID',
  secretKey: 'TENCENTCLOUD_SECRET_KEY',
  region: 'TENCENTCLOUD_REGION',
} as const;

export function tencentEnvironment(baseUrl: string, account: TencentAccount): Record<string, string> {
  return {
    [tencentEnv.endpoint]: new URL(baseUrl).host,
    [tencentEnv.secretId]: account.secretId,
    [tencentEnv.secretKey]: account.secretKey,
    [tencentEnv.region]: account.region,
  };
}
