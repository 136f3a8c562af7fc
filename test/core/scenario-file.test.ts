import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AliyunClient } from '../../client/aliyun.ts';
import { HpcClient } from '../../client/hpc.ts';
import { HuaweiClient } from '../../client/huawei.ts';
import type { ScenarioInput } from '../../contracts/scenario.ts';
import { demoScenario } from '../../emulator/scenario.ts';
import { loadScenarioFile } from '../../emulator/scenario-file.ts';
import { listen } from '../../emulator/server.ts';

type Loose = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'console-emulator-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo scenario as a hand-written file would leave it: no ids, hosts, zones, accounts, nodes or displays. */
function sparseDemo(): Loose {
  const sparse = structuredClone(demoScenario) as Record<string, Loose>;
  const each = (list: unknown, ...fields: string[]) => {
    for (const item of list as Loose[]) for (const field of fields) delete item[field];
  };
  each(sparse.huawei?.servers, 'id', 'host');
  each(sparse.aliyun?.instances, 'instanceId', 'zoneId');
  each(sparse.hpc?.clusters, 'id', 'name');
  each(sparse.hpc?.users, 'userId', 'computeUser', 'clusters');
  each(sparse.hpc?.accessKeys, 'invoker');
  each(sparse.hpc?.sessions, 'clusterId', 'node', 'display');
  return sparse;
}

function writeScenario(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, name.endsWith('.json') ? JSON.stringify(value) : stringify(value));
  return file;
}

describe('a scenario file that leaves out ids and other details', () => {
  it('is filled in the same way every time, for all three providers', async () => {
    const first = await loadScenarioFile(writeScenario('sparse.yaml', sparseDemo()));
    const again = await loadScenarioFile(writeScenario('sparse.json', sparseDemo()));
    expect(again).toEqual(first);
    const { huawei, aliyun, hpc } = first as Required<ScenarioInput>;
    for (const server of huawei.servers ?? []) {
      expect(server.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(server.host).toEqual(server.status === 'BUILD' ? null : expect.stringMatching(/^compute-/));
    }
    for (const instance of aliyun.instances ?? []) {
      expect(instance.instanceId).toMatch(/^i-[0-9a-z]{20}$/);
      expect(instance.zoneId).toMatch(new RegExp(`^${instance.regionId}-[a-z]$`));
    }
    expect(new Set(aliyun.instances?.map((i) => i.instanceId)).size).toBe(aliyun.instances?.length);
    const [cluster] = hpc.clusters;
    expect(cluster?.id).toMatch(/^[1-9]\d{4}$/);
    expect(cluster?.name).toMatch(/ computing centre$/);
    expect(hpc.users.map((u) => [u.name, u.computeUser, u.clusters])).toEqual([
      ['demo', 'demo', [cluster?.id]],
      ['demo-other', 'demo_other', [cluster?.id]],
      ['demo-disabled', 'demo_disabled', [cluster?.id]],
    ]);
    for (const user of hpc.users) expect(user.userId).toMatch(/^[1-9]\d{10}$/);
    expect(hpc.accessKeys?.[0]?.invoker).toBe('demo-org');
    expect(hpc.sessions?.map((s) => [s.user, s.clusterId, s.node, s.display])).toEqual([
      ['demo', cluster?.id, 'gv101', 1],
      ['demo-other', cluster?.id, 'gv101', 2],
    ]);
  });

  it('keeps what the file does say', async () => {
    const sparse = sparseDemo() as Record<string, Loose>;
    const [instance] = (sparse.aliyun?.instances ?? []) as Loose[];
    Object.assign(instance ?? {}, { instanceId: 'i-bp1mine0000000000001', zoneId: 'cn-hangzhou-k' });
    const loaded = await loadScenarioFile(writeScenario('partial.yaml', sparse));
    expect(loaded.aliyun?.instances?.[0]).toMatchObject({
      instanceId: 'i-bp1mine0000000000001',
      zoneId: 'cn-hangzhou-k',
      instanceName: 'demo-running',
    });
  });

  it('serves every provider’s console URL for the filled-in resources', async () => {
    const scenario = await loadScenarioFile(writeScenario('served.yaml', sparseDemo()));
    const running = await listen({ port: 0, scenario });
    try {
      const url = running.url;
      const server = scenario.huawei?.servers?.find((s) => s.name === 'demo-active');
      const nova = new HuaweiClient({
        baseUrl: url,
        auth: {
          kind: 'password',
          user: 'demo',
          password: 'demo-password',
          domain: 'demo',
          project: { name: 'cn-north-4' },
        },
      });
      expect((await nova.remoteConsoles(server?.id as string)).url).toMatch(/vnc_auto\.html\?token=/);
      const instance = scenario.aliyun?.instances?.find((i) => i.instanceName === 'demo-running');
      const ecs = new AliyunClient({
        baseUrl: url,
        accessKeyId: 'LTAI5tDemoAccessKey00001',
        accessKeySecret: 'demo-aliyun-secret',
      });
      const answer = await ecs.describeInstanceVncUrl({
        regionId: 'cn-hangzhou',
        instanceId: instance?.instanceId as string,
      });
      expect(decodeURIComponent(answer.vncUrl)).toMatch(/^ws:\/\/127\.0\.0\.1:/);
      const center = new HpcClient({
        baseUrl: url,
        auth: { kind: 'password', user: 'demo', password: 'demo-password', orgId: 'demo-org' },
      });
      const [session] = await center.listSessions();
      expect(session?.sessionId).toBe('gv101--demo--SIG--1');
      expect(await center.launchUrl(session?.sessionId as string)).toContain('/vnc.html?');
    } finally {
      await running.close();
    }
  });
});
