import { z } from 'zod';

/** CVM `InstanceState` values, all fifteen (docs/providers/tencent.md, "Instances"). */
export const tencentInstanceState = z.enum([
  'PENDING',
  'LAUNCH_FAILED',
  'RUNNING',
  'STOPPED',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'SHUTDOWN',
  'TERMINATING',
  'ENTER_RESCUE_MODE',
  'RESCUE_MODE',
  'EXIT_RESCUE_MODE',
  'ENTER_SERVICE_LIVE_MIGRATE',
  'SERVICE_LIVE_MIGRATE',
  'EXIT_SERVICE_LIVE_MIGRATE',
]);
export type TencentInstanceState = z.infer<typeof tencentInstanceState>;

/** `ins-` and eight lower-case letters or digits. */
export const tencentInstanceIdPattern = /^ins-[a-z0-9]{8}$/;

export const tencentRegion = z.object({
  region: z.string().regex(/^[a-z]+-[a-z]+(-\d+)?$/),
  regionName: z.string().min(1),
  regionState: z.enum(['AVAILABLE', 'UNAVAILABLE']).default('AVAILABLE'),
});
export type TencentRegion = z.infer<typeof tencentRegion>;

export const tencentKey = z.object({
  secretId: z.string().min(1),
  secretKey: z.string().min(1),
  /** A disabled key is answered as an unknown one (`AuthFailure.SecretIdNotFound`). */
  enabled: z.boolean().default(true),
  /**
   * Temporary credentials: every call must carry this `X-TC-Token` (`Token` in the legacy form), and a call with
   * a token its key has not is refused (`UnauthorizedOperation.InvalidToken`).
   */
  token: z.string().min(1).optional(),
});
export type TencentKey = z.infer<typeof tencentKey>;

export const tencentInstance = z.object({
  instanceId: z.string().regex(tencentInstanceIdPattern),
  instanceName: z.string().min(1),
  region: z.string().min(1),
  zone: z.string().min(1).optional(),
  instanceState: tencentInstanceState,
  osName: z.string().optional(),
  /** Written into the console URL (`isWindows=`, `isUbuntu=`). */
  osType: z.enum(['linux', 'ubuntu', 'windows']).default('linux'),
  instanceType: z.string().default('S5.MEDIUM4'),
  cpu: z.number().int().positive().default(2),
  memory: z.number().int().positive().default(4),
  /** `OPERATING` refuses the console (`OperationDenied.InstanceOperationInProgress`). */
  latestOperationState: z.enum(['SUCCESS', 'OPERATING', 'FAILED']).default('SUCCESS'),
  /** The last operation; a failed `ResetInstance` refuses the console (`…InstanceReinstallFailed`). */
  latestOperation: z.string().optional(),
  /** `PROTECTIVELY_ISOLATED` (banned) refuses the console (`UnsupportedOperation.InstanceStateBanning`). */
  restrictState: z.enum(['NORMAL', 'EXPIRED', 'PROTECTIVELY_ISOLATED']).default('NORMAL'),
  /** A STOPPED instance in `STOP_CHARGING` mode is refused as `UnsupportedOperation.StoppedModeStopCharging`. */
  stopChargingMode: z.enum(['KEEP_CHARGING', 'STOP_CHARGING', 'NOT_APPLICABLE']).default('NOT_APPLICABLE'),
  privateIpAddress: z.string().optional(),
  /** The SecretId whose account owns the instance; every key of the scenario sees it when omitted. */
  owner: z.string().min(1).optional(),
  createdTime: z.string().default('2026-01-01T00:00:00Z'),
});
export type TencentInstanceInput = z.input<typeof tencentInstance>;
export type TencentInstance = z.infer<typeof tencentInstance>;

export const tencentSettings = z.object({
  /** An `InstanceVncUrl` is good for one connection within this many seconds. */
  vncUrlTtlSeconds: z.number().int().positive().default(15),
  /** `X-TC-Timestamp` / `Timestamp` may differ from real time by this much. */
  timestampToleranceSeconds: z.number().int().positive().default(300),
  /** Calls a second per action and SecretId; `RequestLimitExceeded` beyond. `DescribeInstanceVncUrl`: 10. */
  rateLimitPerSecond: z
    .record(z.string(), z.number().int().positive())
    .default({ DescribeInstanceVncUrl: 10 }),
  /** More console connections than this to one instance in a minute are refused. */
  consoleConnectionsPerMinute: z.number().int().positive().default(30),
});

export const tencentScenario = z.object({
  settings: tencentSettings.prefault({}),
  regions: z.array(tencentRegion).min(1),
  keys: z.array(tencentKey),
  instances: z.array(tencentInstance).default([]),
});
export type TencentScenarioInput = z.input<typeof tencentScenario>;
export type TencentScenario = z.infer<typeof tencentScenario>;
