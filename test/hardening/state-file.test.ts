import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/app.ts';
import { demoScenario } from '../../emulator/scenario.ts';
import { loadScenarioFile, ScenarioFileError } from '../../emulator/scenario-file.ts';
import { StateFileError } from '../../emulator/state-file.ts';
import { demo, passwordAuthBody } from '../huawei/support.ts';

/**
 * `--state-file` is saved completely or not at all, over real HTTP on 127.0.0.1: on a full disk (a small tmpfs,
 * when this runs as root as CI does) every acknowledged change is in the file, every refused one got the
 * provider's own "unavailable" answer, the file always parses and saving resumes once space returns; a file
 * that cannot be written or does not fit stops the start with exit 2.
 */
const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));

interface Started {
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

function start(stateFile: string): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--state-file', stateFile]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const url = /^listening on (\S+)$/m.exec(stdout)?.[1];
      if (url)
        resolve({
          url,
          stderr: () => stderr,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}${stderr}`)));
  });
}

/** Runs the bin to its exit: status and standard error. */
function runToExit(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, '--port', '0', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const tokenRequest = (base: string) =>
  fetch(`${base}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody()),
  });

interface SavedState {
  providers: { huawei: { authTokens: Array<{ id: string }>; servers: Array<{ id: string; name: string }> } };
}
const savedTokens = (file: string) =>
  new Set(
    (JSON.parse(readFileSync(file, 'utf8')) as SavedState).providers.huawei.authTokens.map((t) => t.id),
  );

