import { z } from 'zod';

/** Nova project ids must match `[0-9a-f-]+` or the route does not match at all (docs/providers/huawei.md §1.1). */
export const projectId = z.string().regex(/^[0-9a-f-]+$/);

/** Nova's remote-console enums, in the order they appear verbatim in validation messages (docs/providers/huawei.md §1.2). */
export const remoteConsoleEnums = {
  '2.6': {
    protocol: ['vnc', 'spice', 'serial', 'rdp'],
    type: ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5'],
  },
  '2.8': {
    protocol: ['vnc', 'spice', 'serial', 'rdp', 'mks'],
    type: ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5', 'webmks'],
  },
  '2.99': {
    protocol: ['vnc', 'spice', 'serial', 'rdp', 'mks'],
    type: ['novnc', 'xvpvnc', 'spice-html5', 'serial', 'rdp-html5', 'webmks', 'spice-direct'],
  },
} as const;

export const remoteConsoleRequest = z.object({
  remote_console: z.object({
    protocol: z.enum(remoteConsoleEnums['2.99'].protocol),
    type: z.enum(remoteConsoleEnums['2.99'].type),
  }),
});
export type RemoteConsoleRequest = z.infer<typeof remoteConsoleRequest>;

export const remoteConsoleResponse = z.object({
  remote_console: z.object({ protocol: z.string(), type: z.string(), url: z.url() }),
});
export type RemoteConsoleResponse = z.infer<typeof remoteConsoleResponse>;

/** Huawei's native `ShowServerRemoteConsole`: `protocol` only `vnc`, `type` only `novnc` (docs/providers/huawei.md §4.1). */
export const nativeRemoteConsoleRequest = z.object({
  remote_console: z.object({ protocol: z.literal('vnc'), type: z.literal('novnc') }),
});

/**
 * The legacy console server actions (microversions 2.1–2.5, docs/providers/huawei.md §1.4), one key each: the
 * emulator answers all four on the same path.
 */
export const consoleAction = z.union([
  z.object({ 'os-getVNCConsole': z.object({ type: z.enum(['novnc', 'xvpvnc']) }) }),
  z.object({ 'os-getSPICEConsole': z.object({ type: z.literal('spice-html5') }) }),
  z.object({ 'os-getRDPConsole': z.object({ type: z.literal('rdp-html5') }) }),
  z.object({ 'os-getSerialConsole': z.object({ type: z.literal('serial') }) }),
]);
export const legacyConsoleResponse = z.object({ console: z.object({ type: z.string(), url: z.url() }) });

const link = z.object({ href: z.string(), rel: z.string(), type: z.string().optional() });

export const novaVersion = z.object({
  id: z.string(),
  status: z.string(),
  version: z.string(),
  min_version: z.string(),
  updated: z.string(),
  links: z.array(link),
  'media-types': z.array(z.object({ base: z.string(), type: z.string() })).optional(),
});
export const novaVersionsDocument = z.object({ versions: z.array(novaVersion) });
export const novaVersionDocument = z.object({ version: novaVersion });

export const novaServer = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.string(),
  tenant_id: z.string(),
  user_id: z.string(),
  created: z.string(),
  updated: z.string(),
  'OS-EXT-STS:task_state': z.string().nullable(),
  'OS-EXT-STS:vm_state': z.string(),
  'OS-EXT-SRV-ATTR:host': z.string().nullable().optional(),
  links: z.array(link),
});
export const novaServerDocument = z.object({ server: novaServer });
export const novaServersDocument = z.object({ servers: z.array(novaServer) });

// --- Keystone v3 password authentication (docs/providers/huawei.md §5.3) ---
const named = z.object({ id: z.string().optional(), name: z.string().optional() });
export const authTokensRequest = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()),
      password: z
        .object({
          user: z.object({
            id: z.string().optional(),
            name: z.string().optional(),
            domain: named.optional(),
            password: z.string(),
          }),
        })
        .optional(),
    }),
    scope: z
      .object({
        project: z
          .object({ id: z.string().optional(), name: z.string().optional(), domain: named.optional() })
          .optional(),
        domain: named.optional(),
      })
      .optional(),
  }),
});
export type AuthTokensRequest = z.infer<typeof authTokensRequest>;

const catalogEndpoint = z.object({
  id: z.string(),
  interface: z.enum(['public', 'internal', 'admin']),
  region: z.string(),
  region_id: z.string(),
  url: z.string(),
});
export const authTokensResponse = z.object({
  token: z.object({
    expires_at: z.string(),
    issued_at: z.string(),
    methods: z.array(z.string()),
    user: z.object({
      id: z.string(),
      name: z.string(),
      domain: z.object({ id: z.string(), name: z.string() }),
    }),
    project: z
      .object({ id: z.string(), name: z.string(), domain: z.object({ id: z.string(), name: z.string() }) })
      .optional(),
    domain: z.object({ id: z.string(), name: z.string() }).optional(),
    roles: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    catalog: z
      .array(
        z.object({ type: z.string(), name: z.string(), id: z.string(), endpoints: z.array(catalogEndpoint) }),
      )
      .optional(),
  }),
});

// --- Error bodies, one per shape (see errors.ts) ---
export const novaFaultBody = z.record(z.string(), z.object({ code: z.number().int(), message: z.string() }));
export const keystoneErrorBody = z.object({
  error: z.object({ code: z.number().int(), title: z.string(), message: z.string() }),
});
export const apigwErrorBody = z.object({
  error_msg: z.string(),
  error_code: z.string(),
  request_id: z.string(),
});
export const ecsErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const webobErrorBody = z.object({ message: z.string(), code: z.string(), title: z.string() });
