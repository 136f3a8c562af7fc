import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/console-emulator.js', import.meta.url).pathname;
const consumer = (name: string) => new URL(`./consumers/${name}`, import.meta.url).pathname;

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'check', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('console-emulator check -- node consumer.mjs', () => {
  it('passes a consumer that follows the contracts (official Alibaba SDK, Keystone + Nova, HPC)', async () => {
    const result = await check('--', process.execPath, consumer('well-behaved.mjs'));
    expect(result.stdout).toContain('aliyun ws://127.0.0.1:');
    expect(result.stdout).toContain('huawei 200');
    expect(result.stdout).toContain('hpc 0');
    expect(result.stdout).toContain('the command exited with 0; the emulator answered 5 requests.');
    expect(result.stdout).toContain('✓ 5 requests followed the contracts.');
    expect(result.code).toBe(0);
  });

  it('fails naming each violation: a malformed body, a mis-signed call, an unknown path', async () => {
    const result = await check('--', process.execPath, consumer('malformed.mjs'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /✗ 1 contract violation:\n {2}#2 huawei remoteConsoles POST \/v2\.1\/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d\/servers\/3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61\/remote-consoles\n {5}→ 400 badRequest \(ValidationError\): Invalid input for field\/attribute remote_console\. .*'protocol' is a required property/,
    );
    expect(result.stdout).toMatch(
      /✗ 1 unsigned or mis-signed call:\n {2}#3 aliyun DescribeRegions GET \/\n {5}→ 400 SignatureDoesNotMatch \(SignatureDoesNotMatch\): Specified signature is not matched/,
    );
    expect(result.stdout).toMatch(
      /✗ 1 unknown operation:\n {2}#4 huawei unknownPath GET \/v2\.1\/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d\/flavors/,
    );
    expect(result.stdout).toContain('• 1 request followed the contracts.');
  });

  it('passes the command’s own failure through', async () => {
    const result = await check('--', process.execPath, '-e', 'process.exit(3)');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('No request reached the emulator');
  });

  it('asks for a command', async () => {
    const result = await check();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no command after --');
  });
});
