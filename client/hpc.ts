import type { z } from 'zod';
import { hpcEnv } from '../contracts/hpc/account.ts';
import { joinLaunchUrl } from '../contracts/hpc/launchurl.ts';
import {
  centerResponse,
  createVncSessionResponse,
  deleteVncSessionResponse,
  launchUrlResponse,
  listVncSessionsResponse,
  renewTokenResponse,
  tokenStateResponse,
  tokensResponse,
  type VncSession,
} from '../contracts/hpc/schemas.ts';
import { signAkSk } from '../contracts/hpc/signer.ts';
import { decodeToken, expiresAt } from '../contracts/hpc/token.ts';
import { ProviderApiError, toProviderApiError } from './errors.ts';
import { answerOf, EMULATOR_URL_VARIABLE, fillCase, need, type ProviderClient, Skip } from './provider.ts';

export type HpcAuth =
  | { kind: 'password'; user: string; password: string; orgId: string }
  | { kind: 'aksk'; user: string; accessKey: string; secretKey: string };

export interface HpcClientOptions {
  /** The platform's base URL (tokens, center), e.g. the emulator's `http://127.0.0.1:9400`. */
  baseUrl: string;
  auth: HpcAuth;
  /** The region to use; the first region with a token otherwise. */
  clusterId?: string;
  /** Renew a token this long before its `expireTime` (ms). Default one minute. */
  renewBeforeMs?: number;
  /**
   * Milliseconds since the epoch (defaults to the machine's clock): the AK/SK `timestamp`, and when a token
   * is renewed ahead. The emulator judges the timestamp on real time (docs/kit.md, clients and the clock).
   */
  now?: () => number;
  fetch?: typeof fetch;
}

export type RegionToken = z.infer<typeof tokensResponse>['data'][number];
export type Center = z.infer<typeof centerResponse>['data'];

/** The platform's own entry in the token list (`clusterId` `0`): it only serves platform-level calls (§2.1). */
const PLATFORM_CLUSTER_ID = '0';

/**
 * A thin typed client for SCNet / Sugon's AC OpenAPI: tokens by password or AK/SK (the signer the emulator
 * verifies with), renewal before `expireTime`, the region's `hpcUrls`, VNC sessions and `launchUrl()`.
 * Business errors (HTTP 200 with a code other than `"0"`) throw `ProviderApiError` like any other.
 */
export class HpcClient {
  readonly #options: HpcClientOptions;
  #token: string | undefined;
  #hpcUrl: string | undefined;

