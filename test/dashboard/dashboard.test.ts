import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  EcsClient,
  GetServerRemoteConsoleOption,
  ShowServerRemoteConsoleRequest,
  ShowServerRemoteConsoleRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { COLOURS } from '../../emulator/console/screen.ts';
import { listen } from '../../emulator/server.ts';
import { artifactsDir, chromiumOptions, rgb } from '../browser.ts';
import { useEmulator } from '../helpers.ts';
import { demo } from '../huawei/support.ts';

/** A console URL for `demo-active`, as a portal gets it: the official Huawei Node SDK with AK/SK. */
async function sdkConsoleUrl(baseUrl: string): Promise<URL> {
  const credentials = new BasicCredentials()
    .withAk(demo.accessKeyId)
    .withSk(demo.secretAccessKey)
    .withProjectId(demo.projectId);
  const client = EcsClient.newBuilder().withCredential(credentials).withEndpoint(baseUrl).build();
  const option = new GetServerRemoteConsoleOption().withProtocol('vnc').withType('novnc');
  const request = new ShowServerRemoteConsoleRequest()
    .withServerId(demo.active)
    .withBody(new ShowServerRemoteConsoleRequestBody().withRemoteConsole(option));
  // The SDK resolves with the parsed JSON (wire names), not an instance of its response class.
  const answer = (await client.showServerRemoteConsole(request)) as unknown as {
    remote_console: { url: string };
  };
  return new URL(answer.remote_console.url);
}

/** The colour at (x, y) of a loaded thumbnail, read back through a canvas. */
function thumbnailPixel(page: Page, selector: string, x: number, y: number) {
  return page.locator(selector).evaluate(
    (img: HTMLImageElement, [px, py]) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(img, 0, 0);
      const { data } = context.getImageData(px as number, py as number, 1, 1);
      return { size: [img.naturalWidth, img.naturalHeight], colour: [data[0], data[1], data[2]] };
    },
    [x, y],
  );
}

describe('the dashboard at /__emulator/ in headless Chromium', () => {
  // Frozen at the real time: the SDK signs with the wall clock, which must stay within 15 minutes of it.
  const emu = useEmulator({ clock: createClock({ frozen: true }) });
  let browser: Browser;
  let home: string;
  const previousHome = process.env.HOME;

  beforeAll(async () => {
    // The SDK writes ~/.huaweicloud/application_id when a client is built: keep it out of the real home.
    home = mkdtempSync(join(tmpdir(), 'huawei-sdk-home-'));
    process.env.HOME = home;
    browser = await chromium.launch(chromiumOptions);
  });

  afterAll(async () => {
    await browser?.close();
    process.env.HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  it('shows a token issued through the SDK counting down, expires it with +10 min, opens a console and its thumbnail', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${emu.current.url}/__emulator`);
    expect(new URL(page.url()).pathname).toBe('/__emulator/');
    await expect.poll(() => page.locator('#clock-now').getAttribute('data-state')).toBe('frozen');
    await expect.poll(() => page.locator('#journal-live').textContent()).toBe('live');

    // A token appears with its countdown on the emulator clock (frozen: exactly Huawei's ten minutes).
    const first = (await sdkConsoleUrl(emu.current.url)).searchParams.get('token') as string;
    const row = page.locator(`#tokens tr[data-token="${first}"]`);
    await expect.poll(() => row.locator('.expires').textContent()).toBe('10:00');
    expect(await row.getAttribute('data-state')).toBe('live');
    expect(await row.locator('.used').textContent()).toBe('unused');
    expect(await row.locator('.resource .name').textContent()).toBe('demo-active');

    // The request that issued it, expanded in the journal: the SDK's signed call, the answer with the URL (its
    // token hidden, as every console credential in the journal).
    await row.locator('.request button').click();
    const issued = page.locator('#journal tr.exchange:not([hidden])');
    await expect
      .poll(() => issued.locator('.payload').last().textContent())
      .toContain('/vnc_auto.html?token=***&lang=EN&tLength=70');
    expect(await issued.locator('.payload').last().textContent()).not.toContain(first);
    const requestHead = (await issued.locator('.head').first().textContent()) as string;
    expect(requestHead).toContain(`POST ${emu.current.url}/v1/${demo.projectId}/cloudservers/${demo.active}`);
    expect(requestHead).toMatch(
      /authorization: SDK-HMAC-SHA256 Access=DEMOAKHUAWEI00000001, .*Signature=\*\*\*/,
    );
    expect(requestHead).not.toMatch(/Signature=[0-9a-f]{64}/);
    await page.locator('.journal').screenshot({ path: join(artifactsDir(), 'dashboard-exchange.png') });

    // "+10 min", from the keyboard: the token is marked expired and cannot be opened any more.
    await page.getByRole('button', { name: 'Advance +10 min' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-state')).toBe('expired');
    expect(await row.locator('.expires').textContent()).toBe('expired');
    expect(await row.locator('.actions a').count()).toBe(0);

    // A second URL, opened from the page: a live viewer appears with a thumbnail of the test card.
    const second = (await sdkConsoleUrl(emu.current.url)).searchParams.get('token') as string;
    const open = page.locator(`#tokens tr[data-token="${second}"] .actions a`);
    await open.waitFor();
    const [consolePage] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await expect
      .poll(() => consolePage.locator('#status').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('connected');
    const card = page.locator(`#viewers li[data-resource="${demo.active}"]`);
    await expect
      .poll(() => card.locator('img').getAttribute('data-loaded'), { timeout: 15_000 })
      .toBeTruthy();
    const thumbnail = `#viewers li[data-resource="${demo.active}"] img`;
    // The first of the test card's colour bars, top left.
    expect(await thumbnailPixel(page, thumbnail, 10, 10)).toEqual({
      size: [320, 240],
      colour: rgb(COLOURS.bars[0]),
    });
    expect(await card.locator('.meta').textContent()).toMatch(/^1 viewer · 1024×768 · opened/);
    await expect
      .poll(() => page.locator(`#tokens tr[data-token="${second}"] .used`).textContent())
      .toMatch(/^used \d\d:\d\d:\d\d$/);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactsDir(), 'dashboard-1280x800.png') });
    await page.setViewportSize({ width: 420, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifactsDir(), 'dashboard-420x800.png') });
    await page.screenshot({ path: join(artifactsDir(), 'dashboard-420-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A status change from the resources table closes the console, as the control API does.
    const server = page.locator(`[data-provider="huawei"] tr[data-resource="${demo.active}"]`);
    await server.getByLabel('New status of demo-active').selectOption('SHUTOFF');
    await server.getByRole('button', { name: 'Set status of demo-active' }).click();
    await expect.poll(() => server.getAttribute('data-status')).toBe('SHUTOFF');
    await expect
      .poll(() => consolePage.locator('#status').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('disconnected');
    await expect.poll(() => card.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when the emulator is unreachable', async () => {
    const own = await listen({ host: '127.0.0.1', port: 0 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${own.url}/__emulator/`);
    await expect.poll(() => page.locator('#journal-live').textContent()).toBe('live');
    expect(await page.locator('#banner').isHidden()).toBe(true);
    await own.close();
    const banner = page.getByRole('alert').filter({ hasText: 'unreachable' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(`The emulator at ${own.url} is unreachable`);
    await page.screenshot({ path: join(artifactsDir(), 'dashboard-unreachable.png') });
    await context.close();
  });
});
