import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@/db/client';
import { receiveInbox } from '../destinations/receive-inbox';

const slot = Symbol.for('heartbridge.database');

/**
 * The built-in inbox served on loopback, as `npm start` serves `/inbox/<id>`, on the test's database.
 * Start it before the CardioMood simulator: HEARTBRIDGE_PUBLIC_URL points here, redirect URIs follow it.
 */
export async function inboxServer(database: Pick<Database, 'db'>) {
  (globalThis as Record<symbol, unknown>)[slot] = Promise.resolve(database);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const id = (req.url ?? '').split('/').at(-1) ?? '';
      const answer = await receiveInbox(
        new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }),
        id,
      );
      res.writeHead(answer.status).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.HEARTBRIDGE_PUBLIC_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    close: () => {
      delete process.env.HEARTBRIDGE_PUBLIC_URL;
      (globalThis as Record<symbol, unknown>)[slot] = undefined;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
