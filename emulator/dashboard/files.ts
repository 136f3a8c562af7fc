import { readFile } from 'node:fs/promises';

/** The page's files, shipped as they are written: hand-written HTML, CSS and ES modules, no build step. */
const STATIC = new URL('./static/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/** One file of the dashboard by its bare name (no directories, so nothing outside `static/` is reachable). */
export async function dashboardFile(name: string): Promise<Response> {
  const type = /^[a-z][a-z0-9-]*\.(html|css|js)$/.exec(name)?.[1];
  if (type) {
    try {
      return new Response(await readFile(new URL(name, STATIC)), {
        headers: { 'content-type': TYPES[type] as string, 'cache-control': 'no-cache' },
      });
    } catch {
      // not one of ours
    }
  }
  return Response.json(
    { error: { code: 'not_found', message: `no dashboard file ${name}` } },
    { status: 404 },
  );
}
