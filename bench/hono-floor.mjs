// The framework floor of BENCHMARKS.md: Hono on @hono/node-server (what the emulator's control API runs on, and
// its provider requests did before the pipeline wrote Node's response itself) with nothing in it but one route
// answering a fixed body, as bench/baseline.mjs does with bare `node:http`. The gap between the two is what such
// a framework alone costs, before any work.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env.BASELINE_PORT ?? 0);
const body = process.env.BASELINE_BODY ?? '{"ok":true}';
const contentType = process.env.BASELINE_CONTENT_TYPE ?? 'application/json';

const app = new Hono();
app.all('*', async (c) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await c.req.arrayBuffer();
  return c.body(body, 200, { 'Content-Type': contentType });
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
