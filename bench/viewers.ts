/**
 * Live-console load, run by bench/run.ts in processes of its own.
 *
 * The live job (`kind: 'live'`) is N noVNC-style websocket viewers of one Huawei server, or spread over many
 * servers it first adds through the control API. It fetches one console URL per viewer (Huawei's tokens are
 * one-time), hands them to several worker processes (one process reading thousands of sockets would measure
 * itself, not the server), which open them and read the first full frame, then keep asking for incremental
 * updates while a driver moves the pointer on the first server at 30 Hz. It samples the server's RSS from
 * `/proc` meanwhile and prints one JSON result line.
 *
 * With `kind: 'stalled'`, the job is instead N viewers that never read (their sockets paused) asking for full
 * Raw frames ten times a second, beside one viewer that reads and a probe timing plain HTTP requests; then it
 * waits for the server to drop the stalled ones.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

interface Account {
  url: string;
  iamToken: string;
  projectId: string;
  serverId: string;
}

export interface LiveJob extends Account {
  kind: 'live';
  /** The server process, whose RSS is sampled. */
  pid: number;
  viewers: number;
  /** Servers the viewers are spread over: the job's server and `servers - 1` it adds. */
  servers: number;
  seconds: number;
  /** Every how many viewers one asks for Raw (the others for Zlib, as noVNC does). */
  rawEvery: number;
}

export interface StalledJob extends Account {
  kind: 'stalled';
  viewers: number;
  seconds: number;
  /** How long to wait, after the stalled viewers stop asking, for the server to drop them. */
  dropTimeoutSeconds: number;
}

/** One worker process's share: websocket URLs to open and read. */
interface WorkerJob {
  kind: 'worker';
  sockets: string[];
  rawEvery: number;
}

export interface StalledResult {
  /** Stalled viewers connected. */
  connected: number;
  /** Full Raw frames they asked for (3 MiB each). */
  framesAsked: number;
  /** Updates per second the reading viewer got meanwhile (the pointer moves at 30 Hz). */
  readerUpdatesPerSecond: number;
  /** A console page fetched every 100 ms meanwhile: median and worst answer time, ms. */
  httpP50Ms: number;
  httpMaxMs: number;
  /** Seconds from the last request of the stalled viewers until the server had dropped all of them. */
  droppedAfterSeconds: number;
  /** Stalled viewers still connected at the end (0 when the server dropped them all). */
  remaining: number;
}

export interface LiveResult {
  viewers: number;
  servers: number;
  connected: number;
  failures: number;
  /** From the first websocket opened to the last first full frame read, ms. */
  connectMs: number;
  /** Viewers connected per second over `connectMs`. */
  connectRate: number;
  /** One viewer's time from opening its websocket to reading its first full frame: median and worst, ms. */
  firstFrameP50Ms: number;
  firstFrameMaxMs: number;
  updatesPerSecond: number;
  perViewerP50: number;
  perViewerMin: number;
  bytesPerSecond: number;
  /** Server RSS (MiB): before the viewers connect, once all are connected, and the peak of the whole run. */
  rssBefore: number;
  rssConnected: number;
  rssPeak: number;
}

