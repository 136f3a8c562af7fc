import { describe, expect, it } from 'vitest';
import { useBrowser } from '../browser.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from '../huawei/support.ts';

describe('the journal’s verdict column in headless Chromium', () => {
  const emu = useEmulator();
  const browser = useBrowser();

  it('marks a request that breaks its contract with the field, a conforming one ✓, and filters by verdict', async () => {
    const page = await browser.current.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${emu.current.url}/__emulator/`);
    await expect.poll(() => page.locator('#journal-live').textContent()).toBe('live');

    const token = await iamToken(emu.current.url);
    const call = (body: object) =>
      nova(emu.current.url, consolesPath(demo.active), { token, version: '2.6', body });
    expect((await call({ remote_console: { type: 'novnc' } })).status).toBe(400);
    const broken = emu.current.emulator.journal.last()?.seq;
    expect((await call({ remote_console: { protocol: 'vnc', type: 'novnc' } })).status).toBe(200);
    const conforming = emu.current.emulator.journal.last()?.seq;

    const verdictOf = (seq: number | undefined) =>
      page.locator(`#journal tr.entry[data-seq="${seq}"] td.verdict`);
    await expect.poll(() => verdictOf(broken).textContent()).toMatch(/^✗ body\.remote_console\.protocol: /);
    expect(await verdictOf(broken).locator('span').getAttribute('title')).toContain(
      "'protocol' is a required property",
    );
    await expect.poll(() => verdictOf(conforming).textContent()).toBe('✓');

    await page.locator('#journal-filters select[name="verdict"]').selectOption('violation');
    await expect.poll(() => verdictOf(conforming).count()).toBe(0);
    expect(await verdictOf(broken).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
