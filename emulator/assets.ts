import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/**
 * The files the emulator serves as they are (the OpenAPI documents, the dashboard's page, noVNC's modules),
 * by name: `<folder>/<path>`. They are read from the package's files, or, inside the single executable
 * (`npm run build:binary`), from the assets built into it under the same names (scripts/binary.mjs lists
 * the same folders).
 */
const FOLDERS = {
  openapi: () => fileURLToPath(new URL('../openapi/', import.meta.url)),
  dashboard: () => fileURLToPath(new URL('./dashboard/static/', import.meta.url)),
  novnc: () => dirname(dirname(createRequire(import.meta.url).resolve('@novnc/novnc'))),
} as const;
export type AssetFolder = keyof typeof FOLDERS;

/** Inside the single executable: every asset is built in, nothing is read from the disk. */
const builtIn = isSea();

/** Every file below a folder, by its path there (`core/rfb.js`); listed once, on the first asset asked for. */
const listings = new Map<AssetFolder, Set<string>>();
function listing(folder: AssetFolder): Set<string> {
  let files = listings.get(folder);
  if (files === undefined) {
    files = new Set();
    const root = FOLDERS[folder]();
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        else if (entry.isFile()) files?.add(`${prefix}${entry.name}`);
      }
    };
    walk(root, '');
    listings.set(folder, files);
  }
  return files;
}

/** An asset's bytes; `undefined` when there is no such file (only the folder's own files, never `..`). */
export function readAsset(folder: AssetFolder, path: string): Buffer | undefined {
  if (builtIn) {
    try {
      return Buffer.from(getAsset(`${folder}/${path}`));
    } catch {
      return undefined;
    }
  }
  return listing(folder).has(path) ? readFileSync(join(FOLDERS[folder](), path)) : undefined;
}

/**
 * Serves a folder's assets as the node-server's static helper served its files: the request path (or
 * `path`), refused when it holds `%`, a `.`/`..` segment, `//` or a backslash; the type by extension; a
 * length (Hono answers HEAD without the body). What it does not find goes on to `next()`.
 */
export function serveAssets(options: {
  folder: AssetFolder;
  path?: string;
  rewriteRequestPath?: (path: string) => string;
  onFound?: (path: string, c: Context) => void;
}): MiddlewareHandler {
  return async (c, next) => {
    const requested = c.req.path;
    if (
      options.path === undefined &&
      (requested.includes('%') || /(?:^|[/\\])\.{1,2}(?:$|[/\\])|[/\\]{2,}|\\/.test(requested))
    ) {
      return next();
    }
    const path = (options.path ?? options.rewriteRequestPath?.(requested) ?? requested).replace(/^\/+/, '');
    const bytes = readAsset(options.folder, path);
    if (bytes === undefined) return next();
    c.header('Content-Type', getMimeType(path) ?? 'application/octet-stream');
    c.header('Content-Length', String(bytes.length));
    options.onFound?.(path, c);
    return c.body(new Uint8Array(bytes), 200);
  };
}
