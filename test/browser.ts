import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * emulator. Read `.current` inside tests (it is set in `beforeAll`). With `trustCa`, Chromium runs with a HOME
 * of its own whose NSS database trusts that CA file as a user would add it (`certutil`, Debian's
 * libnss3-tools); the function is called in `beforeAll`, after the suite's emulator has made its CA.
 */
export function useBrowser(options: { trustCa?: () => string } = {}): { current: Browser } {
  const holder = {} as { current: Browser };
  let home: string | undefined;
  beforeAll(async () => {
    if (options.trustCa) home = homeTrusting(options.trustCa());
    holder.current = await chromium.launch({
      ...chromiumOptions,
      ...(home ? { env: { ...process.env, HOME: home } } : {}),
    });
  });
  afterAll(async () => {
    await holder.current?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  return holder;
}

/** A fresh HOME whose NSS database (`~/.pki/nssdb`, where Chromium on Linux reads added roots) trusts `caFile`. */
function homeTrusting(caFile: string): string {
  const home = mkdtempSync(join(tmpdir(), 'console-emulator-nss-'));
  const nssdb = join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'console-emulator', '-i', caFile]);
  return home;
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
