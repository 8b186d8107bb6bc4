import type { ChildProcess } from 'node:child_process';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { deliveries, events } from '@/db/schema';
import { withTransaction } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { startCountingReceiver } from '../testing/counting-receiver';
import { countDeliveries, reportFaultCase, secondsSince, sized, waitFor } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { workerProcesses } from '../testing/worker-process';

// A worker killed with SIGKILL in the middle of a batch: after a restart every event arrives at
// least once, and only the attempts in flight at the kill arrive twice.
const postgres = Boolean(process.env.TEST_DATABASE_URL);
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
const workers = workerProcesses();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await workers.stopAll();
  for (const cleanup of cleanups) await cleanup();
});

describe.skipIf(!postgres)('fault: a worker killed with SIGKILL mid-batch', () => {
  it('loses no event after a restart and repeats only the attempts in flight', async () => {
    const produced = sized(300, 2000);
    const database = await createTestDatabase('postgres');
    let first: ChildProcess | null = null;
    let killedAt = 0;
    // Killed from the receiver the moment 30 % have arrived: the worker has a full batch in flight then.
    const receiver = await startCountingReceiver({
      delayMs: 3,
      onReceipt: () => {
        if (!killedAt && receiver.unique() >= produced * 0.3) {
          killedAt = Date.now();
          first?.kill('SIGKILL');
        }
      },
    });
    cleanups.push(
      () => receiver.close(),
      () => database.destroy(),
    );
    const url = database.url ?? '';
    const { owner } = await accountWithOwner(database.db);
    const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
    for (let i = 0; i < produced; i += 200) {
      await withTransaction(owner, async (tx) => {
        for (let n = i; n < Math.min(produced, i + 200); n++) {
          await emitEvent(tx, { type: 'activity', body: { type: 'activity', n } });
        }
      });
    }

    first = workers.spawn(url);
    await new Promise((resolve) => first?.once('exit', resolve));
    expect(killedAt).toBeGreaterThan(0);

    // In flight at the kill: received by the receiver, not yet recorded as delivered.
    const receivedBeforeKill = new Set(receiver.receipts.map((r) => r.id));
    const undelivered = await database.db
      .select({ traceId: events.traceId, queuedUntil: deliveries.queuedUntil })
      .from(deliveries)
      .innerJoin(events, eq(events.id, deliveries.eventId))
      .where(ne(deliveries.status, 'delivered'));
    const inFlight = undelivered.filter((row) => receivedBeforeKill.has(row.traceId)).length;
    // Claimed by the killed worker (in flight, waiting in its lanes or queued): back when the claim lapses.
    const claimed = undelivered.filter((row) => (row.queuedUntil?.getTime() ?? 0) > Date.now()).length;

    workers.spawn(url);
    const remaining = () =>
      database.db.$count(
        deliveries,
        and(eq(deliveries.accountId, owner.account.id), ne(deliveries.status, 'delivered')),
      );
    // The deliveries the killed worker held come back only when their claim lapses (80 s, lib/jobs/due-deliveries.ts).
    let allButClaimed: number | null = null;
    const recovered = await waitFor(
      async () => {
        const left = await remaining();
        if (allButClaimed === null && left <= claimed) allButClaimed = secondsSince(killedAt);
        return left === 0;
      },
      280_000,
      500,
    );
    const recoverySeconds = secondsSince(killedAt);
    const counts = await countDeliveries(database.db, [{ destinationId: destination.id, receiver }]);
    reportFaultCase({
      case: 'worker killed (SIGKILL) mid-batch',
      ...counts,
      recoverySeconds,
      notes:
        `killed at ${Math.round((receivedBeforeKill.size / produced) * 100)} %: ${claimed} claimed by the killed worker, ` +
        `${inFlight} of them in flight (sent twice), came back when the claim lapsed; ` +
        `the other ${undelivered.length - claimed} undelivered arrived within ${allButClaimed} s of the kill`,
    });
    expect(recovered).toBe(true);
    expect(counts.produced).toBe(produced);
    expect(counts.lost).toBe(0);
    expect(counts.duplicated).toBeLessThanOrEqual(inFlight);
  }, 330_000);
});
