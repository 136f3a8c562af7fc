import type { HpcScenarioInput } from '../../../contracts/hpc/scenario.ts';

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
    {
      userId: '11655048541',
      name: 'demo',
      password: 'demo-password',
      computeUser: 'demo',
      clusters: ['11112'],
    },
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
  accessKeys: [
    { accessKey: 'DEMOAKHPC0000000001', secretKey: 'demo-hpc-secret', user: 'demo', invoker: 'demo-org' },
  ],
  sessions: [
    { clusterId: '11112', user: 'demo', node: 'gv101', display: 4, vncPassword: 'demovnc1' },
    { clusterId: '11112', user: 'demo-other', node: 'gv102', display: 1, vncPassword: 'othervnc' },
  ],
};
