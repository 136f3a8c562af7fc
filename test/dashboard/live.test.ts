import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { COLOURS } from '../../emulator/console/screen.ts';
import { EXCHANGE_BODY_LIMIT } from '../../emulator/exchange.ts';
import type { Exchange, JournalEntry } from '../../emulator/journal.ts';
import { callV1, DEMO, IDS } from '../aliyun/rpc.ts';
import { RfbClient } from '../console/rfb-client.ts';
import { hpcLaunchUrl, hpcSocketUrl, huaweiConsoleUrl, wsBase } from '../console/support.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova, passwordAuthBody } from '../huawei/support.ts';

const control = (base: string, path: string, init?: RequestInit) => fetch(`${base}/__emulator${path}`, init);

interface Overview {
  clock: { now: number; frozen: boolean };
  providers: Array<{
    name: string;
    title: string;
    credentials: Array<Record<string, string>>;
    resources: Array<{
      fields: Record<string, string>;
      control?: { collection: string; status?: string; statuses: string[] };
    }>;
  }>;
  tokens: Array<Record<string, unknown>>;
  viewers: Array<Record<string, unknown>>;
  faults: unknown[];
}

const overview = async (base: string) => (await (await control(base, '/live/overview')).json()) as Overview;

/** Reads server-sent events from a stream until `count` events arrived. */
async function readEvents(response: Response, count: number): Promise<Array<{ id: string; data: string }>> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events: Array<{ id: string; data: string }> = [];
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end = text.indexOf('\n\n');
    while (end >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const field = (name: string) => block.match(new RegExp(`^${name}: ?(.*)$`, 'm'))?.[1];
      if (field('event') === 'entry') events.push({ id: field('id') ?? '', data: field('data') ?? '' });
      end = text.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('the dashboard page', () => {
  const emu = useEmulator();

  it('is served at /__emulator/ (and /__emulator redirects there), with its files and nothing else', async () => {
    const bare = await fetch(`${emu.current.url}/__emulator`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([302, '/__emulator/']);
    const page = await fetch(`${emu.current.url}/__emulator/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="dashboard/main.js"></script>');
    for (const [file, type] of [
      ['main.js', 'text/javascript; charset=utf-8'],
      ['dashboard.css', 'text/css; charset=utf-8'],
    ]) {
      const asset = await fetch(`${emu.current.url}/__emulator/dashboard/${file}`);
      expect([asset.status, asset.headers.get('content-type')]).toEqual([200, type]);
    }
    for (const path of ['/dashboard/..%2Ffiles.ts', '/dashboard/files.ts', '/dashboard/nothing.js']) {
      const refused = await control(emu.current.url, path);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});

describe('GET /__emulator/live/overview', () => {
  const emu = useEmulator({
    clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }),
    journalBodies: true,
  });

  it('lists each provider with its resources (status and the statuses it may take) and credentials', async () => {
    const { providers, clock } = await overview(emu.current.url);
    expect(clock).toMatchObject({ now: Date.parse('2026-03-02T04:00:00.000Z'), frozen: true });
    expect(providers.map((p) => p.name)).toEqual(['tencent', 'aliyun', 'huawei', 'hpc']);
    const huawei = providers.find((p) => p.name === 'huawei');
    const active = huawei?.resources.find((r) => r.fields.id === demo.active);
    expect(active).toEqual({
      fields: { name: 'demo-active', id: demo.active, status: 'ACTIVE', owner: 'project cn-north-4' },
      control: { collection: 'servers', status: 'ACTIVE', statuses: expect.arrayContaining(['SHUTOFF']) },
    });
    expect(huawei?.credentials).toContainEqual(expect.objectContaining({ kind: 'AK/SK' }));
    const hpc = providers.find((p) => p.name === 'hpc');
    // Sessions have no status: the dashboard offers to delete them; clusters are not controlled.
    expect(hpc?.resources.find((r) => r.fields.id === 'gv101--demo--SIG--4')?.control).toEqual({
      collection: 'sessions',
      statuses: [],
    });
    expect(hpc?.resources.find((r) => r.fields.id === 'cluster 11112')?.control).toBeUndefined();
  });

  it('lists console tokens of every provider with expiry, use, the page to open and the request that issued them', async () => {
    const url = await huaweiConsoleUrl(emu.current);
    const vnc = await callV1(emu.current, {
      Action: 'DescribeInstanceVncUrl',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.running,
    });
    const { VncUrl } = (await vnc.json()) as { VncUrl: string };
    const launch = await hpcLaunchUrl(emu.current);
    const now = Date.parse('2026-03-02T04:00:00.000Z');
    // All issued at the same (frozen) instant: newest first keeps the order of the providers.
    const { tokens, viewers } = await overview(emu.current.url);
    const seqOf = (operation: string) => emu.current.emulator.journal.list({ operation }).at(-1)?.seq;
    expect(tokens).toEqual([
      {
        provider: 'huawei',
        token: url.searchParams.get('token'),
        resourceId: demo.active,
        credential: demo.projectId,
        issuedAt: now,
        expiresAt: now + 600_000,
        oneTime: true,
        open: url.href,
        issuedBy: seqOf('remoteConsoles'),
      },
      expect.objectContaining({
        provider: 'aliyun',
        resourceId: IDS.running,
        expiresAt: now + 15_000,
        oneTime: true,
        open: `/aliyun/ecs-console-vnc2/0.0.8/index.html?vncUrl=${VncUrl}&instanceId=${IDS.running}&isWindows=false&password=Demo12`,
        issuedBy: seqOf('DescribeInstanceVncUrl'),
      }),
      expect.objectContaining({
        provider: 'hpc',
        resourceId: 'gv101--demo--SIG--4',
        credential: 'demo',
        issuedAt: now,
        // Without launchTokenTtlSeconds a launch token lives as long as its session.
        expiresAt: null,
        oneTime: false,
        open: launch.slice(emu.current.url.length),
        issuedBy: seqOf('getVncLaunchUrl'),
      }),
    ]);
    expect(viewers).toEqual([]);
  });

  it('keeps an expired token (until its map sweeps it) and marks a used one', async () => {
    await control(emu.current.url, '/reset', { method: 'POST' });
    const url = await huaweiConsoleUrl(emu.current);
    const token = url.searchParams.get('token') as string;
    const viewer = await RfbClient.open(`${wsBase(emu.current)}/websockify?token=${token}`);
    await viewer.handshake();
    const { tokens, viewers } = await overview(emu.current.url);
    expect(tokens.find((t) => t.token === token)).toMatchObject({
      usedAt: Date.parse('2026-03-02T04:00:00.000Z'),
    });
    expect(viewers).toEqual([
      {
        provider: 'huawei',
        resourceId: demo.active,
        name: 'demo-active',
        viewers: 1,
        openedAt: Date.parse('2026-03-02T04:00:00.000Z'),
        lastInteractionAt: Date.parse('2026-03-02T04:00:00.000Z'),
        width: 1024,
        height: 768,
      },
    ]);
    viewer.ws.close();
    emu.current.emulator.clock.advance('10m');
    expect((await overview(emu.current.url)).tokens.find((t) => t.token === token)).toBeDefined();
  });
});

describe('screens and viewers', () => {
  const emu = useEmulator({ clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }) });

  it('GET /live/screens/{provider}/{id}.png is the test card scaled down, as a PNG', async () => {
    const viewer = await RfbClient.open(hpcSocketUrl(emu.current, await hpcLaunchUrl(emu.current)));
    await viewer.handshake({ password: 'demovnc1' });
    const answer = await control(emu.current.url, '/live/screens/hpc/gv101--demo--SIG--4.png?width=256');
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'image/png']);
    const png = Buffer.from(await answer.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([256, 192, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(192 * (1 + 256 * 3));
    // Row 4, pixel 4: inside the first colour bar.
    const at = 4 * (1 + 256 * 3) + 1 + 4 * 3;
    const bar = COLOURS.bars[0];
    expect([...raw.subarray(at, at + 3)]).toEqual([(bar >> 16) & 0xff, (bar >> 8) & 0xff, bar & 0xff]);
    viewer.ws.close();
  });

  it('answers 404 for a resource no console opened and 400 for a bad width', async () => {
    expect((await control(emu.current.url, `/live/screens/huawei/${demo.shutoff}.png`)).status).toBe(404);
    expect((await control(emu.current.url, '/live/screens/hpc/gv101--demo--SIG--4.png?width=4')).status).toBe(
      400,
    );
  });

  it('DELETE /live/consoles/{provider}/{id} closes the viewers of a resource', async () => {
    const url = await huaweiConsoleUrl(emu.current);
    const viewer = await RfbClient.open(
      `${wsBase(emu.current)}/websockify?token=${url.searchParams.get('token')}`,
    );
    await viewer.handshake();
    const closed = await control(emu.current.url, `/live/consoles/huawei/${demo.active}`, {
      method: 'DELETE',
    });
    expect(await closed.json()).toEqual({ closed: 1 });
    expect(await viewer.closed).toMatchObject({ code: 1000, reason: 'Target closed' });
    expect(emu.current.emulator.consoles.consoles()).toEqual([]);
  });
});

describe('the journal, live and with each exchange', () => {
  const emu = useEmulator({ journalBodies: true });

  it('GET /live/journal streams entries as server-sent events, resuming after Last-Event-ID', async () => {
    await fetch(`${emu.current.url}/v2.1/`);
    const first = emu.current.emulator.journal.last() as JournalEntry;
    const stream = await control(emu.current.url, '/live/journal');
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reading = readEvents(stream, 2);
    await fetch(`${emu.current.url}/v2.1/nowhere`);
    const events = await reading;
    expect(events.map((e) => e.id)).toEqual([String(first.seq), String(first.seq + 1)]);
    expect(JSON.parse(events[1]?.data as string)).toMatchObject({
      provider: 'huawei',
      path: '/v2.1/nowhere',
      status: 401,
    });

    const resumed = await control(emu.current.url, '/live/journal', {
      headers: { 'Last-Event-ID': String(first.seq) },
    });
    expect((await readEvents(resumed, 1)).map((e) => e.id)).toEqual([String(first.seq + 1)]);
  });

  it('GET /live/journal/{seq} gives the request and response, secrets redacted', async () => {
    const token = await iamToken(emu.current.url);
    await nova(emu.current.url, consolesPath(demo.active), {
      token,
      version: '2.6',
      body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
    });
    const entry = emu.current.emulator.journal.last() as JournalEntry;
    const { exchange } = (await (await control(emu.current.url, `/live/journal/${entry.seq}`)).json()) as {
      exchange: Exchange;
    };
    expect(exchange.request).toMatchObject({
      method: 'POST',
      url: `${emu.current.url}${consolesPath(demo.active)}`,
      body: '{"remote_console":{"protocol":"vnc","type":"novnc"}}',
      truncated: false,
    });
    expect(exchange.request.headers['x-auth-token']).toBe('***');
    expect(exchange.response).toMatchObject({ status: 200, truncated: false });
    expect(JSON.parse(exchange.response?.body as string)).toMatchObject({
      remote_console: { type: 'novnc' },
    });

    const login = emu.current.emulator.journal.list({ operation: 'createToken' }).at(-1) as JournalEntry;
    const { exchange: tokens } = (await (
      await control(emu.current.url, `/live/journal/${login.seq}`)
    ).json()) as {
      exchange: Exchange;
    };
    expect(JSON.stringify(passwordAuthBody())).toContain('"password":"demo-password"');
    expect(tokens.request.body).toContain('"password":"***"');
    expect(tokens.request.body).not.toContain('demo-password');
    expect(tokens.response?.headers['x-subject-token']).toBe('***');
  });

  it('keeps the first 8 KiB of an answer and leaves a larger request body unread', async () => {
    const big = 'x'.repeat(EXCHANGE_BODY_LIMIT + 1);
    await fetch(`${emu.current.url}/v3/auth/tokens`, { method: 'POST', body: big });
    const entry = emu.current.emulator.journal.last() as JournalEntry;
    expect(emu.current.emulator.journal.exchange(entry)?.request).toMatchObject({
      body: '',
      truncated: true,
    });
  });

  it('redacts Alibaba signatures in the query', async () => {
    await callV1(emu.current, { Action: 'DescribeRegions' });
    const entry = emu.current.emulator.journal.last() as JournalEntry;
    const url = new URL(emu.current.emulator.journal.exchange(entry)?.request.url as string);
    expect(url.searchParams.get('Signature')).toBe('***');
    expect(url.searchParams.get('AccessKeyId')).toBe(DEMO.accessKeyId);
  });

  it('answers 404 for an entry the journal no longer holds', async () => {
    expect((await control(emu.current.url, '/live/journal/999999')).status).toBe(404);
  });
});

describe('journalBodies', () => {
  const entryOf = async (base: string) => {
    const entry = emu.current.emulator.journal.last() as JournalEntry;
    const answer = await (await control(base, `/live/journal/${entry.seq}`)).json();
    return answer as { exchange: Exchange | null };
  };
  const emu = useEmulator();
  const never = useEmulator({ journalBodies: false });

  it("'watched' (the default) keeps exchanges while something follows the journal live", async () => {
    await fetch(`${emu.current.url}/v2.1/`);
    expect((await entryOf(emu.current.url)).exchange).toBeNull();
    const stream = await control(emu.current.url, '/live/journal');
    const reading = readEvents(stream, 2);
    await fetch(`${emu.current.url}/v2.1/`);
    await reading;
    expect((await entryOf(emu.current.url)).exchange).toMatchObject({ response: { status: 200 } });
  });

  it('false never keeps them', async () => {
    const stream = await control(never.current.url, '/live/journal');
    const reading = readEvents(stream, 1);
    await fetch(`${never.current.url}/v2.1/`);
    await reading;
    const entry = never.current.emulator.journal.last() as JournalEntry;
    expect(never.current.emulator.journal.exchange(entry)).toBeUndefined();
  });
});
