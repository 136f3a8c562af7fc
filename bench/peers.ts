/**
 * The peers of BENCHMARKS.md's throughput table: WireMock (its standalone jar, run by Java) answering each
 * case with a templated stub of the emulator's own answer, and Prism mocking the emulator's own OpenAPI
 * documents. Neither is a dependency of the project: the bench installs the pinned versions on first use into
 * a cache folder (`npm install`, once; `rm -rf node_modules` clears it), so `npm ci` and CI never pay for
 * ~90 MB of peers. A peer that cannot be installed or started (no network, no `java`) is left out with one
 * line saying why.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Exact versions, so every run measures the same peers. */
const PEER_VERSIONS = { wiremock: '3.13.2', '@stoplight/prism-cli': '5.16.0' } as const;

export interface Peers {
  /** The standalone jar, or why WireMock is left out. */
  wiremockJar: string | { missing: string };
  /** Prism's CLI script, or why Prism is left out. */
  prismCli: string | { missing: string };
}

export interface PeerProcess {
  url: string;
  child: ChildProcess;
}

const installedVersion = (dir: string, name: string): string | undefined => {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
    return (manifest as { version?: string }).version;
  } catch {
    return undefined;
  }
};

const firstLine = (text: string) => text.trim().split('\n').at(-1)?.trim() ?? '';

/**
 * The peers, installed into `<root>/node_modules/.cache/console-emulator-bench-peers` unless the pinned
 * versions are there already. Install scripts are not run: neither peer needs one (the jar is in WireMock's
 * package), and Prism's dependencies include a telemetry post-install.
 */
export function installPeers(root: string, log: (line: string) => void): Peers {
  const dir = join(root, 'node_modules', '.cache', 'console-emulator-bench-peers');
  const stale = Object.entries(PEER_VERSIONS).filter(
    ([name, version]) => installedVersion(dir, name) !== version,
  );
  let installFailure: string | undefined;
  if (stale.length > 0) {
    const wanted = Object.entries(PEER_VERSIONS).map(([name, version]) => `${name}@${version}`);
    log(`installing the peers (${wanted.join(', ')}) into ${dir}, once`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ private: true, dependencies: PEER_VERSIONS }, null, 2)}\n`,
    );
    const started = performance.now();
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, SCARF_ANALYTICS: 'false' },
    });
    if (npm.status !== 0) {
      installFailure = `npm install failed: ${firstLine(npm.stderr || String(npm.error ?? ''))}`;
    } else {
      log(`peers installed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const missing = (name: string) => installFailure ?? `${name} is not installed in ${dir}`;

  let wiremockJar: Peers['wiremockJar'];
  const jar = join(
    dir,
    'node_modules',
    'wiremock',
    'build',
    `wiremock-standalone-${PEER_VERSIONS.wiremock}.jar`,
  );
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error !== undefined || java.status !== 0) {
    wiremockJar = { missing: 'no `java` on PATH (Debian: apt-get install -y default-jre-headless)' };
  } else if (!existsSync(jar)) {
    wiremockJar = { missing: missing('wiremock') };
  } else {
    wiremockJar = jar;
  }

  const cli = join(dir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  const prismCli: Peers['prismCli'] = existsSync(cli) ? cli : { missing: missing('@stoplight/prism-cli') };
  return { wiremockJar, prismCli };
}

/** Polls `url` until it answers (any status), or gives up after 60 s or when the process exits. */
async function ready(child: ChildProcess, url: string, what: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (performance.now() - started > 60_000) throw new Error(`${what} did not answer in 60 s`);
    const answered = await fetch(url).then(
      async (response) => {
        await response.arrayBuffer();
        return true;
      },
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * WireMock's standalone server on `port`, empty (stubs are added per case). Its request journal is bounded
 * to the emulator's default journal size, 1,000 entries; everything else is WireMock's default.
 */
export async function startWireMock(jar: string, port: number, rootDir: string): Promise<PeerProcess> {
  mkdirSync(join(rootDir, 'mappings'), { recursive: true });
  mkdirSync(join(rootDir, '__files'), { recursive: true });
  const child = spawn(
    'java',
    [
      '-jar',
      jar,
      '--bind-address',
      '127.0.0.1',
      '--port',
      String(port),
      '--root-dir',
      rootDir,
      '--disable-banner',
      '--max-request-journal-entries',
      '1000',
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await ready(child, `${url}/__admin/health`, 'WireMock');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, child };
}

/** A sample answer of the emulator, which the stub gives back with its per-request values templated. */
export interface SampleAnswer {
  body: string;
  headers: Record<string, string>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const UPPER_UUID = /[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g;
/** Alibaba's VncUrl token, base64 percent-encoded twice inside the URL (`…%3Fs%3D<token>"`). */
const ALIYUN_TOKEN = /(%3Fs%3D)[^"]+/g;

/**
 * The answer as a WireMock Handlebars template: each UUID (tokens, request ids) and Alibaba's VncUrl token
 * become a fresh random value of the same shape per request, the rest stays byte for byte.
 */
export function templated(text: string): string {
  return text
    .replace(UUID, "{{randomValue type='UUID'}}")
    .replace(UPPER_UUID, "{{upper (randomValue type='UUID')}}")
    .replace(ALIYUN_TOKEN, "$1{{randomValue length=64 type='ALPHANUMERIC'}}");
}

/** What a templated answer must equal once its random values are masked the same way. */
export const masked = (text: string) =>
  text.replace(UUID, 'UUID').replace(UPPER_UUID, 'UUID').replace(ALIYUN_TOKEN, '$1TOKEN');

/** Headers a server sets for itself, not part of the answer to copy. */
const TRANSPORT_HEADERS = new Set([
  'connection',
  'keep-alive',
  'date',
  'content-length',
  'transfer-encoding',
]);

/** Adds the stub answering `method` on `path` (its query ignored) with the emulator's sample answer. */
export async function addWireMockStub(
  wiremock: PeerProcess,
  request: { method: string; path: string },
  answer: SampleAnswer,
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !TRANSPORT_HEADERS.has(name))
      .map(([name, value]) => [name, templated(value)]),
  );
  const response = await fetch(`${wiremock.url}/__admin/mappings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      request: { method: request.method, urlPath: request.path.split('?')[0] },
      response: { status: 200, headers, body: templated(answer.body), transformers: ['response-template'] },
    }),
  });
  if (response.status !== 201)
    throw new Error(`WireMock refused the stub: ${response.status} ${await response.text()}`);
}

/** Prism mocking one of the emulator's OpenAPI documents (static examples, request validation on). */
export async function startPrism(cli: string, document: string, port: number): Promise<PeerProcess> {
  const child = spawn(process.execPath, [cli, 'mock', document, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await ready(child, `${url}/`, 'Prism');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, child };
}
