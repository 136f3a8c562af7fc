import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from './support.ts';

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL('./tempest_websocket.py', import.meta.url));

/** A remote-consoles URL for demo-active, opened with tempest's `create_websocket` (python3-tempest). */
async function openWithTempest(
  baseUrl: string,
): Promise<{ url: string; status: string; frame: string | null }> {
  const response = await nova(baseUrl, consolesPath(demo.active), {
    token: await iamToken(baseUrl),
    version: '2.6',
    body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
  });
  const { url } = ((await response.json()) as { remote_console: { url: string } }).remote_console;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy/i.test(k)) env[k] = v;
  // Debian's python3-tempest lives in the system interpreter's dist-packages.
  const { stdout } = await run('/usr/bin/python3', [DRIVER, url], { env, timeout: 60_000 });
  return { url, ...(JSON.parse(stdout) as { status: string; frame: string | null }) };
}

describe("tempest's console websocket helper (docs/providers/consoles.md)", () => {
  describe('on Nova’s URL form', () => {
    const emu = useEmulator({
      scenario: { huawei: { ...huaweiDemo, settings: { ...huaweiDemo.settings, urlStyle: 'nova' } } },
    });

    it('reaches the RFB handshake', async () => {
      const opened = await openWithTempest(emu.current.url);
      expect(opened.url).toContain('vnc_auto.html?path=%3Ftoken%3D');
      expect(opened).toMatchObject({ status: 'HTTP/1.1 101 Switching Protocols', frame: 'RFB 003.008\n' });
    });
  });

  describe('on Huawei’s URL form', () => {
    const emu = useEmulator();

    it('is refused as nova-novncproxy refuses it: `&lang=EN` ends up in the token cookie', async () => {
      const opened = await openWithTempest(emu.current.url);
      expect(opened.url).toMatch(/vnc_auto\.html\?token=[0-9a-f-]{36}&lang=EN$/);
      expect(opened).toMatchObject({ status: 'HTTP/1.1 101 Switching Protocols', frame: null });
    });
  });
});
