import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../contracts/providers.ts';
import { listen } from '../../emulator/server.ts';
import { type ContractCase, contractCases } from '../../kit/cases.ts';
import { annotation } from '../../kit/report.ts';
import { useEmulator } from '../helpers.ts';

/** Every provider's contract cases, in the order verify --provider all runs them. */
const allCases = (): ContractCase[] =>
  PROVIDER_NAMES.flatMap((p): readonly ContractCase[] => contractCases[p]);

const BIN = fileURLToPath(new URL('../../bin/console-emulator.js', import.meta.url));
const consumer = (name: string) => fileURLToPath(new URL(`../kit/consumers/${name}`, import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function bin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      // A CI runner's own variable must not leak into the cases that test its absence.
      { env: { ...process.env, GITHUB_ACTIONS: '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'skipped'].includes(name),
});

interface TestCase {
  classname: string;
  name: string;
  time?: string;
  failure?: Array<{ message: string; type?: string; '#text'?: string }>;
  skipped?: unknown[];
}
interface Junit {
  testsuites: {
    name: string;
    tests: string;
    failures: string;
    testsuite: Array<{ name: string; tests: string; failures: string; testcase: TestCase[] }>;
  };
}

/** Reads a JUnit file: it must be well-formed XML first. */
async function readJunit(file: string): Promise<Junit> {
  const xml = await readFile(file, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Junit;
}

const testcases = (junit: Junit) => junit.testsuites.testsuite.flatMap((s) => s.testcase);

/** A port nothing listens on: bound once by the system's choice, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const injectFault = (url: string) =>
  fetch(`${url}/__emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({
      provider: 'huawei',
      operation: 'remoteConsoles',
      error: 'InstanceNotFound',
      params: { instance_id: 'injected' },
    }),
  });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-emulator-reports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verify --reporter', () => {
  const emu = useEmulator();
  beforeEach(() => {
    emu.current.emulator.reset();
  });

  it('junit --output: well-formed JUnit with one testcase per contract case and no failure against the emulator', async () => {
    const file = join(dir, 'pass.xml');
    const run = await bin([
      'verify',
      '--provider',
      'all',
      '--base-url',
      emu.current.url,
      '--reporter',
      'junit',
      '--output',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Standard output keeps the table for the person reading the job's log.
    expect(run.stdout).toMatch(/\n\d+ passed, 0 failed, 0 skipped\n$/);
    const junit = await readJunit(file);
    const all = allCases();
    expect(junit.testsuites).toMatchObject({
      name: 'console-emulator verify',
      tests: String(all.length),
      failures: '0',
    });
    expect(junit.testsuites.testsuite.map((s) => s.name)).toEqual([...PROVIDER_NAMES]);
    expect(testcases(junit).map((c) => [c.classname, c.name])).toEqual(
      all.map((c) => [`${c.provider}/${c.operation}`, c.title]),
    );
    for (const c of testcases(junit)) {
      expect(c.failure).toBeUndefined();
      expect(Number(c.time)).toBeGreaterThanOrEqual(0);
    }
  });

  it('junit against an emulator with a fault rule: a failure element with its message for each deviating case', async () => {
    expect((await injectFault(emu.current.url)).status).toBe(201);
    const file = join(dir, 'fail.xml');
    const run = await bin([
      'verify',
      '--provider',
      'huawei',
      '--base-url',
      emu.current.url,
      '--reporter',
      'junit',
      '--output',
      file,
    ]);
    expect(run.code).toBe(1);
    const junit = await readJunit(file);
    const failed = testcases(junit).filter((c) => c.failure);
    expect(junit.testsuites.failures).toBe(String(failed.length));
    expect(failed.length).toBeGreaterThan(1);
    for (const c of failed) expect(c.classname).toBe('huawei/remoteConsoles');
    const noHost = failed.find((c) => c.name === 'server without a host');
    expect(noHost?.failure?.[0]).toEqual({
      type: 'contract',
      message:
        'not InstanceNotReady: expected 409 conflictingRequest (InstanceNotReady), got 404 itemNotFound: Instance injected could not be found.',
      '#text':
        'expected: 409 conflictingRequest (InstanceNotReady)\ngot: 404 itemNotFound: Instance injected could not be found.\nnot InstanceNotReady',
    });
    // Cases the fault does not reach still pass.
    expect(testcases(junit).find((c) => c.name === 'no token')?.failure).toBeUndefined();
  });

  it('json: the documented shape, on standard output', async () => {
    expect((await injectFault(emu.current.url)).status).toBe(201);
    const run = await bin([
      'verify',
      '--provider',
      'huawei',
      '--base-url',
      emu.current.url,
      '--reporter',
      'json',
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      summary: { total: number; passed: number; failed: number; skipped: number };
      cases: Array<Record<string, unknown>>;
    };
    expect(report).toMatchObject({
      report: 'console-emulator verify',
      formatVersion: 1,
      baseUrl: emu.current.url,
    });
    expect(report.cases).toHaveLength(contractCases.huawei.length);
    expect(report.summary.total).toBe(report.cases.length);
    expect(report.summary.passed + report.summary.failed + report.summary.skipped).toBe(report.cases.length);
    expect(report.cases.find((c) => c.case === 'server without a host')).toEqual({
      provider: 'huawei',
      operation: 'remoteConsoles',
      case: 'server without a host',
      verdict: 'fail',
      expected: '409 conflictingRequest (InstanceNotReady)',
      got: '404 itemNotFound: Instance injected could not be found.',
      problems: ['not InstanceNotReady'],
      ms: expect.any(Number),
    });
    expect(report.cases.find((c) => c.case === 'no token')).toMatchObject({ verdict: 'pass', problems: [] });
  });

  it('the table fits 100 columns, and names what came back under each failure', async () => {
    expect((await injectFault(emu.current.url)).status).toBe(201);
    const run = await bin(['verify', '--provider', 'all', '--base-url', emu.current.url]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(allCases().length);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(100);
    const at = lines.findIndex((l) => /^ {2}FAIL {2}server without a host +409 conflictingRequest/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('          got 404 itemNotFound: Instance injected could not be found.');
  });

  it('under GITHUB_ACTIONS=true prints an ::error annotation per failure, escaped as GitHub requires', async () => {
    expect((await injectFault(emu.current.url)).status).toBe(201);
    const env = { GITHUB_ACTIONS: 'true' };
    const table = await bin(['verify', '--provider', 'huawei', '--base-url', emu.current.url], env);
    const annotations = table.stdout.split('\n').filter((l) => l.startsWith('::'));
    const failed = table.stdout.split('\n').filter((l) => l.startsWith('✗ ')).length;
    expect(annotations).toHaveLength(failed);
    expect(annotations).toContain(
      '::error title=verify huawei.remoteConsoles%3A server without a host::not InstanceNotReady: expected 409 conflictingRequest (InstanceNotReady), got 404 itemNotFound: Instance injected could not be found.',
    );
    expect(annotations).toContainEqual(
      expect.stringMatching(/^::error title=verify huawei\.remoteConsoles%3A noVNC console%2C IAM token::/),
    );
    // With a JSON report on standard output, the annotations go to standard error (the runner reads both).
    const json = await bin(
      ['verify', '--provider', 'huawei', '--base-url', emu.current.url, '--reporter', 'json'],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ report: 'console-emulator verify' });
    expect(json.stderr.trimEnd().split('\n')).toEqual(annotations);
    // Without the variable, none.
    const plain = await bin(['verify', '--provider', 'huawei', '--base-url', emu.current.url]);
    expect(plain.stdout).not.toContain('::error');
  });

  it('a closed port: exit status 2 and one line naming the cause, whatever the reporter', async () => {
    const port = await closedPort();
    for (const reporter of ['table', 'junit']) {
      const file = join(dir, `closed-${reporter}.xml`);
      const run = await bin([
        'verify',
        '--provider',
        'all',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--reporter',
        reporter,
        '--output',
        file,
      ]);
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `console-emulator verify: cannot reach http://127.0.0.1:${port}: ECONNREFUSED 127.0.0.1:${port}\n`,
      });
      await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });

  it('an HTTPS emulator: over plain HTTP, or with its CA untrusted, exit status 2 and one line naming why', async () => {
    const secure = await listen({ port: 0, tls: { dir: join(dir, 'tls') } });
    try {
      const { port } = secure;
      const plain = await bin(['verify', '--provider', 'huawei', '--base-url', `http://127.0.0.1:${port}`]);
      expect(plain).toMatchObject({ code: 2, stdout: '' });
      expect(plain.stderr).toMatch(
        new RegExp(
          `^console-emulator verify: cannot reach http://127\\.0\\.0\\.1:${port}: no HTTP answer, .+\\n$`,
        ),
      );
      const untrusted = await bin(['verify', '--provider', 'huawei', '--base-url', secure.url]);
      expect(untrusted).toMatchObject({ code: 2, stdout: '' });
      expect(untrusted.stderr).toMatch(
        new RegExp(
          `^console-emulator verify: cannot reach ${secure.url.replace(/\./g, '\\.')}: [A-Z_]+: .+\\n$`,
        ),
      );
    } finally {
      await secure.close();
    }
  });

  it('refuses an unknown reporter, and --help documents both flags', async () => {
    const bad = await bin([
      'verify',
      '--provider',
      'all',
      '--base-url',
      emu.current.url,
      '--reporter',
      'tap',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(
      'console-emulator: --reporter must be table, json or junit, got "tap"',
    );
    for (const command of ['verify', 'check']) {
      const help = await bin([command, '--help']);
      expect(help.stdout).toContain('--reporter FORMAT');
      expect(help.stdout).toContain('--output FILE');
      expect(help.stdout).toContain('GITHUB_ACTIONS=true');
    }
  });
});

describe('GitHub annotations', () => {
  it('escape %, CR and LF in the message, and also : and , in the title, as the runner decodes them', () => {
    expect(annotation('a: b, 100%\r\n', 'x: 50%, y\r\nz')).toBe(
      '::error title=a%3A b%2C 100%25%0D%0A::x: 50%25, y%0D%0Az',
    );
  });
});

describe('check --reporter', () => {
  it('junit: a testcase for the command and one per violation, each failure with the provider’s words', async () => {
    const file = join(dir, 'check.xml');
    const run = await bin([
      'check',
      '--reporter',
      'junit',
      '--output',
      file,
      '--',
      process.execPath,
      consumer('malformed.mjs'),
    ]);
    expect(run.code).toBe(1);
    const junit = await readJunit(file);
    expect(junit.testsuites).toMatchObject({ name: 'console-emulator check', tests: '4', failures: '3' });
    const [command, ...violations] = testcases(junit);
    expect(command).toEqual({
      classname: 'command',
      name: `${process.execPath} ${consumer('malformed.mjs')}`,
    });
    expect(violations.map((c) => [c.classname, c.name.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['huawei/remoteConsoles', '#2 POST'],
      ['aliyun/DescribeRegions', '#3 GET'],
      ['huawei/unknownPath', '#4 GET'],
    ]);
    expect(violations[0]?.failure?.[0]?.message).toMatch(
      /^contract violation: 400 badRequest \(ValidationError\): Invalid input for field\/attribute remote_console\..*'protocol' is a required property$/,
    );
    expect(violations[1]?.failure?.[0]?.type).toBe('unsigned or mis-signed call');
  });

  it('json: the command, its status and each violation', async () => {
    const run = await bin(['check', '--reporter', 'json', '--', process.execPath, '-e', 'process.exit(3)']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      report: 'console-emulator check',
      formatVersion: 1,
      command: { argv: [process.execPath, '-e', 'process.exit(3)'], exitCode: 3 },
      exitCode: 3,
      requests: 0,
      violations: [],
    });
  });
});
