#!/usr/bin/env node
// Builds the package's `dist/`: the TypeScript sources compiled to JavaScript with declarations (tsc rewrites
// the `.ts` import specifiers to `.js`), every other file the sources read at run time (the OpenAPI
// documents, the dashboard's static files) copied beside them, and the bin's bundle `console-emulator.cjs`
// (scripts/bundle.mjs, decision 0004), which reads those files from the compiled tree. `--out DIR` builds
// elsewhere (the packaging test stages a package without touching the working tree's dist/).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle } from './bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist') } } });
const out = resolve(values.out);
const SOURCES = ['contracts', 'emulator', 'client', 'kit', 'openapi'];

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', out], {
  stdio: 'inherit',
});

/** Run-time assets: anything in the source folders that is not TypeScript. */
function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!/\.(ts|mts|cts)$/.test(entry.name)) cpSync(path, join(out, relative(root, path)));
  }
}
for (const source of SOURCES) copyAssets(join(root, source));
await bundle({ root, outfile: join(out, 'console-emulator.cjs'), runsFrom: 'dist' });
process.stdout.write(`built ${relative(process.cwd(), out) || '.'}\n`);
