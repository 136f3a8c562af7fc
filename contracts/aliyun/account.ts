import { z } from 'zod';

/** What `verify` may use against Alibaba: an AccessKey, a region and the instances it needs. */
export const aliyunAccount = z.object({
  accessKeyId: z.string(),
  accessKeySecret: z.string(),
  regionId: z.string(),
  instances: z
    .object({
      running: z.string(),
      stopped: z.string(),
      pending: z.string(),
      /** A running instance in another region than `regionId`. */
      otherRegion: z.string(),
    })
    .partial()
    .default({}),
});
export type AliyunAccount = z.infer<typeof aliyunAccount>;

/**
 * The variables a consumer reads: Alibaba's SDKs' own `ALIBABA_CLOUD_ACCESS_KEY_*` credentials, and an endpoint
 * of ours (no SDK reads one from the environment) that a consumer passes on as the SDK's endpoint.
 */
export const aliyunEnv = {
  /** `host:port` without a scheme, as `@alicloud/openapi-core`'s `endpoint` wants it. */
  endpoint: 'ALIBABA_CLOUD_ECS_ENDPOINT',
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  regionId: 'ALIBABA_CLOUD_REGION_ID',
} as const;

export function aliyunEnvironment(baseUrl: string, account: AliyunAccount): Record<string, string> {
  return {
    [aliyunEnv.endpoint]: new URL(baseUrl).host,
    [aliyunEnv.accessKeyId]: account.accessKeyId,
    [aliyunEnv.accessKeySecret]: account.accessKeySecret,
    [aliyunEnv.regionId]: account.regionId,
  };
}
