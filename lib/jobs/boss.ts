import PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { log } from '../log';

export const queues = {
  /** Every 15 s: enqueue one sync job per connection that is due. */
  schedulePolls: 'schedule-polls',
  /** One poll of one connection; at most one queued and one active per connection (`stately`). */
  syncConnection: 'sync-connection',
} as const;

/** pg-boss on the process's database (PGlite or PostgreSQL), in its own `pgboss` schema. */
export async function startBoss(database: Database): Promise<PgBoss> {
  const boss = new PgBoss({ db: { executeSql: database.executeSql }, schema: 'pgboss' });
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await boss.createQueue(queues.schedulePolls, { name: queues.schedulePolls, policy: 'short', retryLimit: 0 });
  await boss.createQueue(queues.syncConnection, {
    name: queues.syncConnection,
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 600,
  });
  return boss;
}
