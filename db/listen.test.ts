import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/lib/testing/fault-report';
import { type PrivatePostgres, postgresBinDir, startPrivatePostgres } from '@/lib/testing/private-postgres';
import { listenWithReconnect } from './listen';

// On a server of the test's own: it is stopped and crashed here, which the machine's shared one must not be.
const binDir = postgresBinDir();
let server: PrivatePostgres;
beforeAll(async () => {
  if (binDir) server = await startPrivatePostgres(binDir);
});
afterAll(() => server?.destroy());

async function notify(url: string, channel: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('select pg_notify($1, $2)', [channel, '']);
  await client.end();
}

describe.skipIf(!binDir)('LISTEN across PostgreSQL restarts', () => {
  it('hears notifications again after a fast restart and after a crash, and once for the gap', async () => {
    let heard = 0;
    const unlisten = await listenWithReconnect(server.url, 'hb_test_channel', () => {
      heard += 1;
    });
    try {
      await notify(server.url, 'hb_test_channel');
      expect(await waitFor(() => heard === 1, 5_000)).toBe(true);
      for (const how of ['fast', 'crash'] as const) {
        const before = heard;
        await server.stop(how);
        await server.start();
        expect(await waitFor(() => heard === before + 1, 15_000)).toBe(true); // back: one call for the gap
        await notify(server.url, 'hb_test_channel');
        expect(await waitFor(() => heard === before + 2, 5_000)).toBe(true);
      }
    } finally {
      await unlisten();
    }
  }, 60_000);
});
