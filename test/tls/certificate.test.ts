import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROVIDER_MODULES } from '../../emulator/providers/index.ts';
import { listen, type RunningEmulator } from '../../emulator/server.ts';
import { certificateNames, defaultTlsDir, tlsMaterial } from '../../emulator/tls.ts';

/**
 * The local CA and the certificate `--tls` serves: the names it covers, the files it keeps (and their modes),
 * what a second start reuses and what it makes anew, and the user's own certificate with its one-line errors.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'console-emulator.js');
const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'console-emulator-ca-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts an emulator with `tls`, runs `use`, stops it. */
async function withEmulator<T>(
  options: Parameters<typeof listen>[0],
  use: (running: RunningEmulator) => Promise<T> | T,
): Promise<T> {
  const running = await listen({ host: '127.0.0.1', port: 0, ...options });
  try {
    return await use(running);
  } finally {
    await running.close();
  }
}

/** GET over HTTPS trusting `ca` only; resolves with the status and the certificate the server showed. */
function get(url: string, ca: string): Promise<{ status: number | undefined; peer: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (response) => {
      const peer = (response.socket as import('node:tls').TLSSocket).getPeerCertificate().raw;
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, peer: peer.toString('base64') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The DNS and IP names of a PEM certificate, IPv6 written as Node prints it. */
const namesOf = (pem: string) =>
  (new X509Certificate(pem).subjectAltName ?? '').split(', ').map((entry) => entry.replace(/^[^:]+:/, ''));

describe('the certificate from the local CA', () => {
  const dir = join(root, 'names');

  it('covers localhost, 127.0.0.1, ::1, --host, the --public-url host and every provider’s real API hostnames', async () => {
    await withEmulator(
      { host: '127.0.0.2', publicUrl: 'https://emulator.ci.test:8443', tls: { dir } },
      (running) => {
        const names = namesOf(running.tls?.cert as string);
        expect(names).toEqual(
          expect.arrayContaining(['localhost', '127.0.0.1', '0:0:0:0:0:0:0:1', '127.0.0.2']),
        );
        expect(names).toContain('emulator.ci.test');
        for (const module of PROVIDER_MODULES) {
          expect(module.certificateHosts.length, module.name).toBeGreaterThan(0);
          expect(names).toEqual(expect.arrayContaining([...module.certificateHosts]));
        }
        // As a client checks them: the SDKs' default endpoints (docs/providers/<p>.md), wildcards included.
        const cert = new X509Certificate(running.tls?.cert as string);
        const hosts = [
          'ecs.aliyuncs.com',
          'ecs-cn-hangzhou.aliyuncs.com',
          'ecs.cn-shanghai.aliyuncs.com',
          'iam.myhuaweicloud.com',
          'ecs.cn-north-4.myhuaweicloud.com',
          'iam.ap-southeast-1.myhuaweicloud.com',
          'api.scnet.cn',
          'www.scnet.cn',
          'cancon.hpccube.com',
          'ac.sugon.com',
          'emulator.ci.test',
          'localhost',
        ];
        expect(hosts.filter((host) => cert.checkHost(host) === undefined)).toEqual([]);
        expect(['127.0.0.1', '::1', '127.0.0.2'].filter((ip) => cert.checkIP(ip) === undefined)).toEqual([]);
        expect(cert.checkHost('ecs.example.com')).toBeUndefined();
      },
    );
  });

  it('names only hosts each provider answers (its MSW host patterns), a wildcard for one label', () => {
    for (const module of PROVIDER_MODULES) {
      for (const name of module.certificateHosts) {
        const example = name.replace(/^\*\./, 'gateway.');
        expect(
          module.hosts.some((pattern) => pattern.test(example)),
          `${module.name}: ${name}`,
        ).toBe(true);
      }
    }
  });

  it('is signed by the CA file the banner names, and serves as https:// to a client trusting only that', async () => {
    await withEmulator({ tls: { dir } }, async (running) => {
      expect(running.url).toBe(`https://127.0.0.1:${running.port}`);
      expect(running.tls?.caFile).toBe(join(dir, 'ca.pem'));
      const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
      const leaf = new X509Certificate(running.tls?.cert as string);
      expect(leaf.checkIssued(new X509Certificate(ca))).toBe(true);
      expect(leaf.verify(new X509Certificate(ca).publicKey)).toBe(true);
      expect(new X509Certificate(ca).ca).toBe(true);
      expect((await get(`https://localhost:${running.port}/__emulator/health`, ca)).status).toBe(200);
    });
  });

  it('keeps its keys readable by the user only', async () => {
    await withEmulator({ tls: { dir } }, () => undefined);
    expect(statSync(join(dir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'server.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).not.toContain('PRIVATE KEY');
  });
});

describe('a second start', () => {
  const dir = join(root, 'reuse');

  it('reuses the CA and the certificate; other names get a new certificate from the same CA', async () => {
    const first = await withEmulator({ tls: { dir } }, (r) => r.tls?.cert as string);
    const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    const second = await withEmulator({ tls: { dir } }, (r) => r.tls?.cert as string);
    expect(second).toBe(first);
    const other = await withEmulator(
      { publicUrl: 'https://other.ci.test', tls: { dir } },
      async (running) => {
        // A client that trusted the CA once keeps working.
        expect((await get(`https://localhost:${running.port}/__emulator/health`, ca)).status).toBe(200);
        return running.tls?.cert as string;
      },
    );
    expect(other).not.toBe(first);
    expect(namesOf(other)).toContain('other.ci.test');
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(ca);
  });

  it('makes a new certificate when the old one has less than 30 days left, and keeps the CA', () => {
    const names = certificateNames('127.0.0.1');
    const now = tlsMaterial({ dir }, names);
    const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    expect(tlsMaterial({ dir }, names).cert).toBe(now.cert);
    const later = tlsMaterial({ dir }, names, new Date(Date.now() + 340 * 86_400_000));
    expect(later.cert).not.toBe(now.cert);
    expect(readFileSync(join(dir, 'ca.pem'), 'utf8')).toBe(ca);
  });

  it('agrees on one CA when several processes start at once on an empty folder', async () => {
    const fresh = join(root, 'race');
    const script = `import('./emulator/tls.ts').then((m) => process.stdout.write(m.tlsMaterial({ dir: ${JSON.stringify(fresh)} }, m.certificateNames('127.0.0.1')).cert))`;
    const certs = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
          cwd: ROOT,
          timeout: 60_000,
        });
        return stdout;
      }),
    );
    const ca = new X509Certificate(readFileSync(join(fresh, 'ca.pem'), 'utf8'));
    for (const cert of certs) expect(new X509Certificate(cert).checkIssued(ca)).toBe(true);
  });
});

