import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../contracts/huawei/signer.ts';
import { callV1, IDS } from '../aliyun/rpc.ts';
import { useEmulator } from '../helpers.ts';
import { client as hpcClient } from '../hpc/support.ts';
import { consolesPath, demo, iamToken, nova, passwordAuthBody } from '../huawei/support.ts';

/**
 * The state file's one write function under failures a test cannot provoke at will without root (the full
 * disk itself is in state-file.test.ts): the kernel writing part of a buffer (a short write, which must be
 * continued) and refusing with ENOSPC. Only writes to `*.tmp` files fail, through `node:fs` itself; everything
 * of ours runs as it ships, over real HTTP on 127.0.0.1. Each provider answers a refused change in its own shape.
 */
const disk = vi.hoisted(() => ({
  mode: 'normal' as 'normal' | 'short' | 'full',
  temporaries: new Set<number>(),
}));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const openSync = (...args: Parameters<typeof actual.openSync>) => {
    const fd = actual.openSync(...args);
    if (String(args[0]).endsWith('.tmp')) disk.temporaries.add(fd);
    return fd;
  };
  const closeSync = (fd: number) => {
    disk.temporaries.delete(fd);
    actual.closeSync(fd);
  };
  const writeSync = (fd: number, buffer: Uint8Array, offset = 0, length = buffer.byteLength - offset) => {
    if (disk.temporaries.has(fd) && disk.mode === 'full') {
      // What a full disk does: some bytes land, then the rest is refused.
      const landed = actual.writeSync(fd, buffer, offset, Math.min(length, 100));
      if (landed < length)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    if (disk.temporaries.has(fd) && disk.mode === 'short')
      return actual.writeSync(fd, buffer, offset, Math.min(length, 1000));
    return actual.writeSync(fd, buffer, offset, length);
  };
  const patched = { ...actual, openSync, closeSync, writeSync };
  return { ...patched, default: patched };
});

const dir = mkdtempSync(join(tmpdir(), 'state-file-write-'));
const stateFile = join(dir, 'state.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Saved {
  providers: {
    huawei: { authTokens: Array<{ id: string }>; consoleTokens: Array<{ token: string }> };
    aliyun: { vncTokens: Array<{ token: string }> };
    hpc: { launchTokens: Array<{ token: string }> };
  };
}
const saved = () => JSON.parse(readFileSync(stateFile, 'utf8')) as Saved;

describe('the state file’s write', () => {
  const emu = useEmulator({ stateFile });
  const tokenRequest = () =>
    fetch(`${emu.current.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(passwordAuthBody()),
    });

  it('continues short writes: every acknowledged token is in a file that parses', async () => {
    disk.mode = 'short';
    const tokens = await Promise.all(Array.from({ length: 20 }, () => iamToken(emu.current.url)));
    disk.mode = 'normal';
    const ids = new Set(saved().providers.huawei.authTokens.map((t) => t.id));
    expect(tokens.filter((t) => !ids.has(t))).toEqual([]);
    expect(readFileSync(stateFile, 'utf8').length).toBeGreaterThan(20 * 100);
    // Credentials and live tokens: readable by the owner only.
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  });

  describe('on a full disk, each provider refuses the change in its own shape and undoes it', () => {
    const fileText = () => readFileSync(stateFile, 'utf8');

    it('Huawei IAM: Keystone’s 503', async () => {
      const file = fileText();
      disk.mode = 'full';
      const response = await tokenRequest();
      disk.mode = 'normal';
      expect(response.status).toBe(503);
      expect(response.headers.get('x-openstack-request-id')).toMatch(/^req-/);
      expect(await response.json()).toEqual({
        error: {
          code: 503,
          title: 'Service Unavailable',
          message: 'The server is currently unavailable. Please try again at a later time.',
        },
      });
      expect(fileText()).toBe(file);
      expect(readdirSync(dir)).toEqual(['state.json']);
    });

    it('Nova: a serviceUnavailable fault with the request id and microversion headers', async () => {
      const token = await iamToken(emu.current.url);
      const tokens = saved().providers.huawei.consoleTokens.length;
      disk.mode = 'full';
      const response = await nova(emu.current.url, consolesPath(demo.active), {
        token,
        version: '2.6',
        body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
      });
      disk.mode = 'normal';
      expect(response.status).toBe(503);
      expect(response.headers.get('x-compute-request-id')).toMatch(/^req-/);
      expect(response.headers.get('openstack-api-version')).toBe('compute 2.6');
      expect(await response.json()).toEqual({
        serviceUnavailable: {
          code: 503,
          message: 'The server is currently unavailable. Please try again at a later time.',
        },
      });
      expect(saved().providers.huawei.consoleTokens).toHaveLength(tokens);
      expect(emu.current.emulator.state.huawei?.consoleTokens.values()).toHaveLength(tokens);
    });

    it('Huawei native API: the gateway’s 502 Backend unavailable', async () => {
      const url = `${emu.current.url}/v1/${demo.projectId}/cloudservers/${demo.active}/remote_console`;
      const body = JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } });
      const headers = signRequest(
        { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body },
        { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
        emu.current.emulator.clock.now(),
      );
      disk.mode = 'full';
      const response = await fetch(url, { method: 'POST', headers, body });
      disk.mode = 'normal';
      expect(response.status).toBe(502);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(await response.json()).toEqual({
        error_msg: 'Backend unavailable.',
        error_code: 'APIGW.0201',
        request_id: requestId,
      });
    });

    it.each([
      ['GET', 'XML'],
      ['POST', 'JSON'],
    ])('Alibaba (%s, Format=%s): ServiceUnavailable in the format asked for', async (method, format) => {
      const tokens = saved().providers.aliyun.vncTokens.length;
      disk.mode = 'full';
      const response = await callV1(
        emu.current,
        {
          Action: 'DescribeInstanceVncUrl',
          RegionId: 'cn-hangzhou',
          InstanceId: IDS.running,
          Format: format,
        },
        { method },
      );
      disk.mode = 'normal';
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(response.headers.get('content-type')?.toLowerCase()).toContain(format.toLowerCase());
      expect(text).toContain('ServiceUnavailable');
      expect(text).toContain('The request has failed due to a temporary failure of the server.');
      expect(text).toContain(response.headers.get('x-acs-request-id') as string);
      expect(saved().providers.aliyun.vncTokens).toHaveLength(tokens);
    });

    it('HPC: the platform’s 10001 内部错误 envelope (it documents no 503)', async () => {
      const hpc = hpcClient(emu);
      const token = await hpc.regionToken();
      const tokens = saved().providers.hpc.launchTokens.length;
      disk.mode = 'full';
      const answer = await hpc.call('GET', '/hpc/openapi/v2/desktop/vnc/gv101--demo--SIG--4/launchurl', {
        token,
      });
      disk.mode = 'normal';
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 200,
        body: { code: '10001', msg: '内部错误', data: null },
      });
      expect(saved().providers.hpc.launchTokens).toHaveLength(tokens);
    });

    it('the journal shows what was answered, not what was undone', async () => {
      disk.mode = 'full';
      await tokenRequest();
      disk.mode = 'normal';
      const [entry] = emu.current.emulator.journal.list({ operation: 'createToken' }).slice(-1);
      expect(entry).toMatchObject({ status: 503, code: '503' });
    });

    it('once writes succeed again, the next change is saved', async () => {
      const token = await iamToken(emu.current.url);
      expect(saved().providers.huawei.authTokens.map((t) => t.id)).toContain(token);
    });
  });
});
