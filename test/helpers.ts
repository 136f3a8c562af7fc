import { afterAll, beforeAll } from 'vitest';
import { type ListenOptions, listen, type RunningEmulator } from '../emulator/server.ts';

/**
 * Starts a real emulator on 127.0.0.1 with a free port for the enclosing suite and stops it afterwards.
 * Read `.current` inside tests (it is set in `beforeAll`).
 */
export function useEmulator(options: ListenOptions = {}): { current: RunningEmulator } {
  const holder = {} as { current: RunningEmulator };
  beforeAll(async () => {
    holder.current = await listen({ host: '127.0.0.1', port: 0, ...options });
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}

/** Response headers as a plain object with lower-case names (what a test compares). */
export function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
}
