#!/usr/bin/env node
// The bin runs a prebuilt bundle of cli/main.ts (decision 0004): the package's dist/console-emulator.cjs or,
// in a checkout, node_modules/.cache/console-emulator/console-emulator.cjs, which it first rebuilds
// (scripts/bundle.mjs) whenever a file it was built from changed, so a checkout never runs stale code. When
// the bundle cannot be built, or with CONSOLE_EMULATOR_TSX=1, it runs the TypeScript sources through tsx.
import { isAscii } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);

/** An installed package's code cache: `.cache/console-emulator` in the nearest node_modules folder holding it. */
function cacheDirOf(dir) {
  for (let at = dir; at !== dirname(at); at = dirname(at)) {
    if (basename(at) === 'node_modules') return join(at, '.cache', 'console-emulator');
  }
  return undefined;
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled with V8's code cache: parsing and compiling
 * its ~1.2 MB is otherwise a fifth of a cold start. The cache is V8's own (V8 rejects it when the Node version
 * or flags differ) and is tied to the bundle by the id on its first line. A run that starts the emulator and
 * finds no cache writes one, with every function compiled so far, a second after it began to serve (or as it
 * exits).
 */
async function runBundle(file, content, cacheDir) {
  const id = /^\/\/ console-emulator bundle ([0-9a-f]+)\n/.exec(content)?.[1];
  const cacheFile = id && cacheDir && join(cacheDir, `${id}.${process.version}-${process.arch}.v8cache`);
  let cachedData;
  try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) {${content}\n})`,
    {
      filename: file,
      cachedData,
    },
  );
  const bundled = { exports: {} };
  script.runInThisContext()(bundled.exports, createRequire(file), bundled, file, dirname(file));
  const serving = await bundled.exports.main(argv);
  if (!serving || !cacheFile || (cachedData !== undefined && !script.cachedDataRejected)) return;
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install runs without the cache, only slower.
    }
  };
  setTimeout(save, 1_000).unref();
  process.once('exit', save);
}

async function runSources() {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../cli/main.ts', import.meta.url).href);
  await main(argv);
}

/** In a checkout: the bundle, rebuilt first if it is not fresh; undefined when it cannot be built. */
async function checkoutBundle() {
  // CommonJS, through require: a few ms cheaper at every start than another ES module.
  const fresh = createRequire(import.meta.url)('../scripts/bundle-fresh.cjs');
  const content = fresh.freshBundle(root);
  if (content !== undefined) return { file: fresh.bundleFile(root), content };
  try {
    const { rebuild } = await import('../scripts/bundle.mjs');
    return { file: fresh.bundleFile(root), content: await rebuild(root) };
  } catch (error) {
    const reason = String(error instanceof Error ? error.message : error).split('\n')[0];
    process.stderr.write(
      `console-emulator: cannot bundle the sources (${reason}); running them through tsx\n`,
    );
    return undefined;
  }
}

if (!existsSync(join(root, 'cli/main.ts'))) {
  const file = join(root, 'dist/console-emulator.cjs');
  const bytes = readFileSync(file);
  // ASCII as esbuild writes it: decoded as latin1, a third faster than UTF-8.
  await runBundle(file, bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), cacheDirOf(root));
} else {
  const bundle = process.env.CONSOLE_EMULATOR_TSX === '1' ? undefined : await checkoutBundle();
  await (bundle ? runBundle(bundle.file, bundle.content, dirname(bundle.file)) : runSources());
}
