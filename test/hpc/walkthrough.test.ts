import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseLaunchUrl } from '../../contracts/hpc/launchurl.ts';
import { useEmulator } from '../helpers.ts';
import { client } from './support.ts';

const run = promisify(execFile);
const DOC = readFileSync(new URL('../../docs/providers/hpc.md', import.meta.url), 'utf8');
/** The walkthrough section of docs/providers/hpc.md: its `sh` blocks are what a new user types, in order. */
const WALKTHROUGH = DOC.split('## Walkthrough with curl')[1]?.split('\n## ')[0] ?? '';
const SH_BLOCKS = [...WALKTHROUGH.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const DOC_BASE = 'BASE=http://127.0.0.1:9400\n';

/** Runs doc blocks in one shell against this emulator (the doc's default address swapped for its port). */
async function type(blocks: string[], baseUrl: string): Promise<string[]> {
  const script = ['set -euo pipefail', ...blocks].join('\n').replace('http://127.0.0.1:9400', baseUrl);
  const { stdout } = await run('bash', ['-c', script], { cwd: tmpdir(), timeout: 30_000 });
  return stdout.trimEnd().split('\n');
}

describe('docs/providers/hpc.md, typed by a new user with curl', () => {
  const emulator = useEmulator();
  const hpc = client(emulator);

  it('starts from the address npm start listens on', () => {
    expect(SH_BLOCKS[0]).toBe(DOC_BASE);
    expect(SH_BLOCKS).toHaveLength(7);
  });

  it('token → center → create session → launch URL joined to hpcUrls, a token the emulator knows', async () => {
    const base = emulator.current.url;
    const lines = await type(SH_BLOCKS.slice(0, 5), base);
    expect(lines).toContain(`${base}/hpc`);
    expect(lines).toContain('gv101--demo--SIG--4');
    const url = lines.at(-1) as string;
    expect(url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/vnc\.html\?path=\/vncws\?token=[0-9a-f-]{36}&mm=\S+&resize=remote$/,
    );
    expect(url.startsWith(`${base}/vnc.html?`)).toBe(true);
    const launch = parseLaunchUrl(url);
    expect(hpc.model.launchTokens.get(launch?.token as string)).toMatchObject({
      sessionId: 'gv101--demo--SIG--4',
      user: 'demo',
      vncPassword: 'demovnc1',
      mm: launch?.mm,
    });
  });

  it('the clean-up block prints what the doc shows, and the AK/SK block gets tokens', async () => {
    const lines = await type(SH_BLOCKS, emulator.current.url);
    const shown = /```text\n([\s\S]*?)```/.exec(WALKTHROUGH)?.[1]?.trimEnd().split('\n') ?? [];
    expect(shown).toHaveLength(3);
    const cleanupStart = lines.indexOf(shown[0] as string);
    expect(lines.slice(cleanupStart, cleanupStart + 3)).toEqual(shown);
    const akskAnswer = JSON.parse(lines.slice(cleanupStart + 3).join('\n')) as {
      code: string;
      data: unknown[];
    };
    expect(akskAnswer.code).toBe('0');
    expect(akskAnswer.data).toHaveLength(2);
  });
});
