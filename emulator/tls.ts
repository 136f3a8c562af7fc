import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { reasonOf } from './file-errors.ts';
import { PROVIDER_MODULES } from './providers/index.ts';

/**
 * HTTPS for the listener (`--tls`): a certificate signed by a local CA that the emulator creates on first use
 * and keeps in a folder, or the user's own certificate and key. Certificates are made with node-forge; the
 * keys with Node's own crypto.
 */

/** Here rather than in `listen()`, so a plain HTTP start loads neither node:https nor node-forge. */
export { createServer as createHttpsServer } from 'node:https';

/** How `listen()` gets its certificate: from the local CA in `dir`, or from the user's files. */
export type TlsOptions = { dir?: string } | { certFile: string; keyFile: string };

/** The certificate a listener serves, and where it came from (for the banner). */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The local CA's certificate, the file a client trusts; absent for a certificate the user brought. */
  caFile?: string;
  /** The user's certificate file, when they brought one. */
  certFile?: string;
  /** The names (DNS and IP) the certificate is valid for. */
  names: string[];
}

/** A certificate or key that cannot be read, made or used: its message is one line for the command line. */
export class TlsError extends Error {
  constructor(message: string) {
    super(message);
    // By name, so the command line can tell it without loading this module (and node-forge) at start.
    this.name = 'TlsError';
  }
}

/** `$XDG_CACHE_HOME/console-emulator/tls`, else `~/.cache/console-emulator/tls`. */
export function defaultTlsDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'console-emulator', 'tls');
}

const CA_YEARS = 10;
/** Under the 825 days some clients allow a server certificate, trusted CA or not. */
const LEAF_DAYS = 365;
/** A leaf with less than this left is made anew at start. */
const RENEW_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The names the certificate covers: loopback, the listening host and `--public-url`'s (unless a wildcard
 * address), and every provider's real API hosts.
 */
export function certificateNames(host: string, publicUrl?: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const unbracket = (name: string) => name.replace(/^\[(.*)\]$/, '$1');
  for (const name of [host, publicUrl ? new URL(publicUrl).hostname : undefined]) {
    if (name && name !== '0.0.0.0' && name !== '::' && name !== '[::]') names.push(unbracket(name));
  }
  for (const module of PROVIDER_MODULES) names.push(...module.certificateHosts);
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The certificate for `listen()`: the user's files, or a leaf from the local CA for `names`. */
export function tlsMaterial(options: TlsOptions, names: string[], now = new Date()): TlsMaterial {
  if ('certFile' in options) return ownCertificate(options.certFile, options.keyFile);
  return localCertificate(options.dir ?? defaultTlsDir(), names, now);
}

/** A missing file, folder or parent: each is read or made at the path the user gave. */
const MISSING = 'it does not exist';

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TlsError(`cannot read ${flag} ${file}: ${reasonOf(error, MISSING)}`);
  }
}

/** `--tls-cert` / `--tls-key`: both PEM, and the key the certificate's. */
function ownCertificate(certFile: string, keyFile: string): TlsMaterial {
  const cert = readText(certFile, '--tls-cert');
  const key = readText(keyFile, '--tls-key');
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new TlsError(`--tls-cert ${certFile} is not a PEM certificate`);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new TlsError(`--tls-key ${keyFile} is not a PEM private key (or it is encrypted)`);
  }
  if (!parsed.checkPrivateKey(privateKey))
    throw new TlsError(`--tls-key ${keyFile} is not the key of --tls-cert ${certFile}`);
  return { cert, key, certFile, names: sanNames(parsed) };
}

/** The DNS and IP names of a certificate's subjectAltName. */
function sanNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.*)$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined)
    .map((name) => name.toLowerCase());
}

/**
 * The folder's CA (made if missing) and a leaf for `names` (made anew when missing, for other names, by
 * another CA, or near its end). Files are written whole and renamed into place; the CA is claimed with a hard
 * link, so two emulators starting at once on one folder agree on one CA.
 */
