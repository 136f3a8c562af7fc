#!/usr/bin/env node
// Builds dist/console-emulator-linux-x64 (`npm run build:binary`): one file that runs the emulator where no
// Node.js is installed. It is Node's single executable application (Node 20.12 or later): the CLI's bundle
// (scripts/bundle.mjs, every dependency inside) as the main script, and every file the emulator serves
// (emulator/assets.ts: the OpenAPI documents, the dashboard's page, noVNC's modules) as SEA assets under the
// names emulator/assets.ts asks for, injected with postject into a copy of the Node that runs this script.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle } from './bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(root, 'dist', 'console-emulator-linux-x64') } },
});
/** `--out FILE` builds elsewhere (the test builds into a temporary folder, leaving dist/ alone). */
const output = resolve(values.out);
/** Node's documented sentinel: the fuse postject flips so that Node looks for the injected blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (process.platform !== 'linux' || process.arch !== 'x64') {
  process.stderr.write(
    `build:binary builds the linux-x64 executable on linux-x64 (this is ${process.platform}-${process.arch})\n`,
  );
  process.exit(1);
}

/** The asset folders of emulator/assets.ts and where they are in a checkout (noVNC: only what is served). */
const novnc = dirname(dirname(require.resolve('@novnc/novnc')));
const FOLDERS = [
  ['openapi', join(root, 'openapi'), /\.json$/],
  ['dashboard', join(root, 'emulator/dashboard/static'), /./],
  ['novnc/core', join(novnc, 'core'), /./],
  ['novnc/vendor', join(novnc, 'vendor'), /./],
];

function assets() {
  const found = {};
  const walk = (name, dir, wanted) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(`${name}/${entry.name}`, path, wanted);
      else if (entry.isFile() && wanted.test(entry.name)) found[`${name}/${entry.name}`] = path;
    }
  };
  for (const [name, dir, wanted] of FOLDERS) walk(name, dir, wanted);
  return found;
}

/** Runs Node with `args`, its chatter (postject's warnings about notes it skips) shown only if it fails. */
function quietly(args) {
  try {
    execFileSync(process.execPath, args, { stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw error;
  }
}

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'console-emulator-binary-'));
try {
  const { content } = await bundle({
    root,
    outfile: join(work, 'bundle.cjs'),
    runsFrom: 'sources',
    standalone: true,
  });
  const main = join(work, 'main.cjs');
  writeFileSync(main, `${content}\nmodule.exports.main(process.argv.slice(2));\n`);
  const blob = join(work, 'sea.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
      assets: assets(),
    }),
  );
  quietly(['--experimental-sea-config', config]);
  mkdirSync(dirname(output), { recursive: true });
  rmSync(output, { force: true });
  copyFileSync(process.execPath, output);
  chmodSync(output, 0o755);
  quietly([
    require.resolve('postject/dist/cli.js'),
    output,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    SEA_FUSE,
  ]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
const megabytes = (statSync(output).size / 1024 / 1024).toFixed(1);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `built ${relative(process.cwd(), output)} (${megabytes} MiB, Node ${process.version}) in ${seconds} s\n`,
);
