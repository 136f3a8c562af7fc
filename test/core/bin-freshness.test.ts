import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/**
 * Decision 0004: in a checkout the bin runs a prebuilt bundle, and never a stale one. Each case edits a copy of
 * the checkout (its own node_modules folder of links to this one's packages, so the bundle and its caches are
 * written in the copy) and asks the bin for its help text, which comes from cli/main.ts.
 */
describe('the bin in a checkout', () => {
  const tree = mkdtempSync(join(tmpdir(), 'console-emulator-checkout-'));
  const cli = join(tree, 'cli/main.ts');
  const cache = join(tree, 'node_modules/.cache/console-emulator');
  const original = readFileSync(join(ROOT, 'cli/main.ts'), 'utf8');
  const ORIGINAL_LINE = 'Runs an offline emulator of the cloud APIs';
  const bin = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, [join(tree, 'bin/console-emulator.js'), ...args], {
      cwd: tree,
      env: { ...process.env, ...env },
    });
  /** cli/main.ts with its help text's line about the emulator replaced by `line` (same length or not). */
  const editHelp = (line: string) => writeFileSync(cli, original.replace(ORIGINAL_LINE, line));
  const builtId = () => (JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { id: string }).id;

  beforeAll(() => {
    for (const dir of ['bin', 'scripts', 'contracts', 'emulator', 'client', 'kit', 'openapi', 'cli']) {
      cpSync(join(ROOT, dir), join(tree, dir), { recursive: true });
    }
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
      copyFileSync(join(ROOT, file), join(tree, file));
    }
    mkdirSync(join(tree, 'node_modules'));
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== '.cache')
        symlinkSync(join(ROOT, 'node_modules', entry), join(tree, 'node_modules', entry));
    }
  });

  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('builds its bundle when there is none, and runs it', async () => {
    const { stdout, stderr } = await bin(['--help']);
    expect(stdout).toContain(ORIGINAL_LINE);
    expect(stderr).toBe('');
    expect(existsSync(join(cache, 'console-emulator.cjs'))).toBe(true);
  });

  it('rebuilds it before running when a source changed', async () => {
    const before = builtId();
    editHelp('Runs an edited emulator of the cloud APIs');
    const { stdout } = await bin(['--help']);
    expect(stdout).toContain('Runs an edited emulator');
    expect(builtId()).not.toBe(before);
  });

  it('sees an edit that leaves the size and the mtime as they were', async () => {
    // Two texts of one length, each given the same mtime: only the content tells them apart. A file the build
    // read within 2 s of its mtime (here: one in the future) keeps its content hash in the manifest.
    const mtime = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    editHelp('Runs version AAAA of the emulator for the cloud APIs');
    utimesSync(cli, mtime, mtime);
    expect((await bin(['--help'])).stdout).toContain('version AAAA');
    editHelp('Runs version BBBB of the emulator for the cloud APIs');
    utimesSync(cli, mtime, mtime);
    expect((await bin(['--help'])).stdout).toContain('version BBBB');
  });

  it('keeps such a content hash only while the file is young enough to change unseen', async () => {
    // Dated a second ahead: the build reads it within 2 s of its mtime even if it starts 2 s late.
    const edited = Math.ceil(Date.now() / 1000) * 1000 + 1_000;
    editHelp('Runs a just-edited emulator of the cloud APIs');
    utimesSync(cli, new Date(edited), new Date(edited));
    await bin(['--help']);
    const entry = () =>
      (
        JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as {
          inputs: Record<string, unknown[]>;
        }
      ).inputs['cli/main.ts'];
    expect(entry()).toHaveLength(3);
    // Two seconds past its mtime, a change would move the mtime: the next start checks it and drops the hash.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, edited + 2_100 - Date.now())));
    expect((await bin(['--help'])).stdout).toContain('Runs a just-edited emulator');
    expect(entry()).toHaveLength(2);
  });

  it('rebuilds it when package.json or the installed packages changed', async () => {
    await bin(['--version']);
    const built = statSync(join(cache, 'console-emulator.cjs')).mtimeMs;
    const later = new Date(Date.now() + 120_000);
    utimesSync(join(tree, 'package.json'), later, later);
    await bin(['--version']);
    expect(statSync(join(cache, 'console-emulator.cjs')).mtimeMs).not.toBe(built);
    // The lock file npm writes into node_modules at every install: a copy here, so the real one is not touched.
    unlinkSync(join(tree, 'node_modules/.package-lock.json'));
    copyFileSync(
      join(ROOT, 'node_modules/.package-lock.json'),
      join(tree, 'node_modules/.package-lock.json'),
    );
    const rebuilt = statSync(join(cache, 'console-emulator.cjs')).mtimeMs;
    await bin(['--version']);
    expect(statSync(join(cache, 'console-emulator.cjs')).mtimeMs).not.toBe(rebuilt);
  });

  it('runs the sources through tsx when it cannot build the bundle, never the stale bundle', async () => {
    unlinkSync(join(tree, 'node_modules/esbuild'));
    try {
      editHelp('Runs a fallen-back emulator of the cloud APIs');
      const { stdout, stderr } = await bin(['--help']);
      expect(stdout).toContain('Runs a fallen-back emulator');
      expect(stderr).toContain('running them through tsx');
    } finally {
      symlinkSync(join(ROOT, 'node_modules/esbuild'), join(tree, 'node_modules/esbuild'));
    }
  });

  it('runs the sources through tsx when CONSOLE_EMULATOR_TSX=1', async () => {
    await bin(['--help']);
    editHelp('Runs a tsx-run emulator of the cloud APIs');
    const stale = readFileSync(join(cache, 'console-emulator.cjs'), 'latin1');
    const { stdout } = await bin(['--help'], { CONSOLE_EMULATOR_TSX: '1' });
    expect(stdout).toContain('Runs a tsx-run emulator');
    // tsx ran the sources: the bundle was neither used nor rebuilt.
    expect(readFileSync(join(cache, 'console-emulator.cjs'), 'latin1')).toBe(stale);
  });
});
