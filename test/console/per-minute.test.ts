import { describe, expect, it } from 'vitest';
import { aliyunDemo } from '../../contracts/aliyun/demo.ts';
import { createClock } from '../../emulator/clock.ts';
import { demoScenario } from '../../emulator/scenario.ts';
import { useEmulator } from '../helpers.ts';
import { RfbClient } from './rfb-client.ts';
import { aliyun, aliyunSocketUrl, aliyunVncUrl } from './support.ts';

/**
 * Alibaba's proxy refuses more than `consoleConnectionsPerMinute` connections a minute to one instance (30 by
 * default; 2 here). The count lives in Alibaba's state, on the emulator clock.
 */
describe('Alibaba console connections per minute', () => {
  const emu = useEmulator({
    clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }),
    scenario: {
      ...demoScenario,
      aliyun: { ...aliyunDemo, settings: { ...aliyunDemo.settings, consoleConnectionsPerMinute: 2 } },
    },
  });
  const connects = () =>
    emu.current.emulator.journal
      .list({ provider: 'aliyun', operation: 'consoleConnect' })
      .map((e) => [e.status, e.code]);

  const open = async (vncUrl: string, accepted: boolean) => {
    const ws = await RfbClient.open(aliyunSocketUrl(vncUrl));
    if (accepted) {
      await ws.handshake({ password: aliyun.password });
      ws.close();
    } else {
      expect(await ws.closed).toEqual({ code: 1006, reason: '' });
    }
  };
  const vncUrl = () => aliyunVncUrl(emu.current);

  it('drops a connection past the limit before spending its URL, which opens once the minute has passed', async () => {
    await open(await vncUrl(), true);
    await open(await vncUrl(), true);
    emu.current.emulator.clock.advance('50s');
    const third = await vncUrl();
    await open(third, false);
    expect(connects()).toEqual([
      [101, undefined],
      [101, undefined],
      [101, 'RateLimited'],
    ]);
    // 61 s after the first two, 11 s into the third URL's 15 s.
    emu.current.emulator.clock.advance('11s');
    await open(third, true);
    expect(connects().at(-1)).toEqual([101, undefined]);
  });

  it('forgets the count with the rest of the state on reset', async () => {
    emu.current.emulator.clock.advance('60s');
    await open(await vncUrl(), true);
    await open(await vncUrl(), true);
    await open(await vncUrl(), false);
    expect(connects().at(-1)).toEqual([101, 'RateLimited']);
    emu.current.emulator.reset();
    await open(await vncUrl(), true);
    expect(connects().at(-1)).toEqual([101, undefined]);
  });
});
