import { describe, expect, it } from 'vitest';
import { type HpcScenarioInput, hpcScenario } from './scenario.ts';

const base: HpcScenarioInput = {
  orgIds: ['org'],
  clusters: [{ id: '11112', name: 'c', vncNodes: [{ name: 'gv101' }] }],
  users: [{ userId: '1', name: 'u', password: 'p', computeUser: 'u', clusters: ['11112'] }],
};

const issues = (input: HpcScenarioInput) =>
  (hpcScenario.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('hpc scenario', () => {
  it('fills the documented defaults', () => {
    const parsed = hpcScenario.parse(base);
    expect(parsed.settings).toMatchObject({
      tokenTtlSeconds: 43_200,
      renewalWindowSeconds: 86_400,
      hpcUrlSuffix: '/hpc',
      launchUrlWithDomain: false,
      rateLimit: null,
      idleCleanupHour: 1,
      faults: { desktopService: false },
    });
    expect(parsed.users[0]?.accountStatus).toBe('Trial');
    expect(parsed.clusters[0]?.vncNodes).toEqual([{ name: 'gv101', overloaded: false }]);
  });

  it('refuses references to users, clusters and nodes that do not exist', () => {
    expect(
      issues({
        ...base,
        users: [{ userId: '1', name: 'u', password: 'p', computeUser: 'u', clusters: ['9'] }],
        accessKeys: [{ accessKey: 'a', secretKey: 's', user: 'x', invoker: 'org' }],
        sessions: [{ clusterId: '11112', user: 'u', node: 'gv999', display: 1 }],
      }),
    ).toEqual([
      'users.0.clusters.0: unknown cluster 9',
      'accessKeys.0.user: unknown user x',
      'sessions.0.clusterId: user u may not use cluster 11112',
      'sessions.0.node: cluster 11112 has no VNC node gv999',
    ]);
  });

  it('refuses two sessions of one user, a display taken twice, and "--" in a compute user', () => {
    expect(
      issues({
        ...base,
        sessions: [
          { clusterId: '11112', user: 'u', node: 'gv101', display: 1 },
          { clusterId: '11112', user: 'u', node: 'gv101', display: 1 },
        ],
      }),
    ).toEqual([
      'sessions.1: user u already has a session in 11112',
      'sessions.1.display: display 1 of gv101 is taken',
    ]);
    expect(
      issues({
        ...base,
        users: [{ userId: '1', name: 'u', password: 'p', computeUser: 'a--b', clusters: [] }],
      }),
    ).toEqual(['users.0.computeUser: must not contain "--"']);
  });
});
