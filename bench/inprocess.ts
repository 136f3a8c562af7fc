/**
 * In-process overhead, run in its own process by bench/run.ts: the same console-URL call (HPC launch URL with
 * a token) either through `emulator.fetch(new Request(…))` directly, or through the global `fetch`
 * intercepted by MSW's `setupServer` with the emulator's handlers (`console-emulator/msw`). One way per
 * process, so neither pays for the other's garbage (an MSW call leaves ~15 times a direct call's); run.ts
 * alternates the two. Prints one JSON result line.
 */
import { setupServer } from 'msw/node';
import { createMswHandlers } from '../emulator/msw.ts';

export type InProcessWay = 'direct' | 'msw';

export interface InProcessResult {
  way: InProcessWay;
  requests: number;
  /** Microseconds per request. */
  us: number;
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

async function run(way: InProcessWay, n: number): Promise<InProcessResult> {
  const { handlers, emulator } = createMswHandlers();
  const tokens = await emulator.fetch(
    new Request(`${HOST}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: { user: 'demo', password: 'demo-password', orgId: 'demo-org' },
    }),
  );
  const regions = ((await tokens.json()) as { data: Array<{ clusterId: string; token: string }> }).data;
  const token = regions.find((r) => r.clusterId === '11112')?.token ?? '';
  let call = () => emulator.fetch(new Request(LAUNCH, { headers: { token } }));
  const server = setupServer(...handlers);
  if (way === 'msw') {
    server.listen({ onUnhandledRequest: 'error' });
    call = () => fetch(LAUNCH, { headers: { token } });
  }
  try {
    await time(2000, call);
    return { way, requests: n, us: await time(n, call) };
  } finally {
    server.close();
  }
}

const [way, requests] = process.argv.slice(2);
if (way !== 'direct' && way !== 'msw') throw new Error('usage: bench/inprocess.ts direct|msw [requests]');
process.stdout.write(`${JSON.stringify(await run(way, Number(requests ?? 20_000)))}\n`);
