import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { startCountingReceiver } from '../testing/counting-receiver';
import { waitFor } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { startBoss } from './boss';
import { startDeliveryDispatcher } from './delivery-dispatcher';

// A slow receiver beside a healthy one is a case of the fault suite: lib/faults/slow-receiver.test.ts.
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

  it.skipIf(skip)('sends an event as soon as its transaction commits, without waiting for a tick', async () => {
    const fast = await startCountingReceiver();
    const { owner } = await accountWithOwner(database.db);
    await addDestination({ ctx: owner, input: { kind: 'webhook', url: fast.url } });
    const dispatcher = await startDeliveryDispatcher(database, boss, { tickMs: 600_000 }); // no tick in this test
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // past the first cycle
      const committed = Date.now();
      await emitEvent(owner, { type: 'activity', body: { n: 1 } });
      expect(await waitFor(() => fast.receipts.length === 1, 5_000, 10)).toBe(true);
      console.log({ engine, commitToReceiptMs: Date.now() - committed });
    } finally {
      await dispatcher.stop();
      await fast.close();
    }
  });
});
