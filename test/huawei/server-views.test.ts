import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from './support.ts';

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL('./tempest_servers.py', import.meta.url));
/** The microversions where Nova's server views change, as the emulator advertises them. */
const BOUNDARIES = [
  '2.1',
  '2.3',
  '2.6',
  '2.9',
  '2.16',
  '2.19',
  '2.26',
  '2.47',
  '2.63',
  '2.71',
  '2.73',
  '2.96',
];

const minor = (version: string) => Number(version.split('.')[1]);

interface Line {
  user: string;
  version: string;
  call: 'show' | 'list' | 'detail';
  body?: { server?: Record<string, unknown>; servers?: Array<Record<string, unknown>> };
  error?: string;
}

/**
 * Runs the tempest driver as `user`. Debian's python3-tempest lives in the system interpreter's
 * dist-packages, so the driver runs under /usr/bin/python3 whatever `python3` a PATH finds first.
 */
async function tempest(baseUrl: string, user: string, versions: string[]): Promise<Line[]> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy/i.test(k)) env[k] = v;
  const { stdout } = await run('/usr/bin/python3', [DRIVER, baseUrl, user, demo.active, ...versions], {
    env: { ...env, NO_PROXY: '127.0.0.1,localhost' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

describe("tempest's ServersClient (python3-tempest, schema validation on) at every boundary microversion", () => {
  const emu = useEmulator();
  const versions = [...BOUNDARIES, huaweiDemo.settings?.maxMicroversion ?? '2.104'];
  const lines: Record<string, Line[]> = {};

  beforeAll(async () => {
    const [member, admin] = await Promise.all([
      tempest(emu.current.url, 'demo', versions),
      tempest(emu.current.url, 'demo-admin', versions),
    ]);
    lines.member = member;
    lines.admin = admin;
  }, 240_000);

  const at = (who: string, version: string, call: Line['call']) =>
    lines[who]?.find((l) => l.version === version && l.call === call)?.body;

  it.each(['member', 'admin'])('as %s: show, list and list detail pass tempest’s schemas', (who) => {
    const outcomes = (lines[who] ?? []).map((l) => `${l.version} ${l.call}: ${l.error ?? 'ok'}`);
    expect(outcomes).toEqual(versions.flatMap((v) => ['show', 'list', 'detail'].map((c) => `${v} ${c}: ok`)));
  });

  it('the member never sees the admin-only attributes; from 2.90 the hostname only', () => {
    for (const version of versions) {
      const server = at('member', version, 'show')?.server ?? {};
      const hidden = Object.keys(server).filter(
        (k) => k.startsWith('OS-EXT-SRV-ATTR:') || k === 'host_status',
      );
      expect(hidden, version).toEqual(minor(version) >= 90 ? ['OS-EXT-SRV-ATTR:hostname'] : []);
    }
  });

  it('the admin sees the compute host at every microversion, and host_status from 2.16', () => {
    for (const version of versions) {
      const server = at('admin', version, 'show')?.server ?? {};
      expect(server['OS-EXT-SRV-ATTR:host'], version).toBe('compute-az1-01');
      expect(server.host_status, version).toBe(minor(version) >= 16 ? 'UP' : undefined);
    }
    const building = at('admin', '2.16', 'detail')?.servers?.find((s) => s.id === demo.building);
    expect(building).toMatchObject({ 'OS-EXT-SRV-ATTR:host': null, host_status: '' });
  });

  it('the embedded flavor is a link before 2.47 and the flavor itself from 2.47', () => {
    expect(Object.keys((at('member', '2.26', 'show')?.server?.flavor as object) ?? {})).toEqual([
      'id',
      'links',
    ]);
    expect(at('member', '2.47', 'show')?.server?.flavor).toEqual({
      vcpus: 2,
      ram: 4096,
      disk: 40,
      ephemeral: 0,
      swap: 0,
      original_name: 's6.large.2',
      extra_specs: {},
    });
  });

  it('server_groups is in show from 2.71 but never in the detail list', () => {
    expect(at('member', '2.71', 'show')?.server).toHaveProperty('server_groups', []);
    expect(at('member', '2.63', 'show')?.server).not.toHaveProperty('server_groups');
    expect(at('member', '2.73', 'detail')?.servers?.[0]).not.toHaveProperty('server_groups');
  });

  it('a 500 fault carries its details for the admin only', () => {
    const fault = (who: string) =>
      at(who, '2.1', 'detail')?.servers?.find((s) => s.id === demo.error)?.fault as Record<string, unknown>;
    expect(fault('member')).not.toHaveProperty('details');
    expect(fault('admin')).toMatchObject({ code: 500, details: expect.stringContaining('NoValidHost') });
  });
});

describe('Nova’s default policy on reading servers', () => {
  const emu = useEmulator({
    scenario: {
      huawei: {
        ...huaweiDemo,
        users: [
          ...(huaweiDemo.users ?? []),
          {
            id: 'u-observer',
            name: 'observer',
            password: 'demo-password',
            domainId: 'd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f',
            // A role Keystone scopes a token with, but none of Nova's defaults names.
            roles: ['observer'],
          },
        ],
      },
    },
  });
  const get = async (path: string, user: string) =>
    nova(emu.current.url, `/v2.1/${demo.projectId}${path}`, {
      token: await iamToken(emu.current.url, { user }),
    });

  it('a reader may show and list servers (project_reader_or_admin)', async () => {
    expect((await get(`/servers/${demo.active}`, 'demo-reader')).status).toBe(200);
    expect((await get('/servers/detail', 'demo-reader')).status).toBe(200);
  });

  it('a user whose only role is none of reader, member, admin gets 403 naming the policy', async () => {
    for (const [path, action] of [
      ['/servers', 'index'],
      ['/servers/detail', 'detail'],
      [`/servers/${demo.active}`, 'show'],
    ] as const) {
      const response = await get(path, 'observer');
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        forbidden: {
          code: 403,
          message: `Policy doesn't allow os_compute_api:servers:${action} to be performed.`,
        },
      });
    }
  });

  it('an admin reaches a server of another project; a member gets 404', async () => {
    const shown = await get(`/servers/${demo.otherProject}`, 'demo-admin');
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { server: { tenant_id: string } }).server.tenant_id).toBe(
      demo.otherProjectId,
    );
    expect((await get(`/servers/${demo.otherProject}`, 'demo')).status).toBe(404);
  });

  it('so does its console: the remote-consoles policy passes an admin on any project', async () => {
    const consoleOf = async (user: string) =>
      nova(emu.current.url, consolesPath(demo.otherProject), {
        token: await iamToken(emu.current.url, { user }),
        version: '2.6',
        body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
      });
    expect((await consoleOf('demo-admin')).status).toBe(200);
    expect((await consoleOf('demo')).status).toBe(404);
  });

  it('links follow the request URL: no project id in them when the URL has none', async () => {
    const response = await nova(emu.current.url, `/v2.1/servers/${demo.active}`, {
      token: await iamToken(emu.current.url),
    });
    const { server } = (await response.json()) as { server: { links: Array<{ href: string }> } };
    expect(server.links.map((l) => l.href)).toEqual([
      `${emu.current.url}/v2.1/servers/${demo.active}`,
      `${emu.current.url}/servers/${demo.active}`,
    ]);
  });
});