/** What a worker reports once its viewers are open, and again when its measuring window ends. */
interface WorkerOpened {
  connected: number;
  failures: number;
  /** Epoch ms of its first websocket and of its last first frame. */
  firstStart: number;
  lastReady: number;
  firstFrameMs: number[];
}
interface WorkerCounted {
  updates: number[];
  bytes: number;
  elapsed: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Viewers one worker process reads. */
const PER_WORKER = 1250;
/** Websockets each worker has opening at once. */
const OPENING = 50;

/** One RFB viewer: reads exactly what the server sends, asks for the next update after each one. */
class Viewer {
  /** Received and not read yet: chunks, joined only as far as a read needs (a Raw frame is 3 MiB). */
  #chunks: Buffer[] = [];
  #length = 0;
  #wake: (() => void) | undefined;
  updates = 0;
  bytes = 0;
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.#chunks.push(data);
      this.#length += data.length;
      this.#wake?.();
    });
    ws.on('close', () => {
      this.closed = true;
      this.#wake?.();
    });
  }

  static open(url: string): Promise<Viewer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, ['binary']);
      ws.once('error', reject);
      ws.once('open', () => resolve(new Viewer(ws)));
    });
  }

  async read(n: number): Promise<Buffer> {
    while (this.#length < n) {
      if (this.closed) throw new Error('closed');
      await new Promise<void>((wake) => {
        this.#wake = wake;
      });
    }
    let first = this.#chunks[0] as Buffer;
    if (first.length < n) {
      let joined = 0;
      let count = 0;
      while (joined < n) joined += (this.#chunks[count++] as Buffer).length;
      first = Buffer.concat(this.#chunks.splice(0, count));
      this.#chunks.unshift(first);
    }
    this.#length -= n;
    if (first.length === n) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    return first.subarray(0, n);
  }

  /** Skips `n` bytes without joining them. */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.#length === 0) {
        if (this.closed) throw new Error('closed');
        await new Promise<void>((wake) => {
          this.#wake = wake;
        });
        continue;
      }
      const first = this.#chunks[0] as Buffer;
      const take = Math.min(left, first.length);
      if (take === first.length) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(take);
      this.#length -= take;
      left -= take;
    }
  }

  send(bytes: number[] | Buffer): void {
    this.ws.send(Buffer.from(bytes));
  }

  /** RFB 3.8 with security None, up to ServerInit. */
  async #greet(): Promise<void> {
    await this.read(12);
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.read(1))[0] as number;
    const types = [...(await this.read(count))];
    if (!types.includes(1)) throw new Error(`no None security: ${types}`);
    this.send([1]);
    if ((await this.read(4)).readUInt32BE(0) !== 0) throw new Error('security failed');
    this.send([1]);
    const init = await this.read(24);
    await this.read(init.readUInt32BE(20));
  }

  #setEncodings(encodings: number[]): void {
    const message = Buffer.alloc(4 + 4 * encodings.length);
    message.writeUInt8(2, 0);
    message.writeUInt16BE(encodings.length, 2);
    for (const [i, e] of encodings.entries()) message.writeInt32BE(e, 4 + 4 * i);
    this.send(message);
  }

  /**
   * The handshake, then what noVNC sends: its pixel format (32-bit true colour, red in the low byte) and its
   * encodings, here the preferred pixel encoding (Zlib or Raw), DesktopSize and compression level 2, noVNC's
   * default.
   */
  async handshake(encoding: 'zlib' | 'raw'): Promise<void> {
    await this.#greet();
    this.send([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0]);
    this.#setEncodings([...(encoding === 'zlib' ? [6, 0] : [0, 6]), -223, -254]);
  }

  /** The handshake with Raw as the only encoding, in the server's pixel format: the most bytes a frame can take. */
  async rawOnly(): Promise<void> {
    await this.#greet();
    this.#setEncodings([0]);
  }

  request(incremental: boolean): void {
    this.send([3, incremental ? 1 : 0, 0, 0, 0, 0, 4, 0, 3, 0]);
  }

  /** Reads one FramebufferUpdate (skipping other server messages). */
  async update(): Promise<void> {
    for (;;) {
      const type = (await this.read(1))[0];
      if (type === 0) break;
      if (type === 2) continue; // Bell
      if (type === 3) {
        const header = await this.read(7);
        await this.skip(header.readUInt32BE(3));
        continue;
      }
      throw new Error(`unexpected server message ${type}`);
    }
    const rects = (await this.read(3)).readUInt16BE(1);
    for (let i = 0; i < rects; i++) {
      const header = await this.read(12);
      const w = header.readUInt16BE(4);
      const h = header.readUInt16BE(6);
      const encoding = header.readInt32BE(8);
      if (encoding === 0) await this.skip(w * h * 4);
      else if (encoding === 6) await this.skip((await this.read(4)).readUInt32BE(0));
      else if (encoding < 0) continue;
      else throw new Error(`unexpected encoding ${encoding}`);
    }
    this.updates++;
  }
}

const socketUrl = (base: string, token: string) =>
  `${base.replace(/^http/, 'ws')}/websockify?token=${encodeURIComponent(token)}`;

async function consoleUrl(job: Account, serverId = job.serverId): Promise<string> {
  const response = await fetch(`${job.url}/v2.1/${job.projectId}/servers/${serverId}/remote-consoles`, {
    method: 'POST',
    headers: {
      'X-Auth-Token': job.iamToken,
      'X-OpenStack-Nova-API-Version': '2.6',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
  });
  if (response.status !== 200) throw new Error(`remote-consoles ${response.status}`);
  const url = new URL(((await response.json()) as { remote_console: { url: string } }).remote_console.url);
  return socketUrl(job.url, url.searchParams.get('token') ?? '');
}

async function openViewer(url: string, encoding: 'zlib' | 'raw' = 'zlib'): Promise<Viewer> {
  const viewer = await Viewer.open(url);
  await viewer.handshake(encoding);
  viewer.request(false);
  await viewer.update();
  return viewer;
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>) {
  const results: Array<PromiseSettledResult<R>> = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** Adds `count` running servers to the demo project through the control API; returns their ids. */
async function addServers(job: LiveJob, count: number): Promise<string[]> {
  const ids = Array.from(
    { length: count },
    (_, i) => `b0000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
  );
  const added = await pool(ids, 16, async (id, i) => {
    const response = await fetch(`${job.url}/__emulator/state/huawei/servers/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: `bench-${i + 1}`,
        projectId: job.projectId,
        status: 'ACTIVE',
        host: 'compute-bench',
      }),
    });
    if (response.status !== 201) throw new Error(`PUT server ${id}: ${response.status}`);
  });
  const failed = added.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return ids;
}

