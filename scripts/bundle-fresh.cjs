// The checkout's start-up check of the bin's bundle (decision 0004), kept small and CommonJS because the bin
// requires it at every start in a checkout: is node_modules/.cache/console-emulator/console-emulator.cjs
// built from exactly the files there are now? scripts/bundle.mjs builds the bundle and writes the manifest
// this file reads: `{ id, inputs: { "<path from the root>": [mtimeMs, size, hash?] | null } }`, every file
// the bundle holds or depends on (null: it did not exist), and `id` the one on the bundle's first line.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** Where the checkout's bundle, its manifest and its code caches live; `rm -rf node_modules` clears them. */
const cacheDir = (root) => join(root, 'node_modules', '.cache', 'console-emulator');
const bundleFile = (root) => join(cacheDir(root), 'console-emulator.cjs');
const manifestFile = (root) => join(cacheDir(root), 'manifest.json');

/** `[mtimeMs, size]`, or null when there is no such file. */
function statOf(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : null;
}

/** The short content hash that names a build and checks a file whose stat alone cannot be trusted. */
const hash = (data) => require('node:crypto').createHash('sha256').update(data).digest('hex').slice(0, 16);

/** A bundle's text: ASCII as esbuild writes it (decoded as latin1, a third faster than UTF-8), else UTF-8. */
function readBundle(file) {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** The id on a bundle's first line (a hash of the rest), or undefined. */
const bundleId = (content) => /^\/\/ console-emulator bundle ([0-9a-f]{16})\n/.exec(content)?.[1];

/** The checkout's bundle text if it is fresh, else undefined. Costs a stat per input (~100 files, ~2 ms). */
function freshBundle(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile(root), 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, recorded] of Object.entries(manifest.inputs)) {
    const now = statOf(join(root, file));
    if (recorded === null || now === null) {
      if (recorded !== now) return undefined;
    } else if (now[0] !== recorded[0] || now[1] !== recorded[1]) {
      return undefined;
    } else if (recorded[2] !== undefined && hash(readFileSync(join(root, file))) !== recorded[2]) {
      return undefined;
    }
  }
  let content;
  try {
    content = readBundle(bundleFile(root));
  } catch {
    return undefined;
  }
  // Builds running at once each rename their own bundle into place: this must be the manifest's.
  return bundleId(content) === manifest.id ? content : undefined;
}

module.exports = { bundleFile, bundleId, cacheDir, freshBundle, hash, manifestFile, readBundle, statOf };
