import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/app.ts';

const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts the bin; resolves with its URL and everything it printed up to and including `listening on`. */
function start(args: string[]): Promise<{ url: string; lines: string[] }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--log', 'off', ...args]);
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening on (http:\/\/\S+)\n/m.exec(output);
      if (match) {
        const end = output.indexOf(match[0]) + match[0].length;
        resolve({ url: match[1] as string, lines: output.slice(0, end).split('\n').slice(0, -1) });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

/** Each registered provider of the demo, with the line the banner owes it. */
function demoProviders(url: string) {
  return createEmulator().providers.map((p) => ({ name: p.name, ...p.summary(url).quickStart }));
}

describe('the start-up banner', () => {
  it('fits one screen: the first 30 lines hold every address a user starts from, each of which answers', async () => {
    const { url, lines } = await start([]);
    const screen = lines.slice(0, 30);
    expect(lines).toHaveLength(screen.length);
    expect(screen.at(-1)).toBe(`listening on ${url}`);
    const providers = demoProviders(url);
    expect(providers.length).toBeGreaterThanOrEqual(3);
    for (const { name, url: base, login } of providers) {
      // One line per provider: its name, the URL to point a client at, and a demo login.
      expect(screen).toContainEqual(expect.stringMatching(new RegExp(`^ +${name} +\\S+ +\\S`)));
      const line = screen.find((l) => l.trim().startsWith(`${name} `)) ?? '';
      expect(line).toContain(base);
      expect(line).toContain(login);
      expect(login).toMatch(/ \/ /);
    }
    const addresses = [
      `${url}/__emulator/`,
      `${url}/docs`,
      ...providers.map((p) => `${url}/openapi/${p.name}.json`),
      `${url}/__emulator/state`,
      `${url}/__emulator/health`,
    ];
    const text = screen.join('\n');
    for (const address of addresses) {
      expect(text).toMatch(new RegExp(`${address.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}(\\s|$)`));
      expect((await fetch(address)).status, address).toBe(200);
    }
    expect(text).toContain('console-emulator --banner full');
    expect(text).toContain('console-emulator scenario --print-demo');
  });

  it('--banner full prints every endpoint, credential and resource table, then the same screen', async () => {
    const short = await start([]);
    const full = await start(['--banner', 'full']);
    const text = full.lines.join('\n');
    for (const heading of ['Endpoints:', 'Credentials:', 'Resources:'])
      expect(text.split(heading).length - 1).toBe(demoProviders(full.url).length);
    // The screen a user reads last is the short one (less the pointer to --banner full).
    const screen = (lines: string[], url: string) =>
      lines
        .slice(lines.findIndex((l) => l.startsWith('console-emulator: ')))
        .map((l) => l.replaceAll(url, 'URL'))
        .filter((l) => !l.includes('--banner full'));
    expect(screen(full.lines, full.url)).toEqual(screen(short.lines, short.url));
    expect(full.lines.length).toBeGreaterThan(short.lines.length + 30);
  });

  it('refuses a --banner it does not know with one line and exit status 2', async () => {
    const failure = await promisify(execFile)(process.execPath, [BIN, '--banner', 'loud']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr.split('\n')[0]).toBe(
      'console-emulator: --banner must be short or full, got "loud"',
    );
  });
});