/** A tmpfs of `size` mounted on a fresh folder, or undefined where mounting is not permitted. */
function mountTmpfs(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'state-file-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const disk = process.getuid?.() === 0 ? mountTmpfs('80k') : undefined;

describe.skipIf(!disk)('a full disk (80 KiB tmpfs)', () => {
  const dir = disk as string;
  const stateFile = join(dir, 'state.json');
  // Space taken up front and given back later: "the disk has room again".
  const filler = join(dir, 'filler');
  let emulator: Started;
  beforeAll(async () => {
    writeFileSync(filler, Buffer.alloc(16 * 1024, 1));
    emulator = await start(stateFile);
  });
  afterAll(async () => {
    await emulator?.stop();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges only what it saved, refuses the rest in Keystone’s shape, and saves again once there is room', async () => {
    const acknowledged: string[] = [];
    const refused: Array<{ status: number; body: unknown }> = [];
    let parsedEveryTime = true;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        if (existsSync(stateFile)) {
          try {
            JSON.parse(readFileSync(stateFile, 'utf8'));
          } catch {
            parsedEveryTime = false;
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 200) {
          next++;
          const response = await tokenRequest(emulator.url);
          if (response.status === 201) acknowledged.push(response.headers.get('x-subject-token') as string);
          else refused.push({ status: response.status, body: await response.json() });
        }
      }),
    );
    reading = false;
    await reader;

    expect(parsedEveryTime).toBe(true);
    expect(acknowledged.length + refused.length).toBe(200);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    const saved = savedTokens(stateFile);
    expect(acknowledged.filter((token) => !saved.has(token))).toEqual([]);
    for (const answer of refused) {
      expect(answer).toEqual({
        status: 503,
        body: {
          error: {
            code: 503,
            title: 'Service Unavailable',
            message: 'The server is currently unavailable. Please try again at a later time.',
          },
        },
      });
    }
    // The undone tokens are not served either: the emulator holds what the file holds.
    const live = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as SavedState;
    expect(live.providers.huawei.authTokens).toHaveLength(saved.size);

    // Reading needs no space; a change through the control API is refused in its own shape, and undone.
    expect((await fetch(`${emulator.url}/v2.1`)).status).toBe(200);
    const longName = 'renamed-on-a-full-disk-'.padEnd(8 * 1024, 'x');
    const rename = await fetch(`${emulator.url}/__emulator/state/huawei/servers/${demo.active}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: longName }),
    });
    expect(rename.status).toBe(503);
    expect(((await rename.json()) as { error: { code: string } }).error.code).toBe('state_not_saved');
    const server = (await (
      await fetch(`${emulator.url}/__emulator/state/huawei/servers/${demo.active}`)
    ).json()) as { name: string };
    expect(server.name).toBe('demo-active');
    // No temporary file is left holding tokens.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    rmSync(filler);
    const after = await tokenRequest(emulator.url);
    expect(after.status).toBe(201);
    expect(savedTokens(stateFile).has(after.headers.get('x-subject-token') as string)).toBe(true);

    // One line when saving starts to fail and one when it works again (a smaller change may fit between two
    // that do not, so the pair can repeat), never a stack trace.
    const failing = `console-emulator: cannot save --state-file ${stateFile}: no space left on the device (ENOSPC); changes are undone and refused until it can be saved`;
    const again = `console-emulator: --state-file ${stateFile} is saved again`;
    const lines = emulator.stderr().trim().split('\n');
    expect(lines.length % 2).toBe(0);
    expect(lines).toEqual(lines.map((_, i) => (i % 2 === 0 ? failing : again)));
  });
});

describe('a --state-file that cannot be written stops the start', () => {
  it.each([
    [
      'its folder is a file',
      (dir: string) => join(dir, 'a-file', 'state.json'),
      'a part of its path is not a folder (ENOTDIR)',
    ],
    [
      'its folder does not exist',
      (dir: string) => join(dir, 'missing', 'state.json'),
      'its folder does not exist (ENOENT)',
    ],
    ['it is a folder', (dir: string) => join(dir, 'a-folder'), 'it is a folder (EISDIR)'],
  ])('%s: exit 2 and one line naming the path and the reason', (_label, pathIn, reason) => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-unwritable-'));
    writeFileSync(join(dir, 'a-file'), 'x');
    mkdirSync(join(dir, 'a-folder'));
    const path = pathIn(dir);
    const { status, stderr } = runToExit(['--state-file', path]);
    expect(status).toBe(2);
    expect(stderr).toBe(`console-emulator: cannot write --state-file ${path}: ${reason}\n`);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('stray temporary files of earlier runs', () => {
  it('are removed at start when no process has their id; a live process’s is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-stray-'));
    const stateFile = join(dir, 'state.json');
    // Above any pid_max Linux allows, so no process has it.
    const dead = join(dir, 'state.json.99999999.tmp');
    const live = join(dir, `state.json.${process.pid}.tmp`);
    const unrelated = join(dir, 'state.json.backup.tmp');
    for (const file of [dead, live, unrelated]) writeFileSync(file, '{"tokens":"secret"}');
    const emulator = await start(stateFile);
    expect([existsSync(dead), existsSync(live), existsSync(unrelated)]).toEqual([false, true, true]);
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a state file that does not fit is refused, never refilled from the scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'state-file-invalid-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // biome-ignore lint/suspicious/noExplicitAny: a snapshot edited by hand, as a user would edit the file
  const write = (name: string, change: (snapshot: Record<string, any>) => void) => {
    const snapshot = JSON.parse(JSON.stringify(createEmulator().snapshot()));
    change(snapshot);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(snapshot));
    return file;
  };

  it('a provider missing: exit 2, `file: path: problem`', () => {
    const file = write('missing.json', (s) => {
      delete s.providers.huawei;
    });
    const { status, stderr } = runToExit(['--state-file', file]);
    expect(status).toBe(2);
    expect(stderr).toBe(
      `console-emulator: invalid --state-file\n${file}: provider "huawei": missing (a snapshot holds every provider served: tencent, aliyun, huawei, hpc)\n`,
    );
  });

  it('duplicate ids, each named with its path', () => {
    const file = write('duplicates.json', (s) => {
      s.providers.huawei.servers.push(s.providers.huawei.servers[0]);
      s.providers.aliyun.accessKeys.push(s.providers.aliyun.accessKeys[0]);
    });
    const servers = (demoScenario.huawei?.servers ?? []).length;
    const keys = (demoScenario.aliyun?.accessKeys ?? []).length;
    expect(() => createEmulator({ stateFile: file })).toThrow(
      new StateFileError(
        [
          'invalid --state-file',
          `${file}: provider "aliyun": accessKeys.${keys}.accessKeyId: duplicate accessKeyId "${demoScenario.aliyun?.accessKeys[0]?.accessKeyId}" (entry 0 has it)`,
          `${file}: provider "huawei": servers.${servers}.id: duplicate id "${demo.active}" (entry 0 has it)`,
        ].join('\n'),
      ),
    );
    const onlyServers = write('duplicate-servers.json', (s) => {
      s.providers.huawei.servers.push(s.providers.huawei.servers[0]);
    });
    expect(() => createEmulator({ stateFile: onlyServers })).toThrow(
      `${onlyServers}: provider "huawei": servers.${servers}.id: duplicate id "${demo.active}" (entry 0 has it)`,
    );
  });

  it('a bad field is reported readably, not as a zod dump, and nothing is half restored', () => {
    const file = write('bad-field.json', (s) => {
      s.providers.huawei.servers[0].status = 'RUNNING';
    });
    let message = '';
    try {
      createEmulator({ stateFile: file });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'invalid --state-file',
      `${file}: provider "huawei": servers.0.status: must be one of "ACTIVE", "BUILD", "SHUTOFF", "ERROR", "PAUSED", "SUSPENDED", "REBOOT", "RESIZE", "SHELVED", "SHELVED_OFFLOADED"`,
    ]);
    expect(message).not.toMatch(/Invalid option|"code":/);
  });

  it('the control API’s snapshot/load refuses a snapshot missing a provider, changing nothing', async () => {
    const emulator = createEmulator();
    const snapshot = JSON.parse(JSON.stringify(emulator.snapshot()));
    delete snapshot.providers.hpc;
    snapshot.providers.huawei.servers = [];
    const response = await emulator.fetch(
      new Request('http://127.0.0.1/__emulator/snapshot/load', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ snapshot }),
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'provider "hpc": missing',
    );
    expect(emulator.state.huawei?.servers.size).toBeGreaterThan(0);
  });
});

describe('duplicate ids in a scenario file', () => {
  it('are refused with their path, never collapsed into one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-duplicates-'));
    const file = join(dir, 'scenario.json');
    const scenario = JSON.parse(JSON.stringify(demoScenario));
    scenario.huawei.servers.push(scenario.huawei.servers[0]);
    writeFileSync(file, JSON.stringify(scenario));
    const error = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect((error as ScenarioFileError).problems).toEqual([
      `huawei.servers.${scenario.huawei.servers.length - 1}.id: duplicate id "${demo.active}" (entry 0 has it)`,
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
