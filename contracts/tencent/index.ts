import { defineProvider } from '../contract.ts';
import { tencentAccount, tencentEnv, tencentEnvironment } from './account.ts';
import { tencentCases } from './cases.ts';
import { tencentDemo, tencentDemoCredentials } from './demo.ts';
import { tencentErrors } from './errors.ts';
import { tencentBlame, tencentErrorBodies, tencentOperations, tencentUnmatchedErrors } from './operations.ts';
import { tencentScenario } from './scenario.ts';
import { readTencentError, tencentErrorExample } from './wire.ts';

/** Tencent Cloud CVM's API 3.0 gateway, as the shared layers know it. */
export const tencentContract = defineProvider({
  name: 'tencent',
  scenario: tencentScenario,
  demo: tencentDemo,
  operations: tencentOperations,
  errors: tencentErrors,
  errorBodies: tencentErrorBodies,
  unmatchedErrors: tencentUnmatchedErrors,
  blame: tencentBlame,
  // Errors are HTTP 200 with `Response.Error`: the body decides, not the status.
  answers: { readError: readTencentError },
  openapi: {
    title: 'Tencent Cloud CVM console APIs, API 3.0 2017-03-12 (console-emulator)',
    version: '2017-03-12',
    description:
      'API 3.0 actions on `/`: POST with a JSON body or GET with the parameters in the query (dotted: `Filters.0.Values.0`), the action in `X-TC-Action`, signed with TC3-HMAC-SHA256 (`Authorization`); or the legacy form, every parameter in the query or a form body with `Action`, `SecretId`, `Timestamp`, `Nonce` and `Signature` (HmacSHA1 or HmacSHA256). Each action has its own path key `/?Action=<name>`: the real request is `/`. Every answer, an error too, is HTTP 200 with `Content-Type: application/json`: an error is `Response.Error`. Generated from the contracts; do not edit.',
    servers: ['https://cvm.tencentcloudapi.com', 'https://cvm.ap-guangzhou.tencentcloudapi.com'],
    securitySchemes: {
      tc3Signature: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          '`TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=<hex>` with `X-TC-Timestamp` (within 5 minutes). Signer: `signTc3` in `contracts/tencent/signer.ts`.',
      },
      legacySignature: {
        type: 'apiKey',
        in: 'query',
        name: 'Signature',
        description:
          'Base64 HMAC-SHA1 or HMAC-SHA256 (`SignatureMethod`) of `<METHOD><host>/?<sorted raw parameters>`, with `SecretId`, `Timestamp` and `Nonce`. Signer: `signLegacy` in `contracts/tencent/signer.ts`.',
      },
    },
    alsoGet: true,
    errorExample: tencentErrorExample,
  },
  kit: {
    account: tencentAccount,
    demoAccount: tencentDemoCredentials,
    cases: tencentCases,
    env: tencentEnv,
    environment: tencentEnvironment,
  },
});
