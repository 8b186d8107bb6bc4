import { and, eq, max, ne, sum } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { withTransaction } from '../context';
import { addDestination } from '../destinations/add-destination';
import { updateDestination } from '../destinations/update-destination';
import { emitEvent } from '../events/emit-event';
import { startBoss } from '../jobs/boss';
import { startDeliveryDispatcher } from '../jobs/delivery-dispatcher';
import { startCountingReceiver } from '../testing/counting-receiver';
import { countDeliveries, reportFaultCase, secondsToRecover, sized, waitFor } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';

// The receiver goes away (its port refuses connections) while events keep coming, then comes back on
// the same port: the deliveries are retried on the destination's schedule and every one arrives.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let boss: PgBoss;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
  boss = await startBoss(database);
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await database.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault: a receiver down for a while, then back', () => {
  it('retries on the schedule and delivers every event once the receiver is back', async () => {
    const events = sized(100, 1000);
    const downMs = sized(4_000, 30_000);
    const schedule = sized({ retryBaseSeconds: 1, retryCapSeconds: 2 }, { retryBaseSeconds: 2, retryCapSeconds: 8 });
    const receiver = await startCountingReceiver();
    const { owner } = await accountWithOwner(database.db);
    const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
    // The default schedule (30 s doubling) would make this case minutes long; the shape is the same.
    await updateDestination({ ctx: owner, input: { destinationId: destination.id, maxRetries: 50, ...schedule } });
    const emit = (count: number, from: number) =>
      withTransaction(owner, async (tx) => {
        for (let n = from; n < from + count; n++) await emitEvent(tx, { type: 'activity', body: { n } });
      });
    const dispatcher = await startDeliveryDispatcher(database, boss);
    try {
      const before = Math.floor(events / 4);
      await emit(before, 0);
      expect(await waitFor(() => receiver.unique() === before, 60_000)).toBe(true);

      await receiver.down();
      const batches = 4; // the rest while the receiver is away, spread over its absence
      const perBatch = Math.ceil((events - before) / batches);
      for (let b = 0; b < batches; b++) {
        await emit(Math.min(perBatch, events - before - b * perBatch), before + b * perBatch);
        await sleep(downMs / batches);
      }
      const failing = await database.db.$count(
        deliveries,
        and(eq(deliveries.destinationId, destination.id), eq(deliveries.status, 'retrying')),
      );
      await receiver.up();
      const upAt = Date.now();

      const drained = await waitFor(
        async () =>
          (await database.db.$count(
            deliveries,
            and(eq(deliveries.destinationId, destination.id), ne(deliveries.status, 'delivered')),
          )) === 0,
        120_000,
        100,
      );
      const routes = [{ destinationId: destination.id, receiver }];
      const counts = await countDeliveries(database.db, routes);
      const recoverySeconds = await secondsToRecover(database.db, routes, upAt);
      const [attempts] = await database.db
        .select({ most: max(deliveries.attempts), total: sum(deliveries.attempts) })
        .from(deliveries)
        .where(eq(deliveries.destinationId, destination.id));
      reportFaultCase({
        case: 'receiver down, then back',
        ...counts,
        recoverySeconds,
        notes:
          `down ${downMs / 1000} s; ${events - before} events emitted meanwhile, ${failing} retrying when it came back; ` +
          `retries ${schedule.retryBaseSeconds} s doubling to ${schedule.retryCapSeconds} s; ` +
          `${attempts?.total} attempts in all, at most ${attempts?.most} for one delivery`,
      });
      expect(drained).toBe(true);
      expect(failing).toBeGreaterThan(0);
      expect(counts.produced).toBe(events);
      expect(counts.lost).toBe(0);
    } finally {
      await receiver.close();
      await dispatcher.stop();
    }
  }, 240_000);
});