/** A worker process: writes JSON lines, reads `go` and `stop` lines. */
class Worker {
  readonly #child: ChildProcess;
  readonly #lines: AsyncIterator<string>;

  constructor(job: WorkerJob) {
    this.#child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(job)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    if (!this.#child.stdout) throw new Error('no worker stdout');
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }

  async next<T>(): Promise<T> {
    const line = await this.#lines.next();
    if (line.done) throw new Error('a viewer worker exited early');
    return JSON.parse(line.value) as T;
  }

  say(word: string): void {
    this.#child.stdin?.write(`${word}\n`);
  }
}

/** Open files the server may hold (its soft limit), from `/proc`. */
function openFilesLimit(pid: number): number {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const soft = /Max open files\s+(\S+)/.exec(limits)?.[1];
  return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

async function live(job: LiveJob): Promise<LiveResult> {
  // Each viewer is a socket of the server's; a limit below that would measure refusals, not viewers.
  const limit = openFilesLimit(job.pid);
  if (limit < job.viewers + 256)
    throw new Error(
      `the server may open ${limit} files, fewer than ${job.viewers} viewers need: raise \`ulimit -n\` (to ${job.viewers + 256} or more) in the shell that runs the bench`,
    );
  const servers = [job.serverId, ...(await addServers(job, job.servers - 1))];
  const sockets = (
    await pool(
      Array.from({ length: job.viewers }, (_, i) => servers[i % servers.length] as string),
      32,
      (serverId) => consoleUrl(job, serverId),
    )
  ).map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  const rssBefore = rssMiB(job.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMiB(job.pid));
  }, 250);
  try {
    const workers: Worker[] = [];
    for (let i = 0; i < sockets.length; i += PER_WORKER)
      workers.push(
        new Worker({ kind: 'worker', sockets: sockets.slice(i, i + PER_WORKER), rawEvery: job.rawEvery }),
      );
    const opened = await Promise.all(workers.map((w) => w.next<WorkerOpened>()));
    const rssConnected = rssMiB(job.pid);
    const driver = await openViewer(await consoleUrl(job));
    let x = 0;
    const moving = setInterval(() => {
      x = (x + 7) % 1000;
      driver.send([5, 0, x >> 8, x & 0xff, 1, 128]);
    }, 1000 / 30);
    let driving = true;
    // Drain the driver's own updates so the server is not held up by it.
    const drain = (async () => {
      while (driving) {
        driver.request(true);
        await driver.update();
      }
    })().catch(() => undefined);
    for (const w of workers) w.say('go');
    await sleep(job.seconds * 1000);
    for (const w of workers) w.say('stop');
    const counted = await Promise.all(workers.map((w) => w.next<WorkerCounted>()));
    driving = false;
    clearInterval(moving);
    driver.ws.terminate();
    await drain;

    const connectMs =
      Math.max(...opened.map((o) => o.lastReady)) - Math.min(...opened.map((o) => o.firstStart));
    const connected = opened.reduce((sum, o) => sum + o.connected, 0);
    const firstFrames = opened.flatMap((o) => o.firstFrameMs).sort((a, b) => a - b);
    const elapsed = Math.max(...counted.map((c) => c.elapsed));
    const counts = counted.flatMap((c) => c.updates.map((u) => u / elapsed)).sort((a, b) => a - b);
    return {
      viewers: job.viewers,
      servers: servers.length,
      connected,
      failures: opened.reduce((sum, o) => sum + o.failures, 0),
      connectMs,
      connectRate: connected / (connectMs / 1000),
      firstFrameP50Ms: firstFrames[Math.floor(firstFrames.length / 2)] ?? Number.NaN,
      firstFrameMaxMs: firstFrames.at(-1) ?? Number.NaN,
      updatesPerSecond: counts.reduce((sum, c) => sum + c, 0),
      perViewerP50: counts[Math.floor(counts.length / 2)] ?? 0,
      perViewerMin: counts[0] ?? 0,
      bytesPerSecond: counted.reduce((sum, c) => sum + c.bytes, 0) / elapsed,
      rssBefore,
      rssConnected,
      rssPeak: Math.max(rssPeak, rssMiB(job.pid)),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** A worker: opens its viewers, says so, counts updates between `go` and `stop`, says how many. */
async function worker(job: WorkerJob): Promise<void> {
  const firstStart = now();
  const firstFrameMs: number[] = [];
  const opened = await pool(job.sockets, OPENING, async (url, i) => {
    const started = now();
    const viewer = await openViewer(url, (i + 1) % job.rawEvery === 0 ? 'raw' : 'zlib');
    firstFrameMs.push(now() - started);
    return viewer;
  });
  const viewers = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const report: WorkerOpened = {
    connected: viewers.length,
    failures: opened.length - viewers.length,
    firstStart,
    lastReady: now(),
    firstFrameMs,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const commands = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  await commands.next();
  for (const viewer of viewers) {
    viewer.updates = 0;
    viewer.bytes = 0;
  }
  let stop = false;
  const loops = viewers.map(async (viewer) => {
    while (!stop) {
      viewer.request(true);
      await viewer.update();
    }
  });
  const counted = performance.now();
  await commands.next();
  stop = true;
  const elapsed = (performance.now() - counted) / 1000;
  const result: WorkerCounted = {
    updates: viewers.map((v) => v.updates),
    bytes: viewers.reduce((sum, v) => sum + v.bytes, 0),
    elapsed,
  };
  for (const viewer of viewers) viewer.ws.terminate();
  await Promise.allSettled(loops);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Live viewers of the job's server, as the control API's overview counts them. */
async function liveViewers(job: Account): Promise<number> {
  const response = await fetch(`${job.url}/__emulator/live/overview`);
  const overview = (await response.json()) as {
    viewers: Array<{ provider: string; resourceId: string; viewers: number }>;
  };
  return overview.viewers.find((v) => v.provider === 'huawei' && v.resourceId === job.serverId)?.viewers ?? 0;
}

async function stalled(job: StalledJob): Promise<StalledResult> {
  const reader = await openViewer(await consoleUrl(job));
  const driver = await openViewer(await consoleUrl(job));
  let x = 0;
  const moving = setInterval(() => {
    x = (x + 7) % 1000;
    driver.send([5, 0, x >> 8, x & 0xff, 1, 128]);
  }, 1000 / 30);
  let stop = false;
  const drain = (async () => {
    while (!stop) {
      driver.request(true);
      await driver.update();
    }
  })().catch(() => undefined);

  const stuck: Viewer[] = [];
  for (let i = 0; i < job.viewers; i++) {
    const viewer = await Viewer.open(await consoleUrl(job));
    await viewer.rawOnly();
    viewer.ws.pause();
    stuck.push(viewer);
  }
  let framesAsked = 0;
  const asking = setInterval(() => {
    for (const viewer of stuck) viewer.request(false);
    framesAsked += stuck.length;
  }, 100);
  const latencies: number[] = [];
  const probing = setInterval(() => {
    const started = performance.now();
    fetch(`${job.url}/vnc_auto.html`)
      .then((response) => response.arrayBuffer())
      .then(() => latencies.push(performance.now() - started))
      .catch(() => latencies.push(Number.POSITIVE_INFINITY));
  }, 100);
  reader.updates = 0;
  const reading = (async () => {
    while (!stop) {
      reader.request(true);
      await reader.update();
    }
  })().catch(() => undefined);
  const counted = performance.now();
  await sleep(job.seconds * 1000);
  clearInterval(asking);
  clearInterval(probing);
  const readerUpdatesPerSecond = reader.updates / ((performance.now() - counted) / 1000);

  // The stalled viewers are dropped once their sockets have taken nothing for the server's stalledViewerMs.
  const asked = performance.now();
  let remaining = (await liveViewers(job)) - 2;
  while (remaining > 0 && performance.now() - asked < job.dropTimeoutSeconds * 1000) {
    await sleep(250);
    remaining = (await liveViewers(job)) - 2;
  }
  const droppedAfterSeconds = (performance.now() - asked) / 1000;
  stop = true;
  clearInterval(moving);
  for (const viewer of [...stuck, reader, driver]) viewer.ws.terminate();
  await Promise.allSettled([drain, reading]);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    connected: stuck.length,
    framesAsked,
    readerUpdatesPerSecond,
    httpP50Ms: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    httpMaxMs: sorted.at(-1) ?? Number.NaN,
    droppedAfterSeconds,
    remaining,
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as LiveJob | StalledJob | WorkerJob;
if (job.kind === 'worker') await worker(job);
else {
  const result = job.kind === 'stalled' ? await stalled(job) : await live(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
