import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HpcModel } from '../../emulator/providers/hpc/model.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { v1Params } from '../aliyun/rpc.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from '../huawei/support.ts';

/**
 * Load without loss, over real HTTP on 127.0.0.1: concurrent requests leave the state consistent, every
 * issued token is findable, and what was acknowledged before a SIGTERM is in the state file. Counts are
 * bounded; nothing here measures speed.
 */
const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const USERS = 12;
const ROUNDS = 6;
const VNC = '/hpc/openapi/v2/desktop/vnc';

interface Envelope {
  code: string;
  msg: string;
  data: unknown;
}

async function hpcCall(base: string, method: string, path: string, token: string): Promise<Envelope> {
  const response = await fetch(`${base}${path}`, { method, headers: { token } });
  expect(response.status).toBe(200);
  return (await response.json()) as Envelope;
}

/** Adds users `<prefix>-0`… through the control API and returns a region token for each. */
async function hpcUsers(base: string, count: number, prefix = 'load'): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `${prefix}-${i}`;
      const put = await fetch(`${base}/__emulator/state/hpc/users/${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          userId: `9${i}`,
          name,
          password: 'load-password',
          computeUser: `${prefix}_${i}`,
          clusters: ['11112'],
        }),
      });
      expect(put.status).toBe(201);
      const tokens = await fetch(`${base}/ac/openapi/v2/tokens`, {
        method: 'POST',
        headers: { user: name, password: 'load-password', orgId: 'demo-org' },
      });
      const regions = ((await tokens.json()) as { data: Array<{ clusterId: string; token: string }> }).data;
      return regions.find((r) => r.clusterId === '11112')?.token ?? '';
    }),
  );
}

/** Sessions are one per user, on distinct displays of their node, and every launch token has its session. */
function expectConsistent(model: HpcModel): void {
  const sessions = [...model.sessions.values()];
  const owners = sessions.map((s) => s.user);
  expect(new Set(owners).size).toBe(owners.length);
  const displays = sessions.map((s) => `${s.node}:${s.display}`);
  expect(new Set(displays).size).toBe(displays.length);
  const ids = new Set(sessions.map((s) => s.id));
  for (const token of model.launchTokens.values()) expect(ids.has(token.sessionId)).toBe(true);
}

describe('concurrent HPC session creates and deletes', () => {
  const emu = useEmulator();
  const model = () => emu.current.emulator.state.hpc as HpcModel;

  it('rounds of create, launch URL, delete by every user at once: nothing lost or duplicated', async () => {
    const tokens = await hpcUsers(emu.current.url, USERS);
    await Promise.all(
      tokens.map(async (token) => {
        for (let round = 0; round < ROUNDS; round++) {
          const created = await hpcCall(emu.current.url, 'PUT', VNC, token);
          expect(created.code).toBe('0');
          const id = (created.data as { sessionId: string }).sessionId;
          expect((await hpcCall(emu.current.url, 'GET', `${VNC}/${id}/launchurl`, token)).code).toBe('0');
          // Keep the last round's session, so the end state is known per user.
          if (round < ROUNDS - 1)
            expect((await hpcCall(emu.current.url, 'DELETE', `${VNC}/${id}`, token)).code).toBe('0');
        }
      }),
    );
    const sessions = [...model().sessions.values()].filter((s) => s.user.startsWith('load-'));
    expect(sessions.map((s) => s.user).sort()).toEqual(
      Array.from({ length: USERS }, (_, i) => `load-${i}`).sort(),
    );
    expectConsistent(model());
  });

  it('racing creates and deletes of the same user: invariants hold whatever the interleaving', async () => {
    const [token = ''] = await hpcUsers(emu.current.url, 1, 'race');
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        if (i % 3 !== 2) return hpcCall(emu.current.url, 'PUT', VNC, token);
        const list = await hpcCall(emu.current.url, 'GET', VNC, token);
        const id = (list.data as Array<{ sessionId: string }>)[0]?.sessionId ?? 'gv101--race_0--SIG--99';
        return hpcCall(emu.current.url, 'DELETE', `${VNC}/${id}`, token);
      }),
    );
    // Every answer is a documented one: success, or 815010 for a session another request deleted first.
    for (const answer of answers) expect(['0', '815010']).toContain(answer.code);
    expectConsistent(model());
  });
});

describe('concurrent console-URL requests of the three providers', () => {
  const emu = useEmulator();
  const PER_PROVIDER = 100;

  async function huaweiUrls(running: RunningEmulator, token: string): Promise<string[]> {
    const answers = await Promise.all(
      Array.from({ length: PER_PROVIDER }, () =>
        nova(running.url, consolesPath(demo.active), {
          token,
          version: '2.6',
          body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
        }).then((r) => r.json() as Promise<{ remote_console: { url: string } }>),
      ),
    );
    return answers.map((a) => new URL(a.remote_console.url).searchParams.get('token') ?? '');
  }

  async function aliyunUrls(running: RunningEmulator): Promise<string[]> {
    const answers = await Promise.all(
      Array.from({ length: PER_PROVIDER }, () => {
        const params = v1Params(running, {
          Action: 'DescribeInstanceVncUrl',
          RegionId: 'cn-hangzhou',
          InstanceId: 'i-bp1demorunning000001',
        });
        return fetch(`${running.url}/?${new URLSearchParams(params)}`).then(
          (r) => r.json() as Promise<{ VncUrl: string }>,
        );
      }),
    );
    return answers.map((a) => new URL(decodeURIComponent(a.VncUrl)).searchParams.get('s') ?? '');
  }

  async function hpcUrls(running: RunningEmulator): Promise<string[]> {
    const [token = ''] = await hpcUsers(running.url, 1, 'urls');
    const created = await hpcCall(running.url, 'PUT', VNC, token);
    const id = (created.data as { sessionId: string }).sessionId;
    const answers = await Promise.all(
      Array.from({ length: PER_PROVIDER }, () =>
        hpcCall(running.url, 'GET', `${VNC}/${id}/launchurl`, token),
      ),
    );
    return answers.map((a) => /token=([^&]+)/.exec((a.data as { novncUrl: string }).novncUrl)?.[1] ?? '');
  }

  it('every token issued is distinct and findable in the state', async () => {
    const running = emu.current;
    const token = await iamToken(running.url);
    const [huawei, aliyun, hpc] = await Promise.all([
      huaweiUrls(running, token),
      aliyunUrls(running),
      hpcUrls(running),
    ]);
    const { state } = running.emulator;
    for (const [tokens, find] of [
      [huawei, (t: string) => state.huawei?.consoleTokens.get(t)],
      [aliyun, (t: string) => state.aliyun?.vncTokens.get(t)],
      [hpc, (t: string) => state.hpc?.launchTokens.get(t)],
    ] as const) {
      expect(new Set(tokens).size).toBe(PER_PROVIDER);
      for (const t of tokens) expect(find(t)).toBeDefined();
    }
  });
});

describe('SIGTERM in the middle of load with --state-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-emulator-sigterm-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every answer acknowledged before the signal is in the state file; nothing unasked-for is', async () => {
    const stateFile = join(dir, 'state.json');
    child = spawn(process.execPath, [BIN, '--port', '0', '--state-file', stateFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no listening line')), 30_000);
      const check = setInterval(() => {
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          clearInterval(check);
          resolve(url);
        }
      }, 20);
    });
    const tokens = await hpcUsers(base, USERS);
    const acked = new Map<string, string>();
    const launched: string[] = [];
    let sent = 0;
    let stopping = false;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    const load = tokens.map(async (token, i) => {
      while (!stopping) {
        sent++;
        try {
          const created = await hpcCall(base, 'PUT', VNC, token);
          const id = (created.data as { sessionId: string }).sessionId;
          acked.set(`load-${i}`, id);
          sent++;
          const launch = await hpcCall(base, 'GET', `${VNC}/${id}/launchurl`, token);
          launched.push(/token=([^&]+)/.exec((launch.data as { novncUrl: string }).novncUrl)?.[1] ?? '');
          sent++;
          await hpcCall(base, 'DELETE', `${VNC}/${id}`, token);
          acked.delete(`load-${i}`);
        } catch {
          return; // the connection went down with the server
        }
      }
    });
    // The signal lands in the middle of the load: after 400 ms and past the first round, however busy the machine.
    const loading = Date.now();
    while (Date.now() - loading < 400 || sent <= USERS * 3)
      await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGTERM');
    stopping = true;
    await Promise.all(load);
    expect(await exited).toBe(0);
    expect(sent).toBeGreaterThan(USERS * 3);

    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      providers: {
        hpc: {
          sessions: Array<{ id: string; user: string }>;
          launchTokens: Array<{ token: string; sessionId: string }>;
        };
      };
    };
    const sessions = saved.providers.hpc.sessions.filter((s) => s.user.startsWith('load-'));
    // Acknowledged creates not followed by an acknowledged delete are all there, with the ids answered.
    for (const [user, id] of acked) expect(sessions).toContainEqual(expect.objectContaining({ user, id }));
    // A session in the file but not acknowledged can only come from a request in flight at the signal: at most
    // one per user, never a second session of one user.
    expect(sessions.length).toBeLessThanOrEqual(USERS);
    expect(new Set(sessions.map((s) => s.user)).size).toBe(sessions.length);
    // Launch tokens are revoked with their session: every saved one belongs to a saved session.
    const savedIds = new Set(saved.providers.hpc.sessions.map((s) => s.id));
    for (const t of saved.providers.hpc.launchTokens) expect(savedIds.has(t.sessionId)).toBe(true);
    expect(launched.length).toBeGreaterThan(0);
  });
});
