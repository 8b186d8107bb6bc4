import { and, eq } from 'drizzle-orm';
import { backfills } from '@/db/schema';
import type { Database } from '@/db/client';
import { startBoss } from '../jobs/boss';
import { createBackfillQueue, registerBackfillWorker } from '../jobs/backfill-queue';

/** pg-boss with only the backfill worker registered, as lib/jobs/worker.ts will run it. */
export async function startBackfillWorker(database: Database) {
  const boss = await startBoss(database);
  await createBackfillQueue(boss);
  const worker = await registerBackfillWorker(boss, database);
  return {
    boss,
    async stop() {
      worker.stop();
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}

/** Waits until the backfill leaves queued/running (or `timeoutMs` passes) and returns it. */
export async function waitForBackfill(database: Database, backfillId: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const [row] = await database.db
      .select()
      .from(backfills)
      .where(and(eq(backfills.id, backfillId)));
    if (!row) throw new Error(`no backfill ${backfillId}`);
    if (!['queued', 'running'].includes(row.status) || Date.now() - started > timeoutMs) return row;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
