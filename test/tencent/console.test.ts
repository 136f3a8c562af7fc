import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TencentClient, tencentConsolePageUrl } from '../../client/tencent.ts';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import { CELL_HEIGHT, CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from '../../emulator/console/font.ts';
import { COLOURS, DEFAULT_HEIGHT, DEFAULT_WIDTH, textScale } from '../../emulator/console/screen.ts';
import { rgb, useBrowser } from '../browser.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, IDS } from './wire.ts';

/**
 * Tencent's console in headless Chromium: the emulator's page at Tencent's path, with `InstanceVncUrl` appended
 * as answered, connects with noVNC and shows the test card; the URL is good once and for 15 seconds.
 */

const emu = useEmulator({ scenario: { tencent: tencentDemo } });
const browser = useBrowser();

const client = () => new TencentClient({ baseUrl: emu.current.url, ...DEMO });
const pageUrl = async () => {
  const { instanceVncUrl } = await client().describeInstanceVncUrl({ instanceId: IDS.running });
  return tencentConsolePageUrl({
    instanceVncUrl,
    page: `${emu.current.url}/qcloud/app/active_vnc/index.html`,
  });
};
const state = (page: Page) => page.locator('#status').getAttribute('data-state');

/**
 * Where the card writes `text` as the value of its second row (`provider`), as glyph pixels that must be lit:
 * the card's layout (emulator/console/screen.ts) at the default desktop size.
 */
function providerRowPixels(text: string): Array<[number, number]> {
  const scale = textScale(DEFAULT_WIDTH);
  const margin = 4 * scale;
  const top = Math.max(8, Math.floor(DEFAULT_HEIGHT / 8)) + margin + CELL_HEIGHT * (scale + 1);
  const left = margin + 10 * CELL_WIDTH * scale;
  const lit: Array<[number, number]> = [];
  [...text].forEach((ch, i) => {
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if ((glyph(ch)[gy] ?? 0) & (1 << (GLYPH_WIDTH - 1 - gx))) {
          lit.push([left + i * CELL_WIDTH * scale + gx * scale, top + gy * scale]);
        }
      }
    }
  });
  return lit;
}

/** How many of the points are in the colour on the page's canvas. */
function litOnCanvas(page: Page, points: Array<[number, number]>, colour: number): Promise<number> {
  return page.evaluate(
    ({ points, colour }) => {
      const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
      if (!canvas || canvas.width === 0) return 0;
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      );
      return points.filter(([x, y]) => {
        const i = (y * canvas.width + x) * 4;
        return data[i] === colour[0] && data[i + 1] === colour[1] && data[i + 2] === colour[2];
      }).length;
    },
    { points, colour: rgb(colour) },
  );
}

describe('Tencent’s VNC page in Chromium', () => {
  it('opens with the InstanceVncUrl and shows the test card saying Tencent Cloud CVM', async () => {
    const url = await pageUrl();
    expect(new URL(url).pathname).toBe('/qcloud/app/active_vnc/index.html');
    const page = await browser.current.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(url);
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('connected');
      const title = providerRowPixels('Tencent Cloud CVM');
      await expect
        .poll(() => litOnCanvas(page, title, COLOURS.value), { timeout: 10_000 })
        .toBe(title.length);
      expect(emu.current.emulator.consoles.screen('tencent', IDS.running)?.identity.title).toBe(
        'Tencent Cloud CVM',
      );
      // The same URL a second time fails: the ticket was spent on the first connection.
      const again = await browser.current.newPage();
      await again.goto(url);
      await expect.poll(() => state(again), { timeout: 15_000 }).toBe('failed');
      await again.close();
    } finally {
      await page.close();
    }
  });

  it('fails with a URL unused for 15 seconds', async () => {
    const url = await pageUrl();
    emu.current.emulator.clock.advance('15s');
    const page = await browser.current.newPage();
    try {
      await page.goto(url);
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('failed');
      expect(await page.locator('#status').textContent()).toBe('Failed to connect to server');
    } finally {
      await page.close();
    }
  });
});
