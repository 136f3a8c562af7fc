import { parseArgs } from 'node:util';
import type { ScenarioInput } from '../contracts/scenario.ts';
import { PROVIDER_MODULES } from '../emulator/providers/index.ts';
import { DEFAULT_HOST, DEFAULT_PORT, listen, type RunningEmulator } from '../emulator/server.ts';
import { StateFileError } from '../emulator/state-file.ts';
import type { TlsOptions } from '../emulator/tls.ts';
import { BANNER_FORMATS, type BannerFormat, banner } from './banner.ts';
import { LOG_FORMATS, type LogFormat, requestLog } from './log.ts';

const HELP = `Usage: console-emulator [options]
       console-emulator scenario --print-demo [--format json|yaml]
       console-emulator verify --provider P --base-url URL [--credentials FILE]
                               [--reporter table|json|junit] [--output FILE]
       console-emulator check [--scenario FILE] [--reporter table|json|junit]
                              [--output FILE] -- COMMAND [ARGS...]

Runs an offline emulator of the cloud APIs that hand out browser VNC console URLs,
all on one listener, with a built-in demo scenario:
${PROVIDER_MODULES.map((m) => `  ${m.help}\n`).join('')}
The control API (state, clock, faults, journal, snapshots) is under /__emulator/,
and a browser dashboard of it at http://HOST:PORT/__emulator/.

Options:
  --host HOST         interface to listen on (default ${DEFAULT_HOST})
  --port PORT         port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --public-url URL    base URL written into console URLs and links
                      (default: the address each request was sent to)
  --scenario FILE     serve this scenario (JSON or YAML) instead of the demo;
                      start from \`console-emulator scenario --print-demo\`
  --state-file FILE   keep the state in FILE: restored on start, saved atomically
                      after every change and on shutdown
  --control-token T   require token T on the control API under /__emulator/
                      (Authorization: Bearer T or X-Emulator-Token: T); also read
                      from CONSOLE_EMULATOR_CONTROL_TOKEN, which ps does not show;
                      the dashboard asks a browser for it once (kept in a cookie)
  --banner FORMAT     what start-up prints before "listening on": short (the
                      default, one screen: each provider's URL and demo login,
                      the dashboard, /docs, /openapi/*.json, the control API) or
                      full (every endpoint, credential and resource as tables first)
  --log FORMAT        one line per request after "listening on": pretty (the
                      default: time, method, path, status, provider.operation,
                      error code, milliseconds, contract verdict), json (one
                      object a line) or off; no secret is ever printed
  --allowed-host NAME another Host name the control API answers on (repeatable;
                      localhost, 127.x.x.x, [::1], --host and --public-url's host
                      always are); "all" answers any: then set --control-token
  --snapshot-dir DIR  where snapshot {"file": NAME} is written and loaded (default
                      the folder of --state-file, else ./.console-emulator/snapshots)
  --journal-bodies WHEN
                      keep each request's and answer's headers and first 8 KiB of
                      body (redacted) beside its journal entry: watched (the
                      default: while a dashboard follows the journal), on or off
  --connections-per-token N
                      live console websockets one console token may hold at once
                      (default 10); the next is refused until one closes
  --tls               serve HTTPS (and wss:// consoles) with a certificate from a
                      local CA made on first use and kept in --tls-dir; valid for
                      localhost, 127.0.0.1, ::1, --host, --public-url's host and
                      the providers' real API hostnames; the banner says how to
                      trust the CA (docs/tls.md)
  --tls-dir DIR       where the local CA and certificate are kept (implies --tls;
                      default $XDG_CACHE_HOME/console-emulator/tls, else
                      ~/.cache/console-emulator/tls)
  --tls-cert FILE     serve your own PEM certificate (chain) instead (implies --tls)
  --tls-key FILE      ... and its PEM private key (both or neither)
  -h, --help          show this help
  -v, --version       print the version

On start it prints each provider's URL and demo login and the emulator's own
addresses (--banner full: every endpoint, credential and resource too), then
"listening on http://HOST:PORT". Stop it with Ctrl-C (SIGINT) or SIGTERM.

Example:
  console-emulator --port 0
${PROVIDER_MODULES.flatMap((m) => m.example?.split('\n') ?? [])
  .map((line) => `  ${line}\n`)
  .join('')}`;

