// A consumer as a portal team would write it: the official Alibaba SDK and plain HTTP, configured only from the
// environment `console-emulator check` sets.
import { createRequire } from 'node:module';
import { $OpenApiUtil } from '@alicloud/openapi-core';

const require = createRequire(import.meta.url);
const ecs = require('@alicloud/ecs20140526');
const env = process.env;

// Alibaba: the OpenAPI SDK (V3 signature) at ALIBABA_CLOUD_ECS_ENDPOINT.
const aliyun = new ecs.default(
  new $OpenApiUtil.Config({
    accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    endpoint: env.ALIBABA_CLOUD_ECS_ENDPOINT,
    protocol: 'http',
  }),
);
const { body } = await aliyun.describeInstanceVncUrl(
  new ecs.DescribeInstanceVncUrlRequest({
    regionId: env.ALIBABA_CLOUD_REGION_ID,
    instanceId: 'i-bp1demorunning000001',
  }),
);
console.log('aliyun', decodeURIComponent(body.vncUrl).slice(0, 30));

// Huawei / Nova: a Keystone token from OS_*, then remote-consoles at microversion 2.6.
const auth = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: env.OS_USERNAME,
            domain: { name: env.OS_USER_DOMAIN_NAME },
            password: env.OS_PASSWORD,
          },
        },
      },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME } } },
    },
  }),
});
const token = auth.headers.get('x-subject-token');
const project = (await auth.json()).token.project.id;
const console_ = await fetch(
  `${env.CONSOLE_EMULATOR_URL}/v2.1/${project}/servers/3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61/remote-consoles`,
  {
    method: 'POST',
    headers: {
      'X-Auth-Token': token,
      'X-OpenStack-Nova-API-Version': '2.6',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
  },
);
console.log('huawei', console_.status);

// HPC: tokens by password, then the user's sessions.
const tokens = await (
  await fetch(`${env.SCNET_BASE_URL}/ac/openapi/v2/tokens`, {
    method: 'POST',
    headers: { user: env.SCNET_USER, password: env.SCNET_PASSWORD, orgId: env.SCNET_ORG_ID },
  })
).json();
const region = tokens.data.find((t) => t.clusterId !== '0').token;
const sessions = await (
  await fetch(`${env.SCNET_BASE_URL}/hpc/openapi/v2/desktop/vnc`, { headers: { token: region } })
).json();
console.log('hpc', sessions.code);
