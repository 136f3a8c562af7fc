import { describe, expect, it } from 'vitest';
import type { ProviderName } from '../../contracts/catalogue.ts';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { createEmulator } from '../../emulator/app.ts';
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
  hpcLaunchUrl,
  hpcSocketUrl,
  huawei,
  huaweiConsoleUrl,
  wsBase,
} from './support.ts';

// The cap is an emulator choice (no provider documents one): `consoles.connectionsPerToken`, 10 by default.
// Only reusable credentials can reach it: Nova's tokens (`consoleTokenUse: reusable`) and HPC's launch tokens.

const clock = () => createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true });

/** Every provider, with Huawei's tokens reusable as Nova's are. */
const scenario = {
  ...demoScenario,
  huawei: { ...huaweiDemo, settings: { ...huaweiDemo.settings, consoleTokenUse: 'reusable' as const } },
};

interface Credential {
  provider: ProviderName;
  socket: string;
  token: string;
  password?: string;
}

async function huaweiCredential(running: RunningEmulator): Promise<Credential> {
  const token = (await huaweiConsoleUrl(running)).searchParams.get('token') as string;
  return { provider: 'huawei', socket: `${wsBase(running)}/websockify?token=${token}`, token };
}

async function hpcCredential(running: RunningEmulator): Promise<Credential> {
  const socket = hpcSocketUrl(running, await hpcLaunchUrl(running));
  const token = new URL(socket).searchParams.get('token') as string;
  return { provider: 'hpc', socket, token, password: hpc.password };
}

/** Connects and completes the RFB handshake: the proxy took the connection. */
async function expectConsole(credential: Credential): Promise<RfbClient> {
  const ws = await RfbClient.open(credential.socket);
  await ws.handshake(credential.password === undefined ? {} : { password: credential.password });
  return ws;
}

/** websockify's refusal, shared by the three proxies: upgrade accepted, socket dropped without a close frame. */
async function expectDropped(credential: Credential): Promise<void> {
  const ws = await RfbClient.open(credential.socket);
  expect(await ws.closed).toEqual({ code: 1006, reason: '' });
}

async function openMany(credential: Credential, count: number): Promise<RfbClient[]> {
  const open: RfbClient[] = [];
  for (let i = 0; i < count; i++) open.push(await expectConsole(credential));
  return open;
}

/** Live connections the hub holds for one credential. */
const live = (running: RunningEmulator, credential: Credential) =>
  running.emulator.consoles.consoles(credential.provider).filter((c) => c.target.token === credential.token)
    .length;

/** The journal's last `consoleConnect` entries of a provider, as [status, code]. */
const connects = (running: RunningEmulator, provider: ProviderName, last: number) =>
  running.emulator.journal
    .list({ provider, operation: 'consoleConnect' })
    .slice(-last)
    .map((e) => [e.status, e.code]);

/** Opens `cap` connections, sees the next refused, closes one and sees the freed slot taken. */
async function expectCap(running: RunningEmulator, credential: Credential, cap: number): Promise<void> {
  const open = await openMany(credential, cap);
  expect(live(running, credential)).toBe(cap);
  await expectDropped(credential);
  await expectDropped(credential);
  // Refused connections never hold a slot, and the proxy's refusal is journalled like the others.
  expect(live(running, credential)).toBe(cap);
  expect(connects(running, credential.provider, 3)).toEqual([
    [101, undefined],
    [101, 'TooManyConnections'],
    [101, 'TooManyConnections'],
  ]);
  const [first, ...rest] = open as [RfbClient, ...RfbClient[]];
  first.close();
  await first.closed;
  await expect.poll(() => live(running, credential)).toBe(cap - 1);
  rest.push(await expectConsole(credential));
  expect(live(running, credential)).toBe(cap);
  await expectDropped(credential);
  for (const ws of rest) ws.close();
  await expect.poll(() => live(running, credential)).toBe(0);
}

describe('concurrent websockets per console token (default: 10)', () => {
  const emu = useEmulator({ clock: clock(), scenario });

  it('Nova: a reusable token holds 10 live connections; the 11th is dropped until one closes', async () => {
    expect(emu.current.emulator.consoles.settings.connectionsPerToken).toBe(10);
    await expectCap(emu.current, await huaweiCredential(emu.current), 10);
  });

  it('HPC: a launch token holds 10 live connections; the 11th is dropped until one closes', async () => {
    await expectCap(emu.current, await hpcCredential(emu.current), 10);
  });

  it('counts per token: another URL of the same server opens while one token is full', async () => {
    const full = await huaweiCredential(emu.current);
    const open = await openMany(full, 10);
    await expectDropped(full);
    const other = await expectConsole(await huaweiCredential(emu.current));
    expect(emu.current.emulator.consoles.consoles('huawei', huawei.active)).toHaveLength(11);
    for (const ws of [...open, other]) ws.close();
    await expect.poll(() => emu.current.emulator.consoles.consoles('huawei').length).toBe(0);
  });
});

describe('concurrent websockets per console token (consoles.connectionsPerToken: 2)', () => {
  const emu = useEmulator({ clock: clock(), scenario, consoles: { connectionsPerToken: 2 } });

  it('Nova: the third live connection is dropped until one closes', async () => {
    await expectCap(emu.current, await huaweiCredential(emu.current), 2);
  });

  it('HPC: the third live connection is dropped until one closes', async () => {
    await expectCap(emu.current, await hpcCredential(emu.current), 2);
  });
});

describe('one-connection credentials answer with their own refusal first (connectionsPerToken: 1)', () => {
  const emu = useEmulator({ clock: clock(), consoles: { connectionsPerToken: 1 } });

  it('Huawei one-time token: the second connection is TokenUsed, not the cap', async () => {
    const credential = await huaweiCredential(emu.current);
    const ws = await expectConsole(credential);
    await expectDropped(credential);
    expect(connects(emu.current, 'huawei', 2)).toEqual([
      [101, undefined],
      [101, 'TokenUsed'],
    ]);
    ws.close();
  });

  it('Alibaba VncUrl: the second connection is TokenUsed, not the cap', async () => {
    const socket = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    const token = new URL(socket).searchParams.get('s') as string;
    const credential: Credential = { provider: 'aliyun', socket, token, password: aliyun.password };
    const ws = await expectConsole(credential);
    await expectDropped(credential);
    expect(connects(emu.current, 'aliyun', 2)).toEqual([
      [101, undefined],
      [101, 'TokenUsed'],
    ]);
    ws.close();
  });
});

describe('consoles.connectionsPerToken', () => {
  it('is a positive whole number', () => {
    for (const connectionsPerToken of [0, -1, 1.5]) {
      expect(() => createEmulator({ consoles: { connectionsPerToken } })).toThrow();
    }
  });
});
