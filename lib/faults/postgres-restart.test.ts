import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { withTransaction } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { startCountingReceiver } from '../testing/counting-receiver';
import { countDeliveries, reportFaultCase, secondsToRecover, sized, waitFor, within } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import { type PrivatePostgres, postgresBinDir, startPrivatePostgres } from '../testing/private-postgres';
import { createTestDatabase } from '../testing/test-database';
import { workerProcesses } from '../testing/worker-process';

// PostgreSQL stopped under a running worker while events flow, then started again: the worker
// reconnects and every event arrives. On a server of the test's own: the machine's is shared.
const binDir = postgresBinDir();
if (!binDir) console.warn('No PostgreSQL server binary under /usr/lib/postgresql: the restart cases are skipped.');
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
const workers = workerProcesses();
let server: PrivatePostgres;
beforeAll(async () => {
  if (binDir) server = await startPrivatePostgres(binDir);
});
afterAll(async () => {
  await workers.stopAll();
  await server?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binDir)('fault: PostgreSQL restarted mid-run', () => {
  it.each([
    ['fast', 'PostgreSQL restarted (fast shutdown) mid-run'],
    ['crash', 'PostgreSQL crashed (SIGKILL) and restarted mid-run'],
  ] as const)(
    '%s: the worker reconnects and delivers every event',
    async (how, name) => {
      const perSecond = sized(100, 200);
      const runMs = sized(6_000, 20_000);
      const stopAtMs = sized(2_000, 6_000);
      const downMs = sized(2_000, 8_000);
      const database = await createTestDatabase('postgres', server.url);
      const receiver = await startCountingReceiver({ delayMs: 5 });
      try {
        const { owner } = await accountWithOwner(database.db);
        const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
        // Restarted mid-run, not mid-start. Every step is bounded, so that a stuck one names itself.
        const worker = await within('the worker starting', 60_000, workers.spawnStarted(database.url ?? ''));

        // The producer commits a batch every 50 ms; a batch that fails while the server is down is lost
        // before it was ever committed (the caller sees the error), so only committed events count.
        let producing = true;
        let refused = 0;
        const producer = (async () => {
          for (let n = 0; producing; n++) {
            try {
              await withTransaction(owner, async (tx) => {
                for (let i = 0; i < perSecond / 20; i++) await emitEvent(tx, { type: 'activity', body: { n, i } });
              });
            } catch {
              refused += 1;
            }
            await sleep(50);
          }
        })();
        const started = Date.now();
        const delivering = await waitFor(() => receiver.unique() > 0, 30_000); // the worker is up and delivering
        expect(delivering, 'the worker delivered before the restart').toBe(true);
        await sleep(Math.max(0, stopAtMs - (Date.now() - started)));
        const beforeStop = receiver.unique();
        await within(`PostgreSQL stopping (${how})`, 30_000, server.stop(how));
        await sleep(downMs);
        await within('PostgreSQL starting again', 60_000, server.start());
        const upAt = Date.now();
        await sleep(Math.max(0, runMs - (Date.now() - started)));
        producing = false;
        await within('the producer finishing its batch', 30_000, producer);

        const undelivered = () =>
          database.db.$count(
            deliveries,
            and(eq(deliveries.accountId, owner.account.id), ne(deliveries.status, 'delivered')),
          );
        // A batch whose commit the restart cut waits out its claim (80 s) and pg-boss's expiry: 150 s covers both.
        const drained = await waitFor(async () => (await undelivered()) === 0, 150_000, 250);
        const routes = [{ destinationId: destination.id, receiver }];
        const counts = await countDeliveries(database.db, routes);
        const recoverySeconds = await secondsToRecover(database.db, routes, upAt);
        const firstAfter = receiver.receipts.find((r) => r.receivedAt > upAt)?.receivedAt;
        const backToWork = firstAfter === undefined ? '–' : Math.round((firstAfter - upAt) / 100) / 10;
        reportFaultCase({
          case: name,
          ...counts,
          recoverySeconds,
          notes:
            `${perSecond} events/s; down ${downMs / 1000} s after ${beforeStop} had arrived; ${refused} producer batches ` +
            `refused while down; the worker delivered again ${backToWork} s after the server was back`,
        });
        expect(worker.exitCode).toBeNull(); // the worker survived the outage
        const left = await undelivered();
        expect(drained, `every delivery settled within 150 s of the restart (${left} had not)`).toBe(true);
        expect(counts.produced).toBeGreaterThan(beforeStop);
        expect(counts.lost).toBe(0);
      } finally {
        await receiver.close();
        await workers.stopAll();
        await within('closing the test database', 30_000, database.destroy()); // a leaked connection would hang it
      }
    },
    360_000, // each step has a bound of its own (above); this one only catches what they miss
  );
});
