import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
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
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);
const npm = (cwd: string, ...args: string[]) => run('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024 });

/**
 * The package as a user gets it: built, packed with `npm pack`, installed into an empty project from the
 * tarball (dependencies from the local npm cache first), its bin started and asked. The build goes to a
 * staging copy, so the working tree's dist/ is never touched by a test run.
 */
describe('the packed tarball in an empty project', () => {
  const work = mkdtempSync(join(tmpdir(), 'console-emulator-pack-'));
  const stage = join(work, 'stage');
  const project = join(work, 'project');
  let tarball = '';
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    mkdirSync(join(stage, 'bin'), { recursive: true });
    await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', join(stage, 'dist')]);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'bin/console-emulator.js']) {
      copyFileSync(join(ROOT, file), join(stage, file));
    }
    const packed = await npm(stage, 'pack', '--ignore-scripts', '--json', '--pack-destination', work);
    tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    await npm(project, 'install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts');
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled dist/ with types and the bin, and no TypeScript sources', async () => {
    const listed = await run('tar', ['-tzf', tarball]);
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files).toContain('package/bin/console-emulator.js');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/dist/client/index.js');
    expect(files).toContain('package/dist/client/index.d.ts');
    expect(files).toContain('package/dist/openapi/aliyun.json');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(readdirSync(join(project, 'node_modules/console-emulator'))).toEqual(
      expect.arrayContaining(['bin', 'dist', 'package.json']),
    );
  });

  it('runs no install script whose file it lacks', async () => {
    const installed = join(project, 'node_modules/console-emulator');
    const { scripts = {} } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'].filter((name) => name in scripts);
    expect(lifecycle).toEqual(['prepare']);
    for (const name of lifecycle) {
      const { stdout, stderr } = await npm(installed, 'run', '--silent', name);
      expect({ name, stdout, stderr }).toEqual({ name, stdout: '', stderr: '' });
    }
  });

  it('without msw installed, console-emulator/msw says what to install', async () => {
    expect(existsSync(join(project, 'node_modules/msw'))).toBe(false);
    const failed = await run(
      process.execPath,
      ['--input-type=module', '-e', "import 'console-emulator/msw';"],
      {
        cwd: project,
      },
    ).then(
      () => '',
      (error: { stderr: string }) => error.stderr,
    );
    expect(failed).toContain(
      'console-emulator/msw needs the msw package (2.x) in your project: npm install --save-dev msw',
    );
    // The other entry points need no msw.
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { createEmulator } from 'console-emulator'; console.log(typeof createEmulator);",
      ],
      { cwd: project },
    );
    expect(stdout.trim()).toBe('function');
  });

  it('its bin starts and answers every provider, the OpenAPI documents and /docs', async () => {
    server = spawn(join(project, 'node_modules/.bin/console-emulator'), ['--port', '0'], { cwd: project });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      server?.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const version = await fetch(`${url}/v2.1/`);
    expect(version.status).toBe(200);
    expect(((await version.json()) as { version: { id: string } }).version.id).toBe('v2.1');
    const openapi = await fetch(`${url}/openapi/hpc.json`);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await fetch(`${url}/docs`)).status).toBe(200);
  });

  it('its bin verifies a provider against the running emulator', async () => {
    const { stdout } = await run(join(project, 'node_modules/.bin/console-emulator'), [
      'verify',
      '--provider',
      'aliyun',
      '--base-url',
      url,
    ]);
    expect(stdout).toMatch(/\n\d+ passed, 0 failed, 0 skipped\n$/);
  });

  it('its entry points import and type-check from an outside project (msw brought by the project)', async () => {
    const msw = JSON.parse(readFileSync(join(ROOT, 'node_modules/msw/package.json'), 'utf8')) as {
      version: string;
    };
    await npm(project, 'install', `msw@${msw.version}`, '--prefer-offline', '--no-audit', '--no-fund');
    const script = [
      "import { createEmulator } from 'console-emulator';",
      "import { HpcClient, getConsoleUrl } from 'console-emulator/client';",
      "import { operation } from 'console-emulator/kit';",
      "import { createMswHandlers } from 'console-emulator/msw';",
      'const emulator = createEmulator();',
      "const response = await emulator.fetch(new Request('http://emulator.test/v2.1/'));",
      "const client: HpcClient = new HpcClient({ baseUrl: 'http://emulator.test', auth: { kind: 'password', user: 'demo', password: 'demo-password', orgId: 'demo-org' } });",
      "console.log(response.status, typeof getConsoleUrl, operation('aliyun.DescribeInstanceVncUrl').method, createMswHandlers({ emulator }).handlers.length, typeof client.launchUrl);",
    ].join('\n');
    writeFileSync(join(project, 'main.ts'), script);
    const typecheck = run(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--lib',
        'es2023,dom',
        'main.ts',
      ],
      { cwd: project },
    ).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(await typecheck).toBe('');
    writeFileSync(join(project, 'main.mjs'), script.replace('const client: HpcClient', 'const client'));
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: project });
    expect(stdout.trim()).toBe('200 function POST 1 function');
  });
});
