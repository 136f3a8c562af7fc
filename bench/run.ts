/**
 * `npm run bench`: every figure of BENCHMARKS.md, side by side with a bare `node:http` baseline in the same
 * run, printed as Markdown tables. Servers, load generator and measurements each run in their own process.
 * The throughput table has WireMock and Prism beside them (bench/peers.ts installs them on first use).
 *
 * Settings (environment): BENCH_DURATION (s per throughput run, 5), BENCH_CONNECTIONS (16),
 * BENCH_COLD_RUNS (7), BENCH_URLS (1000000), BENCH_VIEWERS (5000, of one server), BENCH_VIEWER_SERVERS (500
 * viewers of as many servers), BENCH_VIEWER_SECONDS (10), BENCH_MSW_REQUESTS (20000), BENCH_STALLED (50), BENCH_STALLED_SECONDS (10), BENCH_ONLY (comma-separated parts
 * to run: cold, throughput, viewers, stalled, inprocess, memory; all when unset).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { huaweiDemoCredentials } from '../contracts/huawei/demo.ts';
import { signRequest } from '../contracts/huawei/signer.ts';
import type { InProcessResult, InProcessWay } from './inprocess.ts';
import type { LoadJob, LoadResult } from './load.ts';
import type { MemoryResult } from './memory.ts';
import {
  addWireMockStub,
  installPeers,
  masked,
  type PeerProcess,
  type SampleAnswer,
  startPrism,
  startWireMock,
} from './peers.ts';
import { demoCredentials, type LoadRequest, signedAliyun } from './requests.ts';
import type { LiveJob, LiveResult, StalledJob, StalledResult } from './viewers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DURATION = setting('BENCH_DURATION', 5);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 16);
const COLD_RUNS = setting('BENCH_COLD_RUNS', 7);
const URLS = setting('BENCH_URLS', 1_000_000);
const VIEWERS = setting('BENCH_VIEWERS', 5000);
const VIEWER_SERVERS = setting('BENCH_VIEWER_SERVERS', 500);
const VIEWER_SECONDS = setting('BENCH_VIEWER_SECONDS', 10);
const MSW_REQUESTS = setting('BENCH_MSW_REQUESTS', 20_000);
const IN_PROCESS_ROUNDS = 3;
const STALLED = setting('BENCH_STALLED', 50);
const STALLED_SECONDS = setting('BENCH_STALLED_SECONDS', 10);
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const runs = (part: string) => ONLY === undefined || ONLY.includes(part);

const TSX = ['--import', 'tsx'];
const BIN = ['bin/console-emulator.js'];
const BASELINE = ['bench/baseline.mjs'];
/** The emulator's framework (Hono on @hono/node-server) answering the same bytes with no work of its own. */
const FLOOR = ['bench/hono-floor.mjs'];
const HUAWEI = {
  projectId: huaweiDemoCredentials.projectId,
  serverId: huaweiDemoCredentials.servers.active,
  accessKeyId: huaweiDemoCredentials.accessKeyId,
  secretAccessKey: huaweiDemoCredentials.secretAccessKey,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  url: string;
  child: ChildProcess;
}

