import type { z } from 'zod';
import { huaweiEnv } from '../contracts/huawei/account.ts';
import {
  legacyConsoleResponse,
  type RemoteConsoleResponse,
  remoteConsoleResponse,
} from '../contracts/huawei/schemas.ts';
import { signRequest } from '../contracts/huawei/signer.ts';
import { type ProviderApiError, toProviderApiError } from './errors.ts';
import { answerOf, EMULATOR_URL_VARIABLE, fillCase, need, type ProviderClient, Skip } from './provider.ts';

async function toError(response: Response): Promise<ProviderApiError> {
  const { error } = await toProviderApiError('huawei', response);
  if (!error) throw new Error(`huawei: unexpected ${response.status} answer`);
  return error;
}

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
  /**
   * Milliseconds since the epoch (defaults to the machine's clock): the `X-Sdk-Date` an AK/SK request is
   * signed with, and the time an IAM token counts as expired (its `expires_at`) and is asked for anew.
   */
  now?: () => number;
  fetch?: typeof fetch;
}

/**
 * A thin typed client for Huawei Cloud ECS consoles: IAM password tokens or AK/SK signing (the same signer
 * the emulator verifies with), Nova's remote-consoles and Huawei's native ShowServerRemoteConsole.
 */
export class HuaweiClient {
  readonly #options: HuaweiClientOptions;
  #token: { id: string; projectId: string; expiresAt: number } | undefined;

  constructor(options: HuaweiClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  get #fetch(): typeof fetch {
    return this.#options.fetch ?? fetch;
  }

  get #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** The IAM token, asked for once and again after its `expires_at`; `undefined` with AK/SK auth. */
  async token(): Promise<{ id: string; projectId: string } | undefined> {
    const auth = this.#options.auth;
    if (auth.kind !== 'password') return undefined;
    if (this.#token && this.#now < this.#token.expiresAt) return this.#token;
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
    const body = (await response.json()) as { token: { project: { id: string }; expires_at: string } };
    this.#token = {
      id: response.headers.get('x-subject-token') ?? '',
      projectId: body.token.project.id,
      // A gateway whose expires_at does not parse: kept until a 401 says it expired.
      expiresAt: Date.parse(body.token.expires_at) || Number.POSITIVE_INFINITY,
    };
    return this.#token;
  }

  async #projectId(): Promise<string> {
    const auth = this.#options.auth;
    return auth.kind === 'aksk' ? auth.projectId : ((await this.token()) as { projectId: string }).projectId;
  }

  /**
   * Sends one authenticated request (IAM token or AK/SK signature) and returns the raw answer. `path` may hold
   * `{project_id}`, replaced by the credential's project. An IAM token got before this call and answered 401
   * (Keystone's check or the gateway's `APIGW.0307`: expired, e.g. once the emulator's clock moved past its
   * `expires_at`) is replaced by a new one and the request sent once more.
   */
  async send(
    method: string,
    path: string,
    options: { body?: object | string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const held = this.#token;
    const response = await this.#sendOnce(method, path, options);
    if (response.status !== 401 || held === undefined || this.#options.auth.kind !== 'password') {
      return response;
    }
    await response.body?.cancel();
    this.#token = undefined;
    return this.#sendOnce(method, path, options);
  }

  async #sendOnce(
    method: string,
    path: string,
    options: { body?: object | string; headers?: Record<string, string> },
  ): Promise<Response> {
    const url = `${this.#options.baseUrl}${path.replace('{project_id}', await this.#projectId())}`;
    const text =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    let sent: Record<string, string> = {
      ...(text === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    };
    const auth = this.#options.auth;
    if (auth.kind === 'aksk') {
      sent = signRequest(
        {
          method,
          url,
          headers: { ...sent, 'X-Project-Id': auth.projectId },
          ...(text === undefined ? {} : { body: text }),
        },
        auth,
        this.#now,
      );
    } else sent['X-Auth-Token'] = ((await this.token()) as { id: string }).id;
    return this.#fetch(url, { method, headers: sent, ...(text === undefined ? {} : { body: text }) });
  }

  async #post<T extends z.ZodType>(path: string, body: object, headers: Record<string, string>, schema: T) {
    const response = await this.send('POST', path, { body, headers });
    if (!response.ok) throw await toError(response);
    return schema.parse(await response.json()) as z.infer<T>;
  }

  /** Nova `POST /v2.1/{project_id}/servers/{server_id}/remote-consoles` at microversion 2.6 or later. */
  async remoteConsoles(
    serverId: string,
    console: { protocol: string; type: string } = { protocol: 'vnc', type: 'novnc' },
    microversion = '2.6',
  ): Promise<RemoteConsoleResponse['remote_console']> {
    const result = await this.#post(
      `/v2.1/{project_id}/servers/${serverId}/remote-consoles`,
      { remote_console: console },
      { 'X-OpenStack-Nova-API-Version': microversion, 'OpenStack-API-Version': `compute ${microversion}` },
      remoteConsoleResponse,
    );
    return result.remote_console;
  }

  /** Huawei native `POST /v1/{project_id}/cloudservers/{server_id}/remote_console`. */
  async showServerRemoteConsole(serverId: string): Promise<RemoteConsoleResponse['remote_console']> {
    const result = await this.#post(
      `/v1/{project_id}/cloudservers/${serverId}/remote_console`,
      { remote_console: { protocol: 'vnc', type: 'novnc' } },
      {},
      remoteConsoleResponse,
    );
    return result.remote_console;
  }

  /** The legacy `os-getVNCConsole` server action (microversions 2.1–2.5). */
  async getVncConsole(serverId: string, type: 'novnc' | 'xvpvnc' = 'novnc', microversion = '2.1') {
    const result = await this.#post(
      `/v2.1/{project_id}/servers/${serverId}/action`,
      { 'os-getVNCConsole': { type } },
      { 'X-OpenStack-Nova-API-Version': microversion },
      legacyConsoleResponse,
    );
    return result.console;
  }
}

