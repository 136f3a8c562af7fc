import { z } from 'zod';

/** Every answer: `{"code": "<string>", "msg": "...", "data": ...}`, `"0"` meaning success (docs/providers/hpc.md §4.1). */
export const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ code: z.string(), msg: z.string(), data });
export const errorEnvelope = envelope(z.union([z.null(), z.string()]));

/** The platform writes booleans as the strings `"true"` / `"false"` (§3.1). */
export const stringBoolean = z.enum(['true', 'false']);

// --- Requests: header sets, names case-insensitive (HTTP headers) ---
export const passwordTokenHeaders = z.object({
  user: z.string().min(1),
  password: z.string().min(1),
  orgId: z.string().min(1),
});
export const akskTokenHeaders = z.object({
  user: z.string().min(1),
  accessKey: z.string().min(1),
  signature: z.string().min(1),
  timestamp: z.string().min(1),
});
/** `timestamp` of the AK/SK route: whole seconds since the epoch. */
export const akskTimestamp = z.string().regex(/^\d{1,12}$/);

/**
 * A VNC session id, `<vncNode>--<clusterUser>--<type>--<display>` (§5, inferred from the doc example
 * `gv101--test_1215--SIG--4`).
 */
export const vncSessionId = z.string().regex(/^[A-Za-z0-9._]+--[A-Za-z0-9._-]+--[A-Za-z]+--\d+$/);

// --- Responses ---
/** One entry of the token list; `token` is `null` for a region whose account is disabled (§2.1). */
export const regionToken = z.object({
  clusterName: z.string(),
  clusterId: z.string(),
  token: z.string().nullable(),
});
export const tokensResponse = envelope(z.array(regionToken));
export const tokenStateResponse = envelope(z.literal('token is valid'));
/** Renewal answers the new token in `data` (one community client's reading, §2.3), or the list form. */
export const renewTokenResponse = envelope(z.union([z.string(), z.array(regionToken)]));

const centerUrl = z.object({
  enable: stringBoolean,
  version: z.string(),
  url: z.string(),
  isManagerNode: stringBoolean.optional(),
  nodeName: z.string().optional(),
  fastTransEnable: stringBoolean.optional(),
  udpPort: z.string().optional(),
});
export const center = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  clusterUserInfo: z.object({ userName: z.string(), homePath: z.string() }),
  ingressUrls: z.array(centerUrl),
  efileUrls: z.array(centerUrl),
  eshellUrls: z.array(centerUrl),
  hpcUrls: z.array(centerUrl),
  aiUrls: z.array(centerUrl),
});
export const centerResponse = envelope(center);

/** The emulator's VNC session view; the platform's create/list bodies were not retrieved (§3.6, inferred). */
export const vncSession = z.object({
  sessionId: vncSessionId,
  hostName: z.string(),
  displayNumber: z.string(),
  port: z.string(),
  userName: z.string(),
  sessionType: z.string(),
  status: z.literal('RUNNING'),
  createTime: z.string(),
});
export type VncSession = z.infer<typeof vncSession>;
export const createVncSessionResponse = envelope(vncSession);
export const listVncSessionsResponse = envelope(z.array(vncSession));
export const launchUrlResponse = envelope(z.object({ novncUrl: z.string(), withDomain: z.boolean() }));
export const deleteVncSessionResponse = envelope(z.object({}));

/** Spring Boot's default error body for unknown paths (404) and methods (405), §4.1 (body not observed). */
export const springErrorBody = z.object({
  timestamp: z.string(),
  status: z.number().int(),
  error: z.string(),
  path: z.string(),
});
