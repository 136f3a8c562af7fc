import { z } from 'zod';
import type { CatalogueEntry } from '../catalogue.ts';
import { blame, defineOperations, type NamedSchema, type Parameter } from '../operation.ts';
import { hpcErrors } from './errors.ts';
import * as hpc from './schemas.ts';

const str = z.string();

const h = hpcErrors;
const hpcCommon = [h.ContentTooLarge, h.InternalError, h.MethodNotAllowed];
const tokenErrors = [h.MissingParameters, h.PermissionDenied, h.RoleMappingError, h.RateLimited];
const desktopErrors = [...tokenErrors, h.DesktopServiceError];
const sessionParam: Parameter = {
  name: 'sessionId',
  in: 'path',
  required: true,
  description: '`<vncNode>--<computeUser>--<type>--<display>`, e.g. `gv101--demo--SIG--4`.',
  schema: str,
};
const header = (name: string, description: string): Parameter => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: z.string().min(1),
});

/** Every SCNet operation the emulator serves, named after the doc page each comes from. */
export const hpcOperations = defineOperations('hpc', {
  getUserTokens: {
    method: 'POST',
    path: '/ac/openapi/v2/tokens',
    summary: 'Issue tokens with user name and password (one per region, plus the platform’s)',
    security: [],
    parameters: [
      header('user', 'User name.'),
      header('password', 'Password.'),
      header('orgId', 'Organisation id.'),
    ],
    success: { status: 200, name: 'TokensResponse', schema: hpc.tokensResponse },
    errors: [h.MissingParameters, h.UserNotFound, h.PermissionDenied, ...hpcCommon],
  },
  getUserTokensAkSk: {
    method: 'POST',
    path: '/api/user/v3/tokens',
    summary: 'Issue tokens with an AccessKey (HMAC-SHA256 signature)',
    security: [],
    parameters: [
      header('user', 'User name.'),
      header('accessKey', 'AccessKey.'),
      header('timestamp', 'Seconds since the epoch, within 300 s.'),
      header('signature', 'Hex HMAC-SHA256 of `{"accessKey","timestamp","user"}` keyed with the SecretKey.'),
    ],
    success: { status: 200, name: 'TokensResponse', schema: hpc.tokensResponse },
    errors: [
      h.MissingParameters,
      h.InvalidParameter,
      h.UserNotFound,
      h.SignatureMismatch,
      h.VerificationFailed,
      ...hpcCommon,
    ],
  },
  getTokenState: {
    method: 'GET',
    path: '/ac/openapi/v2/tokens/state',
    summary: 'Check that a token is valid',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'TokenStateResponse', schema: hpc.tokenStateResponse },
    errors: [...tokenErrors, ...hpcCommon],
  },
  renewToken: {
    method: 'POST',
    path: '/ac/openapi/v2/tokens/next',
    summary: 'Renew a token (up to 24 h after it expired)',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'RenewTokenResponse', schema: hpc.renewTokenResponse },
    errors: [h.MissingParameters, h.PermissionDenied, ...hpcCommon],
  },
  getCenterInfo: {
    method: 'GET',
    path: '/ac/openapi/v2/center',
    summary: 'The region’s URLs (`hpcUrls`, …) for a region token',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'CenterResponse', schema: hpc.centerResponse },
    errors: [...tokenErrors, h.CenterNeedsRegionToken, ...hpcCommon],
  },
  listVncSessions: {
    method: 'GET',
    path: '/hpc/openapi/v2/desktop/vnc',
    summary: 'List the caller’s VNC sessions',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'ListVncSessionsResponse', schema: hpc.listVncSessionsResponse },
    errors: [...desktopErrors, ...hpcCommon],
  },
  createVncSession: {
    method: 'PUT',
    path: '/hpc/openapi/v2/desktop/vnc',
    summary: 'Create the caller’s VNC session (one per user: answers the existing one)',
    security: [['hpcToken']],
    parameters: [],
    success: { status: 200, name: 'CreateVncSessionResponse', schema: hpc.createVncSessionResponse },
    errors: [...desktopErrors, h.VncNodesOverloaded, ...hpcCommon],
  },
  deleteVncSession: {
    method: 'DELETE',
    path: '/hpc/openapi/v2/desktop/vnc/{sessionId}',
    summary: 'Delete a VNC session',
    security: [['hpcToken']],
    parameters: [sessionParam],
    success: { status: 200, name: 'DeleteVncSessionResponse', schema: hpc.deleteVncSessionResponse },
    errors: [...desktopErrors, h.InvalidParameter, h.VncSessionNotFound, ...hpcCommon],
  },
  getVncLaunchUrl: {
    method: 'GET',
    path: '/hpc/openapi/v2/desktop/vnc/{sessionId}/launchurl',
    summary: 'The noVNC launch URL of a session',
    description:
      'With `withDomain: false` the URL has no host: join the origin of an enabled `hpcUrls` entry (without `/hpc`).',
    security: [['hpcToken']],
    parameters: [sessionParam],
    success: { status: 200, name: 'LaunchUrlResponse', schema: hpc.launchUrlResponse },
    errors: [...desktopErrors, h.InvalidParameter, ...hpcCommon],
  },
});

export type HpcOperationName = keyof typeof hpcOperations;

/** How the error body of each catalogue `shape` is checked. */
export const hpcErrorBodies: Record<string, NamedSchema> = {
  envelope: { name: 'ErrorEnvelope', schema: hpc.errorEnvelope },
  envelopeText: { name: 'ErrorEnvelope', schema: hpc.errorEnvelope },
  spring: { name: 'SpringError', schema: hpc.springErrorBody },
};

/** Errors of no operation: what an unknown path or method answers, or a served path at another API version. */
export const hpcUnmatchedErrors: CatalogueEntry[] = [h.NotFound, h.MethodNotAllowed, h.UnsupportedVersion];

/**
 * Which of SCNet's errors are the consumer's fault, and of what kind (what `console-emulator check` reports).
 * 10008 answers both a bad token and another user's session: only the first is unsigned, and only then is no
 * credential known for the call.
 */
export const hpcBlame = blame(
  hpcErrors,
  {
    'unsigned or mis-signed call': ['SignatureMismatch', 'VerificationFailed'],
    'contract violation': ['MissingParameters', 'InvalidParameter', 'ContentTooLarge'],
    'unknown operation': ['NotFound', 'MethodNotAllowed'],
  },
  { PermissionDenied: { anonymous: 'unsigned or mis-signed call' } },
);
