/**
 * Memory growth, run in its own process with --expose-gc by bench/run.ts: issues N console URLs in-process
 * (`emulator.fetch`, a third each from Huawei with an IAM token, Alibaba with a V1 signature, HPC with a
 * token) while the emulator clock moves 1 ms per URL (1,000 URLs a second of emulator time), then lets every
 * token, nonce and journal entry expire and measures the heap against the start. Prints one JSON result line.
 * The clients' clock moves with it: the emulator is given that simulated time as its real time, which judges
 * signed timestamps and keeps Alibaba's nonces (emulator/clock.ts), so they age at the same pace.
 */
import { huaweiDemoCredentials } from '../contracts/huawei/demo.ts';
import { createEmulator, type Emulator } from '../emulator/app.ts';
import { createClock } from '../emulator/clock.ts';
import { demoCredentials, signedAliyun } from './requests.ts';

export interface MemoryResult {
  urls: number;
  seconds: number;
  /** MiB after a full GC: at start (demo loaded, warmed up), after issuing, after expiry. */
  heapStart: number;
  heapIssued: number;
  heapExpired: number;
  rssStart: number;
  rssIssued: number;
  rssExpired: number;
  /** Live tokens and nonces when the last URL was issued, and after expiry. */
  liveIssued: number;
  liveExpired: number;
  journal: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
function measure(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc?.();
  const usage = process.memoryUsage();
  return { heap: mib(usage.heapUsed), rss: mib(usage.rss) };
}

const ORIGIN = 'http://127.0.0.1:9400';
const HUAWEI_CONSOLES = `${ORIGIN}/v2.1/${huaweiDemoCredentials.projectId}/servers/${huaweiDemoCredentials.servers.active}/remote-consoles`;
const HPC_LAUNCH = `${ORIGIN}/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl`;

const live = (emulator: Emulator) => {
  const { huawei, aliyun, hpc } = emulator.state;
  return (
    (huawei?.consoleTokens.size ?? 0) +
    (aliyun?.vncTokens.size ?? 0) +
    (aliyun?.nonces.size ?? 0) +
    (hpc?.launchTokens.size ?? 0)
  );
};

async function run(urls: number): Promise<MemoryResult> {
  let clientTime = Date.parse('2026-03-02T04:00:00.000Z');
  const clock = createClock({ start: clientTime, frozen: true, wall: () => clientTime });
  const elapse = (ms: number) => {
    clientTime += ms;
    clock.advance(ms);
  };
  const emulator = createEmulator({ clock });
  const { iam, hpc } = await demoCredentials((request) => emulator.fetch(request), ORIGIN);
  let n = 0;
  const issue = async () => {
    const kind = n % 3;
    const request =
      kind === 0
        ? new Request(HUAWEI_CONSOLES, {
            method: 'POST',
            headers: {
              'x-auth-token': iam,
              'x-openstack-nova-api-version': '2.6',
              'content-type': 'application/json',
            },
            body: '{"remote_console":{"protocol":"vnc","type":"novnc"}}',
          })
        : kind === 1
          ? new Request(`${ORIGIN}${signedAliyun('aliyun-v1', ORIGIN, `memory-${n}`, clientTime).path}`)
          : new Request(HPC_LAUNCH, { headers: { token: hpc } });
    const response = await emulator.fetch(request);
    if (response.status !== 200) throw new Error(`URL ${n}: ${response.status} ${await response.text()}`);
    const body = await response.text();
    if (kind === 2 && !body.includes('"code":"0"')) throw new Error(`URL ${n}: ${body}`);
    n++;
    elapse(1);
  };
  // Warm up (JIT, lazily built structures), then let the warm-up's tokens expire before the baseline.
  for (let i = 0; i < 3000; i++) await issue();
  elapse(2 * 3_600_000);
  for (let i = 0; i < 3; i++) await issue();
  const start = measure();
  const started = performance.now();
  for (let i = 0; i < urls; i++) await issue();
  const seconds = (performance.now() - started) / 1000;
  const liveIssued = live(emulator);
  const issued = measure();
  // Every token and nonce is now past its expiry; the next requests sweep them (lazily, as in real use).
  elapse(2 * 3_600_000);
  for (let i = 0; i < 3; i++) await issue();
  const expired = measure();
  return {
    urls,
    seconds,
    heapStart: start.heap,
    heapIssued: issued.heap,
    heapExpired: expired.heap,
    rssStart: start.rss,
    rssIssued: issued.rss,
    rssExpired: expired.rss,
    liveIssued,
    liveExpired: live(emulator),
    journal: emulator.journal.list().length,
  };
}

process.stdout.write(`${JSON.stringify(await run(Number(process.argv[2] ?? 1_000_000)))}\n`);
