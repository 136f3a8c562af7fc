import type { HpcScenarioInput } from './scenario.ts';

const USER = {
  userId: '11655048541',
  name: 'demo',
  password: 'demo-password',
  computeUser: 'demo',
  clusters: ['11112'],
};
const ACCESS_KEY = {
  accessKey: 'DEMOAKHPC0000000001',
  secretKey: 'demo-hpc-secret',
  user: USER.name,
  invoker: 'demo-org',
};

/**
 * The built-in HPC demo: region 11112 (the docs' 「OpenAPI计算中心」) with two VNC nodes, user `demo` with a
 * session already running, `demo-other` whose session `demo` must not open, and a disabled account.
 */
export const hpcDemo: HpcScenarioInput = {
  orgIds: ['demo-org'],
  clusters: [
    {
      id: '11112',
      name: 'OpenAPI计算中心',
      description: '对外OpenAPI中心',
      vncNodes: [{ name: 'gv101' }, { name: 'gv102' }],
    },
  ],
  users: [
    USER,
    {
      userId: '11655048542',
      name: 'demo-other',
      password: 'demo-password',
      computeUser: 'demo_other',
      clusters: ['11112'],
    },
    {
      userId: '11655048543',
      name: 'demo-disabled',
      password: 'demo-password',
      computeUser: 'demo_disabled',
      accountStatus: 'Disable',
      clusters: ['11112'],
    },
  ],
  accessKeys: [ACCESS_KEY],
  sessions: [
    { clusterId: '11112', user: 'demo', node: 'gv101', display: 4, vncPassword: 'demovnc1' },
    { clusterId: '11112', user: 'demo-other', node: 'gv102', display: 1, vncPassword: 'othervnc' },
  ],
};

/**
 * The demo user's logins and the sessions that provoke each documented answer: the one copy the contract kit,
 * the bench and the tests use. `missing` is well formed and names no session.
 */
export const hpcDemoCredentials = {
  user: USER.name,
  password: USER.password,
  orgId: ACCESS_KEY.invoker,
  accessKey: ACCESS_KEY.accessKey,
  secretKey: ACCESS_KEY.secretKey,
  sessions: { otherUser: 'gv102--demo_other--SIG--1', missing: 'gv101--demo--SIG--99' },
};
