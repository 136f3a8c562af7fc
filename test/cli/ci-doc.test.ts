import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROVIDER_NAMES } from '../../contracts/providers.ts';
import { type ContractCase, contractCases } from '../../kit/cases.ts';

/** Every provider's contract cases, in the order verify --provider all runs them. */
const allCases = (): ContractCase[] =>
  PROVIDER_NAMES.flatMap((p): readonly ContractCase[] => contractCases[p]);

/**
 * docs/ci.md's jobs, run as written: each `run:` step (GitHub Actions) and the `script:` and `after_script:`
 * lines (GitLab CI) verbatim in bash, as the runners run them, with the job's variables and `EMULATOR_PORT`
 * a free port. The project they run in is a fresh folder with this package installed by link, so the one
 * line not run is the install (`npm ci`); npm is kept offline, so nothing is fetched.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = join(ROOT, 'docs', 'ci.md');
const groups: number[] = [];
let project: string;

afterEach(async () => {
  // Each shell runs in its own process group: whatever a failed snippet left running goes with it.
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  await rm(project, { recursive: true, force: true });
});

beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'console-emulator-ci-doc-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'ci-consumer', private: true }));
  await mkdir(join(project, 'node_modules', '.bin'), { recursive: true });
  await symlink(ROOT, join(project, 'node_modules', 'console-emulator'), 'dir');
  await symlink(
    join('..', 'console-emulator', 'bin', 'console-emulator.js'),
    join(project, 'node_modules', '.bin', 'console-emulator'),
  );
});

/** The YAML block under a `## heading` of docs/ci.md. */
async function snippet(heading: string): Promise<Record<string, unknown>> {
  const doc = await readFile(DOC, 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section ?? '')?.[1];
  if (!yaml) throw new Error(`docs/ci.md has no yaml block under "## ${heading}"`);
  return parse(yaml) as Record<string, unknown>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs a script as a CI runner does, `bash -eo pipefail`, in the project; resolves its status and output. */
function shell(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: project,
    env: { ...process.env, GITHUB_ACTIONS: '', npm_config_offline: 'true', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.push(child.pid as number);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output })));
}

/** What every job must leave behind: a passing JUnit report of every case, a request log, a free port. */
async function expectJobDone(port: number): Promise<void> {
  const xml = await readFile(join(project, 'verify.xml'), 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: { tests: string; failures: string };
  };
  const cases = allCases().length;
  expect(junit.testsuites).toMatchObject({ tests: String(cases), failures: '0' });
  const log = (await readFile(join(project, 'emulator.log'), 'utf8')).split('\n');
  expect(log).toContain(`listening on http://127.0.0.1:${port}`);
  expect(log.filter((l) => l.startsWith('{"time"')).length).toBeGreaterThanOrEqual(cases);
  // Stopped: the port is free within 5 s of the last step.
  const deadline = Date.now() + 5_000;
  while ((await accepts(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(await accepts(port)).toBe(false);
}

const INSTALL = 'npm ci';

describe('docs/ci.md', () => {
  it('GitHub Actions: the job’s run steps start the emulator, wait for health, test and stop it', async () => {
    const workflow = await snippet('GitHub Actions');
    const [job] = Object.values(workflow.jobs as Record<string, unknown>) as Array<{
      env?: Record<string, string>;
      steps: Array<{ run?: string; if?: string }>;
    }>;
    const port = await freePort();
    const githubEnv = join(project, 'github-env');
    await writeFile(githubEnv, '');
    const env: Record<string, string> = { ...job?.env, EMULATOR_PORT: String(port), GITHUB_ENV: githubEnv };
    const runs = (job?.steps ?? []).filter((s) => s.run !== undefined && s.run.trim() !== INSTALL);
    expect(runs.length).toBe(4);
    let failed = false;
    for (const step of runs) {
      if (failed && step.if !== 'always()') continue;
      // Variables a step appends to $GITHUB_ENV are set for the steps after it.
      for (const line of (await readFile(githubEnv, 'utf8')).split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
      }
      const { code, output } = await shell(step.run as string, env);
      expect.soft(code, `${step.run}\n${output}`).toBe(0);
      failed ||= code !== 0;
    }
    expect(failed).toBe(false);
    await expectJobDone(port);
  });

  it('GitLab CI: the job’s script starts the emulator, waits for health and tests; after_script stops it', async () => {
    const pipeline = await snippet('GitLab CI');
    const [job] = Object.values(pipeline) as Array<{
      variables?: Record<string, string>;
      script: string[];
      after_script: string[];
    }>;
    const port = await freePort();
    const env = { ...job?.variables, EMULATOR_PORT: String(port) };
    const script = (job?.script ?? []).filter((line) => line.trim() !== INSTALL);
    expect(script.length).toBe(3);
    const run = await shell(script.join('\n'), env);
    const after = await shell((job?.after_script ?? []).join('\n'), env);
    expect(run.code, run.output).toBe(0);
    expect(after.code, after.output).toBe(0);
    await expectJobDone(port);
  });
});
