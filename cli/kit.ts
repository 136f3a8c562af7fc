import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { PROVIDER_NAMES, type ProviderName } from '../contracts/providers.ts';
import { runCheck } from '../kit/check.ts';
import { type Credentials, CredentialsError, demoCredentials, loadCredentials } from '../kit/credentials.ts';
import { formatResults, verifyProvider } from '../kit/verify.ts';

export const VERIFY_HELP = `Usage: console-emulator verify --provider ${PROVIDER_NAMES.join('|')}|all --base-url URL [--credentials FILE]

Runs the contract cases (each documented success, and each error the credentials and resources can provoke)
against any base URL: a running emulator, or the provider itself. Prints a table of case, expected, got and
verdict; exits 1 when any case deviates. Without --credentials the demo scenario's are used; a credentials
file (JSON or YAML, see docs/kit.md) names yours, and cases whose resource it does not name are skipped.
`;

export const CHECK_HELP = `Usage: console-emulator check [--scenario FILE] -- COMMAND [ARGS...]

Starts an emulator on a free port, runs COMMAND with environment variables pointing the official SDKs and the
typed client at it (CONSOLE_EMULATOR_URL, OS_*, HUAWEICLOUD_*, ALIBABA_CLOUD_*, SCNET_*; see docs/kit.md),
then reads the journal: exits 1 with a report naming each contract violation, unknown operation and
unsigned or mis-signed call; otherwise with the command's own exit status.
`;

function usage(message: string, help: string): never {
  process.stderr.write(`console-emulator: ${message}\n\n${help}`);
  process.exit(2);
}

export async function verifyCommand(argv: string[]): Promise<void> {
  let values: { provider?: string; 'base-url'?: string; credentials?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        credentials: { type: 'string' },
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
  const providers = provider === 'all' ? PROVIDER_NAMES : [provider as ProviderName];
  const results = [];
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
    results.push(...(await verifyProvider(p, baseUrl, credentials)));
  }
  process.stdout.write(`${formatResults(results)}\n`);
  process.exitCode = results.some((r) => r.verdict === 'FAIL') ? 1 : 0;
}

export async function checkCommand(argv: string[]): Promise<void> {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  let values: { scenario?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: own,
      options: { scenario: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const report = await runCheck({
    ...(values.scenario ? { scenarioFile: values.scenario } : {}),
    run: (env) =>
      new Promise((resolve) => {
        const child = spawn(command[0] as string, command.slice(1), { stdio: 'inherit', env });
        child.on('error', (error) => {
          process.stderr.write(`console-emulator check: cannot run ${command[0]}: ${error.message}\n`);
          resolve(127);
        });
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      }),
  });
  process.stdout.write(`${report.text}\n`);
  process.exitCode = report.exitCode;
}
