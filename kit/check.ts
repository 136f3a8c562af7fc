import { ENV } from '../client/env.ts';
import type { CatalogueEntry } from '../contracts/catalogue.ts';
import type { ViolationKind } from '../contracts/operations.ts';
import { contractOf, PROVIDER_NAMES } from '../contracts/providers.ts';
import type { ScenarioInput } from '../contracts/scenario.ts';
import type { Journal, JournalEntry } from '../emulator/journal.ts';
import { loadScenarioFile } from '../emulator/scenario-file.ts';
import { listen } from '../emulator/server.ts';

export type { ViolationKind };

export interface Violation {
  kind: ViolationKind;
  entry: JournalEntry;
  /** The catalogue entry the answer was, when known. */
  error?: CatalogueEntry;
  /** The provider's message as answered, or where and how the request broke its contract. */
  message: string;
}

/**
 * The journal entries that are a consumer's violations, as the emulator judged each request: by kind, catalogue
 * entry and message. The provider's own answer names the violation when it is one (its words are the ones a
 * reader acts on); otherwise the first way the request broke its contract.
 */
export function findViolations(journal: Journal): Violation[] {
  const out: Violation[] = [];
  for (const entry of journal.list({ verdict: 'violation' })) {
    const violations = entry.verdict.violations;
    const first = violations.find((v) => v.error) ?? violations[0];
    if (!first) continue;
    const error =
      first.error && entry.provider !== 'emulator'
        ? contractOf(entry.provider).errors[first.error.key]
        : undefined;
    const message = first.path ? `${first.path}: ${first.message}` : first.message;
    out.push({ kind: first.kind, entry, ...(error ? { error } : {}), message });
  }
  return out;
}

/**
 * The environment a consumer runs with: `ENV.url` (client/env.ts) and each provider's variables for its demo
 * account (its contract's `kit.environment`).
 */
export function consumerEnvironment(baseUrl: string): Record<string, string> {
  const environment: Record<string, string> = { [ENV.url]: baseUrl };
  for (const name of PROVIDER_NAMES) {
    const { kit } = contractOf(name);
    Object.assign(environment, kit.environment(baseUrl, kit.demoAccount));
  }
  return environment;
}

/**
 * The families of variables `check` sets, as a help text names them: `PREFIX_*` for the variables that share
 * their first word, a lone variable by its name.
 */
export function environmentFamilies(): string[] {
  const groups = new Map<string, string[]>();
  for (const name of Object.keys(consumerEnvironment('http://127.0.0.1'))) {
    const head = name.split('_')[0] ?? name;
    groups.set(head, [...(groups.get(head) ?? []), name]);
  }
  return [...groups.values()].map((names) => {
    if (names.length === 1) return names[0] as string;
    let prefix = names[0] as string;
    for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
    return `${prefix.slice(0, prefix.lastIndexOf('_') + 1)}*`;
  });
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

/** Long messages (some echo the whole string to sign) are cut where a reader stops reading. */
const clip = (text: string) => (text.length > 240 ? `${text.slice(0, 239)}…` : text);

/** Starts an emulator on a free port, runs the consumer against it, and reads the journal. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const scenario = options.scenarioFile ? await loadScenarioFile(options.scenarioFile) : options.scenario;
  const running = await listen({
    host: '127.0.0.1',
    port: 0,
    journalLimit: 100_000,
    // Kept answers let the emulator check its own answers against the contracts too (a self-check).
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
