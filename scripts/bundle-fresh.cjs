// The checkout's start-up check of the bin's bundle (decision 0004), kept small and CommonJS because the bin
// requires it at every start in a checkout: is node_modules/.cache/console-emulator/console-emulator.cjs
// built from exactly the files there are now? scripts/bundle.mjs builds the bundle and writes the manifest
// this file reads: `{ id, inputs: { "<path from the root>": [mtimeMs, size, hash?] | null } }`, every file
// the bundle holds or depends on (null: it did not exist), and `id` the one on the bundle's first line.
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');

/** Where the checkout's bundle, its manifest and its code caches live; `rm -rf node_modules` clears them. */
const cacheDir = (root) => join(root, 'node_modules', '.cache', 'console-emulator');
const bundleFile = (root) => join(cacheDir(root), 'console-emulator.cjs');
const manifestFile = (root) => join(cacheDir(root), 'manifest.json');

/**
 * A file changed this shortly before it was read may change again without its mtime moving (file times tick
 * coarsely: a kernel tick on Linux, 1–2 s on some file systems), so the manifest keeps its content hash too,
 * as git does for "racily clean" index entries, until a start finds it unchanged and older than this.
 */
const RACY_MS = 2_000;

/** Writes a unique temporary file, then renames it: a concurrent reader sees the old file or the new one. */
function writeAtomic(file, data) {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

const manifestText = (manifest) => `${JSON.stringify(manifest, null, 1)}\n`;

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

/** The checkout's bundle text if it is fresh, else undefined. Costs a stat per input (~170 files, ~1.5 ms). */
function freshBundle(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile(root), 'utf8'));
  } catch {
    return undefined;
  }
  // Paths by concatenation: path.join, which normalises each one, cost twice the stats themselves.
  const base = root.endsWith(sep) ? root : root + sep;
  let settled = false;
  for (const file in manifest.inputs) {
    const recorded = manifest.inputs[file];
    const now = statOf(base + file);
    if (recorded === null || now === null) {
      if (recorded !== now) return undefined;
    } else if (now[0] !== recorded[0] || now[1] !== recorded[1]) {
      return undefined;
    } else if (recorded[2] !== undefined) {
      if (hash(readFileSync(base + file)) !== recorded[2]) return undefined;
      // Unchanged, and its mtime is now far enough in the past that a change would move it.
      if (Date.now() - recorded[0] >= RACY_MS) {
        recorded.length = 2;
        settled = true;
      }
    }
  }
  let content;
  try {
    content = readBundle(bundleFile(root));
  } catch {
    return undefined;
  }
  // Builds running at once each rename their own bundle into place: this must be the manifest's.
  if (bundleId(content) !== manifest.id) return undefined;
  if (settled) {
    try {
      writeAtomic(manifestFile(root), manifestText(manifest));
    } catch {
      // Checked by hash again next time.
    }
  }
  return content;
}

module.exports = {
  bundleFile,
  bundleId,
  cacheDir,
  freshBundle,
  hash,
  manifestFile,
  manifestText,
  RACY_MS,
  readBundle,
  statOf,
  writeAtomic,
};
