import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { tencentEnv } from '../contracts/tencent/account.ts';
import {
  CVM_API_VERSION,
  describeInstancesResponse,
  describeInstanceVncUrlResponse,
  describeRegionsResponse,
  type TencentAction,
} from '../contracts/tencent/schemas.ts';
import { type LegacySignatureMethod, signLegacy, signTc3 } from '../contracts/tencent/signer.ts';
import { readTencentError } from '../contracts/tencent/wire.ts';
import { ProviderApiError } from './errors.ts';
import { answerOf, EMULATOR_URL_VARIABLE, fillCase, need, type ProviderClient } from './provider.ts';

export interface TencentClientOptions {
  /** The API endpoint with its scheme: the emulator's `http://127.0.0.1:9400` or `https://cvm.tencentcloudapi.com`. */
  baseUrl: string;
  secretId: string;
  secretKey: string;
  /** `X-TC-Region` / `Region`, e.g. `ap-guangzhou`; every CVM action but DescribeRegions needs one. */
  region?: string;
  /** `TC3-HMAC-SHA256` (the SDKs' default) or the legacy `HmacSHA1` / `HmacSHA256`. */
  signMethod?: 'TC3-HMAC-SHA256' | LegacySignatureMethod;
  /** `POST` (a JSON body with TC3, a form with the legacy methods) or `GET` (everything in the query). */
  method?: 'GET' | 'POST';
  /** The API version the calls name (`2017-03-12` unless given). */
  version?: string;
  /** Temporary credentials' token (`X-TC-Token` / `Token`). */
  token?: string;
  /** Milliseconds since the epoch for the timestamp (defaults to the machine's clock). */
  now?: () => number;
  fetch?: typeof fetch;
}

const SCHEMAS = {
  DescribeInstanceVncUrl: describeInstanceVncUrlResponse,
  DescribeInstances: describeInstancesResponse,
  DescribeRegions: describeRegionsResponse,
} satisfies Record<TencentAction, z.ZodType>;
type Answer<A extends TencentAction> = z.infer<(typeof SCHEMAS)[A]>['Response'];

/** Action parameters: strings, numbers, and arrays and objects of them, as the JSON body carries them. */
export type TencentParams = { [name: string]: TencentValue };
type TencentValue = string | number | boolean | TencentValue[] | { [name: string]: TencentValue };

/** `Filters.0.Values.1=…`: nested parameters as the query and legacy form carry them (the SDKs' `mergeData`). */
function flatten(params: TencentParams, prefix = ''): Array<[string, string]> {
  return Object.entries(params).flatMap(([name, value]): Array<[string, string]> => {
    if (typeof value === 'object') return flatten(value as TencentParams, `${prefix}${name}.`);
    return [[`${prefix}${name}`, String(value)]];
  });
}

/**
 * A thin typed client for Tencent Cloud CVM (API 3.0): signs with TC3-HMAC-SHA256 or the legacy methods (the
 * signer the emulator verifies with) as the Go SDK does (service `cvm`, the host as sent), reads answers with
 * the contracts' schemas, throws `ProviderApiError` for `Response.Error` (whatever the status: the gateway
 * answers errors with 200).
 */
export class TencentClient {
  readonly #options: TencentClientOptions;

  constructor(options: TencentClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  /** Sends one signed call and returns the raw answer. */
  async send(action: string, params: TencentParams = {}): Promise<Response> {
    const o = this.#options;
    const timestampSeconds = Math.floor((o.now ?? Date.now)() / 1000);
    const method = o.method ?? 'POST';
    const version = o.version ?? CVM_API_VERSION;
    const doFetch = o.fetch ?? fetch;
    const url = new URL(`${o.baseUrl}/`);
    const signMethod = o.signMethod ?? 'TC3-HMAC-SHA256';
    if (signMethod !== 'TC3-HMAC-SHA256') {
      const signed = signLegacy(
        {
          method,
          host: url.host,
          action,
          version: CVM_API_VERSION,
          ...(o.region ? { region: o.region } : {}),
        },
        { ...Object.fromEntries(flatten(params)), ...(o.token ? { Token: o.token } : {}) },
        o,
        { timestampSeconds, nonce: Math.floor(Math.random() * 65536), signatureMethod: signMethod },
      );
      const form = new URLSearchParams(signed).toString();
      if (method === 'GET') return doFetch(`${url.href}?${form}`);
      // The Node SDK's `X-TC-TraceId`: what tells a legacy form POST from an Alibaba one on a shared listener.
      return doFetch(url, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-tc-traceid': randomUUID() },
        body: form,
      });
    }
    const rawQuery = method === 'GET' ? new URLSearchParams(flatten(params)).toString() : '';
    const body = method === 'POST' ? JSON.stringify(params) : '';
    const contentType = method === 'POST' ? 'application/json' : 'application/x-www-form-urlencoded';
    const authorization = signTc3(
      { method, host: url.host, service: 'cvm', contentType, rawQuery, body, timestampSeconds },
      o,
    );
    const headers: Record<string, string> = {
      authorization,
      'content-type': contentType,
      'x-tc-action': action,
      'x-tc-timestamp': String(timestampSeconds),
      'x-tc-version': version,
      ...(o.region ? { 'x-tc-region': o.region } : {}),
      ...(o.token ? { 'x-tc-token': o.token } : {}),
    };
    if (method === 'GET') return doFetch(rawQuery ? `${url.href}?${rawQuery}` : url.href, { headers });
    return doFetch(url, { method, headers, body });
  }

