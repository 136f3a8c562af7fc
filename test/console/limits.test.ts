import { describe, expect, it } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { createClock } from '../../emulator/clock.ts';
import { demoScenario } from '../../emulator/scenario.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { useEmulator } from '../helpers.ts';
import { RfbClient } from './rfb-client.ts';
import {
  aliyun,
  aliyunSocketUrl,
  aliyunVncUrl,
  hpc,
  hpcDeleteSession,
  hpcLaunchUrl,
  hpcSocketUrl,
  hpcToken,
  huawei,
  huaweiConsoleUrl,
  wsBase,
} from './support.ts';

// Every limit here follows the emulator clock: the tests advance it and call the hub's tick; nothing sleeps.
const clock = () => createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true });

/** The nova-novncproxy / websockify refusal: upgrade accepted, socket dropped without a close frame. */
async function expectDropped(url: string) {
  const ws = await RfbClient.open(url);
  expect(await ws.closed).toEqual({ code: 1006, reason: '' });
}

/** Connects and completes the handshake: the console works. */
async function expectConsole(url: string, password?: string): Promise<RfbClient> {
  const ws = await RfbClient.open(url);
  await ws.handshake(password === undefined ? {} : { password });
  return ws;
}

const huaweiSocket = async (running: RunningEmulator, serverId?: string) => {
  const url = await huaweiConsoleUrl(running, serverId);
  return `${wsBase(running)}/?token=${url.searchParams.get('token')}`;
};

