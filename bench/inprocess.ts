/**
 * In-process overhead, run in its own process by bench/run.ts: the same console-URL call (HPC launch URL with
 * a token) through `emulator.fetch(new Request(…))` directly, and through the global `fetch` intercepted by
 * MSW's `setupServer` with the emulator's handlers (`console-emulator/msw`). Prints one JSON result line.
 */
import { setupServer } from 'msw/node';
import { createMswHandlers } from '../emulator/msw.ts';

export interface InProcessResult {
  requests: number;
  /** Microseconds per request. */
  directUs: number;
  mswUs: number;
}

const HOST = 'https://scnet-demo.accloud.cn';
const LAUNCH = `${HOST}/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl`;

async function time(n: number, call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const response = await call();
    if (!(await response.text()).includes('"code":"0"')) throw new Error('launch URL failed');
  }
  return ((performance.now() - started) * 1000) / n;
}

async function run(n: number): Promise<InProcessResult> {
  const { handlers, emulator } = createMswHandlers();
  const tokens = await emulator.fetch(
    new Request(`${HOST}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: { user: 'demo', password: 'demo-password', orgId: 'demo-org' },
    }),
  );
  const regions = ((await tokens.json()) as { data: Array<{ clusterId: string; token: string }> }).data;
  const token = regions.find((r) => r.clusterId === '11112')?.token ?? '';
  const direct = () => emulator.fetch(new Request(LAUNCH, { headers: { token } }));
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const viaMsw = () => fetch(LAUNCH, { headers: { token } });
  // Warm both paths, then measure them alternately so drift hits both alike.
  await time(2000, direct);
  await time(2000, viaMsw);
  let directUs = 0;
  let mswUs = 0;
  for (let round = 0; round < 4; round++) {
    directUs += (await time(n / 4, direct)) / 4;
    mswUs += (await time(n / 4, viaMsw)) / 4;
  }
  server.close();
  return { requests: n, directUs, mswUs };
}

process.stdout.write(`${JSON.stringify(await run(Number(process.argv[2] ?? 20_000)))}\n`);
