import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { closeQueueConnections } from '../delivery/senders/queues';
import { closeSqlPools } from '../delivery/senders/sql';
import { purgeDeauthEvents } from '../data-rights/purge-deauth-events';
import { forgetOldMinutes } from '../ingest/rate-budget';
import { syncConnection } from '../ingest/sync-connection';
import { log } from '../log';
import { createBackfillQueue, registerBackfillWorker } from './backfill-queue';
import { queues, startBoss } from './boss';
import { startDeliveryDispatcher } from './delivery-dispatcher';
import { duePolls } from './due-polls';
import { channels } from './wake';

const tickMs = 15_000;
const pollsPerTick = 200;

/**
 * The background worker: a scheduler tick that enqueues due polls, the sync jobs themselves, the
 * delivery dispatcher and the backfill parts.
 * Runs inside the web process on the embedded database; `npm run worker` starts more on PostgreSQL.
 */
export async function startWorker(database: Database, options: { concurrency?: number } = {}) {
  const boss = await startBoss(database);
  const handle = async ([job]: PgBoss.Job<{ connectionId: string }>[]) => {
    if (!job) return;
    const started = performance.now();
    const outcome = await syncConnection(database.db, job.data.connectionId);
    log.info(
      { job: job.id, connection: job.data.connectionId, ...outcome, ms: Math.round(performance.now() - started) },
      'sync',
    );
  };
  // pg-boss runs one job at a time per registration: register several for concurrency.
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work(queues.syncConnection, { batchSize: 1, pollingIntervalSeconds: 2 }, handle);
  }
  const dispatcher = await startDeliveryDispatcher(database, boss);
  await createBackfillQueue(boss);
  const backfills = await registerBackfillWorker(boss, database);
  const tick = () =>
    enqueueDuePolls(database, boss).catch((error) => log.error({ err: error }, 'scheduler tick failed'));
  // Deauth events the delivery path could not purge: undelivered for 30 days, or settled by two recorders at once.
  const forget = () =>
    Promise.all([forgetOldMinutes(database.db), purgeDeauthEvents(database.db)]).catch((error) =>
      log.error({ err: error }, 'cleanup failed'),
    );
  const timers = [setInterval(tick, tickMs), setInterval(forget, 3_600_000)];
  const unlisten = await database.listen(channels.polls, () => void tick()); // "Resync now" needs no wait
  void tick();
  return {
    boss,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await unlisten();
      backfills.stop();
      await dispatcher.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await Promise.all([closeSqlPools(), closeQueueConnections()]);
    },
  };
}

/** One scheduler tick: a sync job per due connection (a connection already queued is not queued twice). */
export async function enqueueDuePolls(database: Database, boss: PgBoss, now = new Date()): Promise<number> {
  const due = await duePolls(database.db, now, pollsPerTick);
  for (const connectionId of due) {
    await boss.send(queues.syncConnection, { connectionId }, { singletonKey: connectionId });
  }
  return due.length;
}
