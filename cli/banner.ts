import type { ProviderSummary } from '../emulator/provider.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { formatTable } from '../emulator/table.ts';
import type { TlsMaterial } from '../emulator/tls.ts';

/** `--banner`: `short` fits one screen; `full` prints every endpoint, credential and resource table first. */
export const BANNER_FORMATS = ['short', 'full'] as const;
export type BannerFormat = (typeof BANNER_FORMATS)[number];

/** Every provider's endpoints, credentials and resources as tables (`--banner full`). */
function tables(summaries: readonly ProviderSummary[]): string[] {
  return summaries.flatMap((summary) => [
    `== ${summary.title} ==`,
    '',
    'Endpoints:',
    formatTable(summary.endpoints),
    '',
    'Credentials:',
    formatTable(summary.credentials),
    '',
    'Resources:',
    formatTable(summary.resources),
    '',
  ]);
}

/**
 * The start-up banner. Its short form is one screen (under 30 lines with four providers, room left for more
 * notes): a line per provider with the URL to point a client at and a demo login, the emulator's own pages and
 * the control API, where the full tables are, then `listening on` last, so the request log follows it.
 */
export function banner(running: RunningEmulator, publicUrl: string, format: BannerFormat): string {
  const base = publicUrl.replace(/\/+$/, '');
  const providers = running.emulator.providers.map((p) => ({ name: p.name, summary: p.summary(base) }));
  const width = Math.max('PROVIDER'.length, ...providers.map((p) => p.name.length));
  const urlWidth = Math.max(...providers.map((p) => p.summary.quickStart.url.length));
  const label = (text: string) => text.padEnd(15);
  const lines = [
    ...(format === 'full' ? tables(providers.map((p) => p.summary)) : []),
    `console-emulator: cloud console APIs, offline (public URL ${base})`,
    '',
    `  ${'PROVIDER'.padEnd(width)}  ${'URL'.padEnd(urlWidth)}  DEMO LOGIN`,
    ...providers.map(
      ({ name, summary: { quickStart } }) =>
        `  ${name.padEnd(width)}  ${quickStart.url.padEnd(urlWidth)}  ${quickStart.login}`,
    ),
    '',
    `${label('dashboard')}${base}/__emulator/`,
    `${label('API reference')}${base}/docs`,
    ...providers.map((p, i) => `${label(i === 0 ? 'OpenAPI' : '')}${base}/openapi/${p.name}.json`),
    `${label('control API')}${base}/__emulator/state (and clock, faults, journal, reset, snapshot)`,
    `${label('health')}${base}/__emulator/health`,
    ...(running.tls ? tlsLines(running.tls, format) : []),
    '',
    ...(format === 'full' ? [] : ['Every endpoint, credential and resource: console-emulator --banner full']),
    'The demo scenario as a file, to start a --scenario from: console-emulator scenario --print-demo',
    `listening on ${running.url}`,
  ];
  return lines.join('\n');
}

/**
 * What the banner says of `--tls`: in short form one line (the CA file to trust, or the user's certificate); in
 * full form also how each kind of client trusts the CA (docs/tls.md).
 */
function tlsLines(tls: TlsMaterial, format: BannerFormat): string[] {
  if (!tls.caFile) return [`TLS: your certificate ${tls.certFile}`];
  const ca = tls.caFile;
  if (format === 'short') return [`TLS: CA ${ca} (how to trust it: --banner full, or docs/tls.md)`];
  return [
    `TLS: the certificate is signed by the emulator's local CA ${ca}; a client trusts that file:`,
    `  Node.js              NODE_EXTRA_CA_CERTS=${ca}`,
    `  Python requests      REQUESTS_CA_BUNDLE=${ca}`,
    `  OpenSSL, Python, Go  SSL_CERT_FILE=${ca}`,
    `  curl                 curl --cacert ${ca} URL`,
    `  Java                 keytool -importcert -noprompt -alias console-emulator -file ${ca} \\`,
    '                         -keystore emulator.jks -storepass changeit; java -Djavax.net.ssl.trustStore=emulator.jks …',
  ];
}