  /** Calls an action and parses the answer's `Response` with its contract. */
  async call<A extends TencentAction>(action: A, params: TencentParams = {}): Promise<Answer<A>> {
    const response = await this.send(action, params);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProviderApiError('tencent', response.status, String(response.status), text, undefined, text);
    }
    const error = readTencentError(response.status, response.headers, body, text);
    if (error) {
      throw new ProviderApiError(
        'tencent',
        response.status,
        error.code,
        error.message,
        error.requestId,
        body,
      );
    }
    return (SCHEMAS[action].parse(body) as z.infer<(typeof SCHEMAS)[A]>).Response as Answer<A>;
  }

  /**
   * `DescribeInstanceVncUrl`: `instanceVncUrl` as answered (percent-encoded once, for the console page's
   * `InstanceVncUrl` parameter) and `webSocketUrl` decoded (what a VNC client connects to). Valid 15 s, once.
   */
  async describeInstanceVncUrl(input: {
    instanceId: string;
  }): Promise<{ requestId: string; instanceVncUrl: string; webSocketUrl: string }> {
    const answer = await this.call('DescribeInstanceVncUrl', { InstanceId: input.instanceId });
    return {
      requestId: answer.RequestId,
      instanceVncUrl: answer.InstanceVncUrl,
      webSocketUrl: decodeURIComponent(answer.InstanceVncUrl),
    };
  }

  async describeInstances(
    input: {
      instanceIds?: string[];
      filters?: Array<{ name: string; values: string[] }>;
      offset?: number;
      limit?: number;
    } = {},
  ): Promise<Answer<'DescribeInstances'>> {
    return this.call('DescribeInstances', {
      ...(input.instanceIds ? { InstanceIds: input.instanceIds } : {}),
      ...(input.filters ? { Filters: input.filters.map((f) => ({ Name: f.name, Values: f.values })) } : {}),
      ...(input.offset !== undefined ? { Offset: input.offset } : {}),
      ...(input.limit !== undefined ? { Limit: input.limit } : {}),
    });
  }

  async describeRegions(): Promise<Answer<'DescribeRegions'>['RegionSet']> {
    return (await this.call('DescribeRegions')).RegionSet;
  }
}

/** Where Tencent serves its VNC console page (docs/providers/tencent.md, "DescribeInstanceVncUrl"). */
export const TENCENT_CONSOLE_PAGE = 'https://img.qcloud.com/qcloud/app/active_vnc/index.html';

/**
 * The console page URL for an `InstanceVncUrl`: the value appended as answered (already percent-encoded once),
 * as Tencent's documentation builds it. `page` is the emulator's stand-in
 * (`<base>/qcloud/app/active_vnc/index.html`) when testing offline.
 */
export function tencentConsolePageUrl(input: { instanceVncUrl: string; page?: string }): string {
  return `${input.page ?? TENCENT_CONSOLE_PAGE}?InstanceVncUrl=${input.instanceVncUrl}`;
}

export interface TencentConsoleUrlRequest {
  client: TencentClient | TencentClientOptions;
  instanceId: string;
  /** The console page (Tencent's by default; the emulator serves a stand-in). */
  page?: string;
}

/** What the client layer knows of Tencent (registered in `client/providers.ts`). */
export const tencentClient: ProviderClient<'tencent', TencentClientOptions, TencentConsoleUrlRequest> = {
  /** Cases go through the typed client, tampered with as each case asks. */
  driver(baseUrl, creds) {
    return {
      async send({ request }) {
        const client = new TencentClient({
          baseUrl,
          secretId:
            request.tamper === 'unknown-key' ? 'AKIDNOSUCHKEY000000000000000000000001' : creds.secretId,
          secretKey: request.tamper === 'wrong-secret' ? 'not-the-secret' : creds.secretKey,
          region: fillCase(request.region ?? '{region}', creds),
          signMethod: request.signMethod,
          method: request.method ?? 'POST',
          ...(request.version ? { version: request.version } : {}),
          // Ten minutes behind: past the gateway's five either way.
          ...(request.tamper === 'stale' ? { now: () => Date.now() - 10 * 60_000 } : {}),
        });
        return answerOf(await client.send(request.action, fillCase(request.params, creds) as TencentParams));
      },
    };
  },

  optionsFromEnv(env) {
    const region = env[tencentEnv.region];
    return {
      baseUrl: env[EMULATOR_URL_VARIABLE] ?? `http://${need(env, tencentEnv.endpoint)}`,
      secretId: need(env, tencentEnv.secretId),
      secretKey: need(env, tencentEnv.secretKey),
      ...(region ? { region } : {}),
    };
  },

  /** Tencent's console page around a fresh `InstanceVncUrl`. */
  async consoleUrl(request) {
    const client =
      request.client instanceof TencentClient ? request.client : new TencentClient(request.client);
    const { instanceVncUrl } = await client.describeInstanceVncUrl(request);
    return tencentConsolePageUrl({
      instanceVncUrl,
      ...(request.page === undefined ? {} : { page: request.page }),
    });
  },
};
