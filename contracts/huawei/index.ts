import { defineProvider } from '../contract.ts';
import { huaweiAccount, huaweiEnv, huaweiEnvironment } from './account.ts';
import { huaweiCases } from './cases.ts';
import { huaweiDemo, huaweiDemoCredentials } from './demo.ts';
import { huaweiErrors } from './errors.ts';
import { huaweiBlame, huaweiErrorBodies, huaweiOperations, huaweiUnmatchedErrors } from './operations.ts';
import { huaweiScenario } from './scenario.ts';
import { huaweiErrorExample, readHuaweiError } from './wire.ts';

/** Huawei Cloud ECS and the OpenStack Nova and Keystone APIs in front of it, as the shared layers know them. */
export const huaweiContract = defineProvider({
  name: 'huawei',
  scenario: huaweiScenario,
  demo: huaweiDemo,
  operations: huaweiOperations,
  errors: huaweiErrors,
  errorBodies: huaweiErrorBodies,
  unmatchedErrors: huaweiUnmatchedErrors,
  blame: huaweiBlame,
  answers: { readError: readHuaweiError },
  openapi: {
    title: 'Huawei Cloud ECS / OpenStack Nova console APIs (console-emulator)',
    version: 'v2.1',
    description:
      'Keystone v3 tokens, Nova v2.1 remote consoles and servers, and Huawei’s native ECS remote console, as console-emulator serves them. Generated from the contracts; do not edit.',
    servers: ['https://ecs.cn-north-4.myhuaweicloud.com', 'https://iam.cn-north-4.myhuaweicloud.com'],
    securitySchemes: {
      keystoneToken: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Auth-Token',
        description: 'An IAM (Keystone v3) token from `POST /v3/auth/tokens` (`X-Subject-Token`).',
      },
      akskSignature: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          '`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>` over the canonical request, with `X-Sdk-Date` (`YYYYMMDDTHHmmssZ`, within 15 minutes) and `X-Project-Id`. Signer: `contracts/huawei/signer.ts`.',
      },
    },
    errorExample: huaweiErrorExample,
  },
  kit: {
    account: huaweiAccount,
    demoAccount: huaweiDemoCredentials,
    cases: huaweiCases,
    env: huaweiEnv,
    environment: huaweiEnvironment,
  },
});