function localCertificate(dir: string, names: string[], now: Date): TlsMaterial {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new TlsError(`cannot create --tls-dir ${dir}: ${reasonOf(error, MISSING)}`);
  }
  const caFile = join(dir, 'ca.pem');
  const ca = loadOrCreateCa(dir, now);
  if (readOptional(caFile) !== ca.certPem) writeAtomic(caFile, ca.certPem, 0o644);
  const leafFile = join(dir, 'server.pem');
  const existing = readOptional(leafFile);
  const reused = existing === undefined ? undefined : usableLeaf(existing, ca.certPem, names, now);
  if (reused) return { ...reused, caFile, names };
  const leaf = createLeaf(ca, names, now);
  writeAtomic(leafFile, `${leaf.key}${leaf.cert}`, 0o600);
  return { ...leaf, caFile, names };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TlsError(`cannot read ${file}: ${reasonOf(error, MISSING)}`);
  }
}

function writeAtomic(file: string, text: string, mode: number): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new TlsError(`cannot write ${file}: ${reasonOf(error, MISSING)}`);
  }
}

interface Ca {
  certPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

/** PEM blocks of one kind in a text (a key file holds the key, then its certificate). */
const pemBlocks = (text: string, label: string) =>
  text.match(new RegExp(`-----BEGIN ${label}-----[^-]+-----END ${label}-----\\r?\\n?`, 'g')) ?? [];

function loadOrCreateCa(dir: string, now: Date): Ca {
  const file = join(dir, 'ca-key.pem');
  let text = readOptional(file);
  if (text === undefined) {
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      writeFileSync(temp, createCa(now), { mode: 0o600 });
      linkSync(temp, file);
    } catch (error) {
      // EEXIST: another emulator made its CA first; that one is used.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new TlsError(`cannot write ${file}: ${reasonOf(error, MISSING)}`);
    } finally {
      rmSync(temp, { force: true });
    }
    text = readFileSync(file, 'utf8');
  }
  const [keyPem] = pemBlocks(text, 'PRIVATE KEY');
  const [certPem] = pemBlocks(text, 'CERTIFICATE');
  if (!keyPem || !certPem)
    throw new TlsError(`${file} is not the CA's key and certificate: remove the folder to make a new CA`);
  return {
    certPem,
    cert: forge.pki.certificateFromPem(certPem),
    key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
  };
}

function newKeys(): { key: string; forgeKeys: forge.pki.rsa.KeyPair } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(key) as forge.pki.rsa.PrivateKey;
  const forgePublic = forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e);
  return { key, forgeKeys: { privateKey: forgePrivate, publicKey: forgePublic } };
}

/** A positive 128-bit serial, as hex. */
const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
};

/** A new CA: its PKCS #8 key and its self-signed certificate, as one PEM text. */
function createCa(now: Date): string {
  const { key, forgeKeys } = newKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgeKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + CA_YEARS * 365 * DAY_MS);
  const subject = [
    { name: 'commonName', value: `console-emulator local CA (${hostname()})` },
    { name: 'organizationName', value: 'console-emulator' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgeKeys.privateKey, forge.md.sha256.create());
  return `${key}${forge.pki.certificateToPem(cert)}`;
}

/** A server certificate for `names`, signed by the CA. */
function createLeaf(ca: Ca, names: string[], now: Date): { cert: string; key: string } {
  const { key, forgeKeys } = newKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgeKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + LEAF_DAYS * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: 'console-emulator' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key };
}

/** The leaf in `text` if it is the CA's, for exactly `names`, and not near its end. */
function usableLeaf(
  text: string,
  caPem: string,
  names: string[],
  now: Date,
): { cert: string; key: string } | undefined {
  const [key] = pemBlocks(text, 'PRIVATE KEY');
  const [cert] = pemBlocks(text, 'CERTIFICATE');
  if (!key || !cert) return undefined;
  try {
    const leaf = new X509Certificate(cert);
    const have = new Set(sanNames(leaf).map(normalIp));
    const fresh =
      leaf.verify(new X509Certificate(caPem).publicKey) &&
      leaf.checkPrivateKey(createPrivateKey(key)) &&
      new Date(leaf.validTo).getTime() - now.getTime() > RENEW_DAYS * DAY_MS &&
      have.size === names.length &&
      names.every((name) => have.has(normalIp(name)));
    return fresh ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

/** Node prints an IPv6 SAN in full (`0:0:…:1`): compare addresses in the URL parser's short form. */
function normalIp(name: string): string {
  return isIP(name) === 6 ? new URL(`http://[${name}]`).hostname : name;
}
