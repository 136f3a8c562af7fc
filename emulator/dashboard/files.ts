import type { Context, Hono } from 'hono';
import { serveAssets } from '../assets.ts';

/**
 * A bare file name of the page (no directories, so nothing outside `static/` is reachable). Its files, the
 * `dashboard` assets, are shipped as they are written: hand-written HTML, CSS and ES modules, no build step.
 */
const NAME = '[a-z][a-z0-9-]*\\.(?:html|css|js)';

/** Always revalidated: the files change with the package, and a stale module would break the page. */
const revalidate = (_path: string, c: Context) => {
  c.header('Cache-Control', 'no-cache');
};

/**
 * Serves the page at `/` and `/index.html` and its files at `/dashboard/{name}` of `app` (types, lengths,
 * HEAD); any other name under `/dashboard/` is a JSON 404.
 */
export function routeDashboardFiles(app: Hono): void {
  app.get(
    '/:page{(index\\.html)?}',
    serveAssets({ folder: 'dashboard', path: 'index.html', onFound: revalidate }),
  );
  app.get(
    `/dashboard/:file{${NAME}}`,
    serveAssets({
      folder: 'dashboard',
      rewriteRequestPath: (path) => path.slice(path.lastIndexOf('/') + 1),
      onFound: revalidate,
    }),
  );
  app.get('/dashboard/:file', (c) =>
    c.json({ error: { code: 'not_found', message: `no dashboard file ${c.req.param('file')}` } }, 404),
  );
}
