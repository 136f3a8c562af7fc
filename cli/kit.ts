import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PROVIDER_NAMES, type ProviderName } from '../contracts/providers.ts';
import { environmentFamilies, runCheck } from '../kit/check.ts';
import { type Credentials, CredentialsError, demoCredentials, loadCredentials } from '../kit/credentials.ts';
import {
  type CheckedCommand,
  checkAnnotations,
  checkJson,
  checkJunit,
  formatResults,
  REPORTERS,
  type Reporter,
  resultsAnnotations,
  resultsJson,
  resultsJunit,
} from '../kit/report.ts';
import { type CaseResult, UnreachableError, verifyProvider } from '../kit/verify.ts';

/** `--reporter` and `--output`, as each subcommand's help words them. */
const reportOptions = (
  table: string,
  junit: string,
) => `  --reporter FORMAT  table (the default: ${table}), json or junit (JUnit XML:
                     ${junit}); the shapes are in docs/kit.md
  --output FILE      write the report to FILE; standard output still shows the table

With GITHUB_ACTIONS=true each failure is also printed as a GitHub "::error" annotation.`;

export const VERIFY_HELP = `Usage: console-emulator verify --provider ${PROVIDER_NAMES.join('|')}|all --base-url URL [--credentials FILE]
                               [--reporter table|json|junit] [--output FILE]

Runs the contract cases (each documented success, and each error the credentials and resources can provoke)
against any base URL: a running emulator, or the provider itself. Reports each case's verdict, the answer it
expects and, for a failure, the answer that came. Without --credentials the demo scenario's are used; a
credentials file (JSON or YAML, see docs/kit.md) names yours, and cases whose resource it does not name are
skipped.

${reportOptions('at most 100 columns, for people', 'a testcase per case, classname provider/operation')}

Exit status: 0 when every case passes, 1 when any deviates, 2 for bad arguments or when the base URL cannot be
reached at all (one line with the cause, e.g. ECONNREFUSED 127.0.0.1:9400).
`;

export const CHECK_HELP = `Usage: console-emulator check [--scenario FILE] [--reporter table|json|junit] [--output FILE]
                              -- COMMAND [ARGS...]

Starts an emulator on a free port, runs COMMAND with environment variables pointing the official SDKs and the
typed client at it (${environmentFamilies().join(', ')}; see docs/kit.md),
then reads the journal: exits 1 with a report naming each contract violation, unknown operation and
unsigned or mis-signed call; otherwise with the command's own exit status.

${reportOptions('the report above, for people', 'a testcase for the command and one per violation')}
`;

function usage(message: string, help: string): never {
  process.stderr.write(`console-emulator: ${message}\n\n${help}`);
  process.exit(2);
}

const REPORT_FLAGS = {
  reporter: { type: 'string' },
  output: { type: 'string' },
} as const;

function reporterOf(value: string | undefined, help: string): Reporter {
  const reporter = (value ?? 'table') as Reporter;
  if (!REPORTERS.includes(reporter)) usage(`--reporter must be table, json or junit, got "${value}"`, help);
  return reporter;
}

/**
 * Writes the report where `--output` says (standard output keeps the table for people) or to standard output,
 * and under GitHub Actions an annotation per failure: on standard output, unless a JSON or XML report is there.
 */
async function deliver(
  report: { table: string; json: () => string; junit: () => string; annotations: string[] },
  reporter: Reporter,
  output: string | undefined,
): Promise<void> {
  const text = reporter === 'table' ? `${report.table}\n` : report[reporter]();
  if (output !== undefined) {
    try {
      await writeFile(output, text);
    } catch (error) {
      process.stderr.write(`console-emulator: cannot write ${output}: ${(error as Error).message}\n`);
      process.exit(2);
    }
  }
  const stdout = output === undefined ? text : `${report.table}\n`;
  process.stdout.write(stdout);
  if (process.env.GITHUB_ACTIONS === 'true' && report.annotations.length > 0) {
    const lines = `${report.annotations.join('\n')}\n`;
    if (output === undefined && reporter !== 'table') process.stderr.write(lines);
    else process.stdout.write(lines);
  }
}

export async function verifyCommand(argv: string[]): Promise<void> {
  let values: {
    provider?: string;
    'base-url'?: string;
    credentials?: string;
    reporter?: string;
    output?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        credentials: { type: 'string' },
        ...REPORT_FLAGS,
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usage((error as Error).message, VERIFY_HELP);
  }
  if (values.help) {
    process.stdout.write(VERIFY_HELP);
    return;
  }
  const provider = values.provider;
  if (provider !== 'all' && !PROVIDER_NAMES.includes(provider as ProviderName))
    usage(`--provider must be one of ${PROVIDER_NAMES.join(', ')} or all`, VERIFY_HELP);
  const baseUrl = values['base-url'];
  if (!baseUrl || !URL.canParse(baseUrl)) usage('--base-url must be an http(s) URL', VERIFY_HELP);
  const reporter = reporterOf(values.reporter, VERIFY_HELP);
  const providers = provider === 'all' ? PROVIDER_NAMES : [provider as ProviderName];
  const results: CaseResult[] = [];
  for (const p of providers) {
    let credentials: Credentials[ProviderName] = demoCredentials[p];
    if (values.credentials) {
      try {
        credentials = await loadCredentials(values.credentials, p);
      } catch (error) {
        if (error instanceof CredentialsError) usage(error.message, VERIFY_HELP);
        throw error;
      }
    }
    try {
      results.push(...(await verifyProvider(p, baseUrl, credentials)));
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      // Every case would fail the same way: one line, and a status that is not a contract failure's.
      process.stderr.write(`console-emulator verify: ${error.message}\n`);
      process.exit(2);
    }
  }
  await deliver(
    {
      table: formatResults(results),
      json: () => resultsJson(results, baseUrl),
      junit: () => resultsJunit(results),
      annotations: resultsAnnotations(results),
    },
    reporter,
    values.output,
  );
  process.exitCode = results.some((r) => r.verdict === 'FAIL') ? 1 : 0;
}

export async function checkCommand(argv: string[]): Promise<void> {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  let values: { scenario?: string; reporter?: string; output?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: own,
      options: { scenario: { type: 'string' }, ...REPORT_FLAGS, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usage((error as Error).message, CHECK_HELP);
  }
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return;
  }
  if (command.length === 0) usage('no command after --', CHECK_HELP);
  const reporter = reporterOf(values.reporter, CHECK_HELP);
  const checked: CheckedCommand = { argv: command, exitCode: 0 };
  const report = await runCheck({
    ...(values.scenario ? { scenarioFile: values.scenario } : {}),
    run: (env) =>
      new Promise<number>((resolve) => {
        const child = spawn(command[0] as string, command.slice(1), { stdio: 'inherit', env });
        child.on('error', (error) => {
          process.stderr.write(`console-emulator check: cannot run ${command[0]}: ${error.message}\n`);
          resolve(127);
        });
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      }).then((status) => {
        checked.exitCode = status;
        return status;
      }),
  });
  await deliver(
    {
      table: report.text,
      json: () => checkJson(report, checked),
      junit: () => checkJunit(report, checked),
      annotations: checkAnnotations(report),
    },
    reporter,
    values.output,
  );
  process.exitCode = report.exitCode;
}
