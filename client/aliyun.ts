import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { aliyunEnv } from '../contracts/aliyun/account.ts';
import {
  type AliyunAction,
  describeInstancesResponse,
  describeInstanceVncUrlResponse,
  describeRegionsResponse,
  ECS_API_VERSION,
  modifyInstanceVncPasswdResponse,
} from '../contracts/aliyun/schemas.ts';
import { signV1, signV3 } from '../contracts/aliyun/signer.ts';
import { toProviderApiError } from './errors.ts';
import { answerOf, EMULATOR_URL_VARIABLE, fillCase, need, type ProviderClient } from './provider.ts';
import { coerceXml } from './xml.ts';

export interface AliyunClientOptions {
  /** The RPC endpoint with its scheme, e.g. the emulator's `http://127.0.0.1:9400` or `https://ecs.aliyuncs.com`. */
  baseUrl: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** `v3` (ACS3-HMAC-SHA256, the OpenAPI SDK's default) or `v1` (HMAC-SHA1, pop-core). Default `v3`. */
  signature?: 'v1' | 'v3';
  /** V1 only: the answer's format (V3 always answers JSON). Default `JSON`. */
  format?: 'JSON' | 'XML';
  /** V1 only: parameters in the query (`GET`) or a form body (`POST`). Default `GET`. */
  method?: 'GET' | 'POST';
  /**
   * Retry after `Throttling.*` (Alibaba's flow control): up to `attempts` calls in all, waiting the
   * `x-acs-retry-after` milliseconds the gateway asks for (or `delayMs` when it names none). Off by default.
   */
  retry?: { attempts: number; delayMs?: number };
  /** Milliseconds since the epoch for `Timestamp` / `x-acs-date` (defaults to the machine's clock). */
  now?: () => number;
  /** A fresh `SignatureNonce` per call (defaults to a random UUID). */
  nonce?: () => string;
  fetch?: typeof fetch;
}

const SCHEMAS = {
  DescribeInstanceVncUrl: describeInstanceVncUrlResponse,
  ModifyInstanceVncPasswd: modifyInstanceVncPasswdResponse,
  DescribeRegions: describeRegionsResponse,
  DescribeInstances: describeInstancesResponse,
} satisfies Record<AliyunAction, z.ZodType>;
type Answer<A extends AliyunAction> = z.infer<(typeof SCHEMAS)[A]>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A thin typed client for Alibaba Cloud ECS's RPC API: signs with V1 or V3 (the signer the emulator verifies
 * with), reads JSON or XML answers with the contracts' schemas, throws `ProviderApiError`.
 */
export class AliyunClient {
  readonly #options: AliyunClientOptions;