describe('the default folder', () => {
  it('is under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultTlsDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/console-emulator/tls');
    expect(defaultTlsDir({ HOME: '/home/u' })).toMatch(/\/\.cache\/console-emulator\/tls$/);
  });
});

describe('--tls-cert and --tls-key', () => {
  const own = join(root, 'own');
  const source = tlsMaterial({ dir: own }, certificateNames('127.0.0.1'));
  const other = tlsMaterial({ dir: join(root, 'other') }, certificateNames('127.0.0.1'));
  const certFile = join(root, 'cert.pem');
  const keyFile = join(root, 'key.pem');
  const otherKey = join(root, 'other-key.pem');
  writeFileSync(certFile, source.cert);
  writeFileSync(keyFile, source.key);
  writeFileSync(otherKey, other.key);

  it('serves the certificate given, and names no CA', async () => {
    await withEmulator({ tls: { certFile, keyFile } }, async (running) => {
      expect(running.tls?.caFile).toBeUndefined();
      const ca = readFileSync(join(own, 'ca.pem'), 'utf8');
      const { status, peer } = await get(`https://localhost:${running.port}/__emulator/health`, ca);
      expect(status).toBe(200);
      expect(peer).toBe(new X509Certificate(source.cert).raw.toString('base64'));
    });
  });

  /** Runs the bin to its exit: status and standard error. */
  const runToExit = (args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, '--port', '0', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stderr: result.stderr };
  };

  it.each([
    [
      'a missing certificate',
      () => ['--tls-cert', join(root, 'missing.pem'), '--tls-key', keyFile],
      `cannot read --tls-cert ${join(root, 'missing.pem')}: it does not exist (ENOENT)`,
    ],
    [
      'a folder as the key',
      () => ['--tls-cert', certFile, '--tls-key', root],
      `cannot read --tls-key ${root}: it is a folder (EISDIR)`,
    ],
    [
      'a key that is not the certificate’s',
      () => ['--tls-cert', certFile, '--tls-key', otherKey],
      `--tls-key ${otherKey} is not the key of --tls-cert ${certFile}`,
    ],
    [
      'a key given as the certificate',
      () => ['--tls-cert', keyFile, '--tls-key', keyFile],
      `--tls-cert ${keyFile} is not a PEM certificate`,
    ],
    [
      'a certificate given as the key',
      () => ['--tls-cert', certFile, '--tls-key', certFile],
      `--tls-key ${certFile} is not a PEM private key (or it is encrypted)`,
    ],
  ])('%s: exit 2 and one line', (_label, args, message) => {
    const { status, stderr } = runToExit(args());
    expect({ status, stderr }).toEqual({ status: 2, stderr: `console-emulator: ${message}\n` });
  });

  it('one without the other: exit 2', () => {
    const { status, stderr } = runToExit(['--tls-cert', certFile]);
    expect(status).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      'console-emulator: --tls-cert and --tls-key go together: give both files or neither',
    );
  });
});
