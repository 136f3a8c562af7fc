import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium, which `.ci/run` installs (a test tool's own browser download cannot work offline). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless and quiet: without the background-networking flags Chromium keeps trying hosts this closed
 * network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch options for playwright-core's `chromium.launch` / `launchPersistentContext`. */
export const chromiumOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

/**
 * Launches headless Chromium for the enclosing suite and closes it afterwards, as `useEmulator()` does for the
 * emulator. Read `.current` inside tests (it is set in `beforeAll`).
 */
export function useBrowser(): { current: Browser } {
  const holder = {} as { current: Browser };
  beforeAll(async () => {
    holder.current = await chromium.launch(chromiumOptions);
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return holder;
}

/** Where browser tests write their screenshots (git-ignored); created on first use. */
export function artifactsDir(): string {
  const dir = new URL('../test-artifacts/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A 0xRRGGBB colour as the `[r, g, b]` a canvas pixel read gives. */
export const rgb = (colour: number): [number, number, number] => [
  (colour >> 16) & 0xff,
  (colour >> 8) & 0xff,
  colour & 0xff,
];
