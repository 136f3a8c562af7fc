import { mkdirSync } from 'node:fs';

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
