import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryAttempts } from '@/db/schema';
import { withTransaction } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { startBoss } from './boss';
import { dispatcherLimits, startDeliveryDispatcher } from './delivery-dispatcher';

/** A loopback receiver; `hang` keeps every request open until `release()`. */
async function receiver(options: { hang?: boolean } = {}) {
  const ids: string[] = [];
  const open: http.ServerResponse[] = [];
  let peak = 0;
  const server = http.createServer((req, res) => {
    req.resume().on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      if (!options.hang) return res.writeHead(200).end('ok');
      open.push(res);
      peak = Math.max(peak, open.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    ids,
    peak: () => peak,
    release: () => {
      for (const res of open.splice(0)) res.writeHead(200).end('ok');
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
};

describe.each(['pglite', 'postgres'] as const)('the delivery dispatcher on %s', (engine) => {
  const skip = engine === 'postgres' && !process.env.TEST_DATABASE_URL;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let boss: PgBoss;
  beforeAll(async () => {
    if (skip) return;
    process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
    database = await createTestDatabase(engine);
    boss = await startBoss(database);
  });
  afterAll(async () => {
    if (skip) return;
    delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
    await boss.stop({ graceful: false, wait: true });
    await database.destroy();
  });

  it.skipIf(skip)(
    'delivers to a fast destination while a slow one holds only its own lane',
    async () => {
      const slow = await receiver({ hang: true });
      const fast = await receiver();
      const { owner } = await accountWithOwner(database.db);
      await addDestination({ ctx: owner, input: { kind: 'webhook', url: slow.url, timeoutSeconds: 30 } });
      await addDestination({ ctx: owner, input: { kind: 'webhook', url: fast.url } });
      const events = 300;
      await withTransaction(owner, async (tx) => {
        for (let n = 0; n < events; n++) await emitEvent(tx, { type: 'activity', body: { n } });
      });

      const dispatcher = await startDeliveryDispatcher(database, boss);
      try {
        // Every event reaches the fast receiver while the slow one still holds its first requests open.
        expect(await waitFor(() => new Set(fast.ids).size === events, 30_000)).toBe(true);
        expect(slow.peak()).toBe(dispatcherLimits.perDestination);
        const slowAttempts = await database.db
          .select({ id: deliveryAttempts.id })
          .from(deliveryAttempts)
          .innerJoin(deliveries, eq(deliveries.id, deliveryAttempts.deliveryId))
          .where(and(eq(deliveries.accountId, owner.account.id), eq(deliveries.status, 'pending')));
        expect(slowAttempts).toHaveLength(0);

        slow.release(); // the slow receiver catches up: it gets the rest too
        expect(
          await waitFor(async () => {
            slow.release();
            return new Set(slow.ids).size === events;
          }, 30_000),
        ).toBe(true);
        expect(
          await waitFor(
            async () =>
              (await database.db.$count(
                deliveries,
                and(eq(deliveries.accountId, owner.account.id), eq(deliveries.status, 'delivered')),
              )) ===
              2 * events,
            10_000,
          ),
        ).toBe(true);
      } finally {
        await dispatcher.stop();
        await Promise.all([slow.close(), fast.close()]);
      }
    },
    60_000,
  );

  it.skipIf(skip)('sends an event as soon as its transaction commits, without waiting for a tick', async () => {
    const fast = await receiver();
    const { owner } = await accountWithOwner(database.db);
    await addDestination({ ctx: owner, input: { kind: 'webhook', url: fast.url } });
    const dispatcher = await startDeliveryDispatcher(database, boss, { tickMs: 600_000 }); // no tick in this test
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // past the first cycle
      const committed = Date.now();
      await emitEvent(owner, { type: 'activity', body: { n: 1 } });
      expect(await waitFor(() => fast.ids.length === 1, 5_000)).toBe(true);
      console.log({ engine, commitToReceiptMs: Date.now() - committed });
    } finally {
      await dispatcher.stop();
      await fast.close();
    }
  });
});
