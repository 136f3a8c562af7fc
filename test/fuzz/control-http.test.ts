import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import { listen, type RunningEmulator } from '../../emulator/server.ts';
import { send } from '../control/support.ts';
import { buildRequest, controlRequest } from './requests.ts';
import { checkShape } from './shapes.ts';

/**
 * The control API's guards fuzzed over HTTP, where they apply (in-process calls are the caller's own code):
 * generated control requests with generated `Host`, `Origin` and `Sec-Fetch-Site` headers and snapshot file
 * names. A foreign host is always `forbidden_host`, a cross-site change always `cross_origin`, everything else
 * an answer in the control API's shape and never a 5xx; no file appears outside the snapshot folder.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const outer = mkdtempSync(join(tmpdir(), 'fuzz-snapshots-'));
const folder = join(outer, 'snapshots');
mkdirSync(folder);
writeFileSync(join(outer, 'keep.txt'), 'outside\n');
symlinkSync(outer, join(folder, 'out'));

const SAFE = ['GET', 'HEAD', 'OPTIONS'];
const METHODS = [...SAFE, 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Headers this suite sets itself, or that would make the request another one than generated. */
const OWN_HEADERS =
  /^(host|origin|sec-fetch-site|content-length|transfer-encoding|connection|expect|upgrade)$/i;

const FILE_NAMES = [
  'fuzz.json',
  'sub/x.json',
  '../escape.json',
  '/tmp/escape.json',
  join(outer, 'keep.txt'),
  'out/escape.json',
  'out/keep.txt',
  '..',
  '.',
  '',
  'a\u0000b',
  '%2e%2e/x.json',
  'C:\\x.json',
];

let running: RunningEmulator;
beforeAll(async () => {
  running = await listen({
    port: 0,
    snapshotDir: folder,
    allowedHosts: ['emu.internal'],
    clock: createClock({ start: '2026-03-02T04:00:00.000Z', frozen: true }),
  });
});
afterAll(async () => {
  await running?.close();
});

let logged: unknown[][] = [];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('fuzz: the control API over HTTP', () => {
  it('refuses foreign hosts and cross-site changes, confines snapshot files, and answers the rest in shape', async () => {
    const port = () => running.port;
    const host = fc.oneof(
      fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '127.3.2.1', 'emu.internal').map((h) => ({
        value: `${h}:${port()}`,
        allowed: true,
      })),
      fc
        .oneof(
          fc.constantFrom(
            'attacker.example',
            'localhost.attacker.example',
            '127.0.0.1.nip.io',
            'emu.internal.evil',
          ),
          fc.domain(),
        )
        .filter((h) => h !== 'localhost' && h !== 'emu.internal')
        .map((h) => ({ value: `${h}:${port()}`, allowed: false })),
    );
    const origin = fc.option(
      fc.constantFrom('OWN', 'http://evil.example', 'null', 'http://localhost:1', 'http://127.0.0.1:1'),
      { nil: undefined },
    );
    const site = fc.option(fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none'), {
      nil: undefined,
    });
    const fileBody = fc.record({
      path: fc.constantFrom('/__emulator/snapshot', '/__emulator/snapshot/load'),
      file: fc.constantFrom(...FILE_NAMES),
    });
    await fc.assert(
      fc.asyncProperty(
        controlRequest(),
        fc.constantFrom(...METHODS),
        host,
        origin,
        site,
        fc.option(fileBody, { nil: undefined }),
        async (spec, method, hostHeader, originHeader, siteHeader, file) => {
          logged = [];
          const request = buildRequest(running.emulator, {
            ...spec,
            method,
            ...(file ? { path: file.path, body: { data: JSON.stringify({ file: file.file }) } } : {}),
          });
          const url = new URL(request.url);
          const headers: Record<string, string> = {};
          for (const [name, value] of request.headers) if (!OWN_HEADERS.test(name)) headers[name] = value;
          headers.Host = hostHeader.value;
          const ownOrigin = `http://${hostHeader.value}`;
          if (originHeader) headers.Origin = originHeader === 'OWN' ? ownOrigin : originHeader;
          if (siteHeader) headers['Sec-Fetch-Site'] = siteHeader;
          const body = SAFE.includes(method) ? undefined : await request.text();
          const answer = await send(port(), `${url.pathname}${url.search}`, {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
          });
          const crossSite =
            (originHeader !== undefined && originHeader !== 'OWN') ||
            siteHeader === 'cross-site' ||
            siteHeader === 'same-site';
          // A HEAD answer has no body to name its code: its status says enough.
          const code =
            answer.status !== 403
              ? ''
              : method === 'HEAD'
                ? 'forbidden_host or cross_origin'
                : (JSON.parse(answer.text) as { error: { code: string } }).error.code;
          const refused = (expected: string) =>
            expect(code).toBe(method === 'HEAD' ? 'forbidden_host or cross_origin' : expected);
          // A generated `..` can lead out of /__emulator/ (the URL is normalised): then a provider answers.
          if (!/^\/__emulator(\/|$)/.test(url.pathname)) expect(answer.status).toBeLessThan(500);
          else if (!hostHeader.allowed) refused('forbidden_host');
          else if (!SAFE.includes(method) && crossSite) refused('cross_origin');
          else {
            expect(answer.status).not.toBe(403);
            expect(answer.status).toBeLessThan(500);
            checkShape('control', {
              method,
              status: answer.status,
              contentType: String(answer.headers['content-type'] ?? ''),
              headers: new Headers(),
              text: answer.text,
            });
          }
          expect(answer.headers['x-content-type-options']).toBe('nosniff');
          expect(readdirSync(outer).sort()).toEqual(['keep.txt', 'snapshots']);
          expect(logged).toEqual([]);
        },
      ),
      { seed: SEED + 20, numRuns: RUNS },
    );
  });
});
