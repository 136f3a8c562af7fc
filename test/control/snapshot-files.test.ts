import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SNAPSHOT_DIR, snapshotFolder } from '../../emulator/control/snapshot-files.ts';
import { listen } from '../../emulator/server.ts';
import { useEmulator } from '../helpers.ts';
import { send } from './support.ts';

/** A folder with the snapshot folder inside it, so a file that escaped would land beside it. */
const outer = mkdtempSync(join(tmpdir(), 'snapshot-outer-'));
const folder = join(outer, 'snapshots');
mkdirSync(folder);
writeFileSync(join(outer, 'secret.txt'), 'not for you\n');
symlinkSync(outer, join(folder, 'out'));
symlinkSync(join(outer, 'secret.txt'), join(folder, 'secret-link.json'));

const ESCAPE = `file: must name a file inside the snapshot folder ${folder} (no absolute path, no "..")`;

describe('snapshot files stay in their folder', () => {
  const emu = useEmulator({ snapshotDir: folder });
  const call = async (path: string, body: unknown) => {
    const answer = await send(emu.current.port, `/__emulator${path}`, { body: JSON.stringify(body) });
    return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
  };

  it('{"file": NAME} writes NAME in the snapshot folder and loads it back', async () => {
    expect(await call('/snapshot', { file: 'before.json' })).toEqual({
      status: 200,
      body: { written: join(folder, 'before.json') },
    });
    expect(JSON.parse(readFileSync(join(folder, 'before.json'), 'utf8'))).toMatchObject({
      format: 'console-emulator/snapshot@1',
    });
    expect(await call('/snapshot/load', { file: 'before.json' })).toMatchObject({
      status: 200,
      body: { loaded: true },
    });
    expect((await call('/snapshot', { file: 'before.json' })).status).toBe(200);
  });

  it.each([
    '/tmp/x.json',
    join(outer, 'secret.txt'),
    '../secret.txt',
    '../x.json',
    'sub/../../x.json',
    '..',
    '.',
    'out/x.json',
    'out/secret.txt',
    'secret-link.json',
    'a\u0000b',
  ])(
    '%j: writing and loading are both 400, in the same words, and nothing outside is touched',
    async (file) => {
      const outside = readdirSync(outer).sort();
      for (const path of ['/snapshot', '/snapshot/load']) {
        expect(await call(path, { file })).toEqual({
          status: 400,
          body: { error: { code: 'invalid_request', message: ESCAPE } },
        });
      }
      expect(readdirSync(outer).sort()).toEqual(outside);
      expect(readFileSync(join(outer, 'secret.txt'), 'utf8')).toBe('not for you\n');
    },
  );

  it('a load never tells whether a path outside the folder exists', async () => {
    const answers = [];
    for (const file of [
      '/etc/passwd',
      '/nonexistent/file',
      '../secret.txt',
      '../nothing',
      'out/secret.txt',
      'out/nothing',
    ]) {
      answers.push(await call('/snapshot/load', { file }));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it('a write never replaces a file that is not an emulator snapshot', async () => {
    writeFileSync(join(folder, 'notes.json'), '{"mine": true}\n');
    mkdirSync(join(folder, 'a-folder.json'), { recursive: true });
    for (const file of ['notes.json', 'a-folder.json']) {
      expect(await call('/snapshot', { file })).toEqual({
        status: 400,
        body: {
          error: {
            code: 'invalid_request',
            message: `file: ${file} exists and is not a console-emulator snapshot; it is left as it is`,
          },
        },
      });
    }
    expect(readFileSync(join(folder, 'notes.json'), 'utf8')).toBe('{"mine": true}\n');
  });

  it('a name inside the folder that is missing or not JSON says so', async () => {
    expect((await call('/snapshot/load', { file: 'missing.json' })).body).toEqual({
      error: { code: 'invalid_request', message: 'file: cannot read missing.json: ENOENT' },
    });
    writeFileSync(join(folder, 'broken.json'), '{');
    expect((await call('/snapshot/load', { file: 'broken.json' })).body).toEqual({
      error: { code: 'invalid_request', message: 'file: broken.json is not JSON' },
    });
  });
});

describe('the snapshot folder', () => {
  it('is --snapshot-dir, else the folder of --state-file, else ./.console-emulator/snapshots/', () => {
    expect(snapshotFolder({ snapshotDir: 'snaps', stateFile: '/var/x/state.json' })).toBe(resolve('snaps'));
    expect(snapshotFolder({ stateFile: '/var/x/state.json' })).toBe('/var/x');
    expect(snapshotFolder({})).toBe(resolve(DEFAULT_SNAPSHOT_DIR));
    expect(DEFAULT_SNAPSHOT_DIR).toBe('.console-emulator/snapshots');
  });

  it('beside the state file, over HTTP; created when missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-dir-'));
    const nested = join(dir, 'not-yet');
    for (const options of [{ stateFile: join(dir, 'state.json') }, { snapshotDir: nested }]) {
      const running = await listen({ port: 0, ...options });
      try {
        const answer = await send(running.port, '/__emulator/snapshot', { body: '{"file":"saved.json"}' });
        expect(answer.status).toBe(200);
      } finally {
        await running.close();
      }
    }
    expect(existsSync(join(dir, 'saved.json'))).toBe(true);
    expect(existsSync(join(nested, 'saved.json'))).toBe(true);
  });
});
