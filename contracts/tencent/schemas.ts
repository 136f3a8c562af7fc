import { z } from 'zod';

/** The CVM API version every call names (`X-TC-Version` / `Version`). */
export const CVM_API_VERSION = '2017-03-12';

/** The operations the emulator serves, by their `Action` names. */
export const tencentActions = ['DescribeInstanceVncUrl', 'DescribeInstances', 'DescribeRegions'] as const;
export type TencentAction = (typeof tencentActions)[number];

/** A lower-case UUID, e.g. `3a685fe7-327a-4815-9bb4-c20587f25939`. */
export const requestId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

// --- Requests (the JSON body of a TC3 POST; GET flattens them into a dotted query) ---
export const describeInstanceVncUrlRequest = z.strictObject({ InstanceId: z.string() });

export const filter = z.strictObject({ Name: z.string(), Values: z.array(z.string()) });
export const describeInstancesRequest = z.strictObject({
  InstanceIds: z.array(z.string()).optional(),
  Filters: z.array(filter).optional(),
  Offset: z.number().int().optional(),
  Limit: z.number().int().optional(),
});
export const describeRegionsRequest = z.strictObject({});

// --- Responses ---
const envelope = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ Response: z.object({ ...shape, RequestId: requestId }) });

export const describeInstanceVncUrlResponse = envelope({
  /** `wss://<host>/vnc?s=<token>&password=&isWindows=…&isUbuntu=…`, percent-encoded once. */
  InstanceVncUrl: z.string(),
});

export const tencentInstanceView = z.object({
  InstanceId: z.string(),
  InstanceName: z.string(),
  InstanceState: z.string(),
  InstanceType: z.string(),
  CPU: z.number(),
  Memory: z.number(),
  Placement: z.object({ Zone: z.string(), ProjectId: z.number() }),
  OsName: z.string(),
  PrivateIpAddresses: z.array(z.string()),
  PublicIpAddresses: z.array(z.string()).nullable(),
  CreatedTime: z.string(),
  Uuid: z.string(),
});
export const describeInstancesResponse = envelope({
  TotalCount: z.number().int(),
  InstanceSet: z.array(tencentInstanceView),
});

export const describeRegionsResponse = envelope({
  TotalCount: z.number().int(),
  RegionSet: z.array(z.object({ Region: z.string(), RegionName: z.string(), RegionState: z.string() })),
});

/** The one error body; `Error` present means failure. */
export const tencentErrorBody = z.object({
  Response: z.object({ Error: z.object({ Code: z.string(), Message: z.string() }), RequestId: requestId }),
});
