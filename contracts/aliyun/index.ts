import { defineProvider } from '../contract.ts';
import { aliyunAccount, aliyunEnv, aliyunEnvironment } from './account.ts';
import { aliyunCases } from './cases.ts';
import { aliyunDemo, aliyunDemoCredentials } from './demo.ts';
import { aliyunErrors } from './errors.ts';
import {
  aliyunBlame,
  aliyunCommonParameters,
  aliyunErrorBodies,
  aliyunOperations,
  aliyunUnmatchedErrors,
} from './operations.ts';
import { aliyunScenario } from './scenario.ts';
import { aliyunErrorBodyOf, aliyunErrorExample, readAliyunError } from './wire.ts';

/** Alibaba Cloud ECS's RPC gateway, as the shared layers know it. */
export const aliyunContract = defineProvider({
  name: 'aliyun',
  scenario: aliyunScenario,
  demo: aliyunDemo,
  operations: aliyunOperations,
  errors: aliyunErrors,
  errorBodies: aliyunErrorBodies,
  unmatchedErrors: aliyunUnmatchedErrors,
  blame: aliyunBlame,
  answers: {
    readError: readAliyunError,
    errorBody: aliyunErrorBodyOf,
    // An XML success is `<{Action}Response>` around the JSON answer's fields.
    xmlSuccessRoot: (operation) => `${operation}Response`,
  },
  openapi: {
    title: 'Alibaba Cloud ECS console APIs, RPC 2014-05-26 (console-emulator)',
    version: '2014-05-26',
    description:
      'RPC actions on `/`: GET or POST, parameters in the query or a form body, signed with V1 (HMAC-SHA1, `Signature`) or V3 (`Authorization: ACS3-HMAC-SHA256`). Each action has its own path key `/?Action=<name>`: the real request is `/` with that parameter. V1 answers XML unless `Format=JSON`; V3 answers JSON. Generated from the contracts; do not edit.',
    servers: ['https://ecs.aliyuncs.com', 'https://ecs.cn-hangzhou.aliyuncs.com'],
    securitySchemes: {
      acsV3Signature: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          '`ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<…>,Signature=<hex>` with the `x-acs-*` headers. Signer: `signV3` in `contracts/aliyun/signer.ts`.',
      },
      acsV1Signature: {
        type: 'apiKey',
        in: 'query',
        name: 'Signature',
        description:
          'Base64 HMAC-SHA1 (key `<secret>&`) of `METHOD&%2F&<sorted parameters>`, with the V1 common parameters. Signer: `signV1` in `contracts/aliyun/signer.ts`.',
      },
    },
    // The same fields in JSON or XML (`<{Action}Response>` / `<Error>` root).
    contentTypes: ['application/json;charset=utf-8', 'text/xml;charset=utf-8'],
    commonParameters: aliyunCommonParameters,
    // An RPC action is answered alike over GET (parameters in the query) and POST (in a form body too).
    alsoGet: true,
    errorExample: aliyunErrorExample,
  },
  kit: {
    account: aliyunAccount,
    demoAccount: aliyunDemoCredentials,
    cases: aliyunCases,
    env: aliyunEnv,
    environment: aliyunEnvironment,
  },
});
