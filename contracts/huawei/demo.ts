import type { HuaweiScenarioInput } from './scenario.ts';

const DOMAIN = { id: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f', name: 'demo' };
const PROJECT = { id: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d', name: 'cn-north-4', domainId: DOMAIN.id };
const USER = {
  id: 'u-demo-0001',
  name: 'demo',
  password: 'demo-password',
  domainId: DOMAIN.id,
  roles: ['member'],
};
const ACCESS_KEY = {
  accessKeyId: 'DEMOAKHUAWEI00000001',
  secretAccessKey: 'demo-huawei-secret',
  userId: USER.id,
};
const ACTIVE = {
  id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61',
  name: 'demo-active',
  projectId: PROJECT.id,
  status: 'ACTIVE',
  host: 'compute-az1-01',
} as const;
const BUILDING = {
  id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a63',
  name: 'demo-building',
  projectId: PROJECT.id,
  status: 'BUILD',
  host: null,
  taskState: 'spawning',
} as const;

/** The built-in Huawei demo: one project in cn-north-4 and a server in each state a test needs. */
export const huaweiDemo: HuaweiScenarioInput = {
  settings: { region: 'cn-north-4' },
  domains: [DOMAIN],
  projects: [
    PROJECT,
    {
      id: '9f8e7d6c5b4a49388271605f4e3d2c1b',
      name: 'cn-north-4_other',
      domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
    },
  ],
  users: [
    USER,
    {
      id: 'u-demo-reader',
      name: 'demo-reader',
      password: 'demo-password',
      domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
      roles: ['reader'],
    },
    {
      id: 'u-demo-admin',
      name: 'demo-admin',
      password: 'demo-password',
      domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
      roles: ['admin'],
    },
  ],
  accessKeys: [ACCESS_KEY],
  servers: [
    ACTIVE,
    {
      id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a62',
      name: 'demo-shutoff',
      projectId: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
      status: 'SHUTOFF',
      host: 'compute-az1-01',
    },
    BUILDING,
    {
      id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a64',
      name: 'demo-error',
      projectId: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
      status: 'ERROR',
      host: null,
    },
    {
      id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a65',
      name: 'demo-deleting',
      projectId: '0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d',
      status: 'ACTIVE',
      host: 'compute-az1-02',
      taskState: 'deleting',
    },
    {
      id: '3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a66',
      name: 'other-project-server',
      projectId: '9f8e7d6c5b4a49388271605f4e3d2c1b',
      status: 'ACTIVE',
      host: 'compute-az1-02',
    },
  ],
};

/**
 * Who the demo signs in as and which server provokes which answer: the one copy the contract kit, the bench
 * and the tests use (public names, see README.md).
 */
export const huaweiDemoCredentials = {
  user: USER.name,
  password: USER.password,
  domain: DOMAIN.name,
  projectName: PROJECT.name,
  projectId: PROJECT.id,
  accessKeyId: ACCESS_KEY.accessKeyId,
  secretAccessKey: ACCESS_KEY.secretAccessKey,
  servers: { active: ACTIVE.id, building: BUILDING.id },
};
