import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ListenOptions, RunningEmulator } from './server.ts';
import { listen } from './server.ts';

/**
 * One emulator per test file on 127.0.0.1 and a free port, reset before every test (state, fault rules,
 * journal, and the clock back to real time). Read `.current` inside tests.
 */
export function useConsoleEmulator(options: ListenOptions = {}): { readonly current: RunningEmulator } {
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await listen({ host: '127.0.0.1', port: 0, ...options });
  });
  beforeEach(() => {
    running?.emulator.reset();
    running?.emulator.journal.clear();
    running?.emulator.clock.reset();
  });
  afterAll(async () => {
    await running?.close();
  });
  return {
    get current(): RunningEmulator {
      if (!running) throw new Error('the emulator starts in beforeAll: read .current inside a test or hook');
      return running;
    },
  };
}
