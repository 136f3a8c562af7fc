#!/usr/bin/env node
// The bin runs a prebuilt bundle of cli/main.ts (decision 0004): the package's dist/console-emulator.cjs or,
// in a checkout, node_modules/.cache/console-emulator/console-emulator.cjs, which it first rebuilds
// (scripts/bundle.mjs) whenever a file it was built from changed, so a checkout never runs stale code. When
// the bundle cannot be built, or with CONSOLE_EMULATOR_TSX=1, it runs the TypeScript sources through tsx.
//
// It is a CommonJS script (bin/package.json): Node starts one ~5 ms of CPU sooner than an ES module, whose
// loader it then never needs. It runs as an ES module all the same, as it would where bin/package.json is
// missing: no import or require statement, no top-level await, builtins through process.getBuiltinModule.
const { isAscii } = process.getBuiltinModule('node:buffer');
const { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const { createRequire } = process.getBuiltinModule('node:module');
const { basename, dirname, join } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const vm = process.getBuiltinModule('node:vm');

/** This file: `__filename` as a script; as an ES module, the main script Node was given (symlinks resolved). */
const self = typeof __filename === 'string' ? __filename : realpathSync(process.argv[1]);
const root = join(dirname(self), '..');
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
  const { main } = await import(pathToFileURL(join(root, 'cli/main.ts')).href);
  await main(argv);
}

/** In a checkout: the bundle, rebuilt first if it is not fresh; undefined when it cannot be built. */
async function checkoutBundle() {
  // CommonJS, through require: a few ms cheaper at every start than another ES module.
  const fresh = createRequire(self)('../scripts/bundle-fresh.cjs');
  const content = fresh.freshBundle(root);
  if (content !== undefined) return { file: fresh.bundleFile(root), content };
  try {
    const { rebuild } = await import(pathToFileURL(join(root, 'scripts/bundle.mjs')).href);
    return { file: fresh.bundleFile(root), content: await rebuild(root) };
  } catch (error) {
    const reason = String(error instanceof Error ? error.message : error).split('\n')[0];
    process.stderr.write(
      `console-emulator: cannot bundle the sources (${reason}); running them through tsx\n`,
    );
    return undefined;
  }
}

async function start() {
  if (!existsSync(join(root, 'cli/main.ts'))) {
    const file = join(root, 'dist/console-emulator.cjs');
    const bytes = readFileSync(file);
    // ASCII as esbuild writes it: decoded as latin1, a third faster than UTF-8.
    await runBundle(file, bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), cacheDirOf(root));
  } else {
    const bundle = process.env.CONSOLE_EMULATOR_TSX === '1' ? undefined : await checkoutBundle();
    await (bundle ? runBundle(bundle.file, bundle.content, dirname(bundle.file)) : runSources());
  }
}

start();
