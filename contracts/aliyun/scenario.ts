import { z } from 'zod';
import { uniqueBy } from '../unique.ts';

/** ECS instance statuses (DescribeInstances `Status`). */
export const aliyunInstanceStatus = z.enum(['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']);

/** VNC passwords are six letters and digits (docs/providers/aliyun.md §3.3). */
export const vncPasswordPattern = /^[A-Za-z0-9]{6}$/;

export const aliyunRegion = z.object({
  regionId: z.string().min(1),
  /** DescribeRegions `LocalName` (Chinese by default, as the API answers). */
  localName: z.string().min(1),
  /** `LocalName` when `AcceptLanguage=en-US`. */
  localNameEn: z.string().min(1).optional(),
});
export type AliyunRegion = z.infer<typeof aliyunRegion>;

export const aliyunAccessKey = z.object({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  /** An `Inactive` key is refused with `InvalidAccessKeyId.Inactive`. */
  status: z.enum(['Active', 'Inactive']).default('Active'),
  /** RAM: the actions this key may call; every action when omitted, otherwise `Forbidden.RAM`. */
  allowedActions: z.array(z.string()).optional(),
});
export type AliyunAccessKey = z.infer<typeof aliyunAccessKey>;

export const aliyunInstance = z.object({
  instanceId: z.string().regex(/^i-[0-9a-z]+$/),
  instanceName: z.string().min(1),
  regionId: z.string().min(1),
  zoneId: z.string().min(1).optional(),
  status: aliyunInstanceStatus,
  osType: z.enum(['linux', 'windows']).default('linux'),
  osName: z.string().optional(),
  instanceType: z.string().default('ecs.g7.large'),
  cpu: z.number().int().positive().default(2),
  memory: z.number().int().positive().default(8192),
  /** Non-I/O-optimized instances need a reboot before a new VNC password applies (docs/providers/aliyun.md §3.3). */
  ioOptimized: z.boolean().default(true),
  /** The password the live console asks for; ModifyInstanceVncPasswd changes it. */
  vncPassword: z.string().regex(vncPasswordPattern).optional(),
  /**
   * The AccessKeyId whose account owns the instance: other keys do not see it (isolation between tests
   * sharing one emulator). Without it, every key of the scenario sees the instance, as the demo's do.
   */
  owner: z.string().min(1).optional(),
  creationTime: z.string().default('2026-01-01T00:00Z'),
});
export type AliyunInstance = z.infer<typeof aliyunInstance>;

export const aliyunSettings = z.object({
  /** A VncUrl is good for one connection within this many seconds (docs/providers/aliyun.md §4). */
  vncUrlTtlSeconds: z.number().int().positive().default(15),
  /** `Timestamp` / `x-acs-date` may differ from real time (what the client signed with) by this much (docs/providers/aliyun.md §2.2). */
  timestampToleranceSeconds: z.number().int().positive().default(900),
  /** A `SignatureNonce` may not be reused within this window (docs/providers/aliyun.md §2.2). */
  nonceWindowSeconds: z.number().int().positive().default(900),
  /** Per-AccessKey flow control; off when omitted. */
  throttling: z
    .object({
      requests: z.number().int().positive(),
      perSeconds: z.number().positive().default(1),
      /** Which of the gateway's throttling codes a call over the limit gets (docs/providers/aliyun.md §2.2). */
      code: z.enum(['Throttling.User', 'Throttling.Api', 'Throttling']).default('Throttling.User'),
    })
    .optional(),
  /**
   * Answer a call that did not come over HTTPS with `InvalidProtocol.NeedSsl`, as an API that requires HTTPS
   * does (docs/providers/aliyun.md §2.2); serve the emulator with `--tls` for the calls that should pass.
   */
  requireHttps: z.boolean().default(false),
  /** Answer every request with `ServiceUnavailable` (a gateway outage). */
  serviceUnavailable: z.boolean().default(false),
  /**
   * The live console closes a session after this long without key, pointer or clipboard input: 300 s today,
   * 60 s in the 2018–2021 docs (docs/providers/aliyun.md §4).
   */
  consoleKeepaliveSeconds: z.number().int().positive().default(300),
  /** More console connections than this to one instance in a minute are refused (docs/providers/aliyun.md §4). */
  consoleConnectionsPerMinute: z.number().int().positive().default(30),
  /** The `HostId` of error bodies; the request's `Host` when omitted. */
  hostId: z.string().min(1).optional(),
});

export const aliyunScenario = z.object({
  settings: aliyunSettings.prefault({}),
  regions: uniqueBy(aliyunRegion, 'regionId').min(1),
  accessKeys: uniqueBy(aliyunAccessKey, 'accessKeyId'),
  instances: uniqueBy(aliyunInstance, 'instanceId').default([]),
});
export type AliyunScenarioInput = z.input<typeof aliyunScenario>;
export type AliyunScenario = z.infer<typeof aliyunScenario>;
