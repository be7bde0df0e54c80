// A static file server for the harness on 127.0.0.1 and an ephemeral port. It serves only
// files inside its root and only GET, so a test cannot read anything else by accident.
//
// With `api`, it also stands where Grafana stands for the front end:
// - /api/ds/query and /api/datasources/uid/<uid>/{health,resources/...} go to pluginhost
//   (the real back end over the plugin protocol, tests/pluginhost/cmd/pluginhost);
// - /api/datasources (Grafana's own list of datasource settings, no plugin involved) is the
//   list the suite configured, without secrets;
// - POST /api/plugins/<id>/settings (Grafana saving the app's enabled flag) is recorded in
//   `api.saved` and answered as Grafana does, so the app's config page can be tested.
// Every request is recorded in `requests`, so tests can check which calls a page made.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// @grafana/ui's icons, where Grafana serves them (public/build/img/icons/, see getIconRoot in
// @grafana/ui's Icon utils); the package ships the same files.
const iconPrefix = 'public/build/img/icons/';
const iconRoot = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'node_modules',
  '@grafana',
  'ui',
  'dist',
  'public',
  'img',
  'icons'
);

async function body(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 8 << 20) {
      throw new Error('request body over 8 MB');
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

async function proxy(req, res, target, url) {
  const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
  const upstream = await fetch(new URL(url.pathname + url.search, target), {
    method: req.method,
    headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
    body: payload,
    signal: AbortSignal.timeout(60_000),
  });
  const text = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  res.end(text);
}

export async function startServer(root, api) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (api && url.pathname.startsWith('/api/')) {
        requests.push(`${req.method} ${url.pathname}${url.search}`);
        if (/^\/api\/ds\/query$|^\/api\/datasources\/uid\/[^/]+\/(health|resources\/)/.test(url.pathname)) {
          await proxy(req, res, api.target, url);
          return;
        }
        if (url.pathname === '/api/datasources' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(api.datasources));
          return;
        }
        const m = url.pathname.match(/^\/api\/plugins\/([^/]+)\/settings$/);
        if (m && req.method === 'POST') {
          api.saved.push({ plugin: m[1], settings: JSON.parse(String(await body(req))) });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Plugin settings updated"}');
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
        return;
      }
      let rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      let base = root;
      if (rel.startsWith(iconPrefix)) {
        base = iconRoot;
        rel = rel.slice(iconPrefix.length);
      }
      const file = path.resolve(base, rel);
      if (req.method !== 'GET' || !file.startsWith(path.resolve(base) + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      const content = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch (e) {
      if (!res.headersSent) {
        res.writeHead(e?.code === 'ENOENT' ? 404 : 502, { 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ message: String(e?.message ?? e) }));
    }
  });
  server.requestTimeout = 90_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
