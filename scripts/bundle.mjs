#!/usr/bin/env node
// Builds the `console-emulator` bin's bundle (decision 0004): `cli/main.ts` and everything it imports,
// dependencies included, in one CommonJS script that bin/console-emulator.js runs with a V8 code cache.
//
// - `bundle()` builds it with esbuild, for the checkout or, from scripts/build.mjs, for the package.
// - `rebuild()` builds the checkout's and writes the manifest that scripts/bundle-fresh.cjs checks at every
//   start; the bin calls it when that check fails.
// - `node scripts/bundle.mjs` (the `prepare` script, so `npm install` and `npm ci` leave a fresh bundle) builds
//   the checkout's unless it is fresh. It never fails: an install must not break because a source is being
//   edited; the bin then rebuilds at start, or runs the sources through tsx.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fresh from './bundle-fresh.cjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'cli/main.ts';
/** Files that decide the bundle besides the sources it holds: the dependencies and how it is built. */
const RECIPE = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'scripts/bundle.mjs',
  'scripts/bundle-fresh.cjs',
];
/** Where `import.meta.url` can appear; any other file is loaded as esbuild would (and recorded all the same). */
const CODE = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };
/**
 * Packages left out of the bundle and loaded when first used: faker, only for a scenario file that leaves ids
 * out; node-forge, only to make a certificate for --tls; yaml, only for a YAML scenario or credentials file.
 * Bundled, they would never run at a start that does not need them, but their ~0.5 MB of text would be read
 * and handed to V8 at every start (~3 ms of CPU of a ~130 ms one). The bundle runs as a script (vm.Script),
 * where `import()` works neither with a code cache nor without an experimental warning, so they are loaded
 * with `require()`, which takes ES modules too from Node 20.19.
 */
const REQUIRED_AT_RUN_TIME = /^(@faker-js\/faker|node-forge|yaml)$/;

/**
 * Builds the bundle into `outfile`; returns its id, its text and the files it was built from (the manifest's
 * `inputs`). `runsFrom` says where the files the code reads beside itself at run time are (the OpenAPI
 * documents and the dashboard's files through `new URL('./…', import.meta.url)`, noVNC through
 * `createRequire(import.meta.url)`): `'sources'`, the checkout's TypeScript tree at `root`, or `'dist'`, the
 * compiled tree that holds `outfile`. Each module's `import.meta.url` becomes that module's own URL in that
 * tree, computed from the bundle's location at run time, so the bundle keeps working wherever its tree is.
 * `standalone` bundles the packages otherwise loaded at run time too (the single executable has no
 * node_modules beside it).
 */
export async function bundle({ root = ROOT, outfile, runsFrom, standalone = false }) {
  const { build } = await import('esbuild');
  const treeRoot = runsFrom === 'dist' ? dirname(outfile) : root;
  const toTree = relative(dirname(outfile), treeRoot).split(sep).join('/') || '.';
  const inputs = {};
  const sources = {
    name: 'console-emulator-sources',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const file = relative(root, args.path);
        if (file.startsWith('..') || file.split(sep).includes('node_modules')) return undefined;
        const readAt = Date.now();
        const stat = fresh.statOf(args.path);
        const bytes = await readFile(args.path);
        // A file read soon after it changed keeps its content hash too (fresh.RACY_MS).
        inputs[file] = stat && readAt - stat[0] < fresh.RACY_MS ? [...stat, fresh.hash(bytes)] : stat;
        const loader = CODE[extname(file)];
        if (loader === undefined) return { contents: bytes, loader: 'default' };
        const own = (runsFrom === 'dist' ? file.replace(/\.([mc]?)ts$/, '.$1js') : file).split(sep).join('/');
        return {
          contents: bytes
            .toString('utf8')
            .replace(/\bimport\.meta\.url\b/g, () => `__moduleUrl(${JSON.stringify(own)})`),
          loader,
        };
      });
    },
  };
  const requiredAtRunTime = {
    name: 'console-emulator-required-at-run-time',
    setup(build) {
      build.onResolve({ filter: REQUIRED_AT_RUN_TIME }, (args) =>
        args.namespace === 'run-time'
          ? { path: args.path, external: true }
          : { path: args.path, namespace: 'run-time' },
      );
      build.onLoad({ filter: /.*/, namespace: 'run-time' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
  // ws's optional native helpers: ws falls back to JavaScript without them, and the single executable can
  // load nothing from the disk (asking would print Node's warning about its require()).
  const withoutOptionalNatives = {
    name: 'console-emulator-without-optional-natives',
    setup(build) {
      build.onResolve({ filter: /^(bufferutil|utf-8-validate)$/ }, (args) => ({
        path: args.path,
        namespace: 'absent',
      }));
      build.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} is not in the single executable`)});`,
        loader: 'js',
      }));
    },
  };
  const result = await build({
    entryPoints: [join(root, ENTRY)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // A fifth less to read and no comments (whose non-ASCII would make it slower to decode); names are kept,
    // so stack traces still name the functions. CONSOLE_EMULATOR_TSX=1 runs the sources for file:line traces.
    minifyWhitespace: true,
    banner: {
      // ES modules are strict, and stay so. `__moduleUrl(file)`: the URL `file` has in the tree the bundle runs from.
      js: `"use strict";var __moduleUrl=(file)=>require("node:url").pathToFileURL(require("node:path").join(__dirname,${JSON.stringify(toTree)},file)).href;`,
    },
    plugins: standalone ? [sources, withoutOptionalNatives] : [sources, requiredAtRunTime],
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const id = fresh.hash(text);
  const content = `// console-emulator bundle ${id}\n${text}`;
  for (const file of RECIPE) if (!(file in inputs)) inputs[file] = fresh.statOf(join(root, file));
  mkdirSync(dirname(outfile), { recursive: true });
  fresh.writeAtomic(outfile, content);
  return { id, content, inputs };
}

/** Builds the checkout's bundle and its manifest; returns the bundle's text. */
export async function rebuild(root = ROOT) {
  const { id, content, inputs } = await bundle({
    root,
    outfile: fresh.bundleFile(root),
    runsFrom: 'sources',
  });
  fresh.writeAtomic(fresh.manifestFile(root), fresh.manifestText({ id, inputs }));
  // Code caches of earlier builds are of no use any more.
  for (const name of readdirSync(fresh.cacheDir(root))) {
    if (name.endsWith('.v8cache') && !name.startsWith(`${id}.`)) {
      rmSync(join(fresh.cacheDir(root), name), { force: true });
    }
  }
  return content;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    if (fresh.freshBundle(ROOT) === undefined) {
      await rebuild();
      const took = Math.round(performance.now() - started);
      process.stdout.write(
        `console-emulator: bundled the CLI into ${relative(process.cwd(), fresh.bundleFile(ROOT))} (${took} ms)\n`,
      );
    }
  } catch (error) {
    process.stderr.write(
      `console-emulator: could not bundle the CLI; the bin will try again at start, else run the sources through tsx:\n${String(error instanceof Error ? error.message : error).trim()}\n`,
    );
  }
}