  constructor(options: AliyunClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  /** Sends one signed call and returns the raw answer (no retry, no parsing). */
  async send(action: string, params: Readonly<Record<string, string>> = {}): Promise<Response> {
    const o = this.#options;
    const epochMs = (o.now ?? Date.now)();
    const nonce = (o.nonce ?? randomUUID)();
    const doFetch = o.fetch ?? fetch;
    const url = new URL(`${o.baseUrl}/`);
    if ((o.signature ?? 'v3') === 'v3') {
      // As @alicloud/openapi-core sends an RPC call: POST, the parameters in the query, an empty body.
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const headers = signV3({ method: 'POST', url, action, version: ECS_API_VERSION }, o, {
        epochMs,
        nonce,
      });
      return doFetch(url, { method: 'POST', headers });
    }
    const signed = signV1(o.method ?? 'GET', { Action: action, ...params }, o, {
      epochMs,
      nonce,
      version: ECS_API_VERSION,
      format: o.format ?? 'JSON',
    });
    if ((o.method ?? 'GET') === 'POST') {
      return doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(signed).toString(),
      });
    }
    for (const [name, value] of Object.entries(signed)) url.searchParams.set(name, value);
    return doFetch(url);
  }

  /** Calls an action and parses the answer with its contract; retries `Throttling.*` when asked to. */
  async call<A extends AliyunAction>(
    action: A,
    params: Readonly<Record<string, string>> = {},
  ): Promise<Answer<A>> {
    const attempts = Math.max(1, this.#options.retry?.attempts ?? 1);
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(action, params);
      const retryAfter = response.headers.get('x-acs-retry-after');
      const { error, body } = await toProviderApiError('aliyun', response);
      if (!error) {
        const schema = SCHEMAS[action];
        const root = (body as Record<string, unknown>)[`${action}Response`];
        return schema.parse(root === undefined ? body : coerceXml(schema, root)) as Answer<A>;
      }
      if (!error.code.startsWith('Throttling') || attempt >= attempts) throw error;
      await sleep(retryAfter === null ? (this.#options.retry?.delayMs ?? 1000) : Number(retryAfter));
    }
  }

  /**
   * `DescribeInstanceVncUrl`: `vncUrl` as answered (percent-encoded, for the console page's `vncUrl`
   * parameter) and `webSocketUrl` decoded once (what a VNC client connects to). Valid 15 seconds, once.
   */
  async describeInstanceVncUrl(input: {
    regionId: string;
    instanceId: string;
  }): Promise<{ requestId: string; vncUrl: string; webSocketUrl: string }> {
    const answer = await this.call('DescribeInstanceVncUrl', {
      RegionId: input.regionId,
      InstanceId: input.instanceId,
    });
    return {
      requestId: answer.RequestId,
      vncUrl: answer.VncUrl,
      webSocketUrl: decodeURIComponent(answer.VncUrl),
    };
  }

  async modifyInstanceVncPasswd(input: {
    regionId: string;
    instanceId: string;
    vncPassword: string;
  }): Promise<void> {
    await this.call('ModifyInstanceVncPasswd', {
      RegionId: input.regionId,
      InstanceId: input.instanceId,
      VncPassword: input.vncPassword,
    });
  }

  async describeRegions(): Promise<Answer<'DescribeRegions'>['Regions']['Region']> {
    return (await this.call('DescribeRegions')).Regions.Region;
  }

  async describeInstances(input: {
    regionId: string;
    instanceIds?: string[];
    status?: string;
    pageNumber?: number;
    pageSize?: number;
  }): Promise<Answer<'DescribeInstances'>> {
    return this.call('DescribeInstances', {
      RegionId: input.regionId,
      ...(input.instanceIds ? { InstanceIds: JSON.stringify(input.instanceIds) } : {}),
      ...(input.status ? { Status: input.status } : {}),
      ...(input.pageNumber ? { PageNumber: String(input.pageNumber) } : {}),
      ...(input.pageSize ? { PageSize: String(input.pageSize) } : {}),
    });
  }
}

/** Where Alibaba serves its VNC console page (docs/providers/aliyun.md §4: the current `ecs-console-vnc2` build). */
export const ALIYUN_CONSOLE_PAGE = 'https://g.alicdn.com/aliyun/ecs-console-vnc2/0.0.8/index.html';

/**
 * The console page URL for a `VncUrl`: `vncUrl` pasted as answered (already percent-encoded, as the docs'
 * examples do), then `instanceId`, `isWindows` and, optionally, the six-character VNC `password` that lets the
 * page skip its prompt. `page` is the emulator's stand-in (`<base>/aliyun/ecs-console-vnc2/0.0.8/index.html`)
 * when testing offline.
 */
export function aliyunConsolePageUrl(input: {
  vncUrl: string;
  instanceId: string;
  isWindows: boolean;
  password?: string;
  page?: string;
}): string {
  const params = [
    `vncUrl=${input.vncUrl}`,
    `instanceId=${encodeURIComponent(input.instanceId)}`,
    `isWindows=${input.isWindows}`,
    ...(input.password === undefined ? [] : [`password=${encodeURIComponent(input.password)}`]),
  ];
  return `${input.page ?? ALIYUN_CONSOLE_PAGE}?${params.join('&')}`;
}

export interface AliyunConsoleUrlRequest {
  client: AliyunClient | AliyunClientOptions;
  regionId: string;
  instanceId: string;
  isWindows: boolean;
  /** The instance's VNC password, so that the page does not ask for it. */
  password?: string;
  /** The console page (Alibaba's on g.alicdn.com by default; the emulator serves a stand-in). */
  page?: string;
}

/** What the client layer knows of Alibaba (registered in `client/providers.ts`). */
export const aliyunClient: ProviderClient<'aliyun', AliyunClientOptions, AliyunConsoleUrlRequest> = {
  /** Cases go through the typed client, tampered with as each case asks. */
  driver(baseUrl, creds) {
    return {
      async send({ request }) {
        const params = fillCase(request.params, creds);
        const accessKeyId = request.tamper === 'unknown-key' ? 'LTAI5tNoSuchAccessKey000' : creds.accessKeyId;
        const accessKeySecret = request.tamper === 'wrong-secret' ? 'not-the-secret' : creds.accessKeySecret;
        const now = request.tamper === 'stale' ? () => Date.now() - 20 * 60_000 : Date.now;
        if (request.version) {
          // A Version the gateway does not know: signed by hand, as the client always names 2014-05-26.
          const signed = signV1(
            'GET',
            { Action: request.action, ...params },
            { accessKeyId, accessKeySecret },
            {
              epochMs: now(),
              nonce: randomUUID(),
              version: request.version,
              format: request.format ?? 'JSON',
            },
          );
          return answerOf(await fetch(`${baseUrl}/?${new URLSearchParams(signed)}`));
        }
        const nonce = randomUUID();
        const client = new AliyunClient({
          baseUrl,
          accessKeyId,
          accessKeySecret,
          signature: request.signature,
          format: request.format ?? 'JSON',
          method: request.method ?? 'GET',
          now,
          nonce: request.tamper === 'replay' ? () => nonce : randomUUID,
        });
        if (request.tamper === 'replay') await (await client.send(request.action, params)).arrayBuffer();
        return answerOf(await client.send(request.action, params));
      },
    };
  },

  optionsFromEnv(env) {
    return {
      baseUrl: env[EMULATOR_URL_VARIABLE] ?? `http://${need(env, aliyunEnv.endpoint)}`,
      accessKeyId: need(env, aliyunEnv.accessKeyId),
      accessKeySecret: need(env, aliyunEnv.accessKeySecret),
    };
  },

  /** Alibaba's console page around a fresh `VncUrl`. */
  async consoleUrl(request) {
    const client = request.client instanceof AliyunClient ? request.client : new AliyunClient(request.client);
    const { vncUrl } = await client.describeInstanceVncUrl(request);
    return aliyunConsolePageUrl({
      vncUrl,
      instanceId: request.instanceId,
      isWindows: request.isWindows,
      ...(request.password === undefined ? {} : { password: request.password }),
      ...(request.page === undefined ? {} : { page: request.page }),
    });
  },
};
