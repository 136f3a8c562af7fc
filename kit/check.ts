import { ENV } from '../client/env.ts';
import { readProviderError } from '../client/errors.ts';
import { aliyunErrors } from '../contracts/aliyun/errors.ts';
import type { CatalogueEntry, ProviderName } from '../contracts/catalogue.ts';
import { hpcErrors } from '../contracts/hpc/errors.ts';
import { huaweiErrors } from '../contracts/huawei/errors.ts';
import type { ScenarioInput } from '../contracts/scenario.ts';
import type { Journal, JournalEntry } from '../emulator/journal.ts';
import { loadScenarioFile } from '../emulator/scenario-file.ts';
import { listen } from '../emulator/server.ts';
import { demoCredentials } from './credentials.ts';
import { isEntry } from './match.ts';

/** What a consumer did wrong, in three kinds. */
export type ViolationKind = 'contract violation' | 'unknown operation' | 'unsigned or mis-signed call';

/**
 * Which catalogue errors are the consumer's fault, and of what kind. The rest (a server not ready, a session
 * of another user, throttling, …) are answers a correct consumer meets and handles: not violations.
 */
const KINDS: Record<ProviderName, Partial<Record<string, ViolationKind>>> = {
  huawei: {
    ...kinds('unsigned or mis-signed call', huaweiErrors, ['Unauthorized', 'APIGW.0301', 'APIGW.0307']),
    ...kinds('contract violation', huaweiErrors, [
      'InvalidAPIVersionString',
      'InvalidGlobalAPIVersion',
      'VersionNotFoundForAPIMethod',
      'UnsupportedContentType',
      'MalformedRequestBody',
      'NoSuchAction',
      'ValidationError',
      'ProjectIdMismatch',
      'ConsoleTypeInvalid',
      'KeystoneValidationError',
      'RequestEntityTooLarge',
      'Ecs.0005',
    ]),
    ...kinds('unknown operation', huaweiErrors, ['RouteNotFound', 'KeystoneNotFound', 'APIGW.0101']),
  },
  aliyun: {
    ...kinds('unsigned or mis-signed call', aliyunErrors, [
      'IncompleteSignature',
      'SignatureDoesNotMatch',
      'InvalidSignatureMethod',
      'InvalidAccessKeyId.NotFound',
      'InvalidTimeStamp.Format',
      'InvalidTimeStamp.Expired',
      'SignatureNonceUsed',
    ]),
    ...kinds('contract violation', aliyunErrors, [
      'MissingParameter',
      'InvalidParameter',
      'InvalidParameter.Format',
      'InvalidVersion',
      'UnsupportedHTTPMethod',
      'RequestEntityTooLarge',
      'IncorrectVncPassword.Invalid',
      'IncorrectVncPassword.Malformed',
      'InvalidInstanceIds.Malformed',
    ]),
    ...kinds('unknown operation', aliyunErrors, ['InvalidAction.NotFound']),
  },
  hpc: {
    ...kinds('unsigned or mis-signed call', hpcErrors, ['SignatureMismatch', 'VerificationFailed']),
    ...kinds('contract violation', hpcErrors, ['MissingParameters', 'InvalidParameter', 'ContentTooLarge']),
    ...kinds('unknown operation', hpcErrors, ['NotFound', 'MethodNotAllowed']),
  },
};

function kinds<C extends Record<string, CatalogueEntry>>(
  kind: ViolationKind,
  // Only for the type: each key must be one of that catalogue's.
  _catalogue: C,
  keys: ReadonlyArray<keyof C & string>,
): Record<string, ViolationKind> {
  return Object.fromEntries(keys.map((key) => [key, kind]));
}

/** What the providers journal when no operation matched. */
const UNKNOWN_OPERATIONS = new Set(['unknownPath', 'unknown', 'methodNotAllowed']);

const CATALOGUES: Record<ProviderName, Record<string, CatalogueEntry>> = {
  huawei: huaweiErrors,
  aliyun: aliyunErrors,
  hpc: hpcErrors,
};

export interface Violation {
  kind: ViolationKind;
  entry: JournalEntry;
  /** The catalogue entry the answer was, when known. */
  error?: CatalogueEntry;
  /** The provider's message as answered (from the journal's copy of the answer), else the catalogue's. */
  message: string;
}

/** The journal entries that are a consumer's violations, each named by kind, catalogue entry and message. */
export function findViolations(journal: Journal): Violation[] {
  const out: Violation[] = [];
  for (const entry of journal.list()) {
    // A fault rule broke the connection: the test's own doing.
    if (entry.status === 0) continue;
    if (entry.provider === 'emulator') {
      if (entry.operation === 'consoleConnect' && entry.status < 400) continue;
      out.push({
        kind: 'unknown operation',
        entry,
        message: `no provider serves ${entry.method} ${entry.path}`,
      });
      continue;
    }
    const provider = entry.provider;
    const answer = journal.exchange(entry)?.response;
    const info = answer
      ? readProviderError(provider, answer.status, new Headers(answer.headers), answer.body)
      : undefined;
    const all = Object.values(CATALOGUES[provider]);
    const byAnswer = info ? all.filter((e) => isEntry(e, entry.status, info.code, info.message)) : [];
    // Without the answer's body (or a body no entry matches, such as webob's plain text), the journal's code.
    const candidates = byAnswer.length
      ? byAnswer
      : all.filter((e) => entry.code !== undefined && isEntry(e, entry.status, entry.code, e.message));
    // HPC answers 10008 both for a bad token and for another user's session; only the first is unsigned,
    // and only then is no credential known for the call.
    const unsignedHpc =
      provider === 'hpc' && entry.code === hpcErrors.PermissionDenied.code && entry.credential === undefined;
    const error = unsignedHpc ? hpcErrors.PermissionDenied : candidates.find((e) => KINDS[provider][e.key]);
    const kind = unsignedHpc ? 'unsigned or mis-signed call' : error && KINDS[provider][error.key];
    const message = byAnswer.length && info ? info.message : (error?.message ?? '');
    if (kind && error) out.push({ kind, entry, error, message });
    else if (UNKNOWN_OPERATIONS.has(entry.operation)) {
      out.push({
        kind: 'unknown operation',
        entry,
        message: info?.message ?? `${entry.method} ${entry.path}`,
      });
    }
  }
  return out;
}