export interface HuaweiConsoleUrlRequest {
  client: HuaweiClient | HuaweiClientOptions;
  serverId: string;
  /** Nova's remote-consoles (default) or Huawei's native ShowServerRemoteConsole. */
  api?: 'nova' | 'native';
}

/** What the client layer knows of Huawei (registered in `client/providers.ts`). */
export const huaweiClient: ProviderClient<'huawei', HuaweiClientOptions, HuaweiConsoleUrlRequest> = {
  /** Cases go through the typed client (a password token, or AK/SK), or by hand when unauthenticated. */
  driver(baseUrl, creds) {
    const password = new HuaweiClient({
      baseUrl,
      auth: {
        kind: 'password',
        user: creds.user,
        password: creds.password,
        domain: creds.domain,
        project: { name: creds.projectName },
      },
    });
    const aksk = (secret: string | undefined) => {
      if (!creds.accessKeyId || !secret) throw new Skip('needs accessKeyId and secretAccessKey');
      return new HuaweiClient({
        baseUrl,
        auth: {
          kind: 'aksk',
          accessKeyId: creds.accessKeyId,
          secretAccessKey: secret,
          projectId: creds.projectId,
        },
      });
    };
    return {
      async send({ request }) {
        const path = fillCase(request.path, creds);
        const body = fillCase(request.body, creds);
        const headers: Record<string, string> = {
          Accept: 'application/json',
          ...(request.microversion ? { 'X-OpenStack-Nova-API-Version': request.microversion } : {}),
          ...request.headers,
        };
        const options = { headers, ...(body === undefined ? {} : { body }) };
        switch (request.auth) {
          case 'token':
            return answerOf(await password.send(request.method, path, options));
          case 'aksk':
            return answerOf(await aksk(creds.secretAccessKey).send(request.method, path, options));
          case 'wrong-secret':
            return answerOf(await aksk('not-the-secret').send(request.method, path, options));
          case 'none':
          case 'bad-token':
            return answerOf(
              await fetch(`${baseUrl}${path}`, {
                method: request.method,
                headers: {
                  ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
                  ...(request.auth === 'bad-token' ? { 'X-Auth-Token': 'gAAAAAB-not-a-token' } : {}),
                  ...headers,
                },
                ...(body === undefined
                  ? {}
                  : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
              }),
            );
        }
      },
    };
  },

  optionsFromEnv(env) {
    return {
      baseUrl: env[huaweiEnv.endpoint] ?? need(env, EMULATOR_URL_VARIABLE),
      auth: {
        kind: 'aksk',
        accessKeyId: need(env, huaweiEnv.ak),
        secretAccessKey: need(env, huaweiEnv.sk),
        projectId: need(env, huaweiEnv.projectId),
      },
    };
  },

  /** Nova's `vnc_auto.html` URL (or the native API's). */
  async consoleUrl(request) {
    const client = request.client instanceof HuaweiClient ? request.client : new HuaweiClient(request.client);
    const console =
      request.api === 'native'
        ? await client.showServerRemoteConsole(request.serverId)
        : await client.remoteConsoles(request.serverId);
    return console.url;
  },
};
