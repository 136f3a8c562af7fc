/**
 * Live-console load, run in its own process by bench/run.ts: N websocket viewers of one Huawei server's
 * synthetic screen (one console URL each: Huawei's tokens are one-time), plus one driver that moves the
 * pointer at 30 Hz so the screen keeps changing. Each viewer speaks just enough RFB 3.8 to keep asking for
 * incremental updates; it counts FramebufferUpdates and bytes. Prints one JSON result line.
 *
 * With `stalled` set, the job is instead N viewers that never read (their sockets paused) asking for full Raw
 * frames ten times a second, beside one viewer that reads and a probe timing plain HTTP requests; then it
 * waits for the server to drop the stalled ones.
 */
import WebSocket from 'ws';

export interface ViewersJob {
  url: string;
  viewers: number;
  seconds: number;
  iamToken: string;
  projectId: string;
  serverId: string;
}

export interface StalledJob extends ViewersJob {
  stalled: true;
  /** How long to wait, after the stalled viewers stop asking, for the server to drop them. */
  dropTimeoutSeconds: number;
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

export interface ViewersResult {
  connected: number;
  /** Time to open every viewer (console URL, websocket, RFB handshake, first full frame), ms. */
  connectMs: number;
  updatesPerSecond: number;
  perViewerP50: number;
  perViewerMin: number;
  bytesPerSecond: number;
  failures: number;
}

/** One RFB viewer: reads exactly what the server sends, asks for the next update after each one. */
class Viewer {
  #buffer: Buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  updates = 0;
  bytes = 0;
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, data]) : data;
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
    while (this.#buffer.length < n) {
      if (this.closed) throw new Error('closed');
      await new Promise<void>((wake) => {
        this.#wake = wake;
      });
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  send(bytes: number[] | Buffer): void {
    this.ws.send(Buffer.from(bytes));
  }

  async handshake(): Promise<void> {
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
    // SetEncodings: Zlib then Raw (a full 1024x768 Raw frame is 3 MB; Zlib about 23 kB).
    this.send([2, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 0]);
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
        await this.read(header.readUInt32BE(3));
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
      if (encoding === 0) await this.read(w * h * 4);
      else if (encoding === 6) await this.read((await this.read(4)).readUInt32BE(0));
      else if (encoding < 0) continue;
      else throw new Error(`unexpected encoding ${encoding}`);
    }
    this.updates++;
  }
}

async function consoleUrl(job: ViewersJob): Promise<string> {
  const response = await fetch(`${job.url}/v2.1/${job.projectId}/servers/${job.serverId}/remote-consoles`, {
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
  return `${job.url.replace(/^http/, 'ws')}/websockify?token=${url.searchParams.get('token')}`;
}

async function openViewer(job: ViewersJob): Promise<Viewer> {
  const viewer = await Viewer.open(await consoleUrl(job));
  await viewer.handshake();
  viewer.request(false);
  await viewer.update();
  return viewer;
}

async function run(job: ViewersJob): Promise<ViewersResult> {
  let failures = 0;
  const started = performance.now();
  const viewers: Viewer[] = [];
  // Open in batches of 50: a browser fleet does not arrive in one instant either.
  for (let i = 0; i < job.viewers; i += 50) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(50, job.viewers - i) }, () => openViewer(job)),
    );
    for (const result of batch) {
      if (result.status === 'fulfilled') viewers.push(result.value);
      else failures++;
    }
  }
  const connectMs = performance.now() - started;
  const driver = await openViewer(job);
  let x = 0;
  const moving = setInterval(() => {
    x = (x + 7) % 1000;
    driver.send([5, 0, x >> 8, x & 0xff, 1, 128]);
  }, 1000 / 30);
  // Drain the driver's own updates so the server is not held up by it.
  const drain = (async () => {
    for (;;) {
      driver.request(true);
      await driver.update();
    }
  })().catch(() => undefined);

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
  await new Promise((resolve) => setTimeout(resolve, job.seconds * 1000));
  stop = true;
  const elapsed = (performance.now() - counted) / 1000;
  const counts = viewers.map((v) => v.updates / elapsed).sort((a, b) => a - b);
  const bytes = viewers.reduce((sum, v) => sum + v.bytes, 0);
  clearInterval(moving);
  for (const viewer of [...viewers, driver]) viewer.ws.terminate();
  await Promise.allSettled([...loops, drain]);
  return {
    connected: viewers.length,
    connectMs,
    updatesPerSecond: counts.reduce((sum, c) => sum + c, 0),
    perViewerP50: counts[Math.floor(counts.length / 2)] ?? 0,
    perViewerMin: counts[0] ?? 0,
    bytesPerSecond: bytes / elapsed,
    failures,
  };
}

/** Live viewers of the job's server, as the control API's overview counts them. */
async function liveViewers(job: ViewersJob): Promise<number> {
  const response = await fetch(`${job.url}/__emulator/live/overview`);
  const overview = (await response.json()) as {
    viewers: Array<{ provider: string; resourceId: string; viewers: number }>;
  };
  return overview.viewers.find((v) => v.provider === 'huawei' && v.resourceId === job.serverId)?.viewers ?? 0;
}

async function stalled(job: StalledJob): Promise<StalledResult> {
  const reader = await openViewer(job);
  const driver = await openViewer(job);
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
    await viewer.handshake();
    // SetEncodings Raw only: the most bytes per frame a client can ask for.
    viewer.send([2, 0, 0, 1, 0, 0, 0, 0]);
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
  await new Promise((resolve) => setTimeout(resolve, job.seconds * 1000));
  clearInterval(asking);
  clearInterval(probing);
  const readerUpdatesPerSecond = reader.updates / ((performance.now() - counted) / 1000);

  // The stalled viewers are dropped once their sockets have taken nothing for the server's stalledViewerMs.
  const asked = performance.now();
  let remaining = (await liveViewers(job)) - 2;
  while (remaining > 0 && performance.now() - asked < job.dropTimeoutSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
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

const job = JSON.parse(process.argv[2] ?? '{}') as ViewersJob | StalledJob;
const result = 'stalled' in job ? await stalled(job) : await run(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