/** `--journal-bodies`' words for `journalBodies`. */
const JOURNAL_BODIES = new Map<string, boolean | 'watched'>([
  ['on', true],
  ['off', false],
  ['watched', 'watched'],
]);

function fail(message: string): never {
  process.stderr.write(`console-emulator: ${message}\nTry 'console-emulator --help'.\n`);
  process.exit(2);
}

const SCENARIO_HELP = `Usage: console-emulator scenario --print-demo [--format json|yaml]

Writes the built-in demo scenario to standard output, as a starting point for --scenario FILE.
`;

async function scenarioCommand(argv: string[]): Promise<void> {
  let values: { 'print-demo'?: boolean; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'print-demo': { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help || !values['print-demo']) {
    process.stdout.write(SCENARIO_HELP);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'yaml') fail(`--format must be json or yaml, got "${format}"`);
  // The YAML writer and the demo's printing are loaded only for this subcommand.
  const { printDemo } = await import('../emulator/scenario-file.ts');
  process.stdout.write(printDemo(format));
}

/** `--tls`, `--tls-dir`, `--tls-cert` and `--tls-key` as `listen()`'s `tls`; undefined for plain HTTP. */
function tlsOption(values: {
  tls?: boolean;
  'tls-dir'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
}): TlsOptions | undefined {
  const { 'tls-dir': dir, 'tls-cert': certFile, 'tls-key': keyFile } = values;
  if ((certFile === undefined) !== (keyFile === undefined))
    fail('--tls-cert and --tls-key go together: give both files or neither');
  if (certFile !== undefined && keyFile !== undefined) {
    if (dir !== undefined) fail('--tls-dir is for the local CA; it has no use with --tls-cert');
    return { certFile, keyFile };
  }
  if (dir === '') fail('--tls-dir must not be empty');
  if (dir !== undefined) return { dir };
  return values.tls ? {} : undefined;
}

/**
 * Runs the command line `argv`; resolves with the emulator when it started one and left it serving (until
 * SIGINT or SIGTERM), with nothing once a one-shot command (`--help`, `scenario`, `verify`, `check`) is done.
 */
export async function main(argv: string[]): Promise<RunningEmulator | undefined> {
  if (argv[0] === 'scenario') {
    await scenarioCommand(argv.slice(1));
    return undefined;
  }
  // The contract-test kit's commands (cli/kit.ts), loaded only when asked for.
  if (argv[0] === 'verify' || argv[0] === 'check') {
    const kit = await import('./kit.ts');
    await (argv[0] === 'verify' ? kit.verifyCommand : kit.checkCommand)(argv.slice(1));
    return undefined;
  }
  let values: {
    host?: string;
    port?: string;
    'public-url'?: string;
    scenario?: string;
    'state-file'?: string;
    'control-token'?: string;
    banner?: string;
    log?: string;
    'allowed-host'?: string[];
    'snapshot-dir'?: string;
    'journal-bodies'?: string;
    'connections-per-token'?: string;
    tls?: boolean;
    'tls-dir'?: string;
    'tls-cert'?: string;
    'tls-key'?: string;
    help?: boolean;
    version?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'public-url': { type: 'string' },
        scenario: { type: 'string' },
        'state-file': { type: 'string' },
        'control-token': { type: 'string' },
        banner: { type: 'string' },
        log: { type: 'string' },
        'allowed-host': { type: 'string', multiple: true },
        'snapshot-dir': { type: 'string' },
        'journal-bodies': { type: 'string' },
        'connections-per-token': { type: 'string' },
        tls: { type: 'boolean' },
        'tls-dir': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return undefined;
  }
  if (values.version) {
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return undefined;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer 0–65535, got "${values.port}"`);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(publicUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol))
      fail(`--public-url must be an http(s) URL, got "${publicUrl}"`);
  }
  let scenario: ScenarioInput | undefined;
  if (values.scenario !== undefined) {
    // The scenario-file reader (with its YAML parser) is loaded only when a file is given.
    const { loadScenarioFile, ScenarioFileError } = await import('../emulator/scenario-file.ts');
    try {
      scenario = await loadScenarioFile(values.scenario);
    } catch (error) {
      if (error instanceof ScenarioFileError) {
        process.stderr.write(`console-emulator: invalid scenario\n${error.message}\n`);
        process.exit(2);
      }
      throw error;
    }
  }
  const bannerFormat = (values.banner ?? 'short') as BannerFormat;
  if (!BANNER_FORMATS.includes(bannerFormat)) fail(`--banner must be short or full, got "${values.banner}"`);
  const log = (values.log ?? 'pretty') as LogFormat;
  if (!LOG_FORMATS.includes(log)) fail(`--log must be pretty, json or off, got "${values.log}"`);
  const journalBodies = JOURNAL_BODIES.get(values['journal-bodies'] ?? 'watched');
  if (journalBodies === undefined)
    fail(`--journal-bodies must be on, off or watched, got "${values['journal-bodies']}"`);
  const perToken = values['connections-per-token'];
  const connectionsPerToken = perToken === undefined ? undefined : Number(perToken);
  if (
    connectionsPerToken !== undefined &&
    !(/^\d+$/.test(perToken ?? '') && Number.isSafeInteger(connectionsPerToken) && connectionsPerToken >= 1)
  )
    fail(`--connections-per-token must be a whole number of at least 1, got "${perToken}"`);
  const controlToken = values['control-token'] ?? process.env.CONSOLE_EMULATOR_CONTROL_TOKEN;
  if (controlToken === '') fail('--control-token must not be empty');
  const named = values['allowed-host'] ?? [];
  const allowedHosts = named.includes('all') ? 'all' : named;
  const host = values.host ?? DEFAULT_HOST;
  const tls = tlsOption(values);
  let running: RunningEmulator;
  try {
    running = await listen({
      host,
      port,
      ...(publicUrl ? { publicUrl } : {}),
      ...(scenario ? { scenario } : {}),
      ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
      ...(controlToken ? { controlToken } : {}),
      allowedHosts,
      ...(values['snapshot-dir'] ? { snapshotDir: values['snapshot-dir'] } : {}),
      journalBodies,
      ...(connectionsPerToken ? { consoles: { connectionsPerToken } } : {}),
      ...(tls ? { tls } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(`port ${port} on ${host} is already in use (try --port 0 to pick a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot listen on host "${host}"`);
    if (error instanceof StateFileError || (error instanceof Error && error.name === 'TlsError')) {
      process.stderr.write(`console-emulator: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (allowedHosts === 'all' && !controlToken) {
    process.stdout.write(
      'warning: --allowed-host all: any web page that re-points its name at this address can drive the\n' +
        'control API; set --control-token (or CONSOLE_EMULATOR_CONTROL_TOKEN) too.\n\n',
    );
  }
  process.stdout.write(`${banner(running, publicUrl ?? running.url, bannerFormat)}\n`);
  const lines = log === 'off' ? undefined : requestLog(log, (text) => process.stdout.write(text));
  if (lines) {
    // A log only prints entries: it does not ask the journal to keep the exchanges as a dashboard does.
    running.emulator.journal.subscribe(lines.entry, { watches: false });
    process.once('exit', lines.flush);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    lines?.flush();
    process.stdout.write(`${signal}: shutting down\n`);
    running.emulator.persist();
    running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return running;
}
