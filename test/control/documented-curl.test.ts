import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers.ts';

const ROOT = new URL('../../', import.meta.url);

/** Every `curl` line of README.md and docs/*.md that calls the control API, continuation lines joined. */
function documentedControlCalls(): Array<{ where: string; command: string }> {
  const files = [
    'README.md',
    ...readdirSync(new URL('docs/', ROOT))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const calls: Array<{ where: string; command: string }> = [];
  for (const file of files) {
    const text = readFileSync(new URL(file, ROOT), 'utf8').replace(/\\\n\s*/g, '');
    text.split('\n').forEach((line, i) => {
      if (/^curl .*\/__emulator/.test(line)) calls.push({ where: `${file}:${i + 1}`, command: line });
    });
  }
  return calls;
}

const calls = documentedControlCalls();

/**
 * The documented calls run with the real curl, as written, against an emulator with the default settings (only
 * its port differs); a pipe into jq and a trailing comment are left out, and curl is told to stop after a
 * second (the journal stream never ends) and to print the status.
 */
describe('every documented curl call of the control API works as written', () => {
  const emu = useEmulator();

  it('finds them', () => {
    expect(calls.length).toBeGreaterThanOrEqual(5);
  });

  it.each(calls)('$where', async ({ command }) => {
    const curl = command
      .replace(/\s+#.*$/, '')
      .replace(/\s*\|\s*jq .*$/, '')
      .replaceAll('127.0.0.1:9400', `127.0.0.1:${emu.current.port}`);
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('sh', ['-c', `${curl} --max-time 1 -w '\\n%{http_code}'`], (error, out) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout: out }),
      );
    });
    // 28: curl's own time limit, reached only by the stream.
    expect([0, 28]).toContain(code);
    const status = Number(stdout.trim().split('\n').at(-1));
    expect([command, status >= 200 && status < 300]).toEqual([command, true]);
    expect(stdout).not.toMatch(/^\{"error":/);
  });
});
