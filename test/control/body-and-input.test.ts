import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';
import { demo } from '../huawei/support.ts';
import { send } from './support.ts';

const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const MB = 1024 * 1024;

/** The resident set of a process, from /proc (bytes). */
const rss = (pid: number) =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) * 1024;

/**
 * Streams `total` bytes (from one reused 1 MiB buffer, so the test itself holds none of it) to a control path,
 * with or without a declared length, and resolves with the status as soon as the server answers.
 */
function upload(port: number, path: string, total: number, declared: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const block = Buffer.alloc(MB, 0x20);
    const outgoing = request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: declared ? { 'Content-Length': String(total) } : { 'Transfer-Encoding': 'chunked' },
    });
    let sent = 0;
    let answered = false;
    outgoing.on('response', (incoming) => {
      answered = true;
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
      outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += MB;
        if (!outgoing.write(block)) {
          outgoing.once('drain', pump);
          return;
        }
      }
      if (!answered) outgoing.end();
    };
    pump();
  });
}

describe('control request bodies: the providers’ limit, never buffered whole', () => {
  let child: ChildProcess;
  let port = 0;
  let stderr = '';
  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, '--port', '0']);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    port = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
        const found = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output)?.[1];
        if (found) resolve(Number(found));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
  });
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it.each([
    ['a declared Content-Length of 100 MB is refused before reading', true],
    ['a chunked 100 MB body is refused as it passes 1 MiB', false],
  ])('%s: 413, RSS barely moves', async (_label, declared) => {
    const pid = child.pid as number;
    const before = rss(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(pid));
    }, 20);
    const status = await upload(port, '/__emulator/faults', 100 * MB, declared).finally(() =>
      clearInterval(sampler),
    );
    peak = Math.max(peak, rss(pid));
    expect(status).toBe(413);
    // Reading it whole took RSS from 187 to 391 MB; a 1 MiB limit leaves room for the runtime's own noise.
    expect(peak - before).toBeLessThan(32 * MB);
    const answer = await send(port, '/__emulator/faults', { body: 'x'.repeat(MB + 1) });
    expect([answer.status, JSON.parse(answer.text)]).toEqual([
      413,
      { error: { code: 'body_too_large', message: 'request body over 1 MiB' } },
    ]);
  });

  it('a client that goes away mid-body is no error: nothing logged, the next request answered', async () => {
    await new Promise<void>((resolve) => {
      const outgoing = request({
        host: '127.0.0.1',
        port,
        path: '/__emulator/faults',
        method: 'POST',
        headers: { 'Content-Length': '1000' },
      });
      outgoing.on('error', () => resolve());
      outgoing.write('{"provider":', () => setTimeout(() => outgoing.destroy(), 50));
      outgoing.on('close', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 200));
    const next = await send(port, '/__emulator/faults');
    expect(next.status).toBe(200);
    expect(stderr).toBe('');
  });
});

