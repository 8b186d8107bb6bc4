import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/lib/testing/test-database';
import { openDatabase, rowsOf } from './client';

/**
 * A loopback proxy to PostgreSQL that, while `cutting`, drops both sides of a connection the moment
 * the client sends BEGIN: what a server going away between checkout and BEGIN looks like to the pool.
 */
async function proxyCuttingAtBegin(target: URL) {
  const state = { cutting: true, cuts: 0 };
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port || 5432), target.hostname);
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', drop);
    outbound.on('error', drop);
    outbound.pipe(inbound);
    inbound.on('data', (chunk: Buffer) => {
      if (state.cutting && /\bbegin\b/i.test(chunk.toString('latin1'))) {
        state.cuts += 1;
        drop();
      } else outbound.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url: url.toString(), state, close: () => new Promise((resolve) => server.close(resolve)) };
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);

describe.skipIf(!process.env.TEST_DATABASE_URL)('transactions on PostgreSQL', () => {
  let server: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    server = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await server.destroy();
  });

  it('give their connection back when it drops at BEGIN, so the pool never runs dry', async () => {
    const proxy = await proxyCuttingAtBegin(new URL(server.url ?? ''));
    const database = await openDatabase({ url: proxy.url, dataDir: '' });
    try {
      // More refused BEGINs than the pool has connections (10): each leaked one would be gone for good.
      for (let i = 0; i < 12; i++) {
        await expect(
          within(
            5_000,
            database.db.transaction((tx) => tx.execute(sql`select 1`)),
          ),
        ).rejects.toThrow();
      }
      expect(proxy.state.cuts).toBe(12);
      proxy.state.cutting = false;
      const answer = await within(
        5_000,
        database.db.transaction((tx) => tx.execute(sql`select 1 as one`)),
      );
      expect(rowsOf(answer)).toEqual([{ one: 1 }]);
    } finally {
      await within(5_000, database.close());
      await proxy.close();
    }
  });
});
