import { aliyunDemoCredentials } from '../contracts/aliyun/demo.ts';
import {
  formatAcsTimestamp,
  percentEncode,
  signV3,
  v1Signature,
  v1StringToSign,
} from '../contracts/aliyun/signer.ts';
import { hpcDemoCredentials as HPC } from '../contracts/hpc/demo.ts';
import { huaweiDemoCredentials as HUAWEI } from '../contracts/huawei/demo.ts';

/** One request as the load generator sends it. */
export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ALIYUN = aliyunDemoCredentials;
const ALIYUN_PARAMS = { RegionId: ALIYUN.regionId, InstanceId: ALIYUN.instances.running };

/**
 * A DescribeInstanceVncUrl call for the demo instance, signed now with a nonce of its own (the emulator
 * refuses a nonce twice in 15 minutes, as Alibaba does): V1 as a GET query, V3 as the OpenAPI SDK's POST.
 */
export function signedAliyun(
  kind: 'aliyun-v1' | 'aliyun-v3',
  origin: string,
  nonce: string,
  now = Date.now(),
): LoadRequest {
  if (kind === 'aliyun-v1') {
    const params: Array<[string, string]> = Object.entries({
      Action: 'DescribeInstanceVncUrl',
      Format: 'JSON',
      Version: '2014-05-26',
      AccessKeyId: ALIYUN.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: nonce,
      Timestamp: formatAcsTimestamp(now),
      ...ALIYUN_PARAMS,
    });
    const signature = v1Signature(v1StringToSign('GET', params), ALIYUN.accessKeySecret);
    const signed: Array<[string, string]> = [...params, ['Signature', signature]];
    const query = signed.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
    return { method: 'GET', path: `/?${query.join('&')}`, headers: {} };
  }
  const path = `/?${new URLSearchParams(ALIYUN_PARAMS)}`;
  const headers = signV3(
    { method: 'POST', url: `${origin}${path}`, action: 'DescribeInstanceVncUrl' },
    ALIYUN,
    {
      epochMs: now,
      nonce,
    },
  );
  return { method: 'POST', path, headers };
}

/**
 * Logs the demo users in: an IAM token (Keystone password method) and the HPC token of cluster 11112.
 * `send` is `fetch` for a listening emulator or `emulator.fetch` in-process.
 */
export async function demoCredentials(
  send: (request: Request) => Promise<Response>,
  origin: string,
): Promise<{ iam: string; hpc: string }> {
  const iam = await send(
    new Request(`${origin}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: HUAWEI.user, domain: { name: HUAWEI.domain }, password: HUAWEI.password },
            },
          },
          scope: { project: { name: HUAWEI.projectName, domain: { name: HUAWEI.domain } } },
        },
      }),
    }),
  );
  const hpc = await send(
    new Request(`${origin}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: { user: HPC.user, password: HPC.password, orgId: HPC.orgId },
    }),
  );
  const regions = ((await hpc.json()) as { data: Array<{ clusterId: string; token: string }> }).data;
  return {
    iam: iam.headers.get('x-subject-token') ?? '',
    hpc: regions.find((r) => r.clusterId === '11112')?.token ?? '',
  };
}
