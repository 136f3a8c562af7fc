import type { ContractCase } from '../contract.ts';
import { hpcErrors } from './errors.ts';
import type { HpcOperationName } from './operations.ts';

/**
 * SCNet's contract cases, as data: a request, and the answer the contract promises (a success, or one catalogue
 * error). The same list tests the emulator (`test/kit/`) and verifies the real service (`console-emulator
 * verify`). Values in `{braces}` are taken from the account (`contracts/hpc/account.ts`); a case whose value
 * is not there is skipped. `{ownSession}` is the user's session, created at run time. Each documented success is here, and each error a client can provoke with
 * ordinary credentials and resources (not the ones that need a provider-side switch, such as a service outage).
 */

/** How an HPC request authenticates. */
export interface HpcRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/hpc/…` paths go to the region's `hpcUrls` origin, the others to the platform. */
  path: string;
  auth: 'region-token' | 'platform-token' | 'none' | 'bad-token' | 'password' | 'aksk';
  /** Header values replacing (or, when `null`, removing) the login headers. */
  login?: Record<string, string | null>;
}

export type HpcCase = ContractCase<'hpc', HpcRequest, HpcOperationName>;

const h = hpcErrors;
const hpc = (c: Omit<HpcCase, 'provider'>): HpcCase => ({ provider: 'hpc', ...c });

export const hpcCases: HpcCase[] = [
  hpc({
    operation: 'getUserTokens',
    title: 'tokens by password',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens', auth: 'password' },
    expect: 'success',
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'wrong password',
    request: {
      method: 'POST',
      path: '/ac/openapi/v2/tokens',
      auth: 'password',
      login: { password: 'not-it' },
    },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'no orgId',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens', auth: 'password', login: { orgId: null } },
    expect: h.MissingParameters,
  }),
  hpc({
    operation: 'getUserTokens',
    title: 'wrong method',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens', auth: 'password' },
    expect: h.MethodNotAllowed,
  }),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'tokens by AK/SK',
    request: { method: 'POST', path: '/api/user/v3/tokens', auth: 'aksk' },
    expect: 'success',
  }),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'AK/SK, wrong signature',
    request: { method: 'POST', path: '/api/user/v3/tokens', auth: 'aksk', login: { signature: '00' } },
    expect: h.SignatureMismatch,
  }),
  hpc({
    operation: 'getTokenState',
    title: 'valid token',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getTokenState',
    title: 'no token header',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'none' },
    expect: h.MissingParameters,
  }),
  hpc({
    operation: 'getTokenState',
    title: 'forged token',
    request: { method: 'GET', path: '/ac/openapi/v2/tokens/state', auth: 'bad-token' },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'renewToken',
    title: 'renewal',
    request: { method: 'POST', path: '/ac/openapi/v2/tokens/next', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getCenterInfo',
    title: 'region URLs, region token',
    request: { method: 'GET', path: '/ac/openapi/v2/center', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getCenterInfo',
    title: 'platform token',
    request: { method: 'GET', path: '/ac/openapi/v2/center', auth: 'platform-token' },
    expect: h.CenterNeedsRegionToken,
  }),
  hpc({
    operation: 'listVncSessions',
    title: 'sessions of the user',
    request: { method: 'GET', path: '/hpc/openapi/v2/desktop/vnc', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'listVncSessions',
    title: 'platform token on a region API',
    request: { method: 'GET', path: '/hpc/openapi/v2/desktop/vnc', auth: 'platform-token' },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'createVncSession',
    title: 'the user’s session',
    request: { method: 'PUT', path: '/hpc/openapi/v2/desktop/vnc', auth: 'region-token' },
    expect: 'success',
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'launch URL of the user’s session',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{ownSession}/launchurl',
      auth: 'region-token',
    },
    expect: 'success',
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'malformed session id',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/not-a-session/launchurl',
      auth: 'region-token',
    },
    expect: h.InvalidParameter,
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'another user’s session',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.otherUser}/launchurl',
      auth: 'region-token',
    },
    expect: h.PermissionDenied,
  }),
  hpc({
    operation: 'getVncLaunchUrl',
    title: 'session that does not exist',
    request: {
      method: 'GET',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.missing}/launchurl',
      auth: 'region-token',
    },
    expect: h.InvalidParameter,
  }),
  ...['v1', 'v3'].map((version) =>
    hpc({
      operation: 'getVncLaunchUrl',
      title: `launch URL at API version ${version}`,
      request: {
        method: 'GET',
        path: `/hpc/openapi/${version}/desktop/vnc/{ownSession}/launchurl`,
        auth: 'region-token',
      },
      expect: h.UnsupportedVersion,
    }),
  ),
  hpc({
    operation: 'getUserTokensAkSk',
    title: 'AK/SK tokens at API version v2',
    request: { method: 'POST', path: '/api/user/v2/tokens', auth: 'aksk' },
    expect: h.UnsupportedVersion,
  }),
  hpc({
    operation: 'deleteVncSession',
    title: 'delete a session that does not exist',
    request: {
      method: 'DELETE',
      path: '/hpc/openapi/v2/desktop/vnc/{sessions.missing}',
      auth: 'region-token',
    },
    expect: h.VncSessionNotFound,
  }),
];