/** Starts a server process and resolves with its URL once it prints `listening on URL`. */
function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 30 s`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ url: match[1], child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a measuring process and parses the JSON line it prints. */
function measure<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as T);
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const fixed = (value: number, digits = 0) => value.toFixed(digits);
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

// --- Cold start ---

/**
 * CPU time (ms) a process's threads have run so far, from the kernel's scheduler statistics (ns); NaN where
 * there are none (not Linux). Unlike the time to an answer, it barely depends on what else the machine runs.
 */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

/**
 * Spawn to the first 200 of a signed DescribeInstanceVncUrl (V1, one request, no token round trip): the time
 * it took, and the CPU time the server had used by then.
 */
async function coldStart(
  command: (port: number) => { args: string[]; env?: Record<string, string> },
): Promise<{ ms: number; cpu: number }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { args, env = {} } = command(port);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  try {
    for (let attempt = 0; ; attempt++) {
      const request = signedAliyun('aliyun-v1', origin, `cold-${port}-${attempt}`);
      const answered = await fetch(`${origin}${request.path}`).then(
        async (response) => response.status === 200 && (await response.text()).includes('VncUrl'),
        () => false,
      );
      if (answered) return { ms: performance.now() - started, cpu: cpuMs(child.pid) };
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - started > 30_000) throw new Error(`${args.join(' ')}: no answer in 30 s`);
      await sleep(2);
    }
  } finally {
    await stop(child);
  }
}

async function coldStarts() {
  // The first fetch of a process loads undici: pay it before the clock matters.
  await fetch('http://127.0.0.1:9/').catch(() => undefined);
  const sample = JSON.stringify({
    RequestId: '00000000-0000-0000-0000-000000000000',
    VncUrl: 'ws%3A%2F%2F…',
  });
  const withPort =
    (args: string[], env: Record<string, string> = {}) =>
    (port: number) => ({ args: [...args, '--port', String(port)], env });
  const variants = [
    {
      name: 'bare `node:http` (bench/baseline.mjs)',
      command: (port: number) => ({
        args: BASELINE,
        env: { BASELINE_PORT: String(port), BASELINE_BODY: sample },
      }),
    },
    { name: '`console-emulator` (bin: prebuilt bundle, code cache)', command: withPort(BIN) },
    {
      name: 'the bin through tsx (fallback, `CONSOLE_EMULATOR_TSX=1`)',
      command: withPort(BIN, { CONSOLE_EMULATOR_TSX: '1' }),
    },
  ];
  // One unmeasured start each, as after `npm install` (whose `prepare` builds the bin's bundle) a user's first
  // start: the bin writes its V8 code cache (and rebuilds the bundle first if a source changed since), tsx
  // fills its transform cache.
  for (const variant of variants) await coldStart(variant.command);
  const times = new Map<string, Array<{ ms: number; cpu: number }>>(variants.map((v) => [v.name, []]));
  // Interleaved, so a noisy moment of the machine hits every variant alike.
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const variant of variants) times.get(variant.name)?.push(await coldStart(variant.command));
  }
  const of = (name: string | undefined) => times.get(name ?? '') ?? [];
  const base = median(of(variants[0]?.name).map((t) => t.ms));
  const baseCpu = median(of(variants[0]?.name).map((t) => t.cpu));
  return variants.map((v) => {
    const ms = of(v.name).map((t) => t.ms);
    const cpu = median(of(v.name).map((t) => t.cpu));
    return {
      name: v.name,
      median: median(ms),
      min: Math.min(...ms),
      ratio: median(ms) / base,
      cpu,
      cpuRatio: cpu / baseCpu,
    };
  });
}

// --- Throughput ---

interface Case {
  name: string;
  target: number;
  kind: LoadJob['kind'];
  request: LoadRequest;
  /** The OpenAPI document Prism mocks for this case; Prism routes by path alone, so none for Alibaba's RPC. */
  prism?: string;
}

function cases(url: string, iam: string, hpc: string): Case[] {
  const consoleBody = JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } });
  const nativePath = `/v1/${HUAWEI.projectId}/cloudservers/${HUAWEI.serverId}/remote_console`;
  const placeholder = { method: 'GET', path: '/', headers: {} };
  return [
    {
      name: 'Huawei remote-consoles, IAM token',
      target: 0.6,
      kind: 'fixed',
      request: {
        method: 'POST',
        path: `/v2.1/${HUAWEI.projectId}/servers/${HUAWEI.serverId}/remote-consoles`,
        headers: {
          'X-Auth-Token': iam,
          'X-OpenStack-Nova-API-Version': '2.6',
          'Content-Type': 'application/json',
        },
        body: consoleBody,
      },
      prism: 'openapi/huawei.json',
    },
    {
      name: 'HPC launchurl, token',
      target: 0.6,
      kind: 'fixed',
      request: {
        method: 'GET',
        path: '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl',
        headers: { token: hpc },
      },
      prism: 'openapi/hpc.json',
    },
    {
      name: 'Huawei native remote_console, AK/SK',
      target: 0.4,
      kind: 'fixed',
      request: {
        method: 'POST',
        path: nativePath,
        // No nonce in SDK-HMAC-SHA256: one signed request may be replayed while X-Sdk-Date is fresh (15 min).
        headers: signRequest(
          {
            method: 'POST',
            url: `${url}${nativePath}`,
            headers: { 'content-type': 'application/json' },
            body: consoleBody,
          },
          HUAWEI,
          Date.now(),
        ),
        body: consoleBody,
      },
      prism: 'openapi/huawei.json',
    },
    {
      name: 'Alibaba DescribeInstanceVncUrl, V3 signature',
      target: 0.4,
      kind: 'aliyun-v3',
      request: placeholder,
    },
    {
      name: 'Alibaba DescribeInstanceVncUrl, V1 signature',
      target: 0.4,
      kind: 'aliyun-v1',
      request: placeholder,
    },
  ];
}

/** One answer of `url` to this case (the emulator's, so the baseline can answer the very same bytes). */
async function sampleAnswer(url: string, c: Case): Promise<SampleAnswer & { status: number; type: string }> {
  const request = c.kind === 'fixed' ? c.request : signedAliyun(c.kind, url, `sample-${Date.now()}`);
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body ? { body: request.body } : {}),
  });
  const body = await response.text();
  return {
    status: response.status,
    body,
    headers: Object.fromEntries(response.headers),
    type: response.headers.get('content-type') ?? 'application/json',
  };
}

const load = (url: string, c: Case, warmup = 1) =>
  measure<LoadResult>([
    ...TSX,
    'bench/load.ts',
    JSON.stringify({
      url,
      duration: DURATION,
      warmup,
      connections: CONNECTIONS,
      kind: c.kind,
      request: c.request,
      pool: (DURATION + 1) * 40_000,
    } satisfies LoadJob),
  ]);

/** A peer's figure for one case, or why it has none. */
type PeerFigure = LoadResult | { missing: string };
/**
 * The JVM compiles WireMock's request path as it serves, so it gets a longer warm-up than the Node servers:
 * 15 s before its first case (here its throughput was still climbing after 8 s under load), 3 s before each
 * other (the same path with another stub).
 */
const WIREMOCK_WARMUP = { first: 15, next: 3 };

/** WireMock answering this case with a templated stub of the emulator's answer, checked before it is loaded. */
async function wiremockFigure(
  wiremock: PeerProcess | { missing: string },
  c: Case,
  answer: SampleAnswer,
  warmup: number,
): Promise<PeerFigure> {
  if (!('url' in wiremock)) return wiremock;
  const request = c.kind === 'fixed' ? c.request : signedAliyun(c.kind, wiremock.url, `stub-${Date.now()}`);
  await addWireMockStub(wiremock, request, answer);
  const stubbed = await sampleAnswer(wiremock.url, c);
  if (stubbed.status !== 200 || masked(stubbed.body) !== masked(answer.body)) {
    const missing = `its stub answered ${stubbed.status} ${stubbed.body.slice(0, 200)}`;
    log(`WireMock left out of ${c.name}: ${missing}`);
    return { missing };
  }
  return load(wiremock.url, c, warmup);
}

/** Prism mocking the case's OpenAPI document, started for this case alone. */
async function prismFigure(cli: string | { missing: string }, c: Case): Promise<PeerFigure> {
  if (typeof cli !== 'string') return cli;
  if (c.prism === undefined) return { missing: 'Prism routes by path alone' };
  const started = await startPrism(cli, c.prism, await freePort()).catch((error: Error) => ({
    missing: error.message,
  }));
  if (!('url' in started)) {
    log(`Prism left out of ${c.name}: ${started.missing}`);
    return started;
  }
  const prism = started;
  try {
    return await load(prism.url, c);
  } finally {
    await stop(prism.child);
  }
}

/**
 * The throughput table. Each case gets a fresh emulator, as it gets a fresh baseline: what one case leaves
 * behind (the ~100,000 console tokens a Nova run issues live 10 minutes) is not the next case's cost. The
 * emulator, the baseline and the floor are loaded one after the other with nothing else running; the peers
 * come after every case, so no JVM (whose GC and compiler threads share the 2 cores) runs beside them.
 */
async function throughput() {
  const measured = [];
  // The cases are made per emulator (its URL is signed into the AK/SK request, its tokens are its own).
  for (let index = 0, count = 1; index < count; index++) {
    const emulator = await startServer([...BIN, '--port', '0']);
    try {
      const { iam, hpc } = await demoCredentials((request) => fetch(request), emulator.url);
      const all = cases(emulator.url, iam, hpc);
      count = all.length;
      const c = all[index] as Case;
      log(`throughput: ${c.name}`);
      const answer = await sampleAnswer(emulator.url, c);
      if (answer.status !== 200) throw new Error(`${c.name}: ${answer.status} ${answer.body}`);
      const same = { BASELINE_BODY: answer.body, BASELINE_CONTENT_TYPE: answer.type };
      const baseline = await startServer(BASELINE, same);
      const floor = await startServer(FLOOR, same);
      try {
        const bare = await load(baseline.url, c);
        const framework = await load(floor.url, c);
        const emulated = await load(emulator.url, c);
        measured.push({ c, answer, bare, framework, emulated });
      } finally {
        await Promise.all([stop(baseline.child), stop(floor.child)]);
      }
    } finally {
      await stop(emulator.child);
    }
  }

  const peers = installPeers(ROOT, log);
  const wiremockRoot = mkdtempSync(join(tmpdir(), 'bench-wiremock-'));
  const wiremock =
    typeof peers.wiremockJar === 'string'
      ? await startWireMock(peers.wiremockJar, await freePort(), wiremockRoot).catch((error: Error) => ({
          missing: error.message,
        }))
      : peers.wiremockJar;
  if (!('url' in wiremock)) log(`WireMock left out: ${wiremock.missing}`);
  if (typeof peers.prismCli !== 'string') log(`Prism left out: ${peers.prismCli.missing}`);
  const wiremockFigures: PeerFigure[] = [];
  try {
    for (const { c, answer } of measured) {
      log(`throughput, WireMock: ${c.name}`);
      const warmup = wiremockFigures.length === 0 ? WIREMOCK_WARMUP.first : WIREMOCK_WARMUP.next;
      wiremockFigures.push(await wiremockFigure(wiremock, c, answer, warmup));
    }
  } finally {
    if ('url' in wiremock) await stop(wiremock.child);
    rmSync(wiremockRoot, { recursive: true, force: true });
  }
  const rows = [];
  for (const [i, { c, bare, framework, emulated }] of measured.entries()) {
    log(`throughput, Prism: ${c.name}`);
    rows.push({
      name: c.name,
      target: c.target,
      bare,
      framework,
      emulated,
      ratio: emulated.rps / bare.rps,
      wiremock: wiremockFigures[i] ?? { missing: 'not run' },
      prism: await prismFigure(peers.prismCli, c),
    });
  }
  return rows;
}

/** A peer's req/s for the table: a dash when it has none, its non-2xx answers when it gave any. */
const peerCell = (figure: PeerFigure) =>
  'missing' in figure
    ? '—'
    : `${fixed(figure.rps)}${figure.non2xx + figure.errors > 0 ? ` (${figure.non2xx + figure.errors} non-2xx/errors)` : ''}`;

// --- Live consoles ---

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/**
 * Live viewers on an emulator of their own (so its RSS is not what other parts left): `servers` 1 is every
 * viewer on one screen, more spreads them over as many servers.
 */
async function viewers(count: number, servers: number) {
  const emulator = await startServer([...BIN, '--port', '0']);
  try {
    const { iam } = await demoCredentials((request) => fetch(request), emulator.url);
    return await measure<LiveResult>([
      ...TSX,
      'bench/viewers.ts',
      JSON.stringify({
        kind: 'live',
        url: emulator.url,
        pid: emulator.child.pid ?? 0,
        viewers: count,
        servers,
        seconds: VIEWER_SECONDS,
        rawEvery: 10,
        iamToken: iam,
        projectId: HUAWEI.projectId,
        serverId: HUAWEI.serverId,
      } satisfies LiveJob),
    ]);
  } finally {
    await stop(emulator.child);
  }
}

/**
 * Viewers that never read, on an emulator of their own (so its RSS is not the 500 viewers' leftovers): RSS
 * before they connect, at its peak while they ask for frames, and once the server has dropped them.
 */
async function stalledViewers() {
  const emulator = await startServer([...BIN, '--port', '0']);
  try {
    const { iam } = await demoCredentials((request) => fetch(request), emulator.url);
    const before = rssMiB(emulator.child.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(emulator.child.pid));
    }, 100);
    try {
      const result = await measure<StalledResult>([
        ...TSX,
        'bench/viewers.ts',
        JSON.stringify({
          kind: 'stalled',
          url: emulator.url,
          viewers: STALLED,
          seconds: STALLED_SECONDS,
          iamToken: iam,
          projectId: HUAWEI.projectId,
          serverId: HUAWEI.serverId,
          dropTimeoutSeconds: 90,
        } satisfies StalledJob),
      ]);
      // A moment for the server to close the sockets the measuring process just left.
      await sleep(1_000);
      return { ...result, rssBefore: before, rssPeak: peak, rssAfter: rssMiB(emulator.child.pid) };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await stop(emulator.child);
  }
}

// --- Report ---

function machine(): string {
  const cpu = cpus();
  return [
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    `- memory: ${fixed(totalmem() / 1024 ** 3, 1)} GiB`,
    `- OS: ${type()} ${release()}`,
    `- Node.js ${process.version}`,
    `- settings: ${DURATION} s per throughput run after 1 s of warm-up, ${CONNECTIONS} connections (autocannon, its own process), ${COLD_RUNS} cold starts each`,
  ].join('\n');
}

async function main(): Promise<void> {
  const out: string[] = ['## Machine', '', machine(), ''];

  if (runs('cold')) {
    log('cold start');
    const cold = await coldStarts();
    out.push(
      '## Cold start (spawn → first 200 of a signed DescribeInstanceVncUrl)',
      '',
      '| server | median ms | min ms | vs bare Node | target ≤ 1.6× | CPU ms to the answer (median) | CPU vs bare Node |',
      '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
      ...cold.map(
        (c, i) =>
          `| ${c.name} | ${fixed(c.median)} | ${fixed(c.min)} | ${fixed(c.ratio, 2)}× | ${i === 1 ? (c.ratio <= 1.6 ? 'met' : 'NOT met') : '—'} | ${Number.isNaN(c.cpu) ? '—' : fixed(c.cpu)} | ${Number.isNaN(c.cpuRatio) ? '—' : `${fixed(c.cpuRatio, 2)}×`} |`,
      ),
      '',
    );
  }

  if (runs('throughput')) {
    const rows = await throughput();
    out.push(
      '## Throughput and latency (console-URL operations, real credentials)',
      '',
      '| operation | bare req/s | Hono floor req/s (ratio) | WireMock req/s | Prism req/s | emulator req/s | ratio | target | emulator ÷ WireMock | bare p50/p99 ms | emulator p50/p99 ms | non-2xx / errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${fixed(r.bare.rps)} | ${fixed(r.framework.rps)} (${percent(r.framework.rps / r.bare.rps)}) | ${peerCell(r.wiremock)} | ${peerCell(r.prism)} | ${fixed(r.emulated.rps)} | ${percent(r.ratio)} | ≥ ${percent(r.target)}: ${r.ratio >= r.target ? 'met' : 'NOT met'} | ${'missing' in r.wiremock ? '—' : `${fixed(r.emulated.rps / r.wiremock.rps, 2)}×`} | ${r.bare.p50}/${r.bare.p99} | ${r.emulated.p50}/${r.emulated.p99} | ${r.emulated.non2xx} / ${r.emulated.errors} |`,
      ),
      '',
    );
    const nova = rows[0];
    if (nova !== undefined) {
      const verdict =
        'missing' in nova.wiremock
          ? `not measured (WireMock left out: ${nova.wiremock.missing})`
          : `${fixed(nova.emulated.rps)} ÷ ${fixed(nova.wiremock.rps)} req/s = ${fixed(nova.emulated.rps / nova.wiremock.rps, 2)}×, target ≥ 2×: ${nova.emulated.rps >= 2 * nova.wiremock.rps ? 'met' : 'NOT met'}`;
      out.push(`Emulator vs WireMock on the same ${nova.name} request: ${verdict}.`, '');
      log(`emulator vs WireMock, ${nova.name}: ${verdict}`);
    }
  }

  if (runs('viewers')) {
    const rows = [];
    for (const [count, servers] of [
      [VIEWERS, 1],
      [VIEWER_SERVERS, VIEWER_SERVERS],
    ] as const) {
      log(`live consoles: ${count} viewers of ${servers} server(s)`);
      rows.push(await viewers(count, servers));
    }
    out.push(
      `## Live consoles (noVNC-style websocket viewers, 1 in 10 asking for Raw, the rest Zlib; a pointer driver at 30 Hz on the first server; ${VIEWER_SECONDS} s)`,
      '',
      '| viewers | servers | connected / failed | connect: all (s) | viewers/s | first frame p50 / max (ms) | updates/s, all viewers | per viewer p50 / min | MB/s sent | server RSS before → all connected → peak (MiB) | target |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...rows.map((r) => {
        const limit = r.servers === 1 ? 1536 : 1024;
        return `| ${r.viewers} | ${r.servers} | ${r.connected} / ${r.failures} | ${fixed(r.connectMs / 1000, 1)} | ${fixed(r.connectRate)} | ${fixed(r.firstFrameP50Ms)} / ${fixed(r.firstFrameMaxMs)} | ${fixed(r.updatesPerSecond)} | ${fixed(r.perViewerP50, 1)} / ${fixed(r.perViewerMin, 1)} | ${fixed(r.bytesPerSecond / 1e6, 1)} | ${fixed(r.rssBefore)} → ${fixed(r.rssConnected)} → ${fixed(r.rssPeak)} | ≤ ${limit} MiB: ${r.rssPeak <= limit && r.failures === 0 ? 'met' : 'NOT met'} |`;
      }),
      '',
    );
  }

  if (runs('stalled')) {
    log(`stalled viewers: ${STALLED} clients that never read`);
    const stalled = await stalledViewers();
    out.push(
      `## Viewers that never read (${stalled.connected} paused websockets asking for full Raw frames 10 times a second for ${STALLED_SECONDS} s, beside one reading viewer)`,
      '',
      '| frames asked (3 MiB each) | reader updates/s meanwhile | console page p50 / max ms meanwhile | all dropped after (s) | left connected | server RSS before → peak → after (MiB) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${stalled.framesAsked} | ${fixed(stalled.readerUpdatesPerSecond, 1)} | ${fixed(stalled.httpP50Ms, 1)} / ${fixed(stalled.httpMaxMs)} | ${fixed(stalled.droppedAfterSeconds, 1)} | ${stalled.remaining} | ${fixed(stalled.rssBefore)} → ${fixed(stalled.rssPeak)} → ${fixed(stalled.rssAfter)} |`,
      '',
    );
  }

  if (runs('inprocess')) {
    log(`in-process: ${MSW_REQUESTS} requests each way, ${IN_PROCESS_ROUNDS} processes each`);
    const us: Record<InProcessWay, number[]> = { direct: [], msw: [] };
    // Alternated, so a noisy moment of the machine hits both ways alike.
    for (let round = 0; round < IN_PROCESS_ROUNDS; round++) {
      for (const way of ['direct', 'msw'] as const) {
        const result = await measure<InProcessResult>([
          ...TSX,
          'bench/inprocess.ts',
          way,
          String(MSW_REQUESTS),
        ]);
        us[way].push(result.us);
      }
    }
    const direct = median(us.direct);
    const msw = median(us.msw);
    out.push(
      `## In-process (HPC launch URL, per request; median of ${IN_PROCESS_ROUNDS} processes each way)`,
      '',
      '| `emulator.fetch(new Request(…))` µs | target | global `fetch` through MSW µs | MSW overhead µs |',
      '| ---: | --- | ---: | ---: |',
      `| ${fixed(direct, 1)} | ≤ 20 µs: ${direct <= 20 ? 'met' : 'NOT met'} | ${fixed(msw)} | ${fixed(msw - direct)} |`,
      '',
    );
  }

  if (runs('memory')) {
    log(`memory: ${URLS} console URLs`);
    const memory = await measure<MemoryResult>(['--expose-gc', ...TSX, 'bench/memory.ts', String(URLS)]);
    const growth = memory.heapExpired / memory.heapStart - 1;
    out.push(
      `## Memory (${memory.urls.toLocaleString('en')} console URLs in ${fixed(memory.seconds)} s, then expired)`,
      '',
      '| | start | all issued | all expired | target |',
      '| --- | ---: | ---: | ---: | --- |',
      `| heap MiB (after full GC) | ${memory.heapStart} | ${memory.heapIssued} | ${memory.heapExpired} | within 10 % of start: ${growth <= 0.1 ? 'met' : 'NOT met'} (${growth >= 0 ? '+' : ''}${percent(growth)}) |`,
      `| RSS MiB | ${memory.rssStart} | ${memory.rssIssued} | ${memory.rssExpired} | — |`,
      `| live tokens + nonces | — | ${memory.liveIssued} | ${memory.liveExpired} | — |`,
      `| journal entries | — | — | ${memory.journal} | bounded (\`journalLimit\`) |`,
      '',
    );
  }

  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
