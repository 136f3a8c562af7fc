import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { GLYPH_HEIGHT, glyph } from '../../emulator/console/font.ts';
import { COLOURS, DEFAULT_HEIGHT, DEFAULT_WIDTH, textScale } from '../../emulator/console/screen.ts';
import { artifactsDir, chromiumOptions, rgb } from '../browser.ts';
import { useEmulator } from '../helpers.ts';
import {
  aliyun,
  aliyunPageUrl,
  aliyunVncUrl,
  hpc,
  hpcDeleteSession,
  hpcLaunchUrl,
  hpcToken,
  huawei,
  huaweiConsoleUrl,
} from './support.ts';

/** How many pixels of the typed-text colour `text` paints on a card `width` pixels wide. */
function typedPixels(text: string, width: number): number {
  const scale = textScale(width);
  let bits = 0;
  for (const ch of text) {
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      let mask = glyph(ch)[row] ?? 0;
      for (; mask; mask &= mask - 1) bits++;
    }
  }
  return bits * scale * scale;
}

/** What the page's canvas shows: its size, the colour at the middle of each top bar, typed-colour pixels. */
function readCanvas(page: Page) {
  return page.evaluate((typed: readonly number[]) => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const at = (x: number, y: number) => {
      const i = (y * canvas.width + x) * 4;
      return [data[i], data[i + 1], data[i + 2]];
    };
    const bars = Array.from({ length: 7 }, (_, i) => at(Math.floor(((i + 0.5) * canvas.width) / 7), 10));
    let typedCount = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === typed[0] && data[i + 1] === typed[1] && data[i + 2] === typed[2]) typedCount++;
    }
    return { width: canvas.width, height: canvas.height, bars, typedCount };
  }, rgb(COLOURS.typed));
}

/** A position-weighted sum of every pixel's colour: the canvas's and the screen's agree only if all pixels do. */
const checksumScript = (pixel: (i: number) => number, count: number) => {
  let sum = 0;
  for (let i = 0; i < count; i++) sum = (sum + pixel(i) * ((i % 251) + 1)) % 4294967291;
  return sum;
};

function canvasChecksum(page: Page): Promise<number> {
  return page.evaluate((script: string) => {
    const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const checksum = new Function(`return ${script}`)() as (p: (i: number) => number, n: number) => number;
    return checksum(
      (i) =>
        (data[i * 4] as number) * 65536 + (data[i * 4 + 1] as number) * 256 + (data[i * 4 + 2] as number),
      data.length / 4,
    );
  }, checksumScript.toString());
}

const state = (page: Page) => page.locator('#status').getAttribute('data-state');

