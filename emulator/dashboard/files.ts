import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';

/** The page's files, shipped as they are written: hand-written HTML, CSS and ES modules, no build step. */
const STATIC = fileURLToPath(new URL('./static/', import.meta.url));

/** A bare file name of the page (no directories, so nothing outside `static/` is reachable). */
const NAME = '[a-z][a-z0-9-]*\\.(?:html|css|js)';

/** Always revalidated: the files change with the package, and a stale module would break the page. */
const revalidate = (_path: string, c: Context) => {
  c.header('Cache-Control', 'no-cache');
};

/**
 * Serves the page at `/` and `/index.html` and its files at `/dashboard/{name}` of `app` (the node-server's
 * static helper: types, lengths, HEAD); any other name under `/dashboard/` is a JSON 404.
 */
export function routeDashboardFiles(app: Hono): void {
  app.get('/:page{(index\\.html)?}', serveStatic({ root: STATIC, path: 'index.html', onFound: revalidate }));
  app.get(
    `/dashboard/:file{${NAME}}`,
    serveStatic({
      root: STATIC,
      rewriteRequestPath: (path) => path.slice(path.lastIndexOf('/') + 1),
      onFound: revalidate,
    }),
  );
  app.get('/dashboard/:file', (c) =>
    c.json({ error: { code: 'not_found', message: `no dashboard file ${c.req.param('file')}` } }, 404),
  );
}
