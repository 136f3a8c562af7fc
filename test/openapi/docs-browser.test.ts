import { describe, expect, it } from 'vitest';
import { useBrowser } from '../browser.ts';
import { useEmulator } from '../helpers.ts';

describe('GET /docs in Chromium', () => {
  const emu = useEmulator();
  const browser = useBrowser();

  it('renders every provider’s operations and schemas, with nothing fetched from elsewhere', async () => {
    const page = await browser.current.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${emu.current.url}/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('console-emulator API reference');
    expect(await page.locator('section h2').allTextContents()).toEqual([
      expect.stringContaining('Huawei Cloud ECS'),
      expect.stringContaining('Alibaba Cloud ECS'),
      expect.stringContaining('SCNet / Sugon'),
      expect.stringContaining('Tencent Cloud CVM'),
    ]);

    // An operation opens and shows its error examples as the emulator writes them.
    const op = page.locator('#aliyun-op-DescribeInstanceVncUrl');
    await op.locator('summary').click();
    await expect.poll(() => op.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    const text = await op.innerText();
    expect(text).toContain('IncorrectInstanceStatus');
    expect(text).toContain('The current status of the resource does not support this operation.');

    // Schema links inside a response lead to the schema's section.
    const link = page.locator('#hpc-op-getVncLaunchUrl a[href="#hpc-schema-LaunchUrlResponse"]').first();
    expect(await link.count()).toBe(1);
    expect(await page.locator('#hpc-schema-LaunchUrlResponse').count()).toBe(1);

    expect(errors).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(emu.current.url))).toEqual([]);
    await page.close();
  });

  it('links each document, which the browser loads as JSON', async () => {
    const page = await browser.current.newPage();
    await page.goto(`${emu.current.url}/docs`);
    const hrefs = await page
      .locator('a[href^="/openapi/"]')
      .evaluateAll((els) => els.map((el) => (el as HTMLAnchorElement).getAttribute('href')));
    expect(hrefs).toEqual([
      '/openapi/huawei.json',
      '/openapi/aliyun.json',
      '/openapi/hpc.json',
      '/openapi/tencent.json',
    ]);
    const response = await page.goto(`${emu.current.url}/openapi/hpc.json`);
    expect(JSON.parse((await response?.text()) ?? '')).toMatchObject({ openapi: '3.1.0' });
    await page.close();
  });
});
