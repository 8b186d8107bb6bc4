import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@/db/client';
import { type RouteDefinition, routeHandler } from '../api/route';
import { routes as allRoutes } from '../api/routes';

/**
 * The /v2 route handlers served by a plain node HTTP server on loopback (as Next.js serves them, minus
 * Next): for tests and benchmarks that go over real HTTP. Path parameters are not routed.
 */
export async function startApiServer(db: Db, routes: readonly RouteDefinition[] = allRoutes) {
  const handlers = new Map(
    routes.map((route) => [`${route.method} ${route.path}`, routeHandler(route, async () => db)]),
  );
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const handler = handlers.get(`${req.method} ${url.pathname}`);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"error","message":"no such route"}');
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const body = chunks.length && req.method !== 'GET' ? Buffer.concat(chunks) : undefined;
      const response = await handler(new Request(url, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
