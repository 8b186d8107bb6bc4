import { and, inArray, lte, sql } from 'drizzle-orm';
import { deliveries } from '@/db/schema';
import type { Db } from '@/db/client';

/**
 * Deliveries waiting for an attempt whose time has come and that no `deliver` job holds yet,
 * oldest first. A second job beside an active one would make pg-boss refuse whole batch fetches.
 */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        inArray(deliveries.status, ['pending', 'retrying']),
        lte(deliveries.nextAttemptAt, now),
        sql`not exists (select 1 from pgboss.job j where j.name = 'deliver' and j.singleton_key = ${deliveries.id}::text and j.state in ('created', 'retry', 'active'))`,
      ),
    )
    .orderBy(deliveries.nextAttemptAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
