import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HuaweiClient } from '../../client/huawei.ts';
import { createEmulator } from '../../emulator/app.ts';
import { RfbClient } from '../console/rfb-client.ts';
import { huaweiConsoleUrl, wsBase } from '../console/support.ts';
import { useEmulator } from '../helpers.ts';
import { demo } from '../huawei/support.ts';

const control = (base: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${base}/__emulator${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const client = (base: string, project: { name: string }) =>
  new HuaweiClient({
    baseUrl: base,
    auth: { kind: 'password', user: 'demo', password: 'demo-password', domain: 'demo', project },
  });

const NEW_SERVER = '7e1d2c3b-4a59-4687-8776-655443322110';

describe('control API: resources and credentials', () => {
  const emu = useEmulator();

  it('adds a server with PUT, changes its status with PATCH and removes it with DELETE', async () => {
    const put = await control(emu.current.url, `/state/huawei/servers/${NEW_SERVER}`, {
      method: 'PUT',
      body: { name: 'added', projectId: demo.projectId, status: 'ACTIVE', host: 'compute-x' },
    });
    expect(put.status).toBe(201);
    const huawei = client(emu.current.url, { name: 'cn-north-4' });
    await expect(huawei.remoteConsoles(NEW_SERVER)).resolves.toMatchObject({ type: 'novnc' });

    const patched = await control(emu.current.url, `/state/huawei/servers/${NEW_SERVER}`, {
      method: 'PATCH',
      body: { status: 'BUILD', host: null },
    });
    expect(await patched.json()).toMatchObject({ id: NEW_SERVER, status: 'BUILD', host: null });
    await expect(huawei.remoteConsoles(NEW_SERVER)).rejects.toMatchObject({ status: 409 });

    expect(
      (await control(emu.current.url, `/state/huawei/servers/${NEW_SERVER}`, { method: 'DELETE' })).status,
    ).toBe(204);
    await expect(huawei.remoteConsoles(NEW_SERVER)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a resource that does not fit the scenario schema, saying where', async () => {
    const response = await control(emu.current.url, `/state/huawei/servers/${NEW_SERVER}`, {
      method: 'PUT',
      body: { name: 'bad', projectId: demo.projectId, status: 'RUNNING', host: null },
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain(`servers/${NEW_SERVER}: status:`);
  });

  it('names the collections a provider has when asked for another', async () => {
    const response = await control(emu.current.url, '/state/huawei/instances');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'huawei has no collection "instances" (known: servers, users, accessKeys, projects, domains)',
    );
  });

  it('partitions the world by project: two clients on different credentials see disjoint servers', async () => {
    await control(emu.current.url, `/state/huawei/servers/${NEW_SERVER}`, {
      method: 'PUT',
      body: { name: 'theirs', projectId: demo.otherProjectId, status: 'ACTIVE', host: 'compute-y' },
    });
    const list = async (project: string) => {
      const c = client(emu.current.url, { name: project });
      const token = (await c.token()) as { id: string; projectId: string };
      const response = await fetch(`${emu.current.url}/v2.1/${token.projectId}/servers`, {
        headers: { 'X-Auth-Token': token.id },
      });
      return ((await response.json()) as { servers: Array<{ id: string }> }).servers.map((s) => s.id);
    };
    const [mine, theirs] = await Promise.all([list('cn-north-4'), list('cn-north-4_other')]);
    expect(theirs.sort()).toEqual([demo.otherProject, NEW_SERVER].sort());
    expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
    await expect(
      client(emu.current.url, { name: 'cn-north-4' }).remoteConsoles(NEW_SERVER),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('snapshots', () => {
  const snapshotDir = mkdtempSync(join(tmpdir(), 'snapshot-'));
  const emu = useEmulator({ snapshotDir });

  it('writes the whole state to a file and loads it into another emulator, tokens and clock included', async () => {
    const { url } = await client(emu.current.url, { name: 'cn-north-4' }).remoteConsoles(demo.active);
    const token = new URL(url).searchParams.get('token') as string;
    await control(emu.current.url, '/clock/advance', { body: { by: '5m' } });
    const file = join(snapshotDir, 'state.json');
    const written = await control(emu.current.url, '/snapshot', { body: { file: 'state.json' } });
    expect(await written.json()).toEqual({ written: file });

    const other = createEmulator();
    other.restore(JSON.parse(readFileSync(file, 'utf8')));
    expect(other.state.huawei?.consoleTokens.get(token)).toMatchObject({ serverId: demo.active });
    expect(other.clock.now() - Date.now()).toBeGreaterThan(4 * 60_000);
    other.clock.advance('5m');
    expect(other.state.huawei?.consoleTokens.get(token)).toBeUndefined();
  });

  it('refuses a document that is not a snapshot', async () => {
    const response = await control(emu.current.url, '/snapshot/load', { body: { snapshot: { hello: 1 } } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'not a console-emulator/snapshot@1 document',
    );
  });
});

describe('--state-file', () => {
  const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  const start = (stateFile: string) =>
    new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--port', '0', '--state-file', stateFile]);
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
        const url = /^listening on (\S+)$/m.exec(output)?.[1];
        if (url) resolve({ child, url });
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });

  it('a kill -9 during heavy state writes leaves a loadable file holding every acknowledged token', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'state-file-')), 'state.json');
    const first = await start(stateFile);
    const huawei = client(first.url, { name: 'cn-north-4' });
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          const { url } = await huawei.remoteConsoles(demo.active);
          acknowledged.push(new URL(url).searchParams.get('token') as string);
        } catch {
          return;
        }
      }
    });
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const second = await start(stateFile);
    const state = (await (await control(second.url, '/state')).json()) as {
      providers: { huawei: { consoleTokens: Array<{ token: string }> } };
    };
    const restored = new Set(state.providers.huawei.consoleTokens.map((t) => t.token));
    expect(acknowledged.filter((t) => !restored.has(t))).toEqual([]);
  });
});

describe('changing a resource closes its live consoles', () => {
  const emu = useEmulator();

  it.each([
    ['a status change', 'PATCH', { status: 'SHUTOFF' }],
    ['a deletion', 'DELETE', undefined],
  ])('%s drops the viewers of that server', async (_label, method, body) => {
    const page = await huaweiConsoleUrl(emu.current);
    const viewer = await RfbClient.open(
      `${wsBase(emu.current)}/websockify?token=${page.searchParams.get('token')}`,
    );
    await viewer.read(12);
    expect(emu.current.emulator.consoles.consoles('huawei', demo.active)).toHaveLength(1);
    const response = await control(emu.current.url, `/state/huawei/servers/${demo.active}`, {
      method,
      ...(body ? { body } : {}),
    });
    expect(response.status).toBe(method === 'DELETE' ? 204 : 200);
    await viewer.closed;
    expect(emu.current.emulator.consoles.consoles('huawei', demo.active)).toHaveLength(0);
    emu.current.emulator.reset();
  });
});
