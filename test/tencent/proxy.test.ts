import { describe, expect, it } from 'vitest';
import { TencentClient } from '../../client/tencent.ts';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import { createClock } from '../../emulator/clock.ts';
import { RfbClient } from '../console/rfb-client.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, IDS } from './wire.ts';

/**
 * Tencent's VNC proxy over a real websocket: a URL opens one connection within its 15 s, and more than
 * `consoleConnectionsPerMinute` connections a minute to one instance (30 by default; 2 here) are refused. A
 * refused URL's socket is accepted and dropped (1006), as the other proxies do.
 */
describe('Tencent console proxy', () => {
  const emu = useEmulator({
    clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }),
    scenario: { tencent: { ...tencentDemo, settings: { consoleConnectionsPerMinute: 2 } } },
  });
  const socketUrl = async () =>
    (
      await new TencentClient({ baseUrl: emu.current.url, ...DEMO }).describeInstanceVncUrl({
        instanceId: IDS.running,
      })
    ).webSocketUrl;
  const connects = () =>
    emu.current.emulator.journal
      .list({ provider: 'tencent', operation: 'consoleConnect' })
      .map((e) => e.code ?? null);
  const open = async (url: string, accepted: boolean) => {
    const ws = await RfbClient.open(url);
    if (accepted) {
      const init = await ws.handshake({});
      expect(init.name).toBe(IDS.running);
      ws.close();
    } else {
      expect(await ws.closed).toEqual({ code: 1006, reason: '' });
    }
  };

  it('opens a URL once; a second time is TokenUsed, after 15 s unused InvalidToken', async () => {
    const url = await socketUrl();
    await open(url, true);
    await open(url, false);
    const late = await socketUrl();
    emu.current.emulator.clock.advance('15s');
    await open(late, false);
    expect(connects()).toEqual([null, 'TokenUsed', 'InvalidToken']);
  });

  it('drops a connection past the per-minute limit before spending its URL', async () => {
    emu.current.emulator.clock.advance('60s');
    await open(await socketUrl(), true);
    await open(await socketUrl(), true);
    emu.current.emulator.clock.advance('50s');
    const third = await socketUrl();
    await open(third, false);
    expect(connects().at(-1)).toBe('RateLimited');
    // 61 s after the first two, 11 s into the third URL's 15 s.
    emu.current.emulator.clock.advance('11s');
    await open(third, true);
  });
});