/** The environment a consumer runs with: every variable of `ENV` (client/env.ts), for the demo credentials. */
export function consumerEnvironment(baseUrl: string): Record<string, string> {
  const url = new URL(baseUrl);
  const { huawei, aliyun, hpc } = demoCredentials;
  return {
    [ENV.url]: baseUrl,
    OS_AUTH_URL: `${baseUrl}/v3`,
    OS_IDENTITY_API_VERSION: '3',
    OS_REGION_NAME: huawei.projectName,
    OS_USERNAME: huawei.user,
    OS_PASSWORD: huawei.password,
    OS_USER_DOMAIN_NAME: huawei.domain,
    OS_PROJECT_NAME: huawei.projectName,
    OS_PROJECT_DOMAIN_NAME: huawei.domain,
    [ENV.huawei.endpoint]: baseUrl,
    [ENV.huawei.ak]: huawei.accessKeyId ?? '',
    [ENV.huawei.sk]: huawei.secretAccessKey ?? '',
    [ENV.huawei.projectId]: huawei.projectId,
    [ENV.aliyun.endpoint]: url.host,
    [ENV.aliyun.accessKeyId]: aliyun.accessKeyId,
    [ENV.aliyun.accessKeySecret]: aliyun.accessKeySecret,
    [ENV.aliyun.regionId]: aliyun.regionId,
    [ENV.hpc.baseUrl]: baseUrl,
    [ENV.hpc.user]: hpc.user,
    [ENV.hpc.password]: hpc.password,
    [ENV.hpc.orgId]: hpc.orgId,
    [ENV.hpc.accessKey]: hpc.accessKey ?? '',
    [ENV.hpc.secretKey]: hpc.secretKey ?? '',
  };
}

export interface CheckOptions {
  scenarioFile?: string;
  scenario?: ScenarioInput;
  /** Runs the consumer with this environment; resolves its exit status. */
  run: (env: NodeJS.ProcessEnv) => Promise<number>;
}

export interface CheckReport {
  exitCode: number;
  violations: Violation[];
  requests: number;
  text: string;
}

/** Long messages (Alibaba's echo its string to sign) are cut where a reader stops reading. */
const clip = (text: string) => (text.length > 240 ? `${text.slice(0, 239)}…` : text);

/** Starts an emulator on a free port, runs the consumer against it, and reads the journal. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const scenario = options.scenarioFile ? await loadScenarioFile(options.scenarioFile) : options.scenario;
  const running = await listen({
    host: '127.0.0.1',
    port: 0,
    journalLimit: 100_000,
    // The answers' bodies name the catalogue entry (the journal keeps them only when asked).
    journalBodies: true,
    ...(scenario ? { scenario } : {}),
  });
  let status: number;
  try {
    status = await options.run({ ...process.env, ...consumerEnvironment(running.url) });
  } finally {
    await running.close();
  }
  const journal = running.emulator.journal;
  const violations = findViolations(journal);
  const requests = journal.list().length;
  const lines = [
    `console-emulator check: the command exited with ${status}; the emulator answered ${requests} request${requests === 1 ? '' : 's'}.`,
  ];
  if (requests === 0) {
    lines.push(`No request reached the emulator: point the consumer at $${ENV.url} (see docs/kit.md).`);
  }
  for (const kind of ['contract violation', 'unsigned or mis-signed call', 'unknown operation'] as const) {
    const found = violations.filter((v) => v.kind === kind);
    if (found.length === 0) continue;
    lines.push('', `✗ ${found.length} ${kind}${found.length === 1 ? '' : 's'}:`);
    for (const v of found) {
      const e = v.entry;
      const code = v.error ? `${v.error.code} (${v.error.key})` : (e.code ?? '');
      lines.push(
        `  #${e.seq} ${e.provider} ${e.operation} ${e.method} ${e.path}`,
        `     → ${e.status} ${code}: ${clip(v.message.replace(/\s+/g, ' ').trim())}`,
      );
    }
  }
  const clean = requests - violations.length;
  lines.push(
    '',
    `${violations.length === 0 ? '✓' : '•'} ${clean} request${clean === 1 ? '' : 's'} followed the contracts.`,
  );
  return {
    exitCode: violations.length > 0 ? 1 : status,
    violations,
    requests,
    text: lines.join('\n'),
  };
}
