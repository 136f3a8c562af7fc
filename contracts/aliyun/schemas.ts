import { z } from 'zod';

/** The ECS API version every call names (`Version` / `x-acs-version`). */
export const ECS_API_VERSION = '2014-05-26';

/** The operations the emulator serves, by their RPC `Action` names. */
export const aliyunActions = [
  'DescribeInstanceVncUrl',
  'ModifyInstanceVncPasswd',
  'DescribeRegions',
  'DescribeInstances',
] as const;
export type AliyunAction = (typeof aliyunActions)[number];

/** Upper-case UUID, e.g. `473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E` (docs/providers/aliyun.md §2.1). */
export const requestId = z.string().regex(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);

// --- Response bodies (JSON; the XML form wraps the same fields in `<{Action}Response>`) ---
export const describeInstanceVncUrlResponse = z.object({
  RequestId: requestId,
  /** `ws(s)://<host>/websockify/?s=<token>`, percent-encoded once, the token itself encoded inside (docs/providers/aliyun.md §4). */
  VncUrl: z.string(),
});

export const modifyInstanceVncPasswdResponse = z.object({ RequestId: requestId });

export const aliyunRegionView = z.object({
  RegionId: z.string(),
  LocalName: z.string(),
  RegionEndpoint: z.string(),
  Status: z.literal('available'),
});
export const describeRegionsResponse = z.object({
  RequestId: requestId,
  Regions: z.object({ Region: z.array(aliyunRegionView) }),
});

export const aliyunInstanceView = z.object({
  InstanceId: z.string(),
  InstanceName: z.string(),
  HostName: z.string(),
  RegionId: z.string(),
  ZoneId: z.string(),
  Status: z.string(),
  OSType: z.string(),
  OSName: z.string(),
  InstanceType: z.string(),
  Cpu: z.number(),
  Memory: z.number(),
  IoOptimized: z.boolean(),
  InstanceNetworkType: z.string(),
  CreationTime: z.string(),
});
export const describeInstancesResponse = z.object({
  RequestId: requestId,
  TotalCount: z.number().int(),
  PageNumber: z.number().int(),
  PageSize: z.number().int(),
  Instances: z.object({ Instance: z.array(aliyunInstanceView) }),
});

/** The one error body (JSON; XML is `<Error>` with the same children), docs/providers/aliyun.md §2.1. */
export const aliyunErrorBody = z.object({
  RequestId: requestId,
  HostId: z.string(),
  Code: z.string(),
  Message: z.string(),
  Recommend: z.string(),
});
