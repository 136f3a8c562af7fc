import type { z } from 'zod';
import {
  apigwErrorBody,
  ecsErrorBody,
  keystoneErrorBody,
  novaFaultBody,
  type RemoteConsoleResponse,
  remoteConsoleResponse,
} from '../contracts/huawei/schemas.ts';
import { signRequest } from '../contracts/huawei/signer.ts';
import { ProviderApiError } from './errors.ts';

export type HuaweiAuth =
  | {
      kind: 'password';
      user: string;
      password: string;
      domain: string;
      /** Project scope by name (Huawei: the region name, e.g. `cn-north-4`) or by id. */
      project: { name: string } | { id: string };
    }
  | { kind: 'aksk'; accessKeyId: string; secretAccessKey: string; projectId: string };

export interface HuaweiClientOptions {
  /** Where IAM, Nova and ECS are served, e.g. the emulator's `http://127.0.0.1:9400`. */
  baseUrl: string;
  auth: HuaweiAuth;
  /** Milliseconds since the epoch used for `X-Sdk-Date` (defaults to the machine's clock). */
  now?: () => number;
  fetch?: typeof fetch;
}

/** Reads whichever of Huawei's error shapes came back into one `ProviderApiError`. */
async function toError(response: Response): Promise<ProviderApiError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (webob's HTML or plain text): keep the text
  }
  const requestId =
    response.headers.get('x-compute-request-id') ??
    response.headers.get('x-openstack-request-id') ??
    response.headers.get('x-request-id') ??
    undefined;
  const fail = (code: string, message: string) =>
    new ProviderApiError('huawei', response.status, code, message, requestId, body);
  const apigw = apigwErrorBody.safeParse(body);
  if (apigw.success) return fail(apigw.data.error_code, apigw.data.error_msg);
  const ecs = ecsErrorBody.safeParse(body);
  if (ecs.success) return fail(ecs.data.error.code, ecs.data.error.message);
  const keystone = keystoneErrorBody.safeParse(body);
  if (keystone.success) return fail(String(keystone.data.error.code), keystone.data.error.message);
  const fault = novaFaultBody.safeParse(body);
  if (fault.success) {
    const [name, detail] = Object.entries(fault.data)[0] ?? ['unknown', { message: text }];
    return fail(name, detail.message);
  }
  return fail(String(response.status), text);
}

/**
 * A thin typed client for Huawei Cloud ECS consoles: IAM password tokens or AK/SK signing (the same signer
 * the emulator verifies with), Nova's remote-consoles and Huawei's native ShowServerRemoteConsole.
 */
export class HuaweiClient {
  readonly #options: HuaweiClientOptions;
  #token: { id: string; projectId: string } | undefined;

  constructor(options: HuaweiClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  get #fetch(): typeof fetch {
    return this.#options.fetch ?? fetch;
  }

  /** Gets (once) an IAM token; `undefined` with AK/SK auth. */
  async token(): Promise<{ id: string; projectId: string } | undefined> {
    const auth = this.#options.auth;
    if (auth.kind !== 'password') return undefined;
    if (this.#token) return this.#token;
    const response = await this.#fetch(`${this.#options.baseUrl}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: auth.user, domain: { name: auth.domain }, password: auth.password } },
          },
          scope: {
            project: {
              ...auth.project,
              ...('name' in auth.project ? { domain: { name: auth.domain } } : {}),
            },
          },
        },
      }),
    });
    if (response.status !== 201) throw await toError(response);
    const body = (await response.json()) as { token: { project: { id: string } } };
    this.#token = { id: response.headers.get('x-subject-token') ?? '', projectId: body.token.project.id };
    return this.#token;
  }

  async #projectId(): Promise<string> {
    const auth = this.#options.auth;
    return auth.kind === 'aksk' ? auth.projectId : ((await this.token()) as { projectId: string }).projectId;
  }

  async #post<T extends z.ZodType>(path: string, body: object, headers: Record<string, string>, schema: T) {
    const url = `${this.#options.baseUrl}${path}`;
    const text = JSON.stringify(body);
    let sent: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
    const auth = this.#options.auth;
    if (auth.kind === 'aksk') {
      sent = signRequest(
        { method: 'POST', url, headers: { ...sent, 'X-Project-Id': auth.projectId }, body: text },
        auth,
        (this.#options.now ?? Date.now)(),
      );
    } else sent['X-Auth-Token'] = ((await this.token()) as { id: string }).id;
    const response = await this.#fetch(url, { method: 'POST', headers: sent, body: text });
    if (!response.ok) throw await toError(response);
    return schema.parse(await response.json()) as z.infer<T>;
  }

  /** Nova `POST /v2.1/{project_id}/servers/{server_id}/remote-consoles` at microversion 2.6 or later. */
  async remoteConsoles(
    serverId: string,
    console: { protocol: string; type: string } = { protocol: 'vnc', type: 'novnc' },
    microversion = '2.6',
  ): Promise<RemoteConsoleResponse['remote_console']> {
    const projectId = await this.#projectId();
    const result = await this.#post(
      `/v2.1/${projectId}/servers/${serverId}/remote-consoles`,
      { remote_console: console },
      { 'X-OpenStack-Nova-API-Version': microversion, 'OpenStack-API-Version': `compute ${microversion}` },
      remoteConsoleResponse,
    );
    return result.remote_console;
  }

  /** Huawei native `POST /v1/{project_id}/cloudservers/{server_id}/remote_console`. */
  async showServerRemoteConsole(serverId: string): Promise<RemoteConsoleResponse['remote_console']> {
    const projectId = await this.#projectId();
    const result = await this.#post(
      `/v1/${projectId}/cloudservers/${serverId}/remote_console`,
      { remote_console: { protocol: 'vnc', type: 'novnc' } },
      {},
      remoteConsoleResponse,
    );
    return result.remote_console;
  }
}
