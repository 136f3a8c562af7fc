import { defineProvider } from '../contract.ts';
import { hpcAccount, hpcEnv, hpcEnvironment } from './account.ts';
import { hpcCases } from './cases.ts';
import { hpcDemo, hpcDemoCredentials } from './demo.ts';
import { hpcErrors } from './errors.ts';
import { hpcBlame, hpcErrorBodies, hpcOperations, hpcUnmatchedErrors } from './operations.ts';
import { hpcScenario } from './scenario.ts';
import { hpcErrorExample, readHpcError } from './wire.ts';

/** SCNet / Sugon AC's OpenAPI v2 (tokens, regions, VNC desktops), as the shared layers know it. */
export const hpcContract = defineProvider({
  name: 'hpc',
  scenario: hpcScenario,
  demo: hpcDemo,
  operations: hpcOperations,
  errors: hpcErrors,
  errorBodies: hpcErrorBodies,
  unmatchedErrors: hpcUnmatchedErrors,
  blame: hpcBlame,
  answers: { readError: readHpcError },
  openapi: {
    title: 'SCNet / Sugon AC OpenAPI v2: tokens, regions and VNC desktops (console-emulator)',
    version: 'v2',
    description:
      'Every answer is `{"code", "msg", "data"}`; `"0"` is success and business errors are HTTP 200 with another code. Unknown paths and methods are real 404 / 405. Generated from the contracts; do not edit.',
    servers: ['https://api.scnet.cn'],
    securitySchemes: {
      hpcToken: {
        type: 'apiKey',
        in: 'header',
        name: 'token',
        description:
          'A region token from `POST /ac/openapi/v2/tokens` (HS256 JWT; `expireTime` in its claims).',
      },
    },
    // Spring Boot's error bodies carry the request's path.
    pathShapes: ['spring'],
    errorExample: hpcErrorExample,
  },
  kit: {
    account: hpcAccount,
    demoAccount: hpcDemoCredentials,
    cases: hpcCases,
    env: hpcEnv,
    environment: hpcEnvironment,
  },
});
