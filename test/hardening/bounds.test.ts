import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/app.ts';
import { createClock } from '../../emulator/clock.ts';
import { type HpcModel, MAX_LAUNCH_TOKENS_PER_SESSION } from '../../emulator/providers/hpc/model.ts';

/**
 * State that would otherwise grow with the number of calls instead of with what is live (found by the memory
 * benchmark, BENCHMARKS.md). In-process: the transport does not matter here.
 */
const ORIGIN = 'http://127.0.0.1:9400';
const SESSION = 'gv101--demo--SIG--4';

describe('HPC launch tokens of one long-lived session', () => {
  it(`keeps the newest ${MAX_LAUNCH_TOKENS_PER_SESSION} and revokes older ones`, async () => {
    const emulator = createEmulator({
      clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }),
    });
    const tokens = await emulator.fetch(
      new Request(`${ORIGIN}/ac/openapi/v2/tokens`, {
        method: 'POST',
        headers: { user: 'demo', password: 'demo-password', orgId: 'demo-org' },
      }),
    );
    const regions = ((await tokens.json()) as { data: Array<{ clusterId: string; token: string }> }).data;
    const token = regions.find((r) => r.clusterId === '11112')?.token ?? '';
    const issued: string[] = [];
    for (let i = 0; i < MAX_LAUNCH_TOKENS_PER_SESSION + 50; i++) {
      const answer = await emulator.fetch(
        new Request(`${ORIGIN}/hpc/openapi/v2/desktop/vnc/${SESSION}/launchurl`, { headers: { token } }),
      );
      const { novncUrl } = ((await answer.json()) as { data: { novncUrl: string } }).data;
      issued.push(/token=([^&]+)/.exec(novncUrl)?.[1] ?? '');
    }
    const model = emulator.state.hpc as HpcModel;
    const ofSession = model.launchTokens.all().filter((t) => t.sessionId === SESSION);
    expect(ofSession).toHaveLength(MAX_LAUNCH_TOKENS_PER_SESSION);
    expect(model.launchTokens.get(issued[0] ?? '')).toBeUndefined();
    expect(model.launchTokens.get(issued.at(-1) ?? '')).toBeDefined();
    expect(model.launchTokens.get(issued.at(-MAX_LAUNCH_TOKENS_PER_SESSION) ?? '')).toBeDefined();

    // The bound survives a snapshot and restore.
    emulator.restore(emulator.snapshot());
    const again = await emulator.fetch(
      new Request(`${ORIGIN}/hpc/openapi/v2/desktop/vnc/${SESSION}/launchurl`, { headers: { token } }),
    );
    expect(again.status).toBe(200);
    expect(model.launchTokens.all().filter((t) => t.sessionId === SESSION)).toHaveLength(
      MAX_LAUNCH_TOKENS_PER_SESSION,
    );
  });
});
