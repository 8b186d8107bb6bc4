import PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { log } from '../log';

/** Where pg-boss keeps its tables, beside ours. */
export const bossSchema = 'pgboss';

export const queues = {
  /** Every 15 s: enqueue one sync job per connection that is due. */
  schedulePolls: 'schedule-polls',
  /** One poll of one connection; at most one queued and one active per connection (`stately`). */
  syncConnection: 'sync-connection',
  /**
   * One attempt each for a batch of due deliveries to one destination (claimed in the outbox first);
   * the delivery rows decide retries, so pg-boss does not retry.
   */
  deliveries: 'deliveries',
} as const;

/** pg-boss on the process's database (PGlite or PostgreSQL), in its own `pgboss` schema. */
export async function startBoss(database: Database): Promise<PgBoss> {
  // Maintenance every 30 s: jobs of a worker that died expire and are retried sooner.
  const boss = new PgBoss({
    db: { executeSql: database.executeSql },
    schema: bossSchema,
    maintenanceIntervalSeconds: 30,
  });
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  await retryRaces(() => boss.start());
  await ensureQueue(boss, queues.schedulePolls, { policy: 'short', retryLimit: 0 });
  await ensureQueue(boss, queues.syncConnection, {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 600,
  });
  // A job lives at most two rounds of the slowest attempts (30 s); its deliveries' claim outlasts it.
  await ensureQueue(boss, queues.deliveries, { policy: 'standard', retryLimit: 0, expireInSeconds: 75 });
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>): Promise<void> {
  await retryRaces(async () => {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
  });
}

/**
 * Workers starting together race to create pg-boss's schema and queues: the loser of a race
 * (a duplicate, an "already exists" or a deadlock) waits a little and tries again.
 */
async function retryRaces(step: () => Promise<unknown>, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      return;
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      const race = code === '40P01' || code === '23505' || /already exists|duplicate key|deadlock/.test(message);
      if (!race || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}
