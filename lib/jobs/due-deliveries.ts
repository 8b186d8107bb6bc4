import { and, inArray, lte } from 'drizzle-orm';
import { deliveries } from '@/db/schema';
import type { Db } from '@/db/client';

/** Deliveries waiting for an attempt whose time has come, oldest first. */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(inArray(deliveries.status, ['pending', 'retrying']), lte(deliveries.nextAttemptAt, now)))
    .orderBy(deliveries.nextAttemptAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
