import { randomUUID } from 'node:crypto';
import { AliyunClient } from '../client/aliyun.ts';
import { HpcClient } from '../client/hpc.ts';
import { HuaweiClient } from '../client/huawei.ts';
import { TencentClient, type TencentParams } from '../client/tencent.ts';
import type { AliyunRequest } from '../contracts/aliyun/cases.ts';
import { signV1 } from '../contracts/aliyun/signer.ts';
import type { ContractCase } from '../contracts/contract.ts';
import type { HpcRequest } from '../contracts/hpc/cases.ts';
import { signAkSk } from '../contracts/hpc/signer.ts';
import type { HuaweiRequest } from '../contracts/huawei/cases.ts';
import type { ProviderName } from '../contracts/providers.ts';
import type { TencentRequest } from '../contracts/tencent/cases.ts';
import type { Credentials } from './credentials.ts';
import type { Answer } from './match.ts';

/** A case that needs a credential or resource the credentials do not name. */
export class Skip extends Error {}

/** Replaces each `{dotted.name}` in strings (deeply) with the credentials' value; `Skip` when there is none. */
function fill<T>(value: T, source: object, keep: ReadonlySet<string> = new Set()): T {
  if (typeof value === 'string') {
    return value.replace(/\{([A-Za-z.]+)\}/g, (whole, name: string) => {
      if (keep.has(name)) return whole;
      const found = name
        .split('.')
        .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], source);
      if (typeof found !== 'string') throw new Skip(`needs ${name}`);
      return found;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, source, keep)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, source, keep)])) as T;
  }
  return value;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export interface Driver {
  send(c: ContractCase): Promise<Answer>;
}

function huaweiDriver(baseUrl: string, creds: Credentials['huawei']): Driver {
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
    async send(c) {
      const request = c.request as HuaweiRequest;
      const path = fill(request.path, creds);
      const body = fill(request.body, creds);
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
              ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
            }),
          );
      }
    },
  };
}

function aliyunDriver(baseUrl: string, creds: Credentials['aliyun']): Driver {
  return {
    async send(c) {
      const request = c.request as AliyunRequest;
      const params = fill(request.params, creds);
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
}

const FORGED_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoiZm9yZ2VkIn0.Zm9yZ2Vk';

function hpcDriver(baseUrl: string, creds: Credentials['hpc']): Driver {
  const client = new HpcClient({
    baseUrl,
    auth: { kind: 'password', user: creds.user, password: creds.password, orgId: creds.orgId },
  });
  let tokens: Promise<{ region: string; platform: string }> | undefined;
  const tokensOnce = () => {
    tokens ??= client.tokens().then((list) => ({
      region: list.find((t) => t.clusterId !== '0' && t.token)?.token ?? '',
      platform: list.find((t) => t.clusterId === '0')?.token ?? '',
    }));
    return tokens;
  };
  return {
    async send(c) {
      const request = c.request as HpcRequest;
      let path = fill(request.path, creds, new Set(['ownSession']));
      if (path.includes('{ownSession}'))
        path = path.replace('{ownSession}', (await client.createSession()).sessionId);
      let headers: Record<string, string> = {};
      switch (request.auth) {
        case 'password':
          headers = { user: creds.user, password: creds.password, orgId: creds.orgId };
          break;
        case 'aksk':
          if (!creds.accessKey || !creds.secretKey) throw new Skip('needs accessKey and secretKey');
          headers = signAkSk(
            { user: creds.user, accessKey: creds.accessKey, secretKey: creds.secretKey },
            Date.now(),
          );
          break;
        case 'region-token':
          headers = { token: (await tokensOnce()).region };
          break;
        case 'platform-token':
          headers = { token: (await tokensOnce()).platform };
          break;
        case 'bad-token':
          headers = { token: FORGED_TOKEN };
          break;
        case 'none':
          break;
      }
      for (const [name, value] of Object.entries(request.login ?? {})) {
        if (value === null) delete headers[name];
        else headers[name] = value;
      }
      // Region APIs are served at the origin of the region's hpcUrls entry, not the platform's.
      const origin = path.startsWith('/hpc/') ? new URL(await client.hpcUrl()).origin : baseUrl;
      return answerOf(await fetch(`${origin}${path}`, { method: request.method, headers }));
    },
  };
}

function tencentDriver(baseUrl: string, creds: Credentials['tencent']): Driver {
  return {
    async send(c) {
      const request = c.request as TencentRequest;
      const client = new TencentClient({
        baseUrl,
        secretId: request.tamper === 'unknown-key' ? 'AKIDNOSUCHKEY000000000000000000000001' : creds.secretId,
        secretKey: request.tamper === 'wrong-secret' ? 'not-the-secret' : creds.secretKey,
        region: fill(request.region ?? '{region}', creds),
        signMethod: request.signMethod,
        method: request.method ?? 'POST',
        ...(request.version ? { version: request.version } : {}),
        // Ten minutes behind: past the gateway's five either way.
        ...(request.tamper === 'stale' ? { now: () => Date.now() - 10 * 60_000 } : {}),
      });
      return answerOf(await client.send(request.action, fill(request.params, creds) as TencentParams));
    },
  };
}

export function createDriver<P extends ProviderName>(
  provider: P,
  baseUrl: string,
  creds: Credentials[P],
): Driver {
  const base = baseUrl.replace(/\/+$/, '');
  switch (provider) {
    case 'huawei':
      return huaweiDriver(base, creds as Credentials['huawei']);
    case 'aliyun':
      return aliyunDriver(base, creds as Credentials['aliyun']);
    case 'tencent':
      return tencentDriver(base, creds as Credentials['tencent']);
    default:
      return hpcDriver(base, creds as Credentials['hpc']);
  }
}
