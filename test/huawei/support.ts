import { huaweiDemo } from '../../contracts/huawei/demo.ts';

const server = (name: string) => {
  const found = huaweiDemo.servers?.find((s) => s.name === name);
  if (!found) throw new Error(`no demo server ${name}`);
  return found.id;
};

/** The demo scenario's Huawei identities and servers, as the README prints them. */
export const demo = {
  projectId: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
  otherProjectId: '9f8e7d6c5b4a49388271605f4e3d2c1b',
  accessKeyId: 'DEMOAKHUAWEI00000001',
  secretAccessKey: 'demo-huawei-secret',
  active: server('demo-active'),
  shutoff: server('demo-shutoff'),
  building: server('demo-building'),
  error: server('demo-error'),
  deleting: server('demo-deleting'),
  otherProject: server('other-project-server'),
};

export function passwordAuthBody(options: { user?: string; password?: string; project?: object } = {}) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: options.user ?? 'demo',
            domain: { name: 'demo' },
            password: options.password ?? 'demo-password',
          },
        },
      },
      scope: { project: options.project ?? { name: 'cn-north-4', domain: { name: 'demo' } } },
    },
  };
}

/** An IAM token for the demo user (or another), scoped to the demo project. */
export async function iamToken(
  baseUrl: string,
  options: Parameters<typeof passwordAuthBody>[0] = {},
): Promise<string> {
  const response = await fetch(`${baseUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody(options)),
  });
  if (response.status !== 201)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return response.headers.get('x-subject-token') as string;
}

export interface NovaCall {
  method?: string;
  token?: string;
  /** Sent as both microversion headers, as keystoneauth does. */
  version?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
}

export async function nova(baseUrl: string, path: string, call: NovaCall = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  if (call.token) headers['X-Auth-Token'] = call.token;
  if (call.version) {
    headers['OpenStack-API-Version'] = `compute ${call.version}`;
    headers['X-OpenStack-Nova-API-Version'] = call.version;
  }
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return fetch(`${baseUrl}${path}`, {
    method: call.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
}

export const consolesPath = (serverId: string, projectId = demo.projectId) =>
  `/v2.1/${projectId}/servers/${serverId}/remote-consoles`;
