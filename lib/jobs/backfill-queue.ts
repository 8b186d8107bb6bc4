import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { claimDueParts } from '../backfills/due-parts';
import { runBackfillPart } from '../backfills/run-part';
import { log } from '../log';

/** One user-month of a backfill or of a REST request's history (see lib/backfills/run-part.ts). */
export const backfillQueue = 'backfill-part';

/** Parts running at once across all workers: each one waits for the shared CardioMood budget anyway. */
const maxInFlight = 4;
const tickMs = 1_000;

/** Creates the queue (once; concurrent workers may race to it). */
export async function createBackfillQueue(boss: PgBoss): Promise<void> {
  if (await boss.getQueue(backfillQueue)) return;
  try {
    // The part row holds the state and the retries; a job only runs it once.
    await boss.createQueue(backfillQueue, {
      name: backfillQueue,
      policy: 'stately',
      retryLimit: 0,
      expireInSeconds: 3600,
    });
  } catch (error) {
    if (!(await boss.getQueue(backfillQueue))) throw error;
  }
}

/**
 * Runs backfill parts on this worker (`concurrency` at once) and, every second, queues the parts
 * that are due. Call after `createBackfillQueue`; `stop()` ends the ticks (pg-boss stops the jobs).
 */
export async function registerBackfillWorker(
  boss: PgBoss,
  database: Database,
  options: { concurrency?: number } = {},
): Promise<{ stop(): void }> {
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work<{ partId: string }>(backfillQueue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (!job) return;
      const started = performance.now();
      const status = await runBackfillPart(database.db, job.data.partId);
      log.info(
        { job: job.id, part: job.data.partId, status, ms: Math.round(performance.now() - started) },
        'backfill part',
      );
    });
  }
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const due = await claimDueParts(database.db, new Date(), maxInFlight);
      if (due.length) {
        await boss.insert(due.map((partId) => ({ name: backfillQueue, data: { partId }, singletonKey: partId })));
      }
    } catch (error) {
      log.error({ err: error }, 'backfill tick failed');
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  void tick();
  return { stop: () => clearInterval(timer) };
}