describe('Huawei / Nova console tokens', () => {
  const emu = useEmulator({ clock: clock() });
  const hub = () => emu.current.emulator.consoles;

  it('is one-time by default (Huawei): a second connection with the same token is dropped', async () => {
    const url = await huaweiSocket(emu.current);
    const first = await expectConsole(url);
    await expectDropped(url);
    first.close();
    // The journal tells the two apart, next to the API calls.
    const connects = emu.current.emulator.journal.list({ provider: 'huawei', operation: 'consoleConnect' });
    expect(connects.slice(-2).map((e) => [e.path, e.status, e.code])).toEqual([
      ['/', 101, undefined],
      ['/', 101, 'TokenUsed'],
    ]);
  });

  it('expires after 10 minutes on the emulator clock; a session opened before carries on', async () => {
    const late = await huaweiSocket(emu.current);
    const open = await expectConsole(await huaweiSocket(emu.current));
    emu.current.emulator.clock.advance('9m59s');
    const early = await expectConsole(await huaweiSocket(emu.current));
    const stillValid = await huaweiSocket(emu.current);
    emu.current.emulator.clock.advance('1s');
    await expectDropped(late);
    await expectConsole(stillValid);
    // [consoleauth] enforce_session_timeout defaults to False (docs/providers/huawei.md §3.2).
    hub().tick();
    open.requestUpdate(false, 0, 0, 8, 8);
    expect((await open.readUpdate())[0]).toMatchObject({ w: 8, h: 8 });
    open.close();
    early.close();
  });

  it('drops unknown tokens and URLs of servers that do not run (SHUTOFF gets a URL, the proxy fails)', async () => {
    await expectDropped(`${wsBase(emu.current)}/websockify?token=00000000-0000-4000-8000-000000000000`);
    await expectDropped(`${wsBase(emu.current)}/websockify`);
    await expectDropped(await huaweiSocket(emu.current, huawei.shutoff));
  });

  it('stopping a server through the state closes its live consoles at the next tick', async () => {
    const ws = await expectConsole(await huaweiSocket(emu.current));
    const server = emu.current.emulator.state.huawei?.servers.get(huawei.active);
    if (!server) throw new Error('no demo server');
    server.status = 'SHUTOFF';
    hub().tick();
    expect(await ws.closed).toEqual({ code: 1000, reason: 'Target closed' });
    server.status = 'ACTIVE';
  });

  it('a status change through the control API (PATCH status SHUTOFF) closes the consoles too', async () => {
    const ws = await expectConsole(await huaweiSocket(emu.current));
    const patch = (status: string) =>
      fetch(`${emu.current.url}/__emulator/state/huawei/servers/${huawei.active}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      });
    expect((await patch('SHUTOFF')).status).toBe(200);
    hub().tick();
    expect((await ws.closed).code).toBe(1000);
    expect((await patch('ACTIVE')).status).toBe(200);
  });

  it('closeResource closes every viewer of the resource', async () => {
    const a = await expectConsole(await huaweiSocket(emu.current));
    const b = await expectConsole(await huaweiSocket(emu.current));
    expect(hub().consoles('huawei', huawei.active)).toHaveLength(2);
    expect(hub().closeResource('huawei', huawei.active)).toBe(2);
    expect((await a.closed).code).toBe(1000);
    expect((await b.closed).code).toBe(1000);
    expect(hub().consoles('huawei', huawei.active)).toHaveLength(0);
  });

  describe('with consoleTokenUse: reusable (Nova)', () => {
    const nova = useEmulator({
      clock: clock(),
      scenario: { huawei: { ...huaweiDemo, settings: { urlStyle: 'nova', consoleTokenUse: 'reusable' } } },
    });

    it('a token opens any number of connections until it expires', async () => {
      const url = await huaweiConsoleUrl(nova.current);
      const path = url.searchParams.get('path') as string;
      expect(path).toMatch(/^\?token=/);
      const socket = `${wsBase(nova.current)}/${path}`;
      const a = await expectConsole(socket);
      const b = await expectConsole(socket);
      nova.current.emulator.clock.advance('10m');
      await expectDropped(socket);
      a.close();
      b.close();
    });
  });
});

describe('Alibaba VncUrl', () => {
  const emu = useEmulator({ clock: clock() });
  const hub = () => emu.current.emulator.consoles;

  it('opens one connection: the same VncUrl again is dropped', async () => {
    const url = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    const ws = await expectConsole(url, aliyun.password);
    await expectDropped(url);
    ws.close();
  });

  it('must be used within 15 seconds', async () => {
    const inTime = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    const late = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    emu.current.emulator.clock.advance('14s');
    (await expectConsole(inTime, aliyun.password)).close();
    emu.current.emulator.clock.advance('1s');
    await expectDropped(late);
  });

  it('closes a session idle for the keepalive (300 s); interaction keeps it open', async () => {
    const ws = await expectConsole(aliyunSocketUrl(await aliyunVncUrl(emu.current)), aliyun.password);
    emu.current.emulator.clock.advance('299s');
    hub().tick();
    ws.key(0x61);
    await expect.poll(() => hub().screen('aliyun', aliyun.running)?.typed.endsWith('a')).toBe(true);
    emu.current.emulator.clock.advance('299s');
    hub().tick();
    expect(ws.closedWith).toBeUndefined();
    emu.current.emulator.clock.advance('1s');
    hub().tick();
    expect(await ws.closed).toEqual({ code: 1000, reason: 'keepalive timeout' });
  });

  it('refuses the 31st connection to one instance within a minute, without spending its VncUrl', async () => {
    for (let i = 0; i < 30; i++)
      (await expectConsole(aliyunSocketUrl(await aliyunVncUrl(emu.current)), aliyun.password)).close();
    const refused = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    await expectDropped(refused);
    // Another instance has its own count.
    (await expectConsole(aliyunSocketUrl(await aliyunVncUrl(emu.current, aliyun.windows)), 'Win123')).close();
    emu.current.emulator.clock.advance('14s');
    await expectDropped(refused);
    emu.current.emulator.clock.advance('46s');
    (await expectConsole(aliyunSocketUrl(await aliyunVncUrl(emu.current)), aliyun.password)).close();
  });

  it('stopping the instance closes its console at the next tick', async () => {
    emu.current.emulator.clock.advance('1m');
    const ws = await expectConsole(aliyunSocketUrl(await aliyunVncUrl(emu.current)), aliyun.password);
    const instance = emu.current.emulator.state.aliyun?.instances.get(aliyun.running);
    if (!instance) throw new Error('no demo instance');
    instance.status = 'Stopped';
    hub().tick();
    expect((await ws.closed).code).toBe(1000);
    instance.status = 'Running';
  });

  describe('with the older 60 s keepalive', () => {
    const old = useEmulator({
      clock: clock(),
      scenario: {
        aliyun: { ...aliyunDemo, settings: { ...aliyunDemo.settings, consoleKeepaliveSeconds: 60 } },
      },
    });

    it('closes after 60 s without interaction', async () => {
      const ws = await expectConsole(aliyunSocketUrl(await aliyunVncUrl(old.current)), aliyun.password);
      old.current.emulator.clock.advance('59s');
      old.current.emulator.consoles.tick();
      expect(ws.closedWith).toBeUndefined();
      old.current.emulator.clock.advance('1s');
      old.current.emulator.consoles.tick();
      expect(await ws.closed).toEqual({ code: 1000, reason: 'keepalive timeout' });
    });
  });
});

describe('HPC launch URL', () => {
  const emu = useEmulator({ clock: clock(), scenario: { hpc: demoScenario.hpc } });

  it('is reusable while the session lives; deleting the session closes its viewers and kills the URL', async () => {
    const token = await hpcToken(emu.current);
    const launch = await hpcLaunchUrl(emu.current, token);
    const socket = hpcSocketUrl(emu.current, launch);
    expect(socket).toMatch(/\/vncws\?token=[0-9a-f-]{36}$/);
    const a = await expectConsole(socket, hpc.password);
    const b = await expectConsole(socket, hpc.password);
    await hpcDeleteSession(emu.current, token);
    emu.current.emulator.consoles.tick();
    expect((await a.closed).code).toBe(1000);
    expect((await b.closed).code).toBe(1000);
    await expectDropped(socket);
  });
});
