import { describe, expect, it } from 'vitest';
import { HuaweiClient } from '../../client/huawei.ts';
import { useEmulator } from '../helpers.ts';
import { demo } from '../huawei/support.ts';

const control = (base: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${base}/__emulator${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const huawei = (base: string) =>
  new HuaweiClient({
    baseUrl: base,
    auth: {
      kind: 'password',
      user: 'demo',
      password: 'demo-password',
      domain: 'demo',
      project: { name: 'cn-north-4' },
    },
  });

describe('control API: clock', () => {
  const emu = useEmulator();

  it('GET /__emulator/clock tells the emulator time', async () => {
    const body = (await (await control(emu.current.url, '/clock')).json()) as {
      now: number;
      iso: string;
      frozen: boolean;
    };
    expect(Math.abs(body.now - Date.now())).toBeLessThan(5000);
    expect(body.iso).toBe(new Date(body.now).toISOString());
    expect(body.frozen).toBe(false);
  });

  it('a console URL expires after POST /__emulator/clock/advance {"by":"11m"}', async () => {
    const { url } = await huawei(emu.current.url).remoteConsoles(demo.active);
    const token = new URL(url).searchParams.get('token') as string;
    const before = (await (await control(emu.current.url, '/state')).json()) as {
      providers: { huawei: { consoleTokens: Array<{ token: string }> } };
    };
    expect(before.providers.huawei.consoleTokens.map((t) => t.token)).toContain(token);
    const advanced = await control(emu.current.url, '/clock/advance', { body: { by: '11m' } });
    expect(advanced.status).toBe(200);
    const after = (await (await control(emu.current.url, '/state')).json()) as typeof before;
    expect(after.providers.huawei.consoleTokens.map((t) => t.token)).not.toContain(token);
    expect(emu.current.emulator.state.huawei?.consoleTokens.get(token)).toBeUndefined();
  });

  it('set, freeze and resume', async () => {
    const set = await control(emu.current.url, '/clock/set', { body: { to: '2030-01-01T00:00:00Z' } });
    expect(((await set.json()) as { iso: string }).iso.startsWith('2030-01-01T00:00:0')).toBe(true);
    const frozen = (await (await control(emu.current.url, '/clock/freeze', { body: {} })).json()) as {
      now: number;
    };
    const again = (await (await control(emu.current.url, '/clock')).json()) as {
      now: number;
      frozen: boolean;
    };
    expect(again).toMatchObject({ now: frozen.now, frozen: true });
    expect(
      ((await (await control(emu.current.url, '/clock/resume', { body: {} })).json()) as { frozen: boolean })
        .frozen,
    ).toBe(false);
  });

  it.each([
    [{ by: '11 minutes' }, 'not a duration: "11 minutes"'],
    [{}, 'give {"by": "11m"} or {"by": <milliseconds>}'],
  ])('refuses %j with 400 and a clear message', async (body, message) => {
    const response = await control(emu.current.url, '/clock/advance', { body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
  });
});

describe('control API: faults', () => {
  const emu = useEmulator();

  it('an error fault answers with the catalogue error `times` times, then lets requests through', async () => {
    const added = await control(emu.current.url, '/faults', {
      body: {
        provider: 'huawei',
        operation: 'remoteConsoles',
        error: 'InstanceNotReady',
        params: { instance_id: demo.active },
        times: 2,
      },
    });
    expect(added.status).toBe(201);
    const client = huawei(emu.current.url);
    for (let i = 0; i < 2; i++) {
      await expect(client.remoteConsoles(demo.active)).rejects.toMatchObject({
        status: 409,
        code: 'conflictingRequest',
        message: expect.stringContaining(`Instance ${demo.active} is not ready`),
      });
    }
    await expect(client.remoteConsoles(demo.active)).resolves.toMatchObject({ protocol: 'vnc' });
    expect(
      ((await (await control(emu.current.url, '/faults')).json()) as { faults: unknown[] }).faults,
    ).toEqual([]);
  });

  it('matches by resource: other servers are untouched', async () => {
    await control(emu.current.url, '/faults', {
      body: { provider: 'huawei', resource: demo.shutoff, error: 'NotImplemented' },
    });
    const client = huawei(emu.current.url);
    await expect(client.remoteConsoles(demo.shutoff)).rejects.toMatchObject({ status: 501 });
    await expect(client.remoteConsoles(demo.active)).resolves.toBeDefined();
    await control(emu.current.url, '/faults', { method: 'DELETE' });
    await expect(client.remoteConsoles(demo.shutoff)).resolves.toBeDefined();
  });

  it('a connection reset is a network error to the client', async () => {
    await control(emu.current.url, '/faults', {
      body: { provider: 'huawei', operation: 'remoteConsoles', connection: 'reset', times: 1 },
    });
    const failure = await huawei(emu.current.url)
      .remoteConsoles(demo.active)
      .catch((e: Error & { cause?: { code?: string } }) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(emu.current.emulator.journal.list({ operation: 'remoteConsoles' }).at(-1)).toMatchObject({
      status: 0,
      code: 'connection:reset',
    });
  });

  it.each([
    [{ provider: 'huawei', error: 'NoSuchError' }, 'huawei has no error "NoSuchError"'],
    [{ provider: 'huawei' }, 'a fault needs at least one of error, latency or connection'],
    [{ provider: 'nobody', error: 'x' }, 'provider'],
    [{ provider: 'huawei', error: 'NotImplemented', connection: 'reset' }, 'not both'],
  ])('refuses the rule %j with 400', async (rule, message) => {
    const response = await control(emu.current.url, '/faults', { body: rule });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
  });
});

describe('control API: journal and reset', () => {
  const emu = useEmulator();

  it('journals every request and filters by provider, operation and status', async () => {
    await control(emu.current.url, '/journal', { method: 'DELETE' });
    await huawei(emu.current.url).remoteConsoles(demo.active);
    await huawei(emu.current.url)
      .remoteConsoles(demo.building)
      .catch(() => undefined);
    const all = (await (
      await control(emu.current.url, '/journal?provider=huawei&operation=remoteConsoles')
    ).json()) as {
      entries: Array<{ status: number; code?: string; credential?: string }>;
    };
    expect(all.entries.map((e) => e.status)).toEqual([200, 409]);
    expect(all.entries[1]).toMatchObject({ code: 'conflictingRequest', credential: demo.projectId });
    const conflicts = (await (await control(emu.current.url, '/journal?status=409')).json()) as {
      entries: unknown[];
    };
    expect(conflicts.entries).toHaveLength(1);
  });

  it('reset forgets tokens issued since start and clears fault rules', async () => {
    const { url } = await huawei(emu.current.url).remoteConsoles(demo.active);
    await control(emu.current.url, '/faults', { body: { provider: 'huawei', latency: 1 } });
    expect((await control(emu.current.url, '/reset', { body: {} })).status).toBe(200);
    expect(
      emu.current.emulator.state.huawei?.consoleTokens.get(new URL(url).searchParams.get('token') as string),
    ).toBeUndefined();
    expect(emu.current.emulator.faults.list()).toEqual([]);
  });

  it('an unknown control path is a JSON 404', async () => {
    const response = await control(emu.current.url, '/nothing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no control operation GET /__emulator/nothing' },
    });
  });
});
