import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';

const BIN = new URL('../../bin/console-emulator.js', import.meta.url).pathname;

async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'verify', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * A case's row in the table (under its `provider.operation` heading: verdict, title, expected) and the line
 * below it (what came back, for a failure; why, for a skip).
 */
function rowOf(stdout: string, name: string): { row: string; below: string } {
  const [group, title] = name.split(': ') as [string, string];
  const lines = stdout.split('\n');
  let heading = '';
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith(' ')) heading = line;
    else if (heading === group && line.slice(8).startsWith(`${title}  `))
      return { row: line, below: lines[i + 1] ?? '' };
  }
  return { row: '', below: '' };
}

describe('console-emulator verify', () => {
  const emu = useEmulator();
  beforeEach(() => {
    emu.current.emulator.reset();
  });

  it.each(['huawei', 'aliyun', 'hpc'])('passes against the emulator: --provider %s', async (provider) => {
    const result = await verify('--provider', provider, '--base-url', emu.current.url);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^${provider}\\.\\w+\n {2}pass {2}\\S`, 'm'));
    expect(result.stdout).toMatch(/\n\d+ passed, 0 failed, 0 skipped\n$/);
    expect(result.code).toBe(0);
  });

  it('fails with a table naming each deviation against an emulator with a fault injected', async () => {
    const fault = await fetch(`${emu.current.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        provider: 'huawei',
        operation: 'remoteConsoles',
        error: 'InstanceNotFound',
        params: { instance_id: 'injected' },
      }),
    });
    expect(fault.status).toBe(201);
    const result = await verify('--provider', 'huawei', '--base-url', emu.current.url);
    expect(result.code).toBe(1);
    const failed = rowOf(result.stdout, 'huawei.remoteConsoles: noVNC console, IAM token');
    expect(failed.row).toMatch(/^ {2}FAIL {2}noVNC console, IAM token +200 RemoteConsoleResponse$/);
    expect(failed.below).toBe('          got 404 itemNotFound: Instance injected could not be found.');
    // Cases answered before the fault's point (authentication, microversion) still pass.
    expect(rowOf(result.stdout, 'huawei.remoteConsoles: no token').row).toMatch(/^ {2}pass /);
    expect(rowOf(result.stdout, 'huawei.showServer: one server').row).toMatch(/^ {2}pass /);
    expect(result.stdout).toContain('✗ huawei.remoteConsoles: server without a host: not InstanceNotReady');
    expect(result.stdout).toMatch(/\n\d+ passed, [1-9]\d* failed, 0 skipped\n$/);
  });

  it('skips the cases whose resources a credentials file does not name', async () => {
    const file = join(tmpdir(), `kit-credentials-${process.pid}.json`);
    await writeFile(
      file,
      JSON.stringify({
        aliyun: {
          accessKeyId: 'LTAI5tDemoAccessKey00001',
          accessKeySecret: 'demo-aliyun-secret',
          regionId: 'cn-hangzhou',
          instances: { running: 'i-bp1demorunning000001' },
        },
      }),
    );
    const result = await verify('--provider', 'aliyun', '--base-url', emu.current.url, '--credentials', file);
    expect(result.code).toBe(0);
    const skipped = rowOf(result.stdout, 'aliyun.DescribeInstanceVncUrl: stopped instance');
    expect(skipped.row).toMatch(/^ {2}skip /);
    expect(skipped.below).toBe('          needs instances.stopped');
    expect(result.stdout).toMatch(/\n\d+ passed, 0 failed, 3 skipped\n$/);
  });

  it('refuses bad arguments with usage and status 2', async () => {
    const result = await verify('--provider', 'gcp', '--base-url', emu.current.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider must be one of huawei, aliyun, hpc, tencent or all');
  });
});
