import { Hono, type MiddlewareHandler } from 'hono';
import { serveAssets } from '../assets.ts';
import type { Provider } from '../provider.ts';
import type { PageOptions } from './target.ts';

/**
 * Every provider's console pages and noVNC's modules, mounted before the providers' catch-all. A page is
 * answered by the provider serving now (`reset()` replaces them), so what it recovers comes from live state.
 */
export function consolePages(providers: () => readonly Provider[]): Hono {
  const app = new Hono();
  for (const provider of providers()) {
    for (const [index, page] of (provider.console?.pages ?? []).entries()) {
      for (const path of page.paths) {
        app.get(path, (c) => {
          const current = providers().find((p) => p.name === provider.name)?.console?.pages?.[index] ?? page;
          return new Response(consolePage(current.options(c.req.url)), {
            headers: { 'content-type': 'text/html; charset=utf-8' },
          });
        });
      }
    }
  }
  // noVNC's modules as they lie in its package (`core/`, `vendor/`). `serveAssets` refuses `..`, `%` and
  // backslashes in the path; what it does not find is a plain 404.
  const assets = serveAssets({ folder: 'novnc' });
  const serveAsset: MiddlewareHandler = async (c, next) => {
    const found = await assets(c, next);
    // Not found, it has passed the request on with next(), which answered it.
    if (!(found instanceof Response)) return;
    found.headers.set('cache-control', 'max-age=3600');
    return found;
  };
  const notFound = () => new Response('Not Found', { status: 404 });
  app.get('/core/*', serveAsset, notFound);
  app.get('/vendor/*', serveAsset, notFound);
  return app;
}

/** JSON that is safe inside a `<script>` element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * One noVNC page for every provider. The status line carries `data-state` (`connecting`, `connected`,
 * `disconnected`, `failed`) so that a browser test can wait for it.
 */
export function consolePage(options: PageOptions): string {
  const config = {
    websocketParam: options.websocketParam ?? null,
    caption: options.caption ?? [],
    password: options.password ?? null,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>
  html, body { margin: 0; height: 100%; background: #282828; color: #eee; font: 13px sans-serif; }
  body { display: flex; flex-direction: column; }
  #top { display: flex; gap: 1em; align-items: center; padding: 4px 8px; background: #4b4b4b; }
  #status { flex: 1; }
  #screen { flex: 1; overflow: hidden; }
</style>
</head>
<body>
<div id="top"><span id="status" data-state="connecting">Connecting…</span><span id="resource"></span>
<button id="cad" type="button">Send Ctrl+Alt+Del</button></div>
<div id="screen"></div>
<script type="application/json" id="console-config">${scriptJson(config)}</script>
<script type="module">
import RFB from '${options.assetBase}core/rfb.js';

const config = JSON.parse(document.getElementById('console-config').textContent);
const query = new URLSearchParams(location.search);
const status = document.getElementById('status');
const setStatus = (state, text) => { status.dataset.state = state; status.textContent = text; };
const origin = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;

document.getElementById('resource').textContent = config.caption
  .map((name, i) => (i === 0 ? query.get(name) || '' : query.get(name) ? ' ' + name + '=' + query.get(name) : ''))
  .join('');

// The websocket URL, read the way the provider's page reads its query.
function websocketUrl() {
  if (config.websocketParam !== null) {
    // The URL as the API returned it (percent-encoded once), or encoded once more by the portal.
    let url = query.get(config.websocketParam) || '';
    if (!/^wss?:/.test(url)) url = decodeURIComponent(url);
    return url;
  }
  // noVNC reads 'path' up to the next '&' ('/vncws?token=…', '?token=…').
  let path = query.get('path');
  // Some providers' pages (and noVNC before 1.1) take a top-level token for the 'websockify' path.
  if (path === null) path = 'websockify' + (query.get('token') ? '?token=' + query.get('token') : '');
  return origin + '/' + path.replace(/^\\//, '');
}

const password = config.password ?? query.get('password') ?? undefined;
let connected = false;
let rfb;
try {
  rfb = new RFB(document.getElementById('screen'), websocketUrl(), {
    credentials: password === undefined ? undefined : { password },
    wsProtocols: ['binary'],
  });
} catch (error) {
  setStatus('failed', 'Failed to connect to server: ' + error.message);
}
if (rfb) {
  window.rfb = rfb;
  rfb.resizeSession = query.get('resize') === 'remote';
  rfb.scaleViewport = query.get('resize') === 'scale';
  rfb.addEventListener('connect', () => { connected = true; setStatus('connected', 'Connected (unencrypted) to ' + document.title); });
  rfb.addEventListener('desktopname', (e) => { document.title = e.detail.name; });
  rfb.addEventListener('credentialsrequired', () => {
    const typed = window.prompt('Password');
    if (typed !== null) rfb.sendCredentials({ password: typed });
  });
  rfb.addEventListener('securityfailure', (e) => {
    setStatus('failed', 'Authentication failed' + (e.detail.reason ? ': ' + e.detail.reason : ''));
  });
  rfb.addEventListener('disconnect', (e) => {
    if (status.dataset.state === 'failed') return;
    if (connected) setStatus('disconnected', e.detail.clean ? 'Disconnected' : 'Something went wrong, connection is closed');
    else setStatus('failed', 'Failed to connect to server');
  });
  document.getElementById('cad').addEventListener('click', () => rfb.sendCtrlAltDel());
}
</script>
</body>
</html>
`;
}
