import { Hono } from 'hono';
import type {
  ExampleObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from 'openapi3-ts/oas31';
import { PROVIDER_NAMES, type ProviderName } from '../contracts/providers.ts';
import { readAsset } from './assets.ts';

/**
 * Serves the generated documents at `/openapi/<provider>.json` and an API reference at `/docs`. The page is
 * rendered here from the documents, with no script and nothing from a CDN: the emulator runs where the
 * network is closed, and a reference page that needs the internet would show nothing there.
 */
const METHODS = ['get', 'put', 'post', 'delete'] as const;

const cache = new Map<ProviderName, string>();
/**
 * The committed document, read as data from `openapi/` (the generator's output, in the sources and in
 * `dist/openapi/` once built): the emulator serves it and imports none of the generator's code.
 */
function openApiDocument(provider: ProviderName): string {
  let text = cache.get(provider);
  if (text === undefined) {
    text = readAsset('openapi', `${provider}.json`)?.toString('utf8');
    if (text === undefined) throw new Error(`no OpenAPI document openapi/${provider}.json`);
    cache.set(provider, text);
  }
  return text;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The documents' descriptions use `code` spans and nothing else of Markdown. */
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
const isRef = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value;
const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const anchor = (provider: string, kind: string, name: string) =>
  `${provider}-${kind}-${name.replace(/[^A-Za-z0-9_-]+/g, '_')}`;

/** A schema as JSON, with each `$ref` turned into a link to the schema it names. */
function schemaHtml(provider: string, schema: unknown): string {
  return escapeHtml(JSON.stringify(schema, null, 2)).replace(
    /&quot;#\/components\/schemas\/([A-Za-z0-9_]+)&quot;/g,
    (_m, name: string) => `<a href="#${anchor(provider, 'schema', name)}">${name}</a>`,
  );
}

function operationHtml(
  provider: string,
  doc: OpenAPIObject,
  path: string,
  method: string,
  op: OperationObject,
): string {
  const parts: string[] = [];
  const id = anchor(provider, 'op', op.operationId ?? `${method}${path}`);
  parts.push(
    `<details class="op" id="${id}"><summary><span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${escapeHtml(path)}</code> <span class="summary">${inline(op.summary ?? '')}</span> <span class="opid">${escapeHtml(op.operationId ?? '')}</span></summary>`,
  );
  if (op.description) parts.push(`<p>${inline(op.description)}</p>`);
  const security = (op.security ?? []).map((alt) => Object.keys(alt).join(' + ')).filter(Boolean);
  parts.push(
    `<p><b>Authentication:</b> ${security.length ? security.map(escapeHtml).join(' or ') : 'none'}</p>`,
  );
  const params = (op.parameters ?? []).filter((p): p is ParameterObject => !isRef(p));
  if (params.length) {
    parts.push('<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>');
    for (const p of params) {
      parts.push(
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${inline(p.description ?? '')}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  const body = op.requestBody && !isRef(op.requestBody) ? op.requestBody : undefined;
  for (const [type, media] of Object.entries(body?.content ?? {})) {
    parts.push(`<p><b>Request body</b> (<code>${escapeHtml(type)}</code>):</p>`);
    parts.push(`<pre>${schemaHtml(provider, media.schema)}</pre>`);
  }
  for (const [status, response] of Object.entries(op.responses ?? {}) as [string, ResponseObject][]) {
    parts.push(
      `<h4><span class="status s${status[0]}">${status}</span> ${inline(response.description)}</h4>`,
    );
    const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
    if (!type || !media) continue;
    parts.push(`<pre>${schemaHtml(provider, media.schema)}</pre>`);
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      const resolved = isRef(example) ? doc.components?.examples?.[refName(example.$ref)] : example;
      if (!resolved || isRef(resolved)) continue;
      const { summary, value } = resolved as ExampleObject;
      parts.push(
        `<p class="example"><b>${escapeHtml(name)}</b>${summary ? ` — ${inline(summary)}` : ''}</p><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`,
      );
    }
  }
  parts.push('</details>');
  return parts.join('\n');
}

/** The whole reference page: one section per provider, its operations, then its schemas. */
function referencePage(): string {
  const docs = PROVIDER_NAMES.map((provider) => [provider, JSON.parse(openApiDocument(provider))] as const);
  const sections = docs.map(([provider, doc]: readonly [string, OpenAPIObject]) => {
    const ops: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (op) ops.push(operationHtml(provider, doc, path, method, op));
      }
    }
    const schemes = Object.entries(doc.components?.securitySchemes ?? {}).map(
      ([name, scheme]) =>
        `<li><code>${escapeHtml(name)}</code>: ${isRef(scheme) ? '' : inline(scheme.description ?? '')}</li>`,
    );
    const schemas = Object.entries(doc.components?.schemas ?? {}).map(
      ([name, schema]) =>
        `<details id="${anchor(provider, 'schema', name)}"><summary><code>${escapeHtml(name)}</code></summary><pre>${schemaHtml(provider, schema)}</pre></details>`,
    );
    return `<section id="${provider}">
<h2>${escapeHtml(doc.info.title)}</h2>
<p>${inline(doc.info.description ?? '')}</p>
<p>Document: <a href="/openapi/${provider}.json">/openapi/${provider}.json</a> (OpenAPI ${escapeHtml(doc.openapi)})</p>
<h3>Authentication</h3><ul>${schemes.join('')}</ul>
<h3>Operations</h3>
${ops.join('\n')}
<h3>Schemas</h3>
${schemas.join('\n')}
</section>`;
  });
  const nav = docs
    .map(
      ([provider, doc]) =>
        `<a href="#${provider}">${escapeHtml(doc.info.title.replace(/ \(console-emulator\)$/, ''))}</a>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>console-emulator API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2430}
header{background:#1d2430;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
nav{display:flex;gap:16px;padding:8px 24px;background:#eef1f5;position:sticky;top:0}nav a{color:#1d4ed8}
main{padding:0 24px 48px;max-width:1100px}section{margin-top:24px}
details.op{border:1px solid #d5dbe3;border-radius:6px;margin:6px 0;padding:4px 10px}
details.op>summary{cursor:pointer}.opid{color:#6b7280;font-size:13px;float:right}
.method{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-weight:600;font-size:13px}
.get{background:#2563eb}.post{background:#059669}.put{background:#d97706}.delete{background:#dc2626}
.status{display:inline-block;border-radius:4px;padding:0 6px;color:#fff}.s2{background:#059669}.s4{background:#d97706}.s5{background:#dc2626}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:13px;max-height:360px}
table{border-collapse:collapse}td,th{border:1px solid #d5dbe3;padding:2px 8px;text-align:left;vertical-align:top}
</style></head>
<body><header><h1>console-emulator API reference</h1></header>
<nav>${nav}</nav>
<main>${sections.join('\n')}</main>
</body></html>
`;
}

export function openApiRoutes(): Hono {
  const app = new Hono();
  app.get(`/openapi/:file{(${PROVIDER_NAMES.join('|')})\\.json}`, (c) => {
    const provider = c.req.param('file').replace(/\.json$/, '') as ProviderName;
    return new Response(openApiDocument(provider), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  });
  let page: string | undefined;
  app.get('/docs', () => {
    page ??= referencePage();
    return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  return app;
}
