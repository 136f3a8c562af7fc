import { describe, expect, it } from 'vitest';
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
  huaweiConsoleUrl,
  wsBase,
} from './support.ts';

const clock = () => createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true });

/** The socket of a fresh Huawei console URL, on the emulator's own listener. */
async function huaweiSocket(running: RunningEmulator): Promise<string> {
  const url = await huaweiConsoleUrl(running);
  return `${wsBase(running)}/websockify?token=${url.searchParams.get('token')}`;
}

const lastCode = (running: RunningEmulator) =>
  running.emulator.journal.list({ operation: 'consoleConnect' }).at(-1)?.code;

/** Opens a socket with these headers; `dropped` when the proxy refused it (101, then 1006). */
async function attempt(url: string, headers: Record<string, string>, password?: string) {
  const ws = await RfbClient.open(url, { headers });
  const outcome = await ws.handshake(password === undefined ? {} : { password }).then(
    () => 'console' as const,
    async () => ((await ws.closed).code === 1006 ? ('dropped' as const) : ws.closedWith),
  );
  ws.close();
  return outcome;
}

describe('a password-protected console refuses a client that answers security type None', () => {
  const emu = useEmulator({ clock: clock(), scenario: demoScenario });

  /** Picks None where only VNC Authentication was offered, then pipelines ClientInit and an update request. */
  async function chooseNone(url: string, version: '003.008' | '003.007') {
    const ws = await RfbClient.open(url);
    await ws.read(12);
    ws.send(Buffer.from(`RFB ${version}\n`, 'latin1'));
    expect([...(await ws.read(2))]).toEqual([1, 2]);
    ws.send([1]);
    ws.send([1]);
    ws.requestUpdate(false, 0, 0, 16, 16);
    return ws;
  }

  it('3.8 (Alibaba, VNC password set): SecurityResult 1 with the reason, closed, no ServerInit', async () => {
    const ws = await chooseNone(aliyunSocketUrl(await aliyunVncUrl(emu.current)), '003.008');
    expect((await ws.read(4)).readUInt32BE(0)).toBe(1);
    const length = (await ws.read(4)).readUInt32BE(0);
    expect((await ws.read(length)).toString()).toBe('security type 1 was not offered');
    expect(await ws.closed).toEqual({ code: 1000, reason: 'Target closed' });
    expect(ws.pending).toBe(0);
    expect(emu.current.emulator.consoles.consoles('aliyun')).toHaveLength(0);
  });

  it('3.7 (HPC, session password): SecurityResult 1, closed, no ServerInit', async () => {
    const ws = await chooseNone(hpcSocketUrl(emu.current, await hpcLaunchUrl(emu.current)), '003.007');
    expect((await ws.read(4)).readUInt32BE(0)).toBe(1);
    expect((await ws.closed).code).toBe(1000);
    expect(ws.pending).toBe(0);
    expect(emu.current.emulator.consoles.consoles('hpc')).toHaveLength(0);
  });

  it('the same consoles open with the password (the refusal above is about the type, not the URL)', async () => {
    const socket = hpcSocketUrl(emu.current, await hpcLaunchUrl(emu.current));
    expect(await attempt(socket, {}, hpc.password)).toBe('console');
    expect(await attempt(aliyunSocketUrl(await aliyunVncUrl(emu.current)), {}, aliyun.password)).toBe(
      'console',
    );
  });
});

// nova-novncproxy checks a browser's Origin (`new_websocket_client`); plain websockify, which Alibaba's and HPC's
// proxies are, checks none unless configured to, and Alibaba's own page is served from another origin.
describe('console websockets and the Origin header', () => {
  const emu = useEmulator({ clock: clock(), scenario: demoScenario });
  const self = () => `http://127.0.0.1:${emu.current.port}`;

  it('Huawei / Nova: a foreign Origin is dropped like a bad token (101, then 1006; journal OriginMismatch)', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${emu.current.port}`, 'null']) {
      expect(await attempt(await huaweiSocket(emu.current), { Origin: origin })).toBe('dropped');
      expect(lastCode(emu.current)).toBe('OriginMismatch');
    }
  });

  it('Huawei / Nova: the page’s own host passes, whatever its port; no Origin (curl, SDKs) passes', async () => {
    expect(await attempt(await huaweiSocket(emu.current), { Origin: self() })).toBe('console');
    expect(await attempt(await huaweiSocket(emu.current), { Origin: 'http://127.0.0.1:1' })).toBe('console');
    expect(await attempt(await huaweiSocket(emu.current), {})).toBe('console');
    expect(lastCode(emu.current)).toBeUndefined();
  });

  it('Huawei / Nova: the Origin’s scheme must be the console URL’s (an https page on an http console)', async () => {
    const origin = `https://127.0.0.1:${emu.current.port}`;
    expect(await attempt(await huaweiSocket(emu.current), { Origin: origin })).toBe('dropped');
    expect(lastCode(emu.current)).toBe('OriginMismatch');
  });

  it('Huawei / Nova: the token is judged first, as Nova does (a bad token from a foreign page is InvalidToken)', async () => {
    const socket = `${wsBase(emu.current)}/websockify?token=00000000-0000-4000-8000-000000000000`;
    expect(await attempt(socket, { Origin: 'http://evil.example' })).toBe('dropped');
    expect(lastCode(emu.current)).toBe('InvalidToken');
  });

  it('Alibaba and HPC (websockify): any Origin is accepted', async () => {
    const foreign = { Origin: 'https://portal.example' };
    const vnc = aliyunSocketUrl(await aliyunVncUrl(emu.current));
    expect(await attempt(vnc, foreign, aliyun.password)).toBe('console');
    const launch = hpcSocketUrl(emu.current, await hpcLaunchUrl(emu.current));
    expect(await attempt(launch, foreign, hpc.password)).toBe('console');
  });

  describe('behind a TLS proxy (--public-url https://…)', () => {
    const proxied = useEmulator({ clock: clock(), publicUrl: 'https://console.example.test' });
    const through = (origin: string, proto?: string) => ({
      Host: 'console.example.test',
      Origin: origin,
      ...(proto ? { 'X-Forwarded-Proto': proto } : {}),
    });

    it('an https page passes; X-Forwarded-Proto stands for the scheme the browser used', async () => {
      const https = 'https://console.example.test';
      expect(await attempt(await huaweiSocket(proxied.current), through(https))).toBe('console');
      expect(await attempt(await huaweiSocket(proxied.current), through(https, 'https'))).toBe('console');
      expect(await attempt(await huaweiSocket(proxied.current), through(https, 'http'))).toBe('dropped');
      expect(await attempt(await huaweiSocket(proxied.current), through('http://console.example.test'))).toBe(
        'dropped',
      );
    });
  });
});
