import { and, eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryAttempts } from '@/db/schema';
import { withTransaction } from '../context';
import type { Ctx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { startBoss } from '../jobs/boss';
import { dispatcherLimits, startDeliveryDispatcher } from '../jobs/delivery-dispatcher';
import { type CountingReceiver, startCountingReceiver } from '../testing/counting-receiver';
import { countDeliveries, reportFaultCase, secondsSince, sized, waitFor } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';

// A receiver that holds every request open beside a healthy one: the slow one fills its own lane
// (64 in flight) and nothing else, the healthy one gets every event meanwhile, and once the slow
// one answers again it gets every event too.
const emit = (ctx: Ctx, count: number) =>
  withTransaction(ctx, async (tx) => {
    for (let n = 0; n < count; n++) await emitEvent(tx, { type: 'activity', body: { n } });
  });

describe.each([
  ['pglite', 'PGlite'],
  ['postgres', 'PostgreSQL'],
] as const)('fault: a slow receiver beside a healthy one on %s', (engine, label) => {
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
    await boss.stop({ graceful: false, wait: true });
    await database.destroy();
  });

  it.skipIf(skip)(
    'delivers to the healthy destination while the slow one holds only its own lane',
    async () => {
      const events = sized(150, engine === 'pglite' ? 300 : 1000); // PGlite runs one query at a time
      const receivers: CountingReceiver[] = [];
      const dispatcher = await startDeliveryDispatcher(database, boss);
      try {
        const slow = await startCountingReceiver({ hold: true });
        const healthy = await startCountingReceiver();
        receivers.push(slow, healthy);
        const { owner } = await accountWithOwner(database.db);
        const slowDestination = await addDestination({
          ctx: owner,
          input: { kind: 'webhook', url: slow.url, timeoutSeconds: 30 },
        });
        const healthyDestination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: healthy.url } });
        const started = Date.now();
        await emit(owner, events);
        // Every event reaches the healthy receiver while the slow one still holds its first requests open.
        expect(await waitFor(() => healthy.unique() === events, 120_000)).toBe(true);
        const besideSeconds = secondsSince(started);
        expect(slow.peakHeld()).toBe(dispatcherLimits.perDestination);
        const slowAttempts = await database.db
          .select({ id: deliveryAttempts.id })
          .from(deliveryAttempts)
          .innerJoin(deliveries, eq(deliveries.id, deliveryAttempts.deliveryId))
          .where(and(eq(deliveries.destinationId, slowDestination.id), eq(deliveries.status, 'pending')));
        expect(slowAttempts).toHaveLength(0);

        const releasedAt = Date.now();
        slow.release({ stopHolding: true }); // the slow receiver catches up: it gets the rest too
        const caughtUp = await waitFor(() => slow.unique() === events, 120_000);
        const recoverySeconds = secondsSince(releasedAt);
        const settled = await waitFor(
          async () =>
            (await database.db.$count(
              deliveries,
              and(eq(deliveries.accountId, owner.account.id), eq(deliveries.status, 'delivered')),
            )) ===
            2 * events,
          30_000,
        );
        // For comparison, the same events to a healthy receiver alone (second, so that a cold start counts against the first).
        const alone = await startCountingReceiver();
        receivers.push(alone);
        const { owner: solo } = await accountWithOwner(database.db);
        await addDestination({ ctx: solo, input: { kind: 'webhook', url: alone.url } });
        const aloneStarted = Date.now();
        await emit(solo, events);
        expect(await waitFor(() => alone.unique() === events, 120_000)).toBe(true);
        const aloneSeconds = secondsSince(aloneStarted);
        const counts = await countDeliveries(database.db, [
          { destinationId: slowDestination.id, receiver: slow },
          { destinationId: healthyDestination.id, receiver: healthy },
        ]);
        reportFaultCase({
          case: `slow receiver beside a healthy one (${label})`,
          ...counts,
          recoverySeconds,
          notes:
            `${events} events to each; the slow one held ${slow.peakHeld()} requests open; the healthy one had all ` +
            `in ${besideSeconds} s (${aloneSeconds} s alone)`,
        });
        expect(caughtUp).toBe(true);
        expect(settled).toBe(true);
        expect(counts.lost).toBe(0);
      } finally {
        await Promise.all(receivers.map((r) => r.close())); // first: held attempts end at once
        await dispatcher.stop();
      }
    },
    300_000,
  );
});
