import { tencentDemoCredentials } from '../../contracts/tencent/demo.ts';
import { CVM_API_VERSION } from '../../contracts/tencent/schemas.ts';
import { signTc3 } from '../../contracts/tencent/signer.ts';

export const DEMO = tencentDemoCredentials;
export const IDS = { ...DEMO.instances, shanghai: DEMO.instances.otherRegion } as const;

export interface Tc3Call {
  action?: string;
  body?: string;
  method?: 'GET' | 'POST';
  rawQuery?: string;
  region?: string | null;
  version?: string | null;
  timestampSeconds?: number;
  secretId?: string;
  secretKey?: string;
  contentType?: string;
  /** Headers to add after signing (or to replace the signed ones with). */
  headers?: Record<string, string>;
}

/**
 * Sends a TC3-signed call to an emulator, signed as the Go SDK signs (service `cvm`, the host with its port),
 * with every common header unless told otherwise.
 */
export function tc3(baseUrl: string, call: Tc3Call = {}): Promise<Response> {
  const method = call.method ?? 'POST';
  const url = new URL(`${baseUrl}/`);
  const body = call.body ?? (method === 'POST' ? JSON.stringify({ InstanceId: IDS.running }) : '');
  const rawQuery = call.rawQuery ?? '';
  const contentType =
    call.contentType ?? (method === 'POST' ? 'application/json' : 'application/x-www-form-urlencoded');
  const timestampSeconds = call.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const authorization = signTc3(
    { method, host: url.host, service: 'cvm', contentType, rawQuery, body, timestampSeconds },
    { secretId: call.secretId ?? DEMO.secretId, secretKey: call.secretKey ?? DEMO.secretKey },
  );
  const headers: Record<string, string> = {
    authorization,
    'content-type': contentType,
    'x-tc-action': call.action ?? 'DescribeInstanceVncUrl',
    'x-tc-timestamp': String(timestampSeconds),
    ...(call.version === null ? {} : { 'x-tc-version': call.version ?? CVM_API_VERSION }),
    ...(call.region === null ? {} : { 'x-tc-region': call.region ?? DEMO.region }),
    ...call.headers,
  };
  const target = rawQuery ? `${url.href}?${rawQuery}` : url.href;
  return fetch(target, method === 'GET' ? { headers } : { method, headers, body });
}

/** The error an answer carries, with what every Tencent answer must have: 200 and `application/json`. */
export async function errorOf(
  response: Response,
): Promise<{ status: number; contentType: string | null; code: string; message: string }> {
  const body = (await response.json()) as {
    Response: { Error?: { Code: string; Message: string }; RequestId: string };
  };
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(body.Response.RequestId)) {
    throw new Error(`not a request id: ${body.Response.RequestId}`);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    code: body.Response.Error?.Code ?? '(none)',
    message: body.Response.Error?.Message ?? '(none)',
  };
}

/** What a Tencent error looks like on the wire: always 200 and `application/json` exactly. */
export const tencentError = (code: string, message: string) => ({
  status: 200,
  contentType: 'application/json',
  code,
  message,
});