  constructor(options: HpcClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  get #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  async #call<T extends z.ZodType>(url: string, init: RequestInit, schema: T): Promise<z.infer<T>> {
    const response = await (this.#options.fetch ?? fetch)(url, init);
    const { error, body } = await toProviderApiError('hpc', response);
    if (error) throw error;
    return schema.parse(body) as z.infer<T>;
  }

  /** Issues the tokens: one per region the user may use, plus the platform's. */
  async tokens(): Promise<RegionToken[]> {
    const auth = this.#options.auth;
    const headers: Record<string, string> =
      auth.kind === 'password'
        ? { user: auth.user, password: auth.password, orgId: auth.orgId }
        : signAkSk(auth, this.#now);
    const path = auth.kind === 'password' ? '/ac/openapi/v2/tokens' : '/api/user/v3/tokens';
    return (await this.#call(`${this.#options.baseUrl}${path}`, { method: 'POST', headers }, tokensResponse))
      .data;
  }

  /**
   * The region token, issued once and renewed (`/tokens/next`) when it is about to expire by `now`; one the
   * platform no longer renews (`10008`: it has expired) is replaced by a new login. A token the platform has
   * expired sooner than `now` says (the emulator's clock moved ahead) is replaced by the calls below on
   * their `10008`.
   */
  async token(): Promise<string> {
    if (this.#token) {
      const claims = decodeToken(this.#token);
      const renewAt = claims ? expiresAt(claims) - (this.#options.renewBeforeMs ?? 60_000) : 0;
      if (this.#now < renewAt) return this.#token;
      try {
        this.#token = await this.renew(this.#token);
        return this.#token;
      } catch (error) {
        if (!(error instanceof ProviderApiError && error.code === '10008')) throw error;
        this.#token = undefined;
      }
    }
    const regions = await this.tokens();
    const wanted = this.#options.clusterId;
    const region = regions.find((r) =>
      wanted === undefined ? r.clusterId !== PLATFORM_CLUSTER_ID && r.token !== null : r.clusterId === wanted,
    );
    if (!region?.token) {
      throw new Error(
        `no token for region ${wanted ?? '(any)'}; regions: ${regions.map((r) => `${r.clusterId}${r.token ? '' : ' (no token)'}`).join(', ')}`,
      );
    }
    this.#token = region.token;
    return region.token;
  }

  /**
   * Calls with the region token; when a token issued before this call is answered `10008` (the platform
   * says it expired, or it is not this user's session), logs in again and retries once: a second `10008`,
   * with a fresh token, is the answer.
   */
  async #withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const held = this.#token;
    const token = await this.token();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof ProviderApiError && error.code === '10008') || held === undefined) throw error;
      this.#token = undefined;
      return call(await this.token());
    }
  }

  /** Renews a token: the platform answers the new token, or (as some deployments do) the token list. */
  async renew(token: string): Promise<string> {
    const renewed = await this.#call(
      `${this.#options.baseUrl}/ac/openapi/v2/tokens/next`,
      { method: 'POST', headers: { token } },
      renewTokenResponse,
    );
    if (typeof renewed.data === 'string') return renewed.data;
    const clusterId = decodeToken(token)?.clusterId;
    const match = renewed.data.find((r) => r.clusterId === clusterId)?.token;
    if (!match) throw new Error(`renewal answered no token for region ${clusterId}`);
    return match;
  }

  async tokenState(): Promise<'token is valid'> {
    const url = `${this.#options.baseUrl}/ac/openapi/v2/tokens/state`;
    return this.#withToken(
      async (token) => (await this.#call(url, { headers: { token } }, tokenStateResponse)).data,
    );
  }

  /** The region's URLs (`center`). */
  async center(): Promise<Center> {
    const url = `${this.#options.baseUrl}/ac/openapi/v2/center`;
    return this.#withToken(
      async (token) => (await this.#call(url, { headers: { token } }, centerResponse)).data,
    );
  }

  /** The first enabled `hpcUrls` entry (ends in `/hpc` on current platforms). */
  async hpcUrl(): Promise<string> {
    if (this.#hpcUrl) return this.#hpcUrl;
    const url = (await this.center()).hpcUrls.find((u) => u.enable === 'true')?.url;
    if (!url) throw new Error('the region lists no enabled hpcUrls entry');
    this.#hpcUrl = url;
    return url;
  }

  /** Region APIs live at the `hpcUrls` origin under `/hpc/openapi/v2/…` (the `/hpc` suffix stripped). */
  async #desktop<T extends z.ZodType>(method: string, path: string, schema: T): Promise<z.infer<T>> {
    return this.#withToken(async (token) => {
      const origin = new URL(await this.hpcUrl()).origin;
      return this.#call(
        `${origin}/hpc/openapi/v2/desktop/vnc${path}`,
        { method, headers: { token } },
        schema,
      );
    });
  }

  async listSessions(): Promise<VncSession[]> {
    return (await this.#desktop('GET', '', listVncSessionsResponse)).data;
  }

  /** Creates the user's VNC session; the platform keeps one per user and answers it if there is one. */
  async createSession(): Promise<VncSession> {
    return (await this.#desktop('PUT', '', createVncSessionResponse)).data;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#desktop('DELETE', `/${encodeURIComponent(sessionId)}`, deleteVncSessionResponse);
  }

  /** The answer as the platform gives it: `novncUrl`, relative when `withDomain` is false. */
  async launchUrlAnswer(sessionId: string): Promise<{ novncUrl: string; withDomain: boolean }> {
    return (await this.#desktop('GET', `/${encodeURIComponent(sessionId)}/launchurl`, launchUrlResponse))
      .data;
  }

  /** The full URL a browser opens: joined with the `hpcUrls` origin when `withDomain` is false. */
  async launchUrl(sessionId: string): Promise<string> {
    return joinLaunchUrl(await this.hpcUrl(), await this.launchUrlAnswer(sessionId));
  }
}

export interface HpcConsoleUrlRequest {
  client: HpcClient | HpcClientOptions;
  /** The session to open; the user's session (created when there is none) otherwise. */
  sessionId?: string;
}

/** A well-formed token no platform issued. */
const FORGED_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoiZm9yZ2VkIn0.Zm9yZ2Vk';

/** What the client layer knows of SCNet (registered in `client/providers.ts`). */
export const hpcClient: ProviderClient<'hpc', HpcClientOptions, HpcConsoleUrlRequest> = {
  /** Cases get the login headers or a token their `auth` names; `{ownSession}` is the user's session. */
  driver(baseUrl, creds) {
    const client = new HpcClient({
      baseUrl,
      auth: { kind: 'password', user: creds.user, password: creds.password, orgId: creds.orgId },
    });
    let tokens: Promise<{ region: string; platform: string }> | undefined;
    const tokensOnce = () => {
      tokens ??= client.tokens().then((list) => ({
        region: list.find((t) => t.clusterId !== PLATFORM_CLUSTER_ID && t.token)?.token ?? '',
        platform: list.find((t) => t.clusterId === PLATFORM_CLUSTER_ID)?.token ?? '',
      }));
      return tokens;
    };
    return {
      async send({ request }) {
        let path = fillCase(request.path, creds, new Set(['ownSession']));
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
  },

  optionsFromEnv(env) {
    return {
      baseUrl: env[hpcEnv.baseUrl] ?? need(env, EMULATOR_URL_VARIABLE),
      auth: env[hpcEnv.accessKey]
        ? {
            kind: 'aksk',
            user: need(env, hpcEnv.user),
            accessKey: need(env, hpcEnv.accessKey),
            secretKey: need(env, hpcEnv.secretKey),
          }
        : {
            kind: 'password',
            user: need(env, hpcEnv.user),
            password: need(env, hpcEnv.password),
            orgId: need(env, hpcEnv.orgId),
          },
    };
  },

  /** The launch URL joined to its region's `hpcUrls`. */
  async consoleUrl(request) {
    const client = request.client instanceof HpcClient ? request.client : new HpcClient(request.client);
    const sessionId = request.sessionId ?? (await client.createSession()).sessionId;
    return client.launchUrl(sessionId);
  },
};
