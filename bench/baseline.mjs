// The bare `node:http` baseline of BENCHMARKS.md: drains the request body and answers one fixed JSON body.
// Plain JavaScript on purpose: no loader, no framework, nothing but what any Node server pays.
import { createServer } from 'node:http';

const port = Number(process.env.BASELINE_PORT ?? 0);
const body = Buffer.from(process.env.BASELINE_BODY ?? '{"ok":true}');
const contentType = process.env.BASELINE_CONTENT_TYPE ?? 'application/json';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    response.end(body);
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
