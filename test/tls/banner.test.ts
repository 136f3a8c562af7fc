import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/** `console-emulator --tls` as a user starts it: what the banner and `--help` say, and that it serves HTTPS. */

const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'console-emulator-tls-banner-'));
const caFile = join(dir, 'ca.pem');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the bin; resolves with its URL and the lines it printed up to and including `listening on`. */
function start(args: string[]): Promise<{ url: string; lines: string[] }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--log', 'off', ...args]);
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening on (https?:\/\/\S+)\n/m.exec(output);
      if (match) {
        const end = output.indexOf(match[0]) + match[0].length;
        resolve({ url: match[1] as string, lines: output.slice(0, end).split('\n').slice(0, -1) });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

const TRUST = [
  `NODE_EXTRA_CA_CERTS=${caFile}`,
  `REQUESTS_CA_BUNDLE=${caFile}`,
  `SSL_CERT_FILE=${caFile}`,
  `curl --cacert ${caFile}`,
  `keytool -importcert -noprompt -alias console-emulator -file ${caFile}`,
];

describe('console-emulator --tls', () => {
  it('listens on https://, and the first screen names the CA file and where the trust steps are', async () => {
    const { url, lines } = await start(['--tls', '--tls-dir', dir]);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.length).toBeLessThanOrEqual(30);
    expect(lines).toContain(`TLS: CA ${caFile} (how to trust it: --banner full, or docs/tls.md)`);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${url}/__emulator/health`, { ca: readFileSync(caFile) }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it('--banner full says how each kind of client trusts the CA', async () => {
    const { lines } = await start(['--tls', '--tls-dir', dir, '--banner', 'full']);
    const text = lines.join('\n');
    for (const step of TRUST) expect(text).toContain(step);
  });

  it('--help documents the four flags', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--help']);
    for (const flag of ['--tls ', '--tls-dir DIR', '--tls-cert FILE', '--tls-key FILE'])
      expect(stdout).toContain(`  ${flag}`);
  });
});