describe('live consoles in headless Chromium (noVNC from the npm package)', () => {
  const emu = useEmulator({ clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }) });
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'console-emulator-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      ...chromiumOptions,
      viewport: { width: 1280, height: 800 },
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /**
   * Opens a console page, waits for noVNC to connect and draw the card `width` pixels wide, types `text` and
   * checks it arrived.
   */
  async function openAndType(
    url: string,
    provider: 'huawei' | 'aliyun' | 'hpc',
    resourceId: string,
    text: string,
    width = DEFAULT_WIDTH,
  ) {
    const page = await context.newPage();
    await page.goto(url);
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe('connected');
    // noVNC reports "connected" at ServerInit, before the first update is drawn; with resize=remote its
    // SetDesktopSize and the answering update come later still. The card is read once it is drawn at `width`.
    const bars = COLOURS.bars.map((c) => [...rgb(c)]);
    const drawn = async () => {
      const canvas = await readCanvas(page);
      return { width: canvas.width, bars: canvas.bars };
    };
    await expect.poll(drawn, { timeout: 10_000 }).toEqual({ width, bars });
    const before = await readCanvas(page);
    expect(before.bars).toEqual(bars);
    await page.locator('#screen canvas').click({ position: { x: 600, y: 500 } });
    await page.keyboard.type(text);
    const screen = () => emu.current.emulator.consoles.screen(provider, resourceId);
    await expect.poll(() => screen()?.typed).toBe(text);
    const expected = typedPixels(text, before.width);
    await expect.poll(async () => (await readCanvas(page)).typedCount, { timeout: 10_000 }).toBe(expected);
    expect(screen()?.marks.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifactsDir(), `console-${provider}.png`) });
    return { page, canvas: before };
  }

  it('Huawei: the remote-consoles URL opens, shows the card, takes keys; after 10 minutes it fails to connect', async () => {
    const url = await huaweiConsoleUrl(emu.current);
    expect(url.pathname).toBe('/vnc_auto.html');
    const { page } = await openAndType(url.href, 'huawei', huawei.active, 'Hello Huawei');
    await page.close();
    emu.current.emulator.clock.advance('10m');
    const again = await context.newPage();
    await again.goto(url.href);
    await expect.poll(() => state(again), { timeout: 15_000 }).toBe('failed');
    expect(await again.locator('#status').textContent()).toBe('Failed to connect to server');
    await again.screenshot({ path: join(artifactsDir(), 'console-huawei-expired.png') });
    await again.close();
  });

  it('Huawei: two pages of one server, the second opened later, draw the same Zlib blocks exactly as the screen is', async () => {
    const bars = COLOURS.bars.map((c) => [...rgb(c)]);
    const pages: Page[] = [];
    for (const _ of [1, 2]) {
      const page = await context.newPage();
      await page.goto((await huaweiConsoleUrl(emu.current)).href);
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('connected');
      await expect.poll(async () => (await readCanvas(page)).bars, { timeout: 10_000 }).toEqual(bars);
      pages.push(page);
    }
    const [first, second] = pages as [Page, Page];
    const live = emu.current.emulator.consoles.consoles('huawei', huawei.active);
    expect(live).toHaveLength(2);
    // Zlib, not Raw: each page got less than one Raw frame of bytes.
    for (const c of live) expect(c.rfb.stats.bytes).toBeLessThan(DEFAULT_WIDTH * DEFAULT_HEIGHT * 4);
    await second.locator('#screen canvas').click({ position: { x: 600, y: 500 } });
    await second.keyboard.type(' and two');
    const screen = emu.current.emulator.consoles.screen('huawei', huawei.active);
    await expect.poll(() => screen?.typed.endsWith(' and two')).toBe(true);
    const expected = () => {
      const pixels = screen?.pixels() ?? new Uint32Array();
      return checksumScript((i) => pixels[i] as number, pixels.length);
    };
    for (const page of pages)
      await expect
        .poll(async () => (await canvasChecksum(page)) === expected(), { timeout: 10_000 })
        .toBe(true);
    await first.close();
    await second.close();
  });

  it("Alibaba: VncUrl on the console page with the instance's password; after 15 seconds it fails", async () => {
    const vncUrl = await aliyunVncUrl(emu.current);
    const pageUrl = aliyunPageUrl(emu.current, vncUrl, aliyun.password);
    const { page } = await openAndType(pageUrl, 'aliyun', aliyun.running, 'Hello Aliyun');
    await page.close();
    const late = aliyunPageUrl(emu.current, await aliyunVncUrl(emu.current), aliyun.password);
    emu.current.emulator.clock.advance('15s');
    const again = await context.newPage();
    await again.goto(late);
    await expect.poll(() => state(again), { timeout: 15_000 }).toBe('failed');
    await again.close();
  });

  it('HPC: the launch URL (mm, resize=remote) resizes the desktop to the page; deleting the session ends it', async () => {
    const token = await hpcToken(emu.current);
    const url = await hpcLaunchUrl(emu.current, token);
    const { page, canvas } = await openAndType(url, 'hpc', hpc.session, 'Hello HPC', 1280);
    // resize=remote: noVNC asked for its container's size with SetDesktopSize.
    expect(canvas.width).toBe(1280);
    expect(emu.current.emulator.consoles.screen('hpc', hpc.session)?.width).toBe(1280);
    await hpcDeleteSession(emu.current, token);
    emu.current.emulator.consoles.tick();
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe('disconnected');
    await page.close();
    const again = await context.newPage();
    await again.goto(url);
    await expect.poll(() => state(again), { timeout: 15_000 }).toBe('failed');
    await again.close();
  });
});
