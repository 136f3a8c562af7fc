/**
 * Run in a child process by `https.test.ts` (`node --import tsx test/tls/sdk-client.ts SDK BASE_URL`): one call
 * of an official SDK to the emulator at an `https://` base URL, trusting what the process's environment trusts
 * (`NODE_EXTRA_CA_CERTS`) and nothing more. Prints the console URL the call answered; on failure, the error's
 * code and message on standard error and exit 1.
 */
import { createRequire } from 'node:module';
import type * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  EcsClient,
  GetServerRemoteConsoleOption,
  ShowServerRemoteConsoleRequest,
  ShowServerRemoteConsoleRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { aliyunDemoCredentials as aliyun } from '../../contracts/aliyun/demo.ts';
import { demo } from '../huawei/support.ts';

// CommonJS with `exports.default = Client` (see test/aliyun/sdk.test.ts).
const ecs = createRequire(import.meta.url)('@alicloud/ecs20140526') as (typeof EcsModule)['default'];

async function aliyunVncUrl(base: URL): Promise<string> {
  const client = new ecs.default(
    new $OpenApiUtil.Config({
      accessKeyId: aliyun.accessKeyId,
      accessKeySecret: aliyun.accessKeySecret,
      endpoint: base.host,
      protocol: 'https',
    }),
  );
  const answer = await client.describeInstanceVncUrl(
    new ecs.DescribeInstanceVncUrlRequest({
      regionId: aliyun.regionId,
      instanceId: aliyun.instances.running,
    }),
  );
  return answer.body?.vncUrl as string;
}

async function huaweiConsoleUrl(base: URL): Promise<string> {
  const credentials = new BasicCredentials()
    .withAk(demo.accessKeyId)
    .withSk(demo.secretAccessKey)
    .withProjectId(demo.projectId);
  const client = EcsClient.newBuilder().withCredential(credentials).withEndpoint(base.origin).build();
  const request = new ShowServerRemoteConsoleRequest()
    .withServerId(demo.active)
    .withBody(
      new ShowServerRemoteConsoleRequestBody().withRemoteConsole(
        new GetServerRemoteConsoleOption().withProtocol('vnc').withType('novnc'),
      ),
    );
  // The SDK resolves with the parsed JSON (wire names).
  const answer = (await client.showServerRemoteConsole(request)) as unknown as {
    remote_console: { url: string };
  };
  return answer.remote_console.url;
}

const [sdk, base] = process.argv.slice(2);
const call = sdk === 'aliyun' ? aliyunVncUrl : huaweiConsoleUrl;
call(new URL(base as string)).then(
  (url) => process.stdout.write(`${url}\n`),
  (error: { code?: string; message?: string; cause?: { code?: string } }) => {
    process.stderr.write(`${error.code ?? error.cause?.code ?? ''} ${error.message}\n`);
    process.exit(1);
  },
);
