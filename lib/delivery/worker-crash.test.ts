import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { deliveries, events } from '@/db/schema';
import { startReceiver } from '@/bench/delivery-receiver';
import { withTransaction } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';

// A worker killed with SIGKILL in the middle of thousands of deliveries: after a restart every
// event arrives at least once, and only the attempts in flight at the kill arrive twice.
const postgres = Boolean(process.env.TEST_DATABASE_URL);
const root = path.resolve(import.meta.dirname, '../..');
const allowPrivate = '127.0.0.1/32';
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = allowPrivate;

const workers: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 100) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(stepMs);
  }
  return true;
}

function spawnWorker(databaseUrl: string): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS: allowPrivate,
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  workers.push(worker);
  return worker;
}

describe.skipIf(!postgres)('a worker killed with SIGKILL mid-batch', () => {
  it('loses no event after a restart and repeats only the attempts in flight', async () => {
    const produced = 2000;
    const database = await createTestDatabase('postgres');
    const receiver = await startReceiver({ delayMs: 3 });
    cleanups.push(
      () => receiver.close(),
      () => database.destroy(),
    );
    const url = database.url ?? '';
    const { owner } = await accountWithOwner(database.db);
    await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
    for (let i = 0; i < produced; i += 200) {
      await withTransaction(owner, async (tx) => {
        for (let n = i; n < Math.min(produced, i + 200); n++) {
          await emitEvent(tx, { type: 'activity', body: { type: 'activity', n } });
        }
      });
    }

    const first = spawnWorker(url);
    const reachedKillPoint = await waitFor(() => receiver.unique() >= produced * 0.3, 60_000, 5);
    expect(reachedKillPoint).toBe(true);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const killedAt = Date.now();

    // In flight at the kill: received by the receiver, not yet recorded as delivered.
    const receivedBeforeKill = new Set(receiver.receipts.map((r) => r.id));
    const undelivered = await database.db
      .select({ traceId: events.traceId })
      .from(deliveries)
      .innerJoin(events, eq(events.id, deliveries.eventId))
      .where(ne(deliveries.status, 'delivered'));
    const inFlight = undelivered.filter((row) => receivedBeforeKill.has(row.traceId)).length;

    spawnWorker(url);
    const remaining = async () =>
      await database.db.$count(
        deliveries,
        and(eq(deliveries.accountId, owner.account.id), ne(deliveries.status, 'delivered')),
      );
    // The jobs the killed worker held come back only when pg-boss expires them (see the report).
    let restSeconds: number | null = null;
    const recovered = await waitFor(
      async () => {
        const left = await remaining();
        if (restSeconds === null && left <= inFlight) restSeconds = (Date.now() - killedAt) / 1000;
        return left === 0;
      },
      280_000,
      500,
    );
    const recoverySeconds = (Date.now() - killedAt) / 1000;

    const traceIds = (await database.db.select({ traceId: events.traceId }).from(events)).map((r) => r.traceId);
    const received = new Set(receiver.receipts.map((r) => r.id));
    const lost = traceIds.filter((id) => !received.has(id)).length;
    const duplicates = receiver.receipts.length - received.size;
    console.log({
      produced,
      delivered: received.size,
      requests: receiver.receipts.length,
      inFlightAtKill: inFlight,
      duplicates,
      lost,
      secondsUntilAllButInFlight: restSeconds,
      secondsToRecover: recoverySeconds,
    });
    expect(recovered).toBe(true);
    expect(traceIds).toHaveLength(produced);
    expect(lost).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
  }, 330_000);
});