describe('control input: refused with 400 naming the field, in the emulator’s words', () => {
  const emu = useEmulator();
  const post = async (path: string, body: unknown, method = 'POST') => {
    const answer = await send(emu.current.port, `/__emulator${path}`, { method, body: JSON.stringify(body) });
    return {
      status: answer.status,
      ...(JSON.parse(answer.text) as { error?: { code: string; message: string } }),
    };
  };

  it.each([
    [
      -1000,
      'by: must be a whole, non-negative number of milliseconds, got -1000 (to go back in time, use clock/set)',
    ],
    [1.5, 'by: must be a whole, non-negative number of milliseconds, got 1.5'],
    ['-1000', 'by: must be a whole, non-negative number of milliseconds, got "-1000"'],
    ['0.5ms', 'by: must be a whole, non-negative number of milliseconds, got "0.5ms"'],
    ['-5m', 'by: not a duration: "-5m"'],
    [8.7e15, 'by: the clock cannot go beyond ±8.64e15 ms'],
  ])('clock/advance {"by": %j}', async (by, message) => {
    const before = emu.current.emulator.clock.now();
    const answer = await post('/clock/advance', { by });
    expect([answer.status, answer.error?.code]).toEqual([400, 'invalid_request']);
    expect(answer.error?.message).toContain(message);
    expect(Math.abs(emu.current.emulator.clock.now() - before)).toBeLessThan(60_000);
  });

  it.each([
    ['2030-02-30', 'to: "2030-02-30" is not a date: 2030-02 has 28 days'],
    ['2029-02-29T00:00:00Z', 'to: "2029-02-29T00:00:00Z" is not a date: 2029-02 has 28 days'],
    ['2030-04-31', 'to: "2030-04-31" is not a date: 2030-04 has 30 days'],
    ['2030-13-01', 'to: "2030-13-01" is not a date: there is no such month'],
    ['2030-01-01T24:00:00Z', 'to: "2030-01-01T24:00:00Z" is not a date: there is no such time of day'],
    ['next tuesday', 'to: "next tuesday" is not an ISO 8601 date or date-time (e.g. "2030-01-01T00:00:00Z")'],
    [1.5, 'to: must be whole epoch milliseconds, got 1.5'],
    [9e15, 'to: the clock cannot go beyond ±8.64e15 ms'],
  ])('clock/set {"to": %j}', async (to, message) => {
    const answer = await post('/clock/set', { to });
    expect([answer.status, answer.error?.code]).toEqual([400, 'invalid_request']);
    expect(answer.error?.message).toContain(message);
  });

  it.each([
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['2030-01-01T08:00:00+08:00', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T00:00:00Z', '2030-01-01T00:00:00.000Z'],
  ])('clock/set {"to": %j} is taken as written', async (to, iso) => {
    const answer = (await post('/clock/set', { to })) as unknown as { iso: string };
    expect(answer.iso.slice(0, 16)).toBe(iso.slice(0, 16));
  });

  it('a fault latency over 10 minutes is refused; 10 minutes is not', async () => {
    for (const latency of ['999999h', '10m1ms', 600_001]) {
      const answer = await post('/faults', { provider: 'huawei', latency });
      expect(answer.status).toBe(400);
      expect(answer.error?.message).toBe(
        `latency: must be at most 10 minutes, got ${JSON.stringify(latency)}`,
      );
    }
    expect((await post('/faults', { provider: 'huawei', latency: '10m', times: 1 })).status).toBe(201);
    emu.current.emulator.faults.clear();
  });

  it.each([
    [
      '/faults',
      'POST',
      { provider: 'huawei', latency: 1, times: 1.5, extra: 1 },
      'times: must be an integer; has unknown field "extra"',
    ],
    [
      '/faults',
      'POST',
      { provider: 'nobody', latency: 1 },
      'provider: must be one of "huawei", "aliyun", "hpc"',
    ],
    ['/faults', 'POST', { faults: [1] }, 'faults.0: must be an object'],
    [
      `/state/huawei/servers/${demo.active}`,
      'PATCH',
      { status: 'RUNNING', name: 5 },
      `servers/${demo.active}: name: must be a string; status: must be one of "ACTIVE"`,
    ],
    [
      '/snapshot/load',
      'POST',
      {
        snapshot: {
          format: 'console-emulator/snapshot@1',
          clock: { now: 1, offset: 0, frozen: true },
          providers: { huawei: { servers: 5 } },
        },
      },
      'provider "huawei": domains: is required',
    ],
    [
      '/snapshot/load',
      'POST',
      { snapshot: { format: 'x' } },
      'format: must be "console-emulator/snapshot@1"',
    ],
  ])('%s %s %j: no zod text', async (path, method, body, message) => {
    const answer = await post(path, body, method);
    expect([answer.status, answer.error?.code]).toEqual([400, 'invalid_request']);
    expect(answer.error?.message).toContain(message);
    expect(answer.error?.message).not.toMatch(/Invalid input|received|"code":|\[\n/);
  });
});
